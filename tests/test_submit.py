"""Hand-in (`kit submit`): atomic, keeps every attempt, never writes into another learner's folder,
refuses a bad answers file with one line — and the hand-in folder grades with `kit grade`."""

import csv
import json
import os
import stat
from datetime import datetime, timezone

import pytest

from kit.answers import submit as handin
from kit.answers.parse import Answers, load_answers, save_answers
from kit.cli import main
from kit.errors import KitError

TAGS = {"K01": {"topic": "bilateral_relations", "claim_type": "assessment", "voice": "both_leaders", "coverage": "both"}}
T1 = datetime(2026, 11, 27, 12, 0, 0, 1, tzinfo=timezone.utc)
T2 = datetime(2026, 11, 27, 12, 5, 0, 2, tzinfo=timezone.utc)


@pytest.fixture
def env(tiny_case, answers_dir, tmp_path, monkeypatch):
    """The tiny case, alice's saved answers, and an empty hand-in root in $READOUT_KIT_HANDIN_DIR."""
    monkeypatch.delenv("JUPYTERHUB_USER", raising=False)
    root = tmp_path / "handin"
    root.mkdir()
    monkeypatch.setenv("READOUT_KIT_HANDIN_DIR", str(root))
    save_answers(Answers("tiny", "alice", dict(TAGS)), answers_dir / "alice.tiny.json")
    return tiny_case, answers_dir, root


def test_hand_in_writes_an_attempt_and_latest(env):
    """The answers file is copied byte for byte to <learner>/<case>/<stamp>.json and <learner>/<case>/latest.json."""
    case, answers, root = env
    done = handin.submit(case, "alice", now=T1)
    source = (answers / "alice.tiny.json").read_bytes()
    assert root / "alice" / "tiny" / "20261127T120000000001Z.json" == done.attempt
    assert source == done.attempt.read_bytes() == (root / "alice" / "tiny" / "latest.json").read_bytes()
    assert 1 == done.attempts
    assert "alice" == load_answers(done.latest, case).learner
    assert stat.S_IMODE(os.stat(done.latest).st_mode) == 0o640  # the instructors' group reads; others nothing
    for folder in (root / "alice", root / "alice" / "tiny"):
        assert stat.S_IMODE(os.stat(folder).st_mode) & 0o027 == 0  # nobody else writes, others cannot look in


def test_earlier_attempts_are_kept(env):
    """A second hand-in adds an attempt; the first stays as it was; latest.json is the second."""
    case, answers, root = env
    first = handin.submit(case, "alice", now=T1)
    first_bytes = first.attempt.read_bytes()
    save_answers(Answers("tiny", "alice", {**TAGS, "K02": {"topic": "visits_and_meetings"}}), answers / "alice.tiny.json")
    second = handin.submit(case, "alice", now=T2)
    assert first_bytes == first.attempt.read_bytes()
    assert 2 == second.attempts
    assert "K02" in json.loads((root / "alice" / "tiny" / "latest.json").read_text())["tags"]
    # the same microsecond twice: a new name, never an overwrite
    third = handin.submit(case, "alice", now=T2)
    assert third.attempt.name == "20261127T120500000002Z-1.json" and second.attempt.exists()
    assert ["20261127T120000000001Z.json", "20261127T120500000002Z-1.json", "20261127T120500000002Z.json",
            "latest.json"] == sorted(p.name for p in (root / "alice" / "tiny").iterdir())  # no temporary files left


def test_atomic_a_crash_leaves_the_previous_hand_in_whole(env, monkeypatch):
    """Written to a hidden temp file and fsynced before it is renamed into place: if the rename fails,
    latest.json is still the previous hand-in and no temporary file is left behind."""
    case, answers, root = env
    handin.submit(case, "alice", now=T1)
    before = (root / "alice" / "tiny" / "latest.json").read_bytes()
    save_answers(Answers("tiny", "alice", {}), answers / "alice.tiny.json")
    synced = []
    real_fsync = os.fsync
    monkeypatch.setattr(os, "fsync", lambda fd: (synced.append(fd), real_fsync(fd)))

    def crash(src, dst):
        assert synced, "renamed before fsync"
        raise OSError(5, "Input/output error")

    monkeypatch.setattr(os, "replace", crash)
    with pytest.raises(KitError, match="cannot write there: Input/output error"):
        handin.submit(case, "alice", now=T2)
    assert before == (root / "alice" / "tiny" / "latest.json").read_bytes()
    assert not [p for p in (root / "alice" / "tiny").iterdir() if p.name.startswith(".")]


def test_refuses_a_folder_that_belongs_to_someone_else(env):
    """A subfolder owned by another Unix user (someone squatting a name) is refused, even for root."""
    if not hasattr(os, "geteuid") or os.geteuid() != 0:
        pytest.skip("needs root to give the folder to another user")
    case, _, root = env
    (root / "alice").mkdir()
    os.chown(root / "alice", 54321, 54321)
    with pytest.raises(KitError) as err:
        handin.submit(case, "alice")
    assert str(err.value) == (f"{root / 'alice'}: belongs to another user; you cannot hand in there — "
                              "ask your instructor (someone may have taken your name)")
    assert [] == list((root / "alice").iterdir())


def test_refuses_a_link_in_place_of_the_folder(env, tmp_path):
    """A symbolic link planted as alice's folder (pointing at bob's) is refused, nothing written."""
    case, _, root = env
    bob = root / "bob"
    bob.mkdir()
    (root / "alice").symlink_to(bob)
    with pytest.raises(KitError, match="is not a plain folder"):
        handin.submit(case, "alice")
    assert [] == list(bob.iterdir())


