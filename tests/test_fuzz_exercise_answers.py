"""Exercise answers files (what ExerciseBoard saves, what `check_file` reads): hostile files refused in one line."""

from __future__ import annotations

import json

import pytest

from kit.errors import KitError
from kit.answers.exercise_answers import FORMAT, VERSION, load_exercise_answers
from kit.judge.exercises import check_file
from kit.case.exercises import load_exercise


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


ONCE_BUGS = {  # each escaped the one-line rule until exercise files were read through kit.io.jsonfile
    "deep nesting": b'{"exercise": "voice", "x": ' + b"[" * 100_000 + b"]" * 100_000 + b"}",
    "a list as an answer": json.dumps({**base(), "answers": {"K01": ["xi"]}}).encode(),
    "a newline in a question key": json.dumps({**base(), "answers": {"a\nb": "xi"}}).encode(),
    "a duplicate key": b'{"exercise": "voice", "exercise": "topics"}',
    "NaN": json.dumps({**base(), "answers": {"K01": float("nan")}}).encode(),
}


@pytest.mark.parametrize("name", list(ONCE_BUGS))
def test_hostile_exercise_files_refused_in_one_line(name, tmp_path):
    """Deep nesting, a list as an answer, a newline in a key, a duplicate key, NaN: one line each."""
    path = tmp_path / "alice.voice.json"
    path.write_bytes(ONCE_BUGS[name])
    refused_in_one_line(path, check_file)
    refused_in_one_line(path, lambda p: load_exercise_answers(p, load_exercise("voice")))
