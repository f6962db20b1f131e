"""Cache keys: a short hash of everything that decides what a rendered lesson looks like.

A lesson is rendered again only when its key changes. The key covers the lesson's validated
config (after defaults are filled in, so writing a default explicitly changes nothing), the
render settings (quality, aspect, theme, formats, transparency, narration) and the code that
draws it: the source of the ``derivanim`` and ``scenes`` packages and the versions of the
libraries that turn it into pixels.

Examples
--------
>>> settings = {"quality": "low", "aspect": "16:9"}
>>> a = lesson_key({"kind": "secant", "point": 2}, settings, code="abc")
>>> b = lesson_key({"point": 2, "kind": "secant"}, settings, code="abc")
>>> a == b, len(a)
(True, 64)
>>> a == lesson_key({"kind": "secant", "point": 3}, settings, code="abc")
False
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from importlib import metadata
from pathlib import Path
from typing import Any

LIBRARIES: tuple[str, ...] = ("manim", "av", "pycairo", "manimpango", "numpy", "sympy")
"""Libraries whose version changes the pixels or the numbers of a lesson."""


def source_digest(roots: Iterable[Path]) -> str:
    """Hash the Python source files under ``roots`` (paths and contents, in sorted order).

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     root = Path(folder)
    ...     _ = (root / "a.py").write_text("x = 1\\n")
    ...     first = source_digest([root])
    ...     _ = (root / "a.py").write_text("x = 2\\n")
    ...     first == source_digest([root])
    False
    """
    digest = hashlib.sha256()
    for root in roots:
        for path in sorted(Path(root).rglob("*.py")):
            digest.update(path.relative_to(root).as_posix().encode())
            digest.update(b"\0")
            digest.update(path.read_bytes())
            digest.update(b"\0")
    return digest.hexdigest()


def library_versions(names: Iterable[str] = LIBRARIES) -> dict[str, str]:
    """The installed version of each library, or ``"missing"``.

    Examples
    --------
    >>> library_versions(["numpy", "no-such-library-here"])["no-such-library-here"]
    'missing'
    """
    versions = {}
    for name in names:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = "missing"
    return versions


def code_version(roots: Iterable[Path]) -> str:
    """One hash for the drawing code: its sources and the versions of its libraries."""
    payload = {"sources": source_digest(roots), "libraries": library_versions()}
    return hashlib.sha256(_canonical(payload)).hexdigest()


def lesson_key(lesson: Mapping[str, Any], settings: Mapping[str, Any], code: str) -> str:
    """The cache key of one lesson: its config, the render settings and the code version."""
    payload = {"lesson": lesson, "settings": settings, "code": code}
    return hashlib.sha256(_canonical(payload)).hexdigest()


def _canonical(value: Any) -> bytes:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), default=str).encode()
