"""The briefing app (apps/briefing.ipynb, served by Voilà): choose a case by its title, build the
brief from the reference or from your own answers, with the case author's key judgements or your
own (the briefing exercise's bullets), see the charts and tables, download the brief.

Nothing is loaded from the network: the brief is a data: URI, the charts are plotly mime bundles
rendered by the front end's own plotly, and no HTML here names a font, script or stylesheet.

Core ipywidgets only (Dropdown, HTML, Output, boxes), so it renders wherever the boards do. The
content comes from kit.briefing and kit.charts; this module only lays it out. ipywidgets has no
download widget, so the brief travels in a ``data:`` URI on an ordinary ``<a download>`` link,
rebuilt whenever the case changes.

The charts go into their ``Output`` widgets by setting ``Output.outputs`` (a plotly mime bundle),
never with ``with out: display(...)`` or ``out.clear_output()``. Under Voilà those two make the
server's notebook client (nbclient) act as a front end and send ``comm_msg`` updates on the shell
channel while it waits for the cell's ``execute_reply``; jupyter_client sends them raw on a shadow
of the asyncio socket, which can swallow the socket's read wake-up, so the reply sits unread and
the page never arrives (docs/voila.md). Setting the trait sends nothing back.
"""

from __future__ import annotations

import base64
from html import escape
from pathlib import Path

import ipywidgets as w
import pandas as pd

from .. import paths
from ..answers.parse import load_answers
from ..case.load import Case, load_case
from ..charts.palette import CHECK_TEXT, MEASURE, OKABE_ITO, PROBLEM_TEXT
from ..errors import KitError
from ..io.files import read_yaml
from .build import Brief, convergence_table, divergence_table
from .inputs import brief_for
from .render import to_html, to_markdown

REFERENCE, AUTHOR = "reference", "author"


def case_ids() -> list[str]:
    """Every folder under data/cases/ that holds a case.yml, sorted; the default case first."""
    root = paths.data_dir() / "cases"
    ids = sorted(p.name for p in root.glob("*") if (p / "case.yml").is_file()) if root.is_dir() else []
    default = paths.default_case()
    return sorted(ids, key=lambda i: i != default)


def case_choices() -> list[tuple[str, str]]:
    """(title, ID) for the picker: people choose by title; a case with no title shows its ID."""
    out = []
    for case_id in case_ids():
        try:
            raw = read_yaml(paths.case_dir(case_id) / "case.yml")
            title = str(raw.get("title") or "").strip() if isinstance(raw, dict) else ""
        except KitError:
            title = ""
        out.append((title or case_id, case_id))
    return out


def own_files(case_id: str, learner: str | None = None) -> tuple[Path, Path]:
    """(your answers file, your briefing-exercise answers) for ``case_id``, where the boards save them."""
    learner = paths.learner_name(learner)
    return (paths.answers_file(case_id, learner), paths.exercise_answers_file(case_id, learner, "briefing"))


def data_uri(text: str, mime: str) -> str:
    return f"data:{mime};charset=utf-8;base64," + base64.b64encode(text.encode("utf-8")).decode("ascii")


def download_links(case: Case, brief: Brief) -> str:
    """``<a download>`` links carrying the brief itself (HTML, HTML with annex, Markdown) in data: URIs."""
    stem = f"brief-{case.id}"
    style = ("display:inline-block;margin:0 8px 0 0;padding:6px 12px;border-radius:4px;"
             f"background:{OKABE_ITO['blue']};color:white;text-decoration:none;font-weight:600")
    return (f'<a class="kit-download" download="{escape(stem)}.html" href="{data_uri(to_html(brief), "text/html")}" '
            f'style="{style}">Download the brief (HTML, one A4 page)</a>'
            f'<a class="kit-download-annex" download="{escape(stem)}-annex.html" '
            f'href="{data_uri(to_html(brief, annex=True), "text/html")}" style="{style}">With the annex (evidence)</a>'
            f'<a class="kit-download-md" download="{escape(stem)}.md" href="{data_uri(to_markdown(brief), "text/markdown")}" '
            f'style="{style};background:{MEASURE[0]}">Markdown (for email)</a>')


def table_html(frame: pd.DataFrame, css_class: str) -> str:
    """A plain, escaped HTML table (pandas escapes cell text by default)."""
    if frame.empty:
        return "<p><i>None.</i></p>"
    return frame.to_html(index=False, escape=True, border=0, classes=["kit-table", css_class])


def figure_output(fig) -> dict:
    """A plotly figure as one ``display_data`` output for ``Output.outputs``: the plotly mime bundle
    (what the kernel's default ``plotly_mimetype`` renderer shows) plus a plain-text fallback."""
    import plotly.io as pio

    data = dict(pio.renderers["plotly_mimetype"].to_mimebundle(fig.to_dict()))
    data["text/plain"] = "<plotly figure>"
    return {"output_type": "display_data", "data": data, "metadata": {}}


TABLE_CSS = """<style>
.kit-table { border-collapse: collapse; font-size: 13px; width: 100%; }
.kit-table th { text-align: left; border-bottom: 2px solid #888; padding: 4px 6px; }
.kit-table td { vertical-align: top; border-bottom: 1px solid #ddd; padding: 4px 6px; }
</style>"""


