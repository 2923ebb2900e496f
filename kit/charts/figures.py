"""The charts: thin plotly layers over :mod:`kit.charts.tables`, coloured by :mod:`kit.charts.palette`.

plotly is imported inside each function, so ``import kit.charts`` stays light. Titles and axis
labels are sentences; colour marks a side or a value and nothing else.
"""

from __future__ import annotations

import textwrap
from collections.abc import Set
from typing import TYPE_CHECKING, Any

from ..case.load import Case
from ..case.labels import dimension_label, match_label, value_label
from . import palette, tables

if TYPE_CHECKING:
    from plotly.graph_objects import Figure

    from ..judge.agreement import ClassSummary

FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif"


def _figure(title: str, whose: str = "", **layout: Any) -> Figure:
    """A figure with the house layout; ``whose`` data it shows goes on a smaller second title line."""
    import plotly.graph_objects as go

    text = title + (f"<br><span style='font-size:12px;color:#555'>{whose}</span>" if whose else "")
    fig = go.Figure()
    fig.update_layout(template="plotly_white", title={"text": text, "x": 0.01, "xanchor": "left", "font": {"size": 16}},
                      font={"family": FONT, "size": 13}, margin={"l": 60, "r": 20, "t": 80 if whose else 60, "b": 50},
                      **layout)
    return fig


def _whose(answers: Any, what: str) -> str:
    return "From the reference answer" if answers is None else f"From your {what}"


def label(case: Case, dimension: str, value: object) -> str:
    """How a value reads on a chart: kit.case.labels, the labels of every page a person reads ("economy
    and energy", "only the <side> readout", a leader's name); "(untagged)" stays as it is."""
    if value == tables.UNTAGGED:
        return tables.UNTAGGED
    return match_label(str(value)) if dimension == "match" else value_label(case, dimension, str(value))


_dim = dimension_label


def _wrap(text: str, width: int = 60) -> str:
    return "<br>".join(textwrap.wrap(str(text), width))


def coverage_chart(case: Case, answers: Any = None) -> Figure:
    """A bar per side and topic: how many claims each side makes there, what both sides say solid,
    what only this side says hatched; every topic listed, top to bottom in taxonomy order."""
    import plotly.graph_objects as go

    table = tables.coverage_table(case, answers)
    topics = case.values("topic")
    names = [label(case, "topic", t) for t in topics]
    fig = _figure("How many claims each side makes, by topic", _whose(answers, "tags"),
                  barmode="group", height=140 + 46 * len(topics), legend={"traceorder": "normal"})
    for side in case.sides:
        colour = palette.side_colour(case, side.id)
        mine = table[table["side"] == side.label]
        shared = mine[mine["coverage"] == "both"].groupby("topic")["claims"].sum().reindex(topics, fill_value=0)
        alone = mine[mine["coverage"] != "both"].groupby("topic")["claims"].sum().reindex(topics, fill_value=0)
        common = {"y": names, "orientation": "h", "offsetgroup": side.id, "legendgroup": side.id}
        fig.add_trace(go.Bar(x=shared.tolist(), name=f"{side.label}: said by both sides", marker_color=colour,
                             hovertemplate=f"{side.label}, %{{y}}: %{{x}} said by both sides<extra></extra>", **common))
        fig.add_trace(go.Bar(x=alone.tolist(), base=shared.tolist(), name=f"{side.label}: this side only",
                             marker={"color": "white", "line": {"color": colour, "width": 1.5},
                                     "pattern": {"shape": "/", "fgcolor": colour, "solidity": 0.45}},
                             hovertemplate=f"{side.label}, %{{y}}: %{{x}} this side only<extra></extra>", **common))
    fig.update_xaxes(title_text="Number of claims", dtick=1 if int(table["claims"].sum() or 0) <= 40 else None)
    fig.update_yaxes(title_text="Topic", categoryorder="array", categoryarray=names, autorange="reversed")
    return fig


