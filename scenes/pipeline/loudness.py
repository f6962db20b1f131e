"""Loudness of the narration track: -16 LUFS integrated, true peak at most -1 dBTP.

Loudness is measured as ITU-R BS.1770-4 defines it (K-weighting, 400 ms blocks, gating), with
pyloudnorm's meter. The track is brought to the target by one gain; where that would push a
peak over the ceiling, a look-ahead limiter turns those few milliseconds down (its gain never
rises above what any sample within its window allows, so no sample clips). True peak is the
peak of the signal oversampled four times, as BS.1770 Annex 2 describes. The limiter aims a
little under -1 dBTP, so that the AAC or Opus encoder's small overshoot stays under it.

Examples
--------
>>> rate = 48000
>>> tone = (0.05 * np.sin(2 * np.pi * 440 * np.arange(4 * rate) / rate)).astype(np.float32)
>>> level = normalise(tone, rate)
>>> round(integrated_lufs(level, rate), 1), bool(true_peak_dbtp(level, rate) <= -1.0)
(-16.0, True)
"""

from __future__ import annotations

from pathlib import Path

import av
import numpy as np
import pyloudnorm
from scipy.ndimage import minimum_filter1d, uniform_filter1d
from scipy.signal import resample_poly

TARGET_LUFS = -16.0
"""Integrated loudness of every narrated video (the usual target for speech online)."""
CEILING_DBTP = -1.0
"""True peak the narration never exceeds."""
LIMITER_DBTP = -3.0
"""Where the limiter first holds peaks: room for the encoder's usual overshoot (1.6 dB seen).
When the decoded sound still peaks over :data:`CEILING_DBTP` (3 dB and more has been seen from
AAC on some lessons), the track is limited lower and encoded again."""


def integrated_lufs(samples: np.ndarray, rate: int) -> float:
    """Integrated loudness in LUFS (``-inf`` for silence or a clip under 400 ms)."""
    if samples.size < int(0.4 * rate):
        return float("-inf")
    # A whisper of noise (-200 dBFS, far under the -70 LUFS gate) keeps the meter's filters
    # out of denormal numbers in the silences between sentences, which are ten times slower.
    floor = np.random.default_rng(0).standard_normal(samples.size) * 1e-10
    return float(pyloudnorm.Meter(rate).integrated_loudness(samples.astype(np.float64) + floor))


def true_peak_dbtp(samples: np.ndarray, rate: int) -> float:
    """True peak in dBTP: the peak of the signal oversampled four times.

    Examples
    --------
    >>> true_peak_dbtp(np.zeros(10, np.float32), 48000)
    -inf
    """
    peak = float(np.max(np.abs(_oversampled(samples)), initial=0.0))
    return float(20 * np.log10(peak)) if peak > 0 else float("-inf")


def decoded_sound(path: Path) -> tuple[np.ndarray, int]:
    """The sound of a video file, decoded to mono float samples, and its sample rate."""
    with av.open(str(path)) as container:
        stream = container.streams.audio[0]
        chunks = [frame.to_ndarray().mean(axis=0) for frame in container.decode(stream)]
        return np.concatenate(chunks).astype(np.float32), stream.codec_context.sample_rate


def encoded_true_peak(path: Path) -> float:
    """True peak (dBTP) of a file's sound as a player decodes it, after the audio encoder.

    AAC and Opus reshape the waveform, so peaks held at the limiter's ceiling can come out of
    the encoder a few decibels higher; only the decoded sound tells.
    """
    samples, rate = decoded_sound(path)
    return true_peak_dbtp(samples, rate)


def _oversampled(samples: np.ndarray) -> np.ndarray:
    return resample_poly(samples.astype(np.float64), 4, 1) if samples.size else samples


def _limiter_gain(peaks: np.ndarray, rate: int, ceiling_db: float) -> np.ndarray:
    """Per-sample gain that holds the true peaks ``peaks`` under ``ceiling_db``, smoothly.

    The gain at a sample is at most what every sample within 5 ms of it needs, averaged over
    5 ms: it turns down before a peak and back up after it, and never lets one through.
    """
    needed = np.minimum(1.0, 10 ** (ceiling_db / 20) / np.maximum(peaks, 1e-12))
    if needed.min() >= 1.0:
        return needed
    radius = max(1, int(0.005 * rate))
    floor = minimum_filter1d(needed, size=4 * radius + 1, mode="nearest")
    return np.minimum(uniform_filter1d(floor, size=2 * radius + 1, mode="nearest"), needed)


def normalise(samples: np.ndarray, rate: int, target: float = TARGET_LUFS,
              ceiling: float = LIMITER_DBTP) -> np.ndarray:
    """``samples`` at ``target`` LUFS integrated with true peaks at most ``ceiling`` dBTP.

    The track's true peaks are found once (gain scales them); each round sets the gain from
    the last round's loudness and limits the peaks it raised over the ceiling. Silence
    (nothing loud enough to measure) is returned as it is.
    """
    track = np.ascontiguousarray(samples, dtype=np.float64)
    loudness = integrated_lufs(track, rate)
    if not np.isfinite(loudness):
        return track.astype(np.float32)
    peaks = np.abs(_oversampled(track)).reshape(-1, 4).max(axis=1)

    def limited(gain_db: float) -> tuple[np.ndarray, float]:
        gain = 10 ** (gain_db / 20)
        out = track * gain * _limiter_gain(peaks * gain, rate, ceiling)
        return out, integrated_lufs(out, rate) - target

    # Limiting takes a little loudness away, more the louder the gain: find the gain that
    # lands on the target by the secant method (loudness rises with gain), from plain gain.
    before, before_miss = 0.0, loudness - target
    gain_db = target - loudness
    out, miss = limited(gain_db)
    for _ in range(8):
        if abs(miss) < 0.05 or miss == before_miss:
            break
        step = -miss * (gain_db - before) / (miss - before_miss)
        before, before_miss = gain_db, miss
        gain_db += float(np.clip(step, -12.0, 12.0))
        out, miss = limited(gain_db)
    return np.clip(out, -1.0, 1.0).astype(np.float32)
