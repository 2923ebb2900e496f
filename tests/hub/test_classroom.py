"""A whole class on a real JupyterHub: distribute, work, update, hand in, grade.

One instructor and two learners, each a real Unix user with a private home. The course (this
repository, as a git remote) reaches each learner through an nbgitpuller link; each runs the tagging
notebook through the hub and picks tags in the board's dropdowns (the comm messages a browser
sends); the instructor pushes a course update; learners follow the link again and find their
answers untouched and the new notebook there; they hand in with `kit submit`; the instructor grades
with `kit grade` and builds `kit class`. File permissions are checked as the other learner.

Run: ``pytest tests/hub -m slow -s`` (as root; see docs/teaching-on-jupyterhub.md).
"""

from __future__ import annotations

import csv
import io
import json
import os
import pwd
import stat
import textwrap
import time
import urllib.parse
from pathlib import Path

import pytest

from hub_harness import (REPO, Browser, CourseRemote, Hub, Users, ensure_chp, ensure_hub_env, make_base,
                         notebook_code, run_as)

pytestmark = pytest.mark.slow

LEARNERS = ["learner1", "learner2"]
INSTRUCTOR = "instructor"
NOTEBOOK = "readout-kit/notebooks/02_tagging_claims.ipynb"
UPDATE_NOTE = "Course update: read the China readout first this week."
CASE = "xi-putin-2026-02-04"  # the default case: `kit submit` with no --case hands in HANDIN/<learner>/<CASE>/


def nbgitpuller_link(repo: str, urlpath: str) -> str:
    """The link a teacher hands out (what nbgitpuller's link generator makes)."""
    return "/hub/user-redirect/git-pull?" + urllib.parse.urlencode({"repo": repo, "branch": "main", "urlpath": urlpath})


@pytest.fixture(scope="module")
def classroom(hub_ready):
    """Users, hand-in folder, course remote and hub; everything stopped and removed afterwards."""
    chp = ensure_chp()
    bin_dir = ensure_hub_env()
    base = make_base()
    (base / "homes").mkdir(mode=0o755)
    users = Users(base / "homes")
    course = hub = None
    try:
        for name in [INSTRUCTOR, *LEARNERS]:
            users.add(name)
        teacher = pwd.getpwnam(INSTRUCTOR)
        # The hand-in root, set up once by the admin (docs/teaching-on-jupyterhub.md), owned by
        # root: the instructors' group (here the instructor's own group) lists it (rwx); learners
        # may create entries but not list them (-wx), nor rename or delete others' (sticky); every
        # entry inherits the instructors' group (setgid), which alone may read them.
        handin = base / "handin"
        handin.mkdir()
        os.chown(handin, 0, teacher.pw_gid)
        handin.chmod(0o3773)
        # Pre-created from the roster (recommended): learner1's folder exists before anyone else
        # could take the name. learner2's is made by `kit submit` itself.
        pre = handin / "learner1"
        pre.mkdir()
        os.chown(pre, pwd.getpwnam("learner1").pw_uid, teacher.pw_gid)
        pre.chmod(0o2750)
        course = CourseRemote(base / "course", INSTRUCTOR)
        course.start()
        hub = Hub(base / "hub", chp, [INSTRUCTOR, *LEARNERS],
                  {"READOUT_KIT_ROOT": "~/readout-kit", "READOUT_KIT_HANDIN_DIR": str(handin)}, bin_dir)
        hub_start = hub.start()
        yield {"base": base, "handin": handin, "course": course, "hub": hub, "hub_start": hub_start,
               "homes": {n: Path(pwd.getpwnam(n).pw_dir) for n in [INSTRUCTOR, *LEARNERS]}}
    finally:
        if hub is not None:
            hub.stop()
        if course is not None:
            course.stop()
        users.remove()
        import shutil

        shutil.rmtree(base, ignore_errors=True)


def reference_tags(n: int, wrong_every: int = 0) -> dict[tuple[str, str], str]:
    """Tags for the first ``n`` claims: the reference's, with every ``wrong_every``-th topic wrong."""
    from kit.case.load import load_case

    case = load_case()
    topics = list(case.values("topic"))
    tags = {}
    for i, claim_id in enumerate(case.claims.index[:n]):
        for row in case.reference[case.reference["claim_id"] == claim_id].itertuples():
            value = row.value
            if wrong_every and row.dimension == "topic" and i % wrong_every == 0:
                value = next(t for t in topics if t != value)
            tags[(claim_id, row.dimension)] = value
    return tags


