"""The learner's answers on disk, for every board: where they live, loading, saving, what to say.

One place for the rules the boards share (widgets only draw): the answers file's name
(:mod:`kit.paths`), loading that never loses work (an unreadable file is moved aside to
``<name>.corrupt-<time>`` and the learner told in one line), saving after every change through
:mod:`kit.io.atomic`, a save that fails (a full disk, a quota, a read-only folder) reported as
"Not saved: …" instead of raised, and the self-study rule "hints first" (:func:`shows_answer`).

:class:`AnswerStore` holds one learner's tags and links for one case (the tagging and link boards
share it); :class:`ExerciseStore` one learner's answers to one exercise.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .. import paths
from .parse import Answers, Link, answers_bytes, link_problem, load_answers, tag_problem
from ..io.atomic import atomic_write
from ..case.load import Case
from ..errors import KitError, problem
from ..paths import learner_name

if TYPE_CHECKING:
    from ..case.exercises import Exercise

__all__ = ["AnswerStore", "ExerciseStore", "answers_path", "learner_name", "move_aside", "not_saved",
           "shows_answer"]

# Self-study: a wrong answer first gets a hint; the answer itself from this many wrong checks on.
ANSWER_AFTER_WRONG_CHECKS = 2


def shows_answer(self_study: bool, wrong_checks: int) -> bool:
    """Hints first: in self-study the answer shows only once the same item was checked wrong twice;
    in class (``self_study=False``) at once."""
    return not self_study or wrong_checks >= ANSWER_AFTER_WRONG_CHECKS


def answers_path(case: Case, learner: str, folder: str | Path | None = None) -> Path:
    """Where a board saves ``learner``'s answers for ``case`` (:func:`kit.paths.answers_file`)."""
    return paths.answers_file(case.id, learner, folder)


def move_aside(path: Path, err: KitError) -> str:
    """Keep an unreadable answers file as ``<name>.corrupt-<time>``; return one line saying so."""
    stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%S%fZ")
    aside = path.with_name(f"{path.name}.corrupt-{stamp}")
    os.replace(path, aside)
    reason = str(err).splitlines()[0].split(": ", 1)[-1]
    return f"Your answers file {path.name} could not be read ({reason}); it was kept as {aside.name} and you start afresh."


def not_saved(err: OSError, path: Path) -> str:
    """The one line a learner reads when a save fails; the previous file is whole (kit.io.atomic)."""
    return (f"Not saved: {err.strerror or err} ({path}). Your last saved work is still there; "
            "tell your teacher, and keep this notebook open.")


class _SavedFile:
    """A file saved whole after every change; a failed save becomes :attr:`notice`, never an exception."""

    path: Path
    notice: str

    def write(self, payload: bytes) -> Path:
        """Replace the file atomically (a test may swap this for one that raises OSError)."""
        return atomic_write(self.path, payload)

    def _write_reporting(self, payload: bytes) -> bool:
        try:
            self.write(payload)
        except OSError as err:  # a full disk or quota, a read-only folder: say so, never fail silently
            self.notice = not_saved(err, self.path)
            return False
        if self.notice.startswith("Not saved"):
            self.notice = ""
        return True


