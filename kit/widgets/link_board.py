"""LinkBoard: link a claim to its counterpart(s) in the other readout and choose the match type.

Links are autosaved with the learner's tags (same answers file); Check calls
:func:`kit.judge.scoring.score` and shows its verdict on every link.

CSS classes (stable, for browser tests):

=============================  ====================================================
``rk-link-board``              the whole board (a VBox)
``rk-notice``                  one-line notice (unreadable answers file moved aside)
``rk-link-a``                  Dropdown: a claim of the first side
``rk-link-b``                  Dropdown: a claim of the other side
``rk-link-match``              Dropdown: the match type
``rk-link-preview``            the two selected claims' texts
``rk-link-add``                "Link them" button
``rk-links``                   the list of current links
``rk-link-K01-C05``            one link's row; its remove button is ``rk-link-remove-K01-C05``
``rk-link-check``              Check button
``rk-link-summary``            links found / missed / extra, after Check
``rk-link-feedback``           per-link feedback after Check (``rk-right``/``rk-wrong`` lines)
=============================  ====================================================
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import ipywidgets as w

from ..case.load import Case
from ..judge.scoring import score
from .keyboard import KeyboardGuard
from ._common import esc, tooltip
from ..answers.store import AnswerStore
from .feedback import links_html


def _short(text: str, n: int = 60) -> str:
    return text if len(text) <= n else text[: n - 1] + "…"


class LinkBoard(w.VBox):
    """Draw links between the two readouts; autosaved to ``answers/<learner>.json``."""

    def __init__(self, case: Case | None = None, learner: str | None = None, *,
                 store: AnswerStore | None = None, self_study: bool = True,
                 folder: str | Path | None = None) -> None:
        self.store = store = AnswerStore.for_board(store, case, learner, folder)
        self.case = case = store.case
        self.self_study = self_study
        self._checks = 0
        claims = case.claims
        first, second = case.sides[0], case.sides[1]

        def choices(side_id: str) -> list[tuple[str, str]]:
            part = claims[claims["side"] == side_id]
            return [(f"{cid} — {_short(text)}", str(cid)) for cid, text in part["text"].items()]

        self.notice = w.HTML(esc(store.notice)).add_class("rk-notice")
        self.a = w.Dropdown(options=choices(first.id), description=first.label,
                            layout=w.Layout(width="48%")).add_class("rk-link-a")
        self.b = w.Dropdown(options=choices(second.id), description=second.label,
                            layout=w.Layout(width="48%")).add_class("rk-link-b")
        match = case.taxonomy.link_match
        # The definitions on the name's own title: ipywidgets 8 shows a described Dropdown's tooltip nowhere.
        self.match = w.Dropdown(options=list(match.values), description=f'<span title="{esc(tooltip(match))}">match</span>',
                                description_allow_html=True, tooltip=tooltip(match)).add_class("rk-link-match")
        self.match_help = w.HTML().add_class("rk-link-match-help")
        self.preview = w.HTML().add_class("rk-link-preview")
        # Default style: ipywidgets' "info" blue puts white text at 3.5:1 (under WCAG AA's 4.5:1).
        self.add_button = w.Button(description="Link them", icon="link").add_class("rk-link-add")
        self.links_box = w.VBox().add_class("rk-links")
        self.check_button = w.Button(description="Check links", icon="check",
                                     button_style="primary").add_class("rk-link-check")
        self.summary = w.HTML().add_class("rk-link-summary").add_class("rk-live")  # a live region (keyboard.py)
        self.feedback = w.HTML().add_class("rk-link-feedback")

        for control in (self.a, self.b, self.match):
            control.observe(self._preview, "value")
        self.add_button.on_click(self._add)
        self.check_button.on_click(self.check)
        store.on_change(self._show_links)
        super().__init__([KeyboardGuard(), self.notice, w.HBox([self.a, self.b]), self.preview,
                          w.HBox([self.match, self.add_button]), self.match_help,
                          w.HTML("<b>Your links</b>"), self.links_box,
                          w.HBox([self.check_button, self.summary]), self.feedback])
        self.add_class("rk-link-board")
        self._preview()
        self._show_links()

    def _preview(self, _: Any = None) -> None:
        claims = self.case.claims
        self.preview.value = "".join(
            f"<div><b>{esc(cid)}</b> {esc(claims.at[cid, 'text'])}</div>" for cid in (self.a.value, self.b.value) if cid)
        value = self.case.taxonomy.link_match.values.get(self.match.value)
        self.match_help.value = f"<small><code>{esc(value.name)}</code>: {esc(value.definition)}</small>" if value else ""

    def _add(self, _: Any = None) -> None:
        self.store.add_link(self.a.value, self.b.value, self.match.value)

    def _show_links(self) -> None:
        self.notice.value = esc(self.store.notice)
        rows = []
        for link in self.store.links():
            # "Remove K10–C11", not 12 buttons all named "Remove".
            remove = w.Button(description=f"Remove {link.a}–{link.b}", icon="unlink", layout=w.Layout(width="160px"))
            remove.add_class(f"rk-link-remove-{link.a}-{link.b}")
            remove.on_click(lambda _, a=link.a, b=link.b: self.store.remove_link(a, b))
            label = w.HTML(f"<b>{esc(link.a)}</b> ↔ <b>{esc(link.b)}</b> · <code>{esc(link.match)}</code>",
                           layout=w.Layout(width="260px"))
            rows.append(w.HBox([label, remove]).add_class("rk-link").add_class(f"rk-link-{link.a}-{link.b}"))
        self.links_box.children = rows or [w.HTML("<i>No links yet.</i>")]

    def check(self, _: Any = None) -> Any:
        """Score the current links and show the verdict on each; returns the score."""
        self.store.refresh()  # tags chosen in another notebook count too, as in `kit check`
        result = score(self.case, self.store.answers)
        self._checks += 1
        summary, lines = links_html(result.links, self.self_study, self._checks)
        self.summary.value = summary
        self.feedback.value = lines
        self.score = result
        return result
