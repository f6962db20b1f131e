"""The course page (``out/index.html``) and each lesson's embed page (``out/<id>/embed.html``).

Both are drawn by the Jinja2 templates of ``derivanim/templates`` from the view of
:mod:`derivanim.lesson_view`, with the style and scripts of ``derivanim/assets`` (package
files) written into the page. Each page is one self-contained HTML file built from the
manifest alone: its styles and its script are inline, and every link is relative to the bundle root, so the folder can be served
by any static web server, uploaded to a learning platform or opened straight from disk. It
makes no request outside the bundle (no fonts, scripts or images from elsewhere), and a
Content-Security-Policy tells the browser to refuse any.

Each lesson gets a heading, its video with poster, captions (on by default) and chapter track,
a list of chapter buttons that jump the video to a chapter, a few lines on what the video
shows (from its facts), its practice questions (checked in the page), its length, links to
download each of its files and the ``<iframe>`` snippet that embeds its embed page. The embed
page shows one lesson to fit any frame, with its practice open; framed by a learning platform
as a SCORM 1.2 SCO it reports to the platform's API (``assets/scorm.js``), and with no API it
is a plain page.

Browsers refuse to load ``<track>`` files into a page opened from disk (``file://``). The page
therefore also carries the chapters (from the manifest) and, when :func:`course_page` is given
the bundle root, the caption cues; when a track fails to load, its script builds the same track
from that copy.

Examples
--------
>>> manifest = {"format": 1, "title": "Derivatives <3", "lessons": []}
>>> page = course_page(manifest)
>>> page.startswith("<!doctype html>"), "<title>Derivatives &lt;3</title>" in page
(True, True)
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Callable, Mapping, Sequence
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import quote

import jinja2
from markupsafe import Markup

from derivanim.captions import Cue
from derivanim.lesson_view import (
    EMBED,
    FILE_LABELS,
    VIDEO_TYPES,
    clock,
    file_size,
    function_name,
    lesson_view,
    seconds,
)
from derivanim.manifest import lesson_file

__all__ = ["EMBED", "FILE_LABELS", "MASTERY", "POLICY", "VIDEO_TYPES", "WATCHED", "asset",
           "clock", "course_page", "embed_page", "embed_snippet", "escape", "file_size",
           "function_name", "href", "parse_vtt"]



def asset(name: str) -> str:
    """The text of one of the page's files shipped in the package (``derivanim/assets``).

    Examples
    --------
    >>> "video" in asset("page.css")
    True
    """
    return resources.files("derivanim").joinpath("assets", name).read_text(encoding="utf-8")


POLICY = ("default-src 'self'; img-src 'self' data:; media-src 'self' blob:; "
          "style-src 'unsafe-inline'; script-src 'unsafe-inline'; connect-src 'none'; "
          "object-src 'none'; base-uri 'none'; form-action 'none'")
"""The page's Content-Security-Policy: nothing may load from outside the bundle."""

_TIME = re.compile(r"(?:(\d+):)?(\d{1,2}):(\d{2})[.,](\d{3})")


def escape(value: Any) -> str:
    """Text made safe for HTML content and attribute values.

    Examples
    --------
    >>> escape('<script>alert("hi")</script>')
    '&lt;script&gt;alert(&quot;hi&quot;)&lt;/script&gt;'
    """
    return html.escape(str(value), quote=True)


def href(path: str) -> str:
    """A bundle path as a relative URL, percent-encoded and escaped for an attribute.

    Encoding the colon too means no path can become a ``javascript:`` or remote URL.

    Examples
    --------
    >>> href("secant/secant one.mp4"), href("javascript:alert(1)")
    ('secant/secant%20one.mp4', 'javascript%3Aalert%281%29')
    """
    return escape(quote(str(path), safe="/"))


def parse_vtt(text: str) -> list[Cue]:
    """The cues of a WebVTT file (timings and text; cue settings and styling are ignored).

    Examples
    --------
    >>> parse_vtt("WEBVTT\\n\\n1\\n00:00:00.000 --> 00:00:02.500 line:0\\nTwo\\nlines\\n")
    [Cue(start=0.0, end=2.5, text='Two\\nlines')]
    """
    cues = []
    for block in re.split(r"\n[ \t]*\n", text.replace("\r\n", "\n").replace("\r", "\n")):
        lines = block.strip("\n").split("\n")
        for index, line in enumerate(lines):
            if "-->" in line:
                start, _, end = line.partition("-->")
                begin, finish = _TIME.search(start), _TIME.search(end)
                if begin and finish:
                    text_lines = "\n".join(lines[index + 1:])
                    cues.append(Cue(_vtt_seconds(begin), _vtt_seconds(finish), text_lines))
                break
    return cues


def _vtt_seconds(match: re.Match[str]) -> float:
    hours, minutes, seconds, millis = match.groups()
    return int(hours or 0) * 3600 + int(minutes) * 60 + int(seconds) + int(millis) / 1000


def _backup(lessons: Sequence[Mapping[str, Any]], locate: Callable[[str], Path] | None) -> str:
    """The chapters and captions as JSON, for rebuilding tracks a browser refused to load;
    ``locate`` finds a manifest path on disk (None: captions are not copied)."""
    data: dict[str, dict[str, list[list[Any]]]] = {}
    for lesson in lessons:
        chapters = [[seconds(c.get("start")), seconds(c.get("end")), str(c.get("title", ""))]
                    for c in lesson.get("chapters") or [] if isinstance(c, Mapping)]
        entry: dict[str, list[list[Any]]] = {"chapters": chapters}
        captions = lesson_file(lesson, "captions", "vtt")
        if locate is not None and captions is not None:
            try:
                text = locate(captions["path"]).read_text(encoding="utf-8")
            except (OSError, ValueError):
                text = ""
            entry["captions"] = [[cue.start, cue.end, cue.text] for cue in parse_vtt(text)]
        data[str(lesson.get("id", ""))] = entry
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    # Inside <script>, "</script>" or "<!--" would end or confuse the element: escape < > &.
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


