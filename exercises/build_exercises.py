"""Write one notebook per exercise spec (exercises/specs/*.yml), with outputs on marked cells only.

Run ``python exercises/build_exercises.py`` after adding or renaming a spec; a test fails when the
committed notebooks drift from this script. The notebooks are thin: the board does the work. Like
the lessons (notebooks/build_lessons.py), each takes its case as a parameter and is executed once
so that the cells marked ``# NBVAL_CHECK_OUTPUT`` are committed with their text output.
"""

from __future__ import annotations

import runpy
import sys
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
_lessons = runpy.run_path(str(HERE.parent / "notebooks" / "build_lessons.py"))
build, PARAMETERS = _lessons["build"], _lessons["PARAMETERS"]

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

The same check works on a brief written in a cell — handy for drafting. Here is a brief that
passes; change it and run the cell again:
"""),
        ("code", '''# NBVAL_CHECK_OUTPUT
from kit.judge.exercises import check, parse_bullets

draft = board.exercise.example
print(draft, end="\\n\\n")
result = check(board.exercise, parse_bullets(draft))
print(result.right, "of", result.total, "bullets supported;", "problems:", list(result.problems))'''),
    ],
}


def _notebooks() -> dict[str, list[tuple[str, str]]]:
    books = {}
    for spec_path in sorted((HERE / "specs").glob("*.yml")):
        spec = yaml.safe_load(spec_path.read_text(encoding="utf-8"))
        if spec.get("stand_in_for"):
            continue  # it opens in the notebook of the exercise it stands in for
        # The notebook's own words name no case: the board shows the case's title and questions.
        cells = [
            ("md", f"# Exercise · {spec.get('heading') or spec['title']}\n\n{HOW.strip()}"),
            ("parameters", PARAMETERS),
            ("code", "from kit.case import load_case\nfrom kit.widgets import ExerciseBoard\n\n"
                     f'board = ExerciseBoard("{spec["id"]}", case=load_case(CASE))\nboard'),
        ]
        if spec["kind"] != "briefing":
            cells.append(("code", "# NBVAL_CHECK_OUTPUT\nprint(len(board.exercise.items), \"questions\")"))
        books[spec["id"]] = cells + EXTRA.get(spec["id"], [])
    return books


NOTEBOOKS = _notebooks()

if __name__ == "__main__":
    for path in build(NOTEBOOKS, HERE):  # executed in exercises/
        print(path.relative_to(HERE.parent), file=sys.stderr)
