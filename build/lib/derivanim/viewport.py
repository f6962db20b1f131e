"""Choosing what part of the plane a lesson's graph shows, and keeping lines inside it.

Scenes need axes that fit the function on its interval: the interesting points well inside,
the curve's useful range visible without one pole flattening everything else, and tick
spacing a reader can follow (1, 2 or 5 times a power of ten, five to eight ticks an axis).

Examples
--------
>>> from derivanim.expressions import parse_expression, symbol
>>> x = symbol("x")
>>> view = fit_viewport(parse_expression("x^2"), x, focus=[2, 4])
>>> view.x_range, view.y_range
((0.0, 6.0, 1.0), (-10.0, 40.0, 10.0))
>>> nice_step(7.3)
2.0
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import sympy

from derivanim.analysis import MAX_SHOWN
from derivanim.sampling import Samples, numeric_function

Range = tuple[float, float, float]


@dataclass(frozen=True)
class Viewport:
    """The visible window of a graph: (low, high, tick step) on each axis."""

    x_range: Range
    y_range: Range

    def contains(self, x: float, y: float) -> bool:
        """Tell whether a point lies inside the window (edges included).

        Examples
        --------
        >>> Viewport((0.0, 2.0, 1.0), (0.0, 4.0, 1.0)).contains(1, 5)
        False
        """
        return (
            self.x_range[0] <= x <= self.x_range[1] and self.y_range[0] <= y <= self.y_range[1]
        )


def nice_step(span: float, ticks: int = 6) -> float:
    """The tick step 1, 2 or 5 times a power of ten giving about ``ticks`` ticks over ``span``.

    Examples
    --------
    >>> nice_step(6), nice_step(28), nice_step(0.004)
    (1.0, 5.0, 0.001)
    """
    if not span > 0:
        return 1.0
    raw = span / ticks
    power = 10.0 ** math.floor(math.log10(raw))
    for multiple in (1.0, 2.0, 5.0, 10.0):
        if raw <= multiple * power * 1.2:
            return float(multiple * power)
    return float(10 * power)


def _snap(low: float, high: float, ticks: int = 6) -> Range:
    """Widen [low, high] to whole multiples of a nice step."""
    if not high > low:
        pad = max(1.0, abs(low) * 0.5)
        low, high = low - pad, high + pad
    step = nice_step(high - low, ticks)
    snapped_low = math.floor(low / step + 1e-9) * step
    snapped_high = math.ceil(high / step - 1e-9) * step
    return (float(round(snapped_low, 12)), float(round(snapped_high, 12)), step)


def _useful_values(values: np.ndarray) -> tuple[float, float]:
    """The range of the sampled values, ignoring the tails near poles when there are any."""
    finite = values[np.isfinite(values)]
    if finite.size == 0:
        return (-1.0, 1.0)
    low, high = float(finite.min()), float(finite.max())
    q_low, q_high = np.quantile(finite, [0.08, 0.92])
    core = float(q_high - q_low)
    if core > 0 and high - low > 12 * core:  # a blow-up: show the body of the curve
        return float(q_low) - 0.5 * core, float(q_high) + 0.5 * core
    return low, high


def fit_viewport(
    expression: sympy.Expr,
    variable: sympy.Symbol,
    focus: Sequence[float],
    x_range: Sequence[float] | None = None,
    extra_y: Sequence[float] = (),
    margin: float = 2.0,
) -> Viewport:
    """Choose axes ranges and ticks that show the function around the lesson's points.

    Parameters
    ----------
    expression : sympy.Expr
        The function.
    variable : sympy.Symbol
        Its variable.
    focus : sequence of float
        x values the lesson points at; they end up well inside the window.
    x_range : pair of float, optional
        The author's choice of x window (then only ticks are chosen).
    extra_y : sequence of float
        y values that must be visible too (e.g. a limit value where f is undefined).
    margin : float
        Minimum room kept around the focus points, in x units.

    Returns
    -------
    Viewport

    Examples
    --------
    >>> from derivanim.expressions import parse_expression, symbol
    >>> x = symbol("x")
    >>> view = fit_viewport(parse_expression("tan(x)"), x, focus=[0.5], x_range=[-4, 4])
    >>> view.x_range[:2], view.y_range[1] < 40
    ((-4.0, 4.0), True)
    """
    if x_range is not None:
        low, high = float(x_range[0]), float(x_range[1])
        x_view = (low, high, nice_step(high - low))
    else:
        points = [float(v) for v in focus] or [0.0]
        spread = max(points) - min(points)
        pad = max(margin, 0.35 * spread)
        x_view = _snap(min(points) - pad, max(points) + pad)
    xs = np.linspace(x_view[0], x_view[1], 1201)
    ys = numeric_function(expression, variable)(xs)
    low_y, high_y = _useful_values(ys)
    extra = [float(v) for v in extra_y if math.isfinite(v)]
    low_y, high_y = min([low_y, *extra]), max([high_y, *extra])
    # A curve that shoots far beyond what the lesson shows (exp(10x) a little way out) is cut
    # at the edge of the window rather than squashing everything else into a flat line.
    low_y, high_y = max(low_y, -MAX_SHOWN), min(high_y, MAX_SHOWN)
    pad_y = 0.08 * (high_y - low_y) if high_y > low_y else 1.0
    return Viewport(x_range=x_view, y_range=_snap(low_y - pad_y, high_y + pad_y))


def clip_line(
    x0: float, y0: float, slope: float, view: Viewport
) -> tuple[tuple[float, float], tuple[float, float]] | None:
    """Clip the line through (x0, y0) with the given slope to the viewport's box.

    Returns
    -------
    pair of points or None
        The visible segment's two ends, or None when the line misses the box.

    Examples
    --------
    >>> view = Viewport((-1.0, 5.0, 1.0), (-2.0, 26.0, 4.0))
    >>> clip_line(2, 4, 4, view)
    ((0.5, -2.0), (5.0, 16.0))
    >>> clip_line(0, 100, 0, view) is None
    True
    """
    x_low, x_high = view.x_range[:2]
    y_low, y_high = view.y_range[:2]
    if slope == 0:
        return ((x_low, y0), (x_high, y0)) if y_low <= y0 <= y_high else None
    def y_at(x: float) -> float:
        return y0 + slope * (x - x0)
    def x_at(y: float) -> float:
        return x0 + (y - y0) / slope
    start, end = x_low, x_high
    for bound in (y_low, y_high):
        crossing = x_at(bound)
        going_out = (slope > 0) == (bound == y_high)
        if going_out:
            end = min(end, crossing)
        else:
            start = max(start, crossing)
    if start >= end:
        return None
    return ((start, y_at(start)), (end, y_at(end)))


def clip_pieces(pieces: Sequence[Samples], view: Viewport) -> list[Samples]:
    """Cut sampled curve pieces where they leave the viewport vertically.

    Where a piece crosses the top or bottom edge, the crossing point is interpolated so the
    drawn curve ends exactly on the edge.

    Examples
    --------
    >>> xs = np.linspace(-2, 2, 5)
    >>> view = Viewport((-2.0, 2.0, 1.0), (0.0, 2.0, 1.0))
    >>> [p.x.tolist() for p in clip_pieces([Samples(xs, xs**2)], view)]
    [[-1.3333333333333335, -1.0, 0.0, 1.0, 1.3333333333333333]]
    """
    y_low, y_high = view.y_range[:2]
    result: list[Samples] = []
    for piece in pieces:
        xs_out: list[float] = []
        ys_out: list[float] = []
        inside_prev = False
        for i, (x, y) in enumerate(zip(piece.x.tolist(), piece.y.tolist())):
            inside = y_low <= y <= y_high
            if i > 0 and inside != inside_prev:
                x_prev, y_prev = float(piece.x[i - 1]), float(piece.y[i - 1])
                edge = y_high if max(y, y_prev) > y_high else y_low
                t = (edge - y_prev) / (y - y_prev)
                xs_out.append(x_prev + t * (x - x_prev))
                ys_out.append(edge)
                if not inside:
                    if len(xs_out) >= 2:
                        result.append(Samples(np.array(xs_out), np.array(ys_out)))
                    xs_out, ys_out = [], []
            if inside:
                xs_out.append(x)
                ys_out.append(y)
            inside_prev = inside
        if len(xs_out) >= 2:
            result.append(Samples(np.array(xs_out), np.array(ys_out)))
    return result
