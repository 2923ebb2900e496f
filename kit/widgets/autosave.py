"""Autosave: the learner's answers in memory and on disk, every change saved at once.

``AnswerStore`` is the only thing the boards write through. It loads ``answers/<learner>.json`` on
creation (so a kernel restart or a reopened notebook resumes exactly where the learner was), saves
atomically through :func:`kit.answers.save_answers` after every change, and never overwrites a file
it cannot read: that file is moved aside to ``<name>.corrupt-<timestamp>`` and the learner is told
in one line (:attr:`AnswerStore.notice`).
"""

from __future__ import annotations

import os
from collections.abc import Callable
from datetime import datetime, timezone
from pathlib import Path

from .. import paths
from ..paths import learner_name
from ..answers import Answers, Link, load_answers, save_answers
from ..case import Case
from ..errors import KitError

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


class AnswerStore:
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
        for ``case`` (default: the seed's) and ``learner``."""
        if store is not None:
            return store
        if case is None:
            from ..case import load_case

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
        try:
            save_answers(self.answers, self.path)
            self._seen_mtime = self.path.stat().st_mtime_ns
            if self.notice.startswith("Not saved"):
                self.notice = ""
        except OSError as err:  # a full disk or quota, a read-only folder: say so, never fail silently
            self.notice = (f"Not saved: {err.strerror or err} ({self.path}). Your last saved work is still there; "
                           "tell your teacher, and keep this notebook open.")
        self._tell()

    def set_tag(self, claim_id: str, dimension: str, value: str | None) -> None:
        if claim_id not in self.case.claims.index or dimension not in self.case.dimensions or \
                (value is not None and value not in self.case.values(dimension)):
            raise KitError(f"{claim_id}.{dimension}: {value!r} is not a claim, dimension and value of {self.case.id}")
        self.refresh()
        dims = self.answers.tags.setdefault(claim_id, {})
        if value is None:
            dims.pop(dimension, None)
        else:
            dims[dimension] = value
        if not dims:
            del self.answers.tags[claim_id]
        self._save()

    def _ordered(self, a: str, b: str) -> tuple[str, str]:
        first = self.case.sides[0].id
        return (a, b) if self.case.claims.at[a, "side"] == first else (b, a)

    def add_link(self, a: str, b: str, match: str) -> None:
        """Link two claims (either order); linking the same pair again changes its match type."""
        claims = self.case.claims
        if a not in claims.index or b not in claims.index or claims.at[a, "side"] == claims.at[b, "side"]:
            raise KitError(f"cannot link {a} and {b}: a link joins a claim to a claim of the other readout")
        if match not in self.case.taxonomy.link_match.values:
            raise KitError(f"{match!r} is not a match type; expected one of: {', '.join(self.case.taxonomy.link_match.values)}")
        self.refresh()
        a, b = self._ordered(a, b)
        kept = [k for k in self.answers.links if (k.a, k.b) != (a, b)]
        self.answers.links = [*kept, Link(a, b, match)]
        self._save()

    def remove_link(self, a: str, b: str) -> None:
        self.refresh()
        a, b = self._ordered(a, b)
        self.answers.links = [k for k in self.answers.links if (k.a, k.b) != (a, b)]
        self._save()

    def clear_tags(self) -> None:
        self.refresh()
        self.answers.tags = {}
        self._save()

    def clear_links(self) -> None:
        self.refresh()
        self.answers.links = []
        self._save()
