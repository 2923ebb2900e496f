"""Write the lesson notebooks 01–05 from the cells below, without outputs.

Run ``python notebooks/build_lessons.py`` after editing a lesson here; a test fails when the
committed .ipynb files drift from this script. (00_start_here is the lead's and is not touched.)
"""

from __future__ import annotations

import sys
from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

HERE = Path(__file__).resolve().parent
SETUP = "from kit.case import load_case\n\ncase = load_case()"


def notebook(cells: list[tuple[str, str]]) -> nbformat.NotebookNode:
    nb = new_notebook(metadata={
        "kernelspec": {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"},
        "language_info": {"name": "python"},
    })
    for i, (kind, text) in enumerate(cells):
        text = text.strip("\n")
        cell = new_markdown_cell(text) if kind == "md" else new_code_cell(text)
        cell["id"] = f"cell-{i:02d}"  # stable ids: regenerating gives identical files
        nb.cells.append(cell)
    return nb


NOTEBOOKS: dict[str, list[tuple[str, str]]] = {}

NOTEBOOKS["01_the_two_readouts"] = [
    ("md", """
# 1 · The two readouts

After a call between two leaders, each government publishes a **readout**: its own short account
of what was said. Readouts are written by officials for an audience, so they select, order and
phrase things on purpose. Comparing two readouts of the same call shows where the sides agree, where
they differ, and what each chose to say.

Our case is the video call between Xi Jinping and Vladimir Putin on 4 February 2026.
"""),
    ("code", SETUP + "\nprint(case.title)\nprint(case.date)"),
    ("md", """
## Who wrote what we are reading?

Careful: we are **not** reading the two official readouts. We read one third party's English
*summary* of both. The summarizer chose the headings, quoted some phrases, paraphrased the rest and
wrote each "Overall Tone" line in their own words. Keep that in mind all through the course.
"""),
    ("code", "# NBVAL_CHECK_OUTPUT\nprint(case.provenance)\nfor side in case.sides:\n    print(f\"{side.prefix}… = {side.label}\")"),
    ("md", """
## Reading side by side

Each sentence of the summary is a **claim** with a stable ID: `K01`…`K13` for the Kremlin side,
`C01`…`C13` for China's. Read both columns section by section. Which sections have a counterpart
on the other side? Which do not?
"""),
    ("code", "# NBVAL_CHECK_OUTPUT\ncase.claims.groupby(\"side\", sort=False).size()"),
    ("code", "from kit.widgets import ReadoutView\n\nReadoutView(case)"),
    ("md", """
Colour the claims by a dimension of the **reference** answer (choose *coverage*): what does only
one side say? You will make these calls yourself in the next lesson.
"""),
    ("code", "ReadoutView(case, colour_by=\"coverage\")"),
    ("md", """
**Before you go on:** write down two things the Kremlin side mentions that China's side does not,
and one sentence that appears on both sides word for word. Why might that be?
"""),
]

NOTEBOOKS["02_tagging_claims"] = [
    ("md", """
# 2 · Tagging claims

To compare two readouts systematically, tag every claim on four **dimensions**. Each dimension asks
one question, and each value has a one-line definition (open *What the tags mean* on the board, or
hover over a dropdown).
"""),
    ("code", SETUP + "\n\n# NBVAL_CHECK_OUTPUT\nfor name in case.dimensions:\n    print(f\"{name:<11}\", case.taxonomy.dimensions[name].question)"),
    ("md", """
## A worked example

`K08` reads: *"Special attention was given to the tense situation in Iran (amid U.S.-Iran talks
and regional tensions)."*

* **topic** — the main substance is a named regional crisis: `regional_crises` (not
  `united_states`, even though the U.S. is mentioned: code the substance, not the target).
* **claim_type** — it reports what happened in the call: `event`.
* **voice** — "was given" by whom? The sentence does not say: `narrator`.
* **coverage** — China's side never mentions Iran: `kremlin_only`.
"""),
    ("code", "# NBVAL_CHECK_OUTPUT\nprint(case.claims.loc[\"K08\", \"text\"])"),
    ("md", """
## Your turn

The board below has a card per claim. Choose a value for each dimension. Every choice is **saved at
once** to your answers file (the path is shown on the board), so you can close the notebook or
restart the kernel and carry on where you stopped.

* Use the filters to work one side or one section at a time, or only on what is still untagged.
* **Check** compares your tags with the reference answer. At first you get hints; check again to
  see the expected value and the reason.
* **Reset** clears your tags, after asking.
"""),
    ("code", "from kit.widgets import TaggingBoard\n\nboard = TaggingBoard(case)\nboard"),
    ("md", """
When you are done, the next lesson links the claims that the two sides share.
"""),
]


def build(names: dict[str, list[tuple[str, str]]], folder: Path) -> list[Path]:
    written = []
    for name, cells in names.items():
        path = folder / f"{name}.ipynb"
        nbformat.write(notebook(cells), path)
        written.append(path)
    return written


if __name__ == "__main__":
    for path in build(NOTEBOOKS, HERE):
        print(path.relative_to(HERE.parent), file=sys.stderr)
