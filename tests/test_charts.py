"""Chart data is plain DataFrames from the case, the learner's answers and the scoring core; the
charts share one colour-blind-safe palette, speak in sentences, and export to images for slides."""

import struct
import subprocess
import sys

import pytest

from kit import charts
from kit.answers.parse import Answers, Link
from kit.report.class_report import summarise
from kit.cli import main
from kit.errors import KitError
from kit.case.labels import value_label
from kit.judge.scoring import score
from kit.judge.synthetic import synthetic_class


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
    from kit.judge.scoring import score

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


def test_charts_say_whose_data_they_show(seed_case):
    """Each learner-facing chart's title says whether it shows the reference or the learner's answers."""
    answers = Answers(seed_case.id, "a", {"K01": {"topic": "bilateral_relations"}})
    assert "reference" in charts.coverage_chart(seed_case).layout.title.text
    assert "your links" in charts.alignment_chart(seed_case, answers).layout.title.text
    assert "your tags" in charts.emphasis_chart(seed_case, answers).layout.title.text
    assert "topic" in charts.confusion_chart(seed_case, answers, "topic").layout.title.text


# -- data prep on the tiny case, checked by hand ------------------------------------------------

def tiny_learner(name, **changes):
    from tests.test_class_report import learner

    return learner(name, **changes)


def test_reading_order_numbers_each_side_from_one(tiny_case):
    """Claims are numbered in reading order within their side; the first side is column 0."""
    order = charts.reading_order(tiny_case)
    assert {"K01": (0, 1), "K02": (0, 2), "C01": (1, 1), "C02": (1, 2)} == {
        c: (r.column, r.row) for c, r in order.iterrows()}


def test_alignment_layout_puts_the_first_side_first(tiny_case):
    """The reference draws its one required link; a learner's link named China-first is turned round."""
    assert [("K01", "C01", "attribution_shifted", 1, 1)] == list(
        charts.alignment_layout_table(tiny_case).itertuples(index=False, name=None))
    answers = Answers("tiny", "a", links=[Link("C02", "K02", "reframed")])
    assert [("K02", "C02", "reframed", 2, 2)] == list(
        charts.alignment_layout_table(tiny_case, answers).itertuples(index=False, name=None))


def test_emphasis_is_each_readouts_characters_per_topic(tiny_case):
    """Kremlin: 29 + 22 characters, China: 20 + 18; every topic listed, each side's shares add up to 1."""
    table = charts.emphasis_table(tiny_case).set_index(["side", "topic"])
    assert (29, pytest.approx(29 / 51)) == (table.at[("Kremlin", "bilateral_relations"), "characters"],
                                            table.at[("Kremlin", "bilateral_relations"), "share"])
    assert (22, 0) == (table.at[("Kremlin", "visits_and_meetings"), "characters"],
                       table.at[("China", "visits_and_meetings"), "characters"])
    assert pytest.approx(18 / 38) == table.at[("China", "protocol_and_greetings"), "share"]
    assert 2 * len(tiny_case.values("topic")) == len(table)
    assert [pytest.approx(1.0)] * 2 == table.groupby("side")["share"].sum().tolist()


def test_emphasis_counts_a_learners_untagged_text(tiny_case):
    """A learner who tagged only K01 has the rest of the text under "(untagged)"."""
    table = charts.emphasis_table(tiny_case, Answers("tiny", "a", {"K01": {"topic": "global_order"}})).set_index(["side", "topic"])
    assert (29, 22, 38) == tuple(table.at[k, "characters"] for k in
                                 [("Kremlin", "global_order"), ("Kremlin", charts.UNTAGGED), ("China", charts.UNTAGGED)])


def test_class_confusion_counts_every_learner_tag(tiny_case):
    """Two learners, one of whom read K02's putin as xi: 8 voice tags, one off the diagonal."""
    summary = summarise(tiny_case, [score(tiny_case, a) for a in [tiny_learner("a"), tiny_learner("b", K02__voice="xi")]])
    table = charts.class_confusion_table(tiny_case, summary, "voice")
    assert (4, 2, 1, 1, 8) == (table.at["xi", "xi"], table.at["both_leaders", "both_leaders"], table.at["putin", "putin"],
                               table.at["xi", "putin"], table.to_numpy().sum())


