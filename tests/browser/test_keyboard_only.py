"""Keyboard only (issue 15): tag a claim on every dimension, link two claims, check both boards and
read the feedback with Tab, Shift+Tab, type-ahead in a closed select, Enter and Space — no mouse on a
control. Focus starts on the tagging board's first filter, where a learner's first Tab into it lands."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from jupyter_ui import LAB

pytestmark = pytest.mark.browser

NOTEBOOK = "harness/keyboard_boards.ipynb"

# The accessible name of the focused element: its label for a form control, else its text.
FOCUSED_NAME = """() => { const el = document.activeElement;
  if (!el) return '';
  if (el.labels && el.labels.length) return el.labels[0].textContent.trim();
  return (el.getAttribute('aria-label') || el.textContent || '').trim(); }"""


def tab_to(page, name: str, limit: int = 400) -> None:
    """Press Tab until the focused control's accessible name is ``name``."""
    for _ in range(limit):
        if page.evaluate(FOCUSED_NAME) == name:
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"Tab never reached a control named {name!r} (last: {page.evaluate(FOCUSED_NAME)!r})")


def choose(page, name: str, position: int) -> None:
    """Focus the select named ``name`` with Tab; pick its option at ``position`` with Home and ArrowDown
    (a closed select changes value on each arrow key, as a keyboard user does it)."""
    tab_to(page, name)
    page.keyboard.press("Home")
    for _ in range(position):
        page.keyboard.press("ArrowDown")


def reference_tags(case, claim_id):
    ref = case.reference
    return {r.dimension: r.value for r in ref[ref.claim_id == claim_id].itertuples()}


def test_tag_link_and_check_with_the_keyboard_only(page, jupyter, answers_dir):
    from kit.case.load import load_case

    for old in answers_dir.glob("*.json"):
        old.unlink()
    case = load_case()
    claim = "K10"
    link = case.links[~case.links["optional"]].iloc[0]
    nb = LAB.open(page, jupyter, NOTEBOOK)
    nb.run_all()
    nb.assert_clean_outputs()
    board = page.locator(".rk-tagging-board")
    board.locator(".rk-filter-side select").focus()  # where the first Tab into the board lands
    for dim, value in reference_tags(case, claim).items():
        choose(page, f"{claim} {dim}", 1 + case.values(dim).index(value))  # after "— choose —"
        expect(board.locator(f".rk-tag-{claim}-{dim} select")).to_have_value(value)
    expect(board.locator(".rk-progress")).to_contain_text("1 of")

    links = page.locator(".rk-link-board")
    side_ids = {side.id: [c for c in case.claims.index if case.claims.at[c, "side"] == side.id] for side in case.sides}
    choose(page, case.sides[0].label, side_ids[case.sides[0].id].index(link["a"]))
    choose(page, case.sides[1].label, side_ids[case.sides[1].id].index(link["b"]))
    choose(page, "match", list(case.taxonomy.link_match.values).index(link["match"]))
    tab_to(page, "Link them")
    page.keyboard.press("Enter")
    expect(page.locator(f".rk-link-{link['a']}-{link['b']}")).to_have_count(1)
    tab_to(page, "Check links")
    page.keyboard.press("Space")
    expect(links.locator(".rk-link-summary[role=status][aria-live=polite]")).to_contain_text("1 of")

    for _ in range(400):  # back up to the tagging board's Check
        if page.evaluate(FOCUSED_NAME) == "Check":
            break
        page.keyboard.press("Shift+Tab")
    page.keyboard.press("Enter")
    status = board.locator(".rk-summary[role=status][aria-live=polite]")
    expect(status).to_contain_text("Right so far: 100% of the 4 tags you gave")
    expect(board.locator(f".rk-feedback-{claim} .rk-right")).to_have_count(len(case.dimensions))
