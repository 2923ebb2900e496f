"""ReadoutView: the two readouts side by side, section by section, each claim marked with its ID.

Optionally coloured by a dimension, from the learner's tags or from the reference answer: in the
charts' colour-blind-safe palette (kit.charts.palette), with the value also written beside the
claim's ID (colour is never the only cue) and black or white text, whichever reads on the colour.
All text is HTML-escaped.

CSS classes (stable, for browser tests):

=========================  ========================================================
``rk-readout-view``        the whole view (a VBox)
``rk-colour-by``           Dropdown: no colour / a dimension
``rk-colour-source``       ToggleButtons: "my tags" / "reference" (only with answers)
``rk-readouts``            the HBox holding the two panes
``rk-readout-<side>``      one side's pane, e.g. ``rk-readout-north``
``rk-legend``              the colour legend
(inside the HTML)          ``span.rk-claim[data-claim=K01]``, ``b.rk-claim-id``
=========================  ========================================================
"""

from __future__ import annotations

from typing import Any

import ipywidgets as w

from ..answers.parse import Answers
from ..case.load import Case
from ..charts import palette as charts_palette
from ..answers.store import AnswerStore
from ._common import esc
from .keyboard import KeyboardGuard

NONE = ""
MINE, REFERENCE = "mine", "reference"


class ReadoutView(w.VBox):
    """Both readouts side by side; ``colour_by`` a dimension, ``source`` "mine" or "reference"."""

    def __init__(self, case: Case | None = None, *, answers: Answers | AnswerStore | None = None,
                 colour_by: str | None = None, source: str = REFERENCE) -> None:
        if case is None:
            case = answers.case if isinstance(answers, AnswerStore) else None
        if case is None:
            from ..case.load import load_case

            case = load_case()
        self.case = case
        self._answers = answers
        self.colour_by = w.Dropdown(options=[("no colour", NONE), *((d, d) for d in case.dimensions)],
                                    value=colour_by or NONE, description="Colour by").add_class("rk-colour-by")
        choices = [("my tags", MINE), ("reference", REFERENCE)] if answers is not None else [("reference", REFERENCE)]
        self.source = w.ToggleButtons(options=choices, value=source if answers is not None else REFERENCE,
                                      style={"button_width": "90px"}).add_class("rk-colour-source")
        self.panes = {s.id: w.HTML(layout=w.Layout(width="50%", padding="0 8px")).add_class(f"rk-readout-{s.id}")
                      for s in case.sides}
        self.legend = w.HTML().add_class("rk-legend")
        self.colour_by.observe(self.refresh, "value")
        self.source.observe(self.refresh, "value")
        controls = w.HBox([self.colour_by, self.source] if answers is not None else [self.colour_by])
        readouts = w.HBox(list(self.panes.values()), layout=w.Layout(width="100%")).add_class("rk-readouts")
        super().__init__([KeyboardGuard(), controls, self.legend, readouts])
        self.add_class("rk-readout-view")
        if isinstance(answers, AnswerStore):  # follow the learner's tags as they change
            answers.on_change(lambda: self.refresh() if self.source.value == MINE and self.colour_by.value else None)
        self.refresh()

    def _values(self, dimension: str) -> dict[str, str]:
        if self.source.value == MINE and self._answers is not None:
            answers = self._answers.answers if isinstance(self._answers, AnswerStore) else self._answers
            return {cid: dims[dimension] for cid, dims in answers.tags.items() if dimension in dims}
        ref = self.case.reference
        ref = ref[ref["dimension"] == dimension]
        return dict(zip(ref["claim_id"], ref["value"]))

    def refresh(self, _: Any = None) -> None:
        """Redraw both panes (call it after the learner changes tags elsewhere)."""
        dim = self.colour_by.value
        values = self._values(dim) if dim else {}
        palette = ({v: charts_palette.value_colour(self.case, dim, v) for v in self.case.values(dim)}
                   if dim else {})
        for side in self.case.sides:
            self.panes[side.id].value = self._pane(side.id, values, palette)
        if dim:
            used = [v for v in palette if v in set(values.values())]
            chips = " ".join(f'<span style="{_chip(palette[v])};padding:1px 6px;border-radius:3px">{esc(v)}</span>'
                             for v in used)
            self.legend.value = f"<small>{esc(dim)}: {chips or 'nothing tagged yet'}</small>"
        else:
            self.legend.value = ""

    def _pane(self, side_id: str, values: dict[str, str], palette: dict[str, str]) -> str:
        claims = self.case.claims[self.case.claims["side"] == side_id]
        parts = [f"<h3>{esc(self.case.side_label(side_id))}</h3>"]
        for section, group in claims.groupby("section", sort=False):
            spans = []
            for cid, claim in group.iterrows():
                value = values.get(cid)
                style = f' style="{_chip(palette[value])}"' if value in palette else ""
                title = f' title="{esc(value)}"' if value else ""
                shown = f' · <span class="rk-claim-value">{esc(value)}</span>' if value in palette else ""
                spans.append(f'<span class="rk-claim" data-claim="{esc(cid)}"{style}{title}>'
                             f'<b class="rk-claim-id">[{esc(cid)}{shown}]</b> {esc(claim["text"])}</span>')
            parts.append(f"<p><b>{esc(section)}</b><br>{' '.join(spans)}</p>")
        return "".join(parts)


def _chip(colour: str) -> str:
    return f"background:{colour};color:{charts_palette.text_on(colour)}"
