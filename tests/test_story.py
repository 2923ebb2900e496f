"""A case's story comes from its data: its own words where it has them, generic text from its data where not."""

import pytest
import yaml

from kit.case import story
from kit.case.load import load_case
from kit.errors import KitError

CASE = "valdoria-tessaly-2026-03-12"


def test_an_official_case_is_told_as_official_readouts(official_course):
    """With no story of its own, an official case's texts name its sides, leaders and date, and never a summary."""
    case = load_case(CASE)
    texts = {key: story.text(case, key) for key in story.TEXTS}
    assert "On 12 March 2026, Maren Oduya and Henrik Salo spoke." in texts["event"]
    assert "the two official readouts themselves" in texts["source_note"]
    assert "`V01`…`V06` for the Valdoria side; `T01`…`T05` for the Tessaly side" in texts["reading_intro"]
    assert "The reference finds 1 contradiction here" in texts["contradictions"]
    assert "written by its government's officials" in texts["who_wrote"] and texts["who_wrote"] != texts["source_note"]
    assert [] == [k for k, t in texts.items() if "summar" in t.lower()]


def test_a_summary_case_says_so(official_course):
    """The same case marked as a summary is told as one: whose words, the summarizer's or a side's."""
    path = official_course / "data" / "cases" / CASE / "case.yml"
    meta = yaml.safe_load(path.read_text(encoding="utf-8"))
    path.write_text(yaml.safe_dump({**meta, "source_kind": "summary"}), encoding="utf-8")
    note = story.text(load_case(CASE), "source_note")
    assert "It is a third party's summary of both readouts" in note and "or the summarizer?" in note


def test_the_worked_example_is_the_cases_own_choice_or_a_clear_cut_claim(official_course, seed_case):
    """The seed's story chooses K08; a case without a choice gets its first claim with no alternatives, reasons from its reference."""
    assert "K08" == story.worked_example_id(seed_case)
    case = load_case(CASE)
    assert "V02" == story.worked_example_id(case)
    assert "* **Voice** — `oduya`: The President offered them." in story.text(case, "worked_example")


def test_the_seed_story_keeps_its_own_words(seed_case):
    """The seed's story says what its source is, with the Overall Tone paragraph told truthfully (K12 is not the summarizer's)."""
    assert "`K12` reports what Ushakov said" in story.text(seed_case, "who_wrote")
    assert "in this summary the two halves never contradict each other" in story.text(seed_case, "contradictions")


@pytest.mark.parametrize("text, field", [
    ("tone: cheerful\n", "tone: not a story key"),
    ("worked_example: K08\n", "worked_example: 'K08' is not a claim of this case"),
    ("names: Valdorian\n", "names: expected a list of words"),
    ("event: ''\n", "event: expected a paragraph of Markdown text"),
    ("exercises: [who_said_it]\n", "exercises: expected a mapping of exercise ID"),
    ("exercises: {topics: {items: [V01, K99]}}\n", "exercises.topics.items: 'K99' is not a claim of this case"),
])
def test_a_mistake_in_story_yml_is_one_line_naming_the_field(official_course, text, field):
    """Each mistake in a story.yml is one line naming the file and the field."""
    (official_course / "data" / "cases" / CASE / "story.yml").write_text(text, encoding="utf-8")
    with pytest.raises(KitError) as info:
        load_case(CASE)
    assert [f"story.yml: {field}"] == [p.split("/")[-1][: len(f"story.yml: {field}")] for p in info.value.problems]


def test_a_case_made_before_stories_gets_generic_text(tiny_case):
    """A case folder with no story.yml, no leaders and no source_kind still gets a story from its data."""
    assert "the leaders of the two sides spoke" in story.text(tiny_case, "event")
    assert "does not record what kind of text" in story.text(tiny_case, "source_note")
