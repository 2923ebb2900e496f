"""The class roster: each learner's hub name mapped to their identity in the LMS (Canvas, Moodle).

A CSV file with a ``learner`` column (the name the learner logs in to the hub with) and any of
``lms_id`` (Canvas's user ID), ``sis_user_id``, ``sis_login_id``, ``email``, ``username``, plus an
optional ``name`` (shown in Canvas's Student column). The identities are copied into the LMS file as
written — never cleaned into a file name — because the LMS matches on them exactly.

A hand-in is matched to a roster row by its learner name, which the kit may have made safe for a
file name (``alice@uni.edu`` → ``alice_uni.edu``) or, on Zero to JupyterHub, which KubeSpawner made a
safe slug (``alice.smith`` → ``alice-smith---<hash>``): a row matches any of these forms of its
``learner``.
"""

from __future__ import annotations

import csv
import hashlib
import re
import string
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import KitError, problem
from ..paths import safe_name

ID_COLUMNS = ("lms_id", "sis_user_id", "sis_login_id", "email", "username")
MAX_BYTES = 5 * 1024 * 1024


@dataclass(frozen=True)
class Entry:
    learner: str  # the hub name, as written in the roster
    row: int  # the CSV line, for messages
    name: str = ""
    ids: dict[str, str] = field(default_factory=dict)  # ID column -> value (non-empty only)


@dataclass(frozen=True)
class Roster:
    path: Path
    entries: tuple[Entry, ...]
    columns: tuple[str, ...]  # the ID columns the file has, in ID_COLUMNS order

    def index(self) -> dict[str, Entry]:
        """Every form of every entry's learner (raw, file-safe, KubeSpawner slug) -> the entry."""
        found: dict[str, Entry] = {}
        for entry in self.entries:
            for form in learner_forms(entry.learner):
                found.setdefault(form, entry)
        return found


def learner_forms(hub_name: str) -> list[str]:
    """The names a hand-in of this hub user can carry: as given, made file-safe by the kit
    (:func:`kit.paths.safe_name`), and KubeSpawner's safe slug (Zero to JupyterHub's ``{username}``)."""
    raw = hub_name.strip()
    return list(dict.fromkeys(f for f in (raw, safe_name(raw), kubespawner_username(raw)) if f))


# --- KubeSpawner's safe slug ---------------------------------------------------------------------
# kubespawner 7.0.0 (the version Zero to JupyterHub chart 4.3.0 pins), kubespawner/slugs.py,
# safe_slug(name, max_length=48) as KubeSpawner._expand_user_properties uses it for {username}
# (BSD-3-Clause, Project Jupyter). Re-stated here because the kit runs where kubespawner is not
# installed; tests/test_z2jh.py checks it against kubespawner's own function.
_ALPHA_LOWER = tuple(string.ascii_lowercase)
_ALPHANUM_LOWER = tuple(string.ascii_lowercase + string.digits)
_OBJECT = re.compile(r"^[a-z0-9\-]+$")
_NON_ALPHANUM = re.compile(r"[^a-z0-9]+")
_HASH_LENGTH = 8


def _valid_object_name(s: str) -> bool:
    return 1 <= len(s) <= 63 and s.startswith(_ALPHA_LOWER) and s.endswith(_ALPHANUM_LOWER) and bool(_OBJECT.match(s))


def _strip_and_hash(name: str, max_length: int) -> str:
    name_length = max_length - (_HASH_LENGTH + 3)
    digest = hashlib.sha256(name.encode("utf8")).hexdigest()[:_HASH_LENGTH]
    safe = _NON_ALPHANUM.sub("-", name.lower()).lstrip("-")[:name_length].rstrip("-")
    if safe and not safe.startswith(_ALPHA_LOWER):
        safe = "x-" + safe[: name_length - 2]
    return f"{safe or 'x'}---{digest}"


def kubespawner_username(name: str, max_length: int = 48) -> str:
    """KubeSpawner's ``{username}`` for a hub user (slug_scheme "safe", the default since kubespawner 7)."""
    if "--" not in name and _valid_object_name(name) and len(name) <= max_length:
        return name
    return _strip_and_hash(name, max_length)


# --- reading the file ------------------------------------------------------------------------------

def load_roster(path: str | Path) -> Roster:
    """Read a roster CSV; KitError with one line naming the file, the row and the column if it is wrong."""
    path = Path(path)
    try:
        with path.open("rb") as handle:
            raw = handle.read(MAX_BYTES + 1)
    except FileNotFoundError:
        raise KitError(problem(path, None, "roster not found; check the path")) from None
    except IsADirectoryError:
        raise KitError(problem(path, None, "is a folder; give the roster .csv file")) from None
    except OSError as err:
        raise KitError(problem(path, None, f"cannot read: {err.strerror}")) from None
    if len(raw) > MAX_BYTES:
        raise KitError(problem(path, None, f"over the {MAX_BYTES:,}-byte limit for a roster"))
    try:
        text = raw.decode("utf-8-sig")  # a spreadsheet's CSV export may start with a byte-order mark
    except UnicodeDecodeError:
        raise KitError(problem(path, None, "not UTF-8 text; save the roster as CSV UTF-8")) from None
    try:
        rows = list(csv.reader(text.splitlines()))
    except csv.Error as err:  # e.g. a field over the csv module's size limit
        raise KitError(problem(path, None, f"not a CSV file the kit can read ({err}); save the roster as CSV")) from None
    if not rows:
        raise KitError(problem(path, None, "empty; expected a header row with a learner column"))
    header = [h.strip().lower() for h in rows[0]]
    if "learner" not in header:
        raise KitError(problem(path, "learner", "no such column; the first row must name a 'learner' column "
                                                "(the hub login name) and any of: " + ", ".join(ID_COLUMNS)))
    columns = tuple(c for c in ID_COLUMNS if c in header)
    if not columns:
        raise KitError(problem(path, None, f"no identity column; add one of: {', '.join(ID_COLUMNS)}"))
    at = {h: i for i, h in reversed(list(enumerate(header)))}
    entries: list[Entry] = []
    seen: dict[str, int] = {}
    for line, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue

        def cell(name: str, row: list[str] = row) -> str:  # this row, bound now
            i = at.get(name)
            return row[i].strip() if i is not None and i < len(row) else ""

        learner = cell("learner")
        if not learner:
            raise KitError(problem(path, f"row {line}.learner", "empty; give the learner's hub login name"))
        if learner in seen:
            raise KitError(problem(path, f"row {line}.learner", f"{learner!r} is also on row {seen[learner]}; keep one row a learner"))
        seen[learner] = line
        entries.append(Entry(learner, line, cell("name"), {c: cell(c) for c in columns if cell(c)}))
    return Roster(path, tuple(entries), columns)
