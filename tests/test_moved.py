"""Old module paths (before the kit's modules moved into packages) still import, as the new modules."""

from __future__ import annotations

import importlib
import subprocess
import sys
from pathlib import Path

import pytest

from kit.moved import MOVED

KIT = Path(__file__).resolve().parent.parent / "kit"


@pytest.mark.parametrize("old", sorted(MOVED))
def test_an_old_path_is_the_new_module(old):
    """Importing an old path gives the very module at its new path (nothing loaded twice)."""
    assert importlib.import_module(MOVED[old]) is importlib.import_module(old)


def test_old_paths_are_not_files_any_more():
    """An old path is only an alias: no module file is left behind at it, so there is one place to edit."""
    assert [] == [old for old in MOVED if (KIT.parent / (old.replace(".", "/") + ".py")).exists()]


def test_last_terms_notebook_imports_still_work():
    """The imports earlier lessons and exercises were distributed with run in a fresh interpreter."""
    code = ("from kit.case import load_case\nfrom kit.answers import Answers\nfrom kit.scoring import score\n"
            "from kit.exercises import check, load_exercise, parse_bullets\nfrom kit import story\n"
            "from kit import originals as og\nfrom kit.widgets.autosave import AnswerStore\n"
            "import kit.story, kit.case.story\nassert kit.story is kit.case.story\n"
            "case = load_case()\nprint(score(case, Answers(case=case.id, learner='ada')).overall)")
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert (0, "0.0") == (run.returncode, run.stdout.strip()), run.stderr