MASTERY = 70
"""The practice score (of 100) that passes a lesson, unless the LMS gives its own."""

WATCHED = 0.9
"""The share of a video a learner must have played (not skipped) for it to count as watched."""


def templates() -> jinja2.Environment:
    """The page templates shipped in the package (``derivanim/templates``), autoescaping."""
    return jinja2.Environment(
        loader=jinja2.PackageLoader("derivanim", "templates"),
        autoescape=True, undefined=jinja2.StrictUndefined, keep_trailing_newline=True,
        trim_blocks=False, lstrip_blocks=False)


def _render(template: str, **values: Any) -> str:
    """A page from its template, with the frame's shared values."""
    return templates().get_template(template).render(policy=POLICY, **values)


def embed_snippet(lesson: Mapping[str, Any], base: str = "") -> str:
    """The ``<iframe>`` that embeds a lesson's page elsewhere, sized to its video (a 4:3 box
    for the practice below a 16:9 video), the address relative to the folder ``base``.

    Examples
    --------
    >>> embed_snippet({"id": "secant", "title": "Secants & co", "width": 1920, "height": 1080})
    '<iframe src="secant/embed.html" title="Secants &amp; co" width="960" height="900" allow="fullscreen" loading="lazy"></iframe>'
    """
    view = lesson_view(1, lesson, base)
    width = 960
    ratio = (view["video"]["height"] or 9) / (view["video"]["width"] or 16)
    height = round(width * ratio) + 360
    return (f'<iframe src="{view["embed"]}" title="{escape(view["title"])}" width="{width}" '
            f'height="{height}" allow="fullscreen" loading="lazy"></iframe>')


def course_page(manifest: Mapping[str, Any], root: Path | None = None) -> str:
    """The course page (``index.html``) for a manifest, as one self-contained HTML document.

    Parameters
    ----------
    manifest : mapping
        The course manifest (:mod:`derivanim.manifest`).
    root : Path, optional
        The bundle root. When given, the caption cues are copied into the page as well, so
        captions show even where a browser refuses to load track files (pages opened from disk).

    Returns
    -------
    str
        The HTML text. All text from the manifest is escaped; every URL is relative.

    Examples
    --------
    >>> lesson = {"id": "a", "title": "One", "kind": "secant", "duration": 2.5,
    ...           "files": [{"role": "video", "format": "mp4", "path": "a/a.mp4", "size": 10}],
    ...           "chapters": [{"title": "Start", "start": 0.0, "end": 2.5}]}
    >>> page = course_page({"title": "T", "lessons": [lesson]})
    >>> page.count("<video"), '<source src="a/a.mp4" type="video/mp4">' in page
    (1, True)
    """
    lessons = [lesson for lesson in manifest.get("lessons") or [] if isinstance(lesson, Mapping)]
    views = []
    for index, lesson in enumerate(lessons, start=1):
        view = lesson_view(index, lesson)
        view["embedded"] = lesson_file(lesson, "embed", "html") is not None
        view["snippet"] = embed_snippet(lesson) if view["embedded"] else ""
        views.append(view)
    total = sum(seconds(lesson.get("duration")) for lesson in lessons)
    locate = (lambda path: Path(root) / path) if root is not None else None
    return _render(
        "course.html.j2", title=str(manifest.get("title") or "Course"),
        generator=str(manifest.get("generator", "derivanim")), lessons=views,
        count=f"{len(lessons)} lesson{'' if len(lessons) == 1 else 's'}", total=clock(total),
        style=_script("page.css"), script=_script("page.js", "practice.js"),
        backup=Markup(_backup(lessons, locate)))


def embed_page(lesson: Mapping[str, Any], folder: Path | None = None,
               generator: str = "derivanim", mastery: int = MASTERY) -> str:
    """One lesson's embed page (``<id>/embed.html``): its video with captions on, chapters,
    transcript link and practice, to frame in another page or to launch as a SCORM SCO.

    Parameters
    ----------
    lesson : mapping
        The lesson's manifest entry (paths relative to the bundle root).
    folder : Path, optional
        The lesson's folder on disk; when given, the caption cues are copied into the page.
    generator : str
        Who made the page (the manifest's ``generator``).
    mastery : int
        The practice score (of 100) that passes, where the LMS gives none.

    Examples
    --------
    >>> entry = {"id": "a", "title": "One", "kind": "secant", "duration": 2.5,
    ...          "files": [{"role": "video", "format": "mp4", "path": "a/a.mp4", "size": 10}]}
    >>> page = embed_page(entry)
    >>> '<source src="a.mp4" type="video/mp4">' in page, 'data-mastery="70"' in page
    (True, True)
    """
    view = lesson_view(1, lesson, base=f"{lesson.get('id', '')}/")
    locate = (lambda path: Path(folder) / path.rsplit("/", 1)[-1]) if folder is not None else None
    return _render(
        "embed.html.j2", title=view["title"], generator=generator, lesson=view,
        mastery=mastery, watched=WATCHED, style=_script("page.css"),
        script=_script("page.js", "practice.js", "scorm.js"), backup=Markup(_backup([lesson], locate)))


def _script(*names: str) -> Markup:
    """The package files of a page's script or style, one after the other (trusted text that
    is not escaped)."""
    return Markup("\n".join(asset(name) for name in names))
