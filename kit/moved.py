"""Old module paths of earlier versions of the kit, still importable.

The kit's modules moved into packages named for their floor (``kit/io``, ``kit/case``,
``kit/answers``, ``kit/judge``, ``kit/report``). Learners keep the notebooks they edited, so
``from kit.exercises import check`` in last term's copy must still work: :data:`MOVED` maps each old
path to its new one, and :class:`OldPaths` (installed on ``import kit``) answers an import of an old
path with the new module itself — the same object, so nothing is loaded twice. ``kit.case`` and
``kit.answers`` are packages now that re-export what their old modules offered.
"""

from __future__ import annotations

import importlib
import importlib.abc
import importlib.machinery
import importlib.util
import sys
from collections.abc import Sequence
from types import ModuleType

MOVED = {
    "kit.atomic": "kit.io.atomic",
    "kit.files": "kit.io.files",
    "kit.jsonfile": "kit.io.jsonfile",
    "kit.webpage": "kit.io.webpage",
    "kit.taxonomy": "kit.case.taxonomy",
    "kit.labels": "kit.case.labels",
    "kit.story": "kit.case.story",
    "kit.key": "kit.case.key",
    "kit.sources": "kit.case.sources",
    "kit.new_case": "kit.case.new",
    "kit.reference_file": "kit.case.write_reference",
    "kit.proposals": "kit.case.proposals",
    "kit.originals": "kit.case.originals",
    "kit.trace": "kit.case.trace",
    "kit.store": "kit.answers.store",
    "kit.widgets.autosave": "kit.answers.store",
    "kit.reference": "kit.answers.reference_answers",
    "kit.submit": "kit.answers.submit",
    "kit.scoring": "kit.judge.scoring",
    "kit.grading": "kit.judge.grading",
    "kit.roster": "kit.judge.roster",
    "kit.agreement": "kit.judge.agreement",
    "kit.exercises": "kit.judge.exercises",
    "kit.synthetic": "kit.judge.synthetic",
    "kit.class_report": "kit.report.class_report",
    "kit.feedback": "kit.report.feedback",
}


class OldPaths(importlib.abc.MetaPathFinder, importlib.abc.Loader):
    """Finds an old module path and loads it as the module now at its new path."""

    def find_spec(self, fullname: str, path: Sequence[str] | None,
                  target: ModuleType | None = None) -> importlib.machinery.ModuleSpec | None:
        return importlib.util.spec_from_loader(fullname, self) if fullname in MOVED else None

    def create_module(self, spec: importlib.machinery.ModuleSpec) -> ModuleType | None:
        return None  # a placeholder; exec_module puts the real module in its place

    def exec_module(self, module: ModuleType) -> None:
        # The import system returns whatever sys.modules holds under the name once this returns.
        sys.modules[module.__name__] = importlib.import_module(MOVED[module.__name__])


def install() -> None:
    """Let old paths import (once per interpreter)."""
    if not any(isinstance(finder, OldPaths) for finder in sys.meta_path):
        sys.meta_path.append(OldPaths())
