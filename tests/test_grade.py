"""Grading a class: files and folders, bad files skipped and named, duplicates, CSV shapes, and the CLI."""

import csv
import io
import json

from kit.answers.parse import Answers, Link
from kit.cli import main
from kit.judge.grading import grade_paths, grades_csv
from kit.judge.synthetic import write_class

TAGS = {"K01": {"topic": "bilateral_relations", "claim_type": "assessment", "voice": "both_leaders", "coverage": "both"}}


def hand_in(folder, learner, tags=TAGS, links=(), updated="2026-11-27T12:00:00Z", name=None):
    answers = Answers("tiny", learner, tags, list(links), updated)
    return write_class([answers], folder)[0] if name is None else _write(folder / name, answers)


def _write(path, answers):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(answers.to_dict()))
    return path


def rows(text):
    return list(csv.reader(io.StringIO(text)))


def test_batch_with_corrupt_files(tiny_case, tmp_path):
    """Corrupt and invalid files are named with their reason and skipped; every good file is graded."""
    hand_in(tmp_path, "alice")
    hand_in(tmp_path, "bob", tags={})
    (tmp_path / "broken.json").write_text("{not json")
    (tmp_path / "wrong.json").write_text(json.dumps({**Answers("tiny", "eve").to_dict(), "tags": {"K09": {}}}))
    batch = grade_paths(tiny_case, [tmp_path])
    assert ["alice", "bob"] == [g.score.learner for g in batch.graded]
    expected = [(f"{tmp_path / 'broken.json'}: ", "not valid JSON"), (f"{tmp_path / 'wrong.json'}: tags.K09: ", "unknown claim ID")]
    assert expected == [(line[:len(prefix)], reason if reason in line else line) for line, (prefix, reason) in zip(batch.failed, expected)]


def test_hidden_files_and_missing_paths(tiny_case, tmp_path):
    """Hidden files (editors' temporaries, checkpoints) are skipped; a missing path is reported, not fatal."""
    hand_in(tmp_path / "class", "alice")
    hand_in(tmp_path / "class" / ".ipynb_checkpoints", "alice-old")
    (tmp_path / "class" / ".alice.json.123.tmp.json").write_text("{")
    batch = grade_paths(tiny_case, [tmp_path / "class", tmp_path / "nope"])
    assert (["alice"], [f"{tmp_path / 'nope'}: no such file or folder; check the path"]) == (
        [g.score.learner for g in batch.graded], batch.failed)


def test_hand_in_folder_grades_latest_only(tiny_case, tmp_path):
    """In a `kit submit` hand-in folder, only each learner's latest.json is graded, not the earlier attempts."""
    hand_in(tmp_path / "alice", "alice", tags={}, name="20261127T100000Z.json")
    latest = hand_in(tmp_path / "alice", "alice", name="latest.json")
    batch = grade_paths(tiny_case, [tmp_path])
    assert ([latest], []) == ([g.path for g in batch.graded], batch.duplicates)


def test_duplicate_learners_reported_latest_kept(tiny_case, tmp_path):
    """Two files from one learner: the later 'updated' is graded, the other reported as a duplicate."""
    old = hand_in(tmp_path, "alice", tags={}, updated="2026-11-27T10:00:00Z", name="a-first.json")
    new = hand_in(tmp_path, "alice", updated="2026-11-27T11:00:00Z", name="b-second.json")
    batch = grade_paths(tiny_case, [tmp_path])
    assert ([new], [("alice", new, (old,))]) == ([g.path for g in batch.graded],
                                                 [(d.learner, d.kept, d.dropped) for d in batch.duplicates])


def test_default_csv_shape(tiny_case, tmp_path):
    """The default CSV has one row per learner: score, each dimension's accuracy, links F1 and match-type
    accuracy, hand-in time and lateness (empty outside a hand-in folder), source file."""
    path = hand_in(tmp_path, "alice", links=[Link("K01", "C01", "attribution_shifted")])
    table = rows(grades_csv(tiny_case, grade_paths(tiny_case, [tmp_path])))
    assert [["learner", "score", "topic_accuracy", "claim_type_accuracy", "voice_accuracy", "coverage_accuracy", "links_f1",
             "links_match_accuracy", "handed_in", "late", "file"],
            ["alice", "0.4000", "0.2500", "0.2500", "0.2500", "0.2500", "1.0000", "1.0000", "", "", str(path)]] == table


def test_canvas_csv_shape(tiny_case, tmp_path):
    """Canvas: Student, ID, SIS User ID, SIS Login ID, Section, the assignment; a Points Possible row; points of 100."""
    hand_in(tmp_path, "alice")
    table = rows(grades_csv(tiny_case, grade_paths(tiny_case, [tmp_path]), "canvas"))
    assert [["Student", "ID", "SIS User ID", "SIS Login ID", "Section", "Readout Kit: tiny"],
            ["    Points Possible", "", "", "", "", "100"],
            ["alice", "", "", "alice", "", "20.00"]] == table


