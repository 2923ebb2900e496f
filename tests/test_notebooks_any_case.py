"""Every lesson and exercise runs on any case and tells that case's own story: no word of the seed's leaks in.

Issue 12, items 1–3. Each notebook is executed with nbclient in its own kernel, on a fictional case
of another shape than the seed's (tests/fixtures/cases/valdoria-tessaly-2026-03-12: the official
readouts themselves, not a summary; other sides, prefixes, leaders and section counts), with its
parameters cell replaced by that case's ID. Everything the learner would see — markdown cells,
every output (text, Markdown, HTML) and every widget's state — is searched for the seed's story.
The kernels run a few at a time (one kernel each takes ~10 s, mostly waiting).
"""

import asyncio
import json
import re
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = sorted([*(ROOT / "notebooks").glob("*.ipynb"), *(ROOT / "exercises").glob("*.ipynb")])
AT_ONCE = 4
SEED_CLAIM = re.compile(r"\b[KC]\d\d\b")  # the seed's claim IDs (K01…, C01…); the fictional case has V01…, T01…
# Words of the seed's story: its leaders, sides, aide, places, the kind of its source and its own values.
SEED_STORY = ["Xi", "Jinping", "Putin", "Kremlin", "China", "Chinese", "Russia", "Russian", "Ushakov", "Moscow",
              "Beijing", "Lichun", "Spring Festival", "summary", "summaries", "summarizer", "summarise", "Overall Tone",
              "kremlin.ru", "fmprc", "Iran", "Gaza", "Trump", "APEC", "united_states", "xi-putin"]


def leaked(shown: str, own: str) -> list[str]:
    """The seed-story words in ``shown`` that the case's own text ``own`` does not contain (case-insensitive, whole words)."""
    found = []
    for word in SEED_STORY:
        pattern = re.compile(rf"(?<![\w-]){re.escape(word)}(?![\w-])", re.IGNORECASE)
        if pattern.search(shown) and not pattern.search(own):
            found.append(word)
    return found


def everything_shown(nb: nbformat.NotebookNode) -> str:
    """Markdown cells, every output's text and data, and the widgets' state: all a learner can see."""
    parts = [c.source for c in nb.cells if c.cell_type == "markdown"]
    for cell in nb.cells:
        for out in cell.get("outputs", []) if cell.cell_type == "code" else []:
            parts.append(out.get("text", ""))
            parts += [v if isinstance(v, str) else json.dumps(v) for v in out.get("data", {}).values()]
    parts.append(json.dumps(nb.metadata.get("widgets", {}), ensure_ascii=False))
    return "\n".join(parts)


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
            await NotebookClient(nb, timeout=300, kernel_name="python3", store_widget_state=True,
                                 resources={"metadata": {"path": str(path.parent)}}).async_execute()
            return nb

    results = await asyncio.gather(*(run(p) for p in paths), return_exceptions=True)
    return dict(zip(paths, results))


@pytest.fixture(scope="module")
def course(tmp_path_factory, make_official_course):
    """The course folder holding the fictional official case, and its ID."""
    root = tmp_path_factory.mktemp("any-case")
    with pytest.MonkeyPatch.context() as mp:  # kernels inherit this environment
        mp.setenv("READOUT_KIT_ROOT", str(root / "course"))
        mp.setenv("READOUT_KIT_ANSWERS_DIR", str(root / "answers"))
        yield root / "course", make_official_course(root / "course")


@pytest.fixture(scope="module")
def executed(course):
    """Every notebook, executed on the fictional case: path -> the executed notebook, or the error it raised."""
    root, case_id = course
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("READOUT_KIT_ROOT", str(root))
        mp.setenv("READOUT_KIT_ANSWERS_DIR", str(root.parent / "answers"))
        yield asyncio.run(_run_all(NOTEBOOKS, case_id))


@pytest.fixture(scope="module")
def own_text(course):
    """All the case's own words: its source and every file of its folder."""
    root, case_id = course
    files = [*(root / "data" / "cases" / case_id).iterdir(), *(root / "seeds").iterdir()]
    return "\n".join(p.read_text(encoding="utf-8") for p in files)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: str(p.relative_to(ROOT)))
def test_notebook_tells_only_its_own_case(path, executed, own_text):
    """With CASE set to the fictional official case, every cell runs, and nothing shown names the seed's story or claims."""
    nb = executed[path]
    if isinstance(nb, BaseException):
        raise nb  # nbclient's CellExecutionError names the cell and carries its traceback
    shown = everything_shown(nb)
    assert ([], []) == (leaked(shown, own_text), SEED_CLAIM.findall(shown)), f"{path.name} told the seed's story"


def test_the_leak_check_catches_the_seed_story(own_text):
    """The check is not blind: a seed sentence is caught, a word the case itself uses is not."""
    assert ["Xi", "Putin", "China"] == leaked("Xi invited Putin to visit China", own_text)
    assert [] == leaked("Prime Minister Salo thanked President Oduya", own_text)
    assert ["summary"] == leaked("a third party's summary of both readouts", own_text)


def test_exercises_for_an_official_case_are_its_own(official_course):
    """On the official case: who-said-it hides names and IDs, framing stands in for spot-the-summarizer, titles are words."""
    from kit.case.load import load_case
    from kit.judge.exercises import check, parse_bullets
    from kit.case.exercises import load_exercise

    case = load_case("valdoria-tessaly-2026-03-12")
    who = load_exercise("who_said_it", case)
    prompts = " ".join(i.prompt + i.heading for i in who.items)
    assert [] == [w for w in ("Valdoria", "Tessaly", "Oduya", "Salo", "Maren", "Henrik", "Valdorian", "Tessalian")
                  if re.search(rf"\b{w}\b", prompts)]
    assert [] == re.findall(r"\b[VT]\d\d\b", prompts)
    assert "Who said it — Valdoria or Tessaly?" == who.title
    stand_in = load_exercise("spot_the_summarizer", case)
    assert ("framing", "spot_the_summarizer") == (stand_in.id, stand_in.spec)
    assert ("contradicted",) == stand_in.item("frame-V03-T04").accepted[:1]
    assert all(re.fullmatch(r"(Sentence|Question) \d+|[VT]\d\d · [A-Z][a-z ]+", i.heading)
               for name in ("who_said_it", "framing", "topics", "claim_types", "voice", "coverage_and_links")
               for i in load_exercise(name, case).items)
    briefing = load_exercise("briefing", case)
    assert ("both", "valdoria_only", "tessaly_only") == briefing.require_stances
    result = check(briefing, parse_bullets(briefing.example))
    assert (3, 3, ()) == (result.right, result.total, result.problems)


def test_exercise_answers_for_another_case_have_their_own_file(official_course, tmp_path):
    """A board on another case saves to <learner>.<case>.<exercise>.json, so the seed's file is never refused."""
    from kit.case.load import load_case
    from kit.widgets import ExerciseBoard

    board = ExerciseBoard("topics", "alice", folder=tmp_path, case=load_case("valdoria-tessaly-2026-03-12"))
    assert tmp_path / "alice.valdoria-tessaly-2026-03-12.topics.json" == board.path
