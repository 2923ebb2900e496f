"""Feedback to hand back: one self-contained HTML page per learner, from a graded batch.

Each page holds the learner's score and its parts, every wrong tag with the reference's value and
reason, the links they missed or typed wrong, what they left untagged, and their exercise results.
It has no script and no outside link, so it opens from an LMS, an e-mail or a hub folder as it is.

Files: ``OUT/<learner>/feedback-<case>.html`` — a folder per learner, as a hub's hand-back folder
(copy ``OUT/<learner>/`` into the learner's own) or an LMS's per-student feedback upload takes them.

Rendered from ``templates/feedback.html`` with autoescaping on (:mod:`kit.report.page`): every
string a learner wrote (their name, brief bullets) and every string of the case is escaped.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..io.atomic import atomic_write
from ..case.load import Case
from ..errors import KitError, problem
from ..judge.grading import Batch, Graded
from ..case.labels import dimension_label, match_label, value_label
from ..paths import safe_name
from .page import render


@dataclass(frozen=True)
class _Exercise:
    title: str
    result: Any
    labels: dict[str, dict[str, str]]  # question -> value -> the label the learner saw

    def given(self, item_id: str, value: Any) -> str:
        if isinstance(value, dict):  # a briefing bullet
            return str(value.get("text", ""))
        return self.labels.get(item_id, {}).get(value, str(value))


def _exercises(case: Case, files: dict[str, Path]) -> tuple[list[_Exercise], list[str]]:
    from ..judge.exercises import check
    from ..case.exercises import load_exercise
    from ..answers.exercise_answers import load_exercise_answers

    shown, problems = [], []
    for ex_id, path in sorted(files.items()):
        try:
            exercise = load_exercise(ex_id, case)
            _, answers = load_exercise_answers(path, exercise)
        except KitError as err:
            problems.extend(err.problems)
            continue
        labels = {i.id: {value: label for label, value in i.choices} for i in exercise.items}
        shown.append(_Exercise(exercise.title, check(exercise, answers), labels))
    return shown, problems


def render_feedback(case: Case, graded: Graded, batch: Batch | None = None) -> str:
    """One learner's feedback page (see the module docstring)."""
    s = graded.score
    found = batch.handins.get(graded.learner) if batch is not None else None
    exercises, _ = _exercises(case, batch.exercise_files.get(graded.learner, {})) if batch is not None else ([], [])
    untagged: dict[str, int] = {}
    for r in s.untagged():
        untagged[r.claim_id] = untagged.get(r.claim_id, 0) + 1
    items = s.links.items
    return render(
        "feedback.html",
        learner=graded.learner, case=case, s=s, wrong=s.wrong(), texts=dict(zip(case.claims.index, case.claims["text"])),
        untagged=list(untagged), missed=[i for i in items if i.status == "missed"],
        mistyped=[i for i in items if i.status != "missed" and i.status != "extra" and i.match_correct is False],
        extra=[i for i in items if i.status == "extra"], exercises=exercises,
        handed_in=found.handed_in.strftime("%Y-%m-%d %H:%M UTC") if found is not None and found.handed_in else "",
        late=bool(found is not None and found.late),
        pct=lambda x: f"{100 * x:.0f}%", dim=dimension_label, match=match_label,
        val=lambda d, v: value_label(case, d, v),
        also=lambda r: ", ".join(value_label(case, r.dimension, v) for v in r.accepted if v != r.expected))


def feedback_path(out: Path, learner: str, case: Case) -> Path:
    return out / (safe_name(learner) or "learner") / f"feedback-{case.id}.html"


def write_feedback(case: Case, batch: Batch, out: str | Path) -> tuple[list[Path], list[str]]:
    """Write every graded learner's page under ``out``; returns the files and one line per problem."""
    out = Path(out)
    written, problems = [], []
    for graded in batch.graded:
        path = feedback_path(out, graded.learner, case)
        try:
            atomic_write(path, render_feedback(case, graded, batch).encode("utf-8"))
        except OSError as err:
            problems.append(problem(path, None, f"cannot write: {err.strerror}"))
            continue
        written.append(path)
    for files in batch.exercise_files.values():
        problems.extend(_exercises(case, files)[1])
    return written, problems
