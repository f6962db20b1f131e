"""A scene file writer that streams every frame straight into the finished videos.

Manim's own writer encodes each ``play`` call into its own partial movie (a fresh encoder per
animation, a keyframe at every cut) and concatenates them at the end, which costs a fraction of a
second per animation and writes every frame twice. A lesson has well over a hundred small plays,
so this writer keeps one encoder per output format open for the whole scene instead:

* frames go through a bounded queue to one encoding thread, so Cairo draws the next frame while
  x264 (which runs its own threads) encodes the last one;
* a held frame (``wait``, or any animation whose frame does not change) is converted to the
  encoder's pixel format once and handed to the encoder as many times as it lasts, so the pauses
  where a learner reads cost almost nothing;
* each beat of a lesson starts on a keyframe, so the chapter list seeks exactly;
* MP4 files are written with ``movflags=+faststart`` (the index before the data), so browsers
  start playing before the download ends.

With a transparent background, the MP4 (which has no alpha channel) shows the picture over the
theme's background colour, while WebM (VP9 with alpha) and MOV (ProRes 4444) keep the alpha.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path
from queue import Queue
from typing import Any

import av
import numpy as np
from av.video.frame import PictureType
from manim.scene.scene_file_writer import SceneFileWriter

from derivanim.formats import FORMATS, Options, OutputFormat

QUEUE_FRAMES = 6
"""Frames waiting for the encoder at most (six 1080p RGBA frames are about 50 MB)."""


@dataclass(frozen=True)
class StreamSpec:
    """One video file encoded while the scene renders.

    Attributes
    ----------
    format : OutputFormat
        The format's row in :data:`derivanim.formats.FORMATS`.
    alpha : bool
        Whether the stream keeps the frame's alpha channel; opaque streams of a transparent
        render show the picture over the camera's background colour.
    """

    format: OutputFormat
    alpha: bool = False

    @property
    def extension(self) -> str:
        """File extension of the video."""
        return self.format.extension

    @property
    def codec(self) -> str:
        """The video encoder."""
        return self.format.video_encoder

    @property
    def pixel_format(self) -> str:
        """The pixel format the encoder is fed."""
        return self.format.pixel_format_for(self.alpha)

    @property
    def options(self) -> Options:
        """Encoder options."""
        return self.format.video_options_for(self.alpha)

    @property
    def container_options(self) -> dict[str, str]:
        """Muxer options (the MP4 and MOV index goes first)."""
        return self.format.container_options


def stream_specs(formats: Iterable[str], transparent: bool) -> tuple[StreamSpec, ...]:
    """The streams to encode for the requested formats (MP4 always, first).

    GIF is not among them: it needs a palette computed over the whole clip, so it is made from
    the finished MP4 afterwards.

    Examples
    --------
    >>> [(s.extension, s.codec, s.pixel_format) for s in stream_specs(["webm", "gif"], False)]
    [('mp4', 'libx264', 'yuv420p'), ('webm', 'libvpx-vp9', 'yuv420p')]
    >>> [(s.extension, s.pixel_format, s.alpha) for s in stream_specs(["mov"], True)]
    [('mp4', 'yuv420p', False), ('mov', 'yuva444p10le', True)]
    """
    wanted = {"mp4", *formats}
    return tuple(StreamSpec(fmt, alpha=fmt.keeps_alpha(transparent))
                 for name, fmt in FORMATS.items() if fmt.streamed and name in wanted)


def straight_alpha(rgba: np.ndarray, matte: tuple[int, int, int]) -> np.ndarray:
    """Turn a transparent Cairo frame into straight (unassociated) RGBA, as encoders expect.

    With ``background_opacity=0`` Manim's camera fills the frame with its background colour at
    alpha 0 (the ``matte``) and Cairo paints over it, so each colour channel holds
    ``paint x alpha + matte x (1 - alpha)``. Encoders with an alpha plane (VP9, ProRes 4444)
    expect the paint itself: ``(colour - matte x (1 - alpha)) / alpha``. Fully transparent
    pixels become black. The formula is tabulated once per call for every (alpha, colour) pair
    and the frame is mapped through the table.

    Examples
    --------
    A half-transparent red painted over a white matte is stored as ``[255, 127, 127, 128]``:

    >>> pixel = np.array([[[255, 127, 127, 128], [255, 255, 255, 0]]], dtype=np.uint8)
    >>> straight_alpha(pixel, (255, 255, 255)).tolist()
    [[[255, 0, 0, 128], [0, 0, 0, 0]]]
    """
    alpha = np.arange(256, dtype=np.float64)[:, None]
    colour = np.arange(256, dtype=np.float64)[None, :]
    out = np.empty_like(rgba)
    out[..., 3] = rgba[..., 3]
    with np.errstate(divide="ignore", invalid="ignore"):
        for channel, level in enumerate(matte):
            paint = (colour - level * (255 - alpha) / 255) * 255 / alpha
            table = np.where(alpha > 0, np.clip(np.rint(paint), 0, 255), 0).astype(np.uint8)
            out[..., channel] = table[rgba[..., 3], rgba[..., channel]]
    return out


class _Stream:
    """One open output: container, encoder and frame counter."""

    def __init__(self, spec: StreamSpec, path: Path, width: int, height: int, rate: Fraction) -> None:
        self.spec = spec
        self.path = path
        self.container = av.open(str(path), mode="w", format=spec.format.container,
                                 options=spec.container_options)
        self.container.metadata["comment"] = "Rendered with derivanim"
        self.stream = self.container.add_stream(spec.codec, rate=rate, options=dict(spec.options))
        self.stream.width = width
        self.stream.height = height
        self.stream.pix_fmt = spec.pixel_format
        self.stream.thread_type = "AUTO"
        self.frames = 0

    def encode(self, frame: av.VideoFrame, repeat: int, keyframe: bool) -> None:
        for index in range(repeat):
            frame.pts = self.frames
            frame.pict_type = PictureType.I if keyframe and index == 0 else PictureType.NONE
            self.frames += 1
            self.container.mux(self.stream.encode(frame))

    def close(self) -> None:
        try:
            self.container.mux(self.stream.encode(None))
        finally:
            self.container.close()


class StreamingFileWriter(SceneFileWriter):
    """Manim's file writer, replaced by one long-lived encoder per output format.

    The renderer builds the writer; the runner then calls :meth:`configure` with the output
    folder, the streams and a progress callback before the scene is rendered. Partial movie
    files, their cache and the final concatenation are skipped entirely.
    """

    def __init__(self, settings: Any) -> None:
        super().__init__(settings)
        self.specs: tuple[StreamSpec, ...] = stream_specs((), transparent=False)
        self.folder = Path(self.movie_file_path).parent
        self.matte: tuple[int, int, int] | None = None
        self.progress: Callable[[int], None] | None = None
        self.outputs: dict[str, Path] = {}
        self.frames_written = 0
        self.last_repeat = 0
        self._streams: list[_Stream] = []
        self._queue: Queue[tuple[np.ndarray, int, bool] | None] = Queue(maxsize=QUEUE_FRAMES)
        self._thread: threading.Thread | None = None
        self._error: BaseException | None = None
        self._keyframe_next = True

    def configure(self, folder: Path, specs: tuple[StreamSpec, ...],
                  matte: tuple[int, int, int] | None = None,
                  progress: Callable[[int], None] | None = None) -> None:
        """Say where the videos go, which streams to encode and whom to tell about progress.

        For a scene rendered with a transparent background, ``matte`` is the camera's background
        colour: Cairo's frames are already composited over it, which is what opaque streams
        (MP4) show, and streams with an alpha plane get the paint back with
        :func:`straight_alpha`. Leave it ``None`` for an opaque scene.
        """
        self.folder = folder
        self.specs = specs
        self.matte = matte
        self.progress = progress

    def mark_keyframe(self) -> None:
        """Start the next frame written on a keyframe (called at every beat)."""
        self._keyframe_next = True

    # Manim's per-animation hooks: one continuous stream needs none of them.
    def begin_animation(self, allow_write: bool = False, *, animation_index: int,
                        file_path: Any = None) -> None:
        """Nothing to open per animation."""

    def end_animation(self, allow_write: bool = False) -> None:
        """Nothing to close per animation."""

    def is_already_cached(self, hash_invocation: str) -> bool:
        """Animations are never cached one by one (whole lessons are, by the runner)."""
        return False

    def write_frame(self, pixels: np.ndarray, *, repeat: int = 1) -> None:
        """Queue one frame (shown ``repeat`` times) for the encoding thread."""
        if self._error is not None:
            raise RuntimeError(f"video encoding failed: {self._error}") from self._error
        if self._thread is None:
            self._open()
        self._queue.put((pixels, repeat, self._keyframe_next))
        self._keyframe_next = False
        self.frames_written += repeat
        self.last_repeat = repeat
        if self.progress is not None:
            self.progress(self.frames_written)

    def finish(self) -> None:
        """Drain the queue, flush every encoder and close the files."""
        if self._thread is None:
            return
        self._queue.put(None)
        self._thread.join()
        self._thread = None
        if self._error is not None:
            raise RuntimeError(f"video encoding failed: {self._error}") from self._error
        self.print_file_ready_message(self.outputs["mp4"])

    def abort(self) -> None:
        """Stop encoding after a failed render and delete the unfinished files."""
        if self._thread is not None:
            self._error = self._error or RuntimeError("render aborted")
            while self._thread.is_alive():
                self._queue.put(None)
                self._thread.join(timeout=1)
            self._thread = None
        for path in self.outputs.values():
            path.unlink(missing_ok=True)

    def _open(self) -> None:
        spec = self.video_encoder
        self.folder.mkdir(parents=True, exist_ok=True)
        name = Path(self.movie_file_path).stem
        rate = Fraction(spec.frame_rate).limit_denominator(1001)
        for stream_spec in self.specs:
            path = self.folder / f"{name}.{stream_spec.extension}"
            self._streams.append(_Stream(stream_spec, path, spec.width, spec.height, rate))
            self.outputs[stream_spec.extension] = path
        self._thread = threading.Thread(target=self._encode_all, name="derivanim-encoder",
                                        daemon=True)
        self._thread.start()

    def _encode_all(self) -> None:
        try:
            while (item := self._queue.get()) is not None:
                if self._error is None:
                    self._encode(*item)
        except BaseException as error:  # noqa: BLE001 - reported on the render thread
            self._error = error
            while self._queue.get() is not None:  # keep the renderer from blocking
                pass
        finally:
            for stream in self._streams:
                try:
                    stream.close()
                except Exception as error:  # noqa: BLE001 - first error wins
                    self._error = self._error or error

    def _encode(self, pixels: np.ndarray, repeat: int, keyframe: bool) -> None:
        rgba: av.VideoFrame | None = None
        straight: av.VideoFrame | None = None
        for stream in self._streams:
            if self.matte is not None and stream.spec.alpha:
                if straight is None:
                    straight = av.VideoFrame.from_ndarray(straight_alpha(pixels, self.matte),
                                                          format="rgba")
                source = straight
            else:  # opaque: the colour channels already hold the picture over the matte
                if rgba is None:
                    rgba = av.VideoFrame.from_ndarray(pixels, format="rgba")
                source = rgba
            frame = source.reformat(format=stream.spec.pixel_format)
            stream.encode(frame, repeat, keyframe)
