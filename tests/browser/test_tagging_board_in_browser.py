"""The tagging board as a learner meets it: choose tags, Check, read the feedback, find the answers
file saved; restart the kernel, run again, find the tags restored. In JupyterLab 4 and Notebook 7.

Screenshots of the board and of the feedback go to artifacts/screenshots/.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from playwright.sync_api import expect

from browser_harness import REPO
from jupyter_ui import FRONTENDS, Frontend, wait_for

pytestmark = pytest.mark.browser

NOTEBOOK = "notebooks/02_tagging_claims.ipynb"
SHOTS = REPO / "artifacts" / "screenshots"


def reference_and_wrong() -> tuple[str, dict[str, str], str, str, str]:
    """The first claim and its reference tags; the second claim, a dimension and a value the
    reference counts wrong for it (neither its answer nor an accepted alternative)."""
    from kit.case.load import load_case
    from kit.answers.reference_answers import reference_answers

    case = load_case()
    ref = reference_answers(case)
    right_id, wrong_id = list(case.claims.index[:2])
    dim = "topic"
    accepted = {ref["tags"][wrong_id][dim], *ref.get("alternatives", {}).get(wrong_id, {}).get(dim, [])}
    wrong_value = next(v for v in case.values(dim) if v not in accepted)
    return right_id, ref["tags"][right_id], wrong_id, dim, wrong_value


def read_json(path: Path) -> dict | None:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (FileNotFoundError, ValueError):
        return None  # not written yet, or caught between writes (saves are atomic, so rarely)


@pytest.mark.skipif(not (REPO / NOTEBOOK).exists(), reason=f"{NOTEBOOK} does not exist yet")
@pytest.mark.parametrize("frontend", FRONTENDS, ids=lambda f: f.name)
def test_tag_check_autosave_and_restore(page, jupyter, answers_dir: Path, frontend: Frontend):
    for old in answers_dir.glob("*.json"):  # each front end starts from a learner with no answers
        old.unlink()
    right_id, right_tags, wrong_id, wrong_dim, wrong_value = reference_and_wrong()

    nb = frontend.open(page, jupyter, NOTEBOOK)
    nb.run_all()
    nb.assert_clean_outputs()
    board = page.locator(".rk-tagging-board")
    expect(board).to_be_visible()
    saved_to = Path(board.locator(".rk-saved code").inner_text().strip())
    assert saved_to.parent == answers_dir.resolve(), f"board saves to {saved_to}, not the test's answers folder"
    assert not saved_to.exists()

    # Choose tags: all four right for the first claim, one wrong for the second.
    for dim, value in right_tags.items():
        board.locator(f".rk-tag-{right_id}-{dim} select").select_option(label=value)
    board.locator(f".rk-tag-{wrong_id}-{wrong_dim} select").select_option(label=wrong_value)
    expected_tags = {right_id: right_tags, wrong_id: {wrong_dim: wrong_value}}
    saved = wait_for(lambda: (d := read_json(saved_to)) and d.get("tags") == expected_tags and d,
                     timeout=15, what=f"{saved_to} to hold {expected_tags}")
    assert saved["format"] == "readout-kit/answers"
    expect(board.locator(".rk-progress")).to_contain_text("1 of")
    SHOTS.mkdir(parents=True, exist_ok=True)
    board.evaluate("el => el.scrollIntoView({block: 'start'})")  # the board's top, then the first cards
    page.screenshot(path=SHOTS / f"tagging-board-{frontend.name}.png")

    # Check: per-claim feedback with the reason; a summary.
    board.locator("button.rk-check").click()
    right_feedback = board.locator(f".rk-feedback-{right_id}")
    expect(right_feedback.locator(".rk-right")).to_have_count(len(right_tags))
    expect(right_feedback).to_contain_text("Why:")
    expect(board.locator(f".rk-feedback-{wrong_id} .rk-wrong")).to_contain_text(wrong_value)
    expect(board.locator(".rk-summary")).not_to_be_empty()
    board.evaluate("el => el.scrollIntoView({block: 'start'})")
    page.screenshot(path=SHOTS / f"tagging-feedback-{frontend.name}.png")
    board.locator(f".rk-card-{right_id}").screenshot(path=SHOTS / f"tagging-feedback-card-{frontend.name}.png")

    # Restart the kernel, run all again: the board reloads the saved tags into its dropdowns.
    nb.restart_and_run_all()
    nb.assert_clean_outputs()
    board = page.locator(".rk-tagging-board")
    for dim, value in right_tags.items():
        expect(board.locator(f".rk-tag-{right_id}-{dim} select")).to_have_value(value)
    expect(board.locator(f".rk-tag-{wrong_id}-{wrong_dim} select")).to_have_value(wrong_value)
    expect(board.locator(f".rk-feedback-{right_id} .rk-right")).to_have_count(0)  # a fresh board
    assert read_json(saved_to)["tags"] == expected_tags  # restoring did not rewrite the answers
