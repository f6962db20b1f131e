"""Stills made from a finished video with PyAV: the poster (a JPEG) and an animated GIF.

Writers put their output straight at the path they are given; publishing it atomically (write
beside, check, rename) is :mod:`derivanim.publish`'s job. Container formats are always named
explicitly, so a temporary name without the usual extension works too.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from fractions import Fraction
from pathlib import Path

import av
import av.filter

from derivanim.formats import FORMATS
from scenes.pipeline.probe import (
    TIME_TOLERANCE,
    PathLike,
    check_frame_count,
    decode_frames,
    first_video_stream,
    open_input,
)

GIF = FORMATS["gif"]
"""The GIF's row of the formats table: its muxer, encoder and pixel format."""


def extract_poster(video: PathLike, time_seconds: float, destination: PathLike,
                   quality: int = 85) -> float:
    """Save the frame shown at a time as a progressive JPEG; return that frame's time.

    The frame is the first whose timestamp is at or after ``time_seconds`` (within a
    microsecond), or the last frame when the video ends earlier.

    Parameters
    ----------
    video : str or path-like
        The video to take the frame from.
    time_seconds : float
        When, in seconds of the video's own timeline; not negative.
    destination : str or path-like
        The JPEG file to write (always JPEG, whatever its extension).
    quality : int, default 85
        JPEG quality, 1 to 95 (Pillow's advice: above 95 only grows the file).

    Returns
    -------
    float
        The time of the frame saved, in seconds.

    Raises
    ------
    ValueError
        For a negative or non-finite time, a quality outside 1..95, or an unreadable video.
    """
    if not math.isfinite(time_seconds) or time_seconds < 0:
        raise ValueError(f"poster time must be a finite number of seconds >= 0, not {time_seconds}")
    if not 1 <= quality <= 95:
        raise ValueError(f"JPEG quality must be between 1 and 95, not {quality}")
    file = Path(video)
    with open_input(file) as container:
        stream = first_video_stream(container, file)
        stream.thread_type = "AUTO"
        try:
            frame = _frame_at(container, stream, time_seconds)
        except av.FFmpegError as error:
            raise ValueError(f"{file}: decoding failed while seeking a poster: {error}") from error
        if frame is None:
            raise ValueError(f"{file}: no video frame decodes")
        seconds = float(frame.pts * stream.time_base) if frame.pts is not None else 0.0
        frame.to_image().save(Path(destination), format="JPEG", quality=quality,
                              optimize=True, progressive=True)
    return seconds


def _frame_at(container: av.container.InputContainer, stream: av.VideoStream,
              seconds: float) -> av.VideoFrame | None:
    """The first frame at or after ``seconds`` (else the last frame), by seeking then decoding.

    Seeking lands on the keyframe at or before the time; when the first frame decoded after
    the seek is already later than the time (an imprecise seek), decoding restarts from the
    beginning, which is slow but always right.
    """
    base = stream.time_base
    container.seek(max(0, math.floor(seconds / base)), stream=stream, backward=True)
    frame, overshot = _first_from(container.decode(stream), seconds, base)
    if overshot:
        container.seek(stream.start_time or 0, stream=stream, backward=True)
        frame, _ = _first_from(container.decode(stream), seconds, base)
    return frame


def _first_from(frames: Iterable[av.VideoFrame], seconds: float,
                base: Fraction) -> tuple[av.VideoFrame | None, bool]:
    """The first frame at or after ``seconds`` (else the last), and whether the first frame
    seen was already later than ``seconds``."""
    last = None
    for index, frame in enumerate(frames):
        time = float(frame.pts * base) if frame.pts is not None else 0.0
        if time >= seconds - TIME_TOLERANCE:
            return frame, index == 0 and time > seconds + TIME_TOLERANCE and seconds > 0
        last = frame
    return last, False


GIF_PALETTE = "stats_mode=diff:max_colors=256:reserve_transparent=0"
"""palettegen settings: 256 opaque colours, weighted towards the pixels that change."""

GIF_DITHER = "dither=bayer:bayer_scale=5:diff_mode=rectangle"
"""paletteuse settings: ordered dithering (a fixed pattern, so still areas do not shimmer from
frame to frame and the GIF encoder can skip them), re-mapping only the rectangle that changed."""


