"""Hand-ins per case, deadlines, the roster and the case taken from the files (issue 14 items 1–3,
issue 12 item 7): `kit submit` then `kit grade` / `kit class` / `kit check` as an instructor runs them."""

import csv
import json
import shutil
from datetime import datetime, timezone
from pathlib import Path

import pytest

from kit.answers import submit as handin
from kit.answers.parse import Answers, save_answers
from kit import paths
from kit.cli import main
from kit.case.exercises import load_exercise
from kit.answers.exercise_answers import save_exercise_answers

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "handin-layout-2026-11"
FULL = {"topic": "bilateral_relations", "claim_type": "assessment", "voice": "both_leaders", "coverage": "both"}
T1 = datetime(2026, 12, 1, 12, 0, tzinfo=timezone.utc)
T2 = datetime(2026, 12, 2, 9, 0, tzinfo=timezone.utc)  # after the deadline below
DUE = "2026-12-01T23:59"


@pytest.fixture
def course(tiny_case, answers_dir, tmp_path, monkeypatch):
    """The tiny course with a second case (tiny-b, the same claims), its exercise specs, and an empty
    hand-in root in $READOUT_KIT_HANDIN_DIR."""
    from kit.case.load import load_case

    monkeypatch.delenv("JUPYTERHUB_USER", raising=False)
    root = Path(tiny_case.source_path).parent.parent
    repo = Path(__file__).resolve().parent.parent
    shutil.copytree(repo / "exercises" / "specs", root / "exercises" / "specs")
    second = root / "data" / "cases" / "tiny-b"
    shutil.copytree(root / "data" / "cases" / "tiny", second)
    for name in ("case.yml", "reference.yml"):
        text = (second / name).read_text(encoding="utf-8")
        (second / name).write_text(text.replace("id: tiny\n", "id: tiny-b\n").replace("case: tiny\n", "case: tiny-b\n"), encoding="utf-8")
    handins = tmp_path / "handin"
    handins.mkdir()
    monkeypatch.setenv("READOUT_KIT_HANDIN_DIR", str(handins))
    return tiny_case, load_case("tiny-b"), answers_dir, handins


def save(answers_dir, case_id, learner, tags, links=()):
    return save_answers(Answers(case_id, learner, tags, list(links)), paths.answers_file(case_id, learner, answers_dir))


def grade_rows(args, capsys, out):
    code = main(["grade", *map(str, args), "--out", str(out)])
    captured = capsys.readouterr()
    rows = list(csv.DictReader(out.open(encoding="utf-8"))) if out.exists() else []
    return code, rows, captured.err


def test_two_cases_handed_in_both_stay_gradable(course, tmp_path, capsys):
    """Handing in a second case never replaces the first: each lands in HANDIN/<learner>/<case>/ and
    each grades with its --case; grading the whole root with no --case is refused in one line."""
    tiny, tiny_b, answers, root = course
    save(answers, "tiny", "alice", {"K01": FULL})
    save(answers, "tiny-b", "alice", {})
    handin.submit(tiny, "alice", now=T1)
    handin.submit(tiny_b, "alice", now=T1)
    assert ["alice/tiny-b/20261201T120000000000Z.json", "alice/tiny-b/latest.json",
            "alice/tiny/20261201T120000000000Z.json", "alice/tiny/latest.json"] == sorted(
        str(p.relative_to(root)) for p in root.rglob("*.json"))
    out = tmp_path / "g.csv"
    code, rows, err = grade_rows([root, "--case", "tiny"], capsys, out)
    assert (0, [("alice", "0.2000")]) == (code, [(r["learner"], r["score"]) for r in rows])
    assert "note: skipped 1 file(s) of case tiny-b (not tiny); grade them with --case tiny-b" in err
    code, rows, _ = grade_rows([root, "--case", "tiny-b"], capsys, out)
    assert (0, [("alice", "0.0000")]) == (code, [(r["learner"], r["score"]) for r in rows])
    out.unlink()
    code, rows, err = grade_rows([root], capsys, out)
    assert (1, False) == (code, out.exists())
    assert ["error: the files hold answers of 2 cases (tiny: 1 file(s), tiny-b: 1 file(s)); grade one case at a "
            "time: add --case tiny (or another of them)"] == err.splitlines()


