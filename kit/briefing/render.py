"""Lay a :class:`~kit.briefing.build.Brief` out as HTML (one A4 page, + annex) or Markdown.

Jinja2 templates in ``templates/``: ``brief.html`` is rendered with autoescaping on, so every
string from a case or a person is text, never markup; ``brief.md`` escapes Markdown syntax in the
kit's and people's words (the ``md`` filter) and leaves quotations as the source has them. The
HTML loads nothing (no script, font, image or stylesheet link) and prints on one A4 page with the
body at 10 pt; ``annex=True`` adds the verbatim evidence after a page break.

Verbatim quotations are marked up so a script can check them: in HTML
``<q class="verbatim" data-claim="N01">…</q>``; in Markdown, annex lines ``- N01 (North): “…”`` (the claim ID and its side's label).
"""

from __future__ import annotations

import argparse
import re
from collections.abc import Callable
from pathlib import Path

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

from ..charts.palette import CHECK_TEXT, OKABE_ITO
from ..io.atomic import atomic_write
from .build import Brief

FOOTER = "IDs are the case's claim IDs (kit claims); the annex quotes each in full (kit brief --annex)."
BODY_PT = 10  # the body's font size: the one-page test prints at this size

CSS = f"""
@page {{ size: A4; margin: 10mm 12mm 9mm 12mm; }}
* {{ box-sizing: border-box; }}
html {{ -webkit-print-color-adjust: exact; print-color-adjust: exact; }}
body {{ font: {BODY_PT}pt/1.2 "DejaVu Sans", "Liberation Sans", Arial, sans-serif; color: #1a1a1a;
       max-width: 184mm; margin: 0 auto; }}
h1 {{ font-size: 12pt; margin: 0 0 .5mm; }}
h2 {{ font-size: 10.5pt; margin: 1.8mm 0 .5mm; padding-bottom: .3mm; border-bottom: 1px solid #888;
     break-after: avoid; }}
h3 {{ font-size: 10pt; margin: 2mm 0 .5mm; }}
p {{ margin: .5mm 0; }}
.meta {{ color: #444; margin-bottom: 1mm; }}
.basis.answers {{ color: {CHECK_TEXT}; font-weight: bold; }}
ul {{ margin: 0; padding-left: 4.5mm; }}
li {{ margin: .4mm 0; break-inside: avoid; }}
.cite {{ color: #555; white-space: nowrap; font-size: 9pt; }}
.cid {{ font-weight: bold; font-family: "DejaVu Sans Mono", Menlo, Consolas, monospace; }}
.side {{ color: #555; }}
q.verbatim {{ quotes: "\\201C" "\\201D"; font-style: italic; }}
#bottom_line {{ background: #f1f1f1; padding: .5mm 2mm 1mm; }}
#bottom_line li {{ font-weight: 600; }}
li.problem {{ border-left: 3px solid {OKABE_ITO["vermillion"]}; padding-left: 1.5mm; }}
.flag {{ color: {CHECK_TEXT}; }}
.intro {{ color: #333; }}
footer {{ margin-top: 2mm; color: #555; font-size: 9pt; }}
.annex {{ break-before: page; }}
.annex .quotes {{ list-style: none; padding-left: 0; }}
.note {{ margin: 1mm 0; }}
"""

_env = Environment(loader=PackageLoader("kit.briefing", "templates"), autoescape=select_autoescape(["html"]),
                   undefined=StrictUndefined, keep_trailing_newline=True, trim_blocks=False)
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]<>#|!])")
_env.filters["md"] = lambda text: _MD_SPECIAL.sub(r"\\\1", " ".join(str(text).split()))


def to_html(brief: Brief, annex: bool = False) -> str:
    """One self-contained A4 page (inline CSS only, every string escaped); the annex after a page break."""
    return _env.get_template("brief.html").render(brief=brief, css=CSS, footer=FOOTER, annex=annex)


def to_markdown(brief: Brief, annex: bool = False) -> str:
    """Plain headings and bullets: pastes cleanly into an email or a document."""
    text = _env.get_template("brief.md").render(brief=brief, footer=FOOTER, annex=annex)
    return re.sub(r"\n{3,}", "\n\n", text).strip() + "\n"


RENDERERS: dict[str, Callable[..., str]] = {".html": to_html, ".htm": to_html, ".md": to_markdown}


def out_path(value: str) -> Path:
    """argparse type for ``--out``: the suffix picks the format; anything else is a usage error."""
    path = Path(value)
    if path.suffix.lower() not in RENDERERS:
        raise argparse.ArgumentTypeError(
            f"{value}: unknown format {path.suffix or '(no suffix)'}; use a .html or .md file name, e.g. brief.html")
    return path


def render(brief: Brief, path: str | Path, annex: bool = False) -> str:
    return RENDERERS[Path(path).suffix.lower()](brief, annex=annex)


def write_brief(brief: Brief, path: str | Path, annex: bool = False) -> Path:
    """Write the brief in the format its suffix names (.html, .htm, .md)."""
    path = Path(path)
    text = render(brief, path, annex)
    return atomic_write(path, text.encode("utf-8"))  # never a half-written brief (kit.io.atomic)
