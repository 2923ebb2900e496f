"""A draft case (from `kit new-case`, reference unfinished) is usable for reviewing it; a lesson
that needs the reference says in one line what is missing."""

import json
from pathlib import Path

import pytest

from kit.case.load import CaseNotReady, load_case, require_reference
from kit.cli import main

ROOT = Path(__file__).resolve().parent.parent
CASE_ID = "draft-case"


@pytest.fixture
def draft(empty_course):
    """A course holding one case just made by `kit new-case` from the pasted-text fixture."""
    tmp_path = empty_course
    assert 0 == main(["new-case", str(ROOT / "tests" / "fixtures" / "pasted_readouts.txt"), "--id", CASE_ID,
                      "--sides", "northland,southland"])
    return tmp_path / "data" / "cases" / CASE_ID


def test_claims_lists_a_draft_case(draft, capsys):
    """`kit claims` lists a draft's claims (exit 0) and notes on stderr that it is a draft."""
    capsys.readouterr()
    assert 0 == main(["claims", "--case", CASE_ID, "--format", "json"])
    captured = capsys.readouterr()
    assert ["N01", "N02", "N03", "N04", "S01", "S02", "S03"] == [c["id"] for c in json.loads(captured.out)]
    assert captured.err.startswith(f"note: {CASE_ID} is a draft (")


def test_validate_lists_what_is_left(draft, capsys):
    """`kit validate` on a draft prints every thing left, one line each, and a summary; exit 1."""
    capsys.readouterr()
    assert 1 == main(["validate", "--case", CASE_ID])
    captured = capsys.readouterr()
    left = 1 + 1 + 4 * 7  # title; provenance; every tag of 7 claims
    notes = 4  # both leaders' id and name: notes, not errors (a finished older case may keep them)
    assert left + notes == len(captured.err.splitlines())
    assert notes == sum(line.startswith("note: ") for line in captured.err.splitlines())
    assert f"{CASE_ID}: not valid yet — {left} thing(s) left, listed above. Its 7 claims can be reviewed now" in captured.out


def test_commands_that_need_the_reference_still_refuse_a_draft(draft, capsys):
    """`kit reference` needs a finished case: it refuses (exit 1) instead of printing half an answer."""
    assert 1 == main(["reference", "--case", CASE_ID])


def test_the_readout_view_shows_a_draft(draft):
    """The readout view shows both readouts of a draft, every claim marked, with no reference yet."""
    from kit.widgets.readout_view import ReadoutView

    view = ReadoutView(load_case(CASE_ID, strict=False), colour_by="topic")
    for cid in ("N01", "N04", "S03"):
        assert f'data-claim="{cid}"' in view.panes["northland" if cid[0] == "N" else "southland"].value
    assert "nothing tagged yet" in view.legend.value


def test_the_reference_editor_opens_a_draft(draft):
    """The editor opens a fresh draft with a card per claim and says what is left."""
    from kit.widgets import ReferenceEditor

    editor = ReferenceEditor(CASE_ID)
    assert 7 * 4 == len(editor.controls)
    assert f"{1 + 1 + 4 * 7} thing(s) left" in editor.status.value


def test_a_lesson_on_a_draft_gets_one_line(draft):
    """require_reference raises one line: the count, the first thing left, and where to finish it."""
    with pytest.raises(CaseNotReady) as info:
        require_reference(CASE_ID)
    assert 1 == len(info.value.problems)
    line = info.value.problems[0]
    assert line.startswith(f"{draft}: the case is not finished, so this lesson cannot use it yet: 30 thing(s) left, the first: case.yml: title:")
    assert line.endswith(f"`kit validate --case {CASE_ID}` lists them all")
    assert [line] == info.value._render_traceback_()  # what a notebook shows: the line, no traceback


def test_a_finished_case_passes_require_reference():
    """The seed's case is finished: require_reference returns it."""
    assert 26 == len(require_reference().claims)
