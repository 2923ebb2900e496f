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
Every learner-supplied string (names, file paths, error lines) is escaped with ``html.escape``;
the charts carry no learner names at all.
"""

from __future__ import annotations

import html
from pathlib import Path
from typing import TYPE_CHECKING

# The numbers live below the charts (kit.judge.agreement); re-exported here, where they used to be.
from ..judge.agreement import ClassSummary, Confusion, Hard, krippendorff_alpha, summarise
from ..io.atomic import atomic_write
from ..case.load import Case
from ..errors import KitError, problem
from ..judge.grading import Batch
from ..case.labels import dimension_label, match_label, value_label
from ..judge.scoring import answer_key

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
    """The debrief as one self-contained HTML page (plotly.js inline, once)."""
    e = html.escape
    parts = [f"<h1>Class debrief — {e(case.title)}</h1>",
             f"<p>{summary.learners} learners graded against the reference for <code>{e(case.id)}</code>.</p>"]
    spread = summary.spread()
    if spread:
        parts.append("<p>Overall scores: " + ", ".join(f"{k} {_pct(v)}" for k, v in spread.items())
                     + f"; mean links F1 {_num(summary.links_f1)}.</p>")
    parts.append("<h2>Per dimension</h2><table><tr><th>dimension</th><th>mean accuracy</th>"
                 "<th>Krippendorff's alpha (nominal) among learners</th></tr>"
                 + "".join(f"<tr><td>{e(dimension_label(d))}</td><td>{_pct(summary.accuracy[d])}</td><td>{_num(summary.alpha[d])}</td></tr>"
                           for d in case.dimensions) + "</table>"
                 "<p class='note'>Alpha near 1: learners tag alike; near 0: no more alike than chance. "
                 "Where agreement is low the class is split — a good place to start the discussion.</p>")
    import plotly.io as pio
    from plotly.offline import get_plotlyjs

    charts = _charts(case, summary)
    for name, fig in charts:
        if name == f"confusion-{case.dimensions[0]}":
            parts.append("<h2>What the class tagged, against the reference</h2>"
                         "<p class='note'>Right tags sit on the diagonal; every other cell is a confusion.</p>")
            if summary.confusions:
                parts.append("<table><tr><th>dimension</th><th>reference</th><th>given instead</th><th>tags</th></tr>"
                             + "".join(f"<tr><td>{e(dimension_label(c.dimension))}</td><td>{e(value_label(case, c.dimension, c.expected))}</td>"
                                       f"<td>{e(value_label(case, c.dimension, c.given))}</td>"
                                       f"<td>{c.count}</td></tr>" for c in summary.confusions) + "</table>")
        parts.append(f"<div class='chart'>{pio.to_html(fig, full_html=False, include_plotlyjs=False, div_id=f'chart-{name}', config={'displaylogo': False, 'responsive': True})}</div>")
        if name == "claims":
            texts = case.claims["text"]
            parts.append("<h2>Hardest claims</h2><table><tr><th>claim</th><th>dimension</th><th>right</th>"
                         "<th>reference</th><th>commonest wrong answer</th><th>why</th></tr>"
                         + "".join(f"<tr><td title='{e(texts[h.claim_id])}'>{e(h.claim_id)}</td><td>{e(dimension_label(h.dimension))}</td>"
                                   f"<td>{_pct(h.share_right)}</td><td>{e(value_label(case, h.dimension, h.expected))}</td>"
                                   f"<td>{e(value_label(case, h.dimension, h.commonest_wrong) if h.commonest_wrong else '—')}</td>"
                                   f"<td>{e(h.rationale)}</td></tr>" for h in summary.hardest) + "</table>")
    parts.extend(_links_section(case, summary))
    if batch is not None:
        if batch.failed or batch.duplicates:
            parts.append("<h2>Files not counted</h2><ul>"
                         + "".join(f"<li>{e(line)}</li>" for line in batch.failed)
                         + "".join(f"<li>duplicate: {e(d.message())}</li>" for d in batch.duplicates) + "</ul>")
        rows = sorted(batch.graded, key=lambda g: (-g.overall, g.learner))
        exercises = batch.exercise_ids
        late = any(f.late is not None for f in batch.handins.values())

        def late_cell(learner: str) -> str:
            found = batch.handins.get(learner)
            return "" if not late else f"<td>{'late' if found is not None and found.late else ''}</td>"

        parts.append("<details><summary>Per-learner scores (for the instructor — keep closed when projecting)</summary>"
                     "<table><tr><th>learner</th><th>score</th>"
                     + "".join(f"<th>{e(dimension_label(d))}</th>" for d in case.dimensions) + "<th>links F1</th>"
                     "<th>link match types</th>" + "".join(f"<th>exercise {e(x)}</th>" for x in exercises)
                     + ("<th>late</th>" if late else "") + "<th>file</th></tr>"
                     + "".join(f"<tr><td>{e(g.learner)}</td><td>{_pct(g.overall)}</td>"
                               + "".join(f"<td>{_pct(a)}</td>" for a in g.accuracy)
                               + f"<td>{_num(g.links_f1)}</td><td>{_pct(g.match_accuracy)}</td>"
                               + "".join(f"<td>{_pct(batch.exercises.get(g.learner, {}).get(x))}</td>" for x in exercises)
                               + late_cell(g.learner) + f"<td>{e(str(g.path))}</td></tr>" for g in rows)
                     + "</table></details>")
    style = ("body{font-family:system-ui,sans-serif;max-width:1100px;margin:2em auto;padding:0 1em;color:#222}"
             "table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #ccc;padding:4px 8px;text-align:left;"
             "vertical-align:top}th{background:#f4f4f4}.note{color:#555;font-size:90%}.chart{margin:1.5em 0}")
    return ("<!DOCTYPE html>\n<html lang='en'><head><meta charset='utf-8'>"
            f"<title>Class debrief — {e(case.id)}</title><style>{style}</style>"
            f"<script>{get_plotlyjs()}</script></head><body>\n" + "\n".join(parts) + "\n</body></html>\n")


def _links_section(case: Case, summary: ClassSummary) -> list[str]:
    """Which of the reference's links the class missed, and which match types it confused."""
    e = html.escape
    if not summary.links_found:
        return []
    n = summary.learners
    texts = case.claims["text"]
    key = answer_key(case)
    rows = sorted(summary.links_found.items(), key=lambda kv: (kv[1], kv[0]))
    parts = ["<h2>Links</h2><p class='note'>Each link of the reference, the one the class found least first: "
             "how many learners drew it, and the reference's match type.</p>"
             "<table><tr><th>pair</th><th>first side</th><th>other side</th><th>learners who linked it</th>"
             "<th>reference match</th><th>why</th></tr>"
             + "".join(f"<tr><td>{e(a)}–{e(b)}</td><td>{e(texts[a])}</td><td>{e(texts[b])}</td>"
                       f"<td>{count} of {n} ({_pct(count / n if n else None)})</td>"
                       f"<td>{e(match_label(key.required[(a, b)][0]))}</td><td>{e(key.required[(a, b)][2])}</td></tr>"
                       for (a, b), count in rows) + "</table>"]
    if summary.match_counts:
        types = list(case.taxonomy.link_match.values)
        used_given = [t for t in types if any(summary.match_counts.get((x, t)) for x in types)]
        used_expected = [t for t in types if any(summary.match_counts.get((t, g)) for g in types)]
        parts.append("<h3>Match types: the reference's (rows) against the class's (columns)</h3>"
                     "<p class='note'>Links the class drew on the reference's pairs; right match types sit on the "
                     "diagonal.</p><table><tr><th>reference says</th>"
                     + "".join(f"<th>class said {e(match_label(g))}</th>" for g in used_given) + "</tr>"
                     + "".join(f"<tr><th>{e(match_label(x))}</th>"
                               + "".join(f"<td>{summary.match_counts.get((x, g), 0)}</td>" for g in used_given) + "</tr>"
                               for x in used_expected) + "</table>")
    return parts


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