def alignment_chart(case: Case, answers: Any = None) -> Figure:
    """Each side's claims in reading order, in two columns, with a line between linked counterparts
    coloured by match type; unlinked claims are open circles."""
    import plotly.graph_objects as go

    order = tables.reading_order(case)
    links = tables.alignment_layout_table(case, answers)
    linked = set(links["a"]) | set(links["b"])
    rows = int(order["row"].max()) if len(order) else 1
    fig = _figure("Which claims the two readouts share, and how they compare", _whose(answers, "links"),
                  height=170 + 30 * rows, legend={"title": {"text": "How the pair compares"}})
    for match in case.taxonomy.link_match.values:
        pairs = links[links["match"] == match]
        if pairs.empty:
            continue
        xs: list[float | None] = []
        ys: list[float | None] = []
        for pair in pairs.itertuples():
            xs += [0, 1, None]
            ys += [pair.a_row, pair.b_row, None]
        fig.add_trace(go.Scatter(x=xs, y=ys, mode="lines", name=label(case, "match", match), legendgroup=match,
                                 line={"color": palette.value_colour(case, "match", match), "width": 3,
                                       "dash": palette.match_dash(case, match)},
                                 hoverinfo="skip"))
    for i, side in enumerate(case.sides[:2]):
        mine = order[order["side"] == side.id]
        fig.add_trace(go.Scatter(
            x=[i] * len(mine), y=mine["row"].tolist(), mode="markers+text", name=side.label, showlegend=False,
            text=list(mine.index), textposition="middle left" if i == 0 else "middle right",
            marker={"color": palette.side_colour(case, side.id), "size": 13, "line": {"width": 2, "color": palette.side_colour(case, side.id)},
                    "symbol": ["circle" if c in linked else "circle-open" for c in mine.index]},
            hovertext=[f"<b>{c}</b> {_wrap(t)}" for c, t in zip(mine.index, mine["text"])], hoverinfo="text"))
    for i, side in enumerate(case.sides[:2]):  # column heads inside the plot, so a tight title margin cannot hide them
        fig.add_annotation(x=i, y=0, text=f"<b>{side.label}</b>", showarrow=False, yanchor="bottom",
                           font={"color": palette.side_colour(case, side.id), "size": 14})
    fig.update_xaxes(range=[-0.45, 1.45], showgrid=False, zeroline=False, showticklabels=False)
    fig.update_yaxes(title_text="Reading order, first claim at the top", showticklabels=False,
                     showgrid=False, zeroline=False, range=[rows + 0.5, -0.3])
    return fig


def emphasis_chart(case: Case, answers: Any = None) -> Figure:
    """One bar per readout, split by topic: the share of its text (characters) each topic takes."""
    import plotly.graph_objects as go

    table = tables.emphasis_table(case, answers)
    labels = [s.label for s in case.sides]
    fig = _figure("How much of each readout's text goes to each topic", _whose(answers, "tags"),
                  barmode="stack", height=200 + 40 * len(labels) + 20 * len(table["topic"].unique()),
                  legend={"title": {"text": "Topic"}, "traceorder": "normal"})
    for topic, rows in table.groupby("topic", sort=False):
        rows = rows.set_index("side").reindex(labels)
        fig.add_trace(go.Bar(
            y=labels, x=rows["share"].tolist(), orientation="h", name=label(case, "topic", topic),
            marker_color=palette.value_colour(case, "topic", str(topic)), customdata=rows["characters"].tolist(),
            # the topic's name in its segment, not only its colour (hidden where a segment is too small)
            text=[label(case, "topic", topic)] * len(labels),
            texttemplate="%{text} %{x:.0%}", textposition="inside", insidetextanchor="middle",
            insidetextfont={"color": palette.text_on(palette.value_colour(case, "topic", str(topic)))},
            hovertemplate=f"%{{y}}: {label(case, 'topic', topic)}, %{{x:.0%}} (%{{customdata}} characters)<extra></extra>"))
    fig.update_traces(textfont={"size": 11})
    fig.update_layout(uniformtext={"minsize": 10, "mode": "hide"})
    fig.update_xaxes(title_text="Share of the readout's characters", tickformat=".0%", range=[0, 1])
    fig.update_yaxes(title_text="Readout", autorange="reversed")
    return fig


def _heatmap(case: Case, dimension: str, table: Any, title: str, given_label: str, count_label: str,
             accepted: Set[tuple[str, str]] = frozenset(), whose: str = "") -> Figure:
    """Counts as text in every cell (never colour alone); a cell the reference accepts says so."""
    import plotly.graph_objects as go

    text = [[f"{n} ✓ accepted" if n and (given, expected) in accepted else str(n) for expected, n in row.items()]
            for given, row in table.iterrows()]
    fig = _figure(title, whose, height=160 + 34 * len(table.index))
    fig.add_trace(go.Heatmap(z=table.to_numpy(), x=[label(case, dimension, c) for c in table.columns],
                             y=[label(case, dimension, i) for i in table.index],
                             colorscale=palette.HEAT, text=text,
                             texttemplate="%{text}", colorbar={"title": {"text": count_label}},
                             hovertemplate=f"The reference says %{{x}}; {given_label.lower()} %{{y}}: %{{z}}<extra></extra>"))
    fig.update_xaxes(title_text="The reference says", side="bottom", tickangle=-30)
    fig.update_yaxes(title_text=given_label, autorange="reversed")
    return fig


