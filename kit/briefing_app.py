"""The briefing app (apps/briefing.ipynb, served by Voilà): choose a case, see the coverage and
alignment charts and the convergence/divergence tables, download the brief.

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

from . import paths
from .briefing import build_brief, convergence_table, divergence_table
from .briefing_render import to_html, to_markdown
from .case import Case, load_case
from .errors import KitError


def case_ids() -> list[str]:
    """Every folder under data/cases/ that holds a case.yml, sorted; the default case first."""
    root = paths.data_dir() / "cases"
    ids = sorted(p.name for p in root.glob("*") if (p / "case.yml").is_file()) if root.is_dir() else []
    return sorted(ids, key=lambda i: i != paths.DEFAULT_CASE)


def data_uri(text: str, mime: str) -> str:
    return f"data:{mime};charset=utf-8;base64," + base64.b64encode(text.encode("utf-8")).decode("ascii")


def download_links(case: Case) -> str:
    """Two ``<a download>`` links carrying the brief itself (HTML and Markdown) in data: URIs."""
    brief = build_brief(case)
    stem = f"brief-{case.id}"
    style = ("display:inline-block;margin:0 8px 0 0;padding:6px 12px;border-radius:4px;"
             "background:#0072B2;color:white;text-decoration:none;font-weight:600")
    return (f'<a class="kit-download" download="{escape(stem)}.html" href="{data_uri(to_html(brief), "text/html")}" '
            f'style="{style}">Download the brief (HTML, prints on A4)</a>'
            f'<a class="kit-download-md" download="{escape(stem)}.md" href="{data_uri(to_markdown(brief), "text/markdown")}" '
            f'style="{style};background:#555">Markdown (for email)</a>')


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

    def __init__(self, case_id: str | None = None):
        ids = case_ids()
        self.picker = w.Dropdown(options=ids, value=case_id if case_id in ids else (ids[0] if ids else None),
                                 description="Case", layout=w.Layout(width="520px"))
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
                   "<p>Choose a case. Every point in the brief cites claim IDs and quotes the source verbatim.</p>"),
            self.picker, self.title, self.status, self.download,
            w.HTML("<h3>Coverage and alignment</h3>"), w.HBox([self.coverage, self.alignment]),
            w.HTML("<h3>Where the readouts converge</h3><p>Linked pairs, both wordings side by side.</p>"),
            self.converge,
            w.HTML("<h3>Where they diverge, or only one side speaks</h3>"), self.diverge,
        ])
        self.picker.observe(self._on_pick, names="value")
        self.show_case(self.picker.value)

    def _on_pick(self, change: dict) -> None:
        self.show_case(change["new"])

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
        self.download.value = download_links(case)
        self.converge.value = table_html(convergence_table(case), "kit-converge")
        self.diverge.value = table_html(divergence_table(case), "kit-diverge")
        self._charts(case)

    def _charts(self, case: Case) -> None:
        from .charts import alignment_chart, coverage_chart

        for out, make in ((self.coverage, coverage_chart), (self.alignment, alignment_chart)):
            fig = make(case)
            fig.update_layout(width=560, height=420, margin=dict(l=10, r=10, t=80, b=10))
            out.outputs = (figure_output(fig),)  # not `with out: display(fig)`: see the module docstring

    def _fail(self, message: str) -> None:
        self.case = None
        self.title.value = ""
        self.status.value = f'<p style="color:#a00"><b>{escape(message)}</b></p>'
        self.download.value = ""
        self.converge.value = self.diverge.value = ""


def app_notebook_path() -> Path:
    return paths.project_root() / "apps" / "briefing.ipynb"
