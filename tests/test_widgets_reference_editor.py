"""Instructor mode: a new case's reference is filled in with widgets and saved as reference.yml."""

import shutil
from pathlib import Path

import pytest
import yaml

from kit.case.load import load_case
from kit.cli import main
from kit.widgets import ReferenceEditor

ROOT = Path(__file__).resolve().parent.parent
CASE_ID = "fictional-editor"


@pytest.fixture
def editor(empty_course):
    """A fresh `kit new-case` skeleton, title and date filled in, opened in the editor."""
    tmp_path = empty_course
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


# -- proposals (issue 12 item 9) -------------------------------------------------------------------

def test_proposals_are_not_written_until_accepted(editor):
    """Propose shows suggestions; the file is unchanged until one is accepted."""
    before = editor.path.read_bytes()
    editor.propose_button.click()
    assert editor.link_proposals and editor.tag_proposals
    assert before == editor.path.read_bytes()
    assert all("" == dd.value for dd, _, _ in editor.controls.values())


def test_accepting_a_voice_sets_and_saves_it(editor):
    """Accept on a voice proposal sets the dropdown and saves the value (the rationale stays the instructor's)."""
    editor.propose_button.click()
    row = editor.proposal_rows["S01"].children[0]
    assert "rk-prop-S01-voice" in row._dom_classes
    accept = row.children[0]
    accept.click()
    saved = yaml.safe_load(editor.path.read_text(encoding="utf-8"))
    assert {"value": "amar", "rationale": None} == saved["tags"]["S01"]["voice"]
    assert not any("rk-prop-S01-voice" in r._dom_classes for r in editor.proposal_rows["S01"].children)


def test_rejecting_a_link_proposal_writes_nothing_and_changes_coverage(editor):
    """Reject removes a link proposal without touching the file; coverage proposals follow the remaining links."""
    editor.propose_button.click()
    assert [("N01", "S01"), ("N04", "S03")] == [(p.a, p.b) for p in editor.link_proposals]
    assert "both" == editor.tag_proposals[("N04", "coverage")].value
    before = editor.path.read_bytes()
    row = next(r for r in editor.link_proposals_box.children if "rk-prop-link-N04-S03" in r._dom_classes)
    row.children[1].click()
    assert before == editor.path.read_bytes()
    assert ("northland_only", "southland_only") == (editor.tag_proposals[("N04", "coverage")].value,
                                                    editor.tag_proposals[("S03", "coverage")].value)
    assert ["rk-prop-link-N01-S01"] == [c for r in editor.link_proposals_box.children[1:] for c in r._dom_classes]


def test_accepting_a_link_proposal_draws_the_link(editor):
    """Accept on a link proposal adds the link row and saves it; the proposal disappears."""
    editor.propose_button.click()
    link = editor.link_proposals[0]
    row = next(r for r in editor.link_proposals_box.children if f"rk-prop-link-{link.a}-{link.b}" in r._dom_classes)
    row.children[0].click()
    saved = yaml.safe_load(editor.path.read_text(encoding="utf-8"))
    assert [(link.a, link.b)] == [(x["a"], x["b"]) for x in saved["links"]]
    assert not any(f"rk-prop-link-{link.a}-{link.b}" in r._dom_classes for r in editor.link_proposals_box.children)


def accessible_names(widget):
    """Every input control under ``widget`` with the name a screen reader hears: its description
    (hidden text included, tags stripped) for inputs, its text for buttons."""
    import re

    import ipywidgets as w

    found = []
    stack = [widget]
    while stack:
        node = stack.pop()
        stack.extend(getattr(node, "children", ()))
        if isinstance(node, (w.Dropdown, w.TagsInput, w.Textarea, w.Checkbox, w.Button)):
            found.append(" ".join(re.sub(r"<[^>]+>", "", node.description).split()))
    return found


def test_every_control_has_a_unique_accessible_name(editor):
    """Each dropdown, tag input, text box, checkbox and button is named for its claim (or link) and
    purpose ("K01 Topic", "K01 Topic why", "Remove K01–C01", "Accept K01 voice"), never the bare
    dimension twenty times over."""
    first = editor.case.claims.index[0]
    editor.new_a.value, editor.new_b.value = first, editor.case.claims.index[-1]
    editor.add_button.click()
    editor.propose()
    names = accessible_names(editor)
    assert all(names), "a control without a name"
    assert sorted(set(names)) == sorted(names), [n for n in names if names.count(n) > 1][:5]
    title = editor.case.taxonomy.dimensions["topic"].title
    assert {f"{first} {title}", f"{first} {title} also accept", f"{first} {title} why"} <= set(names)
    assert f"Remove {first}–{editor.case.claims.index[-1]}" in names
    assert any(n.startswith("Accept ") for n in names)
