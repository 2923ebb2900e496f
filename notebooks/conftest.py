"""Notebooks under test save answers to a scratch folder, never the repo's answers/ (kernels
started with --nbval-current-env inherit this environment)."""

import os
import tempfile


def pytest_configure(config):
    os.environ.setdefault("READOUT_KIT_ANSWERS_DIR", tempfile.mkdtemp(prefix="readout-kit-answers-"))
