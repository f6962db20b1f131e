"""The course page (``out/index.html``): every lesson's video, captions, chapters and facts.

The page is one self-contained HTML file built from the manifest alone: its styles and its
script are inline, and every link is relative to the bundle root, so the folder can be served
by any static web server, uploaded to a learning platform or opened straight from disk. It
makes no request outside the bundle (no fonts, scripts or images from elsewhere), and a
Content-Security-Policy tells the browser to refuse any.

Each lesson gets a heading, its video with poster, captions (on by default) and chapter track,
a list of chapter buttons that jump the video to a chapter, a few lines on what the video
shows (from its facts), its length and links to download each of its files.

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
from importlib import resources
import json
import re
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any
from urllib.parse import quote

from derivanim.captions import Cue
from derivanim import numbers
from derivanim.kinds import kind_of
from derivanim.manifest import lesson_file



def asset(name: str) -> str:
    """The text of one of the page's files shipped in the package (``derivanim/assets``).

    Examples
    --------
    >>> "video" in asset("page.css")
    True
    """
    return resources.files("derivanim").joinpath("assets", name).read_text(encoding="utf-8")


def function_name(kind: str) -> str:
    """How a lesson of this kind names its function: ``f(x)``, or ``L(w)`` for a loss.

    Examples
    --------
    >>> function_name("secant"), function_name("descent"), function_name("from-the-future")
    ('f(x)', 'L(w)', 'f(x)')
    """
    try:
        return kind_of(kind).function_name
    except KeyError:
        return "f(x)"

POLICY = ("default-src 'self'; img-src 'self' data:; media-src 'self' blob:; "
          "style-src 'unsafe-inline'; script-src 'unsafe-inline'; connect-src 'none'; "
          "object-src 'none'; base-uri 'none'; form-action 'none'")
"""The page's Content-Security-Policy: nothing may load from outside the bundle."""

FILE_LABELS: dict[tuple[str, str], str] = {
    ("video", "mp4"): "Video (MP4, H.264)",
    ("video", "webm"): "Video (WebM)",
    ("video", "mov"): "Video (QuickTime)",
    ("animation", "gif"): "Animation (GIF)",
    ("captions", "vtt"): "Captions (WebVTT)",
    ("captions", "srt"): "Captions (SubRip)",
    ("chapters", "vtt"): "Chapters (WebVTT)",
    ("poster", "jpg"): "Poster (JPEG)",
    ("facts", "json"): "Facts (JSON)",
    ("transcript", "html"): "Transcript (HTML)",
    ("transcript", "txt"): "Transcript (plain text)",
}
"""How each kind of file is named in the download list."""

VIDEO_TYPES: dict[str, str] = {"mp4": "video/mp4", "webm": "video/webm"}
"""The video formats a browser may play, in the order they are offered."""

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


def clock(seconds: Any) -> str:
    """A length or a moment as ``m:ss`` (or ``h:mm:ss``).

    Examples
    --------
    >>> clock(55.1), clock(0), clock(3725.9), clock(None)
    ('0:55', '0:00', '1:02:05', '0:00')
    """
    return numbers.clock(_seconds(seconds))


def file_size(size: Any) -> str:
    """A byte count for people: ``"512 bytes"``, ``"12.3 kB"``, ``"4.56 MB"``.

    Examples
    --------
    >>> file_size(512), file_size(12_345), file_size(4_560_000), file_size(2_000_000_000)
    ('512 bytes', '12.3 kB', '4.56 MB', '2 GB')
    >>> file_size(999_999), file_size(None)
    ('1 MB', '0 bytes')
    """
    value = float(size) if isinstance(size, (int, float)) else 0.0
    if value < 1000:
        return f"{int(value)} bytes"
    for unit in ("kB", "MB", "GB"):
        value /= 1000
        text = f"{value:.3g}"
        if float(text) < 1000:
            return f"{text} {unit}"
    return f"{value / 1000:.0f} TB"


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


