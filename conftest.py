"""How `make test` splits the suites over cores (pytest-xdist, `-n`). Here at the top of the repo so that
pytest loads it for any path it is given (tests/, notebooks/, exercises/, instructor/).

Whatever runs together in one process today still does: a test module goes to one worker whole (its
module-scoped fixtures, such as the Voilà server or the 13 kernels of test_notebooks_any_case, start
once), and so does a notebook under nbval (its cells are items that run in order in ONE kernel; split
over workers, a cell would run without the cells before it). Only the modules named in ONE_BY_ONE hand
out their tests one at a time: each test there runs one notebook on its own kernel, and they are the
longest part of the run. Each worker starts its own Jupyter server, Chromium and temporary folders (the
browser suite's package fixtures; ports from the OS), so workers share nothing but the repo's
artifacts/ and docs/ screenshots, each written by one test.

Units go out in collection order (browser suite, classroom, unit tests, notebooks), each worker taking
the next when it is nearly done, so the two long units (the Voilà module, the classroom) run beside
the many short ones.
"""

from __future__ import annotations

import os
import tempfile

import pytest


def pytest_configure(config):
    """Notebooks and boards under test save answers to a scratch folder, never the repo's answers/.

    Set in the environment so that kernels started by nbval (--nbval-current-env) inherit it, and
    so that xdist workers, started after this, share the one folder as a serial run does. Here, at
    the top, it holds for any path given to pytest; notebooks/ and exercises/ no longer carry a
    conftest.py of their own for it, so `from conftest import …` in tests/ means tests/conftest.py.
    """
    os.environ.setdefault("READOUT_KIT_ANSWERS_DIR", tempfile.mkdtemp(prefix="readout-kit-answers-"))

# Modules whose tests share nothing costly at module scope and may go to different workers.
ONE_BY_ONE = ("tests/browser/test_accessibility.py",)


@pytest.hookimpl(optionalhook=True, tryfirst=True)
def pytest_xdist_make_scheduler(config, log):
    """For -n with the default (load) or loadscope distribution: whole modules and notebooks, but
    ONE_BY_ONE's tests singly, in collection order. Other --dist modes are xdist's own."""
    if config.getvalue("dist") not in ("load", "loadscope"):
        return None
    from xdist.scheduler import LoadScopeScheduling

    class CourseScheduling(LoadScopeScheduling):
        def _split_scope(self, nodeid: str) -> str:
            if nodeid.split("::", 1)[0] in ONE_BY_ONE:
                return nodeid
            return nodeid.split("::", 1)[0]  # the module, or the notebook (nbval: "x.ipynb::Cell 3")

    config.option.loadscopereorder = False  # collection order, not "most tests first"
    return CourseScheduling(config, log)
