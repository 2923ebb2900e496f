"""Notebooks in git stay reviewable: committed without outputs, and in step with their generators."""

import runpy
import subprocess
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parent.parent
GENERATORS = {"notebooks": ROOT / "notebooks" / "build_lessons.py",
              "exercises": ROOT / "exercises" / "build_exercises.py"}


def committed_notebooks() -> list[Path]:
    """Notebooks git tracks (or would add) under notebooks/ and exercises/."""
    listed = subprocess.run(["git", "ls-files", "--cached", "--others", "--exclude-standard",
                             "notebooks", "exercises"], cwd=ROOT, capture_output=True, text=True, check=False)
    if listed.returncode != 0:  # not a git checkout (e.g. an unpacked release): every notebook there
        return sorted(p for d in ("notebooks", "exercises") for p in (ROOT / d).rglob("*.ipynb")
                      if ".ipynb_checkpoints" not in p.parts)
    return sorted(ROOT / line for line in listed.stdout.splitlines() if line.endswith(".ipynb"))


@pytest.mark.parametrize("path", committed_notebooks(), ids=lambda p: str(p.relative_to(ROOT)))
def test_notebook_has_no_outputs(path):
    """Every code cell is stored without outputs or an execution count (clear outputs before commit)."""
    nb = nbformat.read(path, as_version=4)
    dirty = [i for i, c in enumerate(nb.cells)
             if c.cell_type == "code" and (c.get("outputs") or c.get("execution_count") is not None)]
    assert [] == dirty, f"{path.name}: cells {dirty} have outputs; clear them (Edit → Clear Outputs of All Cells)"


@pytest.mark.parametrize("folder", sorted(GENERATORS))
def test_generated_notebooks_match_their_generator(folder, tmp_path):
    """Regenerating the lessons/exercises gives exactly the committed files (edit the generator, rerun it)."""
    generator = GENERATORS[folder]
    if not generator.exists():
        pytest.skip(f"{generator.name} not present")
    module = runpy.run_path(str(generator))
    for written in module["build"](module["NOTEBOOKS"], tmp_path):
        committed = ROOT / folder / written.name
        assert committed.exists(), f"{committed.name} missing; run python {generator.relative_to(ROOT)}"
        assert written.read_text(encoding="utf-8") == committed.read_text(encoding="utf-8"), \
            f"{committed.name} differs from its generator; run python {generator.relative_to(ROOT)}"