def make_gif(video: PathLike, destination: PathLike, fps: int = 15, width: int = 640) -> int:
    """Make an animated GIF of a video at a lower frame rate and width; it loops forever.

    The palette is computed over the whole clip in a first pass (palettegen), then every
    frame is mapped to it with dithering in a second pass (paletteuse), so memory stays small
    however long the video is. Frame delays are whole centiseconds (GIF's unit), rounded from
    the frames' times, so at 15 fps they run 7, 6, 7, 7, 6, ... and the total stays exact.

    Parameters
    ----------
    video : str or path-like
        The source video.
    destination : str or path-like
        The GIF to write.
    fps : int, default 15
        Frames per second, 1 to 50 (browsers slow down shorter delays than 2 cs); never more
        than the source's.
    width : int, default 640
        Width in pixels (height keeps the aspect ratio); never more than the source's.

    Returns
    -------
    int
        Frames written.

    Raises
    ------
    ValueError
        For fps or width out of range, or an unreadable video.
    """
    if not 1 <= fps <= 50:
        raise ValueError(f"GIF frame rate must be between 1 and 50, not {fps}")
    if width < 2:
        raise ValueError(f"GIF width must be at least 2 pixels, not {width}")
    file = Path(video)
    with open_input(file) as container:
        stream = first_video_stream(container, file)
        source_rate = Fraction(stream.average_rate or fps).limit_denominator(1001)
        rate = min(Fraction(fps), source_rate)  # 14.99998 (a Manim join) counts as 15
        size = _gif_size(stream.width, stream.height, width)
        palette = _gif_palette(container, stream, rate, size)
    target = Path(destination)
    with open_input(file) as container, \
            _removed_on_failure(target, f"{file}: making {target} failed"), \
            av.open(str(target), "w", format=GIF.container, container_options={"loop": "0"}) as out:
        stream = first_video_stream(container, file)
        stream.thread_type = "AUTO"
        gif = out.add_stream(GIF.video_encoder, rate=rate)
        gif.width, gif.height = size
        gif.pix_fmt = GIF.pixel_format
        gif.codec_context.time_base = Fraction(1, 100)
        gif.time_base = Fraction(1, 100)
        graph = av.filter.Graph()
        source, scaled = _scaled_chain(graph, stream, rate, size)
        palette_source = graph.add_buffer(width=palette.width, height=palette.height,
                                          format=palette.format.name,
                                          time_base=palette.time_base or Fraction(1, 100))
        mapper = graph.add("paletteuse", GIF_DITHER)
        sink = graph.add("buffersink")
        scaled.link_to(mapper, 0, 0)
        palette_source.link_to(mapper, 0, 1)
        mapper.link_to(sink)
        graph.configure()
        palette.pts = 0
        palette_source.push(palette)
        palette_source.push(None)
        timing = _GifTiming()
        for frame in decode_frames(container, stream, file):
            source.push(frame)
            _write_gif_frames(graph, out, gif, timing)
        source.push(None)
        _write_gif_frames(graph, out, gif, timing)
        out.mux(gif.encode(None))
        return timing.frames


def _gif_size(source_width: int, source_height: int, width: int) -> tuple[int, int]:
    """GIF size: at most ``width`` wide, the source's aspect ratio kept.

    Examples
    --------
    >>> _gif_size(1920, 1080, 640), _gif_size(320, 180, 640), _gif_size(1080, 1920, 640)
    ((640, 360), (320, 180), (640, 1138))
    """
    out_width = min(width, source_width)
    return out_width, max(1, round(source_height * out_width / source_width))


def _scaled_chain(graph: av.filter.Graph, stream: av.VideoStream, rate: Fraction,
                  size: tuple[int, int]) -> tuple[av.filter.context.FilterContext,
                                                  av.filter.context.FilterContext]:
    """Add buffer -> fps -> scale (lanczos) to a graph; return the buffer and the scaler."""
    source = graph.add_buffer(template=stream)
    resample = graph.add("fps", f"fps={rate.numerator}/{rate.denominator}")
    scale = graph.add("scale", f"w={size[0]}:h={size[1]}:flags=lanczos")
    source.link_to(resample)
    resample.link_to(scale)
    return source, scale


def _gif_palette(container: av.container.InputContainer, stream: av.VideoStream,
                 rate: Fraction, size: tuple[int, int]) -> av.VideoFrame:
    """First GIF pass: the 256-colour palette of the whole clip, as palettegen's 16x16 frame."""
    stream.thread_type = "AUTO"
    graph = av.filter.Graph()
    source, scaled = _scaled_chain(graph, stream, rate, size)
    generator = graph.add("palettegen", GIF_PALETTE)
    sink = graph.add("buffersink")
    scaled.link_to(generator)
    generator.link_to(sink)
    graph.configure()
    frames = 0
    for frame in decode_frames(container, stream, Path(container.name)):
        source.push(frame)
        frames += 1
        _pull_ready(graph)  # pulling runs the filters; unpulled frames would queue in memory
    check_frame_count(Path(container.name), stream, frames)
    source.push(None)
    palettes = _pull_ready(graph)
    if not palettes:
        raise ValueError(f"{container.name}: no frame to build a GIF palette from")
    return palettes[-1]


def _pull_ready(graph: av.filter.Graph) -> list[av.VideoFrame]:
    """Every frame the graph can give now (it filters queued input while asked)."""
    frames = []
    while True:
        try:
            frames.append(graph.vpull())
        except (av.error.BlockingIOError, av.error.EOFError):
            return frames


class _GifTiming:
    """Frames written so far and the first frame's time, to give GIF frames centisecond pts."""

    def __init__(self) -> None:
        self.frames = 0
        self.start: Fraction | None = None
        self.last = -1

    def centiseconds(self, frame: av.VideoFrame) -> int:
        time = Fraction(frame.pts) * frame.time_base if frame.pts is not None else None
        if time is None:
            stamp = self.last + 1
        else:
            self.start = time if self.start is None else self.start
            stamp = max(round((time - self.start) * 100), self.last + 1)
        self.last = stamp
        self.frames += 1
        return stamp


def _write_gif_frames(graph: av.filter.Graph, out: av.container.OutputContainer,
                      gif: av.VideoStream, timing: _GifTiming) -> None:
    """Encode and mux every frame the palette graph has ready."""
    for frame in _pull_ready(graph):
        frame.pts = timing.centiseconds(frame)
        frame.time_base = Fraction(1, 100)
        out.mux(gif.encode(frame))


@contextmanager
def _removed_on_failure(path: Path, failure: str) -> Iterator[None]:
    """Delete the file a block writes when the block fails; FFmpeg's errors become
    ``ValueError("<failure>: <error>")``."""
    try:
        yield
    except av.FFmpegError as error:
        path.unlink(missing_ok=True)
        raise ValueError(f"{failure}: {error}") from error
    except BaseException:
        path.unlink(missing_ok=True)
        raise