def test_class_of_one_confuses_like_the_learner(seed_case):
    """A class of one learner has exactly that learner's confusion matrix, on every dimension."""
    one = synthetic_class(seed_case, 1, seed=4, untagged=0.2)[0]
    summary = summarise(seed_case, [score(seed_case, one)])
    for dim in seed_case.dimensions:
        assert charts.confusion_table(seed_case, one, dim).equals(charts.class_confusion_table(seed_case, summary, dim))


def test_difficulty_puts_the_hardest_claim_first(tiny_case):
    """K02 voice right for one learner of two: K02 is 7/8 right overall and comes first; the rest are 1."""
    summary = summarise(tiny_case, [score(tiny_case, a) for a in [tiny_learner("a"), tiny_learner("b", K02__voice="xi")]])
    table = charts.difficulty_table(tiny_case, summary)
    assert ["K02", "C01", "C02", "K01"] == list(table.index)
    assert (0.875, 0.5, 1.0) == (table.at["K02", "share_right"], table.at["K02", "voice"], table.at["C01", "share_right"])


# -- the charts: build for any case and class, one palette, sentences ----------------------------

def all_charts(case, klass):
    summary = summarise(case, [score(case, a) for a in klass])
    learner = klass[0]
    figs = {**charts.case_charts(case), **{f"learner {k}": v for k, v in charts.case_charts(case, learner).items()},
            "difficulty": charts.difficulty_chart(case, summary), "spread": charts.score_spread_chart(summary),
            "agreement": charts.agreement_chart(case, summary)}
    for dim in case.dimensions:
        figs[f"confusion {dim}"] = charts.confusion_chart(case, learner, dim)
        figs[f"class confusion {dim}"] = charts.class_confusion_chart(case, summary, dim)
    return figs


@pytest.fixture(scope="module")
def seed_charts(seed_case):
    return all_charts(seed_case, synthetic_class(seed_case, 25, seed=11, untagged=0.05))


def test_every_chart_builds_for_the_seed_case_and_a_synthetic_class(seed_charts):
    """All charts build with data in them: the case's, a learner's, and the class's."""
    assert all(fig.data for fig in seed_charts.values())
    assert 3 + 3 + 3 + 2 * 4 == len(seed_charts)


def test_every_chart_builds_for_a_tiny_class(tiny_case):
    """Four claims and two learners are enough for every chart."""
    figs = all_charts(tiny_case, [tiny_learner("a"), tiny_learner("b", K02__voice="xi")])
    assert all(fig.data for fig in figs.values())


def sentence(text):
    return bool(text) and text[0].isupper() and " " in text and "_" not in text and not text.endswith((".", ":"))


def test_titles_and_axis_labels_are_sentences(seed_charts):
    """Every title and axis label starts with a capital, reads as words (no snake_case IDs), no trailing stop."""
    for name, fig in seed_charts.items():
        labels = [fig.layout.title.text] + [a.title.text for a in (fig.layout.xaxis, fig.layout.yaxis) if a.title.text]
        assert [] == [t for t in labels if not sentence(t) and t not in ("Topic", "Claim", "Readout", "Dimension")], name


def side_colours_in(fig, case):
    """Per side label: the colours its traces are drawn in (bars, hatches, markers)."""
    found = {}
    for trace in fig.data:
        for side in case.sides:
            if trace.name and trace.name.startswith(side.label) or trace.name == side.label:
                pattern = trace.marker.pattern.fgcolor if "pattern" in trace.marker else None
                colours = {trace.marker.color, pattern, trace.marker.line.color} - {None, "white"}
                found.setdefault(side.label, set()).update(colours)
    return found


@pytest.mark.parametrize("whose", ["seed", "tiny"])
def test_one_colour_per_side_in_every_chart(whose, seed_case, seed_charts, tiny_case):
    """Coverage, alignment and difficulty draw each side in the palette's colour for it: blue first, vermillion second."""
    case, figs = (seed_case, seed_charts) if whose == "seed" else (
        tiny_case, all_charts(tiny_case, [tiny_learner("a"), tiny_learner("b", C01__voice="putin")]))
    expected = {s.label: {charts.side_colour(case, s.id)} for s in case.sides}
    for name in ["coverage", "alignment", "learner coverage", "difficulty"]:
        assert expected == side_colours_in(figs[name], case), name
    assert ["#0072B2", "#D55E00"] == [charts.side_colour(case, s.id) for s in case.sides]