def confusion_chart(case: Case, answers: Any, dimension: str) -> Figure:
    """A learner's tags against the reference's: the diagonal is right, the rest is confusion."""
    accepted = tables.accepted_pairs(case, dimension)
    return _heatmap(case, dimension, tables.confusion_table(case, answers, dimension),
                    f"Your {_dim(dimension)} tags against the reference", "You said", "Claims", accepted,
                    "The diagonal is right; a cell marked ✓ accepted is an alternative the reference accepts too")


def class_confusion_chart(case: Case, summary: ClassSummary, dimension: str) -> Figure:
    """The class's tags against the reference's, counted over all learners."""
    return _heatmap(case, dimension, tables.class_confusion_table(case, summary, dimension),
                    f"What the class tagged as {_dim(dimension)}, against the reference", "Learners said", "Tags",
                    tables.accepted_pairs(case, dimension))


def difficulty_chart(case: Case, summary: ClassSummary) -> Figure:
    """A bar per claim, hardest at the top: the share of the class's tags on it that were right."""
    import plotly.graph_objects as go

    table = tables.difficulty_table(case, summary)
    fig = _figure("Share of claims learners tagged right, hardest first",
                  height=140 + 22 * len(table), legend={"title": {"text": "Readout"}})
    for side in case.sides:
        mine = table[table["side"] == side.id]
        detail = [", ".join(f"{_dim(d)} {row[d]:.0%}" for d in case.dimensions) for _, row in mine.iterrows()]
        fig.add_trace(go.Bar(y=list(mine.index), x=mine["share_right"].tolist(), orientation="h", name=side.label,
                             marker_color=palette.side_colour(case, side.id),
                             customdata=list(zip(detail, [_wrap(t) for t in mine["text"]])),
                             hovertemplate="<b>%{y}</b> %{x:.0%} right (%{customdata[0]})<br>%{customdata[1]}<extra></extra>"))
    fig.update_xaxes(title_text="Share of learners' tags that were right", tickformat=".0%", range=[0, 1])
    fig.update_yaxes(title_text="Claim", categoryorder="array", categoryarray=list(table.index), autorange="reversed")
    return fig


def score_spread_chart(summary: ClassSummary) -> Figure:
    """How the class scored overall: learners per 5-point band."""
    import plotly.graph_objects as go

    fig = _figure("How the class scored overall", height=380)
    fig.add_trace(go.Histogram(x=[round(100 * s, 1) for s in summary.scores], xbins={"start": 0, "end": 100.001, "size": 5},
                               marker_color=palette.MEASURE[0]))
    fig.update_xaxes(title_text="Overall score (%)", range=[0, 100])
    fig.update_yaxes(title_text="Number of learners")
    return fig


def agreement_chart(case: Case, summary: ClassSummary) -> Figure:
    """Per dimension: how right learners were (mean accuracy) and how alike (Krippendorff's alpha)."""
    import plotly.graph_objects as go

    dims = list(case.dimensions)
    alphas = [0.0 if (alpha := summary.alpha[d]) is None else alpha for d in dims]
    fig = _figure("How right and how alike the class tagged, per dimension", barmode="group", height=380,
                  yaxis_range=[min(0, *alphas), 1])
    names = [_dim(d) for d in dims]
    fig.add_trace(go.Bar(name="Mean accuracy against the reference", x=names, y=[summary.accuracy[d] for d in dims],
                         marker_color=palette.MEASURE[0]))
    fig.add_trace(go.Bar(name="Krippendorff's alpha among learners", x=names, y=alphas, marker_color=palette.MEASURE[1]))
    fig.update_xaxes(title_text="Dimension")
    fig.update_yaxes(title_text="Accuracy or agreement (1 is perfect)")
    return fig


def case_charts(case: Case, answers: Any = None) -> dict[str, Figure]:
    """The case's charts by name (coverage, alignment, emphasis), e.g. for :func:`kit.charts.export`."""
    return {"coverage": coverage_chart(case, answers), "alignment": alignment_chart(case, answers),
            "emphasis": emphasis_chart(case, answers)}
