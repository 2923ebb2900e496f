"""Hand in: copy a learner's answers file into the class's hand-in folder, keeping every attempt.

Layout of the hand-in folder (``--to`` or ``$READOUT_KIT_HANDIN_DIR``)::

    HANDIN/<learner>/20261127T120000123456Z.json   one file per attempt, never overwritten
    HANDIN/<learner>/latest.json                   the most recent attempt (what the instructor grades)

Every file is written atomically (a hidden temporary file in the same folder, flushed and fsynced,
then renamed or hard-linked into place), so the instructor never reads half a hand-in. The answers
file is validated first (:func:`kit.answers.load_answers`) and copied byte for byte.

Who may write where is the operating system's job; this module checks it and says so in one line:

- the learner's subfolder is created by the learner (mode 0750), so it belongs to them; a subfolder
  that belongs to another Unix user, or is a symbolic link, is refused — nobody hands in into (or
  over) somebody else's folder;
- on a JupyterHub ($JUPYTERHUB_USER set) a learner hands in under their own name only;
- the answers file must name the same learner (so nobody hands in a copy of someone else's file).

On a shared server the instructor sets the hand-in root up once (docs/teaching-on-jupyterhub.md)::

    install -d -o root -g instructors -m 3773 /srv/readout-kit/handin

``rwx`` for the instructors' group (they list it); ``-wx`` for others plus the sticky bit: learners
can create their own subfolder but cannot list the root, nor rename or delete anyone else's
subfolder; the setgid bit gives every subfolder and file the ``instructors`` group, so instructors
(and only they) can read every hand-in (``r-x`` / ``r--``).
"""

from __future__ import annotations

import json
import os
import re
import tempfile
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from . import paths
from .answers import load_answers, parse_answers
from .atomic import fsync_folder
from .case import Case
from .errors import KitError, problem
from .jsonfile import loads

HANDIN_ENV = "READOUT_KIT_HANDIN_DIR"
LATEST = "latest.json"
FOLDER_MODE = 0o750  # the learner writes; the hand-in root's group (instructors) reads; nobody else
FILE_MODE = 0o640
ATTEMPT = re.compile(r"^\d{8}T\d{12}Z(-\d+)?\.json$")  # 20261127T120000123456Z.json


def current_learner(explicit: str | None = None) -> str:
    """``explicit``, else $JUPYTERHUB_USER, else the login name — made safe as a file name.

    On a JupyterHub a learner may only hand in as themselves: ``explicit`` naming someone else is
    refused (the folder permissions refuse it too; this says so in plain words first).
    """
    hub_user = paths.safe_name(os.environ.get("JUPYTERHUB_USER", ""))
    if explicit is not None:
        name = paths.safe_name(explicit)
        if not name:
            raise KitError(f"--learner {explicit!r}: not a usable name; use letters, digits, '.', '_' or '-'")
        if hub_user and name != hub_user:
            raise KitError(f"--learner {name}: you are signed in to this hub as {hub_user}; "
                           f"you can hand in only as {hub_user} (leave out --learner)")
        return name
    return paths.learner_name()  # the boards' rule, so the file handed in is the one they saved


def source_path(case: Case, learner: str) -> Path:
    """Where the boards autosave this learner's answers."""
    return paths.answers_file(case.id, learner)


def handin_root(explicit: str | Path | None = None) -> Path:
    raw = str(explicit) if explicit is not None else os.environ.get(HANDIN_ENV, "")
    if not raw.strip():
        raise KitError(f"no hand-in folder: pass --to FOLDER or set {HANDIN_ENV} "
                       "(your instructor tells you which folder)")
    return Path(raw).expanduser()


@dataclass(frozen=True)
class Submission:
    learner: str
    source: Path
    attempt: Path  # the new timestamped file
    latest: Path
    attempts: int  # how many attempts the folder now keeps

    def message(self) -> str:
        return (f"handed in {self.source} as {self.attempt} (attempt {self.attempts}; "
                f"{self.latest.name} is now this one)")


