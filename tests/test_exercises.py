"""Exercises: specs are data, expected answers come from the case and its reference, and every
answer file is checked or refused with one clear line."""

import json
import re

import pytest

from kit.judge import exercises as ex
from kit.case import exercises as cex
from kit.answers import exercise_answers as exa
from kit.errors import KitError
from kit.widgets import ExerciseBoard


def reference_answers(exercise):
    """A perfect answer built from what the exercise accepts."""
    return {i.id: i.accepted[0] for i in exercise.items}


@pytest.mark.parametrize("spec", [s for s in cex.spec_ids() if s != "briefing"])
def test_every_exercise_is_answerable_and_the_reference_scores_full_marks(spec):
    """Each item accepts at least one of its own choices, and answering with it scores 100%."""
    exercise = ex.load_exercise(spec)
    assert exercise.items
    for item in exercise.items:
        assert set(item.accepted) <= {v for _, v in item.choices}, item.id
        assert item.explanation.strip(), item.id
    result = ex.check(exercise, reference_answers(exercise))
    assert (len(exercise.items), len(exercise.items)) == (result.right, result.total)


def test_empty_answers_score_zero():
    """Unanswered items are wrong."""
    result = ex.check(ex.load_exercise("topics"), {})
    assert 0 == result.right and not any(r.correct for r in result.items)


def test_who_said_it_masks_names_and_accepts_either_side_for_identical_sentences(seed_case):
    """Names are masked; K10 and C11 are the same sentence, so both sides are accepted."""
    exercise = ex.load_exercise("who_said_it")
    assert "Ushakov" not in exercise.item("K12").prompt
    assert {"kremlin", "china"} == set(exercise.item("K10").accepted)
    assert ("kremlin",) == exercise.item("K02").accepted


def test_tag_exercises_follow_the_reference(seed_case):
    """A topic item accepts the reference's value and its alternatives, with the reference's reason."""
    exercise = ex.load_exercise("topics")
    ref = seed_case.reference.set_index(["claim_id", "dimension"])
    row = ref.loc[("K07", "topic")]
    assert (row["value"], *row["alternatives"]) == exercise.item("K07").accepted
    assert row["rationale"] == exercise.item("K07").explanation


def test_counterparts_come_from_the_reference_links(seed_case):
    """A required link is the answer; an optional link is accepted along with 'none'."""
    exercise = ex.load_exercise("coverage_and_links")
    assert ("C11",) == exercise.item("K10").accepted
    assert {"none", "C06"} == set(exercise.item("K02").accepted)
    assert ("none",) == exercise.item("K08").accepted


def test_summarizer_finds_the_identical_sentences():
    """The 'twins' answer is derived from claims.csv: the pair of identical sentences."""
    exercise = ex.load_exercise("spot_the_summarizer")
    assert ("K10-C11",) == exercise.item("twins").accepted
    assert ("summarizer",) == exercise.item("meta-C13").accepted


def test_a_phrase_not_in_its_claim_is_refused(tmp_path):
    """A spec quoting words that are not in the claim fails to load, naming the field."""
    spec = tmp_path / "bad.yml"
    spec.write_text("id: bad\ntitle: Bad\nkind: summarizer\nquestions:\n"
                    "  - {type: phrase, claim: K13, phrase: axis, answer: summarizer, why: x}\n", encoding="utf-8")
    with pytest.raises(KitError, match=r"questions\[0\]\.phrase: 'axis' is not in claim K13"):
        ex.load_exercise(spec)


def test_briefing_checks_ids_and_coverage():
    """Bullets must cite existing claims whose coverage supports the stance; the brief needs each stance."""
    exercise = ex.load_exercise("briefing")
    bullets = ex.parse_bullets("both: Putin accepted an invitation to China [K10, C11]\n"
                               "kremlin_only: Iran came up [K08]\n"
                               "china_only: The UN and WWII [C08, K99]\n"
                               "both: Iran for both [K08, C07]\n"
                               "kremlin_only: turbulence [K04]")
    result = ex.check(exercise, bullets)
    verdicts = {r.id: r.problems for r in result.items}
    assert () == verdicts["bullet-1"] == verdicts["bullet-2"]
    assert ("no such claim: K99",) == verdicts["bullet-3"]
    assert any("only one side says that" in p for p in verdicts["bullet-4"])
    assert any("the other side says it too" in p for p in verdicts["bullet-5"])
    assert (2, 5) == (result.right, result.total)
    assert () == result.problems


def test_briefing_needs_enough_bullets_and_every_stance():
    """Too few bullets, or a stance missing, is reported for the brief as a whole."""
    result = ex.check(ex.load_exercise("briefing"), ex.parse_bullets("both: visit [K10, C11]"))
    assert any("at least 3 bullets" in p for p in result.problems)
    assert any("kremlin_only" in p for p in result.problems)


def write(path, **fields):
    data = {"format": exa.FORMAT, "version": 1, "exercise": "topics", "case": "xi-putin-2026-02-04",
            "learner": "alice", "answers": {"K02": "economy_energy"}}
    data.update(fields)
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def test_check_file_reads_the_exercise_from_the_file(tmp_path):
    """An exercise answers file names its exercise; check_file checks it (for `kit check`)."""
    result = ex.check_file(write(tmp_path / "a.json"))
    assert ("topics", 1) == (result.exercise, result.right)