def _seconds(value: Any) -> float:
    """A finite, non-negative number of seconds, 0 for anything else."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return 0.0
    return float(value) if 0 <= value < float("inf") else 0.0


def _video(lesson: Mapping[str, Any], title: str) -> str:
    sources = []
    for format, mime in VIDEO_TYPES.items():
        item = lesson_file(lesson, "video", format)
        if item is not None:
            sources.append(f'<source src="{href(item["path"])}" type="{mime}">')
    tracks = []
    captions = lesson_file(lesson, "captions", "vtt")
    if captions is not None:
        tracks.append(f'<track kind="captions" default srclang="en" label="English" '
                      f'src="{href(captions["path"])}">')
    chapters = lesson_file(lesson, "chapters", "vtt")
    if chapters is not None:
        tracks.append(f'<track kind="chapters" srclang="en" label="Chapters" '
                      f'src="{href(chapters["path"])}">')
    attributes = ['controls', 'preload="metadata"', 'playsinline']
    poster = lesson_file(lesson, "poster")
    if poster is not None:
        attributes.append(f'poster="{href(poster["path"])}"')
    for name in ("width", "height"):
        value = lesson.get(name)
        if isinstance(value, int) and not isinstance(value, bool) and value > 0:
            attributes.append(f'{name}="{value}"')
    attributes.append(f'aria-label="{escape(title)}"')
    inner = "\n      ".join([*sources, *tracks,
                             "<p>Your browser cannot play this video; download it below.</p>"])
    return f"<video {' '.join(attributes)}>\n      {inner}\n    </video>"


def _chapter_list(lesson: Mapping[str, Any]) -> str:
    chapters = [c for c in lesson.get("chapters") or [] if isinstance(c, Mapping)]
    if not chapters:
        return ""
    items = []
    for chapter in chapters:
        start, end = _seconds(chapter.get("start")), _seconds(chapter.get("end"))
        items.append(
            f'<li><button type="button" class="chapter" data-start="{start!r}" '
            f'data-end="{end!r}"><span class="chapter-time">{clock(start)}</span> '
            f'<span class="chapter-title">{escape(chapter.get("title", ""))}</span></button></li>'
        )
    body = "\n        ".join(items)
    return (f'<h3>Chapters</h3>\n      <ol class="chapters">\n        {body}\n      </ol>')


def _facts(lesson: Mapping[str, Any]) -> str:
    lines = [line for line in lesson.get("summary") or () if isinstance(line, str)]
    if not lines:
        return ""
    body = "\n        ".join(f"<li>{escape(line)}</li>" for line in lines)
    return f'<h3>What the video shows</h3>\n      <ul class="facts">\n        {body}\n      </ul>'


def _transcript(lesson: Mapping[str, Any]) -> str:
    item = lesson_file(lesson, "transcript", "html") or lesson_file(lesson, "transcript", "txt")
    if item is None:
        return ""
    return f'<p class="transcript"><a href="{href(item["path"])}">Transcript</a></p>'


def _downloads(lesson: Mapping[str, Any]) -> str:
    items = []
    for item in lesson.get("files") or []:
        if not isinstance(item, Mapping) or not isinstance(item.get("path"), str):
            continue
        role, format = str(item.get("role", "")), str(item.get("format", ""))
        label = FILE_LABELS.get((role, format), f"{role.capitalize()} ({format.upper()})")
        name = item["path"].rsplit("/", 1)[-1]
        items.append(
            f'<li><a href="{href(item["path"])}" download="{escape(name)}">{escape(label)}</a> '
            f'<span class="size">{file_size(item.get("size"))}</span></li>'
        )
    if not items:
        return ""
    body = "\n        ".join(items)
    return f'<h3>Downloads</h3>\n      <ul class="downloads">\n        {body}\n      </ul>'


def _narrated(lesson: Mapping[str, Any]) -> str:
    """The lesson's sound tag: who narrated it, or that it has captions only.

    Examples
    --------
    >>> _narrated({"narrated": True, "voice": {"engine": "piper", "name": "en_US-joe-medium",
    ...                                        "licence": "CC0-1.0"}})
    '<span class="narrated">narrated by en_US-joe-medium (piper, CC0-1.0)</span>'
    >>> _narrated({"narrated": True}), _narrated({"narrated": False})[:21]
    ('<span class="narrated">narrated</span>', '<span class="silent">')
    """
    if not lesson.get("narrated"):
        return '<span class="silent">captions only, no sound</span>'
    voice = lesson.get("voice")
    if not isinstance(voice, Mapping) or not voice.get("name"):
        return '<span class="narrated">narrated</span>'
    credit = ", ".join(escape(str(voice[key])) for key in ("engine", "licence") if voice.get(key))
    return (f'<span class="narrated">narrated by {escape(str(voice["name"]))}'
            f'{f" ({credit})" if credit else ""}</span>')


def _lesson(index: int, lesson: Mapping[str, Any]) -> str:
    lesson_id = str(lesson.get("id", index))
    title = str(lesson.get("title") or lesson_id)
    function = lesson.get("function")
    name = function_name(str(lesson.get("kind", "")))
    meta = [f'<span class="duration">{clock(lesson.get("duration"))}</span>']
    if function:
        meta.insert(0, f'<code class="function">{name} = {escape(function)}</code>')
    meta.append(_narrated(lesson))
    side = "\n      ".join(part for part in (_transcript(lesson), _chapter_list(lesson),
                                             _facts(lesson), _downloads(lesson)) if part)
    slug = escape(lesson_id)
    return f"""<section class="lesson" id="lesson-{slug}" data-lesson="{slug}">
  <h2><span class="number">{index}</span> {escape(title)}</h2>
  <p class="meta">{' · '.join(meta)}</p>
  <div class="lesson-body">
    {_video(lesson, title)}
    <div class="side">
      {side}
    </div>
  </div>
