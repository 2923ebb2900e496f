"""The learner's charts (issue 17): they follow the answers file, plot what the learner said, and
label every value the same human way."""

from pathlib import Path

import pytest

from kit import charts
from kit.answers.parse import Answers
from kit.widgets import AnswerStore


def accepted_alternative(case, dimension):
    ref = case.reference[case.reference["dimension"] == dimension]
    for row in ref.itertuples():
        alts = [a for a in row.alternatives if a != row.value]
        if alts:
            return row.claim_id, alts[0], row.value
    pytest.skip(f"no accepted alternative on {dimension} in the seed case")


def test_a_store_chart_follows_the_answers_file(seed_case, answers_dir):
    """A chart of AnswerStore(case) made before a link was saved (by another board) shows it when re-run."""
    mine = AnswerStore(seed_case, "alice")
    assert 0 == len(charts.alignment_layout_table(seed_case, mine))
    other = AnswerStore(seed_case, "alice")  # another notebook's board, same file
    other.add_link("K10", "C11", "matched")
    assert [("K10", "C11", "matched")] == [tuple(r) for r in charts.alignment_layout_table(seed_case, mine)[["a", "b", "match"]].to_numpy()]
    fig = charts.alignment_chart(seed_case, mine)
    assert ["matched"] == [t.name for t in fig.data if t.mode == "lines"]


@pytest.mark.parametrize("dimension", ["voice", "claim_type", "topic", "coverage"])
def test_confusion_plots_an_accepted_alternative_under_what_was_said(seed_case, dimension):
    """An accepted alternative counts under the learner's value (the "You said" row), not the reference's."""
    claim_id, alternative, own = accepted_alternative(seed_case, dimension)
    answers = Answers(seed_case.id, "a", {claim_id: {dimension: alternative}})
    table = charts.confusion_table(seed_case, answers, dimension)
    assert (1, 0) == (table.at[alternative, own], table.at[own, own])
    fig = charts.confusion_chart(seed_case, answers, dimension)
    row = list(table.index).index(alternative)
    col = list(table.columns).index(own)
    assert "1 ✓ accepted" == fig.data[0].text[row][col]


def test_every_chart_label_is_human(seed_case):
    """No underscore-joined value name on any axis, legend or cell of the learner's charts."""
    answers = Answers(seed_case.id, "a", {"K01": {"topic": "economy_energy", "voice": "both_leaders"}})
    figs = [*charts.case_charts(seed_case).values(), *charts.case_charts(seed_case, answers).values(),
            charts.confusion_chart(seed_case, answers, "voice"), charts.confusion_chart(seed_case, answers, "topic")]
    shown = []
    for fig in figs:
        for trace in fig.data:
            shown.append(trace.name or "")
            for axis in ("x", "y"):
                values = getattr(trace, axis, None)
                if values is not None and trace.type in ("bar", "heatmap"):
                    shown += [v for v in values if isinstance(v, str)]
    assert [] == [s for s in shown if "_" in s]
    from kit.charts.figures import label

    assert ("economy and energy", f"only the {seed_case.sides[0].label} readout") == (
        label(seed_case, "topic", "economy_energy"), label(seed_case, "coverage", f"{seed_case.sides[0].id}_only"))


def test_exported_charts_get_a_text_alternative(seed_case, tmp_path, monkeypatch):
    """Each exported image has a .txt beside it with the chart's title and every value it plots."""
    import plotly.io as pio

    from kit.charts.export import alt_text, export

    monkeypatch.setattr(pio, "write_images", lambda figs, paths, **kw: [Path(p).write_bytes(b"img") for p in paths])
    fig = charts.coverage_chart(seed_case)
    [written] = export(fig, tmp_path / "coverage.png")
    text = (tmp_path / "coverage.png.txt").read_text(encoding="utf-8")
    assert text == alt_text(fig)
    assert text.startswith("How many claims each side makes, by topic")
    first = seed_case.sides[0].label
    assert f"{first}: said by both sides: " in text and "bilateral relations" in text
    answers = Answers(seed_case.id, "a", {"K01": {"voice": "xi"}})
    assert "/ " in alt_text(charts.confusion_chart(seed_case, answers, "voice"))


def test_colour_is_not_the_only_cue_in_the_charts(seed_case):
    """Alignment lines differ by dash as well as colour, one style per match type; emphasis segments
    carry their topic's name as text."""
    fig = charts.alignment_chart(seed_case)
    lines = [t for t in fig.data if t.mode == "lines"]
    assert len(lines) == len({t.line.dash for t in lines}) >= 2
    emphasis = charts.emphasis_chart(seed_case)
    assert all(t.texttemplate.startswith("%{text}") and t.text[0] == t.name for t in emphasis.data)
