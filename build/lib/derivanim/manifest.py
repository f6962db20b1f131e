"""The course manifest (``out/manifest.json``): what the bundle holds, and proof it is intact.

The manifest lists every lesson of the course in order: its title, kind and function, the
length and size of its video, the key of the inputs it was rendered from, its chapters and
facts, and every file it published with that file's size and SHA-256 hash. Paths are POSIX
and relative to the bundle root, so the folder can be moved or served from anywhere.

A later run reads the previous manifest to learn what it may keep: a lesson that was not
rendered again stays listed only while its files still match their recorded sizes and hashes.

Examples
--------
>>> import tempfile
>>> with tempfile.TemporaryDirectory() as folder:
...     root = Path(folder)
...     _ = (root / "intro").mkdir()
...     _ = (root / "intro" / "intro.vtt").write_text("WEBVTT\\n")
...     item = file_entry(root, "intro/intro.vtt", "captions", "vtt")
...     lesson = {"id": "intro", "files": [item]}
...     good = verify_lesson(root, lesson)
...     _ = (root / "intro" / "intro.vtt").write_text("WEBVTT\\n\\n")
...     bad = verify_lesson(root, lesson)
>>> item["path"], item["size"], good
('intro/intro.vtt', 7, [])
>>> bad
['intro/intro.vtt: size 8 bytes, the manifest says 7']
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping, Sequence
from importlib import metadata
from pathlib import Path, PurePosixPath
from typing import Any, get_args

from pydantic import ValidationError

from derivanim.schemas import FORMAT, ChapterEntry, LessonEntry, Manifest, Role

ROLES: tuple[str, ...] = get_args(Role)
"""What a published file is for."""

CHUNK = 1 << 20
"""Bytes read at a time while hashing."""


def sha256_file(path: Path) -> str:
    """The SHA-256 hash of a file's bytes (hex), streamed so large videos need no memory.

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     path = Path(folder) / "empty.bin"
    ...     _ = path.write_bytes(b"")
    ...     sha256_file(path)[:16]
    'e3b0c44298fc1c14'
    """
    with open(path, "rb") as stream:
        return hashlib.file_digest(stream, "sha256").hexdigest()


def relative_path(root: Path, path: Path | str) -> str:
    """``path`` (absolute, or relative to ``root``) as a POSIX path relative to ``root``.

    Raises
    ------
    ValueError
        When the path lies outside the bundle root.

    Examples
    --------
    >>> relative_path(Path("/srv/out"), Path("/srv/out/secant/secant.mp4"))
    'secant/secant.mp4'
    >>> relative_path(Path("/srv/out"), "secant/secant.vtt")
    'secant/secant.vtt'
    >>> relative_path(Path("/srv/out"), "/etc/passwd")
    Traceback (most recent call last):
    ...
    ValueError: /etc/passwd is not inside the bundle /srv/out
    """
    root = Path(root)
    candidate = Path(path)
    absolute = candidate if candidate.is_absolute() else root / candidate
    try:
        inside = absolute.relative_to(root)
    except ValueError:
        raise ValueError(f"{path} is not inside the bundle {root}") from None
    if ".." in inside.parts or not inside.parts:
        raise ValueError(f"{path} is not inside the bundle {root}")
    return inside.as_posix()


def file_entry(root: Path, path: Path | str, role: str, format: str) -> dict[str, Any]:
    """Describe one published file: its role, format, relative path, size and hash.

    Parameters
    ----------
    root : Path
        The bundle root (``out/``).
    path : Path or str
        The file, absolute or relative to ``root``.
    role : str
        One of :data:`ROLES`.
    format : str
        Its format, usually the extension: ``"mp4"``, ``"vtt"``, ``"jpg"``...

    Raises
    ------
    ValueError
        For an unknown role or a path outside the root.
    OSError
        When the file cannot be read.

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     _ = (Path(folder) / "a.json").write_text("{}")
    ...     entry = file_entry(Path(folder), Path(folder) / "a.json", "facts", "json")
    >>> entry["path"], entry["size"], entry["sha256"][:12]
    ('a.json', 2, '44136fa355b3')
    """
    if role not in ROLES:
        raise ValueError(f"unknown file role {role!r} (expected one of {', '.join(ROLES)})")
    relative = relative_path(root, path)
    absolute = Path(root) / relative
    return {
        "role": role,
        "format": format,
        "path": relative,
        "size": absolute.stat().st_size,
        "sha256": sha256_file(absolute),
    }


def chapter_entry(title: str, start: float, end: float) -> dict[str, Any]:
    """One chapter, its times rounded to the millisecond (as WebVTT writes them).

    Examples
    --------
    >>> chapter_entry("Pose the question", 0.0, 5.20004)
    {'title': 'Pose the question', 'start': 0.0, 'end': 5.2}
    """
    return ChapterEntry(title=title, start=start, end=end).model_dump()


def lesson_entry(**fields: Any) -> dict[str, Any]:
    """One lesson of the manifest, checked against :class:`derivanim.schemas.LessonEntry`.

    ``files`` are :func:`file_entry` results, ``chapters`` are ``(title, start, end)`` triples,
    ``summary`` the kind's sentences and ``facts`` the kind's facts, already JSON-ready (see
    :func:`derivanim.facts.jsonable`).

    Raises
    ------
    pydantic.ValidationError
        When a field is missing or of the wrong type.

    Examples
    --------
    >>> entry = lesson_entry(id="secant", title="Secants", kind="secant", function="x^2",
    ...                      narrated=False, duration=55.1004, frames=3306, width=1920,
    ...                      height=1080, fps=60, key="ab12", files=[],
    ...                      chapters=[("Pose the question", 0, 5.2)], facts={"slope": 4.0})
    >>> entry["duration"], entry["chapters"], entry["summary"]
    (55.1, [{'title': 'Pose the question', 'start': 0.0, 'end': 5.2}], [])
    """
    return LessonEntry(**fields).model_dump(mode="json")


def generator() -> str:
    """Who wrote the manifest: ``"derivanim <version>"`` (the installed version, when known).

    Examples
    --------
    >>> generator().startswith("derivanim ")
    True
    """
    try:
        return f"derivanim {metadata.version('derivanim')}"
    except metadata.PackageNotFoundError:
        return "derivanim (version unknown)"


def course_manifest(title: str, settings: Mapping[str, Any],
                    lessons: Iterable[Mapping[str, Any]]) -> dict[str, Any]:
    """The whole manifest: format, course title, generator, render settings and lessons,
    checked against :class:`derivanim.schemas.Manifest`.

    Examples
    --------
    >>> manifest = course_manifest("Derivatives", {"quality": "low"}, [])
    >>> manifest["format"], manifest["lessons"]
    (1, [])
    """
    return Manifest(format=FORMAT, title=title, generator=generator(), settings=dict(settings),
                    lessons=tuple(LessonEntry.model_validate(dict(item)) for item in lessons),
                    ).model_dump(mode="json")


def manifest_text(manifest: Mapping[str, Any]) -> str:
    """The manifest as JSON text: indented by two spaces, UTF-8 characters kept, final newline.

    Raises
    ------
    ValueError
        For a value JSON cannot represent (NaN or an infinity: facts must be made JSON-ready).

    Examples
    --------
    >>> print(manifest_text({"format": 1, "title": "Dérivées"}), end="")
    {
      "format": 1,
      "title": "Dérivées"
    }
    """
    return json.dumps(manifest, indent=2, ensure_ascii=False, allow_nan=False) + "\n"


def read_manifest(path: Path) -> dict[str, Any] | None:
    """The manifest stored at ``path``, or None when there is no usable one (never raises).

    A missing or unreadable file, text that is not JSON, another format number, or anything
    the manifest model (:class:`derivanim.schemas.Manifest`) refuses all give None: the caller
    then treats every lesson as new.

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     path = Path(folder) / "manifest.json"
    ...     missing = read_manifest(path)
    ...     _ = path.write_text('{"format": 2, "lessons": []}')
    ...     newer = read_manifest(path)
    ...     _ = path.write_text(manifest_text(course_manifest("Course", {}, [])))
    ...     good = read_manifest(path)
    >>> missing, newer, good["lessons"]
    (None, None, [])
    """
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError, RecursionError):
        return None
    return data if _well_formed(data) else None


def _well_formed(data: Any) -> bool:
    """Whether ``data`` is a manifest of this format (every field as the model says)."""
    try:
        Manifest.model_validate(data)
    except ValidationError:
        return False
    return True


def verify_lesson(root: Path, entry: Mapping[str, Any]) -> list[str]:
    """What is wrong with a lesson's files on disk: one line per problem, empty when all is well.

    Each listed file must exist inside ``root`` with the recorded size and SHA-256 hash (the
    hash is computed only when the size matches). An entry with no files is itself a problem.

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     lost = {"role": "video", "format": "mp4", "path": "a/a.mp4", "size": 1, "sha256": ""}
    ...     verify_lesson(Path(folder), {"id": "a", "files": [lost]})
    ['a/a.mp4: missing']
    >>> verify_lesson(Path("."), {"id": "a", "files": []})
    ['no files listed']
    """
    files = entry.get("files")
    if not isinstance(files, list) or not files:
        return ["no files listed"]
    problems: list[str] = []
    for item in files:
        problem = _file_problem(Path(root), item)
        if problem:
            problems.append(problem)
    return problems


def _file_problem(root: Path, item: Any) -> str | None:
    if not isinstance(item, Mapping) or not isinstance(item.get("path"), str):
        return "a file entry without a path"
    name = item["path"]
    relative = PurePosixPath(name)
    if relative.is_absolute() or ".." in relative.parts or not relative.parts:
        return f"{name}: not a path inside the bundle"
    path = root / relative
    try:
        size = path.stat().st_size
        if not path.is_file():
            return f"{name}: not a file"
        if size != item.get("size"):
            return f"{name}: size {size} bytes, the manifest says {item.get('size')}"
        if sha256_file(path) != item.get("sha256"):
            return f"{name}: contents differ from the recorded SHA-256"
    except FileNotFoundError:
        return f"{name}: missing"
    except OSError as error:
        return f"{name}: unreadable ({error.strerror or error})"
    return None


def merge(previous: Mapping[str, Any] | None, new: Iterable[Mapping[str, Any]],
          order: Sequence[str], *, root: Path) -> list[dict[str, Any]]:
    """The lessons of the course, in course order, after a run that (re)made some of them.

    Parameters
    ----------
    previous : mapping or None
        The manifest before this run (from :func:`read_manifest`), if any.
    new : iterable of mappings
        Lesson entries published by this run; a later entry for the same id wins.
    order : sequence of str
        The ids of the course's lessons, in course order.
    root : Path
        The bundle root, to verify the previous entries against.

    Returns
    -------
    list of dict
        For each id of ``order``: this run's entry when there is one, otherwise the previous
        entry when its files still verify (:func:`verify_lesson`); ids without either are
        left out, and so are lessons no longer in the course.

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     root = Path(folder)
    ...     _ = (root / "kept.txt").write_text("kept")
    ...     kept = {"id": "kept", "files": [file_entry(root, "kept.txt", "facts", "txt")]}
    ...     lost = {"id": "lost", "files": [{"path": "lost.txt", "size": 1, "sha256": ""}]}
    ...     old = {"format": 1, "lessons": [kept, lost, {"id": "gone", "files": []}]}
    ...     lessons = merge(old, [{"id": "fresh", "files": []}], ["fresh", "lost", "kept"],
    ...                     root=root)
    >>> [lesson["id"] for lesson in lessons]
    ['fresh', 'kept']
    """
    fresh = {entry["id"]: dict(entry) for entry in new}
    before: dict[str, Mapping[str, Any]] = {}
    for entry in (previous or {}).get("lessons", ()):
        if isinstance(entry, Mapping) and isinstance(entry.get("id"), str):
            before.setdefault(entry["id"], entry)
    lessons: list[dict[str, Any]] = []
    for lesson_id in dict.fromkeys(order):
        if lesson_id in fresh:
            lessons.append(fresh[lesson_id])
        elif lesson_id in before and not verify_lesson(root, before[lesson_id]):
            lessons.append(dict(before[lesson_id]))
    return lessons


def lesson_file(entry: Mapping[str, Any], role: str, format: str | None = None
                ) -> dict[str, Any] | None:
    """The first file of a lesson with this role (and format, when given), or None.

    Examples
    --------
    >>> lesson = {"files": [{"role": "video", "format": "webm", "path": "a/a.webm"},
    ...                     {"role": "video", "format": "mp4", "path": "a/a.mp4"}]}
    >>> lesson_file(lesson, "video", "mp4")["path"], lesson_file(lesson, "poster")
    ('a/a.mp4', None)
    """
    for item in entry.get("files", ()):
        if item.get("role") == role and (format is None or item.get("format") == format):
            return dict(item)
    return None
