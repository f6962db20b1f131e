"""SCORM 1.2 packages: the published bundle as one zip any learning platform imports.

``render.py --format scorm`` writes ``out/<course-slug>.scorm12.zip`` from the bundle as it
stands (its ``manifest.json`` and the files it names). The zip holds ``imsmanifest.xml`` at its
root, the four SCORM 1.2 schema files (``derivanim/assets/scorm12``) beside it, and one SCO per
lesson: the lesson's embed page (the SCO's launch page, which talks to the platform through
``assets/scorm.js``) with its video, captions, chapters, poster, transcript and facts, at the
same paths as in the bundle. Each item's ``adlcp:masteryscore`` is the score the embed page
passes the learner at (:data:`derivanim.page.MASTERY`).

The zip is the same bytes for the same bundle: its entries are sorted and dated 1980-01-01.

Examples
--------
>>> lesson = {"id": "secant", "title": "Secants & co", "files": [
...     {"role": "embed", "format": "html", "path": "secant/embed.html"},
...     {"role": "video", "format": "mp4", "path": "secant/secant.mp4"},
...     {"role": "video", "format": "mov", "path": "secant/secant.mov"}]}
>>> text = imsmanifest({"title": "Derivatives", "lessons": [lesson]})
>>> print(text.splitlines()[1][:64])
<manifest xmlns="http://www.imsproject.org/xsd/imscp_rootv1p1p2"
>>> sco_files(lesson)
['secant/embed.html', 'secant/secant.mp4']
>>> package_name("Derivatives, from limits to gradient descent")
'derivatives-from-limits-to-gradient-descent.scorm12.zip'
"""

from __future__ import annotations

import re
import unicodedata
import xml.etree.ElementTree as ET
import zipfile
from xml.sax.saxutils import escape, quoteattr
from collections.abc import Iterable, Mapping
from importlib import resources
from pathlib import Path
from typing import Any

from derivanim.formats import PACKAGES
from derivanim.manifest import lesson_file, read_manifest
from derivanim.page import MASTERY
from derivanim.publish import folder_lock, publish_written

CP = "http://www.imsproject.org/xsd/imscp_rootv1p1p2"
"""The IMS Content Packaging 1.1.2 namespace (``imsmanifest.xml``'s own elements)."""
ADLCP = "http://www.adlnet.org/xsd/adlcp_rootv1p2"
"""ADL's SCORM 1.2 extensions."""
MD = "http://www.imsglobal.org/xsd/imsmd_rootv1p2p1"
"""IMS Learning Resource Meta-Data 1.2.1."""
XSI = "http://www.w3.org/2001/XMLSchema-instance"

SCHEMAS: tuple[str, ...] = ("imscp_rootv1p1p2.xsd", "adlcp_rootv1p2.xsd",
                            "imsmd_rootv1p2p1.xsd", "ims_xml.xsd")
"""The schema files every package carries at its root."""

SCHEMA_OF: dict[str, str] = {CP: "imscp_rootv1p1p2.xsd", MD: "imsmd_rootv1p2p1.xsd",
                             ADLCP: "adlcp_rootv1p2.xsd"}
"""Which schema file defines each namespace (``xsi:schemaLocation``)."""

SCO_ROLES: frozenset[tuple[str, str]] = frozenset({
    ("embed", "html"), ("video", "mp4"), ("video", "webm"), ("captions", "vtt"),
    ("captions", "srt"), ("chapters", "vtt"), ("poster", "jpg"), ("transcript", "html"),
    ("transcript", "txt"), ("facts", "json")})
"""The files of a lesson its SCO carries (a ProRes MOV or a GIF is for editors, not learners)."""

SUFFIX = PACKAGES["scorm"].suffix
"""How a package's file name ends."""

STORED = (".mp4", ".webm", ".jpg")
"""Files already compressed: stored in the zip as they are."""


def slug(text: str) -> str:
    """A file-name slug of a title: lower-case ASCII letters and digits between hyphens.

    Examples
    --------
    >>> slug("Derivatives, from limits to gradient descent"), slug("Ableitung für Anfänger")
    ('derivatives-from-limits-to-gradient-descent', 'ableitung-fur-anfanger')
    >>> slug("∂∂∂")
    'course'
    """
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-") or "course"


def package_name(title: str) -> str:
    """The package's file name for a course title."""
    return f"{slug(title)}{SUFFIX}"


def schema_path(name: str) -> Path:
    """One of the SCORM 1.2 schema files shipped in the package (:data:`SCHEMAS`)."""
    return Path(str(resources.files("derivanim").joinpath("assets", "scorm12", name)))


def sco_files(lesson: Mapping[str, Any]) -> list[str]:
    """The bundle paths of the files a lesson's SCO carries, launch page first."""
    launch = lesson_file(lesson, "embed", "html")
    paths = [launch["path"]] if launch else []
    for item in lesson.get("files") or []:
        key = (str(item.get("role", "")), str(item.get("format", "")))
        if key in SCO_ROLES and item.get("path") not in paths:
            paths.append(str(item["path"]))
    return paths


def _element(tag: str, attrs: Mapping[str, str], body: str = "", indent: int = 0) -> str:
    """One XML element as text: attribute values and text escaped, children indented."""
    pad = "  " * indent
    opened = tag + "".join(f" {name}={quoteattr(value)}" for name, value in attrs.items())
    if not body:
        return f"{pad}<{opened}/>"
    if not body.startswith("\n"):
        return f"{pad}<{opened}>{body}</{tag}>"
    return f"{pad}<{opened}>{body}\n{pad}</{tag}>"


