"""Grade a class: find answers files, score each, report bad files and duplicates, write a gradebook CSV.

A bad file is named with its reason and skipped; it never stops the batch. Nothing a learner wrote
is ever run: answers files are JSON, read by :func:`kit.answers.load_answers`.
"""

from __future__ import annotations

import csv
import io
import os
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from .. import paths
from ..io.atomic import atomic_write
from ..paths import ATTEMPT, EXERCISE_ATTEMPT, LATEST, attempt_time
from ..answers.parse import FORMAT as ANSWERS_FORMAT, MAX_BYTES, Answers, load_answers, parse_answers, read_answers_json
from ..case.load import Case
from ..errors import KitError, problem
from ..io.jsonfile import read_json, short
from .scoring import Score, score

# kit.answers.exercise_answers.FORMAT and MAX_BYTES, not imported: that module (and the exercise specs)
# cost 10 ms at start, paid only when a class hands in exercises; tests/test_grade.py keeps them equal.
EXERCISE_FORMAT = "readout-kit/exercise"
EXERCISE_MAX_BYTES = 256 * 1024

LMS_CHOICES = ("canvas", "moodle")


class Graded:
    """One learner's graded file, kept small so that a batch of any size fits in memory: the numbers
    a gradebook needs (``learner``, ``overall``, ``accuracy`` per dimension in the case's order,
    ``links_f1``, ``match_accuracy``). :attr:`answers` and :attr:`score` read the file again, through
    the same :func:`kit.answers.load_answers` and :func:`kit.judge.scoring.score` as ``kit check``.
    """

    __slots__ = ("path", "learner", "updated", "overall", "accuracy", "links_f1", "match_accuracy", "case")

    def __init__(self, path: Path, case: Case, answers: Answers, result: Score) -> None:
        self.path, self.case, self.learner, self.updated = path, case, result.learner, answers.updated
        self.overall, self.links_f1, self.match_accuracy = result.overall, result.links.f1, result.links.match_accuracy
        self.accuracy: tuple[float, ...] = tuple([d.accuracy for d in result.dimensions.values()])

    @property
    def answers(self) -> Answers:
        return load_answers(self.path, self.case)

    @property
    def score(self) -> Score:
        return score(self.case, self.answers, snapshot=False)

    def __repr__(self) -> str:
        return f"Graded({str(self.path)!r}, learner={self.learner!r}, overall={self.overall:.4f})"


def grade_one(path: Path, case: Case, data: Any = None) -> Graded:
    """Read (unless ``data`` is its parsed JSON, read for this call alone), validate and score one file —
    ``kit check`` in a loop's clothing. KitError (one line) if refused."""
    answers = parse_answers(read_answers_json(path) if data is None else data, case, path, fresh=True)
    return Graded(path, case, answers, score(case, answers, snapshot=False))


@dataclass(frozen=True)
class Duplicate:
    learner: str
    kept: Path
    dropped: tuple[Path, ...]

    def message(self) -> str:
        return (f"{self.learner}: {1 + len(self.dropped)} answers files; graded {self.kept}, "
                f"skipped {', '.join(map(str, self.dropped))} (the latest 'updated' wins)")


@dataclass(frozen=True)
class Found:
    """A file to grade, and what its hand-in folder (``kit submit``) says about it."""

    path: Path
    handin: Path | None = None  # the hand-in folder it was picked from, if any
    handed_in: datetime | None = None  # the attempt's time (its name: the server's clock at hand-in)
    late: bool | None = None  # None: no --due, or no attempt time to compare
    late_attempts: int = 0  # attempts after --due (left out unless --late latest)
    exercise: str | None = None  # an exercise's answers, handed in with the tagging answers

    def folder_learner(self, case_id: str) -> str | None:
        """The learner this hand-in folder belongs to: ``HANDIN/<learner>/<case>/`` or the earlier
        ``HANDIN/<learner>/``; None for a file outside a hand-in folder."""
        if self.handin is None:
            return None
        return self.handin.parent.name if self.handin.name == case_id else self.handin.name


