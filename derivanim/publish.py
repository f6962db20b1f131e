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
