"""A new learner's walk through lesson 02 in JupyterLab (issues 17 and 15): the help the lesson
names is there, hovering a dropdown's name explains it, every control has its own accessible name,
Check announces "Right so far" beside the overall score, a summary link jumps to a wrong card and
"Only my wrong tags" narrows the board. Screenshots of the board before and after Check go to docs/
(the README's screenshot folder).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from browser_harness import REPO
from jupyter_ui import LAB, wait_for

pytestmark = pytest.mark.browser

NOTEBOOK = "notebooks/02_tagging_claims.ipynb"
DOCS = REPO / "docs"


def tags_for_walkthrough():
    """The first claim tagged as the reference does; a later claim given one wrong topic."""
    from kit.case.load import load_case

    case = load_case()
    ref = case.reference
    first = case.claims.index[0]
    right = {r.dimension: r.value for r in ref[ref.claim_id == first].itertuples()}
    late = case.claims.index[-3]
    row = ref[(ref.claim_id == late) & (ref.dimension == "topic")].iloc[0]
    wrong = next(v for v in case.values("topic") if v != row.value and v not in row.alternatives)
    return case, first, right, late, wrong


def test_new_learner_walkthrough(page, jupyter, answers_dir: Path):
    for old in answers_dir.glob("*.json"):
        old.unlink()
    case, first, right, late, wrong = tags_for_walkthrough()
    nb = LAB.open(page, jupyter, NOTEBOOK)
    nb.run_all()
    nb.assert_clean_outputs()
    board = page.locator(".jp-NotebookPanel:not(.lm-mod-hidden) .rk-tagging-board")
    expect(board).to_be_visible()

    # Lesson 02 says: open "What the tags mean", or hover over a dropdown's name.
    expect(page.get_by_role("heading", name=re.compile("^What the tags mean"))).to_have_count(1)
    topic = board.locator(".rk-definitions").get_by_text(case.taxonomy.dimensions["topic"].title, exact=True).first
    topic.click()
    expect(board.locator(".rk-definitions")).to_contain_text(case.taxonomy.dimensions["topic"].question)
    topic.click()  # closed again
    name = board.locator(f".rk-tag-{first}-topic label span[title]")
    assert case.taxonomy.dimensions["topic"].question in (name.get_attribute("title") or "")

    # Each control is named for its claim and dimension, once on the page.
    for dim in case.dimensions:
        expect(page.get_by_role("combobox", name=f"{first} {dim}", exact=True)).to_have_count(1)
    expect(page.get_by_role("heading", name=re.compile(rf"^{first} ·"))).to_have_count(1)

    for dim, value in right.items():
        page.get_by_role("combobox", name=f"{first} {dim}", exact=True).select_option(value)
    page.get_by_role("combobox", name=f"{late} topic", exact=True).select_option(wrong)
    wait_for(lambda: any(answers_dir.glob("*.json")), timeout=15, what="the answers file")
    expect(board.locator(".rk-progress")).to_contain_text("1 of")
    DOCS.mkdir(exist_ok=True)
    board.evaluate("el => el.scrollIntoView({block: 'start'})")  # the board's top: saved-to line, help, filters
    page.screenshot(path=DOCS / "walkthrough-before-check.png")

    # Check: the result is announced, both numbers named plainly.
    expect(board.locator(".rk-summary[role=status][aria-live=polite]")).to_have_count(1)  # a live region before Check
    board.locator("button.rk-check").click()
    status = board.locator(".rk-summary[role=status][aria-live=polite]")  # set before Check, by the guard
    expect(status).to_contain_text("Right so far: 80% of the 5 tags you gave")
    expect(status).to_contain_text("Overall score:")
    assert "`" not in board.locator(f".rk-feedback-{first}").inner_text()
    board.locator(".rk-check").evaluate("el => el.scrollIntoView({block: 'start'})")
    page.screenshot(path=DOCS / "walkthrough-after-check.png")

    # From the summary's line to the wrong card.
    heading = page.get_by_role("heading", name=re.compile(rf"^{late} ·"))
    expect(heading).not_to_be_in_viewport()
    status.locator("a.rk-jump", has_text=late).click()
    expect(heading).to_be_in_viewport()
    expect(board.locator(f".rk-feedback-{late} .rk-wrong")).to_be_visible()

    # Only my wrong tags.
    board.locator(".rk-filter-wrong input").check()
    expect(board.locator(".rk-card")).to_have_count(1)
    expect(board.locator(f".rk-card-{late}")).to_be_visible()
    board.locator(".rk-card").first.screenshot(path=DOCS / "walkthrough-wrong-card.png")
