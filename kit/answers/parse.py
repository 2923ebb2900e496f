"""Answers files: the one way answers go in and out (what learners hand in, what widgets autosave).

JSON only — nothing is ever evaluated or unpickled. Loading refuses bad input with one line naming
the file, the field and the fix; saving is atomic, so a crash never leaves half a file.

:func:`parse_answers` is the one validator (the boards' store, ``kit check``, ``kit grade``, ``kit
submit``; exercise files share :func:`check_header`). Plain Python over the case's answer key
(:mod:`kit.case.key`) rather than typed msgspec structs or pydantic v2: those decode and validate in one
compiled pass, but keep the last of a duplicated JSON key silently, which :mod:`kit.io.jsonfile` must
refuse, and their messages would need translating back into one line naming the file and the field.
(:mod:`kit.io.jsonfile` does decode with msgspec, untyped, then proves no key was repeated.)
"""

from __future__ import annotations

import json
from itertools import chain
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, NamedTuple

from ..io.atomic import atomic_write
from ..case.load import Case
from ..errors import KitError, problem
from ..io.jsonfile import key as _key, read_json, short as _short
from ..case.key import AnswerKey

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


class Link(NamedTuple):
    """One drawn link: immutable, and a tuple (built a few times per file while grading a class)."""

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




def check_header(data: Any, case: Case, source: object = "answers", *, format_: str = FORMAT,
                 version_: int = VERSION, kind: str = "a Readout Kit answers file") -> str:
    """Check a document's object, format, version, case and learner; return the learner (stripped).
    Raises KitError naming ``source`` and the field — the first lines of :func:`parse_answers`, and of
    :func:`kit.answers.exercise_answers.parse_exercise_answers` (``format_``: its format, ``kind``: its name)."""
    def bad(field_: str | None, message: str) -> KitError:
        return KitError(problem(source, field_, message))

    if not isinstance(data, dict):
        raise bad(None, f"expected a JSON object {{\"format\": \"{format_}\", …}}")
    if data.get("format") != format_:
        given = "missing" if "format" not in data else f"is {_short(data['format'])}"
        raise bad("format", f"{given}; expected {format_!r} — is this {kind}?")
    version = data.get("version")
    if type(version) is not int or version != version_:  # not True, not 1.0: those only compare equal to 1
        raise bad("version", f"is {_short(version)}; this kit reads version {version_}")
    if data.get("case") != case.id:
        raise bad("case", f"is {_short(data.get('case'))}; expected {case.id!r} (pass --case to check against another case)")
    learner = data.get("learner")
    if not isinstance(learner, str) or not learner.strip():
        raise bad("learner", "missing or not a string; put the learner's name or ID there")
    if len(learner) > MAX_LEARNER or not learner.strip().isprintable() or not _utf8_ok(learner):
        raise bad("learner", f"{_short(learner)} is not a plain name; use the learner's name or ID "
                             f"(printable text, at most {MAX_LEARNER} characters)")
    return learner.strip()


def tag_problem(key: AnswerKey, claim_id: object, dimension: object, value: object) -> tuple[str, str] | None:
    """(field, what is wrong) when ``value`` cannot be ``claim_id``'s ``dimension``; None when it can
    (``None`` is a valid value: explicitly untagged; ``dimension=None`` checks the claim alone). The one
    rule for a tag, wherever it comes from."""
    if not isinstance(claim_id, str) or claim_id not in key.side:
        first, last = (key.claim_ids[0], key.claim_ids[-1]) if key.claim_ids else ("", "")
        return f"tags.{_key(claim_id)}", f"unknown claim ID; this case's claims are {first}…{last}"
    if dimension is None:
        return None
    if not isinstance(dimension, str) or dimension not in key.values:
        return f"tags.{claim_id}.{_key(dimension)}", f"unknown dimension; expected one of: {', '.join(key.dimensions)}"
    allowed = key.values[dimension]
    if value is not None and (not isinstance(value, str) or value not in allowed):
        return f"tags.{claim_id}.{dimension}", f"{_short(value)} is not a {dimension}; expected one of: {', '.join(allowed)}"
    return None


def link_problem(key: AnswerKey, a: object, b: object, match: object) -> tuple[str, str] | None:
    """(field under ``links[i]``, what is wrong) when ``a``–``b`` cannot be linked as ``match``; else None."""
    for end, name in ((a, "a"), (b, "b")):
        if not isinstance(end, str) or end not in key.side:
            return f".{name}", f"{_short(end)} is not a claim ID of this case"
    assert isinstance(a, str) and isinstance(b, str)  # for the type checker: checked just above
    if key.side[a] == key.side[b]:
        return "", f"{a} and {b} are on the same side; a link joins a claim to the other readout"
    if not isinstance(match, str) or match not in key.match_types:
        return ".match", f"{_short(match)} is not a match type; expected one of: {', '.join(key.match_types)}"
    return None


