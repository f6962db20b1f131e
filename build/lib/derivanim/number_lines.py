"""Number lines that carry a small piece: their ranges, which ticks to label, an honest piece.

The stretch and chain lessons draw a map as number lines: a small piece [x - dx, x + dx] of one
line travels onto its image on the next. This module holds the numbers behind that picture,
without drawing anything: a line's range snapped to a nice tick step, how many ticks to skip
between labels, the widest half-width dx whose images still have the lengths the derivative
promises, and the sample points of a piece on its way from one line to the next.

Examples
--------
>>> padded_range(-2, 3)
(-2.5, 3.5, 1.0)
>>> sample_piece(1.0, 0.5, 3).tolist()
[0.5, 1.0, 1.5]
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence

import numpy as np

from derivanim.sampling import NumericFunction
from derivanim.viewport import nice_step

Range = tuple[float, float, float]
"""(low, high, tick step) of a number line."""


def padded_range(low: float, high: float, ticks: int = 7, pad: float = 0.04) -> Range:
    """Widen [low, high] by a small margin and snap it outward to half a nice tick step.

    The line's ends land on multiples of half the step, so the padding stays small; ticks sit
    on whole multiples of the step.

    Examples
    --------
    >>> padded_range(-2, 3), padded_range(0, 9)
    ((-2.5, 3.5, 1.0), (-1.0, 10.0, 2.0))
    >>> padded_range(5, 5)
    (3.5, 6.5, 0.5)
    """
    if not high > low:
        low, high = low - max(1.0, abs(low)) / 4, high + max(1.0, abs(high)) / 4
    margin = pad * (high - low)
    low, high = low - margin, high + margin
    step = nice_step(high - low, ticks)
    half = step / 2
    snapped_low = math.floor(low / half + 1e-9) * half
    snapped_high = math.ceil(high / half - 1e-9) * half
    return float(round(snapped_low, 12)), float(round(snapped_high, 12)), step


def label_every(clear: Callable[[int], bool]) -> int:
    """How many ticks apart the labels go: the smallest n in 1, 2, 5, 10, 20, 50, ... whose
    labels clear each other (``clear(n)``).

    Examples
    --------
    >>> label_every(lambda n: n >= 1), label_every(lambda n: n >= 2), label_every(lambda n: n > 2)
    (1, 2, 5)
    >>> label_every(lambda n: False)
    10000
    """
    for scale in (1, 10, 100, 1000):
        for base in (1, 2, 5):
            if clear(base * scale):
                return base * scale
    return 10000


def honest_half_width(
    maps: Sequence[tuple[NumericFunction, float]],
    points: Sequence[float],
    candidates: Sequence[float],
    tolerance: float = 0.05,
) -> float:
    """The widest half-width dx whose intervals land with lengths true to the derivative.

    For each (function, derivative) pair and point x, the image [g(x - dx), g(x + dx)] must
    be defined and have a signed length within ``tolerance`` of g'(x) * 2 dx (relative to
    the factor, or to 0.1 for factors smaller than that). The smallest candidate is the
    fallback.

    Examples
    --------
    >>> square = lambda v: np.asarray(v) ** 2
    >>> honest_half_width([(square, 3.0)], [1.5], [0.2, 0.1])
    0.2
    >>> cube = lambda v: np.asarray(v) ** 3
    >>> honest_half_width([(cube, 0.0)], [0.0], [0.4, 0.2, 0.1, 0.05])
    0.05
    """
    for dx in candidates:
        honest = True
        for (function, slope), x in zip(maps, points):
            ends = function(np.array([x - dx, x + dx], dtype=float))
            if not np.all(np.isfinite(ends)):
                honest = False
                break
            ratio = float(ends[1] - ends[0]) / (2 * dx)
            if abs(ratio - slope) > tolerance * max(0.1, abs(slope)):
                honest = False
                break
        if honest:
            return float(dx)
    return float(candidates[-1])


def sample_piece(x: float, dx: float, count: int = 9) -> np.ndarray:
    """Sample points of the piece [x - dx, x + dx], ends included.

    Examples
    --------
    >>> sample_piece(1.0, 0.5, 3).tolist()
    [0.5, 1.0, 1.5]
    """
    return np.linspace(x - dx, x + dx, count)


def carried(source: np.ndarray, target: np.ndarray, t: float) -> np.ndarray:
    """Points part-way (``t`` from 0 to 1) from their places on one line to their images.

    Examples
    --------
    >>> carried(np.array([0.0, 2.0]), np.array([4.0, 6.0]), 0.25).tolist()
    [1.0, 3.0]
    """
    return (1.0 - t) * source + t * target
