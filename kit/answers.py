"""Answers files: the one way answers go in and out (what learners hand in, what widgets autosave).

JSON only — nothing is ever evaluated or unpickled. Loading refuses bad input with one line naming
the file, the field and the fix; saving is atomic, so a crash never leaves half a file.
"""

from __future__ import annotations

import json
import os
import tempfile
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from .case import Case
from .errors import KitError, problem

FORMAT = "readout-kit/answers"
VERSION = 1
MAX_BYTES = 1024 * 1024  # a full answers file is ~5 KB; 1 MiB leaves room and refuses junk


@dataclass(frozen=True)
class Link:
    a: str  # a claim of the case's first side
    b: str  # a claim of the other side
    match: str


@dataclass
class Answers:
    case: str
    learner: str
    tags: dict[str, dict[str, str]] = field(default_factory=dict)
    links: list[Link] = field(default_factory=list)
    updated: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)  # e.g. the reference's rationale/alternatives

    def to_dict(self) -> dict[str, Any]:
        return {"format": FORMAT, "version": VERSION, "case": self.case, "learner": self.learner,
                "updated": self.updated,
                "tags": {cid: dict(dims) for cid, dims in self.tags.items() if dims},
                "links": [{"a": k.a, "b": k.b, "match": k.match} for k in self.links],
                **self.extra}


def _refuse_constant(name: str) -> None:
    raise ValueError(f"{name} is not valid JSON")


def parse_answers(data: Any, case: Case, source: object = "answers") -> Answers:
    """Validate already-parsed JSON against ``case``; raise KitError naming ``source`` and the field."""
    def bad(field_: str | None, message: str) -> KitError:
        return KitError(problem(source, field_, message))

    if not isinstance(data, dict):
        raise bad(None, "expected a JSON object {\"format\": \"readout-kit/answers\", …}")
    if data.get("format") != FORMAT:
        raise bad("format", f"is {data.get('format')!r}; expected {FORMAT!r} — is this a Readout Kit answers file?")
    if data.get("version") != VERSION:
        raise bad("version", f"is {data.get('version')!r}; this kit reads version {VERSION}")
    if data.get("case") != case.id:
        raise bad("case", f"is {data.get('case')!r}; expected {case.id!r} (pass --case to check against another case)")
    learner = data.get("learner")
    if not isinstance(learner, str) or not learner.strip():
        raise bad("learner", "missing or not a string; put the learner's name or ID there")
    raw_tags = data.get("tags", {})
    if not isinstance(raw_tags, dict):
        raise bad("tags", "expected an object of claim ID -> {dimension: value}")
    tags: dict[str, dict[str, str]] = {}
    for claim_id, dims in raw_tags.items():
        if claim_id not in case.claims.index:
            raise bad(f"tags.{claim_id}", f"unknown claim ID; this case's claims are {case.claims.index[0]}…{case.claims.index[-1]}")
        if not isinstance(dims, dict):
            raise bad(f"tags.{claim_id}", "expected an object of dimension -> value")
        clean: dict[str, str] = {}
        for dim, value in dims.items():
            if dim not in case.dimensions:
                raise bad(f"tags.{claim_id}.{dim}", f"unknown dimension; expected one of: {', '.join(case.dimensions)}")
            if value is None:  # explicitly untagged
                continue
            allowed = case.values(dim)
            if not isinstance(value, str) or value not in allowed:
                raise bad(f"tags.{claim_id}.{dim}", f"{value!r} is not a {dim}; expected one of: {', '.join(allowed)}")
            clean[dim] = value
        if clean:
            tags[claim_id] = clean
    raw_links = data.get("links", [])
    if not isinstance(raw_links, list):
        raise bad("links", "expected a list of {\"a\": claim, \"b\": claim, \"match\": type}")
    first_side = case.sides[0].id
    links: dict[tuple[str, str], Link] = {}
    for i, link in enumerate(raw_links):
        if not isinstance(link, dict):
            raise bad(f"links[{i}]", "expected {\"a\": claim, \"b\": claim, \"match\": type}")
        a, b, match = link.get("a"), link.get("b"), link.get("match")
        for end, name in ((a, "a"), (b, "b")):
            if not isinstance(end, str) or end not in case.claims.index:
                raise bad(f"links[{i}].{name}", f"{end!r} is not a claim ID of this case")
        if case.claims.at[a, "side"] == case.claims.at[b, "side"]:
            raise bad(f"links[{i}]", f"{a} and {b} are on the same side; a link joins a claim to the other readout")
        if not isinstance(match, str) or match not in case.taxonomy.link_match.values:
            raise bad(f"links[{i}].match", f"{match!r} is not a match type; expected one of: {', '.join(case.taxonomy.link_match.values)}")
        if case.claims.at[a, "side"] != first_side:
            a, b = b, a
        links[(a, b)] = Link(a, b, match)  # the last word on a pair wins
    updated = data.get("updated")
    extra = {k: data[k] for k in ("rationale", "alternatives", "link_rationale") if k in data}
    return Answers(case.id, learner.strip(), tags, list(links.values()),
                   updated if isinstance(updated, str) else None, extra)


def load_answers(path: str | Path, case: Case) -> Answers:
    """Read and validate one answers file. Raises KitError (one line) for anything wrong with it."""
    path = Path(path)
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise KitError(problem(path, None, "file not found; check the path")) from None
    if size > MAX_BYTES:
        raise KitError(problem(path, None, f"{size:,} bytes is over the {MAX_BYTES:,}-byte limit; hand in the answers file the kit saved"))
    try:
        data = json.loads(path.read_bytes().decode("utf-8"), parse_constant=_refuse_constant)
    except UnicodeDecodeError:
        raise KitError(problem(path, None, "not UTF-8 text; hand in the .json file the kit saved")) from None
    except (ValueError, RecursionError) as err:
        raise KitError(problem(path, None, f"not valid JSON ({str(err).splitlines()[0][:80]}); hand in the .json file the kit saved")) from None
    return parse_answers(data, case, path)


def save_answers(answers: Answers, path: str | Path) -> Path:
    """Write atomically: a temporary file in the same folder, flushed and fsynced, then renamed."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    answers.updated = datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    payload = json.dumps(answers.to_dict(), ensure_ascii=False, indent=1).encode("utf-8")
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(payload)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path
