"""Atomic publishing: a file appears under its name complete and checked, or not at all.

Every output is first written beside its destination under a hidden temporary name, flushed to
disk, optionally checked (a video is decoded to its last frame), and only then renamed over the
destination. A rename within one folder is atomic on POSIX file systems, so a reader (or a run
killed half-way) sees either the previous complete file or the new complete file, never a
truncated one.

Examples
--------
>>> import tempfile
>>> with tempfile.TemporaryDirectory() as folder:
...     target = Path(folder) / "note.txt"
...     publish_text("first\\n", target)
...     try:
...         publish_text("second\\n", target, check=lambda path: 1 / 0)
...     except ZeroDivisionError:
...         pass
...     target.read_text(), sorted(p.name for p in Path(folder).iterdir())
('first\\n', ['note.txt'])
"""

from __future__ import annotations

import ctypes
import errno
import fcntl
import os
import shutil
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

Check = Callable[[Path], object]
"""Called with the complete temporary copy; raises when it is not good."""


def publish_file(source: Path, destination: Path, check: Check | None = None) -> None:
    """Copy ``source`` to ``destination`` atomically, after ``check`` accepts the copy.

    Parameters
    ----------
    source, destination : Path
        The file to publish and where it goes (its folder is created).
    check : callable, optional
        Called with the temporary copy; when it raises, the destination is left untouched and
        the temporary copy removed.
    """
    with _temporary_beside(destination) as temporary:
        shutil.copyfile(source, temporary)
        _finish(temporary, destination, check)


def publish_text(text: str, destination: Path, check: Check | None = None) -> None:
    """Write ``text`` (UTF-8) to ``destination`` atomically."""
    with _temporary_beside(destination) as temporary:
        temporary.write_text(text, encoding="utf-8")
        _finish(temporary, destination, check)


def publish_written(write: Callable[[Path], object], destination: Path,
                    check: Check | None = None) -> None:
    """Publish a file that ``write`` makes at the path it is given (a zip being built, say),
    atomically, after ``check`` accepts it.

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     target = Path(folder) / "made.bin"
    ...     publish_written(lambda path: path.write_bytes(b"made"), target)
    ...     target.read_bytes()
    b'made'
    """
    with _temporary_beside(destination) as temporary:
        write(temporary)
        _finish(temporary, destination, check)


@contextmanager
def _temporary_beside(destination: Path) -> Iterator[Path]:
    """A hidden temporary path in the destination's folder, removed unless renamed away."""
    destination.parent.mkdir(parents=True, exist_ok=True)
    handle, name = tempfile.mkstemp(prefix=f".{destination.name}.", suffix=".part",
                                    dir=destination.parent)
    os.close(handle)
    path = Path(name)
    try:
        yield path
    finally:
        path.unlink(missing_ok=True)


def _finish(temporary: Path, destination: Path, check: Check | None) -> None:
    with open(temporary, "rb+") as stream:
        os.fsync(stream.fileno())
    if check is not None:
        check(temporary)
    os.chmod(temporary, 0o644)
    os.replace(temporary, destination)
    _sync_folder(destination.parent)


def _sync_folder(folder: Path) -> None:
    """Flush the folder entry so the rename itself survives a power cut."""
    descriptor = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


LOCK_NAME = ".derivanim.lock"
"""The lock file a render holds in its output folder."""


@contextmanager
def folder_lock(folder: Path, on_wait: Callable[[str], object] | None = None) -> Iterator[None]:
    """Hold the output folder for one render at a time; wait while another render holds it.

    Two renders into one folder would both rewrite ``manifest.json`` from what they saw at the
    start, and the second would drop the first one's lessons. With the lock the second waits,
    then finds the first one's work in the manifest (and, when nothing changed, renders
    nothing). The lock is an ``flock`` on ``<folder>/.derivanim.lock``, released by the
    kernel when its holder exits, however it exits.

    Parameters
    ----------
    folder : Path
        The output folder (created when missing).
    on_wait : callable, optional
        Told once, with a sentence naming the holder's process id, when the folder is busy.

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     with folder_lock(Path(folder)):
    ...         (Path(folder) / LOCK_NAME).read_text().isdigit()
    True
    """
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / LOCK_NAME
    with open(path, "a+", encoding="utf-8") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            if on_wait is not None:
                handle.seek(0)
                holder = handle.read().strip() or "unknown"
                on_wait(f"another render (process {holder}) is writing to {folder}/; "
                        "waiting for it to finish")
            fcntl.flock(handle, fcntl.LOCK_EX)
        handle.seek(0)
        handle.truncate()
        handle.write(str(os.getpid()))
        handle.flush()
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


STAGING_PREFIX = ".staging-"
"""Name prefix of the folder a lesson's new files are gathered in before they go live."""


def sweep_partial_files(folder: Path) -> list[Path]:
    """Remove what a killed render left in a bundle folder: ``.*.part`` copies and staging
    folders.

    Only call it while holding :func:`folder_lock`: then no other render is writing one.

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     (Path(folder) / "secant").mkdir()
    ...     _ = (Path(folder) / "secant" / ".secant.mp4.x1y2.part").write_text("half")
    ...     [p.name for p in sweep_partial_files(Path(folder))]
    ['.secant.mp4.x1y2.part']
    """
    removed = []
    for pattern in (".*.part", "*/.*.part"):
        for path in sorted(folder.glob(pattern)):
            path.unlink(missing_ok=True)
            removed.append(path)
    for path in sorted(folder.glob(STAGING_PREFIX + "*")):
        shutil.rmtree(path, ignore_errors=True)
        removed.append(path)
    return removed


AT_FDCWD = -100
RENAME_EXCHANGE = 2
"""Linux ``renameat2`` arguments: paths relative to the working folder; swap both names."""


def swap_folder(new: Path, target: Path) -> Path | None:
    """Put the folder ``new`` at ``target`` in one step; return where the old folder went.

    On Linux the two folders trade names atomically (``renameat2`` with ``RENAME_EXCHANGE``):
    at every instant ``target`` is either the complete old folder or the complete new one.
    The old folder ends up at ``new``'s path, for the caller to delete. When ``target`` did
    not exist, ``new`` is simply renamed and ``None`` returned. Where the exchange is not
    available, the old folder is renamed aside first (``target`` is then missing for a moment).

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     root = Path(folder)
    ...     for name, text in (("lesson", "old"), (".staging", "new")):
    ...         (root / name).mkdir()
    ...         _ = (root / name / "a.txt").write_text(text)
    ...     old = swap_folder(root / ".staging", root / "lesson")
    ...     (root / "lesson" / "a.txt").read_text(), (old / "a.txt").read_text()
    ('new', 'old')
    """
    if not target.exists():
        os.rename(new, target)
        _sync_folder(target.parent)
        return None
    if _exchange(new, target):
        _sync_folder(target.parent)
        return new
    aside = new.with_name(new.name + ".old")
    os.rename(target, aside)
    os.rename(new, target)
    _sync_folder(target.parent)
    return aside


def _exchange(first: Path, second: Path) -> bool:
    """Swap two paths with ``renameat2``; ``False`` when this system cannot.

    Called through ``ctypes`` because the standard library has no exchange: ``os.replace``
    moves one folder over an *empty* one, so a live lesson folder would have to go first.
    """
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    result = renameat2(AT_FDCWD, os.fsencode(first), AT_FDCWD, os.fsencode(second),
                       RENAME_EXCHANGE)
    if result == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.EINVAL, errno.ENOSYS, errno.ENOTSUP):
        return False
    raise OSError(code, os.strerror(code), str(second))
