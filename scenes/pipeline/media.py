"""Work on finished videos with PyAV: check, index first, poster, GIF.

Every operation here reads or writes whole files through PyAV's bindings to FFmpeg's libraries;
nothing runs the ``ffmpeg`` command line. The functions are what the runner does after Manim has
drawn the last frame:

* :func:`probe` decodes a video to its last frame and says what it holds, refusing a file that
  stops early (a truncated copy must never pass as a short video);
* :func:`is_faststart` reads the top-level MP4 boxes and says whether the index (``moov``) comes
  before the media data (``mdat``), which lets a browser start playing before the download ends;
* :func:`extract_poster` saves one frame as a progressive JPEG;
* :func:`make_gif` makes a looping GIF with a palette computed over the whole clip.

Writers put their output straight at the path they are given; publishing it atomically (write
beside, check, rename) is :mod:`derivanim.publish`'s job. Container formats are always named
explicitly, so a temporary name without the usual extension works too.
"""

from __future__ import annotations

import math
import os
import struct
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path
from typing import BinaryIO

import av
import av.filter

PathLike = str | os.PathLike[str]
"""Anything :class:`pathlib.Path` accepts."""

TIME_TOLERANCE = 1e-6
"""Seconds within which two times count as the same (callers round times to microseconds)."""

MP4_FORMATS = frozenset({"mov", "mp4", "m4a", "3gp", "3g2", "mj2"})
"""FFmpeg demuxer names of the ISO base media file family, whose files are made of boxes."""


# ---- probing ---------------------------------------------------------------------------------
@dataclass(frozen=True)
class VideoInfo:
    """What a video file holds, measured by decoding its first video stream to the end.

    Attributes
    ----------
    frames : int
        Video frames decoded.
    duration : float
        Seconds from the first frame's timestamp to the end of the last frame (its timestamp
        plus one frame's duration).
    declared_duration : float or None
        The video stream's duration as the container states it, when it states one.
    width, height : int
        Size of the decoded pictures in pixels.
    fps : Fraction
        Average frame rate as the container states it (``Fraction(15)``, not ``15.0002``,
        when the timestamps are regular).
    codec, pixel_format : str
        Decoder name (``"h264"``) and the decoded pixel format (``"yuv420p"``).
    has_audio : bool
        Whether the file has an audio stream.
    audio_duration : float or None
        Seconds of audio, from the audio packets' timestamps, when there is audio.
    faststart : bool
        True for an MP4/MOV file whose index (``moov``) comes before its media (``mdat``);
        False otherwise, including for formats without boxes (WebM, GIF).
    """

    frames: int
    duration: float
    declared_duration: float | None
    width: int
    height: int
    fps: Fraction
    codec: str
    pixel_format: str
    has_audio: bool
    audio_duration: float | None
    faststart: bool


class _Span:
    """The earliest start and latest end of timestamped items, in a stream's time base."""

    def __init__(self) -> None:
        self.start: int | None = None
        self.end: int | None = None

    def add(self, pts: int, duration: int) -> None:
        self.start = pts if self.start is None else min(self.start, pts)
        self.end = pts + duration if self.end is None else max(self.end, pts + duration)


