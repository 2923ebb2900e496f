"""Write every lesson notebook (00–06) from the cells below, then keep the outputs of marked cells.

Run ``python notebooks/build_lessons.py`` after editing a lesson here; a test fails when the
committed .ipynb files drift from this script. Each notebook is built, executed once (nbclient,
cwd=notebooks/, answers saved to a scratch folder), and committed with outputs only on the cells
marked ``# NBVAL_CHECK_OUTPUT`` — text only (print output, text/plain and text/html results), and
the execution count a fresh Run All gives them — so nbval has something to compare; every other
cell is stored without outputs or count.

Every notebook takes its case as a parameter: the cell tagged ``parameters`` (papermill's
convention) sets ``CASE``; the code below it must work for any case under data/cases/. Markdown
cells here are generic pedagogy only: every sentence about a particular case is rendered from its
data by :mod:`kit.case.story` (``story.md(case, "event")`` …), and tests/test_notebooks_any_case.py fails
if a word of the seed's story shows on another case.
"""

from __future__ import annotations

import copy
import os
import platform
import sys
import tempfile
from contextlib import contextmanager
from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
MARKER = "# NBVAL_CHECK_OUTPUT"
TEXT_MIMETYPES = ("text/plain", "text/html")
PARAMETERS = 'CASE = "xi-putin-2026-02-04"  # any case under data/cases/'
SETUP = "from kit.case import load_case\n\ncase = load_case(CASE)"
SHUT_DOWN = ("*Finished here? Shut this notebook's kernel down (Kernel › Shut Down Kernel) before you "
             "open the next one: your answers are already saved, and running the notebook again brings them back.*")
