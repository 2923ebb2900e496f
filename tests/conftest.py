"""Shared test fixtures and hooks. Add yours; keep each one small and documented."""

import os
import tempfile

import pytest


def pytest_configure(config):
    """Notebooks and boards under test save answers to a scratch folder, never the repo's answers/.

    Set in the environment so that kernels started by nbval (--nbval-current-env) inherit it.
    """
    os.environ.setdefault("READOUT_KIT_ANSWERS_DIR", tempfile.mkdtemp(prefix="readout-kit-answers-"))


@pytest.fixture(scope="session")
def seed_case():
    """The default case (the seed's), loaded once; tests must not modify it."""
    from kit.case import load_case

    return load_case()


@pytest.fixture
def answers_dir(tmp_path, monkeypatch):
    """A fresh answers folder for one test, also set as $READOUT_KIT_ANSWERS_DIR."""
    folder = tmp_path / "answers"
    monkeypatch.setenv("READOUT_KIT_ANSWERS_DIR", str(folder))
    return folder


# Notebooks under tests/browser/fixtures are opened by the browser suite, not lessons for nbval.
collect_ignore_glob = ["browser/fixtures/*.ipynb"]
