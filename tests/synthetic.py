"""A small synthetic course bundle for the browser tests, made without rendering.

Two lessons (secant and limit, with hostile titles), each a real H.264 (yuv420p, faststart)
MP4 made with PyAV, WebVTT captions and chapters, SubRip captions, a JPEG poster, facts.json
(with its practice questions), a transcript and the lesson's embed page; then manifest.json and
index.html, all written by the package's own functions.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import av
import numpy as np
from PIL import Image

from derivanim.captions import caption_cues, chapter_cues, to_srt, to_vtt
from derivanim.config import parse_course
from derivanim.facts import facts_document, lesson_document, lesson_facts
from derivanim.manifest import course_manifest, file_entry, lesson_entry, manifest_text
from derivanim.page import EMBED, course_page, embed_page
from derivanim.report import summary_lines
from derivanim.transcript import transcript_html

FPS = 15
FRAMES = 36  # 2.4 s
WIDTH, HEIGHT = 320, 180
BACKGROUND = (18, 21, 28)
TITLES = {"secant": 'Secants & "tangents" <b>bold</b>', "limit": "Approaching <script>x</script>"}
BEATS = [
    ("Pose the question", "What is the slope of the curve at x = 2?", 0.0, 0.8),
    ("Shrink h", "As h shrinks, the secant line turns towards the tangent line and its slope "
                 "settles on a single number.", 0.8, 1.6),
    ("The tangent", "That number is the derivative.", 1.6, 2.4),
]


def make_video(path: Path, colour: tuple[int, int, int]) -> None:
    """An H.264 yuv420p MP4 with its index first: a square crossing a dark background."""
    with av.open(str(path), "w", options={"movflags": "+faststart"}) as container:
        stream = container.add_stream("libx264", rate=FPS)
        stream.width, stream.height, stream.pix_fmt = WIDTH, HEIGHT, "yuv420p"
        stream.options = {"preset": "ultrafast", "tune": "zerolatency"}
        for index in range(FRAMES):
            pixels = np.empty((HEIGHT, WIDTH, 3), np.uint8)
            pixels[:] = BACKGROUND
            left = 10 + index * (WIDTH - 80) // FRAMES
            pixels[60:120, left:left + 60] = colour
            frame = av.VideoFrame.from_ndarray(pixels, format="rgb24")
            container.mux(stream.encode(frame))
        container.mux(stream.encode(None))


def video_info(path: Path) -> tuple[float, int]:
    """(duration in seconds, frames) of a video, as the renderer's probe reports them."""
    with av.open(str(path)) as container:
        stream = container.streams.video[0]
        frames = sum(1 for _ in container.decode(stream))
        duration = float(stream.duration * stream.time_base) if stream.duration else 0.0
    return duration, frames


LESSONS: tuple[dict[str, Any], ...] = (
    {"kind": "secant", "function": "x^2", "point": 2, "title": TITLES["secant"]},
    {"kind": "limit", "function": "sin(x)/x", "point": 0, "title": TITLES["limit"]},
)
"""The two lessons of the bundle, as a course file gives them."""


def make_bundle(root: Path, lessons: tuple[dict[str, Any], ...] = LESSONS) -> dict[str, Any]:
    """Write a bundle of ``lessons`` (by default the two above) into ``root``; return its
    manifest."""
    config = parse_course({"lessons": [dict(lesson) for lesson in lessons]})
    colours = {"secant": (250, 160, 40), "limit": (80, 200, 255)}
    entries = []
    for lesson in config.lessons:
        folder = root / lesson.id
        folder.mkdir(parents=True)
        item = lesson_facts(lesson)
        video = folder / f"{lesson.id}.mp4"
        make_video(video, colours.get(lesson.id, (200, 200, 80)))
        poster = np.full((HEIGHT, WIDTH, 3), colours.get(lesson.id, (200, 200, 80)), np.uint8)
        Image.fromarray(poster).save(folder / f"{lesson.id}.jpg", quality=80)
        (folder / f"{lesson.id}.vtt").write_text(to_vtt(caption_cues(BEATS)), encoding="utf-8")
        (folder / f"{lesson.id}.srt").write_text(to_srt(caption_cues(BEATS)), encoding="utf-8")
        (folder / f"{lesson.id}.chapters.vtt").write_text(to_vtt(chapter_cues(BEATS)),
                                                          encoding="utf-8")
        (folder / "facts.json").write_text(json.dumps(lesson_document(item), indent=2) + "\n",
                                           encoding="utf-8")
        (folder / f"{lesson.id}.transcript.html").write_text(
            transcript_html(lesson.title, BEATS, summary_lines(item), video=f"{lesson.id}.mp4"),
            encoding="utf-8")
        kinds = [(f"{lesson.id}.mp4", "video", "mp4"), (f"{lesson.id}.vtt", "captions", "vtt"),
                 (f"{lesson.id}.srt", "captions", "srt"),
                 (f"{lesson.id}.chapters.vtt", "chapters", "vtt"),
                 (f"{lesson.id}.jpg", "poster", "jpg"), ("facts.json", "facts", "json"),
                 (f"{lesson.id}.transcript.html", "transcript", "html")]
        duration, frames = video_info(video)

        def entry(names: list[tuple[str, str, str]]) -> dict[str, Any]:
            return lesson_entry(
                id=lesson.id, title=lesson.title, kind=lesson.kind, function=lesson.function,
                narrated=False, duration=duration, frames=frames, width=WIDTH, height=HEIGHT,
                fps=FPS, key="0" * 64,
                files=[file_entry(root, folder / name, role, fmt) for name, role, fmt in names],
                chapters=[(cue.text, cue.start, cue.end) for cue in chapter_cues(BEATS)],
                summary=summary_lines(item), facts=facts_document(item))

        (folder / EMBED).write_text(embed_page(entry(kinds), folder=folder), encoding="utf-8")
        entries.append(entry([*kinds, (EMBED, "embed", "html")]))
    settings = {"quality": "low", "aspect": "16:9", "theme": "dark", "formats": ["mp4"],
                "transparent": False, "narrate": False}
    manifest = course_manifest("Synthetic <course> & co", settings, entries)
    (root / "manifest.json").write_text(manifest_text(manifest), encoding="utf-8")
    (root / "index.html").write_text(course_page(manifest, root=root), encoding="utf-8")
    return manifest


