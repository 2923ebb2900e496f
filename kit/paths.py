"""Where the kit finds its data: the course folder holding data/, seeds/ and notebooks/."""

from __future__ import annotations

import os
from pathlib import Path

DEFAULT_CASE = "xi-putin-2026-02-04"


def project_root() -> Path:
    """The course folder: $READOUT_KIT_ROOT if set, else the checkout this package lives in."""
    env = os.environ.get("READOUT_KIT_ROOT")
    return Path(env).resolve() if env else Path(__file__).resolve().parent.parent


def data_dir() -> Path:
    return project_root() / "data"


def case_dir(case_id: str) -> Path:
    return data_dir() / "cases" / case_id


def taxonomy_path() -> Path:
    return data_dir() / "taxonomy.yml"


def answers_dir() -> Path:
    """Where learners' answers are saved: $READOUT_KIT_ANSWERS_DIR if set, else answers/ in the course.

    answers/ is git-ignored, so a course update (git pull, nbgitpuller) never touches learner work.
    """
    env = os.environ.get("READOUT_KIT_ANSWERS_DIR")
    return Path(env).expanduser().resolve() if env else project_root() / "answers"
