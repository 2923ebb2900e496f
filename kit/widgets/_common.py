"""Small display helpers shared by the boards: escaping, colours, option lists, tooltips."""

from __future__ import annotations

from html import escape

from ..taxonomy import Dimension

# Light, distinguishable backgrounds (ColorBrewer Set3) so black text stays readable on every one.
PALETTE = ["#8dd3c7", "#ffffb3", "#bebada", "#fb8072", "#80b1d3", "#fdb462", "#b3de69",
           "#fccde5", "#d9d9d9", "#bc80bd", "#ccebc5", "#ffed6f"]
UNSET = ""  # a Dropdown's value for "not tagged yet"


def colours(dimension: Dimension) -> dict[str, str]:
    return {name: PALETTE[i % len(PALETTE)] for i, name in enumerate(dimension.values)}


def options(dimension: Dimension, blank: str = "— choose —") -> list[tuple[str, str]]:
    return [(blank, UNSET), *((name, name) for name in dimension.values)]


def tooltip(dimension: Dimension) -> str:
    """The dimension's question and every value's one-line definition (shown on hover)."""
    lines = [dimension.question, *(f"{v.name}: {v.definition}" for v in dimension.values.values())]
    return "\n".join(line for line in lines if line)


def definitions_html(dimension: Dimension) -> str:
    """Tag help: every value's definition, with an example quoted from the case's own reference where it has one."""
    rows = "".join(f"<li><code>{escape(v.name)}</code> — {escape(v.definition)}"
                   + (f" <i>e.g. {escape(v.example)}</i>" if v.example else "") + "</li>"
                   for v in dimension.values.values())
    return f"<p><b>{escape(dimension.title)}</b> (<code>{escape(dimension.name)}</code>): {escape(dimension.question)}</p><ul>{rows}</ul>"


def esc(text: object) -> str:
    return escape(str(text), quote=True)
