"""The class debrief: how a class tagged a case, as numbers (pure) and as one self-contained HTML page.

Numbers, from the learners' scores:
    agreement among learners per dimension — Krippendorff's alpha, nominal, from the maintained
    ``krippendorff`` package (learners are the coders, claims the units; an untagged claim is a
    missing value; raw values, so a learner's accepted alternative is a different value from the
    reference's) — the hardest claim-dimensions (share of learners right), the most-confused value
    pairs (reference value → value given), and the spread of overall scores.

The numbers are computed in :mod:`kit.judge.agreement` (below the charts, which draw them); this module
renders the page. The charts come from :mod:`kit.charts` (the same palette as the lessons'). The page embeds plotly.js
once, inline, so it works offline from a USB stick or a projector laptop.
The page is rendered from ``templates/class_report.html`` with autoescaping (:mod:`kit.report.page`),
so every learner-supplied string (names, file paths, error lines) is text; the charts carry no
learner names at all.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

# The numbers live below the charts (kit.judge.agreement); re-exported here, where they used to be.
from ..judge.agreement import ClassSummary, Confusion, Hard, krippendorff_alpha, summarise
from ..io.atomic import atomic_write
from ..case.load import Case
from ..errors import KitError, problem
from ..judge.grading import Batch
from ..case.labels import dimension_label, match_label, value_label
from .page import render

__all__ = ["ClassSummary", "Confusion", "Hard", "krippendorff_alpha", "render_html", "summarise", "write_report"]

if TYPE_CHECKING:
    from plotly.graph_objects import Figure


def _charts(case: Case, summary: ClassSummary) -> list[tuple[str, Figure]]:
    from .. import charts

    return [("spread", charts.score_spread_chart(summary)), ("agreement", charts.agreement_chart(case, summary)),
            ("claims", charts.difficulty_chart(case, summary)),
            *((f"confusion-{d}", _readable_heatmap(case, charts.class_confusion_chart(case, summary, d), d))
              for d in case.dimensions)]


def _readable_heatmap(case: Case, fig: Figure, dimension: str) -> Figure:
    """The class confusion chart with human labels on both axes, and without its "(untagged)" row
    when no learner left a claim untagged (a row of zeros says nothing)."""
    from ..charts.tables import UNTAGGED

    for trace in fig.data:
        rows, z = list(trace.y), [list(r) for r in trace.z]
        if UNTAGGED in rows and not any(z[rows.index(UNTAGGED)]):
            z.pop(rows.index(UNTAGGED))
            rows.remove(UNTAGGED)
            fig.update_layout(height=fig.layout.height - 34 if fig.layout.height else None)
        trace.update(z=z, y=[v if v == UNTAGGED else value_label(case, dimension, v) for v in rows],
                     x=[value_label(case, dimension, v) for v in trace.x])
    return fig


def _pct(x: float | None) -> str:
    return "—" if x is None else f"{100 * x:.0f}%"


def _num(x: float | None) -> str:
    return "—" if x is None else f"{x:.2f}"


def render_html(case: Case, summary: ClassSummary, batch: Batch | None = None) -> str:
    """The debrief as one self-contained HTML page (plotly.js inline, once), from ``templates/class_report.html``."""
    import plotly.io as pio
    from markupsafe import Markup
    from plotly.offline import get_plotlyjs

    charts = [(name, Markup(pio.to_html(fig, full_html=False, include_plotlyjs=False, div_id=f"chart-{name}",
                                        config={"displaylogo": False, "responsive": True})))
              for name, fig in _charts(case, summary)]
    required = case.key.required  # (first side's claim, other's) -> the reference's match and reason
    links = [_LinkRow(a, b, count, count / summary.learners if summary.learners else None,
                      required[(a, b)].value, required[(a, b)].rationale)
             for (a, b), count in sorted(summary.links_found.items(), key=lambda kv: (kv[1], kv[0]))]
    types = list(case.taxonomy.link_match.values)
    given = [t for t in types if any(summary.match_counts.get((x, t)) for x in types)]
    expected = [t for t in types if any(summary.match_counts.get((t, g)) for g in types)]
    learners = []
    if batch is not None:
        for g in sorted(batch.graded, key=lambda g: (-g.overall, g.learner)):
            found = batch.handins.get(g.learner)
            learners.append(_LearnerRow(g.learner, g.overall, list(g.accuracy), g.links_f1, g.match_accuracy,
                                        [batch.exercises.get(g.learner, {}).get(x) for x in batch.exercise_ids],
                                        bool(found is not None and found.late), str(g.path)))
    return render(
        "class_report.html", case=case, summary=summary, spread=summary.spread(), charts=charts,
        first_confusion=f"confusion-{case.dimensions[0]}", texts=dict(zip(case.claims.index, case.claims["text"])),
        links=links, match_given=given,
        match_rows=[(x, [summary.match_counts.get((x, g), 0) for g in given]) for x in expected] if summary.match_counts else [],
        batch=batch, exercise_ids=batch.exercise_ids if batch is not None else [],
        late=batch is not None and any(f.late is not None for f in batch.handins.values()), learners=learners,
        plotlyjs=Markup(get_plotlyjs()), pct=_pct, num=_num, dim=dimension_label, match=match_label,
        val=lambda d, v: value_label(case, d, v))


@dataclass(frozen=True)
class _LinkRow:
    a: str
    b: str
    count: int
    share: float | None
    match: str
    rationale: str


@dataclass(frozen=True)
class _LearnerRow:
    learner: str
    overall: float
    accuracy: list[float | None]
    links_f1: float | None
    match_accuracy: float | None
    exercises: list[float | None]
    late: bool
    path: str


def write_report(case: Case, batch: Batch, out: str | Path) -> Path:
    """Summarise the graded learners of ``batch`` and write the page to ``out``."""
    out = Path(out)
    # A generator: each learner's full score is rebuilt, counted and dropped (a class of any size).
    page = render_html(case, summarise(case, (g.score for g in batch.graded)), batch)
    try:
        atomic_write(out, page.encode("utf-8"))
    except OSError as err:
        raise KitError(problem(out, None, f"cannot write: {err.strerror}")) from None
    return out
