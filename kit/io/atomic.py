"""Write a file so that it holds either its old or its new bytes — never a torn file.

A temporary file in the same folder, locked while written, flushed and fsynced, then renamed over
the target, and the folder fsynced so the rename itself is durable. A process killed mid-save
(a kernel restart, SIGKILL) leaves the old file whole and at worst its hidden ``.<name>.*.tmp``,
which the next save of that file removes (:func:`_sweep`). Two processes saving one file at once:
each rename is atomic, so the file is always one whole save — the last writer's.
"""

from __future__ import annotations

import os
import tempfile
import time
from collections.abc import Iterable
from pathlib import Path

try:
    import fcntl
except ImportError:  # Windows: no advisory locks; see _sweep
    fcntl = None  # type: ignore[assignment]


def atomic_write(path: Path, payload: bytes | Iterable[bytes], *, durable: bool = True) -> Path:
    """Replace ``path`` with ``payload`` atomically; the new file gets ordinary permissions (umask).

    ``payload``: the bytes, or chunks of them (a gradebook of any size is written streaming).
    ``durable=False`` skips the fsyncs — still never torn, but a power cut may lose the latest
    write: for files made up to practise on, thousands at a time (``kit practice-class``)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    _sweep(path)  # first, so leftovers go even if this save is killed in its turn
    for attempt in range(5):
        if _write_and_rename(payload, path, last=attempt == 4, durable=durable):
            break
    if durable:
        fsync_folder(path.parent)
    return path


_TMP = ".tmp"


def _write_and_rename(payload: bytes | Iterable[bytes], path: Path, last: bool, durable: bool = True) -> bool:
    """One attempt at an atomic save; False if another saver's sweep took our temporary file in the
    instant between its creation and our lock (then the caller tries a fresh one)."""
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=_TMP, dir=path.parent)
    handle = None
    try:
        # Locked while in use, so that another saver's sweep leaves it alone.
        if not _hold(fd) and not last:
            os.close(fd)
            return False
        # mkstemp makes the file private (0600); answers files are handed in, so give it the
        # permissions an ordinary new file would get, or the instructor could not read it.
        os.chmod(tmp, 0o666 & ~_umask())
        handle = os.fdopen(fd, "wb")  # owns fd from here on
        with handle:
            for chunk in (payload,) if isinstance(payload, bytes) else payload:
                handle.write(chunk)
            handle.flush()
            if durable:
                os.fsync(handle.fileno())
            os.replace(tmp, path)
        return True
    except FileNotFoundError:  # swept just before our lock took hold
        if handle is None:
            os.close(fd)
        if last or (handle is not None and not isinstance(payload, bytes)):  # chunks are read only once
            raise
        return False
    except BaseException:
        if handle is None:
            os.close(fd)
        Path(tmp).unlink(missing_ok=True)
        raise


def add_and_replace(folder: Path, payload: bytes, names: Iterable[str], latest: str, mode: int) -> Path | None:
    """Keep every version: write ``payload`` as a NEW file in ``folder`` under the first of ``names``
    not taken (never replacing one), and replace ``folder/latest`` with the same bytes; both files
    get ``mode``. Returns the new file, or None when every name was taken.

    For hand-ins: an attempt is created, never overwritten (a hard link onto a new name fails if the
    name exists — atomic); ``latest`` is replaced by a rename. The temporary file is hidden
    (``.handin-…``), so a grader listing the folder never takes it for an attempt."""
    tmp = _temp_copy(folder, payload, mode)
    try:
        for name in names:
            target = folder / name
            try:
                os.link(tmp, target)  # atomic, and fails if the name is taken
            except FileExistsError:
                continue
            except OSError:  # a file system without hard links: a second temporary copy, renamed
                if target.exists():
                    continue
                os.rename(_temp_copy(folder, payload, mode), target)
            os.replace(tmp, folder / latest)
            return target
        return None
    finally:
        tmp.unlink(missing_ok=True)


def _temp_copy(folder: Path, payload: bytes, mode: int) -> Path:
    fd, tmp = tempfile.mkstemp(prefix=".handin-", suffix=".tmp", dir=folder)
    try:
        os.fchmod(fd, mode)
        with os.fdopen(fd, "wb") as handle:
            handle.write(payload)
            handle.flush()
            os.fsync(handle.fileno())
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return Path(tmp)


def _hold(fd: int) -> bool:
    """Lock a temporary file while it is being written (the lock dies with the process); False if
    another saver's sweep holds it — it is about to be removed."""
    if fcntl is not None:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        except OSError:  # a file system without locks: the sweep falls back to age alone
            pass
    return True


def _sweep(path: Path, stale_after: float = 3600.0) -> None:
    """Remove temporary files of ``path`` left behind by savers that were killed mid-save.

    A temporary file nobody holds a lock on belongs to a dead process (a live saver locks its own
    from creation to rename); where locks are unavailable, only files older than ``stale_after``
    seconds go. Best effort: a file that cannot be removed is left for a later save.
    """
    prefix = f".{path.name}."
    try:
        leftovers = [e for e in os.scandir(path.parent) if e.name.startswith(prefix) and e.name.endswith(_TMP)]
    except OSError:
        return
    for entry in leftovers:
        try:
            fd = os.open(entry.path, os.O_RDONLY)
        except OSError:
            continue
        try:
            if fcntl is not None:
                try:
                    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                except BlockingIOError:
                    continue  # a live saver's file
                except OSError:
                    if time.time() - os.fstat(fd).st_mtime < stale_after:
                        continue
            elif time.time() - os.fstat(fd).st_mtime < stale_after:
                continue
            os.unlink(entry.path)
        except OSError:
            pass
        finally:
            os.close(fd)


def _umask() -> int:
    """The process umask, read without changing it where Linux allows (os.umask is racy in threads)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("Umask:"):
                return int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def fsync_folder(folder: Path) -> None:
    """Make the rename itself durable (POSIX); a no-op where folders cannot be opened (Windows)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
