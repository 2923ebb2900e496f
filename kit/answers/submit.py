"""Hand in: copy a learner's answers file into the class's hand-in folder, keeping every attempt.

Layout of the hand-in folder (``--to`` or ``$READOUT_KIT_HANDIN_DIR``), one subfolder per case, so
handing in a second assignment never replaces the first::

    HANDIN/<learner>/<case>/20261127T120000123456Z.json         the tagging answers, one file per attempt
    HANDIN/<learner>/<case>/latest.json                         the most recent attempt (what is graded)
    HANDIN/<learner>/<case>/20261127T120000123456Z.<exercise>.json   the exercise answers of that attempt
    HANDIN/<learner>/<case>/latest.<exercise>.json

The attempt's name is the server's UTC clock at hand-in (what ``kit grade --due`` compares).
Folders of the earlier layout (``HANDIN/<learner>/latest.json``, no case level) still grade.

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

import os
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from .. import paths
from ..paths import ATTEMPT, EXERCISE_ATTEMPT, LATEST, STAMP, attempt_time  # noqa: F401  (hand-in names: kit.paths)
from .parse import load_answers, parse_answers
from ..io.atomic import add_and_replace, fsync_folder
from ..case.load import Case
from ..errors import KitError, problem
from ..io.jsonfile import loads

HANDIN_ENV = "READOUT_KIT_HANDIN_DIR"
FOLDER_MODE = 0o750  # the learner writes; the hand-in root's group (instructors) reads; nobody else
FILE_MODE = 0o640


def current_learner(explicit: str | None = None) -> str:
    """``explicit``, else the hub's name ($READOUT_KIT_LEARNER, $JUPYTERHUB_USER), else the login name — made safe as a file name.

    On a JupyterHub a learner may only hand in as themselves: ``explicit`` naming someone else is
    refused (the folder permissions refuse it too; this says so in plain words first).
    """
    hub_user = paths.hub_learner()
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
    source: Path | None  # the tagging answers file handed in (None: exercises only)
    attempt: Path | None  # the new timestamped file
    latest: Path | None
    attempts: int  # how many attempts of the tagging answers the folder now keeps
    exercises: tuple[tuple[str, Path], ...] = ()  # (exercise ID, the attempt file) handed in with it

    def message(self) -> str:
        parts = []
        if self.source is not None and self.attempt is not None and self.latest is not None:
            parts.append(f"handed in {self.source} as {self.attempt} (attempt {self.attempts}; "
                         f"{self.latest.name} is now this one)")
        if self.exercises:
            parts.append(("with " if parts else "handed in ") + f"{len(self.exercises)} exercise answers file(s): "
                         + ", ".join(ex for ex, _ in self.exercises))
        return "; ".join(parts)


def _own_folder(folder: Path, what: str) -> Path:
    """Create ``folder`` (mode 0750) if missing; refuse it if it is a link, not a folder, or someone else's."""
    try:
        os.mkdir(folder, FOLDER_MODE)  # the umask may take bits away; never adds any
    except FileExistsError:
        pass
    except PermissionError:
        raise KitError(problem(folder, None, f"cannot create {what} (permission denied); "
                                             "ask your instructor to check the hand-in folder")) from None
    except OSError as err:
        raise KitError(problem(folder, None, f"cannot create {what}: {err.strerror}")) from None
    st = os.lstat(folder)
    if os.path.islink(folder) or not os.path.isdir(folder):
        raise KitError(problem(folder, None, "is not a plain folder (a link or a file); ask your instructor to remove it"))
    if hasattr(os, "geteuid") and st.st_uid != os.geteuid():
        raise KitError(problem(folder, None, "belongs to another user; you cannot hand in there — "
                                             "ask your instructor (someone may have taken your name)"))
    return folder


def _learner_folder(root: Path, learner: str) -> Path:
    """The learner's own subfolder of ``root``: created if missing, refused if it is not theirs."""
    if not root.is_dir():
        raise KitError(problem(root, None, "hand-in folder does not exist (or is not a folder); "
                                           "ask your instructor which folder to use, or create it"))
    return _own_folder(root / learner, "your hand-in folder")


