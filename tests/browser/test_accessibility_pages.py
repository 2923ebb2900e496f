"""axe-core on the kit's stand-alone pages (issue 15): the class report and the brief, each rendered
for the seed case and opened in Chromium. Zero serious or critical violations; the figures go to
artifacts/a11y/scans.jsonl with the notebook scans. No Jupyter server needed.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from test_accessibility import SEVERE, axe_scan, describe, record

pytestmark = pytest.mark.browser


def class_report_html() -> str:
    from kit.case.load import load_case
    from kit.report.class_report import render_html, summarise
    from kit.judge.scoring import score
    from kit.judge.synthetic import synthetic_class

    case = load_case()
    return render_html(case, summarise(case, [score(case, a) for a in synthetic_class(case, 12, seed=3)]))


def brief_html() -> str:
    from kit.briefing import build_brief, case_judgements, to_html
    from kit.case.load import load_case

    case = load_case()
    return to_html(build_brief(case, None, judgements=case_judgements(case)), annex=True)


PAGES = {"class report": class_report_html, "brief": brief_html}


@pytest.mark.parametrize("name", sorted(PAGES))
def test_no_serious_violations_on_the_kits_pages(browser, tmp_path: Path, name: str):
    """The page, opened from a file (CSP bypassed so axe can be injected): no serious or critical
    axe violation, and no text under 4.5:1."""
    path = tmp_path / f"{name.replace(' ', '-')}.html"
    path.write_text(PAGES[name](), encoding="utf-8")
    context = browser.new_context(bypass_csp=True, viewport={"width": 1200, "height": 900})
    try:
        page = context.new_page()
        page.goto(path.as_uri())
        violations = axe_scan(page)
        record(name, "page", "page", violations)
        contrast = low_contrast_page(page)
    finally:
        context.close()
    severe = [v for v in violations if v["impact"] in SEVERE]
    assert [] == severe, f"{name}:\n{describe(severe)}"
    assert [] == contrast[:20], f"{name}: {len(contrast)} text elements under 4.5:1"


def low_contrast_page(page) -> list[str]:
    from test_accessibility import CONTRAST_JS

    return page.evaluate(CONTRAST_JS, "body")
