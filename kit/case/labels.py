"""Human labels for what the kit stores as identifiers: dimensions, taxonomy values, match types.

Pages read by people (feedback, the class report) say "only the North readout" or "Oduya", not
``north_only`` or ``oduya``; every label comes from the case's data (side labels, leader names).
"""

from __future__ import annotations

from .load import Case


def dimension_label(dimension: str) -> str:
    return {"claim_type": "claim type"}.get(dimension, dimension.replace("_", " "))


def value_label(case: Case, dimension: str, value: str | None) -> str:
    """The one label of a tag value, for every page, chart and brief people read.

    ``north_only`` → "only the North readout", a leader's voice ID → the leader's name, else the
    value's ``label:`` in the taxonomy (data/taxonomy.yml, or the case's own values), else the value
    with spaces; None → "not tagged"."""
    if value is None:
        return "not tagged"
    if dimension == "coverage":
        if value == "both":
            return "both readouts"
        for side in case.sides:
            if value == f"{side.id}_only":
                return f"only the {side.label} readout"
    if dimension == "voice":
        for side in case.sides:
            if side.leader_id and value == side.leader_id:
                return side.leader_name or value
    dim = case.taxonomy.dimensions.get(dimension)
    spec = dim.values.get(value) if dim is not None else None
    return spec.title if spec is not None else value.replace("_", " ")


def match_label(match: str | None) -> str:
    return "not linked" if match is None else match.replace("_", " ")
