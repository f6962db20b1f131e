"""The course page in a real browser: Debian's headless Chromium plays a small synthetic bundle.

Two lessons, each a real H.264 (yuv420p, faststart) MP4 made with PyAV, WebVTT captions and
chapters, a JPEG poster and facts.json; then manifest.json and index.html from the package.
The bundle is served on 127.0.0.1 and opened in Chromium, which must load and decode every
video, load every track with all its cues, seek on chapter clicks and ask for nothing outside
the server. The same page opened from disk (``file://``) must still play, and show captions.

This test fails (it does not skip) when Chromium is missing: ``make setup`` installs it.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import av
import numpy as np
import pytest
from PIL import Image

from browser import (
    Chromium,
    course_page_problems,
    inspect_course_page,
    outside_requests,
    serve,
    vtt_cue_count,
)
from derivanim.captions import caption_cues, chapter_cues, to_srt, to_vtt
from derivanim.config import parse_course
from derivanim.facts import jsonable, lesson_document, lesson_facts
from derivanim.manifest import course_manifest, file_entry, lesson_entry, manifest_text
from derivanim.page import course_page

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


def make_bundle(root: Path) -> dict[str, Any]:
    """Write a two-lesson bundle into ``root``; return its manifest."""
    config = parse_course({"lessons": [
        {"kind": "secant", "function": "x^2", "point": 2, "title": TITLES["secant"]},
        {"kind": "limit", "function": "sin(x)/x", "point": 0, "title": TITLES["limit"]},
    ]})
    colours = {"secant": (250, 160, 40), "limit": (80, 200, 255)}
    entries = []
    for lesson in config.lessons:
        folder = root / lesson.id
        folder.mkdir(parents=True)
        item = lesson_facts(lesson)
        video = folder / f"{lesson.id}.mp4"
        make_video(video, colours[lesson.id])
        poster = np.full((HEIGHT, WIDTH, 3), colours[lesson.id], np.uint8)
        Image.fromarray(poster).save(folder / f"{lesson.id}.jpg", quality=80)
        (folder / f"{lesson.id}.vtt").write_text(to_vtt(caption_cues(BEATS)), encoding="utf-8")
        (folder / f"{lesson.id}.srt").write_text(to_srt(caption_cues(BEATS)), encoding="utf-8")
        (folder / f"{lesson.id}.chapters.vtt").write_text(to_vtt(chapter_cues(BEATS)),
                                                          encoding="utf-8")
        (folder / "facts.json").write_text(json.dumps(lesson_document(item), indent=2) + "\n",
                                           encoding="utf-8")
        kinds = [(f"{lesson.id}.mp4", "video", "mp4"), (f"{lesson.id}.vtt", "captions", "vtt"),
                 (f"{lesson.id}.srt", "captions", "srt"),
                 (f"{lesson.id}.chapters.vtt", "chapters", "vtt"),
                 (f"{lesson.id}.jpg", "poster", "jpg"), ("facts.json", "facts", "json")]
        duration, frames = video_info(video)
        entries.append(lesson_entry(
            id=lesson.id, title=lesson.title, kind=lesson.kind, function=lesson.function,
            narrated=False, duration=duration, frames=frames, width=WIDTH, height=HEIGHT,
            fps=FPS, key="0" * 64,
            files=[file_entry(root, folder / name, role, fmt) for name, role, fmt in kinds],
            chapters=[(cue.text, cue.start, cue.end) for cue in chapter_cues(BEATS)],
            facts=jsonable(item.facts),
        ))
    settings = {"quality": "low", "aspect": "16:9", "theme": "dark", "formats": ["mp4"],
                "transparent": False, "narrate": False}
    manifest = course_manifest("Synthetic <course> & co", settings, entries)
    (root / "manifest.json").write_text(manifest_text(manifest), encoding="utf-8")
    (root / "index.html").write_text(course_page(manifest, root=root), encoding="utf-8")
    return manifest


@pytest.fixture(scope="module")
def bundle(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, Any]]:
    root = tmp_path_factory.mktemp("bundle")
    return root, make_bundle(root)


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Any:
    with Chromium(tmp_path_factory.mktemp("chromium") / "profile") as chromium:
        yield chromium


def test_the_synthetic_videos_are_what_the_page_expects(bundle: tuple[Path, dict[str, Any]]):
    root, manifest = bundle
    for lesson in manifest["lessons"]:
        path = root / lesson["files"][0]["path"]
        with av.open(str(path)) as container:
            stream = container.streams.video[0]
            assert stream.codec_context.name == "h264"
            assert stream.codec_context.pix_fmt == "yuv420p"
        data = path.read_bytes()
        assert 0 < data.find(b"moov") < data.find(b"mdat"), "faststart: the index comes first"
        assert lesson["frames"] == FRAMES
        assert abs(lesson["duration"] - FRAMES / FPS) < 1 / FPS


def test_chromium_plays_the_course_page_served_over_http(
        bundle: tuple[Path, dict[str, Any]], browser: Chromium):
    root, manifest = bundle
    with serve(root) as server:
        page = browser.new_page()
        codecs = page.evaluate("""(() => {
            const video = document.createElement("video");
            return {h264: video.canPlayType('video/mp4; codecs="avc1.42E01E"'),
                    high: video.canPlayType('video/mp4; codecs="avc1.640028"')};
        })()""")
        assert codecs == {"h264": "probably", "high": "probably"}, codecs
        page.navigate(server.url + "index.html")
        report = inspect_course_page(page, manifest, budget=6)
        problems = course_page_problems(report, manifest, root)
        assert problems == [], "\n".join(problems) + "\n" + json.dumps(report, indent=1)

        for item in report["lessons"]:
            # What the canvas shows is the synthetic frame: the dark background, not black.
            mean = item["frame"]["mean"]
            assert all(abs(a - b) < 40 for a, b in zip(mean, BACKGROUND)) and \
                item["frame"]["brightest"] > 150, item["frame"]
            assert item["attributes"]["controls"] and item["attributes"]["preload"] == "metadata"
            assert item["attributes"]["poster"] == f"{item['id']}/{item['id']}.jpg"
            assert [s["src"] for s in item["sources"]] == [f"{item['id']}/{item['id']}.mp4"]
            captions = next(t for t in item["loadedTracks"] if t["kind"] == "captions")
            assert captions["mode"] == "showing"
            assert captions["first"] == "What is the slope of the curve at x = 2?"
            assert vtt_cue_count(root / item["id"] / f"{item['id']}.vtt") == captions["cues"] == 4
        headings = page.evaluate("""Array.from(document.querySelectorAll("section[data-lesson]"),
            (s) => [s.dataset.lesson, s.querySelector("h2").textContent])""")
        assert [[lesson_id, title.split(" ", 1)[1]] for lesson_id, title in headings] == \
            [["secant", TITLES["secant"]], ["limit", TITLES["limit"]]]
        assert page.evaluate("document.querySelectorAll('main script, h2 b').length") == 0
        assert page.evaluate("document.title") == "Synthetic <course> & co"

        urls = page.requested_urls()
        assert any(url.endswith("secant/secant.mp4") for url in urls)
        assert any(url.endswith("limit/limit.chapters.vtt") for url in urls)
        assert outside_requests(urls, server.url) == []
        assert outside_requests(report["resources"], server.url) == []
        assert "/index.html" in server.requests
        assert page.console_errors() == []


def test_the_page_opened_from_disk_still_plays_and_shows_captions(
        bundle: tuple[Path, dict[str, Any]], browser: Chromium):
    root, manifest = bundle
    page = browser.new_page()
    page.navigate((root / "index.html").as_uri())
    report = inspect_course_page(page, manifest, budget=6)
    for item, lesson in zip(report["lessons"], manifest["lessons"]):
        assert item["error"] is None and item["readyState"] == 4, item
        assert abs(item["duration"] - lesson["duration"]) <= 1 / FPS
        assert item["played"] and item["decodedFrames"] > 0, item
        assert "tainted" in item["frame"]["unreadable"]  # file:// media counts as cross-origin
        # Chromium refuses <track> files on file:// pages (readyState 3, ERROR); the page
        # rebuilds both tracks from the copy it carries, with the captions showing.
        assert all(track["readyState"] == 3 for track in item["loadedTracks"]), item
    tracks = page.evaluate("""Array.from(document.querySelectorAll("video"), (video) =>
        Array.from(video.textTracks, (t) => [t.kind, t.label, t.mode, t.cues.length]))""")
    for item, lesson in zip(tracks, manifest["lessons"]):
        assert sorted(item) == [["captions", "English", "showing", 4],
                                ["chapters", "Chapters", "hidden", len(lesson["chapters"])]]
    for item, lesson in zip(report["lessons"], manifest["lessons"]):
        assert [click["immediate"] for click in item["chapters"]] == \
            [chapter["start"] for chapter in lesson["chapters"]]
    assert outside_requests(page.requested_urls(), root.as_uri() + "/") == [], \
        page.requested_urls()
