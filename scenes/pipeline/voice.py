"""Offline narration: each beat's caption spoken by Piper (or espeak-ng), under the video.

The scene asks a :class:`Narrator` how long a beat's caption takes to say *before* it animates
the beat, and holds the beat's last frame until the voice has finished (as manim-voiceover's
tracker does). Speech is cached on disk by a hash of the text, the engine, the voice, the model
file and the speed settings, so a re-render, or another lesson with the same sentence, does not
run the synthesiser again. The default speaker is Piper with the bundled ``en_US-joe-medium``
voice, run as one separate process per lesson that is started at the first sentence missing
from the cache (:mod:`scenes.pipeline.voice_piper`); espeak-ng speaks when asked to
(``espeak:<name>``) or when Piper is missing. After the render, :func:`mix` lays each beat's
speech at the beat's start, :func:`scenes.pipeline.loudness.normalise` brings the track to
-16 LUFS, and :func:`add_audio` muxes it into the finished video (in each container's audio
codec, from :data:`derivanim.formats.FORMATS`) without re-encoding the picture. Nothing here
needs a network.

Examples
--------
>>> narrator = Narrator(Voice(name="espeak:en-us", speed=160, pitch=50), environ={})
>>> narrator.espeak_command("Hello.", Path("/tmp/hello.wav"))[:7]
['espeak-ng', '-v', 'en-us', '-s', '160', '-p', '50']
>>> faster = Narrator(Voice(name="espeak:en-us", speed=170), environ={})
>>> len(narrator.key("Hello.")), narrator.key("Hello.") == faster.key("Hello.")
(64, False)
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import wave
from collections.abc import Iterable
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from functools import cached_property
from pathlib import Path
from types import TracebackType
from typing import Any, Self

import av
import numpy as np

from derivanim.formats import FORMATS
from scenes.pipeline.voice_piper import BUNDLED_VOICE, PiperSession, Speaker, resolve

VOICE_CACHE = Path(os.environ.get("DERIVANIM_VOICE_CACHE") or Path(
    os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "derivanim" / "voice")
"""Where spoken sentences are kept between runs (``DERIVANIM_VOICE_CACHE`` moves it)."""
AUDIO_RATE = 48000
"""Sample rate of the narration track in the videos (Opus needs 48 kHz)."""
NATURAL_SPEED = 175
"""The ``speed`` (words per minute) at which Piper speaks at its own pace."""
CLIP_FORM = "lead-in trimmed"
"""How cached clips are made; part of their cache key, so clips made otherwise are not reused."""


@dataclass(frozen=True)
class Voice:
    """How the narration sounds: the voice, its speed and pitch, or a Piper model.

    Attributes
    ----------
    name : str
        ``piper:en_US-joe-medium`` (the bundled Piper voice), ``espeak:<voice>`` (an espeak-ng
        voice, ``espeak-ng --voices`` lists them), or a plain espeak-ng voice such as ``en-gb``.
    speed : int
        Words per minute: espeak-ng's ``-s``; for Piper, ``175 / speed`` is its length scale.
    pitch : int
        0 to 99 (espeak-ng ``-p``; Piper has no pitch setting).
    piper_model : str
        Path to a Piper ``.onnx`` voice the user owns; when given, Piper speaks it.
    """

    name: str = f"piper:{BUNDLED_VOICE}"
    speed: int = NATURAL_SPEED
    pitch: int = 50
    piper_model: str = ""


@dataclass(frozen=True)
class Speech:
    """One spoken sentence: its WAV file and how long it lasts."""

    path: Path
    seconds: float


class Narrator:
    """Speaks sentences in one voice, from the disk cache when they were spoken before.

    Use it as a context manager (or call :meth:`close`): the Piper process it may start lives
    until then, so that one process speaks all of a lesson's new sentences.

    Parameters
    ----------
    voice : Voice
        The voice settings.
    cache : Path
        The speech cache folder.
    environ : mapping, optional
        Where ``DERIVANIM_PIPER`` is looked up (the process environment when omitted).
    announce : bool, default True
        Print the speaker's fallback note, if any (a course render prints it once itself).

    Attributes
    ----------
    speaker : Speaker
        Who speaks (after the fallback to espeak-ng, whose one-line note goes to stderr).
    synthesised : int
        How many sentences this narrator had to synthesise (the others came from the cache).
    starts : int
        How many synthesiser processes it started (Piper: at most one).
    """

    def __init__(self, voice: Voice, cache: Path = VOICE_CACHE,
                 environ: Mapping[str, str] | None = None, announce: bool = True) -> None:
        self.voice = voice
        self.cache = cache
        self.speaker: Speaker = resolve(voice.name, voice.piper_model,
                                        os.environ if environ is None else environ)
        if self.speaker.note and announce:
            print(self.speaker.note, file=sys.stderr)
        self.synthesised = 0
        self.starts = 0
        self._piper: PiperSession | None = None
        self._folder: Path | None = None
        self._lock = threading.Lock()  # one sentence at a time through the synthesiser
        self._ahead: threading.Thread | None = None
        self._stop = threading.Event()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        self.close()

    @cached_property
    def _model_digest(self) -> str:
        if not self.speaker.model:
            return ""
        with open(self.speaker.model, "rb") as stream:
            return hashlib.file_digest(stream, "sha256").hexdigest()

    def key(self, text: str) -> str:
        """The cache key of ``text`` spoken by this narrator's speaker and settings."""
        pitch = str(self.voice.pitch) if self.speaker.engine == "espeak-ng" else ""
        described = "\0".join([text, self.speaker.engine, self.speaker.name,
                               self._model_digest, str(self.voice.speed), pitch, CLIP_FORM])
        return hashlib.sha256(described.encode()).hexdigest()

    def prepare(self, texts: Iterable[str]) -> None:
        """Start synthesising ``texts`` (a lesson's scripts, in beat order) in the background,
        so the scene finds each one ready when its beat asks: the voice is made while the
        picture is drawn. A failure there is left for :meth:`speak` to meet and report."""
        pending = [text for text in texts if text.strip()]

        def ahead() -> None:
            for text in pending:
                if self._stop.is_set():
                    return
                try:
                    self.speak(text)
                except (OSError, RuntimeError):
                    return  # the beat that needs it synthesises it again and raises

        self._ahead = threading.Thread(target=ahead, name="narrator-ahead", daemon=True)
        self._ahead.start()

    def speak(self, text: str) -> Speech:
        """The speech of ``text``, synthesised now unless the cache holds it."""
        path = self.cache / f"{self.key(text)}.wav"
        with self._lock:
            if not path.exists():
                self._synthesise(text, path)
                self.synthesised += 1
        with wave.open(str(path)) as stream:
            return Speech(path, stream.getnframes() / stream.getframerate())

    def seconds(self, text: str) -> float:
        """How long ``text`` takes to say."""
        return self.speak(text).seconds

    def espeak_command(self, text: str, wav: Path) -> list[str]:
        """espeak-ng's command line that writes ``text`` spoken into ``wav``."""
        return ["espeak-ng", "-v", self.speaker.name, "-s", str(self.voice.speed),
                "-p", str(self.voice.pitch), "-w", str(wav), "--", text]

    def close(self) -> None:
        """Stop the Piper process, if one was started, and remove its scratch folder."""
        self._stop.set()
        if self._ahead is not None:
            self._ahead.join()
            self._ahead = None
        if self._piper is not None:
            self._piper.close()
            self._piper = None
        if self._folder is not None:
            shutil.rmtree(self._folder, ignore_errors=True)
            self._folder = None

    def _synthesise(self, text: str, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        if not text.strip():  # nothing to say: an empty sound, no synthesiser
            self._write_silence(path)
        elif self.speaker.engine == "piper":
            produced = self._piper_session().speak(text)
            trim_lead_in(produced)
            os.replace(produced, path)
        else:
            self._espeak(text, path)

    def _piper_session(self) -> PiperSession:
        if self._piper is None:
            self._folder = Path(tempfile.mkdtemp(prefix=".piper-", dir=self.cache))
            self._piper = PiperSession(self.speaker.command, self.speaker.model,
                                       NATURAL_SPEED / self.voice.speed, self._folder)
            self.starts += 1
        return self._piper

    def _write_silence(self, path: Path) -> None:
        handle, name = tempfile.mkstemp(prefix=f".{path.stem}.", suffix=".wav", dir=path.parent)
        os.close(handle)
        with wave.open(name, "wb") as stream:
            stream.setnchannels(1)
            stream.setsampwidth(2)
            stream.setframerate(22050)
        os.replace(name, path)

    def _espeak(self, text: str, path: Path) -> None:
        handle, name = tempfile.mkstemp(prefix=f".{path.stem}.", suffix=".wav", dir=path.parent)
        os.close(handle)
        try:
            command = self.espeak_command(text, Path(name))
            self.starts += 1
            result = subprocess.run(command, capture_output=True, text=True, timeout=120,
                                    check=False)
            if result.returncode != 0:
                raise RuntimeError(f"espeak-ng failed ({result.returncode}): "
                                   f"{result.stderr.strip()[-300:]}")
            trim_lead_in(Path(name))
            os.replace(name, path)  # complete files only: another worker may read it next
        finally:
            Path(name).unlink(missing_ok=True)


def lead_in(samples: np.ndarray, rate: int, window: float = 0.01, below: float = 0.05,
            keep: float = 0.03) -> int:
    """How many samples of quiet open a clip: up to ``keep`` seconds before the first window
    whose RMS reaches ``below`` times the loudest window's.

    A neural voice sometimes opens with a breath or a word too faint to hear (a soft "the"
    40 dB under the rest); cut, the voice is heard as its beat and its caption begin.

    Examples
    --------
    >>> clip = np.zeros(1000, np.float32); clip[400:] = 0.3; clip[200:400] = 0.001
    >>> lead_in(clip, 1000)
    370
    >>> lead_in(np.zeros(10, np.float32), 1000)
    0
    """
    size = max(1, int(round(window * rate)))
    count = samples.size // size
    if count == 0:
        return 0
    frames = samples[: count * size].reshape(count, size).astype(np.float64)
    levels = np.sqrt((frames ** 2).mean(axis=1))
    if levels.max() <= 0:
        return 0
    first = int(np.argmax(levels >= below * levels.max()))
    return max(0, first * size - int(round(keep * rate)))


def trim_lead_in(path: Path) -> None:
    """Rewrite a 16-bit WAV file without its inaudible lead-in (:func:`lead_in`)."""
    with wave.open(str(path)) as stream:
        params = stream.getparams()
        data = np.frombuffer(stream.readframes(stream.getnframes()), dtype="<i2")
    if params.sampwidth != 2 or data.size == 0:
        return
    frames = data.reshape(-1, params.nchannels)
    cut = lead_in(frames.mean(axis=1) / 32768.0, params.framerate)
    if cut:
        with wave.open(str(path), "wb") as stream:
            stream.setparams(params)
            stream.writeframes(frames[cut:].tobytes())


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


def voice_offsets(cues: Sequence[Any], chapters: Sequence[Any],
                  spans: Sequence[tuple[float, float]]) -> list[float]:
    """For each chapter, how far its first caption cue starts after the first speech in it
    (negative: before). ``cues`` and ``chapters`` have ``start`` and ``end`` in seconds (as
    :func:`derivanim.page.parse_vtt` reads them); ``spans`` are :func:`speech_spans`.

    Examples
    --------
    >>> from types import SimpleNamespace as Cue
    >>> voice_offsets([Cue(start=2.1, end=4.0)], [Cue(start=0.0, end=5.0)], [(2.0, 3.5)])
    [0.10000000000000009]
    """
    offsets = []
    for chapter in chapters:
        said = [s for s, _ in spans if chapter.start - 0.05 <= s < chapter.end - 0.05]
        shown = [cue.start for cue in cues if chapter.start - 0.01 <= cue.start < chapter.end]
        if said and shown:
            offsets.append(min(shown) - min(said))
    return offsets


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
