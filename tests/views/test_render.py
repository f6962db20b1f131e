"""End to end: the command line renders a small course at low quality into a complete bundle.

One module-scoped render of two lessons (a secant and a jump limit) in the vertical 9:16
aspect, with every format (MP4, WebM, GIF, MOV), is checked file by file: decoded to the last
frame, MP4 index first, captions and chapters parsed, poster against the video, manifest sizes
and hashes, and the course page in headless Chromium. Then the same bundle goes through the
cache (an unchanged run renders nothing and touches no file), a lesson that fails (exit 1, the
other lesson and the previous files survive), a run killed mid-render (everything that stood
still decodes and matches the manifest) and the recovery run that re-renders only what changed.
"""

from __future__ import annotations

import json
import struct
import subprocess
import sys
from pathlib import Path
from typing import Any

import av
import jsonschema
import numpy as np
import pytest
from PIL import Image

from browser import Chromium, course_page_problems, inspect_course_page, serve, vtt_cue_count
from test_page import parse
from derivanim.config import load_course
from derivanim.facts import document, lesson_facts
from derivanim.captions import (
    LINE_LENGTH, LINES_PER_CUE, MAX_CHARS_PER_SECOND, MIN_SECONDS, reading_speed,
)
from derivanim.page import clock, parse_vtt
from derivanim.schemas import Manifest
from scenes.kit.theme import THEMES
from tests.views.bundle import bundle_problems, changed_files, leftovers, published, run, sha256
from tests.views.helpers import ROOT

# One bundle is rendered once and then re-run, failed and killed in order: keep it on one worker.
pytestmark = pytest.mark.xdist_group("bundle")

COURSE = """\
[course]
title = "Two lessons, end to end"
quality = "low"

[[lessons]]
kind = "secant"
function = "x^2"
point = 2

[[lessons]]
id = "jump"
kind = "limit"
function = "abs(x)/x"
point = 0
"""
FPS = 15
WIDTH, HEIGHT = 480, 854
FORMATS = ("webm", "gif", "mov")


def top_level_boxes(path: Path) -> list[str]:
    """The names of an MP4 file's top-level boxes, in file order."""
    names, data, offset = [], path.read_bytes(), 0
    while offset + 8 <= len(data):
        size, name = struct.unpack(">I4s", data[offset:offset + 8])
        if size == 1:
            size = struct.unpack(">Q", data[offset + 8:offset + 16])[0]
        names.append(name.decode("latin-1"))
        offset += size if size else len(data)
    return names


def decode(path: Path) -> list[np.ndarray]:
    with av.open(str(path)) as container:
        return [frame.to_ndarray(format="rgb24") for frame in container.decode(video=0)]


def colour_share(frame: np.ndarray, hex_colour: str, tolerance: int = 40) -> float:
    """Share of pixels close to a colour."""
    target = np.array([int(hex_colour[i:i + 2], 16) for i in (1, 3, 5)])
    return float((np.abs(frame.astype(int) - target).max(axis=2) <= tolerance).mean())


@pytest.fixture(scope="module")
def course(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, Any]:
    folder = tmp_path_factory.mktemp("course")
    config = folder / "course.toml"
    config.write_text(COURSE)
    out = folder / "out"
    formats = [arg for fmt in FORMATS for arg in ("--format", fmt)]
    result = run("--config", str(config), "--aspect", "9:16", *formats, "--out", str(out),
                 "--jobs", "2")
    return config, out, result


@pytest.fixture(scope="module")
def manifest(course) -> dict[str, Any]:
    _, out, result = course
    assert result.returncode == 0, result.stdout + result.stderr
    return json.loads((out / "manifest.json").read_text())


def test_every_lesson_publishes_every_file(course, manifest):
    _, out, result = course
    assert "2 rendered, 0 unchanged, 0 failed" in result.stdout
    for lesson_id in ("secant", "jump"):
        names = sorted(p.name for p in (out / lesson_id).iterdir())
        assert names == sorted([
            "facts.json", "embed.html", *(f"{lesson_id}.{ext}" for ext in
                            ("mp4", "webm", "gif", "mov", "jpg", "srt", "vtt", "chapters.vtt",
                             "transcript.txt", "transcript.html"))])
    assert sorted(p.name for p in out.iterdir()) == [
        ".derivanim.lock", "facts.schema.json", "index.html", "jump", "manifest.json",
        "manifest.schema.json", "secant"]


