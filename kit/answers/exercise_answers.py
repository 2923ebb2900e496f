"""The exercise answers file: one per learner, case and exercise, validated by the answers file's own
header rule (:func:`kit.answers.parse.check_header`) and then per question. The exercise itself
(its questions and their choices) comes from :mod:`kit.case.exercises`; checking the answers is
:mod:`kit.judge.exercises`."""

from __future__ import annotations

import json
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from ..case.exercises import Exercise
from ..errors import KitError, problem
from ..io.atomic import atomic_write
from ..io.jsonfile import key, read_json, short
from .parse import check_header

FORMAT = "readout-kit/exercise"
VERSION = 1
MAX_BYTES = 256 * 1024


def parse_exercise_answers(data: Any, exercise: Exercise, source: object = "answers") -> tuple[str, dict | list]:
    """Validate parsed JSON; return (learner, answers). Raise KitError, one line naming the field."""
    def bad(field_: str | None, message: str) -> KitError:
        return KitError(problem(source, field_, message))

    # The answers file's own header rule (kit.answers.parse.check_header): one validator for both kinds.
    learner = check_header(data, exercise.case, source, format_=FORMAT, version_=VERSION,
                           kind="an exercise answers file")
    if data.get("exercise") != exercise.id:
        raise bad("exercise", f"expected {exercise.id!r}; check it with that exercise")
    answers = data.get("answers")
    if exercise.kind == "briefing":
        if not isinstance(answers, list):
            raise bad("answers", "expected a list of bullets {\"stance\": …, \"text\": …, \"claims\": [IDs]}")
        for i, b in enumerate(answers):
            if not isinstance(b, dict) or not isinstance(b.get("stance", ""), str) or not isinstance(b.get("text", ""), str) \
                    or not isinstance(b.get("claims", []), list) or not all(isinstance(c, str) for c in b.get("claims", [])):
                raise bad(f"answers[{i}]", "expected {\"stance\": text, \"text\": text, \"claims\": [claim IDs]}")
        return learner, [{"stance": b.get("stance", ""), "text": b.get("text", ""), "claims": list(b.get("claims", []))}
                                 for b in answers]
    if not isinstance(answers, dict):
        raise bad("answers", "expected an object of question -> answer")
    clean = {}
    for name, value in answers.items():
        item = next((i for i in exercise.items if name == i.id or (i.claim and name == i.claim)), None)
        if item is None:
            raise bad(f"answers.{key(name)}", f"not a question of this exercise; expected one of: {', '.join(i.id for i in exercise.items)}")
        if value is None:
            continue
        if not isinstance(value, str) or value not in {v for _, v in item.choices}:
            raise bad(f"answers.{name}", f"{short(value)} is not a choice; expected one of: {', '.join(v for _, v in item.choices)}")
        clean[item.id] = value
    return learner, clean


def load_exercise_answers(path: str | Path, exercise: Exercise) -> tuple[str, dict | list]:
    path = Path(path)
    return parse_exercise_answers(read_json(path, MAX_BYTES, "exercise answers"), exercise, path)


def exercise_answers_dict(exercise: Exercise, learner: str, answers: dict | list) -> dict[str, Any]:
    return {"format": FORMAT, "version": VERSION, "exercise": exercise.id, "case": exercise.case.id,
            "learner": learner, "updated": datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
            "answers": answers}


def save_exercise_answers(exercise: Exercise, learner: str, answers: dict | list, path: str | Path) -> Path:
    """Write atomically (see :mod:`kit.io.atomic`)."""
    payload = json.dumps(exercise_answers_dict(exercise, learner, answers), ensure_ascii=False, indent=1).encode("utf-8")
    return atomic_write(Path(path), payload)


def is_exercise_file(data: Any) -> bool:
    return isinstance(data, dict) and data.get("format") == FORMAT
