"""LinkBoard without a browser: choose two claims and a match type, link, remove, check."""

import json

import pytest

from kit.widgets import LinkBoard


@pytest.fixture
def board(seed_case, answers_dir):
    return LinkBoard(seed_case, "alice")


def link(board, a, b, match):
    board.a.value, board.b.value, board.match.value = a, b, match
    board.add_button.click()


def test_the_two_dropdowns_hold_one_side_each(board):
    """The first list holds Kremlin claims, the second China's, so a link always crosses sides."""
    assert all(v.startswith("K") for _, v in board.a.options)
    assert all(v.startswith("C") for _, v in board.b.options)
    assert {"matched", "partial", "reframed", "attribution_shifted", "contradicted"} == {v for v in board.match.options}


def test_linking_shows_and_saves_the_link(board, answers_dir):
    """'Link them' adds a row with a remove button and writes the link to the answers file."""
    link(board, "K10", "C11", "matched")
    assert ["rk-link", "rk-link-K10-C11"] == list(board.links_box.children[0]._dom_classes)
    data = json.loads((answers_dir / "alice.json").read_text())
    assert [{"a": "K10", "b": "C11", "match": "matched"}] == data["links"]


def test_linking_a_pair_again_changes_its_match_type(board):
    """One link per pair: the last choice of match type wins."""
    link(board, "K01", "C05", "matched")
    link(board, "K01", "C05", "attribution_shifted")
    assert [("K01", "C05", "attribution_shifted")] == [(k.a, k.b, k.match) for k in board.store.links()]


def test_a_claim_may_have_several_counterparts(board):
    """K13 can be linked to C13 and, separately, K12 to C13."""
    link(board, "K12", "C13", "attribution_shifted")
    link(board, "K13", "C13", "reframed")
    assert 2 == len(board.store.links())


def test_remove_button_removes_the_link(board, answers_dir):
    """Each row's Remove button deletes that link from the board and the file."""
    link(board, "K10", "C11", "matched")
    link(board, "K04", "C07", "attribution_shifted")
    row = next(r for r in board.links_box.children if "rk-link-K10-C11" in r._dom_classes)
    row.children[1].click()
    assert [("K04", "C07")] == [(k.a, k.b) for k in board.store.links()]
    assert 1 == len(json.loads((answers_dir / "alice.json").read_text())["links"])


def test_check_reports_found_extra_and_missing(board, seed_case):
    """Check shows the core's link verdicts; missing links are named only after a second Check."""
    link(board, "K10", "C11", "matched")
    link(board, "K03", "C01", "matched")
    board.check_button.click()
    assert f"1 of {int((~seed_case.links['optional']).sum())} links found" in board.summary.value
    assert "rk-right" in board.feedback.value and "does not link these two" in board.feedback.value
    assert "still to find" in board.feedback.value and "K04</b> ↔" not in board.feedback.value
    board.check_button.click()
    assert "missing" in board.feedback.value and "<b>K04</b> ↔ <b>C07</b>" in board.feedback.value