def test_the_bundle_validates_against_its_own_schemas(course, manifest):
    _, out, _ = course
    check = jsonschema.Draft202012Validator
    manifest_schema = json.loads((out / "manifest.schema.json").read_text())
    facts_schema = json.loads((out / "facts.schema.json").read_text())
    check.check_schema(manifest_schema)
    check.check_schema(facts_schema)
    jsonschema.validate(manifest, manifest_schema, cls=check)
    assert Manifest.model_validate(manifest).lessons[0].summary[0].startswith("At x = ")
    for lesson in manifest["lessons"]:
        jsonschema.validate(json.loads((out / lesson["id"] / "facts.json").read_text()),
                            facts_schema, cls=check)
    broken = json.loads(json.dumps(manifest))
    broken["lessons"][0]["files"][0]["size"] = -1
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(broken, manifest_schema, cls=check)


def test_manifest_matches_the_files(course, manifest):
    _, out, _ = course
    assert [lesson["id"] for lesson in manifest["lessons"]] == ["secant", "jump"]
    assert manifest["title"] == "Two lessons, end to end"
    assert bundle_problems(out) == []
    for lesson in manifest["lessons"]:
        assert (lesson["width"], lesson["height"], lesson["fps"]) == (WIDTH, HEIGHT, FPS)
        roles = sorted((item["role"], item["format"]) for item in lesson["files"])
        assert roles == sorted([
            ("video", "mp4"), ("video", "webm"), ("video", "mov"), ("animation", "gif"),
            ("poster", "jpg"), ("captions", "srt"), ("captions", "vtt"), ("chapters", "vtt"),
            ("facts", "json"), ("transcript", "txt"), ("transcript", "html"),
            ("embed", "html")])


def test_every_video_decodes_to_its_last_frame(course, manifest):
    _, out, _ = course
    codecs = {"mp4": ("h264", "yuv420p"), "webm": ("vp9", "yuv420p"), "mov": ("prores", None)}
    for lesson in manifest["lessons"]:
        lesson_id = lesson["id"]
        for extension, (codec, pixel_format) in codecs.items():
            path = out / lesson_id / f"{lesson_id}.{extension}"
            with av.open(str(path)) as container:
                stream = container.streams.video[0]
                assert stream.codec_context.name == codec, path.name
                if pixel_format:
                    assert stream.codec_context.pix_fmt == pixel_format
                assert stream.average_rate == FPS, path.name
                frames = sum(1 for _ in container.decode(stream))
            assert frames == lesson["frames"], path.name
        assert abs(lesson["duration"] - lesson["frames"] / FPS) < 1e-3
        assert 30 <= lesson["duration"] <= 90
        boxes = top_level_boxes(out / lesson_id / f"{lesson_id}.mp4")
        assert boxes.index("moov") < boxes.index("mdat"), boxes  # faststart
        with Image.open(out / lesson_id / f"{lesson_id}.gif") as gif:
            assert gif.info["loop"] == 0 and gif.n_frames > 100 and gif.width <= 640


