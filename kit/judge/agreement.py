"""Agreement statistics of a class: how a class tagged a case, as numbers (pure; no charts, no HTML).

Agreement among learners per dimension — Krippendorff's alpha, nominal, from the maintained
``krippendorff`` package (learners are the coders, claims the units; an untagged claim is a missing
value; raw values, so a learner's accepted alternative is a different value from the reference's) —
the hardest claim-dimensions (share of learners right), the most-confused value pairs (reference
value → value given), and the spread of overall scores. The charts (:mod:`kit.charts`) and the class
report page (:mod:`kit.report.class_report`) sit above this module and draw what it computes.
"""

from __future__ import annotations

import statistics
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import krippendorff
import numpy as np

from ..case.load import Case
from .scoring import Score, answer_key

UNTAGGED = "(untagged)"  # a confusion matrix's row for claims left untagged


def confusion_pairs(result: Score) -> list[tuple[str, str, str]]:
    """One (dimension, given, expected) per scored tag: what the learner said, against the reference's
    own value. An accepted alternative stays under the value the learner chose (off the diagonal),
    so the "You said" axis is always what was said; ``kit.charts.tables.accepted_pairs`` names those cells."""
    return [(r.dimension, r.given or UNTAGGED, r.expected) for r in result.claims]


@dataclass(frozen=True)
class Hard:
    claim_id: str
    dimension: str
    share_right: float
    expected: str
    commonest_wrong: str | None  # the wrong value most learners gave, if any
    rationale: str


@dataclass(frozen=True)
class Confusion:
    dimension: str
    expected: str  # the reference's value
    given: str  # what learners gave instead
    count: int  # learner-tags


@dataclass(frozen=True)
class ClassSummary:
    case: str
    learners: int
    alpha: dict[str, float | None]  # per dimension; None when it cannot be computed (fewer than 2 learners…)
    accuracy: dict[str, float]  # per dimension, mean over learners
    links_f1: float  # mean over learners
    share_right: dict[tuple[str, str], float]  # (claim, dimension) -> share of learners right
    hardest: list[Hard]
    confusions: list[Confusion]
    scores: list[float]  # overall, one per learner, ascending
    # (dimension, value given or "(untagged)", reference value) -> learner-tags; right tags on the diagonal
    confusion_counts: dict[tuple[str, str, str], int] = field(default_factory=dict)
    # each required link (a, b) -> learners who drew it; (reference match, learner's match) -> links
    # drawn by learners on required pairs (the reference's accepted alternatives count as its match)
    links_found: dict[tuple[str, str], int] = field(default_factory=dict)
    match_counts: dict[tuple[str, str], int] = field(default_factory=dict)

    def spread(self) -> dict[str, float]:
        """min, quartiles, median, mean, max of the overall scores (empty when no learner)."""
        if not self.scores:
            return {}
        q = statistics.quantiles(self.scores, n=4, method="inclusive") if len(self.scores) > 1 else [self.scores[0]] * 3
        return {"min": self.scores[0], "q1": q[0], "median": q[1], "q3": q[2],
                "mean": statistics.fmean(self.scores), "max": self.scores[-1]}


def krippendorff_alpha(case: Case, scores: Sequence[Score], dimension: str) -> float | None:
    """Nominal Krippendorff's alpha among learners on one dimension; None if undefined."""
    if len(scores) < 2:
        return None
    values = case.values(dimension)
    index = {v: i for i, v in enumerate(values)}
    claim_ids = list(case.claims.index)
    data = np.full((len(scores), len(claim_ids)), np.nan)
    for row, s in enumerate(scores):
        given = s._given
        for col, claim_id in enumerate(claim_ids):
            value = given.get(claim_id, {}).get(dimension)
            if value in index:
                data[row, col] = index[value]
    try:
        alpha = krippendorff.alpha(reliability_data=data, level_of_measurement="nominal",
                                   value_domain=list(range(len(values))))
    except (ValueError, ZeroDivisionError):  # e.g. fewer than two values in use, or no pairable unit
        return None
    return None if alpha is None or not np.isfinite(alpha) else float(alpha)


def summarise(case: Case, scores: Iterable[Score], *, top: int = 12) -> ClassSummary:
    """The class's numbers; ``scores`` one per learner (e.g. ``[g.score for g in batch.graded]``).

    One pass over ``scores``, so a generator works and nothing per learner is kept but the overall
    score: alpha comes from per-claim value counts (the form ``krippendorff.alpha`` also takes).
    """
    right: Counter[tuple[str, str]] = Counter()
    wrong: dict[tuple[str, str], Counter[str]] = {}
    confusions: Counter[tuple[str, str, str]] = Counter()
    matrix: Counter[tuple[str, str, str]] = Counter()
    dims = list(case.dimensions)
    claim_ids = list(case.claims.index)
    row = {c: i for i, c in enumerate(claim_ids)}
    index = {d: {v: i for i, v in enumerate(case.values(d))} for d in dims}
    counts = {d: np.zeros((len(claim_ids), len(index[d])), dtype=np.int64) for d in dims}
    accuracy_sum = dict.fromkeys(dims, 0.0)
    f1_sum, overall, n = 0.0, [], 0
    found: Counter[tuple[str, str]] = Counter()
    matches: Counter[tuple[str, str]] = Counter()
    for s in scores:
        n += 1
        for item in s.links.items:
            if item.status == "found" and item.expected is not None and item.given is not None:
                found[(item.a, item.b)] += 1
                matches[(item.expected, item.expected if item.match_correct else item.given)] += 1
        matrix.update(confusion_pairs(s))
        for r in s.claims:
            if r.correct:
                right[(r.claim_id, r.dimension)] += 1
            elif r.given is not None:
                wrong.setdefault((r.claim_id, r.dimension), Counter())[r.given] += 1
                confusions[(r.dimension, r.expected, r.given)] += 1
        for claim_id, given in s._given.items():
            for d in dims:
                value = index[d].get(given.get(d))  # type: ignore[arg-type]
                if value is not None and claim_id in row:
                    counts[d][row[claim_id], value] += 1
        for d in dims:
            accuracy_sum[d] += s.dimensions[d].accuracy
        f1_sum += s.links.f1
        overall.append(s.overall)
    reference = case.key.tags
    share = {k: (right[k] / n if n else 0.0) for k in reference}
    ordered = sorted(reference, key=lambda k: (share[k], k))
    hardest = [Hard(k[0], k[1], share[k], reference[k].value,
                    wrong[k].most_common(1)[0][0] if k in wrong else None, reference[k].rationale)
               for k in ordered[:top] if share[k] < 1.0 or not n]
    return ClassSummary(
        case=case.id, learners=n,
        alpha={d: _alpha_from_counts(counts[d]) if n >= 2 else None for d in dims},
        accuracy={d: (accuracy_sum[d] / n if n else 0.0) for d in dims},
        links_f1=f1_sum / n if n else 0.0,
        share_right=share, hardest=hardest,
        confusions=[Confusion(d, e, g, c) for (d, e, g), c in confusions.most_common(top)],
        scores=sorted(overall), confusion_counts=dict(matrix),
        links_found={pair: found[pair] for pair in answer_key(case).required}, match_counts=dict(matches))


def _alpha_from_counts(value_counts: np.ndarray) -> float | None:
    """Nominal alpha from a units × values matrix of counts; None if undefined."""
    try:
        alpha = krippendorff.alpha(value_counts=value_counts, level_of_measurement="nominal")
    except (ValueError, ZeroDivisionError):
        return None
    return None if alpha is None or not np.isfinite(alpha) else float(alpha)


# --- the page ---------------------------------------------------------------------------------
