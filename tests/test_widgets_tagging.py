"""TaggingBoard without a browser: set Dropdowns, click buttons, read the widgets and the file."""

import pytest

from kit.judge.scoring import score
from kit.widgets import TaggingBoard


def reference_value(case, claim_id, dim):
    ref = case.reference
    return ref[(ref["claim_id"] == claim_id) & (ref["dimension"] == dim)]["value"].iloc[0]


def wrong_value(case, claim_id, dim):
    ref = case.reference
    row = ref[(ref["claim_id"] == claim_id) & (ref["dimension"] == dim)].iloc[0]
    return next(v for v in case.values(dim) if v != row["value"] and v not in row["alternatives"])


@pytest.fixture
def board(seed_case, answers_dir):
    return TaggingBoard(seed_case, "alice")


def tag_fully(board, claim_id):
    for dim in board.case.dimensions:
        board.dropdowns[(claim_id, dim)].value = reference_value(board.case, claim_id, dim)


def test_a_card_per_claim_and_a_dropdown_per_dimension(board, seed_case):
    """Every claim has a card; every dimension a Dropdown with the taxonomy's values plus 'not yet'."""
    assert list(seed_case.claims.index) == board.visible()
    dd = board.dropdowns[("K01", "topic")]
    assert ["", *seed_case.values("topic")] == [v for _, v in dd.options]
    assert "What is the claim mainly about?" in dd.tooltip
    assert "economy_energy: Trade, investment" in dd.tooltip
    assert "rk-tag-K01-topic" in dd._dom_classes


def test_progress_counts_fully_tagged_claims(board, seed_case):
    """'N of 26 tagged' counts claims tagged on every dimension."""
    assert "0 of 26 tagged" in board.progress.value
    board.dropdowns[("K01", "topic")].value = "bilateral_relations"
    assert "0 of 26 tagged" in board.progress.value
    tag_fully(board, "K01")
    assert "1 of 26 tagged" in board.progress.value


def test_the_help_line_defines_the_chosen_value(board):
    """Choosing a value shows its one-line definition under the card."""
    board.dropdowns[("K02", "claim_type")].value = "commitment"
    assert "A pledge by one or both sides" in board.helps["K02"].value


def test_filters_by_side_section_and_untagged(board):
    """Side, section and 'untagged only' narrow the cards shown."""
    board.side_filter.value = "china"
    assert all(c.startswith("C") for c in board.visible()) and 13 == len(board.visible())
    board.section_filter.value = "Future Plans"
    assert ["C11", "C12"] == board.visible()
    tag_fully(board, "C11")
    board.untagged_filter.value = True
    assert ["C12"] == board.visible()
    board.side_filter.value = "__all__"
    assert ["K10", "K11", "C12"] == board.visible()


def test_check_shows_the_cores_verdicts(board, seed_case):
    """After Check, a right tag says so with the reason; the summary is the scoring core's score."""
    tag_fully(board, "K01")
    result = board.check_button.click() or board.score
    assert score(seed_case, board.store.answers).overall == result.overall
    feedback = board.feedbacks["K01"].value
    assert 4 == feedback.count("rk-right")
    assert "unprecedented level" in feedback or "relationship itself" in feedback
    assert f"Overall score: {100 * result.overall:.0f}%" in board.summary.value


def test_self_study_gives_hints_before_answers(board, seed_case):
    """Self-study: untagged gets the question; a wrong tag a hint first, the expected value and reason next."""
    board.dropdowns[("K08", "topic")].value = wrong_value(seed_case, "K08", "topic")
    board.check_button.click()
    first = board.feedbacks["K08"].value
    expected = reference_value(seed_case, "K08", "topic")
    assert "Hint" in first and f"<code>{expected}</code>" not in first
    assert "What kind of statement is it?" in first  # claim_type not tagged: the question only
    board.check_button.click()
    second = board.feedbacks["K08"].value
    assert f"expected <code>{expected}</code>" in second and "Why:" in second


def test_class_mode_shows_expected_values_at_once(seed_case, answers_dir):
    """With self_study=False the first Check shows expected values and reasons, even for untagged."""
    board = TaggingBoard(seed_case, "alice", self_study=False)
    board.check_button.click()
    assert "expected <code>" in board.feedbacks["C02"].value
    assert "Hint" not in board.feedbacks["C02"].value


def test_feedback_text_is_escaped(board, seed_case):
    """Reasons quoting the readouts are HTML-escaped (no raw quotes or tags from data)."""
    board.check_button.click()
    board.check_button.click()
    assert "<script" not in "".join(f.value for f in board.feedbacks.values())


def test_reset_asks_first_then_clears_tags_and_file(board, seed_case, answers_dir):
    """Reset shows 'Yes, clear my tags' / 'Cancel'; Cancel keeps tags, Yes clears board and file."""
    tag_fully(board, "K01")
    board.reset_button.click()
    assert "flex" == board.reset_confirm.layout.display
    assert "Yes, clear my tags" == board.reset_yes.description
    board.reset_cancel.click()
    assert "none" == board.reset_confirm.layout.display
    assert "1 of 26 tagged" in board.progress.value
    board.reset_button.click()
    board.reset_yes.click()
    assert "0 of 26 tagged" in board.progress.value
    assert "" == board.dropdowns[("K01", "topic")].value
    assert {} == TaggingBoard(seed_case, "alice").store.answers.tags


def test_every_control_has_a_stable_css_class(board):
    """The browser test finds controls by class: check, progress, filters, reset, feedback."""
    classes = {c for wdg in (board.check_button, board.progress, board.side_filter, board.section_filter,
                             board.untagged_filter, board.reset_button, board.reset_yes, board.reset_cancel,
                             board.summary, board.feedbacks["C13"], board.cards["C13"])
               for c in wdg._dom_classes}
    assert {"rk-check", "rk-progress", "rk-filter-side", "rk-filter-section", "rk-filter-untagged",
            "rk-reset", "rk-reset-yes", "rk-reset-cancel", "rk-summary", "rk-feedback",
            "rk-feedback-C13", "rk-card-C13"} <= classes
    assert "rk-tagging-board" in board._dom_classes
