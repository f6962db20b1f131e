"""Offline narration: each beat's caption spoken by espeak-ng (or a Piper model), under the video.

The scene asks a :class:`Narrator` how long a beat's caption takes to say *before* it animates
the beat, and holds the beat's last frame until the voice has finished (as manim-voiceover's
tracker does). Speech is cached on disk by a hash of the text and the voice settings, so a
re-render, or another lesson with the same sentence, does not run the synthesiser again. After
the render, :func:`mix` lays each beat's speech at the beat's start and :func:`add_audio` muxes
the track into the finished video (in each container's audio codec, from
:data:`derivanim.formats.FORMATS`) without re-encoding the picture. Nothing here needs a
network: espeak-ng and Piper run locally on files the user has.

Examples
--------
>>> voice = Voice(name="en-us", speed=160, pitch=50)
>>> voice.command("Hello.", Path("/tmp/hello.wav"))[:7]
['espeak-ng', '-v', 'en-us', '-s', '160', '-p', '50']
>>> len(voice.key("Hello.")), voice.key("Hello.") == Voice(speed=170).key("Hello.")
(64, False)
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import tempfile
import wave
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path

import av
import numpy as np

from derivanim.formats import FORMATS

VOICE_CACHE = Path(os.environ.get("DERIVANIM_VOICE_CACHE") or Path(
    os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "derivanim" / "voice")
"""Where spoken sentences are kept between runs (``DERIVANIM_VOICE_CACHE`` moves it)."""
AUDIO_RATE = 48000
"""Sample rate of the narration track in the videos (Opus needs 48 kHz)."""


@dataclass(frozen=True)
class Voice:
    """How the narration sounds: an espeak-ng voice, its speed and pitch, or a Piper model.

    Attributes
    ----------
    name : str
        espeak-ng voice (``espeak-ng --voices`` lists them), e.g. ``en-us`` or ``en-gb``.
    speed : int
        Words per minute (espeak-ng ``-s``).
    pitch : int
        0 to 99 (espeak-ng ``-p``).
    piper_model : str
        Path to a Piper ``.onnx`` voice the user owns; when given, Piper speaks instead.
    """

    name: str = "en-us"
    speed: int = 175
    pitch: int = 50
    piper_model: str = ""

    def command(self, text: str, wav: Path) -> list[str]:
        """The synthesiser's command line that writes ``text`` spoken into ``wav``."""
        if self.piper_model:
            return ["piper", "--model", self.piper_model, "--output_file", str(wav)]
        return ["espeak-ng", "-v", self.name, "-s", str(self.speed), "-p", str(self.pitch),
                "-w", str(wav), "--", text]

    def key(self, text: str) -> str:
        """The cache key of ``text`` spoken in this voice."""
        model = ""
        if self.piper_model:
            with open(self.piper_model, "rb") as stream:
                model = hashlib.file_digest(stream, "sha256").hexdigest()
        described = "\0".join([text, self.name, str(self.speed), str(self.pitch), model])
        return hashlib.sha256(described.encode()).hexdigest()


@dataclass(frozen=True)
class Speech:
    """One spoken sentence: its WAV file and how long it lasts."""

    path: Path
    seconds: float


