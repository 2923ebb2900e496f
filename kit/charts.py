"""Charts for lessons and debriefs: coverage by topic and side, alignment of links, confusion.

Data preparation is pure and returns DataFrames (``*_table``); the chart functions are thin
plotly layers over them. plotly is imported inside the chart functions, so ``import kit`` stays
light. ``answers`` is the learner's (an :class:`~kit.answers.Answers`, or anything with an
``answers`` attribute such as a board's store); ``None`` means the reference answer.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pandas as pd

from .case import Case

if TYPE_CHECKING:
    from plotly.graph_objects import Figure

UNTAGGED = "(untagged)"


def _answers(answers: Any) -> Any:
    return getattr(answers, "answers", answers)  # an AnswerStore or a board's store holds Answers


def tag_table(case: Case, answers: Any = None) -> pd.DataFrame:
    """One row per claim: side, section, text and a column per dimension (None where untagged)."""
    frame = case.claims[["side", "section", "text"]].copy()
    answers = _answers(answers)
    for dim in case.dimensions:
        if answers is None:
            ref = case.reference[case.reference["dimension"] == dim].set_index("claim_id")["value"]
            frame[dim] = ref.reindex(frame.index)
        else:
            frame[dim] = [answers.tags.get(cid, {}).get(dim) for cid in frame.index]
    frame.index.name = "claim_id"
    return frame


def link_table(case: Case, answers: Any = None) -> pd.DataFrame:
    """The links (required ones, for the reference) with both claims' texts: a, b, match, a_text, b_text."""
    answers = _answers(answers)
    if answers is None:
        links = case.links.loc[~case.links["optional"], ["a", "b", "match"]].reset_index(drop=True)
    else:
        links = pd.DataFrame([(k.a, k.b, k.match) for k in answers.links], columns=["a", "b", "match"])
    links["a_text"] = [case.claims.at[a, "text"] for a in links["a"]]
    links["b_text"] = [case.claims.at[b, "text"] for b in links["b"]]
    return links


def coverage_table(case: Case, answers: Any = None) -> pd.DataFrame:
    """Claims counted by topic, side and coverage (tagged claims only): topic, side, coverage, claims."""
    tags = tag_table(case, answers).dropna(subset=["topic", "coverage"])
    tags["topic"] = pd.Categorical(tags["topic"], categories=case.values("topic"))
    tags["side"] = pd.Categorical(tags["side"].map(case.side_label), categories=[s.label for s in case.sides])
    counts = tags.groupby(["topic", "side", "coverage"], observed=True).size().rename("claims").reset_index()
    counts[["topic", "side"]] = counts[["topic", "side"]].astype(str)
    return counts.reset_index(drop=True)


def standalone_table(case: Case, answers: Any = None) -> pd.DataFrame:
    """What stands alone: claims whose coverage is ``<side>_only``, with topic and text."""
    tags = tag_table(case, answers)
    alone = tags[tags["coverage"].notna() & (tags["coverage"] != "both")]
    return alone[["side", "topic", "coverage", "text"]]


def alignment_table(case: Case, answers: Any = None) -> pd.DataFrame:
    """Links counted by match type, every type listed (a zero is news too): match, links."""
    links = link_table(case, answers)
    counts = links["match"].value_counts().reindex(list(case.taxonomy.link_match.values), fill_value=0)
    return counts.rename_axis("match").rename("links").reset_index()


def confusion_table(case: Case, answers: Any, dimension: str) -> pd.DataFrame:
    """Learner's tags (rows) against the reference (columns) for one dimension, counts of claims.

    Judged by :func:`kit.scoring.score`: an accepted alternative counts as the reference's value, so
    the diagonal is exactly what the score calls right.
    """
    from .scoring import score

    result = score(case, _answers(answers))
    rows = [(r.expected if r.correct else (r.given or UNTAGGED), r.expected)
            for r in result.claims if r.dimension == dimension]
    values = case.values(dimension)
    frame = pd.DataFrame(rows, columns=["yours", "reference"])
    table = pd.crosstab(frame["yours"], frame["reference"])
    return table.reindex(index=[*values, UNTAGGED], columns=values, fill_value=0)


# -- charts: thin layers over the tables ---------------------------------------------------------

def coverage_chart(case: Case, answers: Any = None) -> Figure:
    """Bars per topic: how many claims each side makes, split into shared (``both``) and alone."""
    import plotly.express as px

    table = coverage_table(case, answers)
    table["kind"] = table["side"] + ": " + table["coverage"].map(lambda c: "shared" if c == "both" else "this side only")
    whose = "the reference" if answers is None else "your tags"
    fig = px.bar(table, x="claims", y="topic", color="kind", orientation="h",
                 category_orders={"topic": case.values("topic")},
                 title=f"Claims by topic and side ({whose})")
    fig.update_layout(legend_title_text="", yaxis_title="", barmode="stack")
    return fig


def alignment_chart(case: Case, answers: Any = None) -> Figure:
    """How the linked claims compare: one bar per match type."""
    import plotly.express as px

    table = alignment_table(case, answers)
    whose = "the reference" if answers is None else "your links"
    fig = px.bar(table, x="match", y="links", title=f"How the shared claims compare ({whose})")
    fig.update_layout(xaxis_title="", yaxis_title="links")
    return fig


def confusion_chart(case: Case, answers: Any, dimension: str) -> Figure:
    """Heatmap of your tags against the reference's: the diagonal is right, the rest is confusion."""
    import plotly.express as px

    table = confusion_table(case, answers, dimension)
    fig = px.imshow(table, text_auto=True, color_continuous_scale="Blues", aspect="auto",
                    labels={"x": "reference", "y": "yours", "color": "claims"},
                    title=f"{dimension}: your tags against the reference")
    return fig