def open_board(browser: Browser, link: str, remote: str) -> tuple[object, float, dict]:
    """Follow the link, pull the course, open the notebook, run it to the tagging board."""
    started = time.monotonic()
    browser.follow(link)  # log in, spawn, the nbgitpuller status page
    spawned = time.monotonic()
    browser.git_pull(remote, "main", "readout-kit")  # what that page's script does
    pulled = time.monotonic()
    lab = browser.session.get(browser.url(f"{browser.prefix}/lab/tree/{NOTEBOOK}"), timeout=60)
    assert lab.status_code == 200
    nb = browser.api("GET", f"/contents/{NOTEBOOK}").json()["content"]
    kernel = browser.open_notebook(NOTEBOOK)
    for code in notebook_code(nb):
        result = kernel.execute(code)
    widget_views = [d for d in result["data"] if "application/vnd.jupyter.widget-view+json" in d]
    assert widget_views, "the last cell did not display the board"
    done = time.monotonic()
    phases = f"log in + spawn {spawned - started:.1f}, clone {pulled - spawned:.1f}, kernel + notebook to board {done - pulled:.1f}"
    return kernel, done - started, phases


def test_a_class_on_jupyterhub(classroom, capsys):
    base, handin, course, hub = classroom["base"], classroom["handin"], classroom["course"], classroom["hub"]
    homes = classroom["homes"]
    link = nbgitpuller_link(course.url, f"lab/tree/{NOTEBOOK}")
    figures: dict[str, float | str] = {"hub start (s)": round(classroom["hub_start"], 1), "learners": len(LEARNERS)}
    plans = {"learner1": reference_tags(10), "learner2": reference_tags(10, wrong_every=2)}
    browsers, kernels = {}, {}

    # 1. Each learner follows the link and tags claims; the answers land in their own home only.
    for name in LEARNERS:
        browsers[name] = Browser(hub, name)
        kernel, seconds, phases = open_board(browsers[name], link, course.url)
        kernels[name] = kernel
        figures[f"{name}: link -> ready tagging board (s)"] = f"{seconds:.1f} ({phases})"
        started = time.monotonic()
        for (claim_id, dim), value in plans[name].items():
            kernel.choose(f"rk-tag-{claim_id}-{dim}", value)
        figures[f"{name}: {len(plans[name])} dropdown picks, each autosaved (s)"] = round(time.monotonic() - started, 1)
        out = kernel.execute("import kit.paths; print(board.store.path); print(kit.paths.project_root()); print(board.tagged())")
        path, root, tagged = out["stdout"].split()
        home = homes[name]
        assert Path(path) == home / "readout-kit" / "answers" / f"{name}.json"
        assert Path(root) == home / "readout-kit"  # the data come from the learner's own pulled copy
        assert int(tagged) == 10
    hub.record_server_pids()
    for name in LEARNERS:
        answers = homes[name] / "readout-kit" / "answers" / f"{name}.json"
        assert answers.stat().st_uid == pwd.getpwnam(name).pw_uid
        assert stat.S_IMODE(homes[name].stat().st_mode) == 0o700
        found = sorted(p for p in base.rglob(f"{name}*.json") if ".ipynb_checkpoints" not in p.parts)
        assert [answers] == found, f"{name}'s answers must be in their home and nowhere else: {found}"
        assert not (REPO / "answers" / f"{name}.json").exists()
        saved = json.loads(answers.read_text())
        assert {(c, d): v for c, dims in saved["tags"].items() for d, v in dims.items()} == plans[name]
        status = run_as(name, ["git", "status", "--porcelain"], cwd=homes[name] / "readout-kit").stdout
        assert "answers" not in status  # git-ignored: a course update never sees it
    # learner1 also keeps notes in the notebook itself (as Lab's save would write them)
    nb_model = browsers["learner1"].api("GET", f"/contents/{NOTEBOOK}").json()
    nb_model["content"]["cells"].append({"cell_type": "markdown", "metadata": {}, "source": "My notes: K01 is praise."})
    assert browsers["learner1"].api("PUT", f"/contents/{NOTEBOOK}", json={
        "type": "notebook", "format": "json", "content": nb_model["content"]}).status_code == 200

    # 2. The instructor pushes a course update: a changed notebook and a new one.
    before = {n: (homes[n] / "readout-kit" / "answers" / f"{n}.json").read_bytes() for n in LEARNERS}
    work = homes[INSTRUCTOR] / "course-work"
    run_as(INSTRUCTOR, ["git", "clone", "--quiet", str(course.bare), str(work)])
    start = work / "notebooks" / "00_start_here.ipynb"
    nb = json.loads(start.read_text())
    nb["cells"].insert(1, {"cell_type": "markdown", "id": "course-update", "metadata": {}, "source": UPDATE_NOTE})
    start.write_text(json.dumps(nb, indent=1, ensure_ascii=False) + "\n")
    new_nb = {"cells": [{"cell_type": "markdown", "id": "welcome", "metadata": {}, "source": "# Week 2\n" + UPDATE_NOTE}],
              "metadata": {}, "nbformat": 4, "nbformat_minor": 5}
    (work / "notebooks" / "06_week_two.ipynb").write_text(json.dumps(new_nb) + "\n")
    # (run_as starts each command in the instructor's home with the instructor's identity)
    chown_tree(work, INSTRUCTOR)
    git = ["git", "-c", "user.name=Instructor", "-c", "user.email=instructor@example.org"]
    run_as(INSTRUCTOR, [*git, "add", "notebooks"], cwd=work)
    run_as(INSTRUCTOR, [*git, "commit", "--quiet", "-m", "Week 2"], cwd=work)
    run_as(INSTRUCTOR, ["git", "push", "--quiet", "origin", "HEAD:main"], cwd=work)

    # 3. Learners follow the same link again: the update arrives, their work stays.
    for name in LEARNERS:
        kernels[name].close()
        started = time.monotonic()
        browsers[name].follow(link)
        browsers[name].git_pull(course.url, "main", "readout-kit")
        figures[f"{name}: follow the link again, pull the update (s)"] = round(time.monotonic() - started, 1)
        answers = homes[name] / "readout-kit" / "answers" / f"{name}.json"
        assert before[name] == answers.read_bytes(), f"{name}'s answers changed on a course update"
        contents = browsers[name].api("GET", "/contents/readout-kit/notebooks/06_week_two.ipynb")
        assert contents.status_code == 200, "the new notebook did not arrive"
        start_nb = browsers[name].api("GET", "/contents/readout-kit/notebooks/00_start_here.ipynb").json()["content"]
        assert any(UPDATE_NOTE in "".join(c["source"]) for c in start_nb["cells"])
    mine = browsers["learner1"].api("GET", f"/contents/{NOTEBOOK}").json()["content"]
    assert mine["cells"][-1]["source"] == "My notes: K01 is praise.", "the learner's own notebook edits were lost"
    # After a kernel restart the board resumes from the file: same tags, no notice.
    for name in LEARNERS:
        kernels[name].restart()
        nb = browsers[name].api("GET", f"/contents/{NOTEBOOK}").json()["content"]
        for code in notebook_code(nb):
            kernels[name].execute(code)
        out = kernels[name].execute("print(board.tagged(), repr(board.store.notice))")
        assert out["stdout"].split() == ["10", "''"]
        claim_id, dim = next(iter(plans[name]))
        assert kernels[name].widget(f"rk-tag-{claim_id}-{dim}")[1]["index"] > 0  # the dropdown shows the saved tag

    # 4. Hand in with `kit submit` (learner1 twice: earlier attempts are kept).
    submit = "import subprocess, sys; r = subprocess.run([sys.executable, '-m', 'kit', 'submit'{extra}], capture_output=True, text=True); print(r.returncode); print(r.stdout + r.stderr)"
    for name in LEARNERS:
        out = kernels[name].execute(submit.format(extra=""))["stdout"]
        assert out.startswith("0\nhanded in "), out
    eleventh = list(reference_tags(11))[-1][0]  # the one claim learner1 had not tagged yet
    kernels["learner1"].choose(f"rk-tag-{eleventh}-topic", reference_tags(11)[(eleventh, "topic")])
    out = kernels["learner1"].execute(submit.format(extra=""))["stdout"]
    assert "(attempt 2;" in out, out
    assert [CASE] == [p.name for p in (handin / "learner1").iterdir()]  # one folder per case handed in
    attempts = sorted(p.name for p in (handin / "learner1" / CASE).iterdir())
    assert len(attempts) == 3 and attempts[-1] == "latest.json", attempts
    teacher_gid = pwd.getpwnam(INSTRUCTOR).pw_gid
    for name in LEARNERS:
        for folder in (handin / name, handin / name / CASE):
            assert folder.stat().st_uid == pwd.getpwnam(name).pw_uid and folder.stat().st_gid == teacher_gid
        for f in (handin / name / CASE).iterdir():
            assert f.stat().st_gid == teacher_gid and stat.S_IMODE(f.stat().st_mode) == 0o640, f

    # 5. Nobody reads or overwrites another learner's work: tried as learner2, in learner2's kernel.
    probe = textwrap.dedent(f"""
        import json, os, subprocess, sys
        results = {{}}
        def attempt(name, action):
            try:
                action()
                results[name] = "allowed"
            except PermissionError:
                results[name] = "denied"
        other = {str(homes['learner1'] / 'readout-kit' / 'answers' / 'learner1.json')!r}
        handin = {str(handin)!r}
        attempt("read learner1's answers", lambda: open(other).read())
        attempt("overwrite learner1's answers", lambda: open(other, "a").close())
        attempt("list learner1's home", lambda: os.listdir({str(homes['learner1'])!r}))
        attempt("list the hand-in folder", lambda: os.listdir(handin))
        mine = handin + "/learner1/{CASE}"
        attempt("read learner1's hand-in", lambda: open(mine + "/latest.json").read())
        attempt("overwrite learner1's hand-in", lambda: open(mine + "/latest.json", "w").close())
        attempt("add a file to learner1's hand-in", lambda: open(mine + "/20990101T000000000000Z.json", "x").close())
        attempt("add a case folder to learner1's hand-in", lambda: os.mkdir(handin + "/learner1/other-case"))
        attempt("rename learner1's hand-in folder", lambda: os.rename(handin + "/learner1", handin + "/gone"))
        print(json.dumps(results))
        # A forged answers file in learner1's name, and a spoofed $JUPYTERHUB_USER: the folder check refuses.
        forged = json.load(open(os.path.expanduser("~/readout-kit/answers/learner2.json")))
        forged_dir = os.path.expanduser("~/forged")
        os.makedirs(forged_dir, exist_ok=True)
        json.dump({{**forged, "learner": "learner1"}}, open(os.path.join(forged_dir, "learner1.json"), "w"))
        spoof = {{"JUPYTERHUB_USER": "learner1", "READOUT_KIT_ANSWERS_DIR": forged_dir}}
        for args, env in ([["--learner", "learner1"], {{}}], [[], spoof]):
            r = subprocess.run([sys.executable, "-m", "kit", "submit", *args], capture_output=True, text=True,
                               env={{**os.environ, **env}})
            print(r.returncode, r.stderr.strip())
    """)
    lines = kernels["learner2"].execute(probe)["stdout"].splitlines()
    assert {k: "denied" for k in json.loads(lines[0])} == json.loads(lines[0]), lines[0]
    assert lines[1].startswith("1 error: --learner learner1: you are signed in to this hub as learner2"), lines[1]
    assert lines[2] == f"1 error: {handin / 'learner1'}: belongs to another user; you cannot hand in there — " \
                       "ask your instructor (someone may have taken your name)", lines[2]
    assert len(lines) == 3
    assert len(list((handin / "learner1" / CASE).iterdir())) == 3  # learner1's hand-in is as it was

    # 6. The instructor grades the hand-ins and builds the class report, in their own server.
    teacher = Browser(hub, INSTRUCTOR)
    teacher.follow(link)  # the instructor has the course too: the kit reads the case from ~/readout-kit
    teacher.git_pull(course.url, "main", "readout-kit")
    hub.record_server_pids()
    kernel = teacher.open_notebook("grading.ipynb")
    kernels[INSTRUCTOR] = kernel
    grade = kernel.execute(textwrap.dedent(f"""
        import glob, os, subprocess, sys, time
        latest = sorted(glob.glob({str(handin)!r} + "/*/*/latest.json"))
        t = time.perf_counter()
        g = subprocess.run([sys.executable, "-m", "kit", "grade", *latest, "--out", "grades.csv"], capture_output=True, text=True)
        t_grade = time.perf_counter() - t
        t = time.perf_counter()
        c = subprocess.run([sys.executable, "-m", "kit", "class", *latest, "--out", "class.html"], capture_output=True, text=True)
        t_class = time.perf_counter() - t
        print(g.returncode, c.returncode, round(t_grade, 2), round(t_class, 2))
        print(g.stdout + g.stderr + c.stdout + c.stderr)
    """))["stdout"]
    codes = grade.split("\n", 1)[0].split()
    assert codes[:2] == ["0", "0"], grade
    figures["instructor: kit grade of the hand-ins (s)"] = float(codes[2])
    figures["instructor: kit class report (s)"] = float(codes[3])
    rows = list(csv.DictReader(io.StringIO((homes[INSTRUCTOR] / "grades.csv").read_text())))
    assert [r["learner"] for r in rows] == LEARNERS
    assert float(rows[0]["score"]) > float(rows[1]["score"]) > 0  # learner2 picked some wrong topics
    assert f"learner1/{CASE}/latest.json" in rows[0]["file"]
    assert (homes[INSTRUCTOR] / "class.html").stat().st_size > 1000
    for k in kernels.values():
        k.close()

    with capsys.disabled():
        print("\n\nClassroom on JupyterHub — figures")
        for key, value in figures.items():
            print(f"  {key:<58} {value}")


def chown_tree(path: Path, user: str) -> None:
    pw = pwd.getpwnam(user)
    for p in [path, *path.rglob("*")]:
        os.lchown(p, pw.pw_uid, pw.pw_gid)
