"""axe-core on the kit's stand-alone pages (issue 15): the class report and the brief, each rendered
for the seed case and opened in Chromium. Zero serious or critical violations; the figures go to
artifacts/a11y/scans.jsonl with the notebook scans. No Jupyter server needed.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from test_accessibility import SEVERE, axe_scan, describe, record

pytestmark = pytest.mark.browser


def class_report_html(tmp_path: Path) -> str:
    from kit.case.load import load_case
    from kit.report.class_report import render_html, summarise
    from kit.judge.scoring import score
    from kit.judge.synthetic import synthetic_class

    case = load_case()
    return render_html(case, summarise(case, [score(case, a) for a in synthetic_class(case, 12, seed=3)]))


def brief_html(tmp_path: Path) -> str:
    from kit.briefing import build_brief, case_judgements, to_html
    from kit.case.load import load_case

    case = load_case()
    return to_html(build_brief(case, None, judgements=case_judgements(case)), annex=True)


def feedback_html(tmp_path: Path) -> str:
    from kit.answers.parse import save_answers
    from kit.case.load import load_case
    from kit.judge.grading import Graded
    from kit.judge.scoring import score
    from kit.judge.synthetic import synthetic_class
    from kit.report.feedback import render_feedback

    case = load_case()
    answers = synthetic_class(case, 1, seed=5)[0]
    path = save_answers(answers, tmp_path / "ada.json")
    return render_feedback(case, Graded(path, case, answers, score(case, answers)))


PAGES = {"class report": class_report_html, "brief": brief_html, "feedback": feedback_html}
LANDMARKS = {"landmark-one-main", "region"}  # every page's content sits in a <main>


@pytest.mark.parametrize("name", sorted(PAGES))
def test_no_serious_violations_on_the_kits_pages(browser, tmp_path: Path, name: str):
    """The page, opened from a file (CSP bypassed so axe can be injected): no serious or critical
    axe violation, its content in a main landmark, and no text under 4.5:1."""
    path = tmp_path / f"{name.replace(' ', '-')}.html"
    path.write_text(PAGES[name](tmp_path), encoding="utf-8")
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
    landmarks = [v for v in violations if v["id"] in LANDMARKS]
    assert [] == landmarks, f"{name}:\n{describe(landmarks)}"
    assert [] == contrast[:20], f"{name}: {len(contrast)} text elements under 4.5:1"


def low_contrast_page(page) -> list[str]:
    from test_accessibility import CONTRAST_JS

    return page.evaluate(CONTRAST_JS, "body")