class AnswerStore(_SavedFile):
    """One learner's answers for one case, saved to disk after every change."""

    def __init__(self, case: Case, learner: str | None = None, folder: str | Path | None = None) -> None:
        self.case = case
        self.learner = learner_name(learner)
        self.path = answers_path(case, self.learner, folder)
        self.notice = ""  # one line for the learner, e.g. that an unreadable file was moved aside
        self._listeners: list[Callable[[], None]] = []
        self._seen_mtime: int | None = None
        self.answers = self._load()

    @classmethod
    def for_board(cls, store: AnswerStore | None, case: Case | None, learner: str | None,
                  folder: str | Path | None) -> AnswerStore:
        """The store a board works on: the one given (boards sharing a learner's file), else one
        for ``case`` (default: the course's default case) and ``learner``."""
        if store is not None:
            return store
        if case is None:
            from ..case.load import load_case

            case = load_case()
        return cls(case, learner, folder)

    # -- reading -------------------------------------------------------------------------------
    def _load(self) -> Answers:
        if not self.path.exists():
            return Answers(self.case.id, self.learner)
        try:
            answers = load_answers(self.path, self.case)
        except KitError as err:
            self.notice = move_aside(self.path, err)
            return Answers(self.case.id, self.learner)
        self._seen_mtime = self.path.stat().st_mtime_ns
        return answers

    def refresh(self) -> bool:
        """Pick up changes another board (or another notebook) saved since we last looked; tell the
        boards (their listeners) when something was reloaded, so they show it. True if reloaded."""
        try:
            mtime = self.path.stat().st_mtime_ns
        except FileNotFoundError:
            return False
        if mtime == self._seen_mtime:
            return False
        try:
            self.answers = load_answers(self.path, self.case)
            self._seen_mtime = mtime
        except KitError as err:  # broken behind our back: keep it aside, keep what we have in memory
            self.notice = move_aside(self.path, err).replace("you start afresh", "your work here is kept")
        self._tell()
        return True

    def _tell(self) -> None:
        for callback in self._listeners:
            callback()

    def tags(self, claim_id: str) -> dict[str, str]:
        return dict(self.answers.tags.get(claim_id, {}))

    def links(self) -> list[Link]:
        return list(self.answers.links)

    def on_change(self, callback: Callable[[], None]) -> None:
        self._listeners.append(callback)

    # -- writing: each change is saved at once -------------------------------------------------
    def _save(self) -> None:
        if self._write_reporting(answers_bytes(self.answers)):
            self._seen_mtime = self.path.stat().st_mtime_ns
        self._tell()

    def set_tag(self, claim_id: str, dimension: str, value: str | None) -> None:
        """Set (or, with None, clear) one tag; checked by the answers file's own rule first."""
        wrong = tag_problem(self.case.key, claim_id, dimension, value)
        if wrong is not None:
            raise KitError(problem(self.path, *wrong))
        self.refresh()
        dims = self.answers.tags.setdefault(claim_id, {})
        if value is None:
            dims.pop(dimension, None)
        else:
            dims[dimension] = value
        if not dims:
            del self.answers.tags[claim_id]
        self._save()

    def add_link(self, a: str, b: str, match: str) -> None:
        """Link two claims (either order); linking the same pair again changes its match type."""
        wrong = link_problem(self.case.key, a, b, match)
        if wrong is not None:
            raise KitError(problem(self.path, f"links ({a}–{b}){wrong[0]}", wrong[1]))
        self.refresh()
        a, b = self.case.key.orient(a, b)
        kept = [k for k in self.answers.links if (k.a, k.b) != (a, b)]
        self.answers.links = [*kept, Link(a, b, match)]
        self._save()

    def remove_link(self, a: str, b: str) -> None:
        self.refresh()
        a, b = self.case.key.orient(a, b)
        self.answers.links = [k for k in self.answers.links if (k.a, k.b) != (a, b)]
        self._save()

    def clear_tags(self) -> None:
        self.refresh()
        self.answers.tags = {}
        self._save()


class ExerciseStore(_SavedFile):
    """One learner's answers to one exercise (item ID -> value; bullets for a briefing)."""

    def __init__(self, exercise: Exercise, learner: str | None = None, folder: str | Path | None = None) -> None:
        self.exercise = exercise
        self.learner = learner_name(learner)
        self.path = paths.exercise_answers_file(exercise.case.id, self.learner, exercise.id, folder)
        self.notice = ""

    def load(self) -> dict[str, Any] | list[Any]:
        """The saved answers; empty when there are none, or when the file is unreadable (then moved aside)."""
        from .exercise_answers import load_exercise_answers

        empty: dict[str, Any] | list[Any] = [] if self.exercise.kind == "briefing" else {}
        if not self.path.exists():
            return empty
        try:
            return load_exercise_answers(self.path, self.exercise)[1]
        except KitError as err:
            self.notice = move_aside(self.path, err)
            return empty

    def save(self, answers: dict[str, Any] | list[Any]) -> bool:
        """Save at once; False (and :attr:`notice` says why) when the disk refused."""
        import json

        from .exercise_answers import exercise_answers_dict

        payload = json.dumps(exercise_answers_dict(self.exercise, self.learner, answers), ensure_ascii=False, indent=1)
        return self._write_reporting(payload.encode("utf-8"))