def _common_tags(key: AnswerKey, raw_tags: dict, fresh: bool) -> dict[str, dict[str, str]] | None:
    """The tags (copied unless ``fresh``), when every claim is known and every entry a non-empty object
    of valid (dimension, value) pairs — the common answer, checked in a few whole-document set
    operations (a class is thousands of files); None for anything else (an unknown claim or value,
    ``None``, an empty entry), which :func:`parse_answers` then checks claim by claim with
    :func:`tag_problem`. Accepts exactly what that careful path accepts without change, so it decides
    no rule itself."""
    entries = raw_tags.values()
    try:
        if not (raw_tags.keys() <= key.side.keys()
                and key.valid_items.issuperset(chain.from_iterable(map(dict.items, entries)))
                and all(entries)):  # all entries are dicts by now (dict.items refuses anything else)
            return None
    except TypeError:  # an entry that is no object, or an unhashable value such as a list
        return None
    return raw_tags if fresh else dict(zip(raw_tags, map(dict, entries)))


def parse_answers(data: Any, case: Case, source: object = "answers", *, fresh: bool = False) -> Answers:
    """The one validator: already-parsed JSON checked against ``case``'s key; raise KitError naming
    ``source`` and the field. The boards' store, ``kit check``, ``kit grade`` and ``kit submit`` all
    come through here (tags and links one at a time through :func:`tag_problem`, :func:`link_problem`).

    The answers never share an object with ``data`` (a board edits its answers), unless ``fresh``:
    ``data`` was parsed for this call alone and nothing else will read it (grading: a copy of a
    class's tags costs as much as checking them)."""
    def bad(field_: str | None, message: str) -> KitError:
        return KitError(problem(source, field_, message))

    learner = check_header(data, case, source)
    key = case.key
    raw_tags = data.get("tags", {})
    if not isinstance(raw_tags, dict):
        raise bad("tags", "expected an object of claim ID -> {dimension: value}")
    tags = _common_tags(key, raw_tags, fresh)
    if tags is None:  # something to drop or refuse: claim by claim, tag_problem names the first problem
        tags = {}
        for claim_id, dims in raw_tags.items():
            wrong = tag_problem(key, claim_id, None, None)
            if wrong is not None:
                raise bad(*wrong)
            if not isinstance(dims, dict):
                raise bad(f"tags.{claim_id}", "expected an object of dimension -> value")
            for dim, value in dims.items():
                wrong = tag_problem(key, claim_id, dim, value)
                if wrong is not None:
                    raise bad(*wrong)
            clean = {dim: value for dim, value in dims.items() if value is not None}
            if clean:
                tags[claim_id] = clean
    raw_links = data.get("links", [])
    if not isinstance(raw_links, list):
        raise bad("links", "expected a list of {\"a\": claim, \"b\": claim, \"match\": type}")
    links: dict[tuple[str, str], Link] = {}
    side, first_side, match_types = key.side, key.first_side, key.match_types
    for i, link in enumerate(raw_links):
        if type(link) is dict:  # the common valid link in a few look-ups; link_problem names anything else
            a, b, match = link.get("a"), link.get("b"), link.get("match")
            if type(a) is str and type(b) is str and type(match) is str and match in match_types:
                side_a, side_b = side.get(a), side.get(b)
                if side_a is not None and side_b is not None and side_a != side_b:
                    pair = (a, b) if side_a == first_side else (b, a)
                    links[pair] = Link(pair[0], pair[1], match)  # the last word on a pair wins
                    continue
        if not isinstance(link, dict):
            raise bad(f"links[{i}]", "expected {\"a\": claim, \"b\": claim, \"match\": type}")
        a, b, match = link.get("a"), link.get("b"), link.get("match")
        wrong = link_problem(key, a, b, match)
        if wrong is not None:
            raise bad(f"links[{i}]{wrong[0]}", wrong[1])
        pair = key.orient(str(a), str(b))  # str subclasses from Python callers: valid, stored as str
        links[pair] = Link(pair[0], pair[1], str(match))
    updated = data.get("updated")
    extra = {k: data[k] for k in ("rationale", "alternatives", "link_rationale") if k in data}
    return Answers(case.id, learner, tags, list(links.values()),
                   updated if isinstance(updated, str) else None, extra)


def load_answers(path: str | Path, case: Case) -> Answers:
    """Read and validate one answers file. Raises KitError (one line) for anything wrong with it."""
    path = Path(path)
    return parse_answers(read_answers_json(path), case, path, fresh=True)


def read_answers_json(path: Path) -> Any:
    """The parsed JSON of an answers file, within the size limit; KitError (one line) if it is not."""
    return read_json(path, MAX_BYTES, "answers")


def save_answers(answers: Answers, path: str | Path) -> Path:
    """Write atomically: a temporary file in the same folder, flushed and fsynced, then renamed.

    A process killed mid-save (a kernel restart, SIGKILL) leaves the previous file whole and, at
    worst, its hidden ``.<name>.*.tmp``; the next save of that file removes such leftovers
    (see :mod:`kit.io.atomic`).
    Two processes saving the same file at once: each rename is atomic, so the file is always one
    whole save — the last writer's.
    """
    return atomic_write(Path(path), answers_bytes(answers))


def answers_bytes(answers: Answers) -> bytes:
    """The answers file's bytes, stamped ``updated`` now (what :func:`save_answers` and the store write)."""
    answers.updated = datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    return json.dumps(answers.to_dict(), ensure_ascii=False, indent=1).encode("utf-8")