LATE_CHOICES = ("on-time", "latest")


@dataclass
class Batch:
    """The outcome of grading one case: one entry per learner, the files that failed, the duplicates."""

    graded: list[Graded] = field(default_factory=list)  # one per learner, in learner order
    failed: list[str] = field(default_factory=list)  # one line each: file: field: reason
    duplicates: list[Duplicate] = field(default_factory=list)
    case: Case | None = None
    handins: dict[str, Found] = field(default_factory=dict)  # learner -> the graded file's hand-in facts
    exercises: dict[str, dict[str, float]] = field(default_factory=dict)  # learner -> exercise -> score 0..1
    exercise_files: dict[str, dict[str, Path]] = field(default_factory=dict)  # learner -> exercise -> graded file
    notes: list[str] = field(default_factory=list)  # one line each, not failures (files of other cases…)

    @property
    def exercise_ids(self) -> list[str]:
        return sorted({ex for scores in self.exercises.values() for ex in scores})


def _json_files(root: Path) -> list[Path]:
    """Every ``*.json`` file under ``root``, sorted, skipping hidden files and folders: what
    ``rglob("*.json")`` + ``is_file()`` gave with hidden parts dropped (symbolic links to folders not followed,
    unreadable folders skipped), with one directory listing per folder and no stat per file."""
    found: list[str] = []
    stack = [os.fspath(root)]
    while stack:
        try:
            with os.scandir(stack.pop()) as listing:
                entries = list(listing)
        except OSError:  # unreadable or gone: rglob skipped it too
            continue
        for entry in entries:
            if entry.name.startswith("."):
                continue
            try:
                if entry.is_dir(follow_symlinks=False):
                    stack.append(entry.path)
                elif entry.name.endswith(".json") and entry.is_file():
                    found.append(entry.path)
            except OSError:
                continue
    # Path order (part by part) without building a Path to compare: sorting the split text is the
    # same order, at half the cost for a class of thousands.
    return list(map(Path, sorted(found, key=lambda text: text.split(os.sep))))


def _choose(attempts: list[tuple[datetime, Path]], latest: Path | None, due: datetime | None,
            late: str) -> tuple[Path, datetime | None, bool | None, int] | None:
    """Which attempt of one hand-in to grade: the latest without ``due``; with it, the last on-time
    attempt (``late="on-time"``, the latest if none was on time) or the latest (``late="latest"``)."""
    if not attempts:
        return (latest, None, None, 0) if latest is not None else None
    if due is None:
        return (latest or attempts[-1][1], attempts[-1][0], None, 0)
    on_time = [a for a in attempts if a[0] <= due]
    when, path = attempts[-1] if late == "latest" or not on_time else on_time[-1]
    return path, when, when > due, sum(1 for a in attempts if a[0] > due)


def _handin(folder: Path, files: list[Path], due: datetime | None, late: str, *, exercises: bool = True,
            tagging: bool = True) -> list[Found]:
    """The files to grade in one hand-in folder: its tagging answers and each exercise's, one attempt each."""
    files = [p for p in files if not p.is_symlink()]  # kit submit never makes a link; a planted one is not followed
    names = {p.name: p for p in files}
    found = []
    if tagging:
        attempts = sorted((t, p) for p in files if ATTEMPT.match(p.name) and (t := attempt_time(p.name)))
        chosen = _choose(attempts, names.get(LATEST), due, late)
        if chosen:
            found.append(Found(chosen[0], folder, *chosen[1:]))
    if exercises:
        by_exercise: dict[str, tuple[list[tuple[datetime, Path]], list[Path]]] = {}
        for p in files:
            m = EXERCISE_ATTEMPT.match(p.name)
            if m:
                attempts_, latest_ = by_exercise.setdefault(m["exercise"], ([], []))
                t = attempt_time(p.name)
                if m["stamp"] == "latest":
                    latest_.append(p)
                elif t is not None:
                    attempts_.append((t, p))
        for ex, (attempts_, latest_) in sorted(by_exercise.items()):
            chosen = _choose(sorted(attempts_), latest_[0] if latest_ else None, due, late)
            if chosen:
                found.append(Found(chosen[0], folder, *chosen[1:], exercise=ex))
    return found


