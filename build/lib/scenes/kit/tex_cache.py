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

import functools
import os
import tempfile
import xml.etree.ElementTree as ET
from collections.abc import Callable
from pathlib import Path
from typing import Any

from filelock import FileLock, Timeout

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
    guard = cache_lock(cache_dir)

    @functools.wraps(compile_svg)
    def locked(*args: Any, **kwargs: Any) -> Any:
        acquire(guard)
        try:
            return compile_svg(*args, **kwargs)
        finally:
            guard.release()

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


def cache_lock(cache_dir: Path, seconds: float = LOCK_WAIT) -> FileLock:
    """The exclusive lock on a TeX cache folder, shared by everything in this process.

    ``filelock``'s singleton locks give what the cache needs: one lock object per file in a
    process, re-entrant (a wrapper installed over another, such as a test's counting wrapper,
    takes it twice without waiting on itself), exclusive between processes (``flock``), and a
    time limit.

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     lock = cache_lock(Path(folder) / "tex")
    ...     with lock, cache_lock(Path(folder) / "tex"):
    ...         held = lock.is_locked
    >>> held, lock.is_locked
    (True, False)
    """
    return FileLock(lock_path(cache_dir), timeout=seconds, is_singleton=True)


def acquire(lock: FileLock) -> None:
    """Take the cache lock, or raise a :class:`TimeoutError` that says what to suspect."""
    try:
        lock.acquire()
    except Timeout:
        raise TimeoutError(f"waited {lock.timeout:g} s for the TeX cache lock {lock.lock_file}; "
                           "another render seems stuck compiling a formula") from None


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
