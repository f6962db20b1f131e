"""The streaming file writer: one encoder per format for the whole scene, checked on tiny renders."""

from __future__ import annotations

from pathlib import Path

import av
import numpy as np
import pytest
from manim import BLUE, RED, WHITE, ManimColor, Scene, Square, tempconfig
from manim.renderer.cairo_renderer import CairoRenderer

from scenes.pipeline.writer import StreamingFileWriter, stream_specs, straight_alpha

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


class HalfBlue(Scene):
    """A half-transparent blue square over a white (transparent) background, held 1 s."""

    def construct(self) -> None:
        self.camera.background_color = WHITE
        self.add(Square(side_length=4, color=BLUE, fill_opacity=0.5, stroke_width=0))
        self.wait(1)


def render(tmp_path: Path, formats: tuple[str, ...] = (), transparent: bool = False,
           scene_class: type[Scene] = Blinks):
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
        scene = scene_class(renderer=renderer)
        writer = renderer.file_writer
        writer.configure(tmp_path / "videos", stream_specs(formats, transparent),
                         matte=(255, 255, 255) if transparent else None,
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


def first_rgba(path: Path) -> np.ndarray:
    """The first frame with its alpha; VP9 alpha needs libvpx's decoder (FFmpeg's drops it)."""
    with av.open(str(path)) as container:
        stream = container.streams.video[0]
        if stream.codec_context.name != "vp9":
            return next(container.decode(stream)).to_ndarray(format="rgba")
        decoder = av.CodecContext.create("libvpx-vp9", "r")
        for packet in container.demux(stream):
            for frame in decoder.decode(packet):
                return frame.to_ndarray(format="rgba")
    raise AssertionError(f"{path} has no frame")


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


def test_transparent_render_keeps_straight_alpha_in_mov_and_webm_and_the_mp4_shows_the_matte(tmp_path):
    writer, _ = render(tmp_path, formats=("mov", "webm"), transparent=True, scene_class=HalfBlue)
    blue = np.array(ManimColor(BLUE).to_int_rgb())
    centre = (SIZE[1] // 2, SIZE[0] // 2)
    for extension in ("mov", "webm"):
        frame = first_rgba(writer.outputs[extension])
        assert frame[0, 0, 3] <= 3, extension  # the empty corner is see-through (VP9 is lossy)
        assert abs(int(frame[centre][3]) - 128) <= 3, extension  # half opaque
        # straight alpha: the paint itself, not the paint already mixed with white
        assert np.abs(frame[centre][:3].astype(int) - blue).max() <= 8, (extension, frame[centre])
    mp4_frames, _, _ = decode(writer.outputs["mp4"])
    assert np.abs(mp4_frames[0][0, 0].astype(int) - 255).max() < 6  # the white matte
    over_white = (blue + 255) / 2
    assert np.abs(mp4_frames[0][centre].astype(int) - over_white).max() <= 8


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


def test_straight_alpha_recovers_the_paint_from_cairo_frames_over_a_matte():
    matte = (255, 255, 255)
    pixels = np.array([[[255, 255, 255, 0],    # nothing painted
                        [10, 20, 30, 255],     # opaque paint
                        [137, 147, 157, 128],  # (20, 40, 60) at half over white
                        [255, 255, 255, 1]]],  # faint white stays white
                      dtype=np.uint8)
    assert straight_alpha(pixels, matte).tolist() == [
        [[0, 0, 0, 0], [10, 20, 30, 255], [20, 40, 60, 128], [255, 255, 255, 1]]]
    black = np.array([[[64, 32, 0, 128]]], dtype=np.uint8)  # plain premultiplied over black
    assert straight_alpha(black, (0, 0, 0)).tolist() == [[[128, 64, 0, 128]]]
