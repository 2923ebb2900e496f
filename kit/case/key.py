"""A case's answer key: the reference and the rules of a valid answer, in plain Python, built once.

Built from the case's DataFrames when the case loads (:attr:`kit.case.Case.key`) and kept on the
case, so validation (:mod:`kit.answers`), scoring (:mod:`kit.judge.scoring`), grading, the class report
and the synthetic class all read one structure: a DataFrame look-up per item costs more than
parsing an answers file. The DataFrames stay as the views notebooks and charts use.

Links are kept oriented one way everywhere: **the first side's claim first** (:meth:`AnswerKey.orient`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, NamedTuple


class Decision(NamedTuple):
    """One reference decision: the value, every accepted value (the value first), and why."""

    value: str
    accepted: tuple[str, ...]
    rationale: str


@dataclass(frozen=True, eq=False)
class AnswerKey:
    case_id: str
    first_side: str
    claim_ids: tuple[str, ...]
    side: dict[str, str]  # claim -> its side's ID
    dimensions: tuple[str, ...]
    # dimension -> its values; dicts, not sets: hashed membership, and the taxonomy's order for messages
    values: dict[str, dict[str, None]]
    match_types: dict[str, None]
    tags: dict[tuple[str, str], Decision]  # (claim, dimension) -> decision
    required: dict[tuple[str, str], Decision]  # (first side's claim, other's) -> match decision
    optional: dict[tuple[str, str], Decision]
    exact: dict[str, dict[str, str]]  # claim -> the reference's tags, as an answers file has them
    accepted_values: dict[str, dict[str, frozenset[str]]]  # claim -> dimension -> every accepted value
    valid_items: frozenset[tuple[str, str]]  # every valid (dimension, value) pair

    def orient(self, a: str, b: str) -> tuple[str, str]:
        """The pair with the first side's claim first (the one orientation used everywhere)."""
        return (a, b) if self.side.get(a) == self.first_side else (b, a)

    def accepted(self, claim_id: str, dimension: str) -> tuple[str, ...]:
        decision = self.tags.get((claim_id, dimension))
        return decision.accepted if decision is not None else ()


def build_key(case_id: str, first_side: str, claims: Iterable[Mapping[str, Any]],
              reference: Iterable[Mapping[str, Any]], links: Iterable[Mapping[str, Any]],
              values: Mapping[str, Iterable[str]], match_types: Iterable[str]) -> AnswerKey:
    """The key of one case, read once from its tables' rows (:meth:`kit.case.Case.records`) — the only
    place that reads them for checking and scoring; no pandas. ``values``: dimension -> its values."""
    claims = list(claims)
    side = {r["id"]: r["side"] for r in claims}
    value_sets = {dim: dict.fromkeys(vs) for dim, vs in values.items()}
    tags = {(r["claim_id"], r["dimension"]): Decision(r["value"], (r["value"], *r["alternatives"]), r["rationale"])
            for r in reference}
    required: dict[tuple[str, str], Decision] = {}
    optional: dict[tuple[str, str], Decision] = {}
    for r in links:
        a, b = r["a"], r["b"]
        pair = (a, b) if side.get(a) == first_side else (b, a)
        (optional if r["optional"] else required)[pair] = Decision(r["match"], (r["match"], *r["alternatives"]), r["rationale"])
    exact: dict[str, dict[str, str]] = {}
    accepted: dict[str, dict[str, frozenset[str]]] = {}
    for (claim_id, dim), decision in tags.items():
        exact.setdefault(claim_id, {})[dim] = decision.value
        accepted.setdefault(claim_id, {})[dim] = frozenset(decision.accepted)
    return AnswerKey(case_id, first_side, tuple(r["id"] for r in claims), side, tuple(value_sets), value_sets,
                     dict.fromkeys(match_types), tags, required, optional, exact, accepted,
                     frozenset((dim, v) for dim, vs in value_sets.items() for v in vs))
