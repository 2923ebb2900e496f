"""What a first-time learner meets in the browser (issue 17): a lesson opens without the unsaved
marker, the help the lesson names is on the board, and the board's feedback reads as text."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from browser_harness import REPO
from jupyter_ui import LAB

pytestmark = pytest.mark.browser

LESSONS = sorted(p.relative_to(REPO).as_posix() for p in (REPO / "notebooks").glob("*.ipynb"))


@pytest.mark.parametrize("notebook", LESSONS)
def test_lesson_opens_without_unsaved_marker(page, jupyter, notebook: str):
    """A lesson opened in JupyterLab is not marked unsaved (●): nothing in it is rewritten on open."""
    LAB.open(page, jupyter, notebook)
    tab = page.locator(".lm-DockPanel-tabBar .lm-TabBar-tab.lm-mod-current")
    expect(tab).to_have_count(1)
    page.wait_for_timeout(1500)  # the kernel's info reply arrives just after idle; give it time to dirty the model
    assert "jp-mod-dirty" not in (tab.get_attribute("class") or ""), f"{notebook} opens marked unsaved"
