"""Grade a class: find answers files, score each, report bad files and duplicates, write a gradebook CSV.

A bad file is named with its reason and skipped; it never stops the batch. Nothing a learner wrote
is ever run: answers files are JSON, read by :func:`kit.answers.load_answers`.
"""

from __future__ import annotations

import csv
import gc
import io
import os
from operator import itemgetter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .answers import Answers, Link, check_header, parse_answers, read_answers_json
from .case import Case
from .errors import KitError, problem
from .scoring import Score, _link_score, answer_key, claim_tally, score, unpack_tally, weighted
from .submit import LATEST

LMS_CHOICES = ("canvas", "moodle")


class Graded:
    """One learner's graded file, kept small so that a batch of any size fits in memory.

    The numbers a gradebook needs are kept (``learner``, ``overall``, ``accuracy`` per dimension in
    the case's order, ``links_f1``); the answers are kept as references to the class's shared claim
    answers (a class answers each claim in a few ways), and :attr:`answers` and :attr:`score`
    rebuild them on demand — :attr:`score` through :func:`kit.scoring.score`, as ``kit check`` does.
    """

    __slots__ = ("path", "learner", "updated", "overall", "links_f1", "_tally", "_codec", "_tags", "_links")

    def __init__(self, path: Path, learner: str, updated: str | None, overall: float, tally: int,
                 links_f1: float, codec: _Codec, tags: tuple[_Entry, ...], links: tuple[tuple[str, str, str], ...]) -> None:
        self.path, self.learner, self.updated = path, learner, updated
        self.overall, self.links_f1, self._tally = overall, links_f1, tally
        self._codec, self._tags, self._links = codec, tags, links

    @classmethod
    def of(cls, path: Path, answers: Answers, result: Score) -> Graded:
        codec = _codec(result._key.case)
        entries = tuple(codec.entry(claim_id, dims) for claim_id, dims in answers.tags.items())
        return cls(path, result.learner, answers.updated, result.overall, sum(e[2] for e in entries), result.links.f1,
                   codec, entries, tuple(codec.shared((k.a, k.b, k.match)) for k in answers.links))

    @property
    def accuracy(self) -> tuple[float, ...]:
        """Per dimension, in the case's order: right tags / claims."""
        total = len(self._codec.claim_ids)
        return tuple(r / total if total else 0.0 for r in unpack_tally(self._tally, len(self._codec.dimensions)))

    @property
    def answers(self) -> Answers:
        return Answers(self._codec.case.id, self.learner, {c: dict(dims) for c, dims, _ in self._tags if dims},
                       [Link(a, b, m) for a, b, m in self._links], self.updated)

    @property
    def score(self) -> Score:
        return score(self._codec.case, self.answers, snapshot=False)

    def __repr__(self) -> str:
        return f"Graded({str(self.path)!r}, learner={self.learner!r}, overall={self.overall:.4f})"


_Entry = tuple[str, dict[str, str], int]  # claim ID, its tags (shared: never edit), packed tallies


