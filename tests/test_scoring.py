"""The scoring core: tags, kappa, links, the overall weighting and the `kit check --json` contract."""

import json

import pytest

from kit.answers.parse import Answers, Link, parse_answers
from kit.answers.reference_answers import reference_answers
from kit.judge.scoring import cohen_kappa, score
from kit.judge.synthetic import synthetic_class

PERFECT_TAGS = {
    "K01": {"topic": "bilateral_relations", "claim_type": "assessment", "voice": "both_leaders", "coverage": "both"},
    "K02": {"topic": "visits_and_meetings", "claim_type": "plan", "voice": "putin", "coverage": "kremlin_only"},
    "C01": {"topic": "bilateral_relations", "claim_type": "assessment", "voice": "xi", "coverage": "both"},
    "C02": {"topic": "protocol_and_greetings", "claim_type": "courtesy", "voice": "xi", "coverage": "china_only"},
}
TAG_WEIGHT = 0.80 / 16  # the tiny case: 4 claims × 4 dimensions


def perfect(**changes):
    tags = {c: dict(d) for c, d in PERFECT_TAGS.items()}
    for where, value in changes.items():
        claim_id, dim = where.split("__")
        tags[claim_id][dim] = value
    return Answers("tiny", "alice", tags, [Link("K01", "C01", "attribution_shifted")])


def test_reference_scores_one(seed_case):
    """The real case's own reference answers score exactly 1.0, every dimension and the links perfect."""
    result = score(seed_case, parse_answers(reference_answers(seed_case), seed_case))
    assert (1.0, {1.0}, {1.0}, 1.0) == (result.overall, {d.accuracy for d in result.dimensions.values()},
                                        {d.kappa for d in result.dimensions.values()}, result.links.f1)
    assert [] == result.wrong()


def test_each_wrong_tag_costs_its_weight_and_is_named(tiny_case):
    """Every wrong tag lowers the score by 0.80 / (claims × dimensions) and is listed with the expected value and reason."""
    one = score(tiny_case, perfect(K02__voice="xi"))
    two = score(tiny_case, perfect(K02__voice="xi", C01__topic="global_order"))
    assert pytest.approx(1 - TAG_WEIGHT) == one.overall
    assert pytest.approx(1 - 2 * TAG_WEIGHT) == two.overall
    assert [("K02", "voice", "xi", "putin", "Putin.")] == [(r.claim_id, r.dimension, r.given, r.expected, r.rationale) for r in one.wrong()]
    assert [("C01", "topic"), ("K02", "voice")] == sorted((r.claim_id, r.dimension) for r in two.wrong())


def test_alternatives_accepted(tiny_case):
    """A value among the reference's alternatives counts as right, for accuracy and for kappa."""
    result = score(tiny_case, perfect(K01__claim_type="commitment", K02__coverage="both"))
    assert (1.0, 1.0, 1.0) == (result.overall, result.dimensions["claim_type"].kappa, result.dimensions["coverage"].accuracy)
    entry = next(r for r in result.claims if (r.claim_id, r.dimension) == ("K01", "claim_type"))
    assert ("commitment", "assessment", True) == (entry.given, entry.expected, entry.correct)


def test_empty_answers_score_zero(tiny_case):
    """An answers file with nothing in it scores 0 without error; kappa is undefined (None)."""
    result = score(tiny_case, Answers("tiny", "bob"))
    assert (0.0, {None}, {0}, 0.0) == (result.overall, {d.kappa for d in result.dimensions.values()},
                                       {d.tagged for d in result.dimensions.values()}, result.links.f1)
    assert (16, 16) == (len(result.claims), len(result.untagged()))


def test_partial_answers_score_tagged_claims_only(tiny_case):
    """A partial answer scores the tagged claims and zero for the rest."""
    result = score(tiny_case, Answers("tiny", "bob", {"K01": {"topic": "bilateral_relations", "voice": "xi"}}))
    topic, voice = result.dimensions["topic"], result.dimensions["voice"]
    assert (0.25, 1, 4) == (topic.accuracy, topic.tagged, topic.total)
    assert (0.0, 1) == (voice.accuracy, voice.tagged)
    assert pytest.approx(0.80 * 1 / 16) == result.overall


def test_cohen_kappa_hand_worked():
    """Kappa matches worked examples: 50 items, agree 20 yes + 15 no, p_e 0.5 → 0.4; and a 3-label case."""
    first = ["yes"] * 25 + ["no"] * 25
    second = ["yes"] * 20 + ["no"] * 5 + ["yes"] * 10 + ["no"] * 15
    assert pytest.approx(0.4) == cohen_kappa(first, second)
    # 10 items; confusion rows a,b,c: [3,1,0],[0,3,1],[0,0,2] → p_o 0.8, p_e (4·3+4·4+2·3)/100 = 0.34
    a = ["a"] * 4 + ["b"] * 4 + ["c"] * 2
    b = ["a", "a", "a", "b", "b", "b", "b", "c", "c", "c"]
    assert pytest.approx((0.8 - 0.34) / (1 - 0.34)) == cohen_kappa(a, b)
    assert 1.0 == cohen_kappa(["x", "x"], ["x", "x"])