def probe(path: PathLike, *, decode: str = "all") -> VideoInfo:
    """Decode a video's first video stream to its last frame and describe the file.

    The file is refused (``ValueError`` naming it) when it has no video stream, when any
    packet is incomplete or fails to decode, when fewer or more frames decode than the
    container declares, or when the decoded frames end more than a frame before the declared
    duration: a truncated file never passes as a shorter video.

    Parameters
    ----------
    path : str or path-like
        The video file.
    decode : {"all", "tail"}
        ``"all"`` decodes every frame. ``"tail"`` reads every packet (each must be whole, and
        they are counted and timed as frames) but decodes only from the last keyframe to the
        end, which must give exactly the frames its packets promise: the check for a file this
        program has just written, where a truncated end is what can go wrong, at a fraction
        of the cost (a minute of 1080p60 takes 5 s to decode whole).

    Returns
    -------
    VideoInfo

    Raises
    ------
    FileNotFoundError
        When there is no such file.
    ValueError
        When the file is not a complete, decodable video.

    Examples
    --------
    >>> probe("no-such-video.mp4")
    Traceback (most recent call last):
    ...
    FileNotFoundError: no-such-video.mp4: no such file
    """
    file = Path(path)
    if not file.is_file():
        raise FileNotFoundError(f"{file}: no such file")
    with _open_input(file) as container:
        video = _video_stream(container, file)
        audio = container.streams.audio[0] if container.streams.audio else None
        video.thread_type = "AUTO"
        base = video.time_base
        frames, first_size, frame_span, audio_span = 0, (0, 0, ""), _Span(), _Span()
        rate = video.average_rate or video.guessed_rate or Fraction(25)
        default_duration = max(1, round(1 / (rate * base))) if base else 1
        streams = [video] if audio is None else [video, audio]
        if decode not in ("all", "tail"):
            raise ValueError(f"decode must be 'all' or 'tail', not {decode!r}")
        last_key: int | None = None  # pts of the last keyframe packet (tail mode)
        since_key = 0  # packets from that keyframe on
        try:
            for packet in container.demux(streams):
                if packet.stream.type == "audio":
                    if packet.pts is not None:
                        audio_span.add(packet.pts, packet.duration or 0)
                    continue
                if packet.is_corrupt:
                    at = float(packet.pts * base) if packet.pts is not None else math.nan
                    raise ValueError(f"{file}: the packet at {at:.3f} s is incomplete "
                                     f"(after {frames} frames); the file is truncated or damaged")
                if decode == "tail":
                    if packet.size == 0 or packet.pts is None:
                        continue  # the demuxer's end-of-stream marker
                    if packet.is_keyframe:
                        last_key, since_key = packet.pts, 0
                    since_key += 1
                    frame_span.add(packet.pts, packet.duration or default_duration)
                    frames += 1
                    continue
                for frame in packet.decode():
                    if frame.is_corrupt:
                        raise ValueError(f"{file}: frame {frames} decodes with errors")
                    if frames == 0:
                        first_size = (frame.width, frame.height, frame.format.name)
                    pts = frame.pts if frame.pts is not None else (frame_span.end or 0)
                    frame_span.add(pts, frame.duration or default_duration)
                    frames += 1
        except av.FFmpegError as error:
            raise ValueError(f"{file}: decoding failed after {frames} frames "
                             f"(the file is truncated or damaged): {error}") from error
        if decode == "tail" and frames:
            first_size = _decode_tail(container, video, file, last_key, since_key)
        if frames == 0 or frame_span.start is None or frame_span.end is None:
            raise ValueError(f"{file}: no video frame decodes")
        duration = float((frame_span.end - frame_span.start) * base)
        declared = _declared_duration(container, video, audio)
        _check_complete(file, video, frames)
        frame_time = float(default_duration * base)
        if declared is not None and duration + frame_time < declared - TIME_TOLERANCE:
            raise ValueError(f"{file}: frames end at {duration:.3f} s, the container declares "
                             f"{declared:.3f} s; the file is truncated or damaged")
        audio_duration = None
        if audio is not None:
            audio_duration = _audio_seconds(audio, audio_span)
        width, height, pixel_format = first_size
        is_mp4 = bool(MP4_FORMATS & set(container.format.name.split(",")))
        return VideoInfo(
            frames=frames,
            duration=duration,
            declared_duration=declared,
            width=width,
            height=height,
            fps=Fraction(video.average_rate) if video.average_rate else Fraction(rate),
            codec=video.codec_context.name,
            pixel_format=pixel_format,
            has_audio=audio is not None,
            audio_duration=audio_duration,
            faststart=is_mp4 and is_faststart(file),
        )