def _is_handin_folder(names: Iterable[str]) -> bool:
    return any(n == LATEST or ATTEMPT.match(n) or EXERCISE_ATTEMPT.match(n) for n in names)


def collect(paths: Iterable[str | Path], due: datetime | None = None, late: str = "on-time") -> tuple[list[Found], list[str]]:
    """The files to grade, and the paths that are problems (missing, empty folders).

    Files named directly, and every ``*.json`` under folders (hidden files and folders skipped:
    editors' temporary files, ``.ipynb_checkpoints``). A ``kit submit`` hand-in folder (it holds
    ``latest.json`` or timestamped attempts) gives one attempt of its tagging answers and one of each
    exercise's: the latest, or with ``due`` the one :func:`_choose` picks. Naming a hand-in's
    ``latest.json`` directly picks from its folder the same way.
    """
    found: list[Found] = []
    problems: list[str] = []
    given = list(paths)
    for raw in given:
        path = Path(raw)
        if path.is_dir():
            files = _json_files(path)
            if not files:
                problems.append(problem(path, None, "no answers files (*.json) in this folder"))
            by_folder: dict[str, list[Path]] = {}  # by the folder's name as text: cheaper than a Path per file
            for p in files:
                by_folder.setdefault(os.path.dirname(p), []).append(p)
            for in_folder in by_folder.values():
                if _is_handin_folder(p.name for p in in_folder):
                    found.extend(_handin(in_folder[0].parent, in_folder, due, late))
                else:
                    found.extend(Found(p) for p in in_folder)
        elif path.exists():
            siblings = [p for p in path.parent.glob("*.json") if p.is_file() and not p.name.startswith(".")]
            m = EXERCISE_ATTEMPT.match(path.name)
            if path.name == LATEST:  # a hand-in: pick from its folder (the --due rule), with its exercises
                found.extend(_handin(path.parent, siblings, due, late))
            elif m and m["stamp"] == "latest":
                found.extend(f for f in _handin(path.parent, siblings, due, late, tagging=False) if f.exercise == m["exercise"])
            elif ATTEMPT.match(path.name) or m:  # one attempt, named on purpose: that one
                when = attempt_time(path.name)
                found.append(Found(path, path.parent, when, None if due is None or when is None else when > due,
                                   exercise=m["exercise"] if m else None))
            else:
                found.append(Found(path))
        else:
            problems.append(problem(path, None, "no such file or folder; check the path"))
    # A file named twice (or a folder and a file in it) is graded once; one path never gives a file
    # twice (rglob does not, nor does a hand-in folder's choice of attempts).
    if len(given) > 1:
        found = list({f.path: f for f in found}.values())
    return found, problems


def _progress(items: Iterable[Found], show: bool) -> Iterable[Found]:
    if not show:
        return items
    from tqdm import tqdm  # only on a terminal; tqdm writes to stderr

    return tqdm(items, desc="grading", unit="file", leave=False)


_CASE_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$")