def _stamp(now: datetime | None) -> str:
    return (now or datetime.now(timezone.utc)).astimezone(timezone.utc).strftime("%Y%m%dT%H%M%S%fZ")


def exercise_sources(case: Case, learner: str) -> list[tuple[str, Path]]:
    """(exercise ID, file) for each exercise answers file the boards saved for this learner and case
    (``answers/exercises/<learner>[.<case>].<exercise>.json``, :class:`kit.widgets.ExerciseBoard`)."""
    from ..case.exercises import spec_ids

    files = [(ex, paths.exercise_answers_file(case.id, learner, ex)) for ex in spec_ids()]
    return [(ex, path) for ex, path in files if path.is_file()]


def _checked_exercise(case: Case, name: str, exercise_id: str, path: Path) -> bytes:
    """The bytes of an exercise answers file, after checking it is valid and this learner's."""
    from ..case.exercises import load_exercise
    from .exercise_answers import parse_exercise_answers

    payload = path.read_bytes()
    try:
        data = loads(payload.decode("utf-8-sig"))
    except (ValueError, RecursionError):
        raise KitError(problem(path, None, "not valid JSON; answer the exercise again in its notebook, then hand in")) from None
    learner, _ = parse_exercise_answers(data, load_exercise(exercise_id, case), path)
    if learner != name:
        raise KitError(problem(path, "learner", f"is {learner!r}, but you are handing in as {name!r}; "
                                                "hand in your own answers file"))
    return payload


def _checked_answers(case: Case, name: str, src: Path) -> bytes:
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
    return payload


def _put(folder: Path, payload: bytes, stamp: str, suffix: str, latest: str) -> Path:
    """Add one attempt file (``<stamp>[-n]<suffix>``, never replacing one) and replace ``latest``."""
    names = (f"{stamp}{suffix}" if n == 0 else f"{stamp}-{n}{suffix}" for n in range(100))
    attempt = add_and_replace(folder, payload, names, latest, FILE_MODE)
    if attempt is None:
        raise KitError(problem(folder, None, "too many hand-ins in the same microsecond; try again"))
    return attempt


def submit(case: Case, learner: str | None = None, to: str | Path | None = None, *,
           source: str | Path | None = None, now: datetime | None = None,
           exercises: bool = True) -> Submission:
    """Hand in ``learner``'s answers for ``case`` — the tagging answers and, with ``exercises``, every
    exercise answers file saved for that case: validate all first, then add one attempt of each to
    ``HANDIN/<learner>/<case>/`` and update its ``latest`` files. Nothing is written if any file is bad."""
    name = current_learner(learner)
    src = Path(source) if source is not None else source_path(case, name)
    root = handin_root(to)
    extra = exercise_sources(case, name) if exercises and source is None else []
    if not src.exists() and not extra:
        raise KitError(problem(src, None, f"no answers saved yet for {name}; tag some claims first "
                                          "(the boards save as you go), then hand in"))
    payload = _checked_answers(case, name, src) if src.exists() else None
    extra_payloads = [(ex, _checked_exercise(case, name, ex, path)) for ex, path in extra]
    folder = _own_folder(_learner_folder(root, name) / case.id, "your hand-in folder for this case")
    stamp = _stamp(now)
    attempt = None
    handed: list[tuple[str, Path]] = []
    try:
        if payload is not None:
            attempt = _put(folder, payload, stamp, ".json", LATEST)
            stamp = attempt.name.removesuffix(".json")  # -1 if that microsecond was taken: the same for its exercises
        for ex, data in extra_payloads:
            handed.append((ex, _put(folder, data, stamp, f".{ex}.json", f"latest.{ex}.json")))
    except PermissionError:
        raise KitError(problem(folder, None, "cannot write there (permission denied); ask your instructor")) from None
    except OSError as err:
        raise KitError(problem(folder, None, f"cannot write there: {err.strerror}")) from None
    fsync_folder(folder)
    attempts = sum(1 for p in folder.iterdir() if ATTEMPT.match(p.name))
    return Submission(name, src if payload is not None else None, attempt,
                      folder / LATEST if payload is not None else None, attempts, tuple(handed))
