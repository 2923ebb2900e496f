"""Nothing about one case lives in the kit's code: no name, place or ID of the seed's story, and the
default case is a course setting (data/course.yml), not a constant."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from kit import paths
from kit.case.load import load_case
from kit.errors import KitError

KIT = Path(__file__).resolve().parent.parent / "kit"
# The seed's people, sides, places and pointers (the summary's own vocabulary is a source kind, not a leak).
STORY = ["Xi", "Jinping", "Putin", "Kremlin", "China", "Chinese", "Russia", "Russian", "Ushakov", "Moscow",
         "Beijing", "kremlin.ru", "fmprc", "xi-putin", "Trump", "Gaza", "Iran", "united_states"]


def test_the_kits_code_and_templates_name_no_case():
    """Every module, docstring and template of kit/ is free of the seed's story (whole words, any case)."""
    pattern = re.compile(r"(?<![\w-])(" + "|".join(map(re.escape, STORY)) + r")(?![\w-])", re.IGNORECASE)
    found = [f"{p.relative_to(KIT)}:{n}: {m.group(0)}" for p in sorted(KIT.rglob("*")) if p.suffix in {".py", ".html", ".md"}
             for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1) for m in pattern.finditer(line)]
    assert [] == found


def _course(tmp_path: Path, monkeypatch, course_yml: str | None) -> Path:
    root = tmp_path / "course"
    (root / "data" / "cases").mkdir(parents=True)
    if course_yml is not None:
        (root / "data" / "course.yml").write_text(course_yml, encoding="utf-8")
    monkeypatch.setenv("READOUT_KIT_ROOT", str(root))
    return root


def test_the_default_case_is_the_courses_setting(tmp_path, monkeypatch):
    """data/course.yml names the default case: its answers files have no case suffix, another case's do."""
    _course(tmp_path, monkeypatch, "default_case: north-south-2026-03-01\n")
    assert "north-south-2026-03-01" == paths.default_case()
    assert ("ada.json", "ada.east-west.json", "ada.topics.json") == (
        paths.answers_file("north-south-2026-03-01", "ada").name, paths.answers_file("east-west", "ada").name,
        paths.exercise_answers_file("north-south-2026-03-01", "ada", "topics").name)


def test_without_a_default_every_case_is_named(tmp_path, monkeypatch):
    """No course.yml: no default case, every answers file carries its case, and loading no case says what to do."""
    root = _course(tmp_path, monkeypatch, None)
    assert (None, "ada.north.json") == (paths.default_case(), paths.answers_file("north", "ada").name)
    with pytest.raises(KitError) as err:
        load_case()
    assert [f"{root / 'data' / 'course.yml'}: default_case: no case named and no default case: name one "
            "(--case ID, load_case(ID)) or create it with a line default_case: ID"] == err.value.problems


def test_a_default_that_names_no_case_points_at_the_setting(tmp_path, monkeypatch):
    """default_case naming a folder that is not there: the line names data/course.yml and the cases there are."""
    root = _course(tmp_path, monkeypatch, "default_case: nope\n")
    (root / "data" / "cases" / "north-south").mkdir()
    with pytest.raises(KitError) as err:
        load_case()
    assert [f"{root / 'data' / 'course.yml'}: default_case: 'nope' is no folder under data/cases/; known cases: "
            "north-south"] == err.value.problems


def test_a_default_that_is_not_an_id_is_one_line(tmp_path, monkeypatch):
    """default_case: [a, list] is refused with the file, the field and what to give."""
    root = _course(tmp_path, monkeypatch, "default_case: [a, b]\n")
    with pytest.raises(KitError) as err:
        paths.default_case()
    assert [f"{root / 'data' / 'course.yml'}: default_case: ['a', 'b'] is not a case ID; give a folder name under "
            "data/cases/"] == err.value.problems