class _Cases:
    """Cases by the ID a file names, loaded once each; only folders under data/cases/ (no paths)."""

    def __init__(self, explicit: Case | None) -> None:
        self.explicit = explicit
        self.loaded: dict[str, Case | str] = {}  # ID -> case, or the one-line reason it cannot be used
        self.exists: dict[str, bool] = {}

    def known(self, case_id: str) -> bool:
        """Is ``case_id`` a case folder of this course (checked once per ID)?"""
        if case_id not in self.exists:
            self.exists[case_id] = bool(_CASE_ID.match(case_id)) and paths.case_dir(case_id).is_dir()
        return self.exists[case_id]

    def get(self, case_id: Any, path: Path) -> Case | str:
        if self.explicit is not None:
            return self.explicit
        found = self.loaded.get(case_id) if isinstance(case_id, str) else None
        if isinstance(found, Case):
            return found
        if not isinstance(case_id, str) or not _CASE_ID.match(case_id) or not paths.case_dir(case_id).is_dir():
            return problem(path, "case", f"{short(case_id)} is not a case of this course (data/cases/); "
                                         "pass --case ID to grade it against one")
        if found is None:
            from ..case.load import load_case

            try:
                found = load_case(case_id)
            except KitError as err:
                found = problem(path, "case", f"case {case_id!r} does not load ({err.problems[0]}); fix it with kit validate --case {case_id}")
            self.loaded[case_id] = found
        return found


def _not_gradable(path: Path, data: Any) -> str | None:
    """The line for a file that is no answers file at all (as :func:`kit.answers.parse.check_header` words it)."""
    if not isinstance(data, dict):
        return problem(path, None, "expected a JSON object {\"format\": \"readout-kit/answers\", …}")
    if data.get("format") not in (ANSWERS_FORMAT, EXERCISE_FORMAT):
        given = "missing" if "format" not in data else f"is {short(data['format'])}"
        return problem(path, "format", f"{given}; expected {ANSWERS_FORMAT!r} — is this a Readout Kit answers file?")
    return None


class MixedCases(KitError):
    """The files name several cases and no --case says which one to grade."""


def grade_files(case: Case | None, files: Iterable[Found | Path], *, progress: bool = False) -> Batch:
    """Load and score every file of one case; collect failures instead of raising.

    ``case``: the case to grade against (``--case``); files of another case are set aside with a
    note. None: the case the files name — one case only; files naming several raise
    :class:`MixedCases` (one line), so a gradebook never mixes two assignments.

    Streams: each file is read, checked and scored, and only its small :class:`Graded` record is
    kept (the better of two, for a learner handed in twice), so memory grows by a few hundred bytes
    a learner whatever the files hold (benchmarks/bench_bounds.py).
    """
    cases = _Cases(case)
    per_case: dict[str, _CaseBatch] = {}
    other: Counter[str] = Counter()
    failed: list[str] = []
    for item in _progress([f if isinstance(f, Found) else Found(Path(f)) for f in files], progress):
        path = item.path
        try:
            data = read_json(path, max(MAX_BYTES, EXERCISE_MAX_BYTES), "answers")
        except KitError as err:
            failed.extend(err.problems)
            continue
        named = data.get("case") if isinstance(data, dict) else None
        if case is not None and isinstance(named, str) and named != case.id and cases.known(named):
            other[named] += 1  # another assignment's file: not an error, not this gradebook
            continue
        target = cases.get(named, path)
        if isinstance(target, str):
            failed.append(_not_gradable(path, data) or target)
            continue
        batch_ = per_case.get(target.id)
        if batch_ is None:
            batch_ = per_case[target.id] = _CaseBatch(target)
        batch_.add(item, data, failed)
    if case is None and len(per_case) > 1:
        counts = ", ".join(f"{cid}: {b.files} file(s)" for cid, b in sorted(per_case.items()))
        first = sorted(per_case)[0]
        raise MixedCases(f"the files hold answers of {len(per_case)} cases ({counts}); grade one case at a time: "
                         f"add --case {first} (or another of them)")
    only = per_case.get(case.id) if case is not None else next(iter(per_case.values()), None)
    batch = only.finish() if only is not None else Batch(case=case)
    batch.failed[:0] = failed
    for cid, n in sorted(other.items()):
        batch.notes.append(f"skipped {n} file(s) of case {cid} (not {case.id if case else '?'}); "
                           f"grade them with --case {cid}")
    return batch


