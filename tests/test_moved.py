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


def test_nothing_shipped_imports_an_old_path():
    """Lessons, exercises, apps, tests and benchmarks import the modules where they are now (the old
    paths are for notebooks learners kept, and this file)."""
    import re

    files = subprocess.run(["git", "ls-files", "*.py", "*.ipynb"], cwd=KIT.parent, capture_output=True, text=True,
                           check=True).stdout.split()
    old = sorted({name.removeprefix("kit.") for name in MOVED}, key=len, reverse=True)
    dotted = "|".join(re.escape(n) for n in old)
    top = "|".join(n for n in old if "." not in n)  # `from kit import story` names a module too
    pattern = re.compile(rf"(?:from|import) kit\.(?:{dotted})\b(?!\.)|from kit import (?:[\w ,]*, )?(?:{top})\b")
    found = [f"{f}: {m.group(0)}" for f in files if f not in {"kit/moved.py", "tests/test_moved.py"}
             for m in pattern.finditer((KIT.parent / f).read_text(encoding="utf-8"))]
    assert [] == found


# What the modules kit.case, kit.answers, kit.exercises and kit.story offered before they moved (names a notebook may use).
OFFERED = {
    "kit.case": ["CLAIM_COLUMNS", "REFERENCE_COLUMNS", "LINK_COLUMNS", "Table", "records", "SOURCE_KINDS", "PLACEHOLDER_MARK",
                 "LEADER_PLACEHOLDER_SUFFIX", "placeholder_leader", "SideInfo", "Case", "placeholder_problems",
                 "placeholder_leaders", "coverage_side_problems", "load_case", "CaseNotReady", "require_reference"],
    "kit.answers": ["FORMAT", "VERSION", "MAX_BYTES", "MAX_LEARNER", "Link", "Answers", "check_header", "tag_problem",
                    "link_problem", "parse_answers", "load_answers", "read_answers_json", "save_answers", "answers_bytes"],
    "kit.exercises": ["FORMAT", "VERSION", "MAX_BYTES", "KINDS", "NONE", "CASE_KEYS", "Item", "Exercise", "ItemResult",
                      "ExerciseResult", "specs_dir", "spec_ids", "load_exercise", "check", "BULLET", "parse_bullets",
                      "check_brief", "parse_exercise_answers", "load_exercise_answers", "exercise_answers_dict",
                      "save_exercise_answers", "check_file", "is_exercise_file"],
    "kit.story": ["TEXT_KEYS", "KEYS", "SOURCE_PHRASE", "SOURCE_NOUN", "Story", "load_story", "nice_date", "leaders",
                  "side_names", "id_range", "twins", "event", "source_note", "who_wrote", "reading_intro", "reading_prompt",
                  "worked_example_id", "worked_example", "link_howto", "contradictions", "wording_note",
                  "originals_note", "TEXTS", "text", "md"],
}


@pytest.mark.parametrize("module", sorted(OFFERED))
def test_an_old_module_still_offers_its_names(module):
    """Every public name the old module had is still there under the old path."""
    found = importlib.import_module(module)
    assert [] == [name for name in OFFERED[module] if not hasattr(found, name)]


def test_old_paths_as_attributes_of_kit():
    """`import kit` then `kit.scoring.score` works, as when kit/__init__ imported the flat modules."""
    import kit
    import kit.judge.scoring

    assert kit.judge.scoring.score is kit.scoring.score