def _decode_tail(container: av.container.InputContainer, video: av.VideoStream, file: Path,
                 last_key: int | None, expected: int) -> tuple[int, int, str]:
    """Decode from the last keyframe to the end; the picture size and format.

    Raises ``ValueError`` unless exactly the ``expected`` frames decode, each without errors.
    """
    if last_key is None:
        raise ValueError(f"{file}: no keyframe; the file is damaged")
    container.seek(last_key, stream=video, backward=True, any_frame=False)
    decoded, size = 0, (0, 0, "")
    try:
        for packet in container.demux(video):
            for frame in packet.decode():
                if frame.pts is not None and frame.pts < last_key:
                    continue  # before the keyframe (a seek may land earlier)
                if frame.is_corrupt:
                    raise ValueError(f"{file}: a frame after {last_key * video.time_base:.3f} s "
                                     "decodes with errors")
                size = (frame.width, frame.height, frame.format.name)
                decoded += 1
    except av.FFmpegError as error:
        raise ValueError(f"{file}: decoding the last frames failed: {error}") from error
    if decoded != expected:
        raise ValueError(f"{file}: {decoded} frames decode after the last keyframe, its packets "
                         f"hold {expected}; the file is truncated or damaged")
    return size


def _check_complete(file: Path, stream: av.VideoStream, frames: int) -> None:
    """Raise unless ``frames`` (decoded or copied) is the count the container declares."""
    if stream.frames and frames != stream.frames:
        raise ValueError(f"{file}: {frames} video frames of the {stream.frames} declared; the "
                         "file is truncated or damaged")


def _open_input(file: Path) -> av.container.InputContainer:
    """Open a media file for reading; a file FFmpeg cannot parse is a ``ValueError``."""
    try:
        return av.open(str(file))
    except av.FFmpegError as error:
        raise ValueError(f"{file}: not a readable media file ({error})") from error


def _video_stream(container: av.container.InputContainer, file: Path) -> av.VideoStream:
    """The container's first video stream, or a ``ValueError`` naming the file."""
    if not container.streams.video:
        raise ValueError(f"{file}: has no video stream (or is cut short before it)")
    return container.streams.video[0]


def _declared_duration(container: av.container.InputContainer, video: av.VideoStream,
                       audio: av.AudioStream | None) -> float | None:
    """The video's duration as the container states it (its own, else the file's if alone)."""
    if video.duration:
        return float(video.duration * video.time_base)
    if audio is None and container.duration:
        return container.duration / av.time_base
    return None


def _audio_seconds(audio: av.AudioStream, span: _Span) -> float:
    """Seconds of audio from the packet timestamps, counted from the stream's start time.

    AAC's priming packet carries a negative timestamp that the start time (set from the edit
    list) already excludes, so the result is the audible length.
    """
    if span.end is None or span.start is None:
        return 0.0
    start = audio.start_time if audio.start_time is not None else span.start
    return float(max(0, span.end - start) * audio.time_base)


# ---- MP4 boxes and faststart -----------------------------------------------------------------
@dataclass(frozen=True)
class Box:
    """A top-level MP4/MOV box: its four-letter type, where it starts and its length in bytes.

    A box whose header says ``size == 0`` runs to the end of the file; its ``size`` here is
    what is left of the file. A truncated file's last box may claim more bytes than remain.
    """

    kind: str
    offset: int
    size: int