class _CaseBatch:
    """Grading state for one case: the best file per learner, duplicates, exercise scores."""

    def __init__(self, case: Case) -> None:
        self.case, self.files = case, 0
        self.best: dict[str, tuple[Graded, Found]] = {}
        self.seen: dict[str, list[Path]] = {}
        self.exercises: dict[str, dict[str, tuple[float, Found]]] = {}
        self.exercise_defs: dict[str, Any] = {}

    def add(self, item: Found, data: Any, failed: list[str]) -> None:
        self.files += 1
        path = item.path
        if isinstance(data, dict) and data.get("format") == EXERCISE_FORMAT:
            self._exercise(item, data, failed)
            return
        try:
            graded = grade_one(path, self.case, data)
        except KitError as err:
            failed.extend(err.problems)
            return
        # A hand-in (`kit submit`) is its folder's learner's: a file claiming to be someone else's
        # would replace their grade, so it is refused.
        owner = item.folder_learner(self.case.id)
        if owner is not None and graded.learner != owner:
            failed.append(problem(path, "learner", f"is {graded.learner!r} but this is {owner!r}'s "
                                                   "hand-in folder; hand in your own answers with kit submit"))
            return
        kept = self.best.get(graded.learner)
        if kept is None:
            self.best[graded.learner] = (graded, item)
            return
        self.seen.setdefault(graded.learner, [kept[0].path]).append(graded.path)
        # Latest 'updated' wins (ISO timestamps sort as text); then the later file in path order.
        if (graded.updated or "", str(graded.path)) >= (kept[0].updated or "", str(kept[0].path)):
            self.best[graded.learner] = (graded, item)

    def _exercise(self, item: Found, data: dict, failed: list[str]) -> None:
        from .exercises import check
        from ..case.exercises import load_exercise, spec_ids
        from ..answers.exercise_answers import parse_exercise_answers

        path = item.path
        ex_id = data.get("exercise")
        if ex_id not in self.exercise_defs:
            if not isinstance(ex_id, str) or ex_id not in spec_ids():
                failed.append(problem(path, "exercise", f"{short(ex_id)} is not an exercise of this course; "
                                                        f"expected one of: {', '.join(spec_ids())}"))
                return
            try:
                self.exercise_defs[ex_id] = load_exercise(ex_id, self.case)
            except KitError as err:
                failed.extend(err.problems)
                return
        try:
            learner, answers = parse_exercise_answers(data, self.exercise_defs[ex_id], path)
        except KitError as err:
            failed.extend(err.problems)
            return
        owner = item.folder_learner(self.case.id)
        if owner is not None and learner != owner:
            failed.append(problem(path, "learner", f"is {learner!r} but this is {owner!r}'s hand-in folder; "
                                                   "hand in your own answers with kit submit"))
            return
        self.exercises.setdefault(learner, {})[ex_id] = (check(self.exercise_defs[ex_id], answers).score, item)

    def finish(self) -> Batch:
        batch = Batch(case=self.case)
        for learner in sorted(self.best):
            keep, item = self.best[learner]
            if learner in self.seen:
                batch.duplicates.append(Duplicate(learner, keep.path, tuple(p for p in self.seen[learner] if p != keep.path)))
            batch.graded.append(keep)
            batch.handins[learner] = item
        for learner, scores in sorted(self.exercises.items()):
            batch.exercises[learner] = {ex: s for ex, (s, _) in scores.items()}
            batch.exercise_files[learner] = {ex: found.path for ex, (_, found) in scores.items()}
            if learner not in self.best:
                batch.notes.append(f"{learner}: exercise answers only, no tagging answers graded "
                                   f"({', '.join(sorted(scores))})")
        return batch


def grade_paths(case: Case | None, paths_: Iterable[str | Path], *, progress: bool = False,
                due: datetime | None = None, late: str = "on-time") -> Batch:
    files, problems = collect(paths_, due, late)
    batch = grade_files(case, files, progress=progress)
    batch.failed[:0] = problems
    return batch


