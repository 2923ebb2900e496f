"""Score one answers file against a case's reference: pure functions, no files, no widgets.

Every view — the notebook's Check button, ``kit check``, ``kit grade``, the class report — calls
:func:`score`, so they can never disagree.

What counts as right
    A tag is right when it is the reference's value or one of its accepted ``alternatives``; an
    untagged claim is wrong. A link is a pair of claims, one from each side, whatever order it was
    drawn in. A link the reference marks ``optional`` is a defensible reading: drawing it is not a
    false positive, and leaving it out does not lower recall.

Per dimension
    ``accuracy`` = right tags / all claims (untagged claims count as wrong, so a partial answer
    scores the tagged claims and zero for the rest). ``kappa`` = Cohen's kappa between the
    learner's tags and the reference over the claims the learner tagged, a learner's accepted
    alternative counting as the reference value; ``None`` when nothing is tagged.

Links
    ``precision``, ``recall`` and ``f1`` on claim pairs; ``match_accuracy`` = share of the correctly
    linked (required) pairs whose match type is the reference's or an accepted alternative.

Overall score, 0 to 1 (the weighting)
    ``80% tags + 15% link F1 + 5% link match accuracy``, where *tags* is the share of right tags
    over all claims × the four dimensions (equivalently the mean of the four accuracies). So each
    wrong or missing tag costs 0.80 / (4 × number of claims) — 0.0077 on a 26-claim case — and a
    case's links are worth a fifth of the score. With no required links in the reference, drawing
    none is perfect (F1 = 1).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from ..answers.parse import Answers
from ..case.load import Case
from ..case.key import AnswerKey

# Integer percentages, so a perfect answer scores exactly 1.0 (0.8 + 0.15 + 0.05 can drift in floats).
TAG_WEIGHT, LINK_F1_WEIGHT, MATCH_WEIGHT = 80, 15, 5


@dataclass(frozen=True)
class TagResult:
    """One claim on one dimension: what the learner gave, what the reference expects, and why."""

    claim_id: str
    dimension: str
    given: str | None  # None: not tagged
    expected: str  # the reference's value
    accepted: tuple[str, ...]  # the value and its accepted alternatives
    correct: bool
    rationale: str

    def to_dict(self) -> dict[str, Any]:
        return {"claim_id": self.claim_id, "dimension": self.dimension, "given": self.given,
                "expected": self.expected, "correct": self.correct, "rationale": self.rationale}


# DimensionScore, LinkScore and Score are plain dataclasses, read-only by convention rather than
# frozen: a frozen one costs about a microsecond more to build (one object.__setattr__ a field), and
# `kit grade` builds six a file — a tenth of grading it.
@dataclass
class DimensionScore:
    dimension: str
    accuracy: float  # right / total
    right: int
    tagged: int
    total: int
    _key: AnswerKey = field(repr=False, compare=False)
    _given: dict[str, dict[str, str]] = field(repr=False, compare=False)

    @cached_property
    def kappa(self) -> float | None:
        """Cohen's kappa against the reference over the tagged claims; None when none is tagged.

        Built on first use (grading a class needs only accuracy). A learner's accepted alternative
        counts as the reference value.
        """
        learner, reference = [], []
        for claim_id, dims in self._given.items():
            entry = self._key.tags.get((claim_id, self.dimension))
            given = dims.get(self.dimension)
            if entry is None or given is None:
                continue
            expected, accepted, _ = entry
            learner.append(expected if given in accepted else given)
            reference.append(expected)
        return cohen_kappa(learner, reference) if learner else None


@dataclass(frozen=True)
class LinkResult:
    """One pair of claims that the learner or the reference linked (``a`` on the case's first side)."""

    a: str
    b: str
    status: str  # "found" | "missed" | "extra" | "optional" (drawn, and the reference accepts it)
    given: str | None  # the learner's match type; None when the learner did not draw it
    expected: str | None  # the reference's match type; None when the reference does not link the pair
    accepted: tuple[str, ...]
    match_correct: bool | None  # None unless both drew the pair
    rationale: str


@dataclass
class LinkScore:
    precision: float
    recall: float
    f1: float
    match_accuracy: float
    found: int  # required pairs the learner drew
    required: int  # required pairs in the reference
    drawn: int  # pairs the learner drew that count (optional pairs do not)
    _key: AnswerKey = field(repr=False, compare=False)
    _drawn: dict[tuple[str, str], str] = field(repr=False, compare=False)

    @cached_property
    def items(self) -> tuple[LinkResult, ...]:
        """Every pair either side drew, with its status and the reference's reason, in pair order."""
        key, drawn = self._key, self._drawn
        items: list[LinkResult] = []
        for pair, given in drawn.items():
            entry = key.required.get(pair) or key.optional.get(pair)
            if entry is None:
                items.append(LinkResult(*pair, "extra", given, None, (), None, ""))
            else:
                expected, accepted, rationale = entry
                status = "found" if pair in key.required else "optional"
                items.append(LinkResult(*pair, status, given, expected, accepted, given in accepted, rationale))
        for pair, (expected, accepted, rationale) in key.required.items():
            if pair not in drawn:
                items.append(LinkResult(*pair, "missed", None, expected, accepted, None, rationale))
        return tuple(sorted(items, key=lambda r: (r.a, r.b)))


@dataclass
class Score:
    case: str
    learner: str
    overall: float  # 0..1, weighted as the module docstring says
    tags: float  # share of right tags over all claims × dimensions
    dimensions: dict[str, DimensionScore]
    links: LinkScore
    _key: AnswerKey = field(repr=False, compare=False)
    _given: dict[str, dict[str, str]] = field(repr=False, compare=False)  # a snapshot of the tags

    @cached_property
    def claims(self) -> tuple[TagResult, ...]:
        """One result per claim and dimension, in claim then dimension order, with the reason.

        Built on first use: grading a class needs only the numbers above.
        """
        key, given_tags = self._key, self._given
        results = []
        for claim_id in key.claim_ids:
            given_dims = given_tags.get(claim_id, {})
            for dim in key.dimensions:
                expected, accepted, rationale = key.tags[(claim_id, dim)]
                given = given_dims.get(dim)
                results.append(TagResult(claim_id, dim, given, expected, accepted, given in accepted, rationale))
        return tuple(results)

    @property
    def tags_given(self) -> int:
        """How many tags (claim × dimension) the learner gave."""
        return sum(d.tagged for d in self.dimensions.values())

    @property
    def right_so_far(self) -> float | None:
        """Right tags over the tags given (what a learner has tagged so far); None when none is given.

        Beside :attr:`overall`, which counts every claim, it tells a learner halfway through how well
        the tagging they did went."""
        given = self.tags_given
        return sum(d.right for d in self.dimensions.values()) / given if given else None

    def wrong(self) -> list[TagResult]:
        """Tags the learner gave that the reference does not accept."""
        return [r for r in self.claims if r.given is not None and not r.correct]

    def untagged(self) -> list[TagResult]:
        return [r for r in self.claims if r.given is None]

    def to_dict(self) -> dict[str, Any]:
        """The ``kit check --json`` contract (issue 3); floats rounded to 4 places."""
        return {
            "case": self.case,
            "learner": self.learner,
            "score": round(self.overall, 4),
            "dimensions": {d.dimension: {"accuracy": round(d.accuracy, 4),
                                         "kappa": None if d.kappa is None else round(d.kappa, 4),
                                         "tagged": d.tagged, "total": d.total}
                           for d in self.dimensions.values()},
            "links": {"precision": round(self.links.precision, 4), "recall": round(self.links.recall, 4),
                      "f1": round(self.links.f1, 4), "match_accuracy": round(self.links.match_accuracy, 4)},
            "claims": [r.to_dict() for r in self.claims],
        }


def _kappa(agree: int, n: int, counts_1: Mapping[Any, int], counts_2: Mapping[Any, int]) -> float:
    observed = agree / n
    expected = sum(count * counts_2.get(label, 0) for label, count in counts_1.items()) / (n * n)
    if expected == 1:  # both used one same label throughout: perfect agreement
        return 1.0
    return (observed - expected) / (1 - expected)


def cohen_kappa(first: Sequence[Hashable], second: Sequence[Hashable]) -> float:
    """Cohen's kappa of two raters' labels for the same items: (p_o − p_e) / (1 − p_e).

    p_o is the share of items they agree on; p_e the agreement expected by chance from each rater's
    own label frequencies. When chance agreement is certain (both used one same label throughout)
    they agree perfectly, and kappa is 1.
    """
    n = len(first)
    if n == 0 or n != len(second):
        raise ValueError("cohen_kappa needs two equally long, non-empty label sequences")
    return _kappa(sum(x == y for x, y in zip(first, second)), n, Counter(first), Counter(second))


def answer_key(case: Case) -> AnswerKey:
    """The case's answer key (:attr:`kit.case.Case.key`, built once when the case loads)."""
    return case.key


def _ratio(part: int, whole: int, empty: float) -> float:
    return part / whole if whole else empty


def score(case: Case, answers: Answers, *, snapshot: bool = True) -> Score:
    """Score ``answers`` against ``case``'s reference (see the module docstring for the rules).

    The score keeps a copy of the tags for its feedback, so later edits (a widget's) do not leak
    in; ``snapshot=False`` skips the copy for callers that never modify ``answers`` and pass them
    as :func:`kit.answers.parse_answers` returns them, without ``None`` values (grading).
    """
    key = case.key
    given_tags = answers.tags
    if snapshot:
        given_tags = {claim_id: {d: v for d, v in dims.items() if v is not None} for claim_id, dims in given_tags.items()}
    accepted_values, exact = key.accepted_values, key.exact
    all_right = 0  # claims tagged exactly as the reference: the commonest case, and a cheap test
    tagged_dims: list[str] = []  # the dimensions tagged in the other claims,
    wrong_dims: list[str] = []  # and those of them whose value the reference does not accept
    for claim_id, dims in given_tags.items():
        if dims == exact.get(claim_id):
            all_right += 1
            continue
        accepted = accepted_values.get(claim_id)
        if accepted is None:  # validated answers never get here; hand-built ones might
            continue
        tagged_dims += dims
        for dim, value in dims.items():
            if value not in accepted.get(dim, ()):
                wrong_dims.append(dim)
    total = len(key.claim_ids)
    dimensions = {}
    all_dims_right = 0
    for dim in key.dimensions:
        tagged = all_right + tagged_dims.count(dim)
        right = tagged - wrong_dims.count(dim)
        all_dims_right += right
        dimensions[dim] = DimensionScore(dim, _ratio(right, total, 0.0), right, tagged, total, key, given_tags)
    tags = _ratio(all_dims_right, total * len(key.dimensions), 0.0)
    links = score_links(key, answers)
    return Score(case.id, answers.learner, weighted(tags, links.f1, links.match_accuracy), tags, dimensions, links,
                 key, given_tags)


def weighted(tags: float, links_f1: float, match_accuracy: float) -> float:
    """The overall score from its three parts (the weighting in the module docstring)."""
    return (TAG_WEIGHT * tags + LINK_F1_WEIGHT * links_f1 + MATCH_WEIGHT * match_accuracy) / 100


def score_links(key: AnswerKey, answers: Answers) -> LinkScore:
    """Precision, recall and F1 on claim pairs; match-type accuracy on the correctly linked pairs."""
    # Answers from parse_answers are already in side order; hand-built ones may not be.
    drawn = {key.orient(link.a, link.b): link.match for link in answers.links}
    return _link_score(key, drawn)


def _link_score(key: AnswerKey, drawn: dict[tuple[str, str], str]) -> LinkScore:
    found = matched = counted = 0
    for pair, given in drawn.items():
        entry = key.required.get(pair)
        if entry is not None:
            found += 1
            matched += given in entry[1]
        if pair not in key.optional:
            counted += 1
    required = len(key.required)
    nothing_required = 0.0 if required else 1.0
    precision = _ratio(found, counted, nothing_required)
    recall = _ratio(found, required, 1.0)
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    match_accuracy = _ratio(matched, found, nothing_required)
    return LinkScore(precision, recall, f1, match_accuracy, found, required, counted, key, drawn)
