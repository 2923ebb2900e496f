"""A link joins the two readouts: a link within one side is caught wherever links come in."""

import json

import pytest

from kit.answers.parse import load_answers
from kit.case.load import load_case
from kit.errors import KitError
from kit.answers.store import AnswerStore


def test_reference_file_refuses_a_link_within_one_side(fictional_course):
    """reference.yml: a link between two claims of one side is named with its index and ends."""
    path = fictional_course / "data" / "cases" / "fictional-northland-southland" / "reference.yml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("b: S01", "b: N02", 1), encoding="utf-8")
    problems = load_case("fictional-northland-southland", strict=False).problems
    assert f"{path}: links[0] (N01–N02): both ends are on the same side; a link joins the two readouts" in problems


def test_answers_file_refuses_a_link_within_one_side(fictional_course, tmp_path):
    """answers/*.json: a learner's same-side link is refused in one line naming the file and the link."""
    case = load_case("fictional-northland-southland")
    path = tmp_path / "alice.json"
    path.write_text(json.dumps({"format": "readout-kit/answers", "version": 1, "case": case.id, "learner": "alice",
                                "tags": {}, "links": [{"a": "S01", "b": "S02", "match": "matched"}]}), encoding="utf-8")
    with pytest.raises(KitError) as info:
        load_answers(path, case)
    assert [f"{path}: links[0]: S01 and S02 are on the same side; a link joins a claim to the other readout"] == info.value.problems


def test_the_board_store_refuses_a_link_within_one_side(fictional_course, tmp_path):
    """The boards' store will not draw a same-side link, and nothing is saved."""
    case = load_case("fictional-northland-southland")
    store = AnswerStore(case, "alice", tmp_path)
    with pytest.raises(KitError) as info:
        store.add_link("N01", "N02", "matched")
    expected = f"{store.path}: links (N01–N02): N01 and N02 are on the same side; a link joins a claim to the other readout"
    assert [expected] == info.value.problems
    assert [] == store.links()


def test_the_reference_editor_offers_only_the_other_side(fictional_course):
    """The editor's link pickers hold one side each, so a same-side link cannot be drawn there."""
    from kit.widgets import ReferenceEditor

    editor = ReferenceEditor("fictional-northland-southland")
    sides = load_case("fictional-northland-southland").claims["side"]
    assert {"northland"} == {sides[c] for c in editor.new_a.options}
    assert {"southland"} == {sides[c] for c in editor.new_b.options}


def test_the_counterpart_exercise_refuses_a_same_side_counterpart():
    """Exercise answers: a counterpart on the claim's own side is not a choice, refused in one line."""
    from kit.case.exercises import load_exercise
    from kit.answers.exercise_answers import parse_exercise_answers

    exercise = load_exercise("coverage_and_links")
    item = exercise.items[0]
    same_side = next(c for c in exercise.case.claims.index
                     if exercise.case.claims.at[c, "side"] == exercise.case.claims.at[item.id, "side"] and c != item.id)
    data = {"format": "readout-kit/exercise", "version": 1, "exercise": exercise.id, "case": exercise.case.id,
            "learner": "alice", "answers": {item.id: same_side}}
    with pytest.raises(KitError) as info:
        parse_exercise_answers(data, exercise, "alice.json")
    assert 1 == len(info.value.problems)
    assert info.value.problems[0].startswith(f"alice.json: answers.{item.id}: '{same_side}' is not a choice; expected one of: none, ")
