"""KeyboardGuard: lets a learner use the boards' dropdowns with the keyboard inside JupyterLab and
Notebook 7, and makes each board's ``rk-live`` result an ARIA live region (role=status).

Why: a focused ``<select>`` in an output is not an editable element to JupyterLab, so the notebook's
command-mode shortcuts stay live while it has focus — ArrowDown moves to the next cell instead of
the next option (and swallows the key), "A" inserts a cell, "D D" deletes one. Lumino skips every
shortcut for keys pressed on an element marked ``data-lm-suppress-shortcuts`` (as JupyterLab's own
shortcut editor does), so this invisible widget marks every control in the output that holds its
board, including controls added later.

anywidget (a maintained, prebuilt front end for small widgets: no build step, no extension of our
own) carries the few lines of JavaScript. Outside a JupyterLab-style notebook (Voilà, VS Code) the
mark is harmless. Keys a learner presses on a board's controls then do what the control does; Tab
and Shift+Tab leave the board as usual.
"""

from __future__ import annotations

import anywidget
import ipywidgets as w

_ESM = """
const CONTROLS = 'select, button, input, textarea, a[href], [tabindex]';
function guard(area) {
  // Lumino tests each shortcut's selector from the focused element upwards and stops at the first
  // element carrying the attribute; the notebook's selectors end in ':focus', so it must be on the
  // focused control itself.
  const mark = () => {
    area.querySelectorAll(CONTROLS).forEach(
      c => c.hasAttribute('data-lm-suppress-shortcuts') || c.setAttribute('data-lm-suppress-shortcuts', 'true'));
    // A live region must exist before its text changes to be announced, so it is the widget's own
    // element (kept across updates), never markup inside the value (replaced on every update).
    area.querySelectorAll('.rk-live:not([role])').forEach(el => {
      el.setAttribute('role', 'status');
      el.setAttribute('aria-live', 'polite');
    });
  };
  mark();
  new MutationObserver(mark).observe(area, { childList: true, subtree: true });  // cards, links added later
}
function find(el, tries) {
  const area = el.closest('.jp-OutputArea-output');
  if (area) guard(area);
  else if (tries > 0) setTimeout(() => find(el, tries - 1), 100);  // not attached to the page yet
}
export default { render({ el }) { find(el, 50); } };
"""


class KeyboardGuard(anywidget.AnyWidget):
    """Invisible; put one in a board's children."""

    _esm = _ESM

    def __init__(self) -> None:
        super().__init__(layout=w.Layout(width="0px", height="0px", overflow="hidden"))
        self.add_class("rk-keyboard-guard")
