"""The streaming file writer: one encoder per format for the whole scene, checked on tiny renders."""

from __future__ import annotations

from pathlib import Path

import av
import numpy as np
import pytest
from manim import BLUE, RED, Scene, Square, tempconfig
from manim.renderer.cairo_renderer import CairoRenderer

from scenes.writer import StreamingFileWriter, flatten, stream_specs

FPS = 15
SIZE = (160, 90)


class Blinks(Scene):
    """A square slides (1 s), holds (1 s), turns red on a new chapter and holds again (1 s)."""

    def construct(self) -> None:
        square = Square(color=BLUE, fill_opacity=1).shift(2 * np.array([-1.0, 0, 0]))
        self.add(square)
        self.play(square.animate.shift(np.array([4.0, 0, 0])), run_time=1)
        self.wait(1)
        self.renderer.file_writer.mark_keyframe()
        square.set_color(RED)
        self.wait(1)


def render(tmp_path: Path, formats: tuple[str, ...] = (), transparent: bool = False):
    settings = {
        "pixel_width": SIZE[0], "pixel_height": SIZE[1], "frame_rate": FPS,
        "media_dir": str(tmp_path / "media"), "disable_caching": True, "write_to_movie": True,
        "verbosity": "WARNING", "progress_bar": "none", "output_file": "blinks",
    }
    if transparent:
        settings.update(transparent=True, background_opacity=0.0)
    reported: list[int] = []
    with tempconfig(settings):
        renderer = CairoRenderer(file_writer_class=StreamingFileWriter)
        scene = Blinks(renderer=renderer)
        writer = renderer.file_writer
        writer.configure(tmp_path / "videos", stream_specs(formats, transparent),
                         background=(255, 255, 255) if transparent else None,
                         progress=reported.append)
        scene.render()
    return writer, reported


def decode(path: Path) -> tuple[list[np.ndarray], list[bool], str]:
    with av.open(str(path)) as container:
        stream = container.streams.video[0]
        frames, keys = [], []
        for frame in container.decode(stream):
            frames.append(frame.to_ndarray(format="rgb24"))
            keys.append(bool(frame.key_frame))
        return frames, keys, stream.codec_context.name


def test_one_continuous_mp4_with_every_frame_and_keyframes_at_chapters(tmp_path):
    writer, reported = render(tmp_path)
    mp4 = writer.outputs["mp4"]
    assert sorted(p.name for p in mp4.parent.iterdir()) == ["blinks.mp4"]  # no partial movies
    frames, keys, codec = decode(mp4)
    assert codec == "h264" and len(frames) == writer.frames_written == 3 * FPS
    assert reported[-1] == 3 * FPS and reported == sorted(reported)
    assert [i for i, key in enumerate(keys) if key] == [0, 2 * FPS]  # start and the new chapter
    assert mp4.read_bytes().find(b"moov") < mp4.read_bytes().find(b"mdat")  # faststart
    first, held, last = frames[0], frames[FPS + 3], frames[-1]
    assert np.abs(held.astype(int) - frames[2 * FPS - 1]).max() < 8  # the hold does not move
    blue_left = first[:, : SIZE[0] // 2, 2].mean() > first[:, SIZE[0] // 2:, 2].mean() + 5
    red_right = last[:, SIZE[0] // 2:, 0].mean() > last[:, : SIZE[0] // 2, 0].mean() + 5
    assert blue_left and red_right


def test_extra_formats_are_encoded_in_the_same_pass(tmp_path):
    writer, _ = render(tmp_path, formats=("webm", "mov"))
    assert set(writer.outputs) == {"mp4", "webm", "mov"}
    codecs = {}
    for extension, path in writer.outputs.items():
        frames, _, codecs[extension] = decode(path)
        assert len(frames) == 3 * FPS, extension
    assert codecs == {"mp4": "h264", "webm": "vp9", "mov": "prores"}


def test_transparent_render_keeps_alpha_in_mov_and_flattens_the_mp4(tmp_path):
    writer, _ = render(tmp_path, formats=("mov",), transparent=True)
    with av.open(str(writer.outputs["mov"])) as container:
        frame = next(container.decode(video=0)).to_ndarray(format="rgba")
    assert frame[0, 0, 3] == 0 and frame[SIZE[1] // 2, 57, 3] == 255
    mp4_frames, _, _ = decode(writer.outputs["mp4"])
    corner = mp4_frames[0][0, 0].astype(int)
    assert np.abs(corner - 255).max() < 6  # the empty corner is the white background colour


def test_a_failed_render_leaves_no_video(tmp_path):
    class Broken(Blinks):
        def construct(self) -> None:
            self.add(Square())
            self.wait(0.5)
            raise RuntimeError("boom")

    with tempconfig({"pixel_width": 160, "pixel_height": 90, "frame_rate": FPS,
                     "media_dir": str(tmp_path / "media"), "disable_caching": True,
                     "verbosity": "WARNING", "progress_bar": "none"}):
        renderer = CairoRenderer(file_writer_class=StreamingFileWriter)
        scene = Broken(renderer=renderer)
        renderer.file_writer.configure(tmp_path / "videos", stream_specs((), False))
        with pytest.raises(RuntimeError, match="boom"):
            try:
                scene.render()
            except BaseException:
                renderer.file_writer.abort()
                raise
    assert not any((tmp_path / "videos").glob("*.mp4"))


def test_flatten_composites_straight_alpha():
    pixels = np.array([[[0, 0, 0, 0], [255, 255, 255, 255], [200, 100, 0, 51]]], dtype=np.uint8)
    assert flatten(pixels, (10, 20, 30)).tolist() == [[[10, 20, 30], [255, 255, 255], [48, 36, 24]]]
