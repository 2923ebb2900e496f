"""Proposals for the reference (kit.case.proposals): links by TF-IDF similarity, voice from the subject,
coverage from links — computed from the case alone, each with a reason."""

from pathlib import Path

import pytest

from kit.case.load import load_case
from kit.case.proposals import propose_coverage, propose_links, propose_voice, subject

from conftest import SEED_CASE

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def seed():
    return load_case(SEED_CASE)


def test_identical_sentences_on_both_sides_are_proposed_as_a_link(seed):
    """K10 and C11 are the same sentence word for word: proposed, with the highest similarity."""
    proposals = {(p.a, p.b): p for p in propose_links(seed)}
    assert ("K10", "C11") in proposals
    assert 1.0 == pytest.approx(proposals[("K10", "C11")].score, abs=1e-3)


def test_every_link_proposal_joins_the_two_sides_and_gives_a_reason(seed):
    """A proposal joins a first-side claim to an other-side claim, and says why in words."""
    sides = seed.claims["side"]
    for p in propose_links(seed):
        assert ("kremlin", "china") == (sides[p.a], sides[p.b])
        assert "similarity" in p.reason


def test_a_higher_threshold_proposes_fewer_links(seed):
    """The threshold is a real cut: raising it never adds a proposal."""
    low, high = propose_links(seed, 0.1), propose_links(seed, 0.5)
    assert {(p.a, p.b) for p in high} < {(p.a, p.b) for p in low}


@pytest.mark.parametrize("sentence, expected", [
    ("Xi invited Putin to visit China.", "Xi"),
    ("Putin and Xi agreed to keep mechanisms.", "Putin and Xi"),
    ("On the afternoon of February 4, 2026, President Xi Jinping held a meeting.", "President Xi Jinping"),
    ("Emphasis on continuing to develop ties.", "Emphasis"),
    ("The two leaders agreed to deepen coordination.", "The two leaders"),
])
def test_subject_is_the_opening_run_of_names(sentence, expected):
    """The subject rule reads the opening names and joining words, after a leading phrase."""
    assert expected == subject(sentence)


def test_voice_follows_the_subject(seed):
    """A named leader, two leaders, 'They', a pronoun after a named leader, an aide, and a passive."""
    voice = {cid: p.value for cid, p in propose_voice(seed).items()}
    assert {"C02": "xi", "K06": "both_leaders", "K07": "both_leaders", "C03": "xi", "K12": "aide",
            "K04": "narrator"} == {cid: voice[cid] for cid in ("C02", "K06", "K07", "C03", "K12", "K04")}


def test_voice_names_come_from_the_case_not_the_code(fictional_course):
    """In a case with other leaders, a title alone is the readout's own leader and a pronoun follows."""
    case = load_case("fictional-northland-southland")
    voice = propose_voice(case)
    assert set(p.value for p in voice.values()) <= set(case.values("voice"))
    assert "xi" not in {p.value for p in voice.values()} and "putin" not in {p.value for p in voice.values()}


def test_coverage_follows_the_links(seed):
    """A linked claim is proposed 'both'; an unlinked one its own side's '<side>_only'."""
    coverage = propose_coverage(seed, [("K10", "C11")])
    assert ("both", "both", "kremlin_only", "china_only") == tuple(coverage[c].value for c in ("K10", "C11", "K01", "C01"))
    assert "linked to C11" == coverage["K10"].reason


def test_benchmark_prints_precision_and_recall():
    """benchmarks/bench_proposals.py prints precision and recall for links, voice and coverage, with baselines."""
    import subprocess
    import sys
    out = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "bench_proposals.py")], capture_output=True,
                         text=True, check=True, cwd=ROOT).stdout
    for row in ("links, TF-IDF (kit.case.proposals)", "links, baseline: same section", "voice, subject rule",
                "coverage, from proposed links"):
        assert row in out
    assert "precision" in out and "recall" in out
