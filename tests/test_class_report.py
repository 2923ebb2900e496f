"""The class debrief: agreement, hardest claims, confused values, spread, and a safe self-contained page."""

import krippendorff
import numpy as np
import pytest
from plotly.offline import get_plotlyjs

from kit.answers.parse import Answers, Link
from kit.report.class_report import krippendorff_alpha, render_html, summarise, write_report
from kit.judge.grading import grade_paths
from kit.case.labels import value_label
from kit.judge.scoring import score
from kit.judge.synthetic import synthetic_class, write_class

PERFECT = {
    "K01": {"topic": "bilateral_relations", "claim_type": "assessment", "voice": "both_leaders", "coverage": "both"},
    "K02": {"topic": "visits_and_meetings", "claim_type": "plan", "voice": "putin", "coverage": "kremlin_only"},
    "C01": {"topic": "bilateral_relations", "claim_type": "assessment", "voice": "xi", "coverage": "both"},
    "C02": {"topic": "protocol_and_greetings", "claim_type": "courtesy", "voice": "xi", "coverage": "china_only"},
}


def learner(name, **changes):
    tags = {c: dict(d) for c, d in PERFECT.items()}
    for where, value in changes.items():
        claim_id, dim = where.split("__")
        tags[claim_id][dim] = value
    return Answers("tiny", name, tags)


def test_alpha_matches_the_krippendorff_package(tiny_case):
    """Alpha per dimension is the krippendorff package's nominal alpha on learners × claims."""
    scores = [score(tiny_case, a) for a in [learner("a"), learner("b", C01__topic="global_order"), learner("c", K02__topic="global_order")]]
    values = tiny_case.values("topic")
    data = np.array([[values.index(s._given[c]["topic"]) for c in ["K01", "K02", "C01", "C02"]] for s in scores], dtype=float)
    expected = krippendorff.alpha(reliability_data=data, level_of_measurement="nominal", value_domain=list(range(len(values))))
    assert pytest.approx(expected) == krippendorff_alpha(tiny_case, scores, "topic")


def test_alpha_undefined_for_one_learner(tiny_case):
    """With fewer than two learners there is no agreement to measure: alpha is None."""
    assert None is krippendorff_alpha(tiny_case, [score(tiny_case, learner("a"))], "topic")


def test_hardest_claims_and_confusions(tiny_case):
    """The hardest claim-dimension is the one most learners got wrong, and its confusion is counted."""
    scores = [score(tiny_case, a) for a in [learner("a", K02__voice="xi"), learner("b", K02__voice="xi"), learner("c")]]
    summary = summarise(tiny_case, scores)
    first = summary.hardest[0]
    assert ("K02", "voice", pytest.approx(1 / 3), "putin", "xi") == (first.claim_id, first.dimension, first.share_right,
                                                                    first.expected, first.commonest_wrong)
    assert [("voice", "putin", "xi", 2)] == [(c.dimension, c.expected, c.given, c.count) for c in summary.confusions]


def test_spread_of_scores(tiny_case):
    """The spread gives min, quartiles, median, mean and max of the overall scores."""
    scores = [score(tiny_case, a) for a in [learner("a"), Answers("tiny", "b")]]
    spread = summarise(tiny_case, scores).spread()
    assert (0.0, 0.8, pytest.approx(0.4), pytest.approx(0.4)) == (spread["min"], spread["max"], spread["mean"], spread["median"])


def test_learner_strings_escaped(tiny_case, tmp_path):
    """A learner named <script>alert(1)</script> appears escaped in the page, never as markup."""
    hostile = "<script>alert(1)</script>"
    write_class([learner(hostile)], tmp_path / "in")
    (tmp_path / "in" / "bad.json").write_text('{"learner": "<img src=x onerror=alert(2)>"')
    out = write_report(tiny_case, grade_paths(tiny_case, [tmp_path / "in"]), tmp_path / "report.html")
    page = out.read_text()
    assert (False, True, False) == (hostile in page, "&lt;script&gt;alert(1)&lt;/script&gt;" in page, "<img src=x" in page)


