"""Write one notebook per exercise spec (exercises/specs/*.yml), without outputs.

Run ``python exercises/build_exercises.py`` after adding or renaming a spec; a test fails when the
committed notebooks drift from this script. The notebooks are thin: the board does the work.
"""

from __future__ import annotations

import runpy
import sys
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
_lessons = runpy.run_path(str(HERE.parent / "notebooks" / "build_lessons.py"))
notebook, build = _lessons["notebook"], _lessons["build"]

HOW = """
Choose an answer for each question, then click **Check**. Working alone? The first Check gives a
hint for what is wrong; check again to see the expected answer and the reason. Your answers are
saved as you go (the path is on the board), so a restart loses nothing — hand that file in if your
class asks for it.
"""

EXTRA: dict[str, list[tuple[str, str]]] = {
    "briefing": [
        ("md", """
## Checking a brief from code

The same check works on a brief written in a cell — handy for drafting. Here is a three-bullet
brief that passes:
"""),
        ("code", '''# NBVAL_CHECK_OUTPUT
from kit.exercises import check, load_exercise, parse_bullets

draft = """
both: Putin accepted Xi's invitation to visit China in the first half of 2026 [K10, C11]
kremlin_only: Only the Kremlin side mentions Iran [K08]
china_only: Only China's side invokes the UN-centred order and the outcomes of WWII [C08]
"""
result = check(load_exercise("briefing"), parse_bullets(draft))
print(result.right, "of", result.total, "bullets supported;", "problems:", list(result.problems))'''),
    ],
}


def _notebooks() -> dict[str, list[tuple[str, str]]]:
    books = {}
    for spec_path in sorted((HERE / "specs").glob("*.yml")):
        spec = yaml.safe_load(spec_path.read_text(encoding="utf-8"))
        cells = [
            ("md", f"# Exercise · {spec['title']}\n\n{HOW.strip()}"),
            ("code", f'from kit.widgets import ExerciseBoard\n\nboard = ExerciseBoard("{spec["id"]}")\nboard'),
        ]
        if spec["kind"] != "briefing":
            cells.append(("code", "# NBVAL_CHECK_OUTPUT\nprint(len(board.exercise.items), \"questions\")"))
        books[spec["id"]] = cells + EXTRA.get(spec["id"], [])
    return books


NOTEBOOKS = _notebooks()

if __name__ == "__main__":
    for path in build(NOTEBOOKS, HERE):
        print(path.relative_to(HERE.parent), file=sys.stderr)
