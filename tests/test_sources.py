"""Segmentation: readouts -> sections -> sentence-level claims with exact offsets."""

from pathlib import Path

import pytest
from hypothesis import given, strategies as st

from kit.case.sources import Side, SourceShapeError, segment

ROOT = Path(__file__).resolve().parent.parent
SEED = (ROOT / "seeds" / "000_928ed55534e797dc.txt").read_text(encoding="utf-8")
SIDES = [Side("kremlin", "K"), Side("china", "C")]


@pytest.fixture(scope="module")
def claims():
    return {c.id: c for c in segment(SEED, SIDES)}


def test_thirteen_claims_a_side_in_reading_order(claims):
    """The seed gives K01…K13 for the Kremlin and C01…C13 for China, numbered in reading order."""
    assert [f"K{i:02d}" for i in range(1, 14)] + [f"C{i:02d}" for i in range(1, 14)] == list(claims)
    assert sorted(c.start for c in claims.values()) == [c.start for c in claims.values()]


def test_every_claim_is_verbatim_at_its_offsets(claims):
    """seed[start:end] == text for every claim, and no claim starts or ends with whitespace."""
    for claim in claims.values():
        assert claim.text == SEED[claim.start:claim.end]
        assert claim.text == claim.text.strip()


def test_e_g_and_a_closing_bracket_stay_in_one_sentence(claims):
    """"(e.g., assessments of Trump’s initiatives …)" does not split K07."""
    assert claims["K07"].text.startswith("They noted close or coinciding positions")
    assert claims["K07"].text.endswith("“Board of Peace” plan).")


def test_us_iran_stays_in_one_sentence(claims):
    """"U.S.-Iran" inside brackets does not end K08."""
    assert "Special attention was given to the tense situation in Iran (amid U.S.-Iran talks and regional tensions)." == claims["K08"].text


def test_quote_closing_after_a_comma_stays_in_one_sentence(claims):
    """“good tradition,” and “… challenges,” close after a comma, inside one sentence each."""
    assert claims["K12"].text.endswith("confirming fundamental priorities for the coming period.")
    assert claims["K13"].text.startswith("Moscow and Beijing “support each other")
    assert claims["K13"].text.endswith("“powerful, constructive, and stabilizing factor” globally.")


def test_parenthesis_with_commas_stays_in_one_sentence(claims):
    """The Lichun gloss in brackets is part of C03."""
    assert "(Lichun, one of the 24 solar terms in the Chinese lunar calendar)" in claims["C03"].text


def test_sections_and_sides_come_from_the_lines(claims):
    """A claim carries its readout's side and its section heading."""
    assert ("kremlin", "Regional/Global Crises") == (claims["K09"].side, claims["K09"].section)
    assert ("china", "Overall Tone") == (claims["C13"].side, claims["C13"].section)


def test_too_many_titles_is_refused_with_the_line():
    """A third title line for a two-sided case names the line and the fix."""
    with pytest.raises(SourceShapeError, match=r"found 3 readout title\(s\) \(the extra one is on line 3\)"):
        segment("A\nB\nC\nS: x.", SIDES)


def test_section_before_a_title_is_refused():
    """A 'Section: text' line before any title is refused."""
    with pytest.raises(SourceShapeError, match="line 1: section before any readout title"):
        segment("S: text.\nA", SIDES)


sentence = st.text(alphabet=st.characters(codec="utf-8", exclude_characters="\n\r:"), min_size=1, max_size=60)


@given(st.lists(st.tuples(sentence, sentence), min_size=1, max_size=4), st.lists(st.tuples(sentence, sentence), min_size=1, max_size=4))
def test_offsets_hold_for_any_text(left, right):
    """Whatever the text, every claim is exactly the source at its offsets."""
    lines = ["Kremlin title"] + [f"{h}: {b}" for h, b in left] + ["China title"] + [f"{h}: {b}" for h, b in right]
    source = "\n".join(lines)
    for claim in segment(source, SIDES):
        assert claim.text == source[claim.start:claim.end]
