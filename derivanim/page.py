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
import json
import re
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any
from urllib.parse import quote

from derivanim.captions import Cue
from derivanim.manifest import lesson_file
from derivanim.numbers import line_equation, number

Facts = Mapping[str, Any]

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
    total = int(_seconds(seconds))
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


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


def _num(value: Any) -> str:
    """A fact's number for reading (facts store infinities and NaN as strings)."""
    if isinstance(value, str):
        return {"inf": "∞", "-inf": "-∞", "nan": "undefined"}.get(value, value)
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return "undefined"
    return number(float(value))


def _formula(text: Any) -> str:
    """A formula from the facts, with its multiplications written as dots."""
    return str(text).replace("*", "·")


def _limit(facts: Facts) -> list[str]:
    point = _num(facts["point"])
    behaviour = facts.get("behaviour", "")
    lines = [
        f"As x approaches {point}, f(x) approaches {_num(facts['limit'])}."
        if facts.get("exists") else f"f(x) has no finite limit as x approaches {point}."
    ]
    sides = [facts.get("left"), facts.get("right")]
    if any(side is not None and side != "nan" for side in sides):
        left, right = (_num(side) if side is not None else "no value" for side in sides)
        lines.append(f"From the left {left}, from the right {right}.")
    meaning = {
        "continuous": f"f is continuous at {point}, so the limit is simply f({point}).",
        "removable": f"A hole at x = {point}: f({point}) is undefined or out of line, "
                     "yet the limit exists.",
        "jump": f"A jump at x = {point}: the two sides approach different values.",
        "infinite": f"f blows up near x = {point}.",
        "oscillating": f"f oscillates ever faster near x = {point} and never settles.",
    }.get(behaviour)
    if meaning:
        lines.append(meaning)
    return lines


def _secant(facts: Facts) -> list[str]:
    secants = facts.get("secants", [])
    tangent = facts["tangent"]
    line = line_equation(float(tangent["slope"]), float(tangent["intercept"]))
    lines = [f"At x = {_num(facts['x'])}, f(x) = {_num(facts['y'])}."]
    if secants:
        lines.append(
            "Secant slopes " + ", ".join(_num(item["slope"]) for item in secants)
            + " as h shrinks through " + ", ".join(_num(item["h"]) for item in secants) + "."
        )
    lines.append(f"Tangent line {line}: slope {_num(facts['slope'])}.")
    return lines


def _slopes(facts: Facts) -> list[str]:
    words = {"positive": "rising", "negative": "falling", "zero": "flat"}
    lines = [f"f′(x) = {_formula(facts['derivative'])}."]
    lines += [
        f"At x = {_num(p['x'])}: slope {_num(p['slope'])} ({words.get(p['sign'], p['sign'])})."
        for p in facts.get("points", [])
    ]
    return lines


def _stretch(facts: Facts) -> list[str]:
    words = {"stretch": "stretched", "squish": "squished", "flip": "flipped",
             "collapse": "collapsed to a point", "keep": "kept at its length"}
    low, high = facts["input_range"]
    out_low, out_high = facts["output_range"]
    lines = [f"f maps [{_num(low)}, {_num(high)}] onto [{_num(out_low)}, {_num(out_high)}]."]
    for p in facts.get("points", []):
        effect = words.get(p["effect"], p["effect"])
        if p["effect"] == "flip" and p.get("size") in ("stretch", "squish"):
            effect += f" and {words[p['size']]}"
        lines.append(f"Near x = {_num(p['x'])}: factor {_num(p['factor'])}, {effect}.")
    return lines


def _chain(facts: Facts) -> list[str]:
    at = facts["at"]
    return [
        f"Outer f(u) = {_formula(facts['outer'])}, inner u = {_formula(facts['inner'])}.",
        f"dy/dx = {_formula(facts['derivative'])}.",
        f"At x = {_num(at['x'])}: inner slope {_num(at['inner_slope'])} × outer slope "
        f"{_num(at['outer_slope'])} = {_num(at['total'])}.",
    ]