def test_page_is_self_contained(seed_case):
    """The page embeds plotly.js once, inline, loads nothing from the network, and has its charts:
    spread, agreement, difficulty and one class confusion matrix per dimension."""
    scores = [score(seed_case, a) for a in synthetic_class(seed_case, 30, seed=9)]
    page = render_html(seed_case, summarise(seed_case, scores))
    assert (0, 1, 3 + len(seed_case.dimensions)) == (page.count("<script src"), page.count(get_plotlyjs()), page.count("Plotly.newPlot("))


def test_page_charts_come_from_the_charts_module(seed_case):
    """The debrief draws kit.charts' figures (same palette and titles as the lessons), and lists the top confusions."""
    from kit import charts

    summary = summarise(seed_case, [score(seed_case, a) for a in synthetic_class(seed_case, 20, seed=2)])
    page = render_html(seed_case, summary)
    titles = [charts.difficulty_chart(seed_case, summary).layout.title.text, charts.score_spread_chart(summary).layout.title.text,
              charts.class_confusion_chart(seed_case, summary, "voice").layout.title.text]
    assert [True] * 3 == [t in page for t in titles]
    assert charts.side_colour(seed_case, seed_case.sides[0].id) in page
    top = summary.confusions[0]
    assert f"<td>{value_label(seed_case, top.dimension, top.given)}</td><td>{top.count}</td>" in page


def test_confusion_counts_hold_every_learner_tag(tiny_case):
    """Every learner-tag is counted once: right ones on the diagonal, a wrong one off it, untagged ones in their own row."""
    scores = [score(tiny_case, a) for a in [learner("a", K02__voice="xi"), Answers("tiny", "b", {c: PERFECT[c] for c in ("K01", "C02")})]]
    counts = summarise(tiny_case, scores).confusion_counts
    assert 2 * 4 * 4 == sum(counts.values())
    diagonal = sum(n for (d, given, expected), n in counts.items() if given == expected)
    untagged = sum(n for (d, given, expected), n in counts.items() if given == "(untagged)")
    assert (15 + 8, 1, 2 * 4) == (diagonal, counts[("voice", "xi", "putin")], untagged)


def test_links_section_names_the_missed_pairs_and_match_confusion(tiny_case):
    """The page has a links section: each required pair with how many learners drew it, and the
    reference's match types against the class's."""
    a = Answers("tiny", "a", dict(PERFECT), [Link("K01", "C01", "attribution_shifted")])
    b = Answers("tiny", "b", dict(PERFECT), [Link("K01", "C01", "contradicted")])
    c = Answers("tiny", "c", dict(PERFECT), [])
    summary = summarise(tiny_case, [score(tiny_case, x) for x in (a, b, c)])
    assert ({("K01", "C01"): 2}, {("attribution_shifted", "attribution_shifted"): 1, ("attribution_shifted", "contradicted"): 1}) \
        == (summary.links_found, summary.match_counts)
    page = render_html(tiny_case, summary)
    assert "<td>K01–C01</td>" in page and "<td>2 of 3 (67%)</td>" in page and "<td>attribution shifted</td>" in page
    assert "<th scope=\"col\">class said contradicted</th>" in page


def test_human_labels_and_no_empty_untagged_row(tiny_case):
    """Tables and charts say "only the Kremlin readout", not kremlin_only; a class that tagged every
    claim gets no "(untagged)" row of zeros, a class that left one untagged keeps it."""
    full = [score(tiny_case, learner(n)) for n in ("a", "b")]
    page = render_html(tiny_case, summarise(tiny_case, full))
    assert "only the Kremlin readout" in page and "kremlin_only" not in page
    assert "(untagged)" not in page and "claim type" in page
    partial = full + [score(tiny_case, Answers("tiny", "c", {"K01": PERFECT["K01"]}))]
    assert "(untagged)" in render_html(tiny_case, summarise(tiny_case, partial))
