"""Checking a learner's exercise answers against the case: the expected answers always come from the
case (the side a claim is on, the reference's tags and links, identical sentences across the two
sides), so an exercise can never drift from the reference. Tag answers are judged by
:func:`kit.judge.scoring.score`, so an exercise and the board's Check agree.

The exercise (spec + case) is :mod:`kit.case.exercises`; its answers file is
:mod:`kit.answers.exercise_answers`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..answers.exercise_answers import (FORMAT, MAX_BYTES, VERSION, exercise_answers_dict, is_exercise_file,
                                        load_exercise_answers, parse_exercise_answers, save_exercise_answers)
from ..answers.parse import Answers
from ..case.exercises import CASE_KEYS, KINDS, NONE, Exercise, Item, load_exercise, spec_ids, specs_dir
from ..case.load import Case
from ..errors import KitError, problem
from ..io.jsonfile import read_json

# This module's own names, then what the module kit.exercises offered before the exercise (kit.case)
# and its answers file (kit.answers) moved out, so earlier notebooks keep working.
__all__ = ["BULLET", "ExerciseResult", "ItemResult", "check", "check_brief", "check_file", "parse_bullets",
           "CASE_KEYS", "FORMAT", "KINDS", "MAX_BYTES", "NONE", "VERSION", "Exercise", "Item", "exercise_answers_dict",
           "is_exercise_file", "load_exercise", "load_exercise_answers", "parse_exercise_answers",
           "save_exercise_answers", "spec_ids", "specs_dir"]


@dataclass(frozen=True)
class ItemResult:
    id: str
    given: Any
    correct: bool
    accepted: tuple[str, ...]
    explanation: str
    hint: str
    problems: tuple[str, ...] = ()  # briefing: what is wrong with a bullet
    title: str = ""  # the question's title as the learner saw it ("Sentence 3", "K02 · Topic")


@dataclass(frozen=True)
class ExerciseResult:
    exercise: str
    right: int
    total: int
    items: tuple[ItemResult, ...]
    problems: tuple[str, ...] = field(default=())  # briefing: problems with the brief as a whole

    @property
    def score(self) -> float:
        return self.right / self.total if self.total else 0.0


# -- checking ----------------------------------------------------------------------------------

def check(exercise: Exercise, answers: dict[str, Any] | list[Any]) -> ExerciseResult:
    """Check answers (item ID -> value; a list of bullets for a briefing). Unanswered items are wrong."""
    if exercise.kind == "briefing":
        return check_brief(exercise, answers if isinstance(answers, list) else [])
    assert isinstance(answers, dict)
    legacy = {i.claim: i.id for i in exercise.items if i.claim}  # who said it, keyed by claim as before
    answers = {legacy.get(k, k): v for k, v in answers.items()}
    if exercise.kind == "tag":  # the scoring core judges tags, so exercise and Check agree
        from .scoring import score

        dim = exercise.dimension
        given = {i.id: {dim: answers[i.id]} for i in exercise.items if answers.get(i.id)}
        verdict = {r.claim_id: r.correct for r in score(exercise.case, Answers(exercise.case.id, "exercise", given)).claims
                   if r.dimension == dim}
    else:
        verdict = {i.id: answers.get(i.id) in i.accepted for i in exercise.items}
    results = tuple(ItemResult(i.id, answers.get(i.id), bool(verdict.get(i.id)) and bool(answers.get(i.id)),
                               i.accepted, i.explanation, i.hint, title=i.heading) for i in exercise.items)
    return ExerciseResult(exercise.id, sum(r.correct for r in results), len(results), results)


BULLET = re.compile(r"^\s*(?:[-*]\s*)?(?P<stance>[a-z_]+)\s*:\s*(?P<text>.*?)\s*\[(?P<ids>[^\]]*)\]\s*$")


def parse_bullets(text: str) -> list[dict[str, Any]]:
    """Bullets written one a line as ``stance: text [ID, ID]``, e.g.
    ``both: the two sides agreed to meet again [N01, S03]``. A line in another shape
    becomes a bullet with no stance, which the check reports."""
    bullets = []
    for line in text.splitlines():
        if not line.strip():
            continue
        m = BULLET.match(line)
        if m:
            ids = [s.strip() for s in m["ids"].split(",") if s.strip()]
            bullets.append({"text": m["text"], "stance": m["stance"], "claims": ids})
        else:
            bullets.append({"text": line.strip(), "stance": "", "claims": []})
    return bullets


def check_brief(exercise: Exercise, bullets: list[dict[str, Any]]) -> ExerciseResult:
    """Each bullet must cite existing claims whose reference coverage supports its stance."""
    case = exercise.case
    coverage = {cid: case.key.accepted(cid, "coverage") for cid in case.claims.index}
    sides = {s.id for s in case.sides}
    results = []
    for n, bullet in enumerate(bullets, start=1):
        stance, ids, text = bullet.get("stance", ""), list(bullet.get("claims", [])), str(bullet.get("text", ""))
        problems = []
        if stance not in case.values("coverage"):
            problems.append(f"start the bullet with a stance: {', '.join(case.values('coverage'))} — then ':'")
        if not text.strip():
            problems.append("write what the point is")
        if not ids:
            problems.append("cite the claims that support it, in brackets: [K10, C11]")
        unknown = [c for c in ids if c not in case.claims.index]
        if unknown:
            problems.append(f"no such claim: {', '.join(unknown)}")
        known = [c for c in ids if c in case.claims.index]
        if stance == "both" and known:
            cited_sides = {case.claims.at[c, "side"] for c in known}
            if cited_sides != sides:
                problems.append("a point both sides make needs a claim from each side")
            alone = [c for c in known if "both" not in coverage[c]]
            if alone:
                problems.append(f"{', '.join(alone)}: only one side says that (coverage), so it cannot support 'both'")
        elif stance.endswith("_only") and stance in case.values("coverage") and known:
            side = stance[: -len("_only")]
            other = [c for c in known if case.claims.at[c, "side"] != side]
            if other:
                problems.append(f"{', '.join(other)}: on the other side, so cannot support '{stance}'")
            shared = [c for c in known if stance not in coverage[c] and c not in other]
            if shared:
                problems.append(f"{', '.join(shared)}: the other side says it too (coverage 'both'), so it is not '{stance}'")
        why = "supported by the claims it cites" if not problems else "; ".join(problems)
        results.append(ItemResult(f"bullet-{n}", bullet, not problems, (), why, "", tuple(problems)))
    whole = []
    if len(bullets) < exercise.min_bullets:
        whole.append(f"write at least {exercise.min_bullets} bullets (you have {len(bullets)})")
    missing = [s for s in exercise.require_stances if s not in {b.get("stance") for b in bullets}]
    if missing:
        whole.append(f"include at least one bullet for: {', '.join(missing)}")
    total = max(len(bullets), exercise.min_bullets)
    return ExerciseResult(exercise.id, sum(r.correct for r in results), total, tuple(results), tuple(whole))


def check_file(path: str | Path, case: Case | None = None) -> ExerciseResult:
    """Check an exercise answers file: the exercise is named inside it (for ``kit check``)."""
    path = Path(path)
    data = read_json(path, MAX_BYTES, "exercise answers")
    exercise_id = data.get("exercise") if isinstance(data, dict) else None
    if not isinstance(exercise_id, str) or exercise_id not in spec_ids():
        raise KitError(problem(path, "exercise", f"missing or unknown; expected one of: {', '.join(spec_ids())}"))
    exercise = load_exercise(exercise_id, case)
    _, answers = parse_exercise_answers(data, exercise, path)
    return check(exercise, answers)