def test_the_case_comes_with_the_files(course, tmp_path, capsys):
    """No --case: grade, class and check take the case the files name (not the default case)."""
    tiny, _, answers, root = course
    path = save(answers, "tiny", "alice", {"K01": FULL})
    handin.submit(tiny, "alice", now=T1)
    code, rows, _ = grade_rows([root / "alice" / "tiny" / "latest.json"], capsys, tmp_path / "g.csv")
    assert (0, ["alice"]) == (code, [r["learner"] for r in rows])
    assert 0 == main(["class", str(root), "--out", str(tmp_path / "r.html")])
    assert "class report for 1 learner(s) of tiny" in capsys.readouterr().out
    assert 0 == main(["check", str(path)])
    assert capsys.readouterr().out.startswith("alice — tiny: overall score 20%")


def test_a_file_naming_an_unknown_case_is_one_line(course, tmp_path, capsys):
    """A file naming a case this course does not have (or a path) is refused in one line, no traceback."""
    bad = tmp_path / "x.json"
    bad.write_text(json.dumps({**Answers("tiny", "eve").to_dict(), "case": "../../etc"}))
    assert 1 == main(["check", str(bad)])
    assert [f"error: {bad}: case: '../../etc' is not a case of this course (data/cases/); pass --case ID to use another"] \
        == capsys.readouterr().err.splitlines()


def test_exercise_answers_are_handed_in_and_graded(course, tmp_path, capsys):
    """kit submit hands in the learner's exercise answers with the tagging answers (same attempt);
    kit grade and the class report's per-learner table put each exercise's score in a column;
    kit check reads an exercise answers file."""
    tiny, _, answers, root = course
    save(answers, "tiny", "alice", {"K01": FULL})
    topics = load_exercise("topics", tiny)
    ex_file = save_exercise_answers(topics, "alice", {"K01": "bilateral_relations", "K02": "economy_energy"},
                                    answers / "exercises" / "alice.tiny.topics.json")
    done = handin.submit(tiny, "alice", now=T1)
    assert [("topics", root / "alice" / "tiny" / "20261201T120000000000Z.topics.json")] == list(done.exercises)
    assert ex_file.read_bytes() == (root / "alice" / "tiny" / "latest.topics.json").read_bytes()
    code, rows, _ = grade_rows([root], capsys, tmp_path / "g.csv")
    assert (0, "0.2500") == (code, rows[0]["exercise_topics"])  # 1 of the 4 claims right
    assert 0 == main(["class", str(root), "--out", str(tmp_path / "r.html")])
    page = (tmp_path / "r.html").read_text(encoding="utf-8")
    assert "<th scope=\"col\">exercise topics</th>" in page and "<td>25%</td><td>" in page
    capsys.readouterr()
    assert 0 == main(["check", str(ex_file)])
    out = capsys.readouterr().out
    assert out.startswith("alice — exercise topics (tiny): 1 of 4 right")
    assert "K02 · Topic: wrong (you said economy_energy; accepted: visits_and_meetings)" in out


def test_deadline_grades_the_last_on_time_attempt(course, tmp_path, capsys):
    """--due: the attempt after the deadline is left out and said so; --late latest grades it, flagged."""
    tiny, _, answers, root = course
    save(answers, "tiny", "alice", {})
    handin.submit(tiny, "alice", now=T1)
    save(answers, "tiny", "alice", {"K01": FULL})
    handin.submit(tiny, "alice", now=T2)
    save(answers, "tiny", "bob", {"K01": FULL})
    handin.submit(tiny, "bob", now=T2)
    out = tmp_path / "g.csv"
    _, rows, _ = grade_rows([root, "--due", DUE], capsys, out)
    assert [("alice", "0.0000", "2026-12-01T12:00:00Z", "no (1 later attempt(s) not graded)"),
            ("bob", "0.2000", "2026-12-02T09:00:00Z", "yes")] == [
        (r["learner"], r["score"], r["handed_in"], r["late"]) for r in rows]
    _, rows, _ = grade_rows([root, "--due", DUE, "--late", "latest"], capsys, out)
    assert [("alice", "0.2000", "yes"), ("bob", "0.2000", "yes")] == [(r["learner"], r["score"], r["late"]) for r in rows]
    _, rows, _ = grade_rows([root], capsys, out)  # no deadline: the latest, nothing said about lateness
    assert [("alice", "0.2000", ""), ("bob", "0.2000", "")] == [(r["learner"], r["score"], r["late"]) for r in rows]