def _children(*lines: str) -> str:
    return "".join(f"\n{line}" for line in lines)


def imsmanifest(manifest: Mapping[str, Any], mastery: int = MASTERY) -> str:
    """The package's ``imsmanifest.xml``: one organization, one item and one SCO per lesson
    that has an embed page, in course order.

    Parameters
    ----------
    manifest : mapping
        The bundle's ``manifest.json``.
    mastery : int
        Each item's ``adlcp:masteryscore``.
    """
    title = str(manifest.get("title") or "Course")
    items, resources_xml = [], []
    for lesson in manifest.get("lessons") or []:
        files = sco_files(lesson)
        if lesson_file(lesson, "embed", "html") is None:
            continue
        name = str(lesson["id"])
        items.append(_element("item", {"identifier": f"item-{name}",
                                       "identifierref": f"sco-{name}", "isvisible": "true"},
                              _children(
                                  _element("title", {}, escape(str(lesson.get("title") or name)),
                                           4),
                                  _element("adlcp:masteryscore", {}, str(mastery), 4)), 3))
        resources_xml.append(_element(
            "resource", {"identifier": f"sco-{name}", "type": "webcontent",
                         "adlcp:scormtype": "sco", "href": files[0]},
            _children(*(_element("file", {"href": path}, "", 3) for path in files)), 2))
    root = _element("manifest", {
        "xmlns": CP, "xmlns:adlcp": ADLCP, "xmlns:xsi": XSI,
        "identifier": f"derivanim-{slug(title)}", "version": "1.0",
        "xsi:schemaLocation": " ".join(f"{ns} {name}" for ns, name in SCHEMA_OF.items()),
    }, _children(
        _element("metadata", {}, _children(_element("schema", {}, "ADL SCORM", 2),
                                           _element("schemaversion", {}, "1.2", 2)), 1),
        _element("organizations", {"default": "course"}, _children(
            _element("organization", {"identifier": "course"}, _children(
                _element("title", {}, escape(title), 3), *items), 2)), 1),
        _element("resources", {}, _children(*resources_xml), 1)))
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + root + "\n"


def _entry(name: str) -> zipfile.ZipInfo:
    """A zip entry of fixed date and permissions, so the same bundle gives the same bytes."""
    info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
    info.compress_type = zipfile.ZIP_STORED if name.endswith(STORED) else zipfile.ZIP_DEFLATED
    info.external_attr = 0o644 << 16
    return info


def write_zip(destination: Path, members: Iterable[tuple[str, bytes | Path]]) -> None:
    """Write a zip of ``(name, bytes or file)`` members, sorted by name after the manifest."""
    ordered = sorted(members, key=lambda member: (member[0] != "imsmanifest.xml", member[0]))
    with zipfile.ZipFile(destination, "w") as archive:
        for name, content in ordered:
            data = content.read_bytes() if isinstance(content, Path) else content
            archive.writestr(_entry(name), data)


def check_package(path: Path) -> None:
    """Raise unless a package reads back whole: every entry's CRC, the manifest at its root,
    every schema file, and every ``href`` the manifest names.

    Raises
    ------
    ValueError
        Naming what is wrong.
    """
    with zipfile.ZipFile(path) as archive:
        broken = archive.testzip()
        if broken is not None:
            raise ValueError(f"{path.name}: {broken} is corrupt")
        names = set(archive.namelist())
        if "imsmanifest.xml" not in names:
            raise ValueError(f"{path.name}: no imsmanifest.xml at its root")
        root = ET.fromstring(archive.read("imsmanifest.xml"))
    missing = [name for name in SCHEMAS if name not in names]
    missing += [href for href in manifest_hrefs(root) if href not in names]
    if missing:
        raise ValueError(f"{path.name}: named but missing: {', '.join(missing)}")


def manifest_hrefs(root: ET.Element) -> list[str]:
    """Every ``href`` of a parsed ``imsmanifest.xml`` (resources and their files)."""
    return [element.attrib["href"] for element in root.iter() if "href" in element.attrib]


def write_package(out: Path, mastery: int = MASTERY) -> Path:
    """Package the bundle in ``out`` as a SCORM 1.2 zip beside it; return the zip's path.

    The bundle is locked while it is read, and the zip is published atomically after
    :func:`check_package` accepts it.

    Raises
    ------
    ValueError
        When the bundle has no manifest, or no lesson with an embed page.
    """
    with folder_lock(out):
        manifest = read_manifest(out / "manifest.json")
        if not manifest or not manifest.get("lessons"):
            raise ValueError(f"{out}/manifest.json names no lesson: nothing to package")
        text = imsmanifest(manifest, mastery)
        members: list[tuple[str, bytes | Path]] = [("imsmanifest.xml", text.encode("utf-8"))]
        members += [(name, schema_path(name)) for name in SCHEMAS]
        for lesson in manifest["lessons"]:
            members += [(path, out / path) for path in sco_files(lesson)]
        if len(members) == 1 + len(SCHEMAS):
            raise ValueError(f"{out}: no lesson has an embed page to launch")
        destination = out / package_name(str(manifest.get("title") or "Course"))
        publish_written(lambda path: write_zip(path, members), destination,
                        check=check_package)
    return destination
