"""What the lessons tell a first-time learner matches what they find (issue 17): links, the board's
help heading, when to shut a kernel down, whole claim texts in lesson 05's tables."""

import re
import runpy
from pathlib import Path

import nbformat
import pandas as pd
import pytest

ROOT = Path(__file__).resolve().parent.parent
LESSONS = sorted((ROOT / "notebooks").glob("*.ipynb"))


def markdown(path: Path) -> str:
    return "\n".join(c.source for c in nbformat.read(path, as_version=4).cells if c.cell_type == "markdown")


def test_lesson_00_table_links_every_other_lesson():
    """The table of lessons in 00 links each lesson's notebook, and every link resolves."""
    text = markdown(ROOT / "notebooks" / "00_start_here.ipynb")
    targets = re.findall(r"\]\(([^)]+\.ipynb)\)", text)
    assert sorted(p.name for p in LESSONS if not p.name.startswith("00")) == sorted(targets)
    assert all((ROOT / "notebooks" / t).is_file() for t in targets)


def test_lesson_02_names_what_the_board_shows():
    """Lesson 02 names the board's help heading, as the board spells it."""
    from kit.widgets.tagging_board import DEFINITIONS_TITLE

    assert f"*{DEFINITIONS_TITLE}*" in markdown(ROOT / "notebooks" / "02_tagging_claims.ipynb")


@pytest.mark.parametrize("path", LESSONS, ids=lambda p: p.name)
def test_every_lesson_says_when_to_shut_its_kernel_down(path):
    """Each lesson ends by telling the learner to shut its kernel down (work is saved)."""
    last = nbformat.read(path, as_version=4).cells[-1]
    assert "markdown" == last.cell_type and "Shut Down Kernel" in last.source


def test_lesson_05_tables_show_whole_claim_texts(monkeypatch):
    """With lesson 05's setup cell run, its one-side-only table shows each claim's whole text."""
    monkeypatch.chdir(ROOT / "notebooks")
    lessons = runpy.run_path(str(ROOT / "notebooks" / "build_lessons.py"))
    setup = next(text for kind, text in lessons["NOTEBOOKS"]["05_from_comparison_to_briefing"] if kind == "code")
    namespace = {"CASE": "xi-putin-2026-02-04"}
    with pd.option_context("display.max_colwidth", 50):  # pandas' default, restored afterwards
        exec(setup, namespace)
        table = namespace["charts"].standalone_table(namespace["case"])[["side", "topic", "text"]]
        html = table._repr_html_()
    longest = max(table["text"], key=len)
    assert len(longest) > 50
    assert longest.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;") in html or longest in html
