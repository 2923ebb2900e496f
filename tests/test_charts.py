"""Chart data is plain DataFrames from the case, the learner's answers and the scoring core."""

import subprocess
import sys

from kit import charts
from kit.answers import Answers, Link


def test_import_kit_does_not_import_plotly():
    """plotly is loaded only when a chart is drawn: `import kit` and `import kit.charts` stay light."""
    code = "import sys, kit, kit.charts, kit.widgets; print('plotly' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert "False" == out.stdout.strip()


def test_coverage_table_counts_every_reference_claim(seed_case):
    """Summed over topics and coverage, each side's count is its number of claims."""
    table = charts.coverage_table(seed_case)
    assert {"Kremlin": 13, "China": 13} == table.groupby("side")["claims"].sum().to_dict()
    assert set(table["topic"]) <= set(seed_case.values("topic"))


def test_coverage_table_from_learner_counts_only_tagged_claims(seed_case):
    """A learner's partial tags give a partial chart."""
    answers = Answers(seed_case.id, "a", {"K08": {"topic": "regional_crises", "coverage": "kremlin_only"},
                                          "K01": {"topic": "bilateral_relations"}})
    table = charts.coverage_table(seed_case, answers)
    assert [("regional_crises", "Kremlin", "kremlin_only", 1)] == list(table.itertuples(index=False, name=None))


def test_alignment_table_lists_every_match_type(seed_case):
    """All match types appear, in taxonomy order, zeros included; the counts are the required links."""
    table = charts.alignment_table(seed_case)
    assert list(seed_case.taxonomy.link_match.values) == list(table["match"])
    assert int((~seed_case.links["optional"]).sum()) == table["links"].sum()
    assert 0 == table.set_index("match").at["contradicted", "links"]


def test_standalone_table_is_the_one_side_claims(seed_case):
    """What stands alone: exactly the claims whose reference coverage is not 'both'."""
    ref = seed_case.reference
    alone = set(ref[(ref["dimension"] == "coverage") & (ref["value"] != "both")]["claim_id"])
    assert alone == set(charts.standalone_table(seed_case).index)


def test_confusion_table_diagonal_is_what_the_score_calls_right(seed_case):
    """Right tags (alternatives included) sit on the diagonal; untagged claims get their own row."""
    from kit.scoring import score

    ref = seed_case.reference[seed_case.reference["dimension"] == "voice"].set_index("claim_id")["value"]
    answers = Answers(seed_case.id, "a", {"K01": {"voice": ref["K01"]}, "K02": {"voice": "xi" if ref["K02"] != "xi" else "putin"}})
    table = charts.confusion_table(seed_case, answers, "voice")
    diagonal = sum(table.at[v, v] for v in seed_case.values("voice"))
    assert score(seed_case, answers).dimensions["voice"].right == diagonal
    assert 24 == table.loc[charts.UNTAGGED].sum()
    assert 26 == table.to_numpy().sum()


def test_links_from_answers(seed_case):
    """A learner's links become rows with both texts."""
    answers = Answers(seed_case.id, "a", links=[Link("K10", "C11", "matched")])
    table = charts.link_table(seed_case, answers)
    assert ["K10", "C11", "matched"] == list(table.iloc[0][["a", "b", "match"]])
    assert table.iloc[0]["a_text"] == table.iloc[0]["b_text"]


def test_charts_are_plotly_figures_with_titles(seed_case):
    """Each chart function returns a figure with a title saying whose data it shows."""
    answers = Answers(seed_case.id, "a", {"K01": {"topic": "bilateral_relations"}})
    assert "reference" in charts.coverage_chart(seed_case).layout.title.text
    assert "your links" in charts.alignment_chart(seed_case, answers).layout.title.text
    assert "topic" in charts.confusion_chart(seed_case, answers, "topic").layout.title.text
