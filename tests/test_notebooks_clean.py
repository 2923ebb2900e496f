"""Notebooks in git stay reviewable: outputs only where nbval compares them, in step with their generators."""

import copy
import platform
import runpy
import shutil
import subprocess
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parent.parent
GENERATORS = {"notebooks": ROOT / "notebooks" / "build_lessons.py",
              "exercises": ROOT / "exercises" / "build_exercises.py"}
MARKER = "# NBVAL_CHECK_OUTPUT"
TEXT = {"text/plain", "text/html"}


FOLDERS = ("notebooks", "exercises", "instructor")


def committed_notebooks() -> list[Path]:
    """Notebooks git tracks (or would add) under notebooks/, exercises/ and instructor/."""
    listed = subprocess.run(["git", "ls-files", "--cached", "--others", "--exclude-standard", *FOLDERS],
                            cwd=ROOT, capture_output=True, text=True, check=False)
    if listed.returncode != 0:  # not a git checkout (e.g. an unpacked release): every notebook there
        return sorted(p for d in FOLDERS for p in (ROOT / d).rglob("*.ipynb")
                      if ".ipynb_checkpoints" not in p.parts)
    return sorted(ROOT / line for line in listed.stdout.splitlines() if line.endswith(".ipynb"))


def marked(cell) -> bool:
    return cell.cell_type == "code" and MARKER in cell.source.splitlines()


def code_cells(path: Path) -> list[tuple[int, nbformat.NotebookNode]]:
    return [(i, c) for i, c in enumerate(nbformat.read(path, as_version=4).cells) if c.cell_type == "code"]


NOTEBOOKS = pytest.mark.parametrize("path", committed_notebooks(), ids=lambda p: str(p.relative_to(ROOT)))


@NOTEBOOKS
def test_only_marked_cells_have_outputs(path):
    """A cell not marked # NBVAL_CHECK_OUTPUT is stored without outputs or an execution count."""
    dirty = [i for i, c in code_cells(path) if not marked(c) and (c.outputs or c.execution_count is not None)]
    assert [] == dirty, f"{path.name}: cells {dirty} have outputs; rebuild with the generator (or clear them)"


@NOTEBOOKS
def test_marked_cells_store_text_only(path):
    """A marked cell stores what nbval compares: printed stdout or a text/plain (+ text/html) result, nothing else
    (no widget view, no plotly JSON), with the count a fresh Run All gives it (nbval skips cells without one)."""
    bad = []
    for n, (i, c) in enumerate(code_cells(path), start=1):
        if not marked(c):
            continue
        for out in c.outputs:
            text = (out.output_type == "stream" and out.name == "stdout") or \
                   (out.output_type == "execute_result" and set(out.data) <= TEXT and "text/plain" in out.data)
            if not text:
                bad.append((i, out.output_type, sorted(out.get("data", {}))))
        if not c.outputs or c.execution_count != n:
            bad.append((i, "no outputs" if not c.outputs else f"execution_count {c.execution_count}, expected {n}", []))
    assert [] == bad, f"{path.name}: marked cells must store text output; rebuild with the generator"


@NOTEBOOKS
def test_case_is_a_parameter(path):
    """The first code cell, tagged `parameters` (papermill), sets CASE; no other cell is tagged so."""
    cells = code_cells(path)
    tagged = [i for i, c in cells if "parameters" in c.metadata.get("tags", [])]
    assert [cells[0][0]] == tagged, f"{path.name}: the first code cell must be the only one tagged 'parameters'"
    assert cells[0][1].source.startswith("CASE = "), f"{path.name}: the parameters cell sets CASE = \"<case id>\""


# Fields the generator takes from the machine that builds the course, not from its script: the building
# Python's version (JupyterLab stores the kernel's, so the generator writes it to keep notebooks clean on
# open). A contributor on another Python 3.x regenerates a different value; that is not drift.
MACHINE_FIELDS = [("language_info", "version")]


def _shape(nb: nbformat.NotebookNode) -> dict:
    """What a generator decides: cells' kind, id, source and metadata, and the notebook's metadata less
    MACHINE_FIELDS."""
    metadata = copy.deepcopy(nb.metadata)
    for section, field in MACHINE_FIELDS:
        metadata.get(section, {}).pop(field, None)
    return {"metadata": metadata,
            "cells": [(c.cell_type, c.id, c.source, c.metadata) for c in nb.cells]}


def drift(folder: str, out: Path, committed: Path = ROOT) -> list[str]:
    """Regenerate ``folder``'s notebooks (not executed) into ``out``; name every one that differs from
    ``committed``/``folder`` (or exists on only one side)."""
    module = runpy.run_path(str(GENERATORS[folder]))
    written = {p.name: p for p in module["build"](module["NOTEBOOKS"], out, execute=False)}
    stored = {p.name: p for p in (committed / folder).glob("*.ipynb")}
    if committed == ROOT:
        stored = {p.name: p for p in committed_notebooks() if p.parent.name == folder}
    differ = sorted(set(written) ^ set(stored))
    differ += sorted(name for name in set(written) & set(stored)
                     if _shape(nbformat.read(written[name], as_version=4)) != _shape(nbformat.read(stored[name], as_version=4)))
    return differ


@pytest.mark.parametrize("folder", sorted(GENERATORS))
def test_generated_notebooks_match_their_generator(folder, tmp_path):
    """Regenerating the lessons/exercises (without executing them) gives the committed cells and metadata."""
    generator = GENERATORS[folder]
    if not generator.exists():
        pytest.skip(f"{generator.name} not present")
    assert [] == drift(folder, tmp_path), f"differ from their generator; run python {generator.relative_to(ROOT)}"


def test_another_python_is_not_drift(tmp_path, monkeypatch):
    """A contributor whose Python is another 3.x regenerates the lessons with that version in language_info,
    and the drift check still passes."""
    monkeypatch.setattr(platform, "python_version", lambda: "3.99.1")
    assert [] == drift("notebooks", tmp_path)
    regenerated = nbformat.read(next(tmp_path.glob("*.ipynb")), as_version=4)
    assert "3.99.1" == regenerated.metadata.language_info.version  # the generator did take the other version


def test_real_drift_is_still_caught(tmp_path):
    """A cell edited by hand, or language_info changed in a field other than the version, fails the check."""
    committed = tmp_path / "committed"
    shutil.copytree(ROOT / "notebooks", committed / "notebooks", ignore=shutil.ignore_patterns("*.py", ".ipynb_checkpoints"))
    names = sorted(p.name for p in (committed / "notebooks").glob("*.ipynb"))
    edited, relabelled = committed / "notebooks" / names[0], committed / "notebooks" / names[1]
    nb = nbformat.read(edited, as_version=4)
    nb.cells[0].source += "\nedited by hand"
    nbformat.write(nb, edited)
    nb = nbformat.read(relabelled, as_version=4)
    nb.metadata.language_info.pygments_lexer = "python3"
    nbformat.write(nb, relabelled)
    (tmp_path / "out").mkdir()
    assert sorted([names[0], names[1]]) == drift("notebooks", tmp_path / "out", committed)
