"""Instructor mode: a new case's reference is filled in with widgets and saved as reference.yml."""

import shutil
from pathlib import Path

import pytest
import yaml

from kit.case import load_case
from kit.cli import main
from kit.widgets import ReferenceEditor

ROOT = Path(__file__).resolve().parent.parent
CASE_ID = "fictional-editor"


@pytest.fixture
def editor(tmp_path, monkeypatch):
    """A fresh `kit new-case` skeleton, title and date filled in, opened in the editor."""
    (tmp_path / "data").mkdir()
    shutil.copy(ROOT / "data" / "taxonomy.yml", tmp_path / "data" / "taxonomy.yml")
    monkeypatch.setenv("READOUT_KIT_ROOT", str(tmp_path))
    assert 0 == main(["new-case", str(ROOT / "tests" / "fixtures" / "fictional_readouts.md"), "--id", CASE_ID])
    case_yml = tmp_path / "data" / "cases" / CASE_ID / "case.yml"
    meta = yaml.safe_load(case_yml.read_text(encoding="utf-8"))
    meta.update(title="Fictional", date="2026-05-01", provenance="Invented for the tests.")
    for side, leader in zip(meta["sides"], ({"id": "okafor", "name": "Ada Okafor"}, {"id": "amar", "name": "President Amar"})):
        side["leader"] = leader
    case_yml.write_text(yaml.safe_dump(meta), encoding="utf-8")
    return ReferenceEditor(CASE_ID)


def fill(editor, claim_id, dim, value, why="Because the text says so."):
    dd, _, rationale = editor.controls[(claim_id, dim)]
    dd.value = value
    rationale.value = why


def test_a_fresh_case_opens_empty_and_says_what_is_left(editor):
    """Every decision starts empty; the status counts what validate still asks for."""
    assert all("" == dd.value for dd, _, _ in editor.controls.values())
    assert "28 thing(s) left" in editor.status.value  # 7 claims × 4 dimensions


def test_every_change_is_saved_to_reference_yml(editor):
    """Choosing a value, an alternative and a reason writes them to the file at once."""
    fill(editor, "N01", "topic", "economy_energy", "Tariffs are trade.")
    editor.controls[("N01", "topic")][1].value = ["bilateral_relations"]
    saved = yaml.safe_load(editor.path.read_text(encoding="utf-8"))
    assert {"value": "economy_energy", "alternatives": ["bilateral_relations"], "rationale": "Tariffs are trade."} == saved["tags"]["N01"]["topic"]
    assert "27 thing(s) left" in editor.status.value


def test_filled_in_reference_validates(editor, capsys):
    """Fill every decision and the one link through the widgets: the case validates and loads."""
    for (claim_id, dim) in editor.controls:
        value = {"topic": "economy_energy", "claim_type": "event", "voice": "narrator"}.get(dim)
        if dim == "coverage":
            value = "both" if claim_id in ("N01", "S01") else f"{'northland' if claim_id[0] == 'N' else 'southland'}_only"
        fill(editor, claim_id, dim, value)
    editor.new_a.value, editor.new_b.value = "N01", "S01"
    editor.add_button.click()
    row = editor.link_rows[0]
    row["match"].value = "reframed"
    row["rationale"].value = "An agreed cut against a welcomed cut."
    assert "The case is valid" in editor.status.value
    assert 0 == main(["validate", "--case", CASE_ID])
    case = load_case(CASE_ID)
    assert [("N01", "S01", "reframed")] == list(zip(case.links["a"], case.links["b"], case.links["match"]))


def test_reopening_resumes_from_the_file(editor):
    """A new editor on the same case shows what was saved."""
    fill(editor, "S02", "voice", "amar", "He is President Amar.")
    again = ReferenceEditor(CASE_ID)
    dd, _, why = again.controls[("S02", "voice")]
    assert ("amar", "He is President Amar.") == (dd.value, why.value)


def test_removing_a_link_saves(editor):
    """Remove takes the link out of the file."""
    editor.add_button.click()
    editor.link_rows[0]["remove"].click()
    assert [] == yaml.safe_load(editor.path.read_text(encoding="utf-8"))["links"]


def test_seed_reference_round_trips(tmp_path, monkeypatch):
    """Opening the seed's reference and saving it unchanged keeps it valid with the same decisions."""
    shutil.copytree(ROOT / "data", tmp_path / "data")
    shutil.copytree(ROOT / "seeds", tmp_path / "seeds")
    monkeypatch.setenv("READOUT_KIT_ROOT", str(tmp_path))
    before = load_case()
    editor = ReferenceEditor(before.id)
    editor._save()
    after = load_case()
    assert before.reference.equals(after.reference)
    assert before.links.equals(after.links)
    assert before.notes == after.notes