@pytest.mark.parametrize("fields, message", [
    ({"answers": {"K02": "econ"}}, "answers.K02: 'econ' is not a choice"),
    ({"answers": {"K99": "economy_energy"}}, "answers.K99: not a question of this exercise"),
    ({"version": 2}, "version: is 2; this kit reads version 1"),
    ({"learner": ""}, "learner: missing"),
    ({"answers": []}, "answers: expected an object"),
])
def test_bad_answer_files_are_refused_in_one_line(tmp_path, fields, message):
    """Each kind of bad input gives one line naming the file and the field."""
    path = write(tmp_path / "a.json", **fields)
    with pytest.raises(KitError) as info:
        ex.check_file(path)
    assert 1 == len(str(info.value).splitlines())
    assert str(path) in str(info.value) and message in str(info.value)


def test_non_json_and_unknown_exercise_are_refused(tmp_path):
    """check_file says "not valid JSON" for junk and names the exercise field for an unknown one."""
    (tmp_path / "x.json").write_text("{nope", encoding="utf-8")
    with pytest.raises(KitError, match="x.json: not valid JSON"):
        ex.check_file(tmp_path / "x.json")
    (tmp_path / "y.json").write_text('{"format": "readout-kit/exercise-answers", "exercise": "nope"}', encoding="utf-8")
    with pytest.raises(KitError, match="y.json: exercise: missing or unknown"):
        ex.check_file(tmp_path / "y.json")


def test_exercise_board_saves_resumes_and_gives_hints_first(answers_dir):
    """The board autosaves each choice, resumes from the file, and shows a hint before the answer."""
    board = ExerciseBoard("voice", "alice")
    wrong = next(v for _, v in board.exercise.item("K12").choices if v not in board.exercise.item("K12").accepted)
    board.dropdowns["K12"].value = wrong
    assert (answers_dir / "exercises" / "alice.voice.json").exists()
    board.check_button.click()
    assert "Hint" in board.feedbacks["K12"].value and "Expected" not in board.feedbacks["K12"].value
    board.check_button.click()
    assert "Expected <code>aide</code>" in board.feedbacks["K12"].value
    assert wrong == ExerciseBoard("voice", "alice").dropdowns["K12"].value
    assert "0 of 9 right" in board.score.value


def test_exercise_board_keeps_a_corrupt_file_aside(answers_dir):
    (answers_dir / "exercises").mkdir(parents=True)
    (answers_dir / "exercises" / "alice.topics.json").write_text("garbage", encoding="utf-8")
    board = ExerciseBoard("topics", "alice")
    assert "kept as alice.topics.json.corrupt-" in board.notice.value
    assert 1 == len(list((answers_dir / "exercises").glob("alice.topics.json.corrupt-*")))


def test_briefing_board_round_trips_the_text(answers_dir):
    """What the learner wrote comes back after a restart; Check lists each bullet's verdict."""
    board = ExerciseBoard("briefing", "alice")
    board.brief.value = "both: Putin accepted an invitation to China [K10, C11]\nkremlin_only: Iran [K08]"
    assert board.brief.value == ExerciseBoard("briefing", "alice").brief.value
    board.check_button.click()
    assert 2 == board.brief_feedback.value.count("rk-right")
    assert "china_only" in board.brief_feedback.value


def test_a_summary_case_keeps_spot_the_summarizer(seed_case):
    """The seed is a summary: its notebook asks about the summarizer, with the case's own questions."""
    from kit.case.exercises import load_exercise

    exercise = load_exercise("spot_the_summarizer", seed_case)
    assert ("spot_the_summarizer", "", "summarizer") == (exercise.id, exercise.spec, exercise.kind)
    assert {"readout", "summarizer"} == set(exercise.item("meta-K13").accepted)


def test_who_said_it_gives_no_side_away_and_reads_files_keyed_by_claim(seed_case, tmp_path):
    """Question IDs and titles hold no claim ID; a file saved when claims were the keys still loads and scores the same."""
    exercise = ex.load_exercise("who_said_it")
    shown = " ".join(f"{i.id} {i.heading} {i.prompt}" for i in exercise.items)
    assert ([], "Sentence 1", "Sentence 1") == (re.findall(r"\b[KC]\d\d\b", shown), exercise.items[0].heading,
                                               ex.check(exercise, {}).items[0].title)
    old = tmp_path / "old.json"
    old.write_text(json.dumps({"format": exa.FORMAT, "version": 1, "exercise": "who_said_it", "case": seed_case.id,
                               "learner": "ana", "answers": {"K02": "kremlin", "C03": "kremlin"}}), encoding="utf-8")
    _, answers = exa.load_exercise_answers(old, exercise)
    assert {exercise.item("K02").id: "kremlin", exercise.item("C03").id: "kremlin"} == answers
    assert (1, 1) == (ex.check(exercise, answers).right, ex.check(exercise, {"K02": "kremlin", "C03": "kremlin"}).right)


def test_a_summary_case_without_questions_gets_them_from_its_reference(official_course):
    """Marked as a summary, a case with no questions of its own is asked, claim by claim, whose characterisation it is."""
    import yaml

    from kit.case.load import load_case

    path = official_course / "data" / "cases" / "valdoria-tessaly-2026-03-12" / "case.yml"
    path.write_text(yaml.safe_dump({**yaml.safe_load(path.read_text(encoding="utf-8")), "source_kind": "summary"}), encoding="utf-8")
    exercise = ex.load_exercise("spot_the_summarizer", load_case("valdoria-tessaly-2026-03-12"))
    assert ("summarizer", ["meta-V01", "meta-T01"], ("readout",)) == (exercise.kind, [i.id for i in exercise.items], exercise.items[0].accepted)