def _learner_folder(root: Path, learner: str) -> Path:
    """The learner's own subfolder of ``root``: created if missing, refused if it is not theirs."""
    if not root.is_dir():
        raise KitError(problem(root, None, "hand-in folder does not exist (or is not a folder); "
                                           "ask your instructor which folder to use, or create it"))
    folder = root / learner
    try:
        os.mkdir(folder, FOLDER_MODE)  # the umask may take bits away; never adds any
    except FileExistsError:
        pass
    except PermissionError:
        raise KitError(problem(folder, None, "cannot create your hand-in folder (permission denied); "
                                             "ask your instructor to check the hand-in folder")) from None
    except OSError as err:
        raise KitError(problem(folder, None, f"cannot create your hand-in folder: {err.strerror}")) from None
    st = os.lstat(folder)
    if os.path.islink(folder) or not os.path.isdir(folder):
        raise KitError(problem(folder, None, "is not a plain folder (a link or a file); ask your instructor to remove it"))
    if hasattr(os, "geteuid") and st.st_uid != os.geteuid():
        raise KitError(problem(folder, None, "belongs to another user; you cannot hand in there — "
                                             "ask your instructor (someone may have taken your name)"))
    return folder


def _stamp(now: datetime | None) -> str:
    return (now or datetime.now(timezone.utc)).astimezone(timezone.utc).strftime("%Y%m%dT%H%M%S%fZ")


def _temp_copy(folder: Path, payload: bytes) -> Path:
    fd, tmp = tempfile.mkstemp(prefix=".handin-", suffix=".tmp", dir=folder)  # hidden: grading skips it
    try:
        os.fchmod(fd, FILE_MODE)
        with os.fdopen(fd, "wb") as handle:
            handle.write(payload)
            handle.flush()
            os.fsync(handle.fileno())
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return Path(tmp)


def _add_attempt(folder: Path, tmp: Path, payload: bytes, stamp: str) -> Path:
    """Put ``tmp``'s content in place as a new attempt file; never replaces an existing one."""
    for n in range(100):
        attempt = folder / (f"{stamp}.json" if n == 0 else f"{stamp}-{n}.json")
        try:
            os.link(tmp, attempt)  # atomic, and fails if the name is taken
            return attempt
        except FileExistsError:
            continue
        except OSError:  # a file system without hard links: a second temporary copy, renamed
            if attempt.exists():
                continue
            second = _temp_copy(folder, payload)
            os.rename(second, attempt)
            return attempt
    raise KitError(problem(folder, None, "too many hand-ins in the same microsecond; try again"))


def submit(case: Case, learner: str | None = None, to: str | Path | None = None, *,
           source: str | Path | None = None, now: datetime | None = None) -> Submission:
    """Hand in ``learner``'s answers for ``case``: validate, then add an attempt and update latest.json."""
    name = current_learner(learner)
    src = Path(source) if source is not None else source_path(case, name)
    root = handin_root(to)
    if not src.exists():
        raise KitError(problem(src, None, f"no answers saved yet for {name}; tag some claims first "
                                          "(the boards save as you go), then hand in"))
    answers = load_answers(src, case)  # one line naming the file and the field, if anything is wrong
    if answers.learner != name:
        raise KitError(problem(src, "learner", f"is {answers.learner!r}, but you are handing in as {name!r}; "
                                               "hand in your own answers file"))
    payload = src.read_bytes()
    try:  # the bytes we copy are the bytes we checked (the boards may have saved in between)
        again = parse_answers(loads(payload.decode("utf-8-sig")), case, src)
    except (ValueError, RecursionError, KitError):
        raise KitError(problem(src, None, "changed while handing in; hand in again")) from None
    if again.learner != name:
        raise KitError(problem(src, None, "changed while handing in; hand in again"))
    folder = _learner_folder(root, name)
    try:
        tmp = _temp_copy(folder, payload)
        try:
            attempt = _add_attempt(folder, tmp, payload, _stamp(now))
            os.replace(tmp, folder / LATEST)
        finally:
            tmp.unlink(missing_ok=True)
    except PermissionError:
        raise KitError(problem(folder, None, "cannot write there (permission denied); ask your instructor")) from None
    except OSError as err:
        raise KitError(problem(folder, None, f"cannot write there: {err.strerror}")) from None
    fsync_folder(folder)
    attempts = sum(1 for p in folder.iterdir() if ATTEMPT.match(p.name))
    return Submission(name, src, attempt, folder / LATEST, attempts)