def test_the_earlier_hand_in_layout_still_grades(seed_case, tmp_path, capsys):
    """A kept hand-in folder of the layout before cases (HANDIN/<learner>/latest.json) grades, with
    no --case, and its attempts answer --due."""
    out = tmp_path / "g.csv"
    code, rows, _ = grade_rows([FIXTURE], capsys, out)
    assert 0 == code
    assert [("alice", str(FIXTURE / "alice" / "latest.json")), ("bob", str(FIXTURE / "bob" / "latest.json"))] == [
        (r["learner"], r["file"]) for r in rows]
    code, rows, _ = grade_rows([FIXTURE, "--due", "2026-11-27T12:02"], capsys, out)
    assert [("alice", "20261127T120000123456Z.json", "no (1 later attempt(s) not graded)"),
            ("bob", "20261127T121000000001Z.json", "yes")] == [(r["learner"], Path(r["file"]).name, r["late"]) for r in rows]
    on_time = rows[0]["score"]
    _, rows, _ = grade_rows([FIXTURE / "alice" / "20261127T120000123456Z.json"], capsys, out)  # that attempt, named
    assert on_time == rows[0]["score"]


ROSTER = """learner,name,lms_id,sis_user_id,sis_login_id,email,username
alice@uni.edu,Alice Smith,101,S-001,alice@uni.edu,alice@uni.edu,asmith
carol,Carol Jones,103,S-003,carol,carol@uni.edu,cjones
"""


def test_roster_gives_the_lms_its_own_identities(course, tmp_path, capsys, monkeypatch):
    """--roster: Canvas and Moodle files carry the roster's identities as written (alice@uni.edu, not
    the file-safe alice_uni.edu); a learner not on the roster and a roster entry with no hand-in are
    named one line each and left out of the LMS file."""
    tiny, _, answers, root = course
    for hub_name in ("alice@uni.edu", "mallory"):
        monkeypatch.setenv("JUPYTERHUB_USER", hub_name)
        learner = handin.current_learner()
        save(answers, "tiny", learner, {"K01": FULL})
        handin.submit(tiny, now=T1)
    assert ["alice_uni.edu", "mallory"] == sorted(p.name for p in root.iterdir())
    roster = tmp_path / "roster.csv"
    roster.write_text(ROSTER, encoding="utf-8")
    canvas, moodle = tmp_path / "canvas.csv", tmp_path / "moodle.csv"
    assert 0 == main(["grade", str(root), "--roster", str(roster), "--lms", "canvas", "--out", str(canvas)])
    err = capsys.readouterr().err.splitlines()
    assert [f"note: mallory: handed in but not on the roster ({roster}); left out of the LMS file",
            "note: carol (roster row 3): no hand-in graded; left out of the LMS file"] == err
    assert [["Student", "ID", "SIS User ID", "SIS Login ID", "Section", "Readout Kit: tiny"],
            ["    Points Possible", "", "", "", "", "100"],
            ["Alice Smith", "101", "S-001", "alice@uni.edu", "", "20.00"]] == list(csv.reader(canvas.open()))
    assert 0 == main(["grade", str(root), "--roster", str(roster), "--lms", "moodle", "--out", str(moodle)])
    assert [["Username", "Email address", "ID number", "User ID", "Readout Kit: tiny"],
            ["asmith", "alice@uni.edu", "S-001", "101", "20.00"]] == list(csv.reader(moodle.open()))
    capsys.readouterr()
    plain = tmp_path / "g.csv"
    assert 0 == main(["grade", str(root), "--roster", str(roster), "--out", str(plain)])
    assert [f"note: mallory: handed in but not on the roster ({roster}); no LMS identity in the gradebook",
            "note: carol (roster row 3): no hand-in graded"] == capsys.readouterr().err.splitlines()
    rows = list(csv.DictReader(plain.open()))
    assert [("alice_uni.edu", "asmith"), ("mallory", "")] == [(r["learner"], r["username"]) for r in rows]


