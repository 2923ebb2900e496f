"""Reading data files safely: YAML and CSV errors become one clear line, never a traceback."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

import yaml

from ..errors import KitError, problem


def read_text(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise KitError(problem(path, None, "file not found; check the path (or the case's folder)")) from None
    except UnicodeDecodeError as err:
        raise KitError(problem(path, None, f"not UTF-8 text (byte {err.start}); save it as UTF-8")) from None
    except OSError as err:
        raise KitError(problem(path, None, f"cannot read: {err.strerror}")) from None
    except ValueError:  # a path with a NUL byte in it (e.g. a case.yml 'source' written "\0")
        raise KitError(problem(repr(str(path))[1:-1], None, "not a usable file name; check the path")) from None


# libyaml, where PyYAML was built with it (its wheels are), parses a case's reference.yml in 0.02 s
# instead of 0.12 s, which every command pays. Its composer recurses in C, without Python's recursion
# check, so a hostile file nested thousands deep would crash the process: the nesting is first
# measured from libyaml's parser events (an iterative parser), and anything deeper than FAST_DEPTH,
# anything refused, and any machine without libyaml go to PyYAML's pure-Python safe loader, which
# words every refusal as before.
_CLOADER = getattr(yaml, "CSafeLoader", None)
FAST_DEPTH = 64  # far beyond any case file (reference.yml nests 5 deep)
_OPEN = (yaml.MappingStartEvent, yaml.SequenceStartEvent)
_CLOSE = (yaml.MappingEndEvent, yaml.SequenceEndEvent)


def _shallow(text: str, loader: Any) -> bool:
    """True if no collection in ``text`` nests deeper than FAST_DEPTH (False also when it does not parse)."""
    depth = 0
    try:
        for event in yaml.parse(text, Loader=loader):
            if isinstance(event, _OPEN):
                depth += 1
                if depth > FAST_DEPTH:
                    return False
            elif isinstance(event, _CLOSE):
                depth -= 1
    except yaml.YAMLError:
        return False
    return True


def read_yaml(path: Path) -> Any:
    """Parse YAML safely (plain data only: no tags, nothing executed)."""
    text = read_text(path)
    try:
        if _CLOADER is not None and _shallow(text, _CLOADER):
            try:
                return yaml.load(text, Loader=_CLOADER)  # noqa: S506 (libyaml's safe loader)
            except yaml.YAMLError:
                pass  # the pure-Python loader below says what is wrong, as it always has
        return yaml.safe_load(text)
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        where = f"line {mark.line + 1}" if mark is not None else None
        what = getattr(err, "problem", None) or "invalid YAML"
        raise KitError(problem(path, where, f"{what}; fix the YAML syntax there")) from None
    except RecursionError:
        raise KitError(problem(path, None, "nested too deeply to read; fix the YAML structure")) from None


def read_csv_rows(path: Path, required: list[str]) -> list[dict[str, str]]:
    """Rows of a CSV file as dicts, after checking that the header has the ``required`` columns."""
    text = read_text(path)
    try:
        # StringIO, not splitlines(): a quoted field may hold a line break (a hard-wrapped claim)
        reader = csv.DictReader(io.StringIO(text, newline=""), strict=True)
        rows = list(reader)
    except csv.Error as err:
        raise KitError(problem(path, f"line {reader.line_num}", f"{err}; fix the CSV quoting")) from None
    header = reader.fieldnames or []
    missing = [c for c in required if c not in header]
    if missing:
        raise KitError(problem(path, "header", f"missing column(s) {', '.join(missing)}; expected {', '.join(required)}"))
    for number, row in enumerate(rows, start=2):
        if None in row or any(v is None for v in row.values()):
            raise KitError(problem(path, f"line {number}", f"expected {len(header)} fields; quote text that contains commas"))
    return rows

