"""The layer camera: frames pixel-identical to Manim's own drawing, with the unchanged bottom reused."""

from __future__ import annotations

from pathlib import Path

import av
import numpy as np
from manim import (BLUE, GREEN, RED, WHITE, YELLOW, Circle, Dot, Scene, Square, Text, ValueTracker,
                   always_redraw, tempconfig)
from manim.renderer.cairo_renderer import CairoRenderer

from scenes.pipeline.layers import LayerCamera, LayerRenderer
from scenes.pipeline.writer import StreamingFileWriter, stream_specs

FPS = 15
SIZE = (192, 108)


class Busy(Scene):
    """Static shapes under and over a moving dot, an updater that changes nothing, a tracker,
    a redrawn circle, a colour change, a held frame and a new background colour."""

    def construct(self) -> None:
        floor = Square(side_length=5, color=BLUE, fill_opacity=0.4)
        dot = Dot(color=YELLOW).shift(3 * np.array([-1.0, 0, 0]))
        lid = Square(side_length=2, color=GREEN, fill_opacity=0.6)
        label = Text("x", font_size=36).next_to(lid, np.array([0, 1.0, 0]))
        label.add_updater(lambda m: m.next_to(lid, np.array([0, 1.0, 0])))  # never moves it
        tracker = ValueTracker(0.5)
        ring = always_redraw(lambda: Circle(radius=tracker.get_value(), color=RED))
        self.add(floor, tracker, dot, lid, label, ring)
        self.play(dot.animate.shift(np.array([6.0, 0, 0])), run_time=1)
        self.play(tracker.animate.set_value(1.5), run_time=0.5)
        self.wait(0.5)
        lid.set_color(RED)
        self.play(dot.animate.shift(np.array([-2.0, 1, 0])), run_time=0.5)
        self.camera.background_color = WHITE
        self.play(dot.animate.shift(np.array([0.0, -2, 0])), run_time=0.5)


class FrameKeeper(StreamingFileWriter):
    """The streaming writer, also keeping every frame it is handed."""

    kept: list[tuple[np.ndarray, int]]

    def write_frame(self, pixels: np.ndarray, *, repeat: int = 1) -> None:
        self.__dict__.setdefault("kept", []).append((pixels.copy(), repeat))
        super().write_frame(pixels, repeat=repeat)


def render(tmp_path: Path, renderer_class: type) -> tuple[FrameKeeper, CairoRenderer]:
    settings = {
        "pixel_width": SIZE[0], "pixel_height": SIZE[1], "frame_rate": FPS,
        "media_dir": str(tmp_path / "media"), "disable_caching": True, "write_to_movie": True,
        "verbosity": "WARNING", "progress_bar": "none", "output_file": "busy",
    }
    with tempconfig(settings):
        renderer = renderer_class(file_writer_class=FrameKeeper)
        scene = Busy(renderer=renderer)
        renderer.file_writer.configure(tmp_path / "videos", stream_specs((), False))
        scene.render()
    return renderer.file_writer, renderer


def decoded(path: Path) -> tuple[list[np.ndarray], float]:
    with av.open(str(path)) as container:
        stream = container.streams.video[0]
        frames = [frame.to_ndarray(format="rgb24") for frame in container.decode(stream)]
        return frames, float(stream.duration * stream.time_base)


def test_layered_frames_are_pixel_identical_to_manims_and_reuse_the_unchanged_bottom(tmp_path):
    old, _ = render(tmp_path / "old", CairoRenderer)
    new, renderer = render(tmp_path / "new", LayerRenderer)
    assert [repeat for _, repeat in new.kept] == [repeat for _, repeat in old.kept]
    assert sum(repeat for _, repeat in new.kept) == 46  # 3 s at 15 fps, with Manim rounding the 0.5 s plays up
    for index, ((before, _), (after, _)) in enumerate(zip(old.kept, new.kept)):
        assert np.array_equal(before, after), f"frame {index} differs"
    camera = renderer.camera
    assert isinstance(camera, LayerCamera)
    # The floor square (and the tracker, which paints nothing) sit under the dot: reused.
    assert camera.reused > 0 and camera.drawn > 0
    assert (old.kept[-1][0][0, 0, :3] == 255).all()  # the last frames are on the white background


def test_layered_video_decodes_to_the_same_frames_and_length(tmp_path):
    old, _ = render(tmp_path / "old", CairoRenderer)
    new, _ = render(tmp_path / "new", LayerRenderer)
    old_frames, old_seconds = decoded(old.outputs["mp4"])
    new_frames, new_seconds = decoded(new.outputs["mp4"])
    assert len(new_frames) == len(old_frames) == 46
    assert new_seconds == old_seconds == 46 / FPS
    assert all(np.array_equal(a, b) for a, b in zip(old_frames, new_frames))