def iter_boxes(stream: BinaryIO) -> Iterator[Box]:
    """Read the top-level box headers of an MP4/MOV file, in file order.

    Only the headers are read (8 bytes, or 16 with a 64-bit size), so this is fast on any
    file size. ``size == 1`` means a 64-bit size follows the type; ``size == 0`` means the box
    runs to the end of the file.

    Parameters
    ----------
    stream : binary file object
        Opened for reading and seekable.

    Yields
    ------
    Box

    Raises
    ------
    ValueError
        When the bytes at a box boundary are not a box header (not an MP4/MOV file).

    Examples
    --------
    >>> import io
    >>> def box(kind, payload=b""):
    ...     return struct.pack(">I", 8 + len(payload)) + kind + payload
    >>> large = struct.pack(">I4sQ", 1, b"mdat", 20) + b"abcd"
    >>> data = box(b"ftyp", b"isom") + large + box(b"moov") + struct.pack(">I4s", 0, b"free")
    >>> [(b.kind, b.offset, b.size) for b in iter_boxes(io.BytesIO(data + b"tail"))]
    [('ftyp', 0, 12), ('mdat', 12, 20), ('moov', 32, 8), ('free', 40, 12)]
    >>> webm = bytes.fromhex("1a45dfa3 9f 4286 81 01")  # a WebM file starts like this
    >>> list(iter_boxes(io.BytesIO(webm)))
    Traceback (most recent call last):
    ...
    ValueError: offset 0: b'\\x9fB\\x86\\x81' is not an MP4 box type (not an MP4/MOV file?)
    """
    stream.seek(0, os.SEEK_END)
    length = stream.tell()
    offset = 0
    while offset + 8 <= length:
        stream.seek(offset)
        size, kind = struct.unpack(">I4s", stream.read(8))
        if not all(0x20 <= byte <= 0x7E for byte in kind):
            raise ValueError(f"offset {offset}: {kind!r} is not an MP4 box type "
                             "(not an MP4/MOV file?)")
        header = 8
        if size == 1:
            large = stream.read(8)
            if len(large) < 8:
                return
            size, header = struct.unpack(">Q", large)[0], 16
        elif size == 0:
            size = length - offset
        if size < header:
            raise ValueError(f"offset {offset}: box {kind.decode()!r} claims {size} bytes, "
                             f"less than its {header}-byte header")
        yield Box(kind.decode("ascii"), offset, size)
        offset += size


def is_faststart(path: PathLike) -> bool:
    """Whether an MP4/MOV file's index (``moov``) comes before its media data (``mdat``).

    Reads box headers only, never decodes. A file with no ``moov`` before the end (say, a
    recording cut short) is not faststart.

    Parameters
    ----------
    path : str or path-like
        An MP4 or MOV file.

    Raises
    ------
    ValueError
        When the file is not made of MP4 boxes.

    Examples
    --------
    >>> import tempfile
    >>> def box(kind, payload=b""):
    ...     return struct.pack(">I", 8 + len(payload)) + kind + payload
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     path = Path(folder) / "clip.mp4"
    ...     _ = path.write_bytes(box(b"ftyp", b"isom") + box(b"mdat", b"x") + box(b"moov"))
    ...     before = is_faststart(path)
    ...     _ = path.write_bytes(box(b"ftyp", b"isom") + box(b"moov") + box(b"mdat", b"x"))
    ...     before, is_faststart(path)
    (False, True)
    """
    with open(path, "rb") as stream:
        for box in iter_boxes(stream):
            if box.kind == "moov":
                return True
            if box.kind == "mdat":
                return False
    return False


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


# ---- poster ----------------------------------------------------------------------------------
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
    with _open_input(file) as container:
        stream = _video_stream(container, file)
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


# ---- GIF -------------------------------------------------------------------------------------
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
    with _open_input(file) as container:
        stream = _video_stream(container, file)
        source_rate = Fraction(stream.average_rate or fps).limit_denominator(1001)
        rate = min(Fraction(fps), source_rate)  # 14.99998 (a Manim join) counts as 15
        size = _gif_size(stream.width, stream.height, width)
        palette = _gif_palette(container, stream, rate, size)
    target = Path(destination)
    with _open_input(file) as container, \
            _removed_on_failure(target, f"{file}: making {target} failed"), \
            av.open(str(target), "w", format="gif", container_options={"loop": "0"}) as out:
        stream = _video_stream(container, file)
        stream.thread_type = "AUTO"
        gif = out.add_stream("gif", rate=rate)
        gif.width, gif.height = size
        gif.pix_fmt = "pal8"
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
        for frame in _decoded(container, stream, file):
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
    for frame in _decoded(container, stream, Path(container.name)):
        source.push(frame)
        frames += 1
        _pull_ready(graph)  # pulling runs the filters; unpulled frames would queue in memory
    _check_complete(Path(container.name), stream, frames)
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


def _decoded(container: av.container.InputContainer, stream: av.VideoStream,
             file: Path) -> Iterator[av.VideoFrame]:
    """Decode a video stream, turning FFmpeg's errors into a ``ValueError`` naming the file."""
    try:
        yield from container.decode(stream)
    except av.FFmpegError as error:
        raise ValueError(f"{file}: decoding failed: {error}") from error