def test_kappa_per_dimension_against_reference(tiny_case):
    """Per-dimension kappa is Cohen's kappa of the learner's tags against the reference's values."""
    result = score(tiny_case, perfect(C02__topic="bilateral_relations"))
    expected = cohen_kappa(["bilateral_relations", "visits_and_meetings", "bilateral_relations", "bilateral_relations"],
                           ["bilateral_relations", "visits_and_meetings", "bilateral_relations", "protocol_and_greetings"])
    assert pytest.approx(expected) == result.dimensions["topic"].kappa


def test_missing_and_extra_links(tiny_case):
    """A missed required link costs recall; a pair the reference does not link costs precision."""
    missed = score(tiny_case, Answers("tiny", "a", PERFECT_TAGS, []))
    extra = score(tiny_case, Answers("tiny", "a", PERFECT_TAGS, [Link("K01", "C01", "attribution_shifted"), Link("K02", "C01", "matched")]))
    assert (0.0, 0.0, 0.8) == (missed.links.recall, missed.links.f1, missed.overall)
    assert (0.5, 1.0) == (extra.links.precision, extra.links.recall)
    assert pytest.approx(0.8 + 0.15 * (2 / 3) + 0.05) == extra.overall
    assert {("K01", "C01"): "found", ("K02", "C01"): "extra"} == {(i.a, i.b): i.status for i in extra.links.items}


def test_optional_link_neither_counts_nor_is_required(tiny_case):
    """Drawing an optional link is not a false positive, and leaving it out does not lower recall."""
    with_optional = score(tiny_case, Answers("tiny", "a", PERFECT_TAGS, [Link("K01", "C01", "partial"), Link("K02", "C02", "matched")]))
    assert (1.0, 1.0, 1.0, 1) == (with_optional.overall, with_optional.links.precision, with_optional.links.recall, with_optional.links.drawn)
    assert "optional" == next(i.status for i in with_optional.links.items if i.a == "K02")


def test_wrong_match_type_costs_match_accuracy_only(tiny_case):
    """A correct pair with a wrong match type keeps F1 and loses the 5% match-type share."""
    result = score(tiny_case, Answers("tiny", "a", PERFECT_TAGS, [Link("K01", "C01", "matched")]))
    assert (1.0, 0.0, 0.95) == (result.links.f1, result.links.match_accuracy, result.overall)
    assert [("K01", "C01", "matched", "attribution_shifted", False)] == [
        (i.a, i.b, i.given, i.expected, i.match_correct) for i in result.links.items]


def test_json_contract(seed_case):
    """to_dict gives exactly the `kit check --json` keys, one claims entry per claim and dimension, and is JSON."""
    result = score(seed_case, Answers(seed_case.id, "alice", {"K01": {"topic": "economy_energy"}}))
    data = json.loads(json.dumps(result.to_dict()))
    assert {"case", "learner", "score", "dimensions", "links", "claims"} == set(data)
    assert {"topic", "claim_type", "voice", "coverage"} == set(data["dimensions"])
    assert {"accuracy", "kappa", "tagged", "total"} == set(data["dimensions"]["topic"])
    assert {"precision", "recall", "f1", "match_accuracy"} == set(data["links"])
    assert 4 * len(seed_case.claims) == len(data["claims"])
    assert {"claim_id", "dimension", "given", "expected", "correct", "rationale"} == set(data["claims"][0])
    assert {"claim_id": "K01", "dimension": "topic", "given": "economy_energy", "expected": "bilateral_relations",
            "correct": False} == {k: v for k, v in data["claims"][0].items() if k != "rationale"}


def test_score_is_a_snapshot(tiny_case):
    """Editing the answers after scoring (as a widget does) does not change the score's feedback."""
    answers = perfect()
    result = score(tiny_case, answers)
    answers.tags["K01"]["topic"] = "global_order"
    assert [] == result.wrong()


def test_fast_numbers_agree_with_per_claim_feedback(seed_case):
    """The per-dimension counts equal a plain count over the per-claim feedback, across a synthetic class."""
    for answers in synthetic_class(seed_case, 60, seed=3, untagged=0.2):
        result = score(seed_case, answers)
        counted = {d: sum(r.correct for r in result.claims if r.dimension == d) for d in seed_case.dimensions}
        tagged = {d: sum(r.given is not None for r in result.claims if r.dimension == d) for d in seed_case.dimensions}
        assert counted == {d: s.right for d, s in result.dimensions.items()}
        assert tagged == {d: s.tagged for d, s in result.dimensions.items()}


def test_links_count_whichever_way_they_are_drawn(seed_case):
    """A hand-built answer with links drawn China -> Kremlin scores the same as Kremlin -> China."""
    ref = parse_answers(reference_answers(seed_case), seed_case, "reference")
    flipped = Answers(seed_case.id, "x", ref.tags, [Link(k.b, k.a, k.match) for k in ref.links])
    assert 1.0 == score(seed_case, flipped).overall