def _descent(facts: Facts) -> list[str]:
    lines = [f"L′(w) = {_formula(facts['derivative'])}, starting at w = {_num(facts['start'])}."]
    for run in facts.get("runs", []):
        steps = run.get("steps") or []
        end = f" (w = {_num(steps[-1])} after {len(steps) - 1} steps)" if len(steps) > 1 else ""
        lines.append(f"Learning rate {_num(run['learning_rate'])}: {run['outcome']}{end}.")
    return lines


SUMMARIES: dict[str, Callable[[Facts], list[str]]] = {
    "limit": _limit, "secant": _secant, "slopes": _slopes,
    "stretch": _stretch, "chain": _chain, "descent": _descent,
}
"""One short description per lesson kind, made from its facts."""


def fact_lines(kind: str, facts: Any) -> list[str]:
    """A few plain sentences on what a lesson's video shows, made from its facts.

    An unknown kind, or facts of an unexpected shape, give no lines rather than an error: the
    page is still worth writing without them.

    Examples
    --------
    >>> print("\\n".join(fact_lines("chain", {
    ...     "outer": "sin(u)", "inner": "x^2", "derivative": "2*x*cos(x^2)",
    ...     "at": {"x": 1.2, "inner_slope": 2.4, "outer_slope": 0.13042, "total": 0.31302}})))
    Outer f(u) = sin(u), inner u = x^2.
    dy/dx = 2·x·cos(x^2).
    At x = 1.2: inner slope 2.4 × outer slope 0.1304 = 0.313.
    >>> fact_lines("secant", {}), fact_lines("unknown", {"x": 1})
    ([], [])
    """
    describe = SUMMARIES.get(kind)
    if describe is None or not isinstance(facts, Mapping):
        return []
    try:
        return describe(facts)
    except (KeyError, TypeError, ValueError, IndexError, AttributeError):
        return []


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
    lines = fact_lines(str(lesson.get("kind", "")), lesson.get("facts"))
    if not lines:
        return ""
    body = "\n        ".join(f"<li>{escape(line)}</li>" for line in lines)
    return f'<h3>What the video shows</h3>\n      <ul class="facts">\n        {body}\n      </ul>'


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


def _lesson(index: int, lesson: Mapping[str, Any]) -> str:
    lesson_id = str(lesson.get("id", index))
    title = str(lesson.get("title") or lesson_id)
    function = lesson.get("function")
    name = "L(w)" if lesson.get("kind") == "descent" else "f(x)"
    meta = [f'<span class="duration">{clock(lesson.get("duration"))}</span>']
    if function:
        meta.insert(0, f'<code class="function">{name} = {escape(function)}</code>')
    meta.append('<span class="narrated">narrated</span>' if lesson.get("narrated")
                else '<span class="silent">captions only, no sound</span>')
    side = "\n      ".join(part for part in (_chapter_list(lesson), _facts(lesson),
                                             _downloads(lesson)) if part)
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


