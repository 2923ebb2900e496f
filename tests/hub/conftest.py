"""The classroom suite: a real JupyterHub with real Unix users (tests/hub/hub_harness.py).

Marked ``slow`` (about a minute). Skipped with the reason where it cannot run (not root, no
jupyterhub, no configurable-http-proxy and no npm), unless READOUT_KIT_REQUIRE_HUB=1 (for CI),
which turns the skip into a failure.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

from hub_harness import hub_unavailable  # noqa: E402

REQUIRE = os.environ.get("READOUT_KIT_REQUIRE_HUB") == "1"


@pytest.fixture(scope="session")
def hub_ready():
    reason = hub_unavailable()
    if reason:
        if REQUIRE:
            pytest.fail(f"classroom suite required (READOUT_KIT_REQUIRE_HUB=1) but {reason}", pytrace=False)
        pytest.skip(f"classroom suite skipped: {reason}")
