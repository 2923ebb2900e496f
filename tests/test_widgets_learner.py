"""What a first-time learner tripped over on the tagging board (issue 17) and what a screen-reader
user needs from it (issue 15), read from widget state without a browser."""

import re

import pytest

from kit.cli import _check_report
from kit.judge.scoring import score
from kit.widgets import TaggingBoard
from kit.widgets.tagging_board import DEFINITIONS_TITLE


@pytest.fixture
def board(seed_case, answers_dir):
    return TaggingBoard(seed_case, "alice")


def accepted_alternative(case):
    """A (claim, dimension, alternative, reference value) where the reference accepts a second value."""
    for row in case.reference.itertuples():
        if len(row.alternatives):
            return row.claim_id, row.dimension, row.alternatives[0], row.value
    pytest.skip("the seed case's reference has no accepted alternative")


def visible_text(html: str) -> str:
    return re.sub(r"<[^>]+>", "", html)


def test_lesson_02_names_the_boards_help_heading(board):
    """Lesson 02 tells learners to open "What the tags mean": the board has that heading, with a section
    per dimension under it."""
    assert "What the tags mean" == DEFINITIONS_TITLE
    assert f"<b>{DEFINITIONS_TITLE}</b>" in board.definitions_heading.value
    assert 'role="heading"' in board.definitions_heading.value
    assert board.children.index(board.definitions_heading) + 1 == board.children.index(board.definitions)
    text = " ".join(c.value for c in board.definitions.children)
    assert all(f"<code>{d}</code>" in text for d in board.case.dimensions)


def test_a_dropdowns_name_carries_the_definitions_on_hover(board):
    """The tooltip (shown on hovering the dropdown's name) holds the question and every definition."""
    dd = board.dropdowns[("K07", "claim_type")]
    title = re.search(r'<span title="([^"]*)">', dd.description).group(1)
    assert board.case.taxonomy.dimensions["claim_type"].question in title
    assert all(v in title for v in board.case.values("claim_type"))


def test_accepted_alternative_names_the_references_own_value(board, seed_case):
    """An accepted alternative says it is accepted and names the reference's own value."""
    claim_id, dim, alternative, own = accepted_alternative(seed_case)
    board.dropdowns[(claim_id, dim)].value = alternative
    board.check()
    line = next(part for part in board.feedbacks[claim_id].value.split("</div>") if f"<b>{dim}</b>" in part)
    assert "rk-right" in line
    assert f"The reference's own value is <code>{own}</code>; <code>{alternative}</code> is accepted too." in line


def test_feedback_renders_markdown_not_backticks(seed_case, answers_dir):
    """Reasons written with `backticks` show as code, never as raw backticks."""
    ref = seed_case.reference
    row = ref[ref["rationale"].str.contains("`")].iloc[0]
    quoted = re.search(r"`([^`]+)`", row.rationale).group(1)
    board = TaggingBoard(seed_case, "alice", self_study=False)  # class mode: every reason at the first Check
    board.check()
    html = board.feedbacks[row.claim_id].value
    assert f"<code>{quoted}</code>" in html
    assert "`" not in visible_text(html)


def test_summary_names_right_so_far_beside_the_overall_score(board, seed_case):
    """After tagging one claim fully right, Check says 100% right so far beside a low overall score."""
    for dim in seed_case.dimensions:
        ref = seed_case.reference
        board.dropdowns[("K01", dim)].value = ref[(ref.claim_id == "K01") & (ref.dimension == dim)].value.iloc[0]
    result = board.check()
    summary = visible_text(board.summary.value)
    assert 1.0 == result.right_so_far
    assert "Right so far: 100% of the 4 tags you gave" in summary
    assert f"Overall score: {100 * result.overall:.0f}% of everything" in summary


def test_kit_check_text_says_right_so_far(board, seed_case):
    """`kit check`'s text names the overall score and "Right so far" of the tags given, as the board does."""
    board.dropdowns[("K01", "topic")].value = "tone_and_framing"
    board.dropdowns[("K02", "topic")].value = next(
        v for v in seed_case.values("topic") if v in set(seed_case.reference.query("claim_id == 'K02' and dimension == 'topic'").value))
    report = _check_report(score(seed_case, board.store.answers))
    assert "overall score" in report.splitlines()[0]
    assert "Right so far: 50% of the 2 tags you gave." == report.splitlines()[1]


def test_only_my_wrong_tags_after_check(board, seed_case):
    """'Only my wrong tags' is off until Check; then it shows just the claims with a wrong tag."""
    ref = seed_case.reference
    row = ref[(ref.claim_id == "K03") & (ref.dimension == "voice")].iloc[0]
    wrong = next(v for v in seed_case.values("voice") if v != row.value and v not in row.alternatives)
    board.dropdowns[("K03", "voice")].value = wrong
    assert board.wrong_filter.disabled
    board.check()
    assert not board.wrong_filter.disabled
    board.wrong_filter.value = True
    assert ["K03"] == board.visible()
    board.wrong_filter.value = False
    assert 26 == len(board.visible())


