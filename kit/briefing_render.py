"""Render a :class:`~kit.briefing.Brief` as Markdown (pastes into email) or self-contained HTML.

Content lives in :mod:`kit.briefing`; here only layout. The HTML loads nothing — no script, no
font, no image, no stylesheet link — escapes every string, and prints on A4 (``@page``).

Verbatim quotations are marked up so a script can check them: in Markdown, a line
``- K01 (Kremlin): “…”``; in HTML, ``<q class="verbatim" data-claim="K01">…</q>``. A cut is shown
with ``…`` inside the quotation marks (in HTML, ``<span class="cut">…</span>``).
"""

from __future__ import annotations

import argparse
import html
import re
from collections.abc import Callable
from pathlib import Path

from .briefing import Brief, Point, Quote

FOOTER = ("Quotations are verbatim from the source text; IDs in brackets are claim IDs in the case "
          "(`kit claims` lists them).")


# -- Markdown ----------------------------------------------------------------------------------

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]<>#|!])")


def _md_escape(text: str) -> str:
    """Outside text (a learner's name) as literal Markdown: no emphasis, links or raw HTML."""
    return _MD_SPECIAL.sub(r"\\\1", " ".join(text.split()))


def _md_quote(q: Quote) -> str:
    body = ("… " if q.cut_before else "") + q.text + (" …" if q.cut_after else "")
    return f"- {q.claim_id} ({q.side}): “{body}”"


def _cite(ids: tuple[str, ...]) -> str:
    return f"[{', '.join(ids)}]" if ids else ""


def to_markdown(brief: Brief) -> str:
    """Plain headings and bullets: pastes cleanly into an email or a document."""
    lines = [f"# Briefing: {brief.title}", "",
             f"Case {brief.case_id}, {brief.date}. {_md_escape(brief.basis_line)}", ""]
    for section in brief.sections:
        lines += [f"## {section.title}", ""]
        if section.intro:
            lines += [section.intro, ""]
        for point in section.points:
            lines.append(f"- {point.headline} {_cite(point.claims)}")
            lines += ["  " + _md_quote(q) for q in point.quotes]
        for note in section.notes:
            lines.append(f"- Reference note, {note.title}: {note.text} {_cite(note.claims)}")
        lines.append("")
    lines.append(FOOTER)
    return "\n".join(lines) + "\n"


# -- HTML --------------------------------------------------------------------------------------

CSS = """
@page { size: A4; margin: 9mm 10mm 10mm 10mm; }
* { box-sizing: border-box; }
html { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
body { font: 8pt/1.24 "Helvetica Neue", Arial, "Liberation Sans", sans-serif; color: #1a1a1a;
       max-width: 190mm; margin: 0 auto; padding: 3mm 0; }
h1 { font-size: 12pt; margin: 0 0 1mm; }
h2 { font-size: 10pt; margin: 2.2mm 0 .8mm; padding-bottom: .4mm; border-bottom: 1px solid #888;
     break-after: avoid; page-break-after: avoid; }
p { margin: .6mm 0; }
.meta { color: #444; }
.basis { font-weight: bold; }
.basis.answers { color: #8a3b00; border: 1px solid #c96f2b; padding: 1mm 2mm; display: inline-block; }
ul { margin: 0; padding-left: 4mm; }
li { margin: .5mm 0; break-inside: avoid; page-break-inside: avoid; }
.headline { font-weight: 600; }
.cite { font-weight: normal; color: #555; white-space: nowrap; }
.cid { font-weight: bold; font-family: Menlo, Consolas, "DejaVu Sans Mono", monospace; font-size: 8pt; }
.side { color: #555; }
q.verbatim { quotes: "\\201C" "\\201D"; font-style: italic; }
.quotes { list-style: none; padding-left: 2mm; }
table.pair { width: 100%; border-collapse: collapse; table-layout: fixed; margin: .2mm 0; }
table.pair td { width: 50%; vertical-align: top; padding: .3mm 2mm .3mm 2mm; border-left: 2px solid #ccc; }
td.s0 { border-left-color: #0072B2 !important; }  /* Okabe–Ito blue / vermillion: colour-blind safe */
td.s1 { border-left-color: #D55E00 !important; }
.note { color: #333; }
.note { font-size: 7.8pt; }
#diverge > ul, #attribution > ul, #summary_adds > ul, #verify_watch > ul { columns: 2; column-gap: 5mm; }
.inline { margin: .2mm 0 0 2mm; }
.sep { color: #999; }
#bottom_line { background: #f3f3f3; padding: 1mm 2mm 1.5mm; }
footer { margin-top: 3mm; color: #555; font-size: 7.8pt; }
@media print { body { padding: 0; } a { color: inherit; text-decoration: none; } }
"""


