"""One TeX cache shared by every render, safe when several processes use it at once.

Manim compiles each distinct formula once and keeps the SVG in its ``tex_dir``, named by a
hash of the TeX source. Lessons rendered in parallel worker processes share that folder so a
formula is compiled once per machine, not once per lesson. Two things make that safe:

- a file lock around compilation keeps two workers from writing (or, through Manim's clean-up
  of non-SVG files, deleting) the same files at the same moment;
- Manim parses every SVG through a scratch copy named ``<hash>_.svg`` beside it and deletes it
  afterwards, so two processes reading the same formula race on that one name; the scratch copy
  is given a name of its own per process instead.
"""

from __future__ import annotations

import fcntl
import functools
import os
import tempfile
import threading
import time
import xml.etree.ElementTree as ET
from collections.abc import Callable
from pathlib import Path
from typing import Any

CACHE_DIR = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "derivanim" / "tex"
"""Where compiled formulas are kept between runs."""
LOCK_WAIT = 300.0
"""Longest wait for another process to finish compiling, in seconds."""


def install_tex_lock(cache_dir: Path = CACHE_DIR) -> None:
    """Make Manim's formula compilation hold an exclusive lock on the shared cache, and give
    each SVG parse its own scratch file.

    Safe to call more than once: the changes are made only the first time in a process.
    """
    from manim.mobject.svg.svg_mobject import SVGMobject
    from manim.mobject.text import tex_mobject

    if not getattr(SVGMobject.generate_mobject, "derivanim_private_scratch", False):
        SVGMobject.generate_mobject = _generate_mobject_privately

    compile_svg: Callable[..., Any] = tex_mobject.tex_to_svg_file
    if getattr(compile_svg, "derivanim_locked", False):
        return
    cache_dir.mkdir(parents=True, exist_ok=True)
    guard = _CacheLock(lock_path(cache_dir))

    @functools.wraps(compile_svg)
    def locked(*args: Any, **kwargs: Any) -> Any:
        with guard:
            return compile_svg(*args, **kwargs)

    locked.derivanim_locked = True  # type: ignore[attr-defined]
    tex_mobject.tex_to_svg_file = locked


def lock_path(cache_dir: Path) -> Path:
    """The lock file of a TeX cache folder: beside the folder, not in it.

    Manim deletes every file that is not ``.svg`` or ``.tex`` from the folder after each
    compilation, and a lock file unlinked while it is held no longer keeps anyone out.

    Examples
    --------
    >>> lock_path(Path("/root/.cache/derivanim/tex")).as_posix()
    '/root/.cache/derivanim/tex.lock'
    """
    return cache_dir.parent / f"{cache_dir.name}.lock"


class _CacheLock:
    """An exclusive lock on the cache folder for this process, re-entrant within it.

    One instance exists per lock file in a process (see ``__new__``), so that wrappers
    installed on top of each other (a test's counting wrapper between two installs, say)
    share it: a second ``flock`` on a new file handle would wait for the first forever.
    Written here rather than with the ``filelock`` package, whose ``is_singleton=True`` locks
    would keep these guarantees, because that package is not a dependency of the project.
    """

    _instances: dict[Path, _CacheLock] = {}

    def __new__(cls, path: Path) -> _CacheLock:
        if path not in cls._instances:
            instance = super().__new__(cls)
            instance.path = path
            instance.threads = threading.RLock()
            instance.depth = 0
            instance.handle = None
            cls._instances[path] = instance
        return cls._instances[path]

    path: Path
    threads: threading.RLock
    depth: int
    handle: Any

    def __enter__(self) -> _CacheLock:
        self.threads.acquire()
        if self.depth == 0:
            self.handle = open(self.path, "a")  # noqa: SIM115 - closed in __exit__
            try:
                _acquire(self.handle, self.path)
            except BaseException:
                self.handle.close()
                self.threads.release()
                raise
        self.depth += 1
        return self

    def __exit__(self, *exc: object) -> None:
        self.depth -= 1
        if self.depth == 0:
            fcntl.flock(self.handle, fcntl.LOCK_UN)
            self.handle.close()
            self.handle = None
        self.threads.release()


def _acquire(handle: Any, path: Path, seconds: float = LOCK_WAIT) -> None:
    """Take the exclusive lock, polling, and give up with a clear error after ``seconds``."""
    deadline = time.monotonic() + seconds
    while True:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return
        except BlockingIOError:
            if time.monotonic() > deadline:
                raise TimeoutError(
                    f"waited {seconds:.0f} s for the TeX cache lock {path}; another render "
                    "seems stuck compiling a formula"
                ) from None
            time.sleep(0.05)


def _generate_mobject_privately(self: Any) -> Any:
    """Manim's ``SVGMobject.generate_mobject`` with a scratch file no other process shares."""
    import svgelements as se
    from manim import RIGHT

    file_path = self.get_file_path()
    new_tree = self.modify_xml_tree(ET.parse(file_path))
    handle, scratch = tempfile.mkstemp(prefix=f"{file_path.stem}-", suffix=".svg",
                                       dir=file_path.parent)
    os.close(handle)
    try:
        new_tree.write(scratch)
        svg = se.SVG.parse(scratch)
    finally:
        os.unlink(scratch)
    mobjects, mobject_dict = self.get_mobjects_from(svg)
    self.add(*mobjects)
    self.id_to_vgroup_dict = mobject_dict
    self.flip(RIGHT)
    return self


_generate_mobject_privately.derivanim_private_scratch = True  # type: ignore[attr-defined]
