"""Render one scene class in this process, the way the renderer renders a lesson.

:func:`scenes.pipeline.runner.render_video` picks the scene class from the lesson's kind. The peer
baseline is another class for the same lesson, so this module repeats that function's steps
with the class as a parameter: Manim's settings from :func:`scenes.pipeline.runner.manim_settings`
inside ``tempconfig``, a Cairo renderer with the renderer's streaming file writer (when it has
one), the TeX lock, then ``scene.render()``. Ours and the baseline both go through here, so the
only difference between them is how the scene is written.

Nothing here imports Manim at module level.
"""

from __future__ import annotations

import time
import zlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from bench.timing import ROOT
from derivanim.config import DEFAULT_CONFIG, load_course
from derivanim.facts import LessonFacts, lesson_facts

ASPECT = "16:9"
"""The benchmarks render the default course's frame shape."""
THEME = "dark"
"""And its theme."""


def secant_facts_of(config: Path = ROOT / DEFAULT_CONFIG, lesson_id: str = "secant") -> LessonFacts:
    """The facts of the course's secant lesson (the default course's, unless told otherwise)."""
    course = load_course(config)
    return lesson_facts(course.lesson(lesson_id))


@dataclass
class FrameLog:
    """What the renderer handed its file writer, frame by frame.

    Attributes
    ----------
    repeats : list of int
        For each frame drawn, how many video frames it lasts (a held frame lasts several).
    frames : list of bytes
        Each drawn frame's RGBA pixels, zlib-compressed (only when kept).
    shape : tuple of int
        The pixel array's shape (height, width, channels).
    waited : float
        Seconds the render thread spent handing frames over and waiting for the encoder to
        finish at the end (with a streaming writer, time the encoder held the renderer back).
    """

    repeats: list[int] = field(default_factory=list)
    frames: list[bytes] = field(default_factory=list)
    shape: tuple[int, ...] = ()
    waited: float = 0.0

    @property
    def total(self) -> int:
        """Video frames in all."""
        return sum(self.repeats)

    def pixels(self, index: int) -> np.ndarray:
        """The RGBA pixels of drawn frame ``index``."""
        raw = zlib.decompress(self.frames[index])
        return np.frombuffer(raw, dtype=np.uint8).reshape(self.shape)


def logging_writer(base: type, log: FrameLog, keep_pixels: bool) -> type:
    """A subclass of a file writer that also notes each frame it is given.

    Counting costs nothing measurable; keeping the pixels (compressed) costs a few milliseconds
    a frame, so renders that are timed never keep them.
    """

    class LoggingWriter(base):  # type: ignore[misc, valid-type]
        def write_frame(self, pixels: np.ndarray, *, repeat: int = 1) -> None:
            log.repeats.append(int(repeat))
            if keep_pixels:
                log.shape = tuple(pixels.shape)
                log.frames.append(zlib.compress(np.ascontiguousarray(pixels).tobytes(), 1))
            started = time.perf_counter()
            super().write_frame(pixels, repeat=repeat)
            log.waited += time.perf_counter() - started

        def finish(self) -> None:
            started = time.perf_counter()
            super().finish()
            log.waited += time.perf_counter() - started

    return LoggingWriter


@dataclass(frozen=True)
class SceneRender:
    """One finished in-process render.

    Attributes
    ----------
    seconds : float
        From building the scene to the last frame encoded and the file closed.
    video_seconds : float
        Length of the video: frames divided by the frame rate.
    frames, drawn : int
        Video frames, and frames Cairo actually drew (a held frame is drawn once).
    fps : float
        Frames per second.
    waited : float
        Of ``seconds``, the time the render thread waited on the file writer.
    mp4 : Path
        The video written.
    """

    seconds: float
    video_seconds: float
    frames: int
    drawn: int
    fps: float
    waited: float
    mp4: Path


