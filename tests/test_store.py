"""kit.answers.store: one store for every board — a full disk is "Not saved: …" on each, never an exception."""

from __future__ import annotations

import errno

import pytest

from kit.answers.parse import load_answers
from kit.answers.store import AnswerStore, ExerciseStore, shows_answer
from kit.widgets import ExerciseBoard, LinkBoard, TaggingBoard


def full_disk(_payload: bytes) -> None:
    raise OSError(errno.ENOSPC, "No space left on device")


def test_the_tagging_board_says_not_saved_on_a_full_disk(seed_case, answers_dir):
    """A tag chosen on a full disk shows 'Not saved: …' in the tagging board's notice; nothing is raised."""
    board = TaggingBoard(seed_case, "alice")
    board.store.write = full_disk
    board.dropdowns[("K01", "topic")].value = "economy_energy"
    assert "Not saved: No space left on device" in board.notice.value
    assert not (answers_dir / "alice.json").exists()


def test_the_link_board_says_not_saved_on_a_full_disk(seed_case, answers_dir):
    """A link drawn on a full disk shows 'Not saved: …' in the link board's notice; nothing is raised."""
    board = LinkBoard(seed_case, "alice")
    board.store.write = full_disk
    board.store.add_link("K01", "C01", "matched")
    assert "Not saved: No space left on device" in board.notice.value


def test_the_exercise_board_says_not_saved_on_a_full_disk(seed_case, answers_dir):
    """An exercise answer chosen on a full disk shows 'Not saved: …' in the exercise board's notice; nothing is raised."""
    board = ExerciseBoard("voice", "alice", case=seed_case)
    board.store.write = full_disk
    item = next(iter(board.dropdowns))
    board.dropdowns[item].value = board.exercise.item(item).choices[0][1]
    assert "Not saved: No space left on device" in board.notice.value
    assert not board.path.exists()


def test_a_save_that_works_again_clears_the_notice(seed_case, answers_dir):
    """Once the disk has room again, the next change is saved and 'Not saved' goes away."""
    store = AnswerStore(seed_case, "alice")
    store.write = full_disk
    store.set_tag("K01", "topic", "economy_energy")
    assert store.notice.startswith("Not saved")
    del store.write  # back to the class's atomic writer
    store.set_tag("K01", "claim_type", "event")
    assert "" == store.notice
    assert {"topic": "economy_energy", "claim_type": "event"} == load_answers(store.path, seed_case).tags["K01"]


def test_exercise_answers_are_named_by_the_one_rule(seed_case, answers_dir):
    """The exercise store saves to answers/exercises/<learner>.<exercise>.json for the default case."""
    from kit.case.exercises import load_exercise

    store = ExerciseStore(load_exercise("voice", seed_case), "alice")
    assert answers_dir / "exercises" / "alice.voice.json" == store.path


@pytest.mark.parametrize(("self_study", "wrong_checks", "shown"),
                         [(True, 1, False), (True, 2, True), (False, 1, True), (False, 0, True)])
def test_hints_come_before_the_answer_in_self_study(self_study, wrong_checks, shown):
    """In self-study the answer shows from the second wrong check on; in class at once."""
    assert shown == shows_answer(self_study, wrong_checks)


def test_changing_the_default_case_hides_nobodys_work(tiny_case, answers_dir):
    """A learner's answers saved as <learner>.json while "tiny" was the default stay theirs for "tiny"
    after the teacher makes another case the default; the new default case gets a file of its own."""
    from kit import paths

    course = paths.course_file()
    course.write_text("default_case: tiny\n", encoding="utf-8")
    store = AnswerStore(tiny_case, "ada")
    store.set_tag("K01", "topic", "bilateral_relations")
    assert "ada.json" == store.path.name
    course.write_text("default_case: next-week\n", encoding="utf-8")
    again = AnswerStore(tiny_case, "ada")
    assert ("ada.json", "bilateral_relations", "ada.next-week.json") == (
        again.path.name, again.answers.tags["K01"]["topic"], paths.answers_file("next-week", "ada").name)
    assert ["ada.json"] == sorted(p.name for p in answers_dir.iterdir())  # nothing moved aside
