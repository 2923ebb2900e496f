"""Answers files: the one way answers go in and out (what learners hand in, what widgets autosave).

JSON only — nothing is ever evaluated or unpickled. Loading refuses bad input with one line naming
the file, the field and the fix; saving is atomic, so a crash never leaves half a file.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from .atomic import atomic_write
from .case import Case
from .errors import KitError, problem
from .jsonfile import key as _key, read_json, short as _short

FORMAT = "readout-kit/answers"
VERSION = 1
MAX_BYTES = 1024 * 1024  # a full answers file is ~5 KB; 1 MiB leaves room and refuses junk
MAX_LEARNER = 200  # characters; a name or an ID, not an essay

def _utf8_ok(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:  # lone surrogates such as "\ud800" are valid JSON but not text
        return False
    return True


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




_LOOKUPS: dict[int, tuple[Case, dict[str, str], dict[str, dict[str, None]], dict[str, None]]] = {}


def _lookups(case: Case) -> tuple[dict[str, str], dict[str, dict[str, None]], dict[str, None]]:
    """Plain-dict views of the case (claim -> side, dimension -> values, match types), built once
    per case: reading them out of the DataFrames on every file costs more than parsing the file."""
    cached = _LOOKUPS.get(id(case))
    if cached is None or cached[0] is not case:
        if len(_LOOKUPS) > 16:  # cases are few; never let the cache grow without bound
            _LOOKUPS.clear()
        cached = (case, dict(zip(case.claims.index, case.claims["side"])),
                  # dicts, not lists: hashed membership, and they keep the taxonomy's order for messages
                  {dim: dict.fromkeys(case.values(dim)) for dim in case.dimensions},
                  dict.fromkeys(case.taxonomy.link_match.values))
        _LOOKUPS[id(case)] = cached
    return cached[1], cached[2], cached[3]


_VALID_ITEMS: dict[int, tuple[Case, frozenset[tuple[str, str]], dict[str, dict[str, str]]]] = {}


def _valid_items(case: Case, allowed_values: dict[str, dict[str, None]]
                 ) -> tuple[frozenset[tuple[str, str]], dict[str, dict[str, str]]]:
    """Every valid (dimension, value) pair, and each claim's reference tags (most answers match)."""
    cached = _VALID_ITEMS.get(id(case))
    if cached is None or cached[0] is not case:
        if len(_VALID_ITEMS) > 16:
            _VALID_ITEMS.clear()
        typical: dict[str, dict[str, str]] = {}
        for row in case.reference.itertuples():
            typical.setdefault(row.claim_id, {})[row.dimension] = row.value
        cached = (case, frozenset((dim, v) for dim, values in allowed_values.items() for v in values), typical)
        _VALID_ITEMS[id(case)] = cached
    return cached[1], cached[2]


def check_header(data: Any, case: Case, source: object = "answers") -> str:
    """Check an answers document's object, format, version, case and learner; return the learner
    (stripped). Raises KitError naming ``source`` and the field — the first lines of :func:`parse_answers`."""
    def bad(field_: str | None, message: str) -> KitError:
        return KitError(problem(source, field_, message))

    if not isinstance(data, dict):
        raise bad(None, "expected a JSON object {\"format\": \"readout-kit/answers\", …}")
    if data.get("format") != FORMAT:
        given = "missing" if "format" not in data else f"is {_short(data['format'])}"
        raise bad("format", f"{given}; expected {FORMAT!r} — is this a Readout Kit answers file?")
    version = data.get("version")
    if type(version) is not int or version != VERSION:  # not True, not 1.0: those only compare equal to 1
        raise bad("version", f"is {_short(version)}; this kit reads version {VERSION}")
    if data.get("case") != case.id:
        raise bad("case", f"is {_short(data.get('case'))}; expected {case.id!r} (pass --case to check against another case)")
    learner = data.get("learner")
    if not isinstance(learner, str) or not learner.strip():
        raise bad("learner", "missing or not a string; put the learner's name or ID there")
    if len(learner) > MAX_LEARNER or not learner.strip().isprintable() or not _utf8_ok(learner):
        raise bad("learner", f"{_short(learner)} is not a plain name; use the learner's name or ID "
                             f"(printable text, at most {MAX_LEARNER} characters)")
    return learner.strip()