class _Codec:
    """Per case: a memo of every distinct valid claim answer seen, (claim, its dimension -> value
    pairs) -> (claim, tags, right and tagged tallies packed in one integer). A class answers each
    claim in a few ways, so nearly every claim of every file is one look-up that both validates and
    scores it, and learners share the memo's objects. A file with anything invalid or unusual goes
    the careful way (kit.answers.parse_answers, kit.scoring.score), which names the problem."""

    MEMO_LIMIT = 200_000  # distinct claim answers; far beyond any class, so never a memory risk

    def __init__(self, case: Case) -> None:
        self.case = case
        self.key = answer_key(case)
        self.dimensions = self.key.dimensions
        self.claim_ids = {c: c for c in self.key.claim_ids}
        self.values = {d: dict.fromkeys(case.values(d)) for d in self.dimensions}
        self.shift = 16 * len(self.dimensions)  # tagged tallies above the right ones
        self.sides = dict(zip(case.claims.index, case.claims["side"]))
        self.first_side = case.sides[0].id
        self.match_types = {m: m for m in case.taxonomy.link_match.values}
        self.memo: dict[tuple[str, tuple[tuple[str, Any], ...]], _Entry] = {}
        self.links: dict[tuple[str, str, str], tuple[str, str, str]] = {}  # one object per distinct link

    def shared(self, link: tuple[str, str, str]) -> tuple[str, str, str]:
        found = self.links.get(link)
        if found is None:
            if len(self.links) > self.MEMO_LIMIT:
                self.links.clear()
            found = self.links[link] = link
        return found

    def entry(self, claim_id: str, dims: dict[str, str]) -> _Entry:
        """A validated claim answer (no nulls) as a memo entry."""
        key = (claim_id, tuple(dims.items()))
        found = self.memo.get(key)
        if found is None:
            right, tagged = claim_tally(self.key, claim_id, dims)
            found = (self.claim_ids[claim_id], dict(dims), right + (tagged << self.shift))
            if len(self.memo) > self.MEMO_LIMIT:
                self.memo.clear()
            self.memo[key] = found
        return found

    def _learn(self, claim_id: str, dims: dict[str, Any]) -> _Entry | None:
        """Check one claim's answer as parse_answers does (known claim, known dimensions, each value
        one of the dimension's or null); remember and return it if valid, else None."""
        if claim_id not in self.claim_ids or not all(d in self.values and (v is None or v in self.values[d])
                                                     for d, v in dims.items()):
            return None
        found = self.entry(claim_id, {d: v for d, v in dims.items() if v is not None})
        self.memo[(claim_id, tuple(dims.items()))] = found  # as it was written, nulls and all
        return found

    def grade(self, path: Path) -> Graded:
        """Read, validate and score one file; KitError (one line) if it is refused."""
        data = read_answers_json(path)
        graded = self._fast(path, data)
        if graded is None:  # something odd: the careful path names the problem (or grades it)
            answers = parse_answers(data, self.case, path)
            graded = Graded.of(path, answers, score(self.case, answers, snapshot=False))
        return graded

    def _fast(self, path: Path, data: Any) -> Graded | None:
        learner = check_header(data, self.case, path)  # the same lines as parse_answers
        raw_tags = data.get("tags", {})
        raw_links = data.get("links", [])
        if type(raw_tags) is not dict or type(raw_links) is not list:
            return None
        memo_get = self.memo.get
        try:
            entries = [memo_get((claim_id, tuple(dims.items()))) or self._learn(claim_id, dims)
                       for claim_id, dims in raw_tags.items()]  # AttributeError: not a dict
            if None in entries:
                return None
            sides, first, match_types = self.sides, self.first_side, self.match_types
            drawn: dict[tuple[str, str], str] = {}
            for link in raw_links:
                if type(link) is not dict:
                    return None
                a, b, match = link.get("a"), link.get("b"), link.get("match")
                side_a, side_b, match = sides.get(a), sides.get(b), match_types.get(match)
                if side_a is None or side_b is None or side_a == side_b or match is None:
                    return None
                a, b = self.claim_ids[a], self.claim_ids[b]
                drawn[(a, b) if side_a == first else (b, a)] = match  # the last word on a pair wins, as in parse_answers
        except (TypeError, AttributeError):  # unhashable, or not an object: the careful path names it
            return None
        tally = sum(map(_third, entries))
        n, total = len(self.dimensions), len(self.claim_ids)
        rights = unpack_tally(tally, n)
        links = _link_score(self.key, drawn)
        tags = sum(rights) / (total * n) if total else 0.0
        updated = data.get("updated")
        return Graded(path, learner, updated if isinstance(updated, str) else None,
                      weighted(tags, links.f1, links.match_accuracy), tally, links.f1, self, tuple(entries),
                      tuple(self.shared((a, b, m)) for (a, b), m in drawn.items()))


_third = itemgetter(2)


_CODECS: dict[int, _Codec] = {}


