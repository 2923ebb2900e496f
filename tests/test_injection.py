"""Injection: what a learner typed never becomes markup in an HTML output, nor a formula in a CSV one.

Learner-supplied strings: the learner's name, the file names and keys of answers files (they reach
error lines), the free text of the briefing exercise, any value of a hand-built Answers object.
Every HTML view is checked with the same hostile payload; every gradebook CSV with every formula
trigger a spreadsheet knows (=, +, -, @, tab, carriage return).
"""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import ipywidgets as w
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from kit.answers.parse import Answers, Link
from kit.report.class_report import write_report
from kit.judge.grading import grade_paths, grades_csv
from kit.judge.scoring import TagResult, score
from kit.judge.synthetic import write_class

SCRIPT = '<script>alert("rk-xss")</script>'
IMG = "<img src=x onerror=rkxss()>"
PAYLOAD = f"{SCRIPT}{IMG}\"'&"
MARKERS = ("<script>alert", "<img src=x")  # what must never appear unescaped (as text, "onerror=" is harmless)
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def unescaped(text: str) -> list[str]:
    return [m for m in MARKERS if m in text]


def widget_html(widget: w.Widget) -> str:
    """Every HTML string a widget tree shows: HTML widgets' values, labels, descriptions, tooltips."""
    parts = []
    stack = [widget]
    while stack:
        node = stack.pop()
        for attr in ("value", "description", "tooltip", "placeholder"):
            value = getattr(node, attr, None)
            if isinstance(value, str) and isinstance(node, (w.HTML, w.HTMLMath, w.Label, w.Button, w.Dropdown, w.Textarea)):
                parts.append(value if not isinstance(node, w.Textarea) else "")  # a Textarea shows text, not markup
        stack.extend(getattr(node, "children", ()))
    return "\n".join(parts)


# --- HTML --------------------------------------------------------------------------------------

def test_class_report_escapes_every_learner_string(tiny_case, tmp_path):
    """Names, file names, duplicate notes and refusal lines carrying HTML/JS are escaped in the class report."""
    folder = tmp_path / "in"
    write_class([Answers("tiny", PAYLOAD, {"K01": {"topic": "bilateral_relations"}}, [], "2026-11-27T12:00:00Z")], folder)
    (folder / f"{IMG}.json").write_text(json.dumps(Answers("tiny", PAYLOAD, {}, [], "2026-11-27T12:00:01Z").to_dict()))
    (folder / "bad.json").write_text(json.dumps({**Answers("tiny", "eve").to_dict(), "tags": {SCRIPT: {}}}))
    (folder / "worse.json").write_text(json.dumps({**Answers("tiny", "eve").to_dict(), "learner": PAYLOAD + "\x00x"}))
    batch = grade_paths(tiny_case, [folder])
    assert (1, 2, 1) == (len(batch.graded), len(batch.failed), len(batch.duplicates))
    page = write_report(tiny_case, batch, tmp_path / "report.html").read_text()
    assert "&lt;script&gt;alert(&#34;rk-xss&#34;)&lt;/script&gt;" in page  # Jinja2 writes a quote as &#34;
    assert "&lt;img src=x onerror=rkxss()&gt;" in page
    assert [] == unescaped(page)


def test_tagging_and_link_boards_escape_the_notice(tiny_case, answers_dir):
    """A corrupt answers file whose content is markup: the boards' one-line notice shows it as text."""
    from kit.widgets import LinkBoard, TaggingBoard

    answers_dir.mkdir(parents=True)
    hostile = {**Answers("tiny", "bob").to_dict(), "tags": {SCRIPT[:40]: {}}}
    (answers_dir / "bob.tiny.json").write_text(json.dumps(hostile))
    board = TaggingBoard(tiny_case, "bob")
    assert "&lt;script&gt;" in board.notice.value
    (answers_dir / "bob.tiny.json").write_text(json.dumps({**hostile, "learner": PAYLOAD + "\x00"}))
    links = LinkBoard(tiny_case, "bob")
    assert "could not be read" in links.notice.value
    for html in (widget_html(board), widget_html(links)):
        assert [] == unescaped(html)


def test_board_for_a_hostile_learner_name(tiny_case, answers_dir):
    """A learner name carrying markup becomes a safe file name, and nothing on the boards is markup."""
    from kit.widgets import LinkBoard, TaggingBoard

    board = TaggingBoard(tiny_case, PAYLOAD)
    assert "/" not in board.store.path.name and "<" not in board.store.path.name
    board.check()
    assert [] == unescaped(widget_html(board)) + unescaped(widget_html(LinkBoard(tiny_case, PAYLOAD)))


def test_feedback_escapes_given_values_and_reasons(tiny_case):
    """Feedback lines escape the learner's value and the reason, even for a hand-built score."""
    from kit.widgets.feedback import claim_html

    items = [TagResult("K01", "topic", PAYLOAD, "bilateral_relations", ("bilateral_relations",), False, PAYLOAD),
             TagResult("K01", "voice", PAYLOAD, "xi", ("xi",), True, PAYLOAD)]
    for self_study in (True, False):
        for checks in (0, 1, 2):
            html = claim_html(items, tiny_case.taxonomy, self_study, {("K01", "topic"): checks})
            assert [] == unescaped(html)