# The metadata JupyterLab itself stores once an ipykernel has answered (kernelspec + language_info).
# A notebook with less is rewritten on open and shows as unsaved (●) before the learner did anything;
# JupyterLab compares deeply, so the version must be the kernel's: the Python that builds the course.
KERNEL_METADATA = {
    "kernelspec": {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"},
    "language_info": {"codemirror_mode": {"name": "ipython", "version": 3}, "file_extension": ".py",
                      "mimetype": "text/x-python", "name": "python", "nbconvert_exporter": "python",
                      "pygments_lexer": "ipython3", "version": platform.python_version()},
}


def notebook(cells: list[tuple[str, str]]) -> nbformat.NotebookNode:
    """Cells are (kind, text): kind "md", "code", or "parameters" (a code cell tagged for papermill)."""
    nb = new_notebook(metadata=copy.deepcopy(KERNEL_METADATA))
    for i, (kind, text) in enumerate(cells):
        text = text.strip("\n")
        cell = new_markdown_cell(text) if kind == "md" else new_code_cell(text)
        if kind == "parameters":
            cell.metadata["tags"] = ["parameters"]
        cell["id"] = f"cell-{i:02d}"  # stable ids: regenerating gives identical files
        nb.cells.append(cell)
    # Every lesson and exercise ends by saying when to let its kernel go (idle kernels hold ~100 MB each).
    nb.cells.append(new_markdown_cell(SHUT_DOWN, id="shut-down"))
    return nb


def is_marked(cell: nbformat.NotebookNode) -> bool:
    return cell.cell_type == "code" and MARKER in cell.source.splitlines()


def text_outputs(cell: nbformat.NotebookNode, count: int, where: str) -> list[nbformat.NotebookNode]:
    """A marked cell's outputs, text only; anything else there is a mistake in the lesson."""
    kept = []
    for out in cell.outputs:
        if out.output_type == "stream" and out.name == "stdout":
            kept.append(out)
        elif out.output_type == "execute_result" and set(out.data) <= set(TEXT_MIMETYPES):
            kept.append(nbformat.v4.new_output("execute_result", execution_count=count, metadata={}, data=out.data))
        else:
            raise ValueError(f"{where}: a cell marked {MARKER} must print or return text; it gave "
                             f"{out.output_type} {sorted(out.get('data', {})) or out.get('name', '')}. "
                             "Unmark it, or show a table instead of a widget or chart.")
    return kept


@contextmanager
def _environ(**values: str):
    saved = {k: os.environ.get(k) for k in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v


def keep_marked_outputs(nb: nbformat.NotebookNode, cwd: Path, name: str) -> nbformat.NotebookNode:
    """Execute a copy of ``nb`` in ``cwd``; store the outputs of marked cells (only) on ``nb``."""
    from nbclient import NotebookClient

    run = copy.deepcopy(nb)
    with tempfile.TemporaryDirectory(prefix="readout-kit-answers-") as answers, \
            _environ(READOUT_KIT_ROOT=str(ROOT), READOUT_KIT_ANSWERS_DIR=answers):
        NotebookClient(run, timeout=300, kernel_name="python3", record_timing=False,
                       resources={"metadata": {"path": str(cwd)}}).execute()
    code = [(cell, ran) for cell, ran in zip(nb.cells, run.cells) if cell.cell_type == "code"]
    for count, (cell, ran) in enumerate(code, start=1):
        if is_marked(cell):
            cell.outputs = text_outputs(ran, count, f"{name} {cell.id}")
            # nbval compares only cells with a count ("Unrun reference cell has outputs" otherwise);
            # the one a fresh Run All gives, so rebuilding never changes it.
            cell.execution_count = count
    return nb


NOTEBOOKS: dict[str, list[tuple[str, str]]] = {}

NOTEBOOKS["00_start_here"] = [  # the lead's welcome
    ("md", """
# Start here: one call, two readouts

A *readout* is a government's own account of a conversation. It is written after the fact, by
officials, for an audience — so it tells you what a government wants known, in the words it
chooses. Two readouts of one call are the same event seen through two such choices. This kit
teaches you to compare them claim by claim.

Run each cell with **Shift+Enter**. The first one chooses the case; the next tells its story.
"""),
    ("parameters", PARAMETERS),
    ("code", """
import kit
from kit.case import story

case = kit.load_case(CASE)
story.md(case, "event")
"""),
    ("code", """
# NBVAL_CHECK_OUTPUT
print(case.title)
print(len(case.claims), "claims:", ", ".join(f"{n} from the {case.side_label(s)} side" for s, n in case.claims["side"].value_counts(sort=False).items()))
"""),
    ("md", """
## Mind the source

Before reading any text about a call, ask what kind of text it is and who wrote it:
"""),
    ("code", "story.md(case, \"source_note\")"),
    ("code", "print(case.provenance)"),
    ("md", """
## The two readouts, side by side

Each sentence is one **claim**, with a stable ID whose first letter tells the side. Read both
columns once, slowly. What does only one side mention? Who is said to have said what?
"""),
    ("code", "from kit.widgets import ReadoutView\n\nReadoutView(case)"),
    ("md", """
## What comes next

| lesson | you will |
|---|---|
| [`01_the_two_readouts`](01_the_two_readouts.ipynb) | learn who writes a readout and what kind of text this case's source is |
| [`02_tagging_claims`](02_tagging_claims.ipynb) | tag every claim: topic, claim type, voice, coverage |
| [`03_linking_and_comparing`](03_linking_and_comparing.ipynb) | link the claims both sides share and chart what stands alone |
| [`04_checking_your_answers`](04_checking_your_answers.ipynb) | check your tags against the reference and read its reasons |
| [`05_from_comparison_to_briefing`](05_from_comparison_to_briefing.ipynb) | turn the comparison into a short brief that cites claim IDs |
| [`06_back_to_the_originals`](06_back_to_the_originals.ipynb) | the source beside its originals: kept, dropped, reworded, carried across, added; the argument from silence |

The exercises in `exercises/` check themselves. Your work is saved as you go, in
`answers/<your name>.json` — hand that file in when your teacher asks for it.

**Done with a notebook? Shut its kernel down** (*Kernel › Shut Down Kernel*, or the running
kernels panel in the left sidebar) before you open the next one. Each open kernel holds about
100 MB of memory on a shared server; your tags are already saved, and running the notebook again
brings them back.
"""),
]

NOTEBOOKS["01_the_two_readouts"] = [
    ("md", """
# 1 · The two readouts

After a call between two leaders, each government publishes a **readout**: its own short account
of what was said. Readouts are written by officials for an audience, so they select, order and
phrase things on purpose. Comparing two readouts of the same call shows where the sides agree, where
they differ, and what each chose to say.
"""),
    ("parameters", PARAMETERS),
    ("code", SETUP + "\nfrom kit.case import story\n\nstory.md(case, \"event\")"),
    ("code", "print(case.title)\nprint(case.date)"),
    ("md", """
## Who wrote what we are reading?

A text about a call can be the official readouts themselves, a transcript, or someone else's
account of them — and each asks for a different kind of care.
"""),
    ("code", "story.md(case, \"who_wrote\")"),
    ("code", "# NBVAL_CHECK_OUTPUT\nprint(case.provenance)\nfor side in case.sides:\n    print(f\"{side.prefix}… = {side.label}\")"),
    ("md", """
## Reading side by side

Which sections have a counterpart on the other side? Which do not?
"""),
    ("code", "story.md(case, \"reading_intro\")"),
    ("code", "case.claims.groupby(\"side\", sort=False).size()"),
    ("code", "from kit.widgets import ReadoutView\n\nReadoutView(case)"),
    ("md", """
Colour the claims by a dimension of the **reference** answer (choose *coverage*): what does only
one side say? You will make these calls yourself in the next lesson.
"""),
    ("code", "ReadoutView(case, colour_by=\"coverage\")"),
    ("code", "story.md(case, \"reading_prompt\")"),
]

NOTEBOOKS["02_tagging_claims"] = [
    ("md", """
# 2 · Tagging claims

To compare two readouts systematically, tag every claim on four **dimensions**. Each dimension asks
one question, and each value has a one-line definition (under *What the tags mean* on the board, open a
dimension; or hover over a dropdown's name: *topic*, *claim_type*…). Once you choose a value, its meaning shows
under the card.
"""),
    ("parameters", PARAMETERS),
    ("code", SETUP + "\n\nfor name in case.dimensions:\n    print(f\"{name:<11}\", case.taxonomy.dimensions[name].question)"),
    ("md", """
## A worked example

Two habits make tagging consistent. For **topic**, code the main substance of the sentence, not
who it is aimed at. For **voice**, ask who the sentence *presents* as speaking — a passive sentence
with no one named is the narrator's. Here is one claim of this case, with the reference's reasons:
"""),
    ("code", "from kit.case import story\n\nstory.md(case, \"worked_example\")"),
    ("md", "The reference answer, value by value:"),
    ("code", """
# NBVAL_CHECK_OUTPUT
example = story.worked_example_id(case)  # the case's own choice (story.yml), else a clear-cut claim of its reference
print(example, case.claims.loc[example, "text"])
for row in case.reference[case.reference["claim_id"] == example].itertuples():
    print(f"  {row.dimension:<11} {row.value}")
"""),
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


NOTEBOOKS["03_linking_and_comparing"] = [
    ("md", """
# 3 · Linking and comparing

A claim tagged `both` has a counterpart on the other side. **Link** the two, and say how they
compare: the same words, one side saying more, a different emphasis, a different speaker — or a
contradiction.
"""),
    ("parameters", PARAMETERS),
    ("code", SETUP + "\n\nfor value in case.taxonomy.link_match.values.values():\n    print(f\"{value.name:<20}\", value.definition)"),
    ("code", "from kit.case import story\n\nstory.md(case, \"link_howto\")"),
    ("code", "from kit.widgets import LinkBoard\n\nLinkBoard(case)"),
    ("md", """
## Coverage: who talks about what?

The chart counts the claims of each side by topic, split into what both sides say and what only
one side says. Here it is from the reference answer; below, from your own tags.
"""),
    ("code", "from kit import charts\n\ncharts.coverage_chart(case)"),
    ("code", "charts.coverage_table(case).groupby([\"side\", \"coverage\"])[\"claims\"].sum()"),
    ("md", """
## Emphasis: how much room does each topic get?

Counting claims treats a short courtesy like a long paragraph. This chart weighs them by length: the
share of each readout's text (in characters) that goes to each topic.
"""),
    ("code", "charts.emphasis_chart(case)"),
    ("md", """
## Alignment: how do the shared claims compare?

Each readout's claims in reading order, one column per side; a line joins counterparts, coloured
by how they compare (open circles have no counterpart). Shared claims are seldom word for word: the
speaker shifts, or one side says more. The table counts the match types.
"""),
    ("code", "charts.alignment_chart(case)"),
    ("code", "# NBVAL_CHECK_OUTPUT\ncharts.alignment_table(case)"),
    ("code", "story.md(case, \"contradictions\")"),
    ("md", """
## What stands alone

Claims only one side makes are often the most telling: what each government chose to mention.
"""),
    ("code", "# NBVAL_CHECK_OUTPUT\nalone = charts.standalone_table(case)\nfor side, group in alone.groupby(\"side\", sort=False):\n    print(case.side_label(side), \"only:\", \", \".join(group.index))"),
    ("md", """
Now the same charts from **your** tags and links (empty until you have tagged some claims). They
read your answers file each time they run: after tagging or linking more, run the chart cells again.
"""),
    ("code", "from kit.widgets import AnswerStore\n\nmine = AnswerStore(case)\ncharts.coverage_chart(case, mine)"),
    ("code", "charts.alignment_chart(case, mine)"),
]

NOTEBOOKS["04_checking_your_answers"] = [
    ("md", """
# 4 · Checking your answers

The reference answer tags every claim and gives a **reason** for each decision. Where a claim is
honestly ambiguous it accepts more than one value and says why. Your score is the share of right
tags (80%) plus how well you found the links (15%) and their match types (5%).
"""),
    ("parameters", PARAMETERS),
    ("code", SETUP + "\nfrom kit.judge.scoring import score"),
    ("md", """
## An example: one habit, many mistakes

Suppose a learner gave every claim the same voice — the first one in the list. How far does that
get them?
"""),
    ("code", """
# NBVAL_CHECK_OUTPUT
from kit.answers import Answers

habit = case.values("voice")[0]  # one voice for every claim: the first in the list
example = Answers(case.id, "example", {cid: {"voice": habit} for cid in case.claims.index})
result = score(case, example)
print(f"voice {habit!r} everywhere: {result.dimensions['voice'].right} of {result.dimensions['voice'].total} right")
"""),
    ("md", "The reasons tell them what they missed:"),
    ("code", "for r in result.wrong()[:3]:\n    print(f\"{r.claim_id}: gave {r.given}, expected {r.expected} — {r.rationale}\\n\")"),
    ("md", """
## A confusion chart

Rows are the values given, columns the reference's. Everything off the diagonal is a confusion —
here every other voice was read as the one habit — except a cell marked *✓ accepted*: a value
the reference accepts too, shown under what was said.
"""),
    ("code", "from kit import charts\n\ncharts.confusion_chart(case, example, \"voice\")"),
    ("md", """
## Your turn

Click **Check** on your board (it is the same board as in lesson 2, with your saved tags). At first
you get hints; check again for the expected value and the reason. Then look at your own confusion
chart: which values do you mix up?
"""),
    ("code", "from kit.widgets import TaggingBoard\n\nboard = TaggingBoard(case)\nboard"),
    ("code", "charts.confusion_chart(case, board.store, \"claim_type\")"),
]

NOTEBOOKS["05_from_comparison_to_briefing"] = [
    ("md", """
# 5 · From comparison to briefing

A reader with five minutes wants four things: where the two sides **converge**, where they
**diverge**, what **one side only** says, and what the **wording** reveals. Every point must cite
the claims that support it, so the reader can check.
"""),
    ("parameters", PARAMETERS),
    ("code", SETUP + "\nimport pandas as pd\nfrom kit import charts\nfrom kit.case import story\n\n"
             "pd.set_option(\"display.max_colwidth\", None)  # tables show each claim's whole text\n"
             "links = charts.link_table(case)"),
    ("md", "**Converge** — shared claims that match, or nearly:"),
    ("code", "links[links[\"match\"].isin([\"matched\", \"partial\"])][[\"a\", \"b\", \"match\"]]"),
    ("md", "**Diverge** — shared matters, told differently (another speaker, another emphasis):"),
    ("code", "links[~links[\"match\"].isin([\"matched\", \"partial\"])][[\"a\", \"b\", \"match\"]]"),
    ("md", "**One side only:**"),
    ("code", "charts.standalone_table(case)[[\"side\", \"topic\", \"text\"]]"),
    ("code", "story.md(case, \"wording_note\")"),
    ("code", "for note in case.notes:\n    print(f\"{note['title']}: {', '.join(note.get('claims', []))}\")"),
    ("md", """
## A short brief that cites its evidence

Write one point a line, as `stance: point [claim IDs]`. The check confirms that every ID exists and
that the claims' coverage supports "both sides" or "only one side". Here is a brief that passes:
"""),
    ("code", """
# NBVAL_CHECK_OUTPUT
from kit.judge.exercises import check, load_exercise, parse_bullets

exercise = load_exercise("briefing", case)
brief = exercise.example  # a brief that passes; replace it with yours: one point a line
print(brief, end="\\n\\n")
result = check(exercise, parse_bullets(brief))
for item in result.items:
    print("✓" if item.correct else "✗", item.given["text"][:60], "—", item.explanation)
"""),
    ("code", "story.md(case, \"originals_note\")"),
    ("md", "Now try the **briefing** exercise in `exercises/briefing.ipynb`."),
]


# Lesson 06 (originals engineer): every word below is generic; what it says of a case comes from
# the case's data (case.yml originals:, originals_check.yml) or from the trace on this machine.
NOTEBOOKS["06_back_to_the_originals"] = [
    ("md", """
# 6 · Back to the originals

Everything so far compared two texts as the case's source gives them. A careful analyst's first
move is to go back to the originals: the texts each side published. Whoever wrote the source may
have **kept** a sentence almost as it was, **dropped** what did not fit, **reworded** it,
**carried** one side's words **across** to the other, or **added** something of their own.

This lesson works offline: it shows what the case's author found in the originals, and, once you
have fetched them on your machine, each claim beside its passage.
"""),
    ("parameters", PARAMETERS),
    ("code", SETUP + "\nfrom kit.case import originals as og"),
    ("md", "**What the source is, and where its originals are published** (with what each licence allows):"),
    ("code", """
# NBVAL_CHECK_OUTPUT
print(case.provenance, end="\\n\\n")
for line in og.listing(case) or ["This case lists no originals."]:
    print(line)
"""),
    ("code", "print(og.fetch_status(case))"),
    ("md", """
## What the case's author found

Each row is one point, in the author's own words, with the address and paragraph to check it.
No sentence of an original is copied into the course: the originals stay on their publishers'
sites and, once fetched, on your machine.
"""),
    ("code", """
# NBVAL_CHECK_OUTPUT
points = og.author_points(case)
points if len(points) else print("No check against the originals is recorded for this case yet.")
"""),
    ("md", """
## A claim beside its original passage

Once the originals are fetched, `kit trace` finds, for every claim, the closest passage by shared
words, and says what the source did with it. Shared words are a clue, not a verdict: read the
passage before you decide.
"""),
    ("code", """
table = og.beside(case)
table if table is not None else print(og.fetch_status(case))
"""),
    ("md", """
## Kept, dropped, reworded, carried across, added

- **kept**: the claim's words are in its own side's original;
- **reworded**: the same substance in other words;
- **carried across**: not in its own side's original, but in the other side's;
- **added**: in neither original: the writer's own, or taken from somewhere else;
- **dropped**: in an original, but not in the source at all. No claim can show you this: only
  reading the original can.
"""),
    ("code", """
# NBVAL_CHECK_OUTPUT
print(points["what"].value_counts().to_string() if len(points) else "No points recorded for this case.")
"""),
    ("md", """
## The argument from silence

When one side's text says nothing about a matter, it is tempting to write that the government
"left it out". Be careful. An absence from the source you read is evidence about **that source's
writer**, not about the government; the original may say it. And even the original's silence is
weak evidence: a readout is a chosen account, the matter may be published elsewhere, and the other
side may simply have told it. Write "the source does not mention it", and check the original
before writing "the government omits it".

What the case's author found in the originals but not in the source:
"""),
    ("code", """
# NBVAL_CHECK_OUTPUT
dropped = points[points["what"] == "drops"] if len(points) else points
for row in dropped.itertuples():
    print(f"- {row.side}: {row.note} ({row.where})")
if not len(dropped):
    print("Nothing recorded; fetch the originals and read them.")
"""),
    ("md", """
**Try it.** Pick one claim the reference tags as one side only. Before writing that only that side
says it, find the other side's original (above) and read it. If it is not on your machine, fetch
it with the command shown above, then run `kit trace` and compare.
"""),
]


def build(names: dict[str, list[tuple[str, str]]], folder: Path, *, execute: bool = True,
          cwd: Path | None = None) -> list[Path]:
    """Write each notebook to ``folder``; with ``execute``, run it in ``cwd`` (default: ``folder``) first."""
    written = []
    for name, cells in names.items():
        path = folder / f"{name}.ipynb"
        nb = notebook(cells)
        if execute:
            keep_marked_outputs(nb, cwd or folder, name)
        nbformat.write(nb, path)
        written.append(path)
    return written


if __name__ == "__main__":
    for path in build(NOTEBOOKS, HERE):
        print(path.relative_to(ROOT), file=sys.stderr)
