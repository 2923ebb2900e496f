"""Course update: a `git pull` of changed notebooks and data never touches a learner's answers.

The course is a git repository whose answers/ folder is git-ignored; the learner's working copy is a
clone. (nbgitpuller's merge is exercised with the hub; a plain pull shows the same contract.)
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import nbformat
import pytest

from kit.answers.parse import load_answers
from kit.case.load import load_case

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="needs git")

GIT_ENV = {"GIT_AUTHOR_NAME": "Course", "GIT_AUTHOR_EMAIL": "course@example.org", "GIT_COMMITTER_NAME": "Course",
           "GIT_COMMITTER_EMAIL": "course@example.org", "GIT_CONFIG_NOSYSTEM": "1", "HOME": "/nonexistent"}


def git(folder: Path, *args: str) -> str:
    result = subprocess.run(["git", "-c", "init.defaultBranch=main", "-c", "pull.rebase=false", *args], cwd=folder,
                            env={**os.environ, **GIT_ENV}, capture_output=True, text=True, check=True)
    return result.stdout


def notebook(text: str) -> str:
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_markdown_cell(text),
                nbformat.v4.new_code_cell("from kit.widgets import TaggingBoard\nTaggingBoard(case='tiny')")]
    return nbformat.writes(nb)


def test_git_pull_leaves_answers_untouched_and_loading(tiny_case, tmp_path, monkeypatch):
    """Answers saved by the kit in a learner's clone survive a pull of changed notebooks and data,
    byte for byte, stay out of git, and still load against the updated case."""
    from kit.answers.store import AnswerStore

    upstream = Path(os.environ["READOUT_KIT_ROOT"])  # the tiny course the fixture built
    (upstream / ".gitignore").write_text("# learners' work: never in git\nanswers/\n")
    (upstream / "notebooks").mkdir()
    (upstream / "notebooks" / "02_tagging.ipynb").write_text(notebook("# Tagging claims"))
    git(upstream, "init", "-q")
    git(upstream, "add", ".")
    git(upstream, "commit", "-q", "-m", "course v1")

    learner = tmp_path / "learner"
    git(tmp_path, "clone", "-q", str(upstream), str(learner))
    monkeypatch.setenv("READOUT_KIT_ROOT", str(learner))
    monkeypatch.delenv("READOUT_KIT_ANSWERS_DIR", raising=False)  # answers go to the clone's answers/
    case = load_case("tiny")
    store = AnswerStore(case, "alice")  # as the board in the notebook does
    store.set_tag("K01", "topic", "bilateral_relations")
    store.set_tag("K01", "voice", "xi")
    store.add_link("C01", "K01", "partial")
    assert learner / "answers" / "alice.tiny.json" == store.path
    before = store.path.read_bytes()

    # The instructor updates the course: a notebook rewritten, a new one, a reference reason reworded.
    (upstream / "notebooks" / "02_tagging.ipynb").write_text(notebook("# Tagging claims, revised"))
    (upstream / "notebooks" / "03_linking.ipynb").write_text(notebook("# Linking"))
    reference = upstream / "data" / "cases" / "tiny" / "reference.yml"
    reference.write_text(reference.read_text().replace("The leaders.", "Both leaders as the Kremlin tells it."))
    git(upstream, "add", ".")
    git(upstream, "commit", "-q", "-m", "course v2")

    git(learner, "pull", "-q")
    assert "Tagging claims, revised" in (learner / "notebooks" / "02_tagging.ipynb").read_text()
    assert before == store.path.read_bytes()
    assert "" == git(learner, "status", "--porcelain")  # answers/ is ignored: nothing to commit or lose
    assert "!! answers/\n" == git(learner, "status", "--porcelain", "--ignored")

    updated = load_case("tiny")
    assert "Both leaders as the Kremlin tells it." in set(updated.reference["rationale"])
    answers = load_answers(store.path, updated)
    assert ({"K01": {"topic": "bilateral_relations", "voice": "xi"}}, "alice") == (answers.tags, answers.learner)
    assert [("K01", "C01", "partial")] == [(k.a, k.b, k.match) for k in answers.links]
    resumed = AnswerStore(updated, "alice")  # a reopened notebook resumes where the learner was
    assert ("", {"topic": "bilateral_relations", "voice": "xi"}) == (resumed.notice, resumed.tags("K01"))
    assert json.loads(before)["learner"] == "alice"