def test_readout_view_escapes_hand_built_answers(tiny_case):
    """The side-by-side view colours claims by the learner's values, which it escapes."""
    from kit.widgets import ReadoutView

    answers = Answers("tiny", PAYLOAD, {"K01": {"topic": PAYLOAD, "voice": PAYLOAD}}, [Link("K01", "C01", PAYLOAD)])
    view = ReadoutView(tiny_case, answers=answers)
    for dim in tiny_case.dimensions:
        if hasattr(view, "colour_by"):
            view.colour_by.value = dim
        view.refresh()
        assert [] == unescaped(widget_html(view))


def test_exercise_board_escapes_free_text(answers_dir):
    """The briefing exercise shows the learner's own typed bullets back as text, never markup."""
    from kit.widgets import ExerciseBoard

    board = ExerciseBoard("briefing", PAYLOAD)
    board.brief.value = f"both: {PAYLOAD} [K10, C11]\n{PAYLOAD}: x [K08]\nkremlin_only: {IMG} [{SCRIPT}]"
    board.check()
    html = widget_html(board)
    assert "&lt;script&gt;" in board.brief_feedback.value
    assert [] == unescaped(html)
    reopened = ExerciseBoard("briefing", PAYLOAD)  # the saved free text, loaded again
    reopened.check()
    assert [] == unescaped(widget_html(reopened))


def test_brief_escapes_the_learner_name(seed_case, tmp_path):
    """The briefing pack built from a learner's answers escapes the name in HTML and in Markdown."""
    briefing = pytest.importorskip("kit.briefing")
    from kit.briefing.render import to_html, to_markdown
    from kit.answers.reference_answers import reference_answers
    from kit.answers.parse import parse_answers

    answers = parse_answers({**reference_answers(seed_case), "learner": PAYLOAD}, seed_case)
    brief = briefing.build_brief(seed_case, answers)
    html, markdown = to_html(brief), to_markdown(brief)
    assert [] == unescaped(html)
    assert None is re.search(r"(?<!\\)<(script|img)", markdown)  # Markdown escapes with a backslash: \<script\>


# --- CSV ---------------------------------------------------------------------------------------

def read_rows(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text)))


names = st.text(st.characters(blacklist_categories=("Cs", "Cc")) | st.sampled_from(list("=+-@\t\r")), min_size=1, max_size=30)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(name=st.sampled_from(FORMULA_STARTS).flatmap(lambda c: names.map(lambda n: c + n)) | names)
@example(name="\t'")  # read as "'": a learner name that starts with the neutralising quote itself
def test_gradebooks_neutralise_formulas(tiny_case, tmp_path_factory, name):
    """No learner-supplied cell of any gradebook CSV (default, Canvas, Moodle) starts a formula."""
    folder = tmp_path_factory.mktemp("class")
    path = folder / "x.json"
    path.write_text(json.dumps(Answers("tiny", name, {}).to_dict()))
    batch = grade_paths(tiny_case, [path])
    if not batch.graded:  # not a plain name: refused, so it reaches no gradebook
        return
    for lms in (None, "canvas", "moodle"):
        rows = read_rows(grades_csv(tiny_case, batch, lms))
        cells = [cell for row in rows[1:] for cell in row if cell.strip() not in ("",)]
        # A neutralised cell is the value behind one "'"; a name may itself start with "'" (found by
        # Hypothesis: "\t'" is read as "'"), so strip one quote at most, never all of them.
        wanted = (batch.graded[0].score.learner, str(batch.graded[0].path))
        learner_cells = [c for c in cells if c in wanted or (c.startswith("'") and c[1:] in wanted)]
        assert learner_cells
        assert [] == [c for c in learner_cells if c.startswith(FORMULA_STARTS)]


def test_gradebook_file_column_neutralised(tiny_case, tmp_path, monkeypatch):
    """A file named like a formula, given by a relative path, is neutralised in the file column too."""
    monkeypatch.chdir(tmp_path)
    Path("=cmd.json").write_text(json.dumps(Answers("tiny", "@alice", {}).to_dict()))
    rows = read_rows(grades_csv(tiny_case, grade_paths(tiny_case, ["=cmd.json"])))
    assert ("'@alice", "'=cmd.json") == (rows[1][0], rows[1][-1])


def test_score_of_hand_built_answers_does_not_leak_markup(tiny_case):
    """score() on unvalidated answers keeps values as data; the JSON view is data, not markup."""
    result = score(tiny_case, Answers("tiny", PAYLOAD, {"K01": {"topic": PAYLOAD}}))
    assert PAYLOAD == result.to_dict()["learner"]  # JSON for scripts: the consumer escapes