@pytest.mark.parametrize("text, line", [
    ("name,email\nA,a@x\n", "roster.csv: learner: no such column"),
    ("learner,name\nalice,A\n", "roster.csv: no identity column; add one of: lms_id"),
    ("learner,email\nalice,a@x\nalice,b@x\n", "roster.csv: row 3.learner: 'alice' is also on row 2"),
])
def test_a_bad_roster_is_one_line(course, tmp_path, capsys, text, line):
    """A roster without a learner column, without any identity, or naming a learner twice: one line, exit 1."""
    roster = tmp_path / "roster.csv"
    roster.write_text(text, encoding="utf-8")
    assert 1 == main(["grade", str(tmp_path), "--case", "tiny", "--roster", str(roster), "--out", str(tmp_path / "g.csv")])
    err = capsys.readouterr().err.splitlines()
    assert 1 == len(err) and line in err[0]


def test_feedback_page_per_learner(course, tmp_path, capsys):
    """kit feedback writes OUT/<learner>/feedback-<case>.html: the score, each wrong tag with the expected
    value (human label) and the reason, the missed link, the exercise results; learner text escaped, no script."""
    tiny, _, answers, root = course
    save(answers, "tiny", "alice", {"K01": {**FULL, "voice": "putin"}})
    topics = load_exercise("topics", tiny)
    save_exercise_answers(topics, "alice", {"K02": "economy_energy"}, answers / "exercises" / "alice.tiny.topics.json")
    handin.submit(tiny, "alice", now=T1)
    evil = "<script>alert(1)</script>"
    (tmp_path / "evil.json").write_text(json.dumps(Answers("tiny", evil, {"K01": FULL}).to_dict()))
    out = tmp_path / "feedback"
    assert 0 == main(["feedback", str(root), str(tmp_path / "evil.json"), "--out", str(out)])
    assert "feedback for 2 learner(s) of tiny" in capsys.readouterr().out
    page = (out / "alice" / "feedback-tiny.html").read_text(encoding="utf-8")
    for expected in ("Score: 15%", "✗ putin", "both leaders", "The leaders.",
                     "missed: the reference links them as attribution shifted", "Both leaders against Xi alone.",
                     "0 of 4", "you said economy_energy", "handed in 2026-12-01 12:00 UTC"):
        assert expected in page, expected
    assert "<script" not in page and "http" not in page.replace("http-equiv", "")
    escaped = next(p for p in out.iterdir() if p.name != "alice") / "feedback-tiny.html"
    text = escaped.read_text(encoding="utf-8")
    assert evil not in text and "&lt;script&gt;alert(1)&lt;/script&gt;" in text


def test_brief_takes_the_case_from_the_answers_file(course, tmp_path, capsys):
    """kit brief --answers FILE with no --case builds the brief of the file's case."""
    _, _, answers, _ = course
    path = save(answers, "tiny-b", "alice", {"K01": FULL})
    out = tmp_path / "brief.md"
    assert 0 == main(["brief", "--answers", str(path), "--out", str(out)])
    assert "brief from the answers of 'alice'" in capsys.readouterr().out
    assert "A tiny case" in out.read_text(encoding="utf-8")


def test_any_roster_text_is_read_or_refused_in_one_line(tmp_path):
    """Whatever bytes a roster file holds, load_roster returns a roster or raises one line naming the file."""
    from hypothesis import HealthCheck, given, settings, strategies as st

    from kit.errors import KitError
    from kit.judge.roster import load_roster

    path = tmp_path / "roster.csv"

    @settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(st.one_of(st.binary(max_size=300),
                     st.text(alphabet='learnr,emaildus_ "\n\x00é@', max_size=200).map(str.encode)))
    def check(raw):
        path.write_bytes(raw)
        try:
            roster = load_roster(path)
        except KitError as err:
            assert 1 == len(err.problems) and str(path) in err.problems[0] and "\n" not in err.problems[0]
        else:
            assert all(e.learner and e.learner == e.learner.strip() for e in roster.entries)

    check()


def test_due_takes_an_offset_and_refuses_junk(course, tmp_path, capsys):
    """--due with an offset is converted to UTC (12:30+01:00 is 11:30 UTC); a date that is not one is a usage error."""
    tiny, _, answers, root = course
    save(answers, "tiny", "alice", {})
    handin.submit(tiny, "alice", now=datetime(2026, 12, 1, 11, 45, tzinfo=timezone.utc))
    _, rows, _ = grade_rows([root, "--due", "2026-12-01T12:30+01:00"], capsys, tmp_path / "g.csv")
    assert "yes" == rows[0]["late"]
    _, rows, _ = grade_rows([root, "--due", "2026-12-01T12:30"], capsys, tmp_path / "g.csv")
    assert "no" == rows[0]["late"]
    with pytest.raises(SystemExit) as exit_:
        main(["grade", str(root), "--due", "next friday", "--out", str(tmp_path / "g.csv")])
    assert 2 == exit_.value.code
    assert "'next friday': give the deadline as 2026-12-01T23:59 (UTC)" in capsys.readouterr().err