def _codec(case: Case) -> _Codec:
    codec = _CODECS.get(id(case))
    if codec is None or codec.case is not case:
        if len(_CODECS) > 16:
            _CODECS.clear()
        codec = _CODECS[id(case)] = _Codec(case)
    return codec


@dataclass(frozen=True)
class Duplicate:
    learner: str
    kept: Path
    dropped: tuple[Path, ...]

    def message(self) -> str:
        return (f"{self.learner}: {1 + len(self.dropped)} answers files; graded {self.kept}, "
                f"skipped {', '.join(map(str, self.dropped))} (the latest 'updated' wins)")


@dataclass
class Batch:
    """The outcome of grading: one entry per learner, the files that failed, the duplicates."""

    graded: list[Graded] = field(default_factory=list)  # one per learner, in learner order
    failed: list[str] = field(default_factory=list)  # one line each: file: field: reason
    duplicates: list[Duplicate] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.failed


def find_answer_files(paths: Iterable[str | Path]) -> tuple[list[Path], list[str]]:
    """Files named directly, and every ``*.json`` under folders (hidden files and folders skipped:
    editors' temporary files, ``.ipynb_checkpoints``; in a folder holding ``latest.json``, as
    ``kit submit`` leaves, only that). Paths that do not exist are problems."""
    files: list[Path] = []
    problems: list[str] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found = sorted(p for p in path.rglob("*.json")
                           if p.is_file() and not any(part.startswith(".") for part in p.relative_to(path).parts))
            # A `kit submit` hand-in folder keeps every attempt beside latest.json: grade the latest.
            with_latest = {p.parent for p in found if p.name == LATEST}
            found = [p for p in found if p.parent not in with_latest or p.name == LATEST]
            if not found:
                problems.append(problem(path, None, "no answers files (*.json) in this folder"))
            files.extend(found)
        elif path.exists():
            files.append(path)
        else:
            problems.append(problem(path, None, "no such file or folder; check the path"))
    unique = list(dict.fromkeys(files))  # a file named twice is graded once
    return unique, problems


def _progress(items: Iterable[Path], show: bool) -> Iterable[Path]:
    if not show:
        return items
    from tqdm import tqdm  # only on a terminal; tqdm writes to stderr

    return tqdm(items, desc="grading", unit="file", leave=False)


def grade_files(case: Case, files: Iterable[Path], *, progress: bool = False) -> Batch:
    """Load and score every file; collect failures instead of raising.

    Streams: each file is read, checked and scored, and only its small :class:`Graded` record is
    kept (the better of two, for a learner handed in twice), so memory grows by a few hundred bytes
    a learner whatever the files hold (benchmarks/bench_bounds.py).
    """
    codec = _codec(case)  # the reference lookups, built once, before the loop
    batch = Batch()
    best: dict[str, Graded] = {}
    seen: dict[str, list[Path]] = {}  # learners handed in more than once: every file, in order
    # The loop makes many small objects and no reference cycles; the cyclic garbage collector
    # would only rescan the growing batch again and again (a quarter of the time on 10,000 files).
    gc_was_enabled = gc.isenabled()
    gc.disable()
    try:
        for path in _progress(files, progress):
            try:
                graded = codec.grade(path)
            except KitError as err:
                batch.failed.extend(err.problems)
                continue
            # A hand-in (`kit submit`: HANDIN/<learner>/latest.json) is that folder's learner's: a file
            # claiming to be someone else's would replace their grade, so it is refused.
            if path.name == LATEST and graded.learner != path.parent.name:
                batch.failed.append(problem(path, "learner", f"is {graded.learner!r} but this is {path.parent.name!r}'s "
                                                             "hand-in folder; hand in your own answers with kit submit"))
                continue
            kept = best.get(graded.learner)
            if kept is None:
                best[graded.learner] = graded
                continue
            seen.setdefault(graded.learner, [kept.path]).append(graded.path)
            # Latest 'updated' wins (ISO timestamps sort as text); then the later file in path order.
            if (graded.updated or "", str(graded.path)) >= (kept.updated or "", str(kept.path)):
                best[graded.learner] = graded
    finally:
        if gc_was_enabled:
            gc.enable()
    for learner in sorted(best):
        keep = best[learner]
        if learner in seen:
            batch.duplicates.append(Duplicate(learner, keep.path, tuple(p for p in seen[learner] if p != keep.path)))
        batch.graded.append(keep)
    return batch


