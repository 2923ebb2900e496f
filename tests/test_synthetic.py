"""The synthetic class generator: seeded, with controllable error rates."""

import pytest

from kit.answers.parse import load_answers
from kit.judge.scoring import score
from kit.judge.synthetic import synthetic_class, write_class

NO_ERRORS = {"rates": {"topic": 0, "claim_type": 0, "voice": 0, "coverage": 0}, "link_miss": 0, "link_extra": 0, "match_error": 0}


def test_same_seed_same_class(seed_case):
    """The same seed gives the same learners' answers; another seed gives others."""
    assert synthetic_class(seed_case, 5, seed=7) == synthetic_class(seed_case, 5, seed=7)
    assert synthetic_class(seed_case, 5, seed=7) != synthetic_class(seed_case, 5, seed=8)


def test_no_errors_scores_one(seed_case):
    """With every error rate at zero, every learner scores 1.0 (alternatives included)."""
    assert {1.0} == {score(seed_case, a).overall for a in synthetic_class(seed_case, 20, seed=1, **NO_ERRORS)}


def test_rate_one_makes_a_dimension_wrong(seed_case):
    """A rate of 1 on a dimension makes every tag on it wrong and leaves the others right."""
    rates = {**NO_ERRORS["rates"], "voice": 1}
    results = [score(seed_case, a) for a in synthetic_class(seed_case, 10, seed=2, **{**NO_ERRORS, "rates": rates})]
    assert ({0.0}, {1.0}) == ({r.dimensions["voice"].accuracy for r in results}, {r.dimensions["topic"].accuracy for r in results})


def test_error_rates_are_close_to_requested(seed_case):
    """Over a large class, each dimension's error rate is near the rate asked for."""
    rates = {"topic": 0.1, "claim_type": 0.3, "voice": 0.2, "coverage": 0.05}
    results = [score(seed_case, a) for a in synthetic_class(seed_case, 400, seed=4, rates=rates, alternatives=0)]
    observed = {d: 1 - sum(r.dimensions[d].accuracy for r in results) / len(results) for d in rates}
    assert rates == pytest.approx(observed, abs=0.08)


def test_link_errors(seed_case):
    """link_miss leaves out required links; with link_miss 1 no required link is found."""
    results = [score(seed_case, a) for a in synthetic_class(seed_case, 10, seed=5, link_miss=1, link_extra=0)]
    assert {0} == {r.links.found for r in results}


def test_write_class_gives_loadable_files(seed_case, tmp_path):
    """Written learners load back as valid answers files with the same tags and links."""
    learners = synthetic_class(seed_case, 3, seed=6, untagged=0.3)
    paths = write_class(learners, tmp_path)
    loaded = [load_answers(p, seed_case) for p in paths]
    assert [(a.learner, a.tags, sorted(a.links)) for a in learners] == [(a.learner, a.tags, sorted(a.links)) for a in loaded]


def test_practice_class_command_writes_a_gradable_class(tmp_path, capsys):
    """`kit practice-class` writes N valid answers files; the same seed writes the same class."""
    from kit.cli import main

    assert 0 == main(["practice-class", "--learners", "4", "--seed", "7", "--out", str(tmp_path / "a")])
    assert 0 == main(["practice-class", "--learners", "4", "--seed", "7", "--out", str(tmp_path / "b")])
    names = sorted(p.name for p in (tmp_path / "a").iterdir())
    assert 4 == len(names)
    assert [(tmp_path / "a" / n).read_bytes() for n in names] == [(tmp_path / "b" / n).read_bytes() for n in names]
    assert 0 == main(["grade", str(tmp_path / "a"), "--out", str(tmp_path / "grades.csv")])
