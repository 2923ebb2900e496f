"""Readout Kit: compare two readouts of one diplomatic event — tag, link, check, grade, brief.

    case = kit.load_case()                    # claims, reference, links as DataFrames
    kit.score(case, kit.load_answers(path, case))
    kit.TaggingBoard(case)                    # widgets load on first use, so `import kit` stays light
"""

from __future__ import annotations

from typing import Any

from .answers.parse import Answers, load_answers, save_answers
from .case.load import Case, load_case, require_reference
from .errors import KitError
from .judge.scoring import Score, score
from .moved import MOVED
from .moved import install as _install_old_paths

_install_old_paths()  # old module paths (kit.exercises, kit.scoring…) of last term's notebooks: kit/moved.py

__all__ = ["Answers", "Case", "ExerciseBoard", "KitError", "LinkBoard", "ReadoutView", "Score",
           "TaggingBoard", "load_answers", "load_case", "require_reference", "save_answers", "score"]
__version__ = "0.1.0"

_WIDGETS = {"ExerciseBoard", "LinkBoard", "ReadoutView", "TaggingBoard"}


def __getattr__(name: str) -> Any:
    if name in _WIDGETS:  # ipywidgets is imported only when a board is first asked for
        from . import widgets

        return getattr(widgets, name)
    if f"kit.{name}" in MOVED:  # `import kit; kit.scoring.score(...)`, as before the modules moved
        import importlib

        return importlib.import_module(MOVED[f"kit.{name}"])
    raise AttributeError(f"module 'kit' has no attribute {name!r}")