class BriefingApp:
    """The whole app as one widget tree: ``display(BriefingApp().widget)``."""

    def __init__(self, case_id: str | None = None, learner: str | None = None):
        choices = case_choices()
        ids = [i for _, i in choices]
        self.learner = learner
        self.picker = w.Dropdown(options=choices, value=case_id if case_id in ids else (ids[0] if ids else None),
                                 description="Case", layout=w.Layout(width="620px"))
        self.basis = w.Dropdown(options=[("the reference answer", REFERENCE)], value=REFERENCE,
                                description="Built from", style={"description_width": "initial"},
                                layout=w.Layout(width="620px"))
        self.judged = w.Dropdown(options=[("the case author's", AUTHOR)], value=AUTHOR,
                                 description="Key judgements", style={"description_width": "initial"},
                                 layout=w.Layout(width="620px"))
        self.title = w.HTML()
        self.status = w.HTML()
        self.download = w.HTML()
        self.coverage = w.Output()
        self.alignment = w.Output()
        self.converge = w.HTML()
        self.diverge = w.HTML()
        self.case: Case | None = None
        self.widget = w.VBox([
            w.HTML(TABLE_CSS + "<h2>Briefing: compare two readouts</h2>"
                   "<p>Choose a case, and whose answers and judgements the brief is built from. Every point "
                   "cites claim IDs; the annex quotes each verbatim.</p>"),
            self.picker, self.basis, self.judged, self.title, self.status, self.download,
            w.HTML("<h3>Coverage and alignment</h3>"), w.HBox([self.coverage, self.alignment]),
            w.HTML("<h3>Where the readouts converge</h3><p>Linked pairs, both wordings side by side.</p>"),
            self.converge,
            w.HTML("<h3>Where they diverge, or only one side speaks</h3>"), self.diverge,
        ])
        self.picker.observe(self._on_pick, names="value")
        self.basis.observe(self._on_choice, names="value")
        self.judged.observe(self._on_choice, names="value")
        self.show_case(self.picker.value)

    def _on_pick(self, change: dict) -> None:
        self.show_case(change["new"])

    def _on_choice(self, change: dict) -> None:
        if self.case is not None and not self._updating:
            self._show_brief(self.case)

    _updating = False

    def _sources(self, case_id: str) -> None:
        """Offer the learner's own answers and judgements for this case when they exist."""
        answers, judgements = own_files(case_id, self.learner)
        self._updating = True
        try:
            self.basis.options = [("the reference answer", REFERENCE)] + (
                [(f"your answers ({answers.name})", str(answers))] if answers.is_file() else [])
            self.basis.value = REFERENCE
            self.judged.options = [("the case author's", AUTHOR)] + (
                [(f"yours, from the briefing exercise ({judgements.name})", str(judgements))]
                if judgements.is_file() else [])
            self.judged.value = AUTHOR
        finally:
            self._updating = False

    def _show_brief(self, case: Case) -> None:
        try:
            answers = load_answers(self.basis.value, case) if self.basis.value != REFERENCE else None
            brief = brief_for(case, answers, None if self.judged.value == AUTHOR else self.judged.value)
        except KitError as err:  # one line, never a traceback
            self.status.value = f'<p style="color:{PROBLEM_TEXT}"><b>{escape(err.problems[0] if err.problems else str(err))}</b></p>'
            self.download.value = ""
            return
        note = ("<p><i>The case author's judgements rest on the reference, so a brief from your answers "
                "leaves them out: choose yours, from the briefing exercise.</i></p>"
                if answers is not None and self.judged.value == AUTHOR else "")
        self.status.value = note + "".join(f'<p style="color:{CHECK_TEXT}"><b>Check this judgement:</b> {escape(p)}</p>'
                                           for p in brief.problems)
        self.download.value = download_links(case, brief)
        self.converge.value = table_html(convergence_table(case, answers), "kit-converge")
        self.diverge.value = table_html(divergence_table(case, answers), "kit-diverge")

    def show_case(self, case_id: str | None) -> None:
        for out in (self.coverage, self.alignment):
            out.outputs = ()  # not clear_output(): see the module docstring
        if not case_id:
            self._fail("No cases found under data/cases/.")
            return
        try:
            case = load_case(case_id)
        except KitError as err:  # a broken case is one line, never a traceback
            self._fail(f"Case {case_id} cannot be loaded: {err.problems[0] if err.problems else err}")
            return
        self.case = case
        self.title.value = f"<h3>{escape(case.title)}</h3><p>{escape(case.date)} · {len(case.claims)} claims</p>"
        self.status.value = ""
        self._sources(case.id)
        self._show_brief(case)
        self._charts(case)

    def _charts(self, case: Case) -> None:
        from ..charts import alignment_chart, coverage_chart

        for out, make in ((self.coverage, coverage_chart), (self.alignment, alignment_chart)):
            fig = make(case)
            fig.update_layout(width=560, height=420, margin=dict(l=10, r=10, t=80, b=10))
            out.outputs = (figure_output(fig),)  # not `with out: display(fig)`: see the module docstring

    def _fail(self, message: str) -> None:
        self.case = None
        self.title.value = ""
        self.status.value = f'<p style="color:{PROBLEM_TEXT}"><b>{escape(message)}</b></p>'
        self.download.value = ""
        self.converge.value = self.diverge.value = ""
