"""Every lesson and exercise runs on any case: set the `parameters` cell to another case and nothing breaks.

Issue 7, item 3. Each notebook is executed with nbclient in its own kernel, on a small fictional
case made with `kit new-case` (the ``make_fictional_course`` fixture in conftest.py), with its parameters cell
replaced by that case's ID. The kernels run a few at a time (one kernel each takes ~10 s, mostly
waiting), so the module costs ~40 s rather than ~2.5 min.
"""

import asyncio
import re
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = sorted([*(ROOT / "notebooks").glob("*.ipynb"), *(ROOT / "exercises").glob("*.ipynb")])
AT_ONCE = 4
SEED_CLAIM = re.compile(r"\b[KC]\d\d\b")  # the seed's claim IDs (K01…, C01…); the fictional case has N01…, S01…


def with_case(path: Path, case_id: str) -> nbformat.NotebookNode:
    """The notebook with its parameters cell set to ``case_id`` (as papermill -p CASE would), outputs cleared."""
    nb = nbformat.read(path, as_version=4)
    params = [c for c in nb.cells if "parameters" in c.metadata.get("tags", [])]
    assert 1 == len(params), f"{path.name}: expected one cell tagged 'parameters'"
    params[0].source = f"CASE = {case_id!r}"
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
    return nb


async def _run_all(paths: list[Path], case_id: str) -> dict[Path, nbformat.NotebookNode | BaseException]:
    gate = asyncio.Semaphore(AT_ONCE)

    async def run(path: Path) -> nbformat.NotebookNode:
        async with gate:
            nb = with_case(path, case_id)
            await NotebookClient(nb, timeout=300, kernel_name="python3",
                                 resources={"metadata": {"path": str(path.parent)}}).async_execute()
            return nb

    results = await asyncio.gather(*(run(p) for p in paths), return_exceptions=True)
    return dict(zip(paths, results))


@pytest.fixture(scope="module")
def executed(tmp_path_factory, make_fictional_course):
    """Every notebook, executed on the fictional case: path -> the executed notebook, or the error it raised."""
    root = tmp_path_factory.mktemp("any-case")
    with pytest.MonkeyPatch.context() as mp:  # kernels inherit this environment
        mp.setenv("READOUT_KIT_ROOT", str(root / "course"))
        mp.setenv("READOUT_KIT_ANSWERS_DIR", str(root / "answers"))
        case_id = make_fictional_course(root / "course")
        yield asyncio.run(_run_all(NOTEBOOKS, case_id))


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: str(p.relative_to(ROOT)))
def test_notebook_runs_on_another_case(path, executed):
    """With CASE set to a fictional case, every cell runs without an error and shows none of the seed's claims."""
    nb = executed[path]
    if isinstance(nb, BaseException):
        raise nb  # nbclient's CellExecutionError names the cell and carries its traceback
    shown = "".join(o.get("text", "") + str(o.get("data", {}).get("text/plain", ""))
                    for c in nb.cells if c.cell_type == "code" for o in c.outputs)
    assert [] == SEED_CLAIM.findall(shown), f"{path.name} showed the seed case's claims while CASE was another case"


def test_a_seed_spec_draws_its_questions_from_another_case(fictional_course):
    """Specs name the seed's claims; asked of another case they ask about that case's claims instead, and say so."""
    from kit.case import load_case
    from kit.exercises import check, load_exercise, parse_bullets, spec_ids

    case = load_case("fictional-northland-southland")
    claims = set(case.claims.index)
    for spec in spec_ids():
        exercise = load_exercise(spec, case)
        assert "xi-putin-2026-02-04" == exercise.adapted_from and case.id in exercise.intro
        asked = {i.id.removeprefix("meta-") for i in exercise.items}
        assert asked <= claims, spec
    briefing = load_exercise("briefing", case)
    assert ("both", "northland_only", "southland_only") == briefing.require_stances
    result = check(briefing, parse_bullets(briefing.example))
    assert (3, 3, ()) == (result.right, result.total, result.problems)


def test_exercise_answers_for_another_case_have_their_own_file(fictional_course, tmp_path):
    """A board on another case saves to <learner>.<case>.<exercise>.json, so the seed's file is never refused."""
    from kit.case import load_case
    from kit.widgets import ExerciseBoard

    board = ExerciseBoard("topics", "alice", folder=tmp_path, case=load_case("fictional-northland-southland"))
    assert tmp_path / "alice.fictional-northland-southland.topics.json" == board.path
