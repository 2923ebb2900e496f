"""The reference answer in the answers-file shape, with its reasons and accepted alternatives."""

from __future__ import annotations

from typing import Any

from .answers import FORMAT, VERSION
from .case import Case


def reference_answers(case: Case) -> dict[str, Any]:
    """The reference as an answers file; ``rationale`` and ``alternatives`` are keyed by claim and dimension."""
    tags: dict[str, dict[str, str]] = {}
    rationale: dict[str, dict[str, str]] = {}
    alternatives: dict[str, dict[str, list[str]]] = {}
    for row in case.reference.itertuples():
        tags.setdefault(row.claim_id, {})[row.dimension] = row.value
        rationale.setdefault(row.claim_id, {})[row.dimension] = row.rationale
        if row.alternatives:
            alternatives.setdefault(row.claim_id, {})[row.dimension] = list(row.alternatives)
    required = case.links[~case.links["optional"]]
    return {"format": FORMAT, "version": VERSION, "case": case.id, "learner": "reference", "updated": None,
            "tags": tags,
            "links": [{"a": r.a, "b": r.b, "match": r.match} for r in required.itertuples()],
            "rationale": rationale, "alternatives": alternatives,
            "link_rationale": [{"a": r.a, "b": r.b, "match": r.match, "alternatives": list(r.alternatives),
                                "optional": bool(r.optional), "rationale": r.rationale} for r in case.links.itertuples()]}