class Narrator:
    """Speaks sentences in one voice, from the disk cache when they were spoken before.

    Parameters
    ----------
    voice : Voice
        The voice settings.
    cache : Path
        The speech cache folder.

    Attributes
    ----------
    synthesised : int
        How many sentences this narrator had to synthesise (the others came from the cache).
    """

    def __init__(self, voice: Voice, cache: Path = VOICE_CACHE) -> None:
        self.voice = voice
        self.cache = cache
        self.synthesised = 0

    def speak(self, text: str) -> Speech:
        """The speech of ``text``, synthesised now unless the cache holds it."""
        path = self.cache / f"{self.voice.key(text)}.wav"
        if not path.exists():
            self._synthesise(text, path)
            self.synthesised += 1
        with wave.open(str(path)) as stream:
            return Speech(path, stream.getnframes() / stream.getframerate())

    def seconds(self, text: str) -> float:
        """How long ``text`` takes to say."""
        return self.speak(text).seconds

    def _synthesise(self, text: str, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, name = tempfile.mkstemp(prefix=f".{path.stem}.", suffix=".wav", dir=path.parent)
        os.close(handle)
        try:
            command = self.voice.command(text, Path(name))
            result = subprocess.run(command, input=text if self.voice.piper_model else None,
                                    capture_output=True, text=True, timeout=120)
            if result.returncode != 0:
                raise RuntimeError(f"{command[0]} failed ({result.returncode}): "
                                   f"{result.stderr.strip()[-300:]}")
            os.replace(name, path)  # complete files only: another worker may read it next
        finally:
            Path(name).unlink(missing_ok=True)


def read_wav(path: Path) -> tuple[np.ndarray, int]:
    """A 16-bit PCM WAV file as mono float samples in -1..1, and its sample rate."""
    with wave.open(str(path)) as stream:
        channels, rate = stream.getnchannels(), stream.getframerate()
        if stream.getsampwidth() != 2:
            raise ValueError(f"{path}: expected 16-bit samples")
        data = np.frombuffer(stream.readframes(stream.getnframes()), dtype="<i2")
    samples = data.reshape(-1, channels).mean(axis=1) / 32768.0
    return samples.astype(np.float32), rate


def resample(samples: np.ndarray, rate: int, target: int = AUDIO_RATE) -> np.ndarray:
    """Mono float samples at ``rate`` resampled to ``target`` (espeak-ng speaks at 22.05 kHz).

    FFmpeg's resampler (through PyAV) does the work. The result holds exactly
    ``round(len(samples) * target / rate)`` samples, starting at the same instant, so speech
    placed by its start time lasts as long at either rate (the resampler may give a sample
    more, or, for a clip shorter than its filter, none; the end is trimmed or padded with
    silence).

    Examples
    --------
    >>> second = np.sin(2 * np.pi * 220 * np.arange(22050) / 22050).astype(np.float32)
    >>> louder = resample(second, 22050)
    >>> louder.size, louder.dtype.name, bool(abs(louder.max() - 1) < 0.01)
    (48000, 'float32', True)
    >>> resample(np.zeros(7, np.float32), 22050).size
    15
    """
    samples = np.ascontiguousarray(samples, dtype=np.float32)
    if rate == target or samples.size == 0:
        return samples
    count = round(samples.size * target / rate)
    converter = av.AudioResampler(format="flt", layout="mono", rate=target)
    frame = av.AudioFrame.from_ndarray(samples.reshape(1, -1), format="flt", layout="mono")
    frame.sample_rate, frame.pts, frame.time_base = rate, 0, Fraction(1, rate)
    pieces = [*converter.resample(frame), *converter.resample(None)]
    out = np.zeros(count, dtype=np.float32)
    if pieces:
        converted = np.concatenate([piece.to_ndarray().reshape(-1) for piece in pieces])
        out[:min(count, converted.size)] = converted[:count]
    return out


def mix(segments: Sequence[tuple[float, np.ndarray]], seconds: float,
        rate: int = AUDIO_RATE) -> np.ndarray:
    """One track of ``seconds`` with each segment's samples starting at its time.

    Overlaps add; the result is clipped to -1..1.

    Examples
    --------
    >>> mix([(0.5, np.full(2, 0.5, np.float32)), (1.0, np.full(3, 0.25, np.float32))], 2, rate=2)
    array([0.  , 0.5 , 0.75, 0.25], dtype=float32)
    """
    track = np.zeros(int(round(seconds * rate)), dtype=np.float32)
    for start, samples in segments:
        first = int(round(start * rate))
        piece = samples[: max(0, track.size - first)]
        track[first:first + piece.size] += piece
    return np.clip(track, -1.0, 1.0)


def speech_spans(samples: np.ndarray, rate: int, window: float = 0.02,
                 threshold: float = 0.01, gap: float = 0.35) -> list[tuple[float, float]]:
    """Where a track is speaking: windows whose RMS exceeds ``threshold``, joined across
    pauses shorter than ``gap`` seconds.

    Examples
    --------
    >>> track = np.zeros(100, np.float32); track[20:40] = 0.5; track[45:50] = 0.5
    >>> speech_spans(track, 10, window=0.5, gap=1.0)
    [(2.0, 5.0)]
    """
    size = max(1, int(round(window * rate)))
    count = samples.size // size
    frames = samples[: count * size].reshape(count, size)
    loud = np.sqrt((frames.astype(np.float64) ** 2).mean(axis=1)) > threshold
    spans: list[tuple[float, float]] = []
    for index in np.flatnonzero(loud):
        start, end = float(index * size / rate), float((index + 1) * size / rate)
        if spans and start - spans[-1][1] <= gap:
            spans[-1] = (spans[-1][0], end)
        else:
            spans.append((start, end))
    return spans


def add_audio(video: Path, track: np.ndarray, destination: Path, rate: int = AUDIO_RATE) -> None:
    """Write ``video`` with ``track`` (mono float samples) as its sound, picture untouched.

    The container follows ``destination``'s suffix (``.mp4``, ``.mov`` or ``.webm``); packets
    are interleaved by time and MP4/MOV files keep their index first (faststart).
    """
    fmt = FORMATS[destination.suffix.lstrip(".")]
    if fmt.audio_encoder is None:
        raise ValueError(f"{destination}: {fmt.extension} files carry no sound")
    with av.open(str(video)) as source, \
            av.open(str(destination), "w", format=fmt.container,
                    options=fmt.container_options) as out:
        picture = source.streams.video[0]
        picture_out = out.add_stream_from_template(picture)
        sound = out.add_stream(fmt.audio_encoder, rate=rate)
        sound.layout = "mono"
        audio_packets = _encode_track(sound, track, rate)
        video_packets = []
        for packet in source.demux(picture):
            if packet.dts is None:
                continue
            packet.stream = picture_out
            video_packets.append(packet)
        merged = sorted([*video_packets, *audio_packets],
                        key=lambda p: float(p.dts * p.time_base) if p.dts is not None else 0.0)
        for packet in merged:
            out.mux(packet)


def _encode_track(stream: av.audio.stream.AudioStream, track: np.ndarray,
                  rate: int) -> list[av.Packet]:
    """Encode the whole track into packets for ``stream``."""
    resampler = av.AudioResampler(format=stream.codec_context.format, layout="mono",
                                  rate=stream.codec_context.sample_rate)
    packets: list[av.Packet] = []
    pcm = (np.clip(track, -1.0, 1.0) * 32767).astype("<i2")
    block = 1024
    for offset in range(0, pcm.size, block):
        chunk = pcm[offset:offset + block].reshape(1, -1)
        frame = av.AudioFrame.from_ndarray(chunk, format="s16", layout="mono")
        frame.sample_rate = rate
        frame.pts = offset
        frame.time_base = Fraction(1, rate)
        for converted in resampler.resample(frame):
            packets.extend(stream.encode(converted))
    for converted in resampler.resample(None):
        packets.extend(stream.encode(converted))
    packets.extend(stream.encode(None))
    return packets
