"""The kit's modules form layers: no import cycle among them, counting every import (type-only ones too)."""

from __future__ import annotations

import ast
import re
from pathlib import Path

KIT = Path(__file__).resolve().parent.parent / "kit"


def _module(path: Path) -> str:
    parts = path.relative_to(KIT.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path: Path) -> set[str]:
    """The kit modules ``path`` imports anywhere in its body (functions and TYPE_CHECKING blocks included)."""
    here = _module(path)
    package = here if path.name == "__init__.py" else here.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            base = package
            for _ in range(node.level - 1):
                base = base.rpartition(".")[0]
            target = f"{base}.{node.module}" if node.level and node.module else (node.module or base)
            for alias in node.names:  # `from . import paths` names a module
                found.add(f"{target}.{alias.name}")
            found.add(target)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return found


def _graph() -> dict[str, set[str]]:
    modules = {_module(p): p for p in KIT.rglob("*.py")}
    return {name: {m for m in _imports(path) if m in modules and m != name} for name, path in modules.items()}


def _cycle(graph: dict[str, set[str]]) -> list[str]:
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> list[str]:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(graph[node]):
            if state.get(nxt) == 1:
                return stack[stack.index(nxt):] + [nxt]
            if nxt not in state:
                found = visit(nxt)
                if found:
                    return found
        stack.pop()
        state[node] = 2
        return []

    for node in sorted(graph):
        if node not in state:
            found = visit(node)
            if found:
                return found
    return []


KNOWN: set[tuple[str, ...]] = set()  # none left: add one here only with its reason


def test_no_import_cycle_between_modules():
    """No kit module imports, even for types, a module that imports it back (a package's __init__ and the known entry aside)."""
    graph = _graph()
    for name in graph:  # a package re-exporting its own modules is not a layer crossing
        graph[name] = {m for m in graph[name] if not name.startswith(f"{m}.")}
    found = set()
    while cycle := _cycle(graph):
        found.add(tuple(sorted(set(cycle))))
        graph[cycle[-2]].discard(cycle[-1])  # break it to look for the next one
    assert KNOWN == found


def test_agreement_statistics_sit_below_the_charts():
    """kit.judge.agreement imports nothing from the charts or the class report page."""
    graph = _graph()
    assert set() == {m for m in graph["kit.judge.agreement"] if m.startswith(("kit.charts", "kit.report.class_report"))}


OWN_WRITERS = {"io/atomic.py"}  # the one module that writes files
WRITES = re.compile(r"\.write_(text|bytes)\(|\bopen\([^)]*['\"][wax]b?['\"]|os\.fdopen\(")


def test_every_file_the_kit_writes_goes_through_the_atomic_writer():
    """No module but the atomic writer writes a file itself."""
    found = [f"{p.relative_to(KIT)}:{n}" for p in sorted(KIT.rglob("*.py")) if str(p.relative_to(KIT)) not in OWN_WRITERS
             for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1) if WRITES.search(line)]
    assert [] == found


# The floors, from the ground up (README, "For maintainers"): a module imports from its own floor or below.
FLOORS = [("ground", ("kit.errors", "kit.paths", "kit.moved", "kit.io")), ("case", ("kit.case",)),
          ("answers", ("kit.answers",)), ("judge", ("kit.judge",)),
          ("views", ("kit.charts", "kit.report", "kit.briefing", "kit.widgets")), ("edge", ("kit.cli", "kit.__main__"))]


def _floor(module: str) -> int:
    for n, (_, prefixes) in enumerate(FLOORS):
        if any(module == p or module.startswith(p + ".") for p in prefixes):
            return n
    return len(FLOORS)  # the package itself (kit/__init__.py) stands on top


def test_every_import_goes_down_a_floor_or_stays():
    """No module imports from a floor above its own (type-only and deferred imports counted)."""
    graph = _graph()
    names = [floor for floor, _ in FLOORS] + ["the package"]
    up = sorted(f"{name} -> {m} ({names[_floor(name)]} -> {names[_floor(m)]})" for name, targets in graph.items()
                for m in targets if _floor(m) > _floor(name) and _floor(name) < len(FLOORS)
                and not name.startswith(f"{m}."))  # `from .. import paths` runs an ancestor's __init__: Python's rule
    assert [] == up


def test_no_file_of_the_kit_is_ignored_by_git():
    """Every source file under kit/ can be committed: an ignore rule meant for learners' answers/ once
    hid kit/answers/__init__.py, and a clean checkout broke."""
    import subprocess

    run = subprocess.run(["git", "ls-files", "--others", "--ignored", "--exclude-standard", "kit", "tests", "data"],
                         cwd=KIT.parent, capture_output=True, text=True, check=True)
    assert [] == [p for p in run.stdout.splitlines() if "__pycache__" not in p and not p.endswith(".pyc")]