def parse_answers(data: Any, case: Case, source: object = "answers") -> Answers:
    """Validate already-parsed JSON against ``case``; raise KitError naming ``source`` and the field."""
    def bad(field_: str | None, message: str) -> KitError:
        return KitError(problem(source, field_, message))

    learner = check_header(data, case, source)
    claim_sides, allowed_values, match_types = _lookups(case)
    valid_items, typical = _valid_items(case, allowed_values)
    raw_tags = data.get("tags", {})
    if not isinstance(raw_tags, dict):
        raise bad("tags", "expected an object of claim ID -> {dimension: value}")
    tags: dict[str, dict[str, str]] = {}
    for claim_id, dims in raw_tags.items():
        # Fast path, one set operation per claim (grading a class reads thousands of files):
        # a known claim whose every (dimension, value) pair is valid. Anything else takes the
        # careful path below, which names the first problem.
        if type(dims) is dict and claim_id in claim_sides:
            if dims == typical.get(claim_id):  # the reference's own tags: valid, and a cheap test
                tags[claim_id] = dict(dims)
                continue
            try:
                if valid_items.issuperset(dims.items()):
                    if dims:
                        tags[claim_id] = dict(dims)
                    continue
            except TypeError:  # an unhashable value such as a list: let the careful path name it
                pass
        if claim_id not in claim_sides:
            raise bad(f"tags.{_key(claim_id)}", f"unknown claim ID; this case's claims are {case.claims.index[0]}…{case.claims.index[-1]}")
        if not isinstance(dims, dict):
            raise bad(f"tags.{claim_id}", "expected an object of dimension -> value")
        clean: dict[str, str] = {}
        for dim, value in dims.items():
            if dim not in allowed_values:
                raise bad(f"tags.{claim_id}.{_key(dim)}", f"unknown dimension; expected one of: {', '.join(case.dimensions)}")
            if value is None:  # explicitly untagged
                continue
            if not isinstance(value, str) or value not in allowed_values[dim]:
                raise bad(f"tags.{claim_id}.{dim}", f"{_short(value)} is not a {dim}; expected one of: {', '.join(allowed_values[dim])}")
            clean[dim] = value
        if clean:
            tags[claim_id] = clean
    raw_links = data.get("links", [])
    if not isinstance(raw_links, list):
        raise bad("links", "expected a list of {\"a\": claim, \"b\": claim, \"match\": type}")
    first_side = case.sides[0].id
    links: dict[tuple[str, str], Link] = {}
    for i, link in enumerate(raw_links):
        if type(link) is dict:  # fast path for a valid link; anything else is named below
            a, b, match = link.get("a"), link.get("b"), link.get("match")
            try:
                side_a, side_b = claim_sides.get(a), claim_sides.get(b)
                valid = side_a is not None and side_b is not None and side_a != side_b and match in match_types
            except TypeError:  # an unhashable end or match
                valid = False
            if valid:
                pair = (a, b) if side_a == first_side else (b, a)
                links[pair] = Link(pair[0], pair[1], match)  # the last word on a pair wins
                continue
        if not isinstance(link, dict):
            raise bad(f"links[{i}]", "expected {\"a\": claim, \"b\": claim, \"match\": type}")
        a, b, match = link.get("a"), link.get("b"), link.get("match")
        for end, name in ((a, "a"), (b, "b")):
            if not isinstance(end, str) or end not in claim_sides:
                raise bad(f"links[{i}].{name}", f"{_short(end)} is not a claim ID of this case")
        assert isinstance(a, str) and isinstance(b, str)  # for the type checker: checked just above
        if claim_sides[a] == claim_sides[b]:
            raise bad(f"links[{i}]", f"{a} and {b} are on the same side; a link joins a claim to the other readout")
        if not isinstance(match, str) or match not in match_types:
            raise bad(f"links[{i}].match", f"{_short(match)} is not a match type; expected one of: {', '.join(match_types)}")
        if claim_sides[a] != first_side:
            a, b = b, a
        links[(a, b)] = Link(a, b, match)  # the last word on a pair wins
    updated = data.get("updated")
    extra = {k: data[k] for k in ("rationale", "alternatives", "link_rationale") if k in data}
    return Answers(case.id, learner, tags, list(links.values()),
                   updated if isinstance(updated, str) else None, extra)


def load_answers(path: str | Path, case: Case) -> Answers:
    """Read and validate one answers file. Raises KitError (one line) for anything wrong with it."""
    path = Path(path)
    return parse_answers(read_answers_json(path), case, path)


def read_answers_json(path: Path) -> Any:
    """The parsed JSON of an answers file, within the size limit; KitError (one line) if it is not."""
    return read_json(path, MAX_BYTES, "answers")


def save_answers(answers: Answers, path: str | Path) -> Path:
    """Write atomically: a temporary file in the same folder, flushed and fsynced, then renamed.

    A process killed mid-save (a kernel restart, SIGKILL) leaves the previous file whole and, at
    worst, its hidden ``.<name>.*.tmp``; the next save of that file removes such leftovers
    (see :mod:`kit.atomic`).
    Two processes saving the same file at once: each rename is atomic, so the file is always one
    whole save — the last writer's.
    """
    answers.updated = datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    payload = json.dumps(answers.to_dict(), ensure_ascii=False, indent=1).encode("utf-8")
    return atomic_write(Path(path), payload)
