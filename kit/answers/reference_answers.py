"""The reference answer in the answers-file shape, with its reasons and accepted alternatives."""

from __future__ import annotations

from typing import Any

from .parse import FORMAT, VERSION
from ..case.load import Case


def reference_answers(case: Case) -> dict[str, Any]:
    """The reference as an answers file; ``rationale`` and ``alternatives`` are keyed by claim and dimension."""
    tags: dict[str, dict[str, str]] = {}
    rationale: dict[str, dict[str, str]] = {}
    alternatives: dict[str, dict[str, list[str]]] = {}
    for (claim_id, dim), decision in case.key.tags.items():
        tags.setdefault(claim_id, {})[dim] = decision.value
        rationale.setdefault(claim_id, {})[dim] = decision.rationale
        if decision.accepted[1:]:
            alternatives.setdefault(claim_id, {})[dim] = list(decision.accepted[1:])
    required = case.links[~case.links["optional"]]
    return {"format": FORMAT, "version": VERSION, "case": case.id, "learner": "reference", "updated": None,
            "tags": tags,
            "links": [{"a": r.a, "b": r.b, "match": r.match} for r in required.itertuples()],
            "rationale": rationale, "alternatives": alternatives,
            "link_rationale": [{"a": r.a, "b": r.b, "match": r.match, "alternatives": list(r.alternatives),
                                "optional": bool(r.optional), "rationale": r.rationale} for r in case.links.itertuples()]}