def test_the_secant_video_shows_the_lesson(course, manifest):
    _, out, _ = course
    frames = decode(out / "secant" / "secant.mp4")
    assert (frames[0].shape[1], frames[0].shape[0]) == (WIDTH, HEIGHT)
    theme = THEMES["dark"]
    assert colour_share(frames[0], theme.background) > 0.97  # it opens on an empty page
    assert colour_share(frames[len(frames) // 2], theme.function, 30) > 0.001  # the curve
    assert colour_share(frames[-1], theme.tangent, 30) > 0.001  # it ends with the tangent
    chapters = parse_vtt((out / "secant" / "secant.chapters.vtt").read_text())
    # every chapter starts on a keyframe, so the page's chapter list seeks exactly
    with av.open(str(out / "secant" / "secant.mp4")) as container:
        keys = [round(float(f.time), 3) for f in container.decode(video=0) if f.key_frame]
    assert all(round(cue.start * FPS) / FPS in [round(k * FPS) / FPS for k in keys]
               for cue in chapters)


def test_poster_is_a_frame_of_the_video(course, manifest):
    _, out, _ = course
    for lesson in manifest["lessons"]:
        lesson_id = lesson["id"]
        with Image.open(out / lesson_id / f"{lesson_id}.jpg") as poster:
            assert poster.size == (WIDTH, HEIGHT) and poster.format == "JPEG"
            pixels = np.asarray(poster.convert("RGB")).astype(int)
        frames = decode(out / lesson_id / f"{lesson_id}.mp4")
        best = min(np.abs(frame.astype(int) - pixels).mean() for frame in frames[::3])
        assert best < 3  # the poster is (a JPEG of) one of the frames
        assert colour_share(pixels.astype(np.uint8), THEMES["dark"].background) < 0.97  # not empty


def test_captions_and_chapters_cover_the_video(course, manifest):
    _, out, _ = course
    for lesson in manifest["lessons"]:
        lesson_id = lesson["id"]
        captions = parse_vtt((out / lesson_id / f"{lesson_id}.vtt").read_text())
        chapters = parse_vtt((out / lesson_id / f"{lesson_id}.chapters.vtt").read_text())
        assert len(captions) >= len(chapters) >= 5
        assert captions[0].start == 0 and abs(captions[-1].end - lesson["duration"]) < 0.1
        assert all(a.end <= b.start + 1e-3 for a, b in zip(captions, captions[1:]))
        assert [(c.text, c.start, c.end) for c in chapters] == [
            (c["title"], c["start"], c["end"]) for c in lesson["chapters"]]
        srt_blocks = (out / lesson_id / f"{lesson_id}.srt").read_text().strip().split("\n\n")
        assert len(srt_blocks) == len(captions)
    names = [c["title"] for c in manifest["lessons"][0]["chapters"]]
    assert names == ["The question", "One secant", "Shrink h", "Zoom in", "The algebra", "The tangent",
                     "Takeaway"]


def test_the_real_cues_keep_the_caption_rules(course, manifest):
    _, out, _ = course
    for lesson in manifest["lessons"]:
        lesson_id = lesson["id"]
        cues = parse_vtt((out / lesson_id / f"{lesson_id}.vtt").read_text())
        chapters = parse_vtt((out / lesson_id / f"{lesson_id}.chapters.vtt").read_text())
        for cue in cues:
            lines = cue.text.split("\n")
            assert len(lines) <= LINES_PER_CUE and all(len(x) <= LINE_LENGTH for x in lines), cue
            assert "*" not in cue.text and "^" not in cue.text, cue
        for chapter in chapters:
            inside = [c for c in cues if chapter.start <= c.start < chapter.end]
            text = " ".join(c.text for c in inside)
            seconds = chapter.end - chapter.start
            if seconds >= MIN_SECONDS * len(inside):
                assert all(c.end - c.start >= MIN_SECONDS - 2e-3 for c in inside), inside
            if len(text) / seconds <= MAX_CHARS_PER_SECOND:  # a beat long enough to read
                assert all(reading_speed(c) <= MAX_CHARS_PER_SECOND + 0.5 for c in inside), inside
    secant = parse_vtt((out / "secant" / "secant.vtt").read_text())
    assert secant[0].text == "How steep is this curve exactly at x = 2?"


def test_transcripts_are_published_valid_and_linked(course, manifest):
    _, out, _ = course
    page = (out / "index.html").read_text()
    for lesson in manifest["lessons"]:
        lesson_id = lesson["id"]
        text = (out / lesson_id / f"{lesson_id}.transcript.txt").read_text()
        assert text.startswith(lesson["title"] + "\n")
        for chapter in lesson["chapters"]:
            assert f"{clock(chapter['start'])}  {chapter['title']}\n" in text
        assert "*" not in text and "^" not in text
        tree = parse((out / lesson_id / f"{lesson_id}.transcript.html").read_text())
        assert tree.one("html").attrs["lang"] == "en" and tree.all("script") == []
        assert [h.content() for h in tree.all("h2")][:len(lesson["chapters"])] == [
            f"{clock(c['start'])} {c['title']}" for c in lesson["chapters"]]
        assert f'<a href="{lesson_id}/{lesson_id}.transcript.html">Transcript</a>' in page


def test_facts_are_published_beside_the_video(course, manifest):
    config, out, _ = course
    for lesson in load_course(config).lessons:
        published = json.loads((out / lesson.id / "facts.json").read_text())
        expected = json.loads(json.dumps(document([lesson_facts(lesson)])["lessons"][0]))
        assert published == expected


def test_the_course_page_plays_in_chromium(course, manifest, tmp_path):
    _, out, _ = course
    with Chromium(tmp_path / "profile") as browser, serve(out) as server:
        page = browser.new_page()
        page.navigate(server.url + "index.html")
        report = inspect_course_page(page, manifest, budget=15)
        problems = course_page_problems(report, manifest, out)
        assert problems == [], "\n".join(problems)
        for item in report["lessons"]:
            captions = next(t for t in item["loadedTracks"] if t["kind"] == "captions")
            assert captions["cues"] == vtt_cue_count(out / item["id"] / f"{item['id']}.vtt")
        assert page.console_errors() == []


def test_unchanged_run_renders_nothing_and_touches_nothing(course, manifest):
    config, out, _ = course
    before = {p: (p.stat().st_ino, p.stat().st_mtime_ns) for p in out.rglob("*")}
    formats = [arg for fmt in FORMATS for arg in ("--format", fmt)]
    result = run("--config", str(config), "--aspect", "9:16", *formats, "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert "0 rendered, 2 unchanged, 0 failed" in result.stdout
    after = {p: (p.stat().st_ino, p.stat().st_mtime_ns) for p in out.rglob("*")}
    changed = sorted(str(p.relative_to(out)) for p in after if before.get(p) != after[p])
    # rewritten with the same lessons, and the lock notes the last render's process id
    assert changed == [".derivanim.lock", "index.html", "manifest.json"]


def test_a_failing_lesson_exits_1_and_keeps_what_was_published(course, manifest):
    config, out, _ = course
    formats = [arg for fmt in FORMATS for arg in ("--format", fmt)]
    jump_before = sha256(out / "jump" / "jump.mp4")
    result = run("--config", str(config), "--aspect", "9:16", *formats, "--out", str(out),
                 "--set", "jump.samples=[0.5, 0.1, 0.01]",
                 env={"DERIVANIM_FAULTS": "jump:start:raise"})
    assert result.returncode == 1, result.stdout + result.stderr
    assert "injected fault in lesson 'jump' at start" in result.stdout
    assert "0 rendered, 1 unchanged, 1 failed" in result.stdout
    assert sha256(out / "jump" / "jump.mp4") == jump_before
    assert bundle_problems(out) == []


def test_a_killed_render_loses_nothing_and_the_next_run_recovers(course, manifest):
    config, out, _ = course
    formats = [arg for fmt in FORMATS for arg in ("--format", fmt)]
    args = ("--config", str(config), "--aspect", "9:16", *formats, "--out", str(out),
            "--set", "secant.point=1")
    before = published(out)
    killed = run(*args, env={"DERIVANIM_FAULTS": "secant:second:3:kill"})
    assert killed.returncode != 0
    assert changed_files(before) == []  # every file that stood is still there, unchanged
    assert bundle_problems(out) == []
    recovered = run(*args, check=True)
    assert "1 rendered, 1 unchanged, 0 failed" in recovered.stdout
    assert sha256(out / "jump" / "jump.mp4") == before[out / "jump" / "jump.mp4"]
    assert sha256(out / "secant" / "secant.mp4") != before[out / "secant" / "secant.mp4"]
    assert bundle_problems(out) == []
    secant = json.loads((out / "manifest.json").read_text())["lessons"][0]
    assert secant["facts"]["tangent"]["slope"] == 2  # the new point: f'(1) = 2
    assert leftovers(out) == []


@pytest.mark.parametrize("kind", ["secant"])
def test_manim_command_line_renders_the_default_lesson(kind, tmp_path):
    scene = f"{kind.capitalize()}Scene"
    result = subprocess.run(
        [sys.executable, "-m", "manim", "render", "-ql", "--dry_run", f"scenes/{kind}.py", scene,
         "--media_dir", str(tmp_path)],
        cwd=ROOT, capture_output=True, text=True, timeout=300,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert f"Rendered {scene}" in result.stdout + result.stderr
