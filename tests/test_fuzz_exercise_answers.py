"""Exercise answers files (what ExerciseBoard saves, what `check_file` reads): hostile files refused in one line.

The three xfail cases are known bugs in kit/exercises.py, reported to the lead (that file belongs to
another change in flight); each turns into a failure (xfail_strict) once fixed, so the marks come off.
"""

from __future__ import annotations

import json

import pytest

from kit.errors import KitError
from kit.exercises import FORMAT, VERSION, check_file, load_exercise, load_exercise_answers


def base() -> dict:
    exercise = load_exercise("voice")
    return {"format": FORMAT, "version": VERSION, "exercise": "voice", "case": exercise.case.id, "learner": "alice",
            "answers": {}}


def refused_in_one_line(path, read) -> str:
    with pytest.raises(KitError) as info:
        read(path)
    assert 1 == len(info.value.problems)
    line = info.value.problems[0]
    assert line.startswith(f"{path}: ") and "\n" not in line
    return line


GOOD_REFUSALS = {
    "not json": b"{answers",
    "not utf-8": b'{"learner": "\xff"}',
    "over the limit": b" " * (1024 * 1024 + 1),
    "wrong exercise": json.dumps({**base(), "exercise": "nope"}).encode(),
    "unknown question": json.dumps({**base(), "answers": {"K99": "xi"}}).encode(),
}


@pytest.mark.parametrize("name", list(GOOD_REFUSALS))
def test_bad_exercise_file_refused_in_one_line(name, tmp_path):
    """The usual bad files are refused by check_file in one line naming the file."""
    path = tmp_path / "alice.voice.json"
    path.write_bytes(GOOD_REFUSALS[name])
    refused_in_one_line(path, check_file)


KNOWN_BUGS = {
    "deep nesting": (b'{"exercise": "voice", "x": ' + b"[" * 100_000 + b"]" * 100_000 + b"}",
                     "check_file's json.loads: RecursionError not caught (its except lacks RecursionError)"),
    "a list as an answer": (json.dumps({**base(), "answers": {"K01": ["xi"]}}).encode(),
                            "parse_exercise_answers: `value not in {set}` raises TypeError for an unhashable value"),
    "a newline in a question key": (json.dumps({**base(), "answers": {"a\nb": "xi"}}).encode(),
                                    "parse_exercise_answers puts str(key)[:40] in the line unescaped: two lines"),
}


@pytest.mark.parametrize("name", list(KNOWN_BUGS))
@pytest.mark.xfail(strict=True, reason="known bugs in kit/exercises.py, reported to the lead")
def test_known_exercise_bugs(name, tmp_path):
    """Hostile exercise files that still escape the one-line rule (see KNOWN_BUGS for each cause)."""
    path = tmp_path / "alice.voice.json"
    path.write_bytes(KNOWN_BUGS[name][0])
    refused_in_one_line(path, check_file)
    refused_in_one_line(path, lambda p: load_exercise_answers(p, load_exercise("voice")))