STYLE = """
:root { color-scheme: light dark; --bg: #f6f7f9; --card: #ffffff; --text: #1b1f24;
  --muted: #5b6470; --accent: #2563c9; --line: #dde1e6; --chip: #eef2f8; }
@media (prefers-color-scheme: dark) {
  :root { --bg: #11141a; --card: #1a1e26; --text: #e7eaee; --muted: #9aa4b1;
    --accent: #7fb0ff; --line: #2c323d; --chip: #232a35; }
}
* { box-sizing: border-box; }
body { margin: 0; background: var(--bg); color: var(--text);
  font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", sans-serif; }
header, main, footer { max-width: 76rem; margin: 0 auto; padding: 1rem; }
header h1 { margin: 1rem 0 0.25rem; font-size: clamp(1.6rem, 4vw, 2.4rem); line-height: 1.2; }
.summary, .meta, .size, footer { color: var(--muted); }
.toc ol { display: flex; flex-wrap: wrap; gap: 0.5rem; padding: 0; list-style: none; }
.toc a { display: inline-block; padding: 0.3rem 0.75rem; border-radius: 999px;
  background: var(--chip); color: var(--text); text-decoration: none; }
.toc a:hover, .toc a:focus-visible { background: var(--accent); color: var(--bg); }
.lesson { background: var(--card); border: 1px solid var(--line); border-radius: 12px;
  padding: 1rem 1.25rem 1.25rem; margin: 0 0 1.5rem; scroll-margin-top: 1rem; }
.lesson h2 { margin: 0.25rem 0; font-size: 1.4rem; line-height: 1.3; }
.number { display: inline-grid; place-items: center; min-width: 1.8em; height: 1.8em;
  margin-right: 0.4rem; border-radius: 50%; background: var(--accent); color: var(--card);
  font-size: 0.8em; vertical-align: 0.1em; }
.meta { margin: 0 0 0.75rem; }
code { font-family: ui-monospace, "DejaVu Sans Mono", Menlo, Consolas, monospace;
  font-size: 0.95em; }
.lesson-body { display: grid; gap: 1rem 1.5rem; grid-template-columns: minmax(0, 1fr); }
@media (min-width: 60rem) {
  .lesson-body { grid-template-columns: minmax(0, 2fr) minmax(16rem, 1fr); align-items: start; }
}
video { display: block; width: 100%; height: auto; max-height: 80vh; background: #000;
  border-radius: 8px; }
.side h3 { margin: 0 0 0.4rem; font-size: 1rem; }
.side ol, .side ul { margin: 0 0 1rem; padding: 0; list-style: none; }
.chapters li + li { margin-top: 0.25rem; }
.chapter { display: flex; gap: 0.6rem; width: 100%; padding: 0.4rem 0.6rem; text-align: left;
  font: inherit; color: inherit; background: var(--chip); border: 1px solid transparent;
  border-radius: 6px; cursor: pointer; }
.chapter:hover, .chapter:focus-visible { border-color: var(--accent); }
.chapter[aria-current="true"] { border-color: var(--accent);
  box-shadow: inset 3px 0 var(--accent); }
.chapter-time { color: var(--muted); font-variant-numeric: tabular-nums; }
.facts li { margin: 0 0 0.3rem; padding-left: 0.9rem; text-indent: -0.9rem; }
.facts li::before { content: "• "; color: var(--accent); }
.downloads li { display: flex; justify-content: space-between; gap: 1rem;
  padding: 0.2rem 0; border-bottom: 1px solid var(--line); }
a { color: var(--accent); }
@media (prefers-reduced-motion: no-preference) { html { scroll-behavior: smooth; } }
"""

SCRIPT = """
(function () {
  "use strict";
  var backup = JSON.parse(document.getElementById("course-data").textContent);
  function rebuild(element, video, cues) {
    // A browser refused the track file (as Chromium does for pages opened from disk):
    // make the same track from the copy in this page.
    var kind = element.kind, label = element.label, language = element.srclang;
    var wasShowing = element.track.mode === "showing" || element.default;
    element.remove();
    if (!cues || !cues.length || typeof VTTCue === "undefined") { return; }
    var track = video.addTextTrack(kind, label, language);
    cues.forEach(function (cue) { track.addCue(new VTTCue(cue[0], cue[1], cue[2])); });
    track.mode = kind === "captions" && wasShowing ? "showing" : "hidden";
  }
  document.querySelectorAll("section[data-lesson]").forEach(function (section) {
    var video = section.querySelector("video");
    if (!video) { return; }
    var copy = backup[section.getAttribute("data-lesson")] || {};
    section.querySelectorAll("video > track").forEach(function (element) {
      var cues = copy[element.kind];
      if (element.readyState === 3) { rebuild(element, video, cues); return; }
      element.addEventListener("error", function () { rebuild(element, video, cues); });
    });
    var buttons = Array.prototype.slice.call(section.querySelectorAll(".chapters .chapter"));
    buttons.forEach(function (button) {
      button.addEventListener("click", function () {
        video.currentTime = parseFloat(button.getAttribute("data-start")) || 0;
        var playing = video.play();
        if (playing && playing.catch) { playing.catch(function () {}); }
      });
    });
    video.addEventListener("timeupdate", function () {
      var now = video.currentTime;
      buttons.forEach(function (button) {
        var inside = now >= parseFloat(button.getAttribute("data-start")) &&
                     now < parseFloat(button.getAttribute("data-end"));
        if (inside) { button.setAttribute("aria-current", "true"); }
        else { button.removeAttribute("aria-current"); }
      });
    });
  });
})();
"""


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
<style>{STYLE}</style>
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
<script>{SCRIPT}</script>
</body>
</html>
"""
