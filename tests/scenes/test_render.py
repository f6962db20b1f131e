"""One real render, end to end: the command line renders a lesson at low quality and the
published MP4 decodes to its last frame with the expected size, rate, length and picture."""

from __future__ import annotations

import json
import subprocess
import sys

import av
import numpy as np
import pytest

from derivanim.facts import document
from scenes.kit.theme import THEMES
from tests.scenes.helpers import ROOT, facts_of


def colour_share(frame: np.ndarray, hex_colour: str, tolerance: int = 40) -> float:
    """Share of pixels close to a colour."""
    target = np.array([int(hex_colour[i:i + 2], 16) for i in (1, 3, 5)])
    return float((np.abs(frame.astype(int) - target).max(axis=2) <= tolerance).mean())


@pytest.fixture(scope="module")
def rendered(tmp_path_factory):
    out = tmp_path_factory.mktemp("bundle")
    result = subprocess.run(
        [sys.executable, "render.py", "secant", "--quality", "low", "--out", str(out), "--jobs", "1"],
        cwd=ROOT, capture_output=True, text=True, timeout=600,
    )
    return out, result


def test_render_exits_cleanly(rendered):
    out, result = rendered
    assert result.returncode == 0, result.stderr
    assert "1 of 1 lesson(s) rendered" in result.stdout
    assert sorted(p.name for p in (out / "secant").iterdir()) == [
        "facts.json", "secant.chapters.vtt", "secant.mp4", "secant.srt", "secant.vtt",
    ]


def test_captions_and_chapters_cover_the_video(rendered):
    out, _ = rendered
    captions = (out / "secant" / "secant.vtt").read_text()
    chapters = (out / "secant" / "secant.chapters.vtt").read_text()
    assert captions.startswith("WEBVTT") and chapters.startswith("WEBVTT")
    names = [block.splitlines()[2] for block in chapters.strip().split("\n\n")[1:]]
    assert names == ["The question", "One secant", "Shrink h", "The algebra", "The tangent", "Takeaway"]
    srt_blocks = (out / "secant" / "secant.srt").read_text().strip().split("\n\n")
    vtt_blocks = captions.strip().split("\n\n")[1:]
    assert len(srt_blocks) == len(vtt_blocks) >= 6
    for block in vtt_blocks:
        lines = block.splitlines()
        assert len(lines) <= 4 and all(len(line) <= 42 for line in lines[2:])


def test_video_decodes_end_to_end(rendered):
    out, _ = rendered
    with av.open(str(out / "secant" / "secant.mp4")) as container:
        stream = container.streams.video[0]
        assert stream.codec_context.name == "h264"
        assert (stream.codec_context.width, stream.codec_context.height) == (854, 480)
        assert float(stream.average_rate) == pytest.approx(15, abs=0.01)
        frames = [frame.to_ndarray(format="rgb24") for frame in container.decode(stream)]
    duration = len(frames) / 15
    assert 30 <= duration <= 90
    theme = THEMES["dark"]
    assert colour_share(frames[0], theme.background) > 0.97  # it opens on an empty page
    middle, last = frames[len(frames) // 2], frames[-1]
    assert colour_share(middle, theme.function, 30) > 0.001  # the curve is drawn
    assert colour_share(last, theme.tangent, 30) > 0.001  # it ends with the tangent
    assert not np.array_equal(frames[len(frames) // 3], last)


def test_facts_are_published_beside_the_video(rendered):
    out, _ = rendered
    published = json.loads((out / "secant" / "facts.json").read_text())
    expected = document([facts_of(ROOT / "config" / "course.toml", "secant")])["lessons"][0]
    assert published == json.loads(json.dumps(expected))


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
