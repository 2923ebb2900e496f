"""The charts' data: pure functions from a case (and a learner's answers, or a class summary) to DataFrames.

``answers`` is the learner's (an :class:`~kit.answers.Answers`, or anything with an ``answers``
attribute such as a board's store); ``None`` means the reference answer.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import pandas as pd

from ..judge.agreement import UNTAGGED, confusion_pairs
from ..case.load import Case

if TYPE_CHECKING:
    from ..judge.agreement import ClassSummary



def _answers(answers: Any) -> Any:
    """The Answers to chart. A store (a board's, or ``AnswerStore(case)``) first re-reads its file,
    so re-running a chart cell shows the tags and links saved since, from any notebook."""
    refresh = getattr(answers, "refresh", None)
    if callable(refresh):
        refresh()
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


def accepted_pairs(case: Case, dimension: str) -> set[tuple[str, str]]:
    """(given, expected) cells of a confusion matrix that the reference accepts: its alternatives."""
    ref = case.reference[case.reference["dimension"] == dimension]
    return {(alt, row.value) for row in ref.itertuples() for alt in row.alternatives if alt != row.value}


def _confusion_frame(case: Case, counts: Mapping[tuple[str, str, str], int], dimension: str) -> pd.DataFrame:
    values = case.values(dimension)
    frame = pd.DataFrame(0, index=pd.Index([*values, UNTAGGED], name="yours"),
                         columns=pd.Index(values, name="reference"), dtype="int64")
    for (dim, given, expected), n in counts.items():
        if dim == dimension and given in frame.index and expected in frame.columns:
            frame.at[given, expected] += n
    return frame


def confusion_table(case: Case, answers: Any, dimension: str) -> pd.DataFrame:
    """A learner's tags (rows, plus "(untagged)") against the reference (columns) for one dimension:
    counts of claims, judged by :func:`kit.judge.scoring.score`."""
    from ..judge.scoring import score

    return _confusion_frame(case, Counter(confusion_pairs(score(case, _answers(answers)))), dimension)


def class_confusion_table(case: Case, summary: ClassSummary, dimension: str) -> pd.DataFrame:
    """The class's tags (rows, plus "(untagged)") against the reference (columns): counts of learner-tags."""
    return _confusion_frame(case, summary.confusion_counts, dimension)


def reading_order(case: Case) -> pd.DataFrame:
    """One row per claim: side, column (0 for the first side), row (1 = first in its readout), text."""
    column = {s.id: i for i, s in enumerate(case.sides)}
    frame = case.claims[["side", "start", "text"]].copy()
    frame["column"] = frame["side"].map(column)
    frame = frame.sort_values(["column", "start"], kind="stable")
    frame["row"] = frame.groupby("column").cumcount() + 1
    frame.index.name = "claim_id"
    return frame[["side", "column", "row", "text"]]


def alignment_layout_table(case: Case, answers: Any = None) -> pd.DataFrame:
    """The alignment chart's lines: one row per link, first side's claim first, with each end's
    reading-order row: a, b, match, a_row, b_row."""
    order = reading_order(case)
    links = link_table(case, answers)[["a", "b", "match"]]
    # a hand-built link may name the other side first: the key's one orientation rule
    links[["a", "b"]] = [case.key.orient(a, b) for a, b in zip(links["a"], links["b"])] if len(links) else links[["a", "b"]]
    links["a_row"] = links["a"].map(order["row"])
    links["b_row"] = links["b"].map(order["row"])
    return links.reset_index(drop=True)


def emphasis_table(case: Case, answers: Any = None) -> pd.DataFrame:
    """Share of each readout's text (characters of its claims) per topic: side, topic, characters, share.

    Every topic is listed for every side (a zero is news too); a learner's untagged claims count
    under "(untagged)", so each side's shares add up to 1.
    """
    tags = tag_table(case, answers)
    tags["characters"] = tags["text"].str.len()
    tags["topic"] = tags["topic"].fillna(UNTAGGED)
    topics = case.values("topic") + ([UNTAGGED] if (tags["topic"] == UNTAGGED).any() else [])
    rows = []
    for side in case.sides:
        mine = tags[tags["side"] == side.id]
        total = int(mine["characters"].sum())
        per_topic = mine.groupby("topic")["characters"].sum()
        for topic in topics:
            chars = int(per_topic.get(topic, 0))
            rows.append((side.label, topic, chars, chars / total if total else 0.0))
    return pd.DataFrame(rows, columns=["side", "topic", "characters", "share"])


def difficulty_table(case: Case, summary: ClassSummary) -> pd.DataFrame:
    """Share of the class's tags that were right, per claim, hardest first: claim_id (index), side,
    share_right (mean over dimensions), one column per dimension, text."""
    frame = case.claims[["side", "text"]].copy()
    for dim in case.dimensions:
        frame[dim] = [summary.share_right.get((c, dim), 0.0) for c in frame.index]
    frame["share_right"] = frame[list(case.dimensions)].mean(axis=1)
    frame.index.name = "claim_id"
    frame = frame.reset_index().sort_values(["share_right", "claim_id"], kind="stable").set_index("claim_id")
    return frame[["side", "share_right", *case.dimensions, "text"]]
