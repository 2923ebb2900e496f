"""The promises the code makes are enforced: ruff, mypy and vulture are clean on kit/ (configured in pyproject.toml)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _tool(name: str) -> str:
    found = Path(sys.executable).parent / name
    if found.exists():
        return str(found)
    other = shutil.which(name)
    if other is None:
        pytest.fail(f"{name} is not installed; install the test extra: pip install -e '.[test]'")
    return other


def test_ruff_finds_nothing_in_kit():
    """ruff check kit/ reports no problem (rules and the reason for each exception: pyproject.toml)."""
    run = subprocess.run([_tool("ruff"), "check", "--no-cache", "kit"], cwd=ROOT, capture_output=True, text=True)
    assert (0, "") == (run.returncode, run.stdout if run.returncode else "")


def test_mypy_finds_nothing_in_kit():
    """mypy on kit/ (py.typed ships, so its types are a promise) reports no error."""
    run = subprocess.run([_tool("mypy")], cwd=ROOT, capture_output=True, text=True)
    assert (0, "") == (run.returncode, run.stdout if run.returncode else "")


def test_vulture_finds_no_dead_code_in_kit():
    """vulture finds no unused function, class, method or variable in kit/ (at 60% confidence) beyond
    the names tests/vulture_whitelist.py shows used where vulture cannot look (templates, notebooks)."""
    run = subprocess.run([_tool("vulture"), "kit", "tests/vulture_whitelist.py", "--min-confidence", "60"],
                         cwd=ROOT, capture_output=True, text=True)
    assert (0, "") == (run.returncode, run.stdout)
