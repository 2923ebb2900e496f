"""Small display helpers shared by the boards: escaping, Markdown, styles, option lists, tooltips.

Colours come from kit.charts.palette, the one palette of every view."""

from __future__ import annotations

from html import escape

import mistune

from ..case.taxonomy import Dimension

UNSET = ""
# Text that is on screen for assistive technology only (the claim ID in each control's name).
SR_ONLY = ("position:absolute;width:1px;height:1px;padding:0;margin:-1px;overflow:hidden;"
           "clip:rect(0,0,0,0);white-space:nowrap;border:0")
# Secondary text in JupyterLab's own colours, so it keeps its contrast in the light and dark themes.
MUTED = "color:var(--jp-content-font-color2, #555)"
# A link looks like one in both themes (JupyterLab leaves links in widget HTML unstyled).
LINK = "color:var(--jp-content-link-color, #1976d2);text-decoration:underline"

# Reasons and definitions are written in Markdown (`code`, *emphasis*). mistune (already installed
# with nbconvert; maintained, fast) renders them; escape=True turns any raw HTML in case data into text.
_markdown = mistune.create_markdown(escape=True, plugins=["strikethrough"])  # a Dropdown's value for "not tagged yet"


def options(dimension: Dimension, blank: str = "— choose —") -> list[tuple[str, str]]:
    return [(blank, UNSET), *((name, name) for name in dimension.values)]


def tooltip(dimension: Dimension) -> str:
    """The dimension's question and every value's one-line definition (shown on hover)."""
    lines = [dimension.question, *(f"{v.name}: {v.definition}" for v in dimension.values.values())]
    return "\n".join(line for line in lines if line)


def definitions_html(dimension: Dimension) -> str:
    """Tag help: every value's definition, with an example quoted from the case's own reference where it has one."""
    rows = "".join(f"<li><code>{escape(v.name)}</code> — {md_inline(v.definition)}"
                   + (f" <i>e.g. {md_inline(v.example)}</i>" if v.example else "") + "</li>"
                   for v in dimension.values.values())
    return (f"<p><b>{escape(dimension.title)}</b> (<code>{escape(dimension.name)}</code>): "
            f"{md_inline(dimension.question)}</p><ul>{rows}</ul>")


def esc(text: object) -> str:
    return escape(str(text), quote=True)


def md_inline(text: object) -> str:
    """One line of Markdown from case data as safe inline HTML (no wrapping paragraph)."""
    html = str(_markdown(str(text or ""))).strip()
    if html.startswith("<p>") and html.endswith("</p>") and html.count("<p>") == 1:
        html = html[3:-4]
    return html
