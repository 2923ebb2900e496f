"""Where the kit finds its data: the course folder holding data/, seeds/ and notebooks/."""

from __future__ import annotations

import functools
import getpass
import os
import re
from datetime import datetime, timezone
from pathlib import Path

COURSE_FILE = "course.yml"  # data/course.yml: the course's settings (default_case)


def project_root() -> Path:
    """The course folder: $READOUT_KIT_ROOT if set, else the checkout this package lives in.

    ``~`` is expanded, so a JupyterHub can set ``READOUT_KIT_ROOT=~/readout-kit`` once for every
    learner: each one's kit then reads the data and notebooks of their own nbgitpuller copy and
    saves answers in its git-ignored answers/ (docs/teaching-on-jupyterhub.md).
    """
    env = os.environ.get("READOUT_KIT_ROOT")
    return Path(env).expanduser().resolve() if env else Path(__file__).resolve().parent.parent


def data_dir() -> Path:
    return project_root() / "data"


def course_file() -> Path:
    return data_dir() / COURSE_FILE


def default_case() -> str | None:
    """The case used when none is named: ``default_case`` in data/course.yml, or None without one.

    A course setting, not code: a teacher makes next week's case the default by editing that line.
    Raises KitError (one line) when the file is there but does not name a case.
    """
    path = course_file()
    try:
        stamp = path.stat().st_mtime_ns
    except OSError:
        return None
    return _default_case(path, stamp)


@functools.lru_cache(maxsize=4)
def _default_case(path: Path, stamp: int) -> str | None:
    from .errors import KitError, problem
    from .io.files import read_yaml

    raw = read_yaml(path)
    value = raw.get("default_case") if isinstance(raw, dict) else None
    if value is None:
        return None
    if not isinstance(value, str) or not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9._-]*", value):
        raise KitError(problem(path, "default_case", f"{value!r} is not a case ID; give a folder name under data/cases/"))
    return value


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


_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


def safe_name(name: str) -> str:
    """``name`` as a file name: only ``[A-Za-z0-9._-]``, no leading dots, at most 64 characters."""
    return _UNSAFE.sub("_", name.strip()).strip("._-")[:64]


LEARNER_ENV = "READOUT_KIT_LEARNER"


def hub_learner() -> str:
    """The learner's name on this hub, as the kit writes it: $READOUT_KIT_LEARNER (Zero to JupyterHub
    sets it to KubeSpawner's ``{username}``, the same slug its hand-in mount uses), else
    $JUPYTERHUB_USER; made safe as a file name. Empty when not on a hub."""
    return safe_name(os.environ.get(LEARNER_ENV) or os.environ.get("JUPYTERHUB_USER") or "")


def learner_name(explicit: str | None = None) -> str:
    """The learner: ``explicit``, else the hub's name (:func:`hub_learner`), else the login name; safe as
    a file name. One rule for the boards (where they save) and ``kit submit`` (what it hands in)."""
    name = explicit or os.environ.get(LEARNER_ENV) or os.environ.get("JUPYTERHUB_USER") or ""
    if not name:
        try:
            name = getpass.getuser()
        except (OSError, KeyError):  # no login name in some containers
            name = ""
    return safe_name(name) or "learner"


def answers_file(case_id: str, learner: str, folder: str | Path | None = None) -> Path:
    """Where ``learner``'s answers for ``case_id`` live: ``<folder>/<learner>.json`` for the course's
    default case, ``<learner>.<case>.json`` for any other (:func:`_own_file` says who owns a file)."""
    return _own_file(Path(folder) if folder is not None else answers_dir(), learner, case_id, ".json")


def exercise_answers_file(case_id: str, learner: str, exercise_id: str, folder: str | Path | None = None) -> Path:
    """``<folder>/<learner>[.<case>].<exercise>.json``, by default in ``answers/exercises/``: one file per
    case, as for :func:`answers_file`, so a file is never refused as another case's."""
    base = Path(folder) if folder is not None else answers_dir() / "exercises"
    return _own_file(base, learner, case_id, f".{exercise_id}.json")


def _own_file(base: Path, learner: str, case_id: str, tail: str) -> Path:
    """``<learner>.<case><tail>`` if there is one; else the plain ``<learner><tail>`` when it is this
    case's — the case its header names, or, for a new or unreadable file, the default case's.

    The header decides, not today's setting: a teacher who changes ``default_case`` mid-term leaves
    each learner's earlier file with the case it was written for (its board finds it there), and the
    new default case gets ``<learner>.<case><tail>`` beside it.
    """
    plain, named = base / f"{learner}{tail}", base / f"{learner}.{case_id}{tail}"
    if named.exists():
        return named
    holder = _case_named_in(plain)
    return plain if holder == case_id or (holder is None and case_id == default_case()) else named


def _case_named_in(path: Path, max_bytes: int = 1024 * 1024) -> str | None:
    """The case an existing answers file names in its header; None if it is missing or unreadable."""
    from .errors import KitError
    from .io.jsonfile import read_json

    try:
        data = read_json(path, max_bytes, "answers")  # the kit's one bounded reader of untrusted JSON
    except KitError:  # missing, or unreadable (the store keeps such a file aside when it opens it)
        return None
    case = data.get("case") if isinstance(data, dict) else None
    return case if isinstance(case, str) else None


# A hand-in folder (kit submit, kit grade): HANDIN/<learner>/<case>/<stamp>.json and latest.json.
LATEST = "latest.json"
ATTEMPT = re.compile(r"^\d{8}T\d{12}Z(-\d+)?\.json$")  # 20261127T120000123456Z.json
# 20261127T120000123456Z.topics.json (an attempt's exercise answers) and latest.topics.json
EXERCISE_ATTEMPT = re.compile(r"^(?P<stamp>\d{8}T\d{12}Z(?:-\d+)?|latest)\.(?P<exercise>[A-Za-z0-9_-]+)\.json$")
STAMP = "%Y%m%dT%H%M%S%fZ"


def attempt_time(name: str) -> datetime | None:
    """The UTC time in an attempt's file name (``20261127T120000123456Z[-1][.<exercise>].json``), else None."""
    match = re.match(r"^(\d{8}T\d{12}Z)", name)
    if not match:
        return None
    try:
        return datetime.strptime(match.group(1), STAMP).replace(tzinfo=timezone.utc)
    except ValueError:
        return None