def test_on_a_hub_only_as_yourself(env, monkeypatch):
    """With $JUPYTERHUB_USER set, --learner naming someone else is refused in one line."""
    case, answers, root = env
    monkeypatch.setenv("JUPYTERHUB_USER", "bob")
    with pytest.raises(KitError, match="you are signed in to this hub as bob; you can hand in only as bob"):
        handin.submit(case, "alice")
    assert [] == list(root.iterdir())


def test_refuses_someone_elses_answers_file(env):
    """Handing in a copy of another learner's file (its learner field) is refused."""
    case, answers, root = env
    (answers / "mallory.tiny.json").write_bytes((answers / "alice.tiny.json").read_bytes())
    with pytest.raises(KitError, match="learner: is 'alice', but you are handing in as 'mallory'"):
        handin.submit(case, "mallory")
    assert [] == list(root.iterdir())


@pytest.mark.parametrize("content, reason", [
    (b"{not json", "not valid JSON"),
    (json.dumps({"format": "readout-kit/answers", "version": 1, "case": "tiny", "learner": "alice",
                 "tags": {"K99": {}}}).encode(), "tags.K99: unknown claim ID"),
])
def test_cli_refuses_a_bad_answers_file_with_one_line(env, capsys, content, reason):
    """`kit submit` on a bad file: exit 1, one line naming the file and the field, no traceback, nothing written."""
    case, answers, root = env
    (answers / "alice.tiny.json").write_bytes(content)
    assert 1 == main(["submit", "--case", "tiny", "--learner", "alice"])
    err = capsys.readouterr().err
    assert 1 == len(err.splitlines()) and reason in err and str(answers / "alice.tiny.json") in err
    assert "Traceback" not in err
    assert [] == list(root.iterdir())


@pytest.mark.parametrize("args, setup, expected", [
    (["--learner", "nobody"], None, "no answers saved yet for nobody"),
    (["--learner", "alice", "--to", "/nonexistent/handin"], None, "hand-in folder does not exist"),
    (["--learner", "alice"], "unset", "no hand-in folder: pass --to FOLDER or set READOUT_KIT_HANDIN_DIR"),
])
def test_cli_other_refusals_are_one_line(env, capsys, monkeypatch, args, setup, expected):
    if setup == "unset":
        monkeypatch.delenv("READOUT_KIT_HANDIN_DIR")
    assert 1 == main(["submit", "--case", "tiny", *args])
    err = capsys.readouterr().err
    assert 1 == len(err.splitlines()) and expected in err


def test_cli_hand_in_then_grade_the_hand_in_folder(env, capsys, tmp_path):
    """Two learners hand in (one twice); `kit grade HANDIN/*/latest.json` grades each learner once."""
    case, answers, root = env
    save_answers(Answers("tiny", "bob", {}), answers / "bob.tiny.json")
    assert 0 == main(["submit", "--case", "tiny", "--learner", "alice"])
    assert 0 == main(["submit", "--case", "tiny", "--learner", "alice"])
    assert 0 == main(["submit", "--case", "tiny", "--learner", "bob"])
    out = capsys.readouterr().out
    assert out.count("handed in ") == 3 and "(attempt 2; latest.json is now this one)" in out
    grades = tmp_path / "grades.csv"
    latest = sorted(str(p) for p in root.glob("*/*/latest.json"))
    assert 0 == main(["grade", "--case", "tiny", *latest, "--out", str(grades)])
    captured = capsys.readouterr()
    assert "duplicate" not in captured.err
    rows = list(csv.DictReader(grades.open()))
    assert ["alice", "bob"] == [r["learner"] for r in rows]
    # The whole folder grades too: every attempt is read, the latest 'updated' wins per learner.
    assert 0 == main(["grade", "--case", "tiny", str(root), "--out", str(grades)])
    assert ["alice", "bob"] == [r["learner"] for r in csv.DictReader(grades.open())]


def test_submit_hands_in_the_file_the_board_saved(seed_case, answers_dir, monkeypatch):
    """One naming rule (kit.paths) for the boards and kit submit: whatever the hub or login name,
    submit looks where the board saved — also for a hub name that cleans to nothing."""
    from kit.widgets import AnswerStore

    for hub_user in ["alice", "a/b c", "...", " Zoë.K "]:
        monkeypatch.setenv("JUPYTERHUB_USER", hub_user)
        store = AnswerStore(seed_case)
        assert store.path == handin.source_path(seed_case, handin.current_learner())
    monkeypatch.delenv("JUPYTERHUB_USER")
    for raw in ["alice", "a/b c", "../etc/passwd", "x" * 80]:
        assert AnswerStore(seed_case, raw).path == handin.source_path(seed_case, handin.current_learner(raw))

def test_submit_hands_in_the_exercise_files_the_boards_saved(tiny_case, answers_dir, monkeypatch):
    """kit submit looks for exercise answers where ExerciseBoard saves them, for the default case and any other."""
    import shutil
    from pathlib import Path

    from kit.widgets import ExerciseBoard

    root = Path(tiny_case.source_path).parent.parent
    shutil.copytree(Path(__file__).resolve().parent.parent / "exercises" / "specs", root / "exercises" / "specs")
    monkeypatch.setenv("JUPYTERHUB_USER", "alice")
    board = ExerciseBoard("topics", case=tiny_case)
    board.dropdowns[next(iter(board.dropdowns))].value = "bilateral_relations"  # a pick saves the file
    assert [("topics", board.path)] == handin.exercise_sources(tiny_case, handin.current_learner())
