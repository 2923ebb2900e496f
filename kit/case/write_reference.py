"""Write a case's reference.yml from an instructor's decisions (the reference editor's core).

Pure: :func:`reference_document` builds the document from plain dicts and :func:`dump_reference`
renders it as YAML; :func:`save_reference` writes it atomically. Nothing here judges the content —
``kit validate`` (``load_case``) does that, and the editor shows what it says.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from ..io.atomic import atomic_write
from ..io.files import read_yaml
from .taxonomy import CORE_DIMENSIONS

HEADER = """\
# Reference answer, written with the reference editor (kit.widgets.ReferenceEditor).
# Every claim is tagged on every core dimension with a rationale for learners; `alternatives`
# lists other defensible values; an `optional` link is accepted but not required.
# Check it with:  kit validate --case {case_id}
"""


def read_draft(path: Path) -> dict[str, Any]:
    """The reference as it stands, however unfinished: ``tags``, ``links`` and ``notes`` always present."""
    raw = read_yaml(path) if path.exists() else None
    raw = raw if isinstance(raw, dict) else {}
    raw_tags = raw.get("tags")
    tags: dict[Any, Any] = raw_tags if isinstance(raw_tags, dict) else {}
    return {"case": raw.get("case"), "tags": {str(k): v if isinstance(v, dict) else {} for k, v in tags.items()},
            "links": [x for x in raw.get("links") or [] if isinstance(x, dict)],
            "notes": [x for x in raw.get("notes") or [] if isinstance(x, dict)]}


def _decision(spec: Any) -> dict[str, Any]:
    spec = spec if isinstance(spec, dict) else {}
    out: dict[str, Any] = {"value": spec.get("value") or None}
    alternatives = [a for a in spec.get("alternatives") or [] if a and a != out["value"]]
    if alternatives:
        out["alternatives"] = alternatives
    out["rationale"] = (spec.get("rationale") or "").strip() or None
    return out


def reference_document(case_id: str, claim_ids: list[str], tags: dict[str, dict[str, Any]],
                       links: list[dict[str, Any]], notes: list[dict[str, Any]]) -> dict[str, Any]:
    """A reference document in the file's order: every claim (in ``claim_ids`` order), every dimension."""
    doc_tags = {cid: {dim: _decision(tags.get(cid, {}).get(dim)) for dim in CORE_DIMENSIONS} for cid in claim_ids}
    doc_links = []
    for link in links:
        entry: dict[str, Any] = {"a": link.get("a"), "b": link.get("b"), "match": link.get("match")}
        if link.get("alternatives"):
            entry["alternatives"] = list(link["alternatives"])
        if link.get("optional"):
            entry["optional"] = True
        entry["rationale"] = (link.get("rationale") or "").strip() or None
        doc_links.append(entry)
    return {"case": case_id, "tags": doc_tags, "links": doc_links, "notes": list(notes)}


def dump_reference(document: dict[str, Any]) -> str:
    body = yaml.safe_dump(document, sort_keys=False, allow_unicode=True, width=100, default_flow_style=False)
    return HEADER.format(case_id=document["case"]) + body


def save_reference(path: Path, document: dict[str, Any]) -> Path:
    return atomic_write(path, dump_reference(document).encode("utf-8"))
