"""The floor under a render: what encoding alone, and drawing alone, would cost.

A render draws frames with Cairo and encodes them with x264. This module times each on its own
for the secant lesson:

* **encode floor**: the lesson's drawn frames, already in memory as RGBA arrays, converted and
  encoded with the renderer's own encoder settings (read from :mod:`scenes.pipeline.writer`, or Manim's
  defaults when the renderer has no writer of its own). A held frame is converted once and
  encoded as many times as it lasts, as the renderer's writer does.
* **raster floor**: the lesson's final frame rasterised by Manim's Cairo camera, from a blank
  frame, as many times as the renderer drew frames.

Nothing here imports Manim at module level.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path
from typing import Any

from bench.inprocess import FrameLog

CHUNK_BYTES = 1 << 30
"""Decompressed frames held in memory at once while encoding (1 GiB)."""


@dataclass(frozen=True)
class EncoderSettings:
    """How the renderer encodes its MP4.

    Attributes
    ----------
    codec, pixel_format : str
        Encoder and the pixel format it is fed.
    options : tuple of (str, str)
        Encoder options (crf, preset, ...).
    container_options : tuple of (str, str)
        Muxer options.
    source : str
        Where these were read from.
    """

    codec: str
    pixel_format: str
    options: tuple[tuple[str, str], ...]
    container_options: tuple[tuple[str, str], ...]
    source: str

    def describe(self) -> str:
        """One line for the results.

        Examples
        --------
        >>> EncoderSettings("libx264", "yuv420p", (("crf", "23"),), (), "x").describe()
        'libx264 yuv420p crf=23 (from x)'
        """
        options = " ".join(f"{key}={value}" for key, value in self.options)
        return f"{self.codec} {self.pixel_format} {options} (from {self.source})".replace("  ", " ")


def encoder_settings() -> EncoderSettings:
    """The renderer's MP4 encoder settings, read from its code."""
    try:
        from scenes.pipeline.writer import stream_specs
    except ImportError:
        return manim_default_settings()
    spec = stream_specs(("mp4",), False)[0]
    return EncoderSettings(spec.codec, spec.pixel_format, tuple(spec.options),
                           tuple(spec.container_options.items()), "scenes.pipeline.writer.stream_specs")


def manim_default_settings() -> EncoderSettings:
    """Manim's own MP4 settings, for a renderer that uses Manim's file writer."""
    from manim._config import video_encoder

    options = tuple(getattr(video_encoder, "_DEFAULT_OPTIONS", {}).get("libx264", {}).items())
    return EncoderSettings("libx264", "yuv420p", options, (), "manim defaults")


def encode_seconds(log: FrameLog, fps: float, settings: EncoderSettings, path: Path,
                   chunk_bytes: int = CHUNK_BYTES, convert_each: bool = False) -> float:
    """Time converting and encoding the logged frames into ``path``.

    Frames are decompressed a chunk at a time outside the clock; the clock runs while they are
    converted, encoded and muxed, and while the encoder is flushed and the file closed. A held
    frame is converted once, as the renderer's writer does, unless ``convert_each`` (Manim's
    writer converts every video frame it is handed).
    """
    import av

    height, width = log.shape[0], log.shape[1]
    per_chunk = max(1, chunk_bytes // (width * height * 4))
    elapsed = 0.0
    container = av.open(str(path), mode="w", options=dict(settings.container_options))
    try:
        stream = container.add_stream(settings.codec, rate=Fraction(fps).limit_denominator(1001),
                                      options=dict(settings.options))
        stream.width, stream.height, stream.pix_fmt = width, height, settings.pixel_format
        stream.thread_type = "AUTO"  # as the renderer's writer sets it
        pts = 0
        for first in range(0, len(log.frames), per_chunk):
            indices = range(first, min(first + per_chunk, len(log.frames)))
            arrays = [log.pixels(index) for index in indices]
            started = time.perf_counter()
            for index, pixels in zip(indices, arrays):
                frame = av.VideoFrame.from_ndarray(pixels, format="rgba")
                frame = frame.reformat(format=settings.pixel_format)
                for _ in range(log.repeats[index]):
                    if convert_each:
                        frame = av.VideoFrame.from_ndarray(pixels, format="rgba")
                        frame = frame.reformat(format=settings.pixel_format)
                    frame.pts = pts
                    pts += 1
                    container.mux(stream.encode(frame))
            elapsed += time.perf_counter() - started
            del arrays
        started = time.perf_counter()
        container.mux(stream.encode(None))
    finally:
        container.close()
    return elapsed + time.perf_counter() - started


def raster_seconds(scene: Any, count: int) -> float:
    """Time rasterising a scene's current state ``count`` times with its Cairo camera.

    Call it while the scene's Manim config is in force (the camera reads it).
    """
    camera = scene.renderer.camera
    mobjects = [*scene.mobjects, *scene.foreground_mobjects]
    started = time.perf_counter()
    for _ in range(count):
        camera.reset()
        camera.capture_mobjects(mobjects)
    return time.perf_counter() - started