def test_a_link_planted_in_a_hand_in_folder_is_not_followed(course, tmp_path, capsys):
    """latest.json as a symbolic link to another learner's hand-in is passed over: the grade is the
    learner's own last attempt, and nothing of the other file is read."""
    tiny, _, answers, root = course
    save(answers, "tiny", "bob", {"K01": FULL})
    handin.submit(tiny, "bob", now=T1)
    save(answers, "tiny", "alice", {})
    handin.submit(tiny, "alice", now=T1)
    mine = root / "alice" / "tiny"
    (mine / "latest.json").unlink()
    (mine / "latest.json").symlink_to(root / "bob" / "tiny" / "latest.json")
    (mine / "20991231T000000000000Z.json").symlink_to(root / "bob" / "tiny" / "latest.json")
    _, rows, err = grade_rows([root], capsys, tmp_path / "g.csv")
    assert [("alice", "0.0000", "20261201T120000000000Z.json"), ("bob", "0.2000", "latest.json")] == [
        (r["learner"], r["score"], Path(r["file"]).name) for r in rows]


@pytest.mark.parametrize("command, out_name", [("grade", "grades.csv"), ("class", "report.html"), ("feedback", "feedback")])
def test_a_mistyped_path_leaves_earlier_outputs_untouched(course, tmp_path, capsys, command, out_name):
    """When nothing is graded (a mistyped hand-in path), grade, class and feedback write nothing, exit 1
    and say in one line that nothing was graded and which paths were given."""
    out = tmp_path / out_name
    if command == "feedback":
        (out / "alice").mkdir(parents=True)
        earlier = out / "alice" / "feedback-tiny.html"
    else:
        earlier = out
    earlier.write_text("an earlier output\n", encoding="utf-8")
    before = sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*"))
    missing = tmp_path / "handn"
    assert 1 == main([command, str(missing), "--case", "tiny", "--out", str(out)])
    err = capsys.readouterr().err
    assert "an earlier output\n" == earlier.read_text(encoding="utf-8")
    assert before == sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*"))
    assert f"nothing was graded from {missing}" in err
    assert "every other file was graded" not in err


def test_feedback_names_its_folder_once(course, tmp_path, capsys):
    """kit feedback --out feedback/ prints the output path without a doubled slash."""
    tiny, _, answers, root = course
    save(answers, "tiny", "alice", {"K01": FULL})
    handin.submit(tiny, "alice", now=T1)
    assert 0 == main(["feedback", str(root), "--out", str(tmp_path / "feedback") + "/"])
    out = capsys.readouterr().out
    assert f"-> {tmp_path / 'feedback'}/<learner>/feedback-tiny.html" in out
    assert "//" not in out


def test_teachers_outputs_at_the_top_level_are_git_ignored(tmp_path):
    """The repository's .gitignore keeps hand-ins, grades, feedback and reports written at the top of the
    course folder out of `git add -A`, and ignores nothing of the same names deeper down."""
    import subprocess
    repo = Path(__file__).resolve().parent.parent
    shutil.copy(repo / ".gitignore", tmp_path / ".gitignore")
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    ignored = ["handin/a/tiny/latest.json", "HANDIN/a/latest.json", "practice/a.json", "feedback/a/f.html",
               "grades.csv", "grades-week1.csv", "canvas.csv", "moodle-2.csv", "debrief.html", "report.html",
               "brief.html", "brief-xi.md"]
    kept = ["docs/brief.md", "kit/report/feedback.py", "kit/feedback/x.py", "tests/fixtures/grades.csv", "README.md"]
    for name in ignored + kept:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("x", encoding="utf-8")
    check = subprocess.run(["git", "check-ignore", "--no-index", *ignored, *kept], cwd=tmp_path,
                           capture_output=True, text=True)
    assert sorted(ignored) == sorted(check.stdout.split())