def grade_paths(case: Case, paths: Iterable[str | Path], *, progress: bool = False) -> Batch:
    files, problems = find_answer_files(paths)
    batch = grade_files(case, files, progress=progress)
    batch.failed[:0] = problems
    return batch


def _cell(text: str) -> str:
    """A learner-supplied string made safe for spreadsheets: a leading = + - @ would start a formula."""
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def assignment_name(case: Case) -> str:
    return f"Readout Kit: {case.id}"


def grade_table(case: Case, batch: Batch, lms: str | None = None) -> list[list[str]]:
    """The gradebook as rows of text, header first.

    Default: learner, score (0–1), each dimension's accuracy, links F1, source file.

    ``canvas``: the columns of a Canvas gradebook export, which its importer reads back — Student,
    ID, SIS User ID, SIS Login ID, Section, then one column per assignment, and a "Points Possible"
    row (Canvas Guides, "How do I import grades in the Gradebook?"; canvas-lms
    app/models/gradebook_importer.rb matches rows by ID, SIS User ID or SIS Login ID and reads the
    ``/Points Possible/`` row). The learner field goes in Student and SIS Login ID; Canvas creates
    the assignment when the column is new. Score in points out of 100.

    ``moodle``: a user identifier column and a grade column; Moodle's "Import grades → CSV file"
    asks which column identifies users ("Map from") and which user field it is ("Map to": username,
    email or ID number) and maps each other column to a grade item (MoodleDocs, "Grade import").
    Score out of 100.
    """
    dims = list(case.dimensions)
    if lms is None:
        rows = [["learner", "score", *[f"{d}_accuracy" for d in dims], "links_f1", "file"]]
        for g in batch.graded:  # g.accuracy is in the case's dimension order, as the header
            rows.append([_cell(g.learner), f"{g.overall:.4f}", *[f"{a:.4f}" for a in g.accuracy],
                         f"{g.links_f1:.4f}", _cell(str(g.path))])
        return rows
    name = assignment_name(case)
    if lms == "canvas":
        rows = [["Student", "ID", "SIS User ID", "SIS Login ID", "Section", name],
                ["    Points Possible", "", "", "", "", "100"]]
        rows += [[_cell(g.learner), "", "", _cell(g.learner), "", f"{100 * g.overall:.2f}"]
                 for g in batch.graded]
        return rows
    if lms == "moodle":
        rows = [["Username", name]]
        rows += [[_cell(g.learner), f"{100 * g.overall:.2f}"] for g in batch.graded]
        return rows
    raise ValueError(f"unknown LMS {lms!r}; expected one of {', '.join(LMS_CHOICES)}")


def grades_csv(case: Case, batch: Batch, lms: str | None = None) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(grade_table(case, batch, lms))
    return buffer.getvalue()


def _write_csv(case: Case, batch: Batch, out: Path, lms: str | None) -> None:
    """Row by row (a table of 100,000 learners is never one string in memory), then renamed into place."""
    tmp = out.with_name(f".{out.name}.tmp")
    try:
        with tmp.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle, lineterminator="\n")
            head = grade_table(case, Batch(), lms)  # the header (and Canvas's points row)
            writer.writerows(head)
            for i in range(0, len(batch.graded), 1000):
                writer.writerows(grade_table(case, Batch(batch.graded[i:i + 1000]), lms)[len(head):])
        os.replace(tmp, out)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def write_grades(case: Case, batch: Batch, out: str | Path, lms: str | None = None) -> Path:
    out = Path(out)
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        _write_csv(case, batch, out, lms)
    except OSError as err:
        raise KitError(problem(out, None, f"cannot write: {err.strerror}")) from None
    return out
