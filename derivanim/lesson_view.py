"""What a page shows of one lesson, read from its manifest entry: the view the templates draw.

The course page (``index.html``) and each lesson's embed page (``<id>/embed.html``) draw the
same pieces of a lesson: its video with poster, captions and chapter track, its chapter list,
its transcript link, a few lines on what the video shows, its practice questions and its
downloads. :func:`lesson_view` reads them from a manifest entry, defensively (a field may be
missing or of the wrong type), with every bundle path made relative to the page's folder. The
templates in ``derivanim/templates`` only lay them out; they compute nothing.

Examples
--------
>>> entry = {"id": "a", "title": "One", "kind": "secant", "duration": 2.5,
...          "files": [{"role": "video", "format": "mp4", "path": "a/a.mp4", "size": 10}],
...          "chapters": [{"title": "Start", "start": 0.0, "end": 2.5}]}
>>> view = lesson_view(1, entry)
>>> view["video"]["sources"], view["chapters"][0]["clock"], view["embed"]
([{'src': 'a/a.mp4', 'type': 'video/mp4'}], '0:00', 'a/embed.html')
>>> lesson_view(1, entry, base="a/")["video"]["sources"][0]["src"]
'a.mp4'
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any
from urllib.parse import quote

from derivanim import numbers
from derivanim.kinds import kind_of
from derivanim.manifest import lesson_file

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
    ("embed", "html"): "Embeddable page (HTML)",
}
"""How each kind of file is named in the download list."""

VIDEO_TYPES: dict[str, str] = {"mp4": "video/mp4", "webm": "video/webm"}
"""The video formats a browser may play, in the order they are offered."""

EMBED = "embed.html"
"""The name of a lesson's embed page in its folder."""


def relative(path: str, base: str = "") -> str:
    """A bundle path as a URL relative to the folder ``base`` (``""``: the bundle root),
    percent-encoded so that no path can become a ``javascript:`` or remote URL.

    Examples
    --------
    >>> relative("secant/secant one.mp4"), relative("secant/secant.vtt", "secant/")
    ('secant/secant%20one.mp4', 'secant.vtt')
    >>> relative("manifest.json", "secant/"), relative("javascript:alert(1)")
    ('../manifest.json', 'javascript%3Aalert%281%29')
    """
    text = str(path)
    if base and text.startswith(base):
        text = text[len(base):]
    elif base:
        text = "../" * base.strip("/").count("/") + "../" + text
    return quote(text, safe="/")


def seconds(value: Any) -> float:
    """A finite, non-negative number of seconds, 0 for anything else.

    Examples
    --------
    >>> seconds(2.5), seconds(-1), seconds("3"), seconds(float("inf")), seconds(True)
    (2.5, 0.0, 0.0, 0.0, 0.0)
    """
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return 0.0
    return float(value) if 0 <= value < float("inf") else 0.0


def clock(value: Any) -> str:
    """A length or a moment as ``m:ss`` (or ``h:mm:ss``).

    Examples
    --------
    >>> clock(55.1), clock(0), clock(3725.9), clock(None)
    ('0:55', '0:00', '1:02:05', '0:00')
    """
    return numbers.clock(seconds(value))


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


def lesson_function_name(lesson: Mapping[str, Any]) -> str:
    """How one manifest lesson names its function: its own letters when its facts carry a
    notation (``s(t)``), else its kind's name (:func:`function_name`).

    Examples
    --------
    >>> lesson_function_name({"kind": "secant", "facts": {"notation": {"name": "s", "variable": "t"}}})
    's(t)'
    >>> lesson_function_name({"kind": "descent", "facts": {}})
    'L(w)'
    """
    facts = lesson.get("facts")
    notation = facts.get("notation") if isinstance(facts, Mapping) else None
    if isinstance(notation, Mapping):
        name, variable = notation.get("name"), notation.get("variable")
        if isinstance(name, str) and isinstance(variable, str):
            return f"{name}({variable})"
    return function_name(str(lesson.get("kind", "")))


def chapters(lesson: Mapping[str, Any]) -> list[dict[str, Any]]:
    """The lesson's chapters: start and end in seconds, the start as a clock, the title."""
    found = [c for c in lesson.get("chapters") or [] if isinstance(c, Mapping)]
    return [{"start": seconds(c.get("start")), "end": seconds(c.get("end")),
             "clock": clock(c.get("start")), "title": str(c.get("title", ""))} for c in found]


def video(lesson: Mapping[str, Any], base: str = "") -> dict[str, Any]:
    """The video element's parts: sources, caption and chapter tracks, poster, size."""
    sources = []
    for extension, mime in VIDEO_TYPES.items():
        item = lesson_file(lesson, "video", extension)
        if item is not None:
            sources.append({"src": relative(item["path"], base), "type": mime})
    found = {role: lesson_file(lesson, role, "vtt") for role in ("captions", "chapters")}
    poster = lesson_file(lesson, "poster")
    size = {name: lesson.get(name) for name in ("width", "height")}
    return {
        "sources": sources,
        "captions": relative(found["captions"]["path"], base) if found["captions"] else None,
        "chapters": relative(found["chapters"]["path"], base) if found["chapters"] else None,
        "poster": relative(poster["path"], base) if poster else None,
        **{name: value if isinstance(value, int) and not isinstance(value, bool) and value > 0
           else None for name, value in size.items()},
    }