def settings_for(quality: str, media_dir: Path, name: str) -> dict[str, Any]:
    """The Manim config of one render, exactly as the renderer computes it."""
    from scenes.pipeline.runner import manim_settings

    return manim_settings(quality, ASPECT, media_dir, name)


@contextmanager
def manim_config(quality: str, media_dir: Path, name: str,
                 extra: dict[str, Any] | None = None) -> Iterator[dict[str, Any]]:
    """Enter Manim's config for one render (and the renderer's TeX lock); yield the values."""
    from manim import tempconfig

    from scenes.kit.tex_cache import install_tex_lock

    values = {**settings_for(quality, media_dir, name), **(extra or {})}
    install_tex_lock()
    with tempconfig(values):
        yield values


def _writer_class() -> tuple[type, Callable[[Any, Path], None]]:
    """The renderer's file writer and how to set it up; Manim's own when there is none."""
    try:
        from scenes.pipeline.writer import StreamingFileWriter, stream_specs
    except ImportError:
        from manim.scene.scene_file_writer import SceneFileWriter

        return SceneFileWriter, lambda writer, folder: None

    def configure(writer: Any, folder: Path) -> None:
        writer.configure(folder, stream_specs(("mp4",), False))

    return StreamingFileWriter, configure


def render_scene(scene_class: type, facts: LessonFacts, quality: str, media_dir: Path,
                 log: FrameLog | None = None, keep_pixels: bool = False,
                 keep: Callable[[Any], None] | None = None) -> SceneRender:
    """Render one scene class for one lesson into ``media_dir``, timed.

    Parameters
    ----------
    scene_class : type
        A scene taking ``facts=`` and ``theme=`` keyword arguments.
    facts : LessonFacts
        The lesson.
    quality : str
        A key of :data:`scenes.pipeline.runner.QUALITY`.
    media_dir : Path
        Scratch folder for Manim's files and the video.
    log : FrameLog, optional
        Filled with the frames handed to the writer.
    keep_pixels : bool
        Also keep every drawn frame's pixels in ``log``.
    keep : callable, optional
        Called with the finished scene while Manim's config is still in force (to measure
        things on its final state).
    """
    from scenes.pipeline.layers import LayerRenderer

    base, configure = _writer_class()
    log = log if log is not None else FrameLog()
    writer_class = logging_writer(base, log, keep_pixels)
    with manim_config(quality, media_dir, facts.lesson.id) as values:
        started = time.perf_counter()
        renderer = LayerRenderer(file_writer_class=writer_class)
        scene = scene_class(facts=facts, theme=THEME, renderer=renderer)
        configure(renderer.file_writer, media_dir / "videos")
        scene.render()
        seconds = time.perf_counter() - started
        if keep is not None:
            keep(scene)
    writer = renderer.file_writer
    outputs = getattr(writer, "outputs", None)
    mp4 = Path(outputs["mp4"]) if outputs else Path(writer.movie_file_path)
    fps = float(values["frame_rate"])
    return SceneRender(seconds=seconds, video_seconds=log.total / fps, frames=log.total,
                       drawn=len(log.repeats), fps=fps, waited=log.waited, mp4=mp4)


def warm_tex(scene_class: type, facts: LessonFacts, media_dir: Path) -> None:
    """Run a scene in Manim's dry-run mode at a few frames a second, drawing nothing.

    Every formula and number the scene typesets is compiled once into the TeX cache, so the
    timed renders that follow find the cache warm whichever of them runs first.
    """
    with manim_config("low", media_dir, facts.lesson.id, {"dry_run": True, "frame_rate": 5}):
        scene_class(facts=facts, theme=THEME).render()


def scene_classes() -> dict[str, type]:
    """The two ways of writing the secant lesson: ``ours`` and ``baseline``."""
    from bench.baseline_secant import BaselineSecantScene
    from scenes.secant import SecantScene

    return {"ours": SecantScene, "baseline": BaselineSecantScene}
