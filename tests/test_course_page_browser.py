"""The course page in a real browser: Debian's headless Chromium plays a small synthetic bundle.

Two lessons (:mod:`synthetic`), each a real H.264 (yuv420p, faststart) MP4 made with PyAV,
WebVTT captions and chapters, a JPEG poster, facts.json and the embed page; then manifest.json
and index.html from the package.
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
import pytest

from browser import (
    Chromium,
    course_page_problems,
    inspect_course_page,
    outside_requests,
    serve,
    vtt_cue_count,
)
from synthetic import BACKGROUND, FPS, FRAMES, TITLES, make_bundle

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
