"""The harness in JupyterLab 4 and Notebook 7, in a real browser: widgets and plotly charts render and
talk back to the kernel, and a traceback is seen. (The course's notebooks: test_accessibility.py.)"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from jupyter_ui import FRONTENDS, Frontend

pytestmark = pytest.mark.browser


frontends = pytest.mark.parametrize("frontend", FRONTENDS, ids=lambda f: f.name)

# Every lesson and exercise is opened and run in JupyterLab (light and dark) and Notebook 7 by
# test_accessibility.py::test_notebook_runs_clean_and_accessible, which scans that same run with axe:
# one open and one Run All per notebook per view.


@frontends
def test_harness_widgets_and_plotly(page, jupyter, frontend: Frontend):
    """The harness's own notebook: a Dropdown, a Button whose callback prints the choice, a chart.
    Proves the front end renders widgets and plotly and that widget events reach the kernel."""
    nb = frontend.open(page, jupyter, "harness/harness_smoke.ipynb")
    nb.run_all()
    counts = nb.assert_clean_outputs()
    assert counts == {"widgets": 1, "plotly": 1}
    page.locator(".widget-dropdown select").select_option("reframed")
    page.locator(".widget-button", has_text="Check").click()
    expect(page.locator(".widget-output")).to_contain_text("you chose reframed")
    expect(page.locator(".js-plotly-plot .main-svg").first).to_be_visible()
    expect(page.locator(".js-plotly-plot .bars path")).to_have_count(3)


def test_harness_sees_a_traceback(page, jupyter):
    """A test of the test: a notebook that raises must fail the clean-output check (Lab only)."""
    nb = FRONTENDS[0].open(page, jupyter, "harness/harness_raises.ipynb")
    nb.run_all()
    with pytest.raises(AssertionError, match="ZeroDivisionError"):
        nb.assert_clean_outputs()
