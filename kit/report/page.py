"""Render a page of ``kit/report/templates/`` with Jinja2, autoescaping on.

Jinja2 is the maintained choice for HTML from templates (installed with Jupyter): every string a
learner or a case supplies is text, never markup, without anyone remembering to escape it. Only
what the kit itself made as HTML (plotly's chart divs and its script) is passed in as ``Markup``.
"""

from __future__ import annotations

from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined

from ..charts.palette import OK_TEXT, PROBLEM_TEXT

_env = Environment(loader=PackageLoader("kit.report", "templates"), autoescape=True, undefined=StrictUndefined,
                   keep_trailing_newline=True)
# Right and wrong in the kit's one palette (always with ✓ or ✗ too, never colour alone).
_env.globals["colours"] = {"ok": OK_TEXT, "problem": PROBLEM_TEXT}


def render(template: str, **context: Any) -> str:
    """The page ``template`` filled with ``context``."""
    return _env.get_template(template).render(**context)