def test_one_colour_per_match_type_and_topic(seed_case, seed_charts):
    """Alignment lines take their match type's colour and emphasis bars their topic's, the same for reference and learner."""
    for name in ["alignment", "learner alignment"]:
        lines = {t.name: t.line.color for t in seed_charts[name].data if t.mode == "lines"}
        assert lines and {m.replace("_", " "): charts.value_colour(seed_case, "match", m)
                          for m in seed_case.taxonomy.link_match.values if m.replace("_", " ") in lines} == lines
    for name in ["emphasis", "learner emphasis"]:
        bars = {t.name: t.marker.color for t in seed_charts[name].data}
        assert {value_label(seed_case, "topic", t): charts.value_colour(seed_case, "topic", t) for t in seed_case.values("topic")}.items() <= bars.items()
    topics = [charts.value_colour(seed_case, "topic", t) for t in seed_case.values("topic")]
    matches = [charts.value_colour(seed_case, "match", m) for m in seed_case.taxonomy.link_match.values]
    assert (len(topics), len(matches)) == (len(set(topics)), len(set(matches)))
    assert not set(matches) & {charts.side_colour(seed_case, s.id) for s in seed_case.sides}


# -- static export --------------------------------------------------------------------------------

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
no_export = pytest.mark.skipif(bool(charts.export_problem()), reason=f"no static export here: {charts.export_problem()}")


@no_export
def test_export_writes_a_real_png_and_svg(tiny_case, tmp_path):
    """A PNG with the PNG signature at the size asked for (scale 2 doubles it), and an SVG, in one batch."""
    fig = charts.coverage_chart(tiny_case)
    png, svg = charts.export([fig, fig], [tmp_path / "c.png", tmp_path / "slides" / "c.svg"], width=640, height=400, scale=2)
    head = png.read_bytes()[:24]
    assert (PNG_SIGNATURE, (1280, 800)) == (head[:8], struct.unpack(">II", head[16:24]))
    assert svg.read_text(encoding="utf-8").startswith("<svg")


@no_export
def test_kit_charts_writes_the_cases_charts(seed_case, tmp_path, capsys):
    """`kit charts --out DIR` writes coverage, alignment and emphasis as PNGs named for the case, each
    with its text alternative beside it."""
    assert 0 == main(["charts", "--out", str(tmp_path)])
    assert sorted(f"{seed_case.id}-{n}.png{alt}" for n in ["alignment", "coverage", "emphasis"] for alt in ("", ".txt")) \
        == sorted(p.name for p in tmp_path.iterdir())
    assert "3 chart(s)" in capsys.readouterr().out


def test_export_without_kaleido_says_what_to_install(tiny_case, tmp_path, monkeypatch):
    """No kaleido: one line saying to pip install it, and no file."""
    import importlib.util

    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec", lambda name, *a: None if name == "kaleido" else real(name, *a))
    with pytest.raises(KitError) as err:
        charts.export(charts.coverage_chart(tiny_case), tmp_path / "out" / "c.png")
    assert (1, True, False) == (len(err.value.problems), "pip install 'kaleido" in str(err.value), (tmp_path / "out").exists())


def test_export_without_chromium_says_what_to_install(tiny_case, tmp_path, monkeypatch):
    """kaleido present but no browser (plotly's RuntimeError): one line saying to install Chromium."""
    import importlib.util

    import plotly.io as pio

    def no_chrome(*args, **kwargs):
        raise RuntimeError("\n\nKaleido requires Google Chrome to be installed.\n")

    monkeypatch.setattr(importlib.util, "find_spec", lambda name, *a: object())
    monkeypatch.setattr(pio, "write_images", no_chrome)
    with pytest.raises(KitError) as err:
        charts.export(charts.coverage_chart(tiny_case), tmp_path / "c.png")
    assert [charts.export.__globals__["NEED_CHROMIUM"]] == err.value.problems
    assert "apt-get install chromium" in str(err.value)


def test_export_refuses_an_unknown_format(tiny_case, tmp_path):
    """A .jpg (or no suffix) is refused before anything starts, naming the formats that work."""
    with pytest.raises(KitError, match=r"\.png, \.svg, \.pdf"):
        charts.export(charts.coverage_chart(tiny_case), tmp_path / "c.jpg")