def test_moodle_csv_shape(tiny_case, tmp_path):
    """Moodle: a Username column to map users by, and a grade column out of 100."""
    hand_in(tmp_path, "alice")
    assert [["Username", "Readout Kit: tiny"], ["alice", "20.00"]] == rows(grades_csv(tiny_case, grade_paths(tiny_case, [tmp_path]), "moodle"))


def test_csv_defuses_formulas(tiny_case, tmp_path):
    """A learner name that a spreadsheet would run as a formula is written with a leading quote."""
    hand_in(tmp_path, "=HYPERLINK(1)", name="x.json")
    assert "'=HYPERLINK(1)" == rows(grades_csv(tiny_case, grade_paths(tiny_case, [tmp_path]), "moodle"))[1][0]


def test_cli_grade_exit_codes(tiny_case, tmp_path, capsys):
    """`kit grade` writes the CSV for the good files, names each bad one on stderr, and exits 1."""
    hand_in(tmp_path / "in", "alice")
    (tmp_path / "in" / "broken.json").write_text("[")
    out = tmp_path / "grades.csv"
    assert 1 == main(["grade", str(tmp_path / "in"), "--case", "tiny", "--out", str(out), "--lms", "canvas"])
    err = capsys.readouterr().err
    assert (3, 1) == (len(rows(out.read_text())), err.count("broken.json"))
    assert "Traceback" not in err
    (tmp_path / "in" / "broken.json").unlink()
    assert 0 == main(["grade", str(tmp_path / "in"), "--case", "tiny", "--out", str(out)])


def test_cli_check_report_and_json(tiny_case, tmp_path, capsys):
    """`kit check` prints overall, dimensions and each wrong tag with its reason; --json prints the contract."""
    path = hand_in(tmp_path, "alice", tags={"K01": {**TAGS["K01"], "voice": "xi"}})
    assert 0 == main(["check", str(path), "--case", "tiny"])
    out = capsys.readouterr().out
    assert "K01 voice: you said xi; expected both_leaders" in out
    assert "      why: The leaders." in out
    assert 0 == main(["check", str(path), "--case", "tiny", "--json"])
    data = json.loads(capsys.readouterr().out)
    assert ("alice", 16) == (data["learner"], len(data["claims"]))


def test_cli_check_bad_file_one_line(tiny_case, tmp_path, capsys):
    """`kit check` on a bad file prints one error line naming file, field and fix, and exits 1."""
    path = tmp_path / "alice.json"
    path.write_text(json.dumps({**Answers("tiny", "alice").to_dict(), "version": 3}))
    assert 1 == main(["check", str(path), "--case", "tiny"])
    assert [f"error: {path}: version: is 3; this kit reads version 1"] == capsys.readouterr().err.splitlines()


def test_a_hand_in_claiming_another_learner_is_refused(seed_case, tmp_path, capsys):
    """HANDIN/alice/latest.json saying learner "bob" cannot replace Bob's grade: refused, named."""
    from kit.answers.reference_answers import reference_answers

    for folder, learner in (("alice", "bob"), ("bob", "bob")):
        data = reference_answers(seed_case) | {"learner": learner, "updated": "9999-12-31T00:00:00Z" if folder == "alice" else None}
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "latest.json").write_text(json.dumps(data), encoding="utf-8")
    assert 1 == main(["grade", str(tmp_path / "alice" / "latest.json"), str(tmp_path / "bob" / "latest.json"),
                      "--out", str(tmp_path / "g.csv")])
    err = capsys.readouterr().err
    assert "alice/latest.json: learner: is 'bob' but this is 'alice''s hand-in folder" in err
    rows = (tmp_path / "g.csv").read_text(encoding="utf-8").splitlines()
    assert 2 == len(rows) and str(tmp_path / "bob" / "latest.json") in rows[1]


def test_the_folder_walk_finds_what_rglob_found(tmp_path):
    """The grader's walk gives the same files as rglob + is_file with hidden parts dropped: nested
    folders, links to files kept, links to folders not followed, hidden files and folders skipped."""
    from kit.judge.grading import _json_files

    root = tmp_path / "class"
    for name in ["a.json", "b/c.json", "b/d/e.json", "b/.f.json", ".g/h.json", "b/x.txt", "i-j/k.json", "i/j.json"]:
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text("{}", encoding="utf-8")
    (root / "link.json").symlink_to(root / "a.json")
    (root / "linked-folder").symlink_to(root / "b", target_is_directory=True)
    (root / "folder.json").mkdir()
    rglob = sorted(p for p in root.rglob("*.json") if p.is_file()
                   and not any(part.startswith(".") for part in p.parts[len(root.parts):]))
    assert (rglob, 6) == (_json_files(root), len(rglob))


def test_grading_knows_the_exercise_file_by_the_same_rule():
    """Grading's copies of the exercise answers file's format and size limit are the module's own."""
    from kit.answers import exercise_answers
    from kit.judge import grading

    assert (exercise_answers.FORMAT, exercise_answers.MAX_BYTES) == (grading.EXERCISE_FORMAT, grading.EXERCISE_MAX_BYTES)