def _cell(text: str) -> str:
    """A learner-supplied string made safe for spreadsheets: a leading = + - @ would start a formula."""
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def assignment_name(case: Case) -> str:
    return f"Readout Kit: {case.id}"


def _when(found: Found | None) -> str:
    return "" if found is None or found.handed_in is None else found.handed_in.strftime("%Y-%m-%dT%H:%M:%SZ")


def _late(found: Found | None) -> str:
    if found is None or found.late is None:
        return ""
    if found.late:
        return "yes"
    return f"no ({found.late_attempts} later attempt(s) not graded)" if found.late_attempts else "no"


@dataclass(frozen=True)
class LmsRows:
    """Who goes into the LMS file, and who is left out (one line each, said to the instructor)."""

    graded: list[tuple[Graded, Any]]  # (graded, roster entry or None without a roster)
    left_out: list[str]


def lms_rows(batch: Batch, lms: str | None, roster: Any = None) -> LmsRows:
    """The learners an LMS import can take. With a roster (:mod:`kit.judge.roster`), only learners on it with
    an identity that LMS matches on; learners not on the roster, and roster entries with no hand-in,
    are left out and named — Moodle aborts a whole import on one unknown user. ``lms=None``: the same
    names, for the plain gradebook (which keeps every learner)."""
    if roster is None:
        return LmsRows([(g, None) for g in batch.graded], [])
    index = roster.index()
    need = {"canvas": ("lms_id", "sis_user_id", "sis_login_id"), "moodle": ("username", "email", "sis_user_id", "lms_id")}.get(lms or "", ())
    where = "left out of the LMS file" if lms else "no LMS identity in the gradebook"
    rows, left_out, matched = [], [], set()
    for g in batch.graded:
        entry = index.get(g.learner)
        if entry is None:
            left_out.append(f"{g.learner}: handed in but not on the roster ({roster.path}); {where}")
            continue
        matched.add(entry.learner)
        if need and not any(entry.ids.get(c) for c in need):
            left_out.append(f"{g.learner}: roster row {entry.row} has no {', '.join(need)} for {lms} to match; {where}")
            continue
        rows.append((g, entry))
    for entry in roster.entries:
        if entry.learner not in matched:
            left_out.append(f"{entry.learner} (roster row {entry.row}): no hand-in graded"
                            + ("; left out of the LMS file" if lms else ""))
    return LmsRows(rows, left_out)


MOODLE_COLUMNS = (("username", "Username"), ("email", "Email address"), ("sis_user_id", "ID number"), ("lms_id", "User ID"))


