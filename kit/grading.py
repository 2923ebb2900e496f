"""Grade a class: find answers files, score each, report bad files and duplicates, write a gradebook CSV.

A bad file is named with its reason and skipped; it never stops the batch. Nothing a learner wrote
is ever run: answers files are JSON, read by :func:`kit.answers.load_answers`.
"""

from __future__ import annotations

import csv
import gc
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from .answers import Answers, load_answers
from .case import Case
from .errors import KitError, problem
from .scoring import Score, answer_key, score
from .submit import LATEST

LMS_CHOICES = ("canvas", "moodle")


@dataclass(frozen=True)
class Graded:
    path: Path
    answers: Answers
    score: Score


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


def _progress(items: Sequence[Path], show: bool) -> Iterable[Path]:
    if not show:
        return items
    from tqdm import tqdm  # only on a terminal; tqdm writes to stderr

    return tqdm(items, desc="grading", unit="file", leave=False)


def grade_files(case: Case, files: Sequence[Path], *, progress: bool = False) -> Batch:
    """Load and score every file; collect failures instead of raising."""
    answer_key(case)  # build the reference lookups once, before the loop
    batch = Batch()
    by_learner: dict[str, list[Graded]] = {}
    # The loop makes many small objects and no reference cycles; the cyclic garbage collector
    # would only rescan the growing batch again and again (a quarter of the time on 10,000 files).
    gc_was_enabled = gc.isenabled()
    gc.disable()
    try:
        for path in _progress(files, progress):
            try:
                answers = load_answers(path, case)
            except KitError as err:
                batch.failed.extend(err.problems)
                continue
            # snapshot=False: these answers are ours alone and never edited after this.
            by_learner.setdefault(answers.learner, []).append(Graded(path, answers, score(case, answers, snapshot=False)))
    finally:
        if gc_was_enabled:
            gc.enable()
    for learner in sorted(by_learner):
        entries = by_learner[learner]
        keep = entries[0]
        if len(entries) > 1:
            # Latest 'updated' wins (ISO timestamps sort as text); then the later file in path order.
            keep = max(entries, key=lambda g: (g.answers.updated or "", str(g.path)))
            batch.duplicates.append(Duplicate(learner, keep.path, tuple(g.path for g in entries if g is not keep)))
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
        for g in batch.graded:
            s = g.score
            rows.append([_cell(s.learner), f"{s.overall:.4f}", *[f"{s.dimensions[d].accuracy:.4f}" for d in dims],
                         f"{s.links.f1:.4f}", _cell(str(g.path))])
        return rows
    name = assignment_name(case)
    if lms == "canvas":
        rows = [["Student", "ID", "SIS User ID", "SIS Login ID", "Section", name],
                ["    Points Possible", "", "", "", "", "100"]]
        rows += [[_cell(g.score.learner), "", "", _cell(g.score.learner), "", f"{100 * g.score.overall:.2f}"]
                 for g in batch.graded]
        return rows
    if lms == "moodle":
        rows = [["Username", name]]
        rows += [[_cell(g.score.learner), f"{100 * g.score.overall:.2f}"] for g in batch.graded]
        return rows
    raise ValueError(f"unknown LMS {lms!r}; expected one of {', '.join(LMS_CHOICES)}")


def grades_csv(case: Case, batch: Batch, lms: str | None = None) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(grade_table(case, batch, lms))
    return buffer.getvalue()


def write_grades(case: Case, batch: Batch, out: str | Path, lms: str | None = None) -> Path:
    out = Path(out)
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(grades_csv(case, batch, lms), encoding="utf-8")
    except OSError as err:
        raise KitError(problem(out, None, f"cannot write: {err.strerror}")) from None
    return out