def downloads(lesson: Mapping[str, Any], base: str = "") -> list[dict[str, str]]:
    """Every file of the lesson, as a link with a label and a size."""
    items = []
    for item in lesson.get("files") or []:
        if not isinstance(item, Mapping) or not isinstance(item.get("path"), str):
            continue
        role, extension = str(item.get("role", "")), str(item.get("format", ""))
        items.append({
            "href": relative(item["path"], base), "name": item["path"].rsplit("/", 1)[-1],
            "label": FILE_LABELS.get((role, extension),
                                     f"{role.capitalize()} ({extension.upper()})"),
            "size": file_size(item.get("size")),
        })
    return items


def practice(lesson_id: str, lesson: Mapping[str, Any],
             chapter_list: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """The lesson's practice questions (its facts' ``practice``), ready to lay out.

    Each has an ``id`` unique on a page, its prompt, the answer as the page's script checks
    it (``answer``, ``tolerance``) and as it is shown (``shown``), its choices, its "why", and
    the chapter that reveals it (title and start), when there is one.

    Examples
    --------
    >>> facts = {"practice": [{"question": "f'(2)?", "answer": 4.0, "tolerance": 0.05,
    ...                        "why": "2x.", "choices": [], "reveal": "The tangent"}]}
    >>> view = practice("a", {"facts": facts}, [{"title": "The tangent", "start": 3.5}])
    >>> view[0]["id"], view[0]["answer"], view[0]["shown"], view[0]["reveal_start"]
    ('a-q1', '4', '4', 3.5)
    """
    facts = lesson.get("facts")
    items = facts.get("practice") if isinstance(facts, Mapping) else None
    starts = {str(c.get("title")): c.get("start") for c in chapter_list}
    questions = []
    for index, item in enumerate(items if isinstance(items, list) else [], start=1):
        if not isinstance(item, Mapping) or not isinstance(item.get("question"), str):
            continue
        answer = item.get("answer")
        choices = [str(c) for c in item.get("choices") or []]
        numeric = not choices and isinstance(answer, (int, float)) and not isinstance(answer, bool)
        if not choices and not numeric:
            continue
        text = repr(float(answer)).removesuffix(".0") if numeric else str(answer)
        reveal = str(item.get("reveal") or "")
        question_id = f"{lesson_id}-q{index}"
        questions.append({
            "id": question_id, "prompt": item["question"], "why": str(item.get("why", "")),
            "answer": text, "shown": numbers.number(float(answer)) if numeric else text,
            "tolerance": seconds(item.get("tolerance")) if numeric else 0.0,
            "choices": [{"id": f"{question_id}-c{number}", "value": value}
                        for number, value in enumerate(choices, start=1)],
            "reveal": reveal if reveal in starts else "", "reveal_start": starts.get(reveal),
        })
    return questions


def voice(lesson: Mapping[str, Any]) -> dict[str, str] | None:
    """Who narrated the lesson (name and credit), or None when it has captions only.

    Examples
    --------
    >>> voice({"narrated": True, "voice": {"engine": "piper", "name": "en_US-joe-medium",
    ...                                    "licence": "CC0-1.0"}})
    {'name': 'en_US-joe-medium', 'credit': 'piper, CC0-1.0'}
    >>> voice({"narrated": True}), voice({"narrated": False})
    ({'name': '', 'credit': ''}, None)
    """
    if not lesson.get("narrated"):
        return None
    found = lesson.get("voice")
    if not isinstance(found, Mapping) or not found.get("name"):
        return {"name": "", "credit": ""}
    credit = ", ".join(str(found[key]) for key in ("engine", "licence") if found.get(key))
    return {"name": str(found["name"]), "credit": credit}


def lesson_view(index: int, lesson: Mapping[str, Any], base: str = "") -> dict[str, Any]:
    """Everything a page shows of one lesson, with paths relative to the folder ``base``.

    Parameters
    ----------
    index : int
        The lesson's number in the course (from 1).
    lesson : mapping
        Its manifest entry.
    base : str
        The page's folder in the bundle: ``""`` for the course page, ``"<id>/"`` for the
        lesson's embed page.
    """
    lesson_id = str(lesson.get("id", index))
    title = str(lesson.get("title") or lesson_id)
    function = lesson.get("function")
    transcript = lesson_file(lesson, "transcript", "html") or lesson_file(lesson, "transcript",
                                                                           "txt")
    chapter_list = chapters(lesson)
    summary = [line for line in lesson.get("summary") or () if isinstance(line, str)]
    return {
        "index": index, "id": lesson_id, "title": title,
        "function": f"{lesson_function_name(lesson)} = {function}"
                    if function else "",
        "duration": clock(lesson.get("duration")), "voice": voice(lesson),
        "video": video(lesson, base), "chapters": chapter_list, "summary": summary,
        "transcript": relative(transcript["path"], base) if transcript else None,
        "downloads": downloads(lesson, base),
        "practice": practice(lesson_id, lesson, chapter_list),
        "embed": relative(f"{lesson_id}/{EMBED}", base),
    }
