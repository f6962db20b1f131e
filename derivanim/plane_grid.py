"""Where a plane's grid lines stand: each side's range and spacing, chosen around a lesson's
points or taken from its config, and the values of the lines.

Examples
--------
>>> step = grid_step([(1, 1), (-0.5, 0.25), (-1, 1), (0, 0)], None, None)
>>> side = grid_range([1, -0.5, -1, 0], None, step)
>>> step, side, line_values(side)
(0.5, (-1.5, 1.5, 0.5), [-1.5, -1.0, -0.5, 0.0, 0.5, 1.0, 1.5])
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from derivanim.viewport import nice_step

Range = tuple[float, float, float]
"""(low, high, step) of one side of the grid."""
Point = tuple[float, float]


def grid_range(values: Sequence[float], given: Sequence[float] | None, step: float) -> Range:
    """One side of the grid: the author's range, or the points' spread padded and snapped to
    the step.

    Examples
    --------
    >>> grid_range([-1, 1, -0.5], None, 0.5), grid_range([0, 1], (-2, 2), 0.5)
    ((-1.5, 1.5, 0.5), (-2.0, 2.0, 0.5))
    """
    if given is not None:
        return float(given[0]), float(given[1]), step
    low, high = min(values), max(values)
    pad = max(0.5, 0.25 * (high - low))
    snapped_low = math.floor((low - pad) / step + 1e-9) * step
    snapped_high = math.ceil((high + pad) / step - 1e-9) * step
    return float(round(snapped_low, 12)), float(round(snapped_high, 12)), step


def grid_step(points: Sequence[Point], x_range: Sequence[float] | None,
              y_range: Sequence[float] | None) -> float:
    """The spacing of the grid lines: a nice step giving about six lines across the wider side.

    Examples
    --------
    >>> grid_step([(1, 1), (-1, 0)], None, None), grid_step([(0, 0)], (-4, 4), (-1, 1))
    (0.5, 2.0)
    """
    spans = []
    for axis, given in ((0, x_range), (1, y_range)):
        values = [p[axis] for p in points]
        spans.append(given[1] - given[0] if given is not None
                     else max(values) - min(values) + 2 * max(0.5, 0.25 * (max(values) - min(values))))
    return nice_step(max(spans), 6)


def line_values(side: Range) -> list[float]:
    """Where the grid lines of one side stand: both ends and the multiples of the step.

    Examples
    --------
    >>> line_values((-1.5, 1.5, 0.5)), line_values((-0.3, 1.0, 0.5))
    ([-1.5, -1.0, -0.5, 0.0, 0.5, 1.0, 1.5], [-0.3, 0.0, 0.5, 1.0])
    """
    low, high, step = side
    values = multiples(low, high, step)
    if not values or values[0] - low > 1e-9:
        values.insert(0, low)
    if high - values[-1] > 1e-9:
        values.append(high)
    return values


def multiples(low: float, high: float, step: float) -> list[float]:
    """The whole multiples of ``step`` in [low, high] (no negative zero).

    Examples
    --------
    >>> multiples(-1.7, 2.96, 1.0), multiples(-0.3, 1.0, 0.5)
    ([-1.0, 0.0, 1.0, 2.0], [0.0, 0.5, 1.0])
    """
    first, last = math.ceil(low / step - 1e-9), math.floor(high / step + 1e-9)
    return [float(round(k * step, 10)) + 0.0 for k in range(first, last + 1)]
