"""Check a finished video with PyAV: decode it to its last frame and say what it holds.

:func:`probe` refuses a file that stops early, so a truncated copy never passes as a shorter
video. The helpers that open a file and its video stream, decode its frames and compare the
frame count with what the container declares turn FFmpeg's errors into ``ValueError`` naming
the file; :mod:`scenes.pipeline.stills` uses them too. Nothing runs the ``ffmpeg`` command
line.
"""

from __future__ import annotations

import math
import os
from collections.abc import Iterator
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path

import av

from scenes.pipeline.mp4 import MP4_FORMATS, is_faststart

PathLike = str | os.PathLike[str]
"""Anything :class:`pathlib.Path` accepts."""

TIME_TOLERANCE = 1e-6
"""Seconds within which two times count as the same (callers round times to microseconds)."""


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
    with open_input(file) as container:
        video = first_video_stream(container, file)
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
        check_frame_count(file, video, frames)
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


def check_frame_count(file: Path, stream: av.VideoStream, frames: int) -> None:
    """Raise unless ``frames`` (decoded or copied) is the count the container declares."""
    if stream.frames and frames != stream.frames:
        raise ValueError(f"{file}: {frames} video frames of the {stream.frames} declared; the "
                         "file is truncated or damaged")


def open_input(file: Path) -> av.container.InputContainer:
    """Open a media file for reading; a file FFmpeg cannot parse is a ``ValueError``."""
    try:
        return av.open(str(file))
    except av.FFmpegError as error:
        raise ValueError(f"{file}: not a readable media file ({error})") from error


def first_video_stream(container: av.container.InputContainer, file: Path) -> av.VideoStream:
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


def decode_frames(container: av.container.InputContainer, stream: av.VideoStream,
                  file: Path) -> Iterator[av.VideoFrame]:
    """Decode a video stream, turning FFmpeg's errors into a ``ValueError`` naming the file."""
    try:
        yield from container.decode(stream)
    except av.FFmpegError as error:
        raise ValueError(f"{file}: decoding failed: {error}") from error
