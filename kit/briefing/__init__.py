"""The brief: build (pure), render (Jinja2 templates, HTML autoescaped, or Markdown), app (Voilà).

    brief = build_brief(case, answers=None, judgements=case_judgements(case))
    write_brief(brief, "brief.html", annex=True)
"""

from __future__ import annotations

from .build import SECTION_KEYS, SECTION_TITLES, Brief, Point, Quote, Section, build_brief, convergence_table, divergence_table, shared_matters
from .judgements import Judgement, case_judgements, check_judgements, load_judgements, parse_judgements
from .render import out_path, to_html, to_markdown, write_brief

__all__ = ["SECTION_KEYS", "SECTION_TITLES", "Brief", "Judgement", "Point", "Quote", "Section", "build_brief",
           "case_judgements", "check_judgements", "convergence_table", "divergence_table", "load_judgements",
           "out_path", "parse_judgements", "shared_matters", "to_html", "to_markdown", "write_brief"]