def test_summary_links_each_wrong_claim_to_its_card(board, seed_case):
    """Each wrong claim in the summary links to its card's heading id, unique to this board."""
    ref = seed_case.reference
    row = ref[(ref.claim_id == "C05") & (ref.dimension == "topic")].iloc[0]
    board.dropdowns[("C05", "topic")].value = next(v for v in seed_case.values("topic")
                                                   if v != row.value and v not in row.alternatives)
    board.check()
    target = f"{board.anchor}-C05"
    assert f'href="#{target}"' in board.summary.value
    header = board.cards["C05"].children[0].value
    assert f'id="{target}"' in header
    other = TaggingBoard(seed_case, "alice")
    assert other.anchor != board.anchor


def test_every_dropdown_has_a_unique_accessible_name(board, seed_case):
    """Every tag control's label reads "<claim ID> <dimension>" (e.g. "K07 topic"), unique on the board."""
    names = [visible_text(dd.description) for dd in board.dropdowns.values()]
    assert "K07 topic" == visible_text(board.dropdowns[("K07", "topic")].description)
    assert len(names) == len(set(names)) == len(seed_case.claims) * len(seed_case.dimensions)
    assert all(dd.description_allow_html for dd in board.dropdowns.values())


def test_check_result_is_a_live_region(board):
    """The Check summary is marked rk-live, which the board's KeyboardGuard makes an ARIA live region
    (role=status) in the page; the browser walkthrough proves the role is there."""
    board.check()
    assert "rk-live" in board.summary._dom_classes
    from kit.widgets.keyboard import KeyboardGuard

    assert ".rk-live" in KeyboardGuard._esm and "'role', 'status'" in KeyboardGuard._esm


def test_each_card_has_a_heading(board):
    """Each card opens with a heading naming the claim, so a screen reader can move card by card."""
    header = board.cards["K07"].children[0].value
    assert re.search(r'role="heading" aria-level="3"[^>]*><b>K07</b>', header)


def test_readout_view_uses_the_charts_palette_with_the_value_as_text(seed_case):
    """Colouring by a dimension uses kit.charts.palette, writes each claim's value beside its ID, and
    sets black or white text at 4.5:1 or more on every colour."""
    from kit.charts import palette
    from kit.widgets import ReadoutView

    for dim in seed_case.dimensions:
        view = ReadoutView(seed_case, colour_by=dim)
        html = view.panes["kremlin"].value + view.panes["china"].value
        ref = seed_case.reference[seed_case.reference["dimension"] == dim].set_index("claim_id")["value"]
        for cid, value in ref.items():
            colour = palette.value_colour(seed_case, dim, value)
            text = palette.text_on(colour)
            assert f'data-claim="{cid}" style="background:{colour};color:{text}"' in html
            assert f'[{cid} · <span class="rk-claim-value">{value}</span>]' in html
            assert palette.contrast(colour, text) >= 4.5


def test_exercise_and_link_controls_have_unique_names(seed_case, answers_dir):
    """Exercise dropdowns are named "<item> answer", the brief's box "Your brief", each link's
    remove button "Remove K10–C11"; the Check results sit in live regions."""
    from kit.widgets import ExerciseBoard, LinkBoard

    board = ExerciseBoard("voice", "alice", case=seed_case)
    names = [visible_text(dd.description) for dd in board.dropdowns.values()]
    assert len(names) == len(set(names)) and all(n.endswith(" answer") for n in names)
    board.check()
    assert "rk-live" in board.score._dom_classes and "right" in board.score.value
    assert "Your brief" == ExerciseBoard("briefing", "alice", case=seed_case).brief.description
    links = LinkBoard(seed_case, "alice")
    links.a.value, links.b.value, links.match.value = "K10", "C11", "matched"
    links.add_button.click()
    assert ["Remove K10–C11"] == [row.children[1].description for row in links.links_box.children]
    links.check()
    assert "rk-live" in links.summary._dom_classes and "links found" in links.summary.value


def test_every_board_carries_the_keyboard_guard(seed_case, answers_dir):
    """Tagging, link and exercise boards each hold a KeyboardGuard, so notebook shortcuts stay off their controls."""
    from kit.widgets import ExerciseBoard, LinkBoard
    from kit.widgets.keyboard import KeyboardGuard

    boards = [TaggingBoard(seed_case, "alice"), LinkBoard(seed_case, "alice"), ExerciseBoard("voice", "alice", case=seed_case)]
    assert [1, 1, 1] == [sum(isinstance(c, KeyboardGuard) for c in b.children) for b in boards]
    assert "data-lm-suppress-shortcuts" in KeyboardGuard._esm


def test_the_link_match_name_carries_the_definitions_on_hover(seed_case, answers_dir):
    """The link board's match dropdown: hovering its name shows every match type's definition."""
    from kit.widgets import LinkBoard

    board = LinkBoard(seed_case, "alice")
    title = re.search(r'<span title="([^"]*)">match</span>', board.match.description).group(1)
    assert all(v in title for v in seed_case.taxonomy.link_match.values)
    assert "match" == visible_text(board.match.description)