def _h(text: str) -> str:
    return html.escape(text, quote=True)


def _html_quote(q: Quote) -> str:
    cut = '<span class="cut">…</span>'
    return (f'<span class="cid">{_h(q.claim_id)}</span> <span class="side">{_h(q.side)}</span> '
            f'<q class="verbatim" data-claim="{_h(q.claim_id)}">{cut if q.cut_before else ""}'
            f'{_h(q.text)}{cut if q.cut_after else ""}</q>')


def _html_quotes(point: Point, side_index: dict[str, int]) -> str:
    quotes = point.quotes
    if all(q.cut_before or q.cut_after for q in quotes):  # openings and phrases: one line, not a block
        return '<p class="inline">' + ' <span class="sep">·</span> '.join(map(_html_quote, quotes)) + "</p>"
    if point.paired and len(quotes) % 2 == 0:
        rows = "".join(
            "<tr>" + "".join(f'<td class="s{side_index.get(q.side, 0)}">{_html_quote(q)}</td>' for q in quotes[i:i + 2])
            + "</tr>" for i in range(0, len(quotes), 2))
        return f'<table class="pair">{rows}</table>'
    return '<ul class="quotes">' + "".join(f"<li>{_html_quote(q)}</li>" for q in quotes) + "</ul>"


def to_html(brief: Brief) -> str:
    """One self-contained page: inline CSS only, nothing loaded from anywhere, every string escaped."""
    labels = brief.sides or tuple(dict.fromkeys(q.side for s in brief.sections for p in s.points for q in p.quotes))
    side_index = {label: i % 2 for i, label in enumerate(labels)}
    basis_class = "basis answers" if brief.basis == "answers" else "basis"
    out = ["<!DOCTYPE html>", '<html lang="en">', "<head>", '<meta charset="utf-8">',
           '<meta name="viewport" content="width=device-width, initial-scale=1">',
           # Refuse anything external even if a quote ever carried markup past the escaping.
           "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">",
           f"<title>Briefing: {_h(brief.title)}</title>", f"<style>{CSS}</style>", "</head>", "<body>",
           "<header>", f"<h1>{_h(brief.title)}</h1>",
           f'<p class="meta">Briefing pack · case {_h(brief.case_id)}, {_h(brief.date)}.</p>',
           f'<p class="{basis_class}">{_h(brief.basis_line)}</p>', "</header>"]
    for section in brief.sections:
        out.append(f'<section id="{_h(section.key)}"><h2>{_h(section.title)}</h2>')
        if section.intro:
            out.append(f'<p class="intro">{_h(section.intro)}</p>')
        out.append("<ul>")
        for point in section.points:
            out.append(f'<li><p class="headline">{_h(point.headline)} <span class="cite">{_h(_cite(point.claims))}</span></p>'
                       + _html_quotes(point, side_index) + "</li>")
        for note in section.notes:
            out.append(f'<li class="note"><b>Reference note — {_h(note.title)}.</b> {_h(note.text)} '
                       f'<span class="cite">{_h(_cite(note.claims))}</span></li>')
        out.append("</ul></section>")
    out += [f"<footer>{_h(FOOTER)}</footer>", "</body>", "</html>"]
    return "\n".join(out) + "\n"


# -- files -------------------------------------------------------------------------------------

RENDERERS: dict[str, Callable[[Brief], str]] = {".html": to_html, ".htm": to_html, ".md": to_markdown}


def out_path(value: str) -> Path:
    """argparse type for ``--out``: the suffix picks the format; anything else is a usage error."""
    path = Path(value)
    if path.suffix.lower() not in RENDERERS:
        raise argparse.ArgumentTypeError(
            f"{value}: unknown format {path.suffix or '(no suffix)'}; use a .html or .md file name, e.g. brief.html")
    return path


def render(brief: Brief, path: str | Path) -> str:
    return RENDERERS[Path(path).suffix.lower()](brief)


def write_brief(brief: Brief, path: str | Path) -> Path:
    """Write the brief in the format its suffix names (.html, .htm, .md)."""
    path = Path(path)
    text = render(brief, path)
    if path.parent != Path("."):
        path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path