def grade_table(case: Case, batch: Batch, lms: str | None = None, roster: Any = None) -> list[list[str]]:
    """The gradebook as rows of text, header first.

    Default: learner (and the roster's identity columns, with a roster), score (0–1), each
    dimension's accuracy, links F1, links match-type accuracy, each exercise's score, when the graded
    attempt was handed in, whether it was late (``--due``), source file.

    ``canvas``: the columns of a Canvas gradebook export, which its importer reads back — Student,
    ID, SIS User ID, SIS Login ID, Section, then one column per assignment, and a "Points Possible"
    row (Canvas Guides, "How do I import grades in the Gradebook?"; canvas-lms
    app/models/gradebook_importer.rb matches rows by ID, SIS User ID or SIS Login ID and reads the
    ``/Points Possible/`` row). With a roster the identities are the roster's, as written; without
    one the learner name goes in Student and SIS Login ID. Canvas creates the assignment when the
    column is new. Score in points out of 100.

    ``moodle``: user identifier columns and a grade column; Moodle's "Import grades → CSV file"
    asks which column identifies users ("Map from") and which user field it is ("Map to": username,
    email, ID number or user ID) and maps each other column to a grade item (MoodleDocs, "Grade
    import"). With a roster, one column per identity it has; without, Username is the learner name.
    Score out of 100.
    """
    dims = list(case.dimensions)
    if lms is None:
        exercises = batch.exercise_ids
        ids = list(roster.columns) if roster is not None else []
        index = roster.index() if roster is not None else {}
        rows = [["learner", *ids, "score", *[f"{d}_accuracy" for d in dims], "links_f1", "links_match_accuracy",
                 *[f"exercise_{e}" for e in exercises], "handed_in", "late", "file"]]
        for g in batch.graded:  # g.accuracy is in the case's dimension order, as the header
            entry = index.get(g.learner)
            mine = batch.exercises.get(g.learner, {})
            found = batch.handins.get(g.learner)
            rows.append([_cell(g.learner), *[_cell(entry.ids.get(c, "")) if entry else "" for c in ids],
                         f"{g.overall:.4f}", *[f"{a:.4f}" for a in g.accuracy],
                         f"{g.links_f1:.4f}", f"{g.match_accuracy:.4f}",
                         *[f"{mine[e]:.4f}" if e in mine else "" for e in exercises],
                         _when(found), _late(found), _cell(str(g.path))])
        return rows
    name = assignment_name(case)
    chosen = lms_rows(batch, lms, roster).graded
    if lms == "canvas":
        rows = [["Student", "ID", "SIS User ID", "SIS Login ID", "Section", name],
                ["    Points Possible", "", "", "", "", "100"]]
        for g, entry in chosen:
            if entry is None:
                rows.append([_cell(g.learner), "", "", _cell(g.learner), "", f"{100 * g.overall:.2f}"])
            else:
                ids = entry.ids
                rows.append([_cell(entry.name or entry.learner), _cell(ids.get("lms_id", "")), _cell(ids.get("sis_user_id", "")),
                             _cell(ids.get("sis_login_id", "")), "", f"{100 * g.overall:.2f}"])
        return rows
    if lms == "moodle":
        if roster is None:
            return [["Username", name], *[[_cell(g.learner), f"{100 * g.overall:.2f}"] for g, _ in chosen]]
        columns = [(c, label) for c, label in MOODLE_COLUMNS if c in roster.columns]
        rows = [[label for _, label in columns] + [name]]
        rows += [[_cell(entry.ids.get(c, "")) for c, _ in columns] + [f"{100 * g.overall:.2f}"] for g, entry in chosen]
        return rows
    raise ValueError(f"unknown LMS {lms!r}; expected one of {', '.join(LMS_CHOICES)}")


def grades_csv(case: Case, batch: Batch, lms: str | None = None, roster: Any = None) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(grade_table(case, batch, lms, roster))
    return buffer.getvalue()


def _csv_chunks(case: Case, batch: Batch, lms: str | None, roster: Any = None) -> Iterable[bytes]:
    """The gradebook in chunks of 1,000 rows (a table of 100,000 learners is never one string in memory)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    head = grade_table(case, Batch(exercises=batch.exercises), lms, roster)  # the header (and Canvas's points row)
    writer.writerows(head)
    for i in range(0, len(batch.graded), 1000):
        part = Batch(batch.graded[i:i + 1000], handins=batch.handins, exercises=batch.exercises)
        writer.writerows(grade_table(case, part, lms, roster)[len(head):])
        yield buffer.getvalue().encode("utf-8")
        buffer.seek(0)
        buffer.truncate()
    yield buffer.getvalue().encode("utf-8")


def _write_csv(case: Case, batch: Batch, out: Path, lms: str | None, roster: Any = None) -> None:
    atomic_write(out, _csv_chunks(case, batch, lms, roster))


def write_grades(case: Case, batch: Batch, out: str | Path, lms: str | None = None, roster: Any = None) -> Path:
    out = Path(out)
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        _write_csv(case, batch, out, lms, roster)
    except OSError as err:
        raise KitError(problem(out, None, f"cannot write: {err.strerror}")) from None
    return out