</section>"""


def _backup(lessons: Sequence[Mapping[str, Any]], root: Path | None) -> str:
    """The chapters and captions as JSON, for rebuilding tracks a browser refused to load."""
    data: dict[str, dict[str, list[list[Any]]]] = {}
    for lesson in lessons:
        chapters = [[_seconds(c.get("start")), _seconds(c.get("end")), str(c.get("title", ""))]
                    for c in lesson.get("chapters") or [] if isinstance(c, Mapping)]
        entry: dict[str, list[list[Any]]] = {"chapters": chapters}
        captions = lesson_file(lesson, "captions", "vtt")
        if root is not None and captions is not None:
            try:
                text = (Path(root) / captions["path"]).read_text(encoding="utf-8")
            except (OSError, ValueError):
                text = ""
            entry["captions"] = [[cue.start, cue.end, cue.text] for cue in parse_vtt(text)]
        data[str(lesson.get("id", ""))] = entry
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    # Inside <script>, "</script>" or "<!--" would end or confuse the element: escape < > &.
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")





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
    title = str(manifest.get("title") or "Course")
    total = sum(_seconds(lesson.get("duration")) for lesson in lessons)
    count = f"{len(lessons)} lesson{'' if len(lessons) == 1 else 's'}"
    toc = "\n      ".join(
        f'<li><a href="#lesson-{escape(lesson.get("id", index))}">'
        f'{escape(lesson.get("title") or lesson.get("id", index))}</a></li>'
        for index, lesson in enumerate(lessons, start=1)
    )
    sections = "\n".join(_lesson(index, lesson) for index, lesson in enumerate(lessons, start=1))
    generator = escape(manifest.get("generator", "derivanim"))
    return f"""<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<meta http-equiv="Content-Security-Policy" content="{POLICY}">
<meta name="generator" content="{generator}">
<link rel="icon" href="data:,">
<title>{escape(title)}</title>
<style>{asset("page.css")}</style>
</head>
<body>
<header>
  <h1>{escape(title)}</h1>
  <p class="summary">{count} · {clock(total)} in all</p>
  <nav class="toc" aria-label="Lessons">
    <ol>
      {toc}
    </ol>
  </nav>
</header>
<main>
{sections}
</main>
<footer>
  <p>Made with {generator}. Every file is listed, with its size and SHA-256 hash, in
  <a href="manifest.json">manifest.json</a>.</p>
</footer>
<script type="application/json" id="course-data">{_backup(lessons, root)}</script>
<script>{asset("page.js")}</script>
</body>
</html>
"""
