"""Where a descent picture puts things: its window, the hops' arcs, and the edges runaways hit.

A descent lesson draws a loss curve, a ball hopping from w_k to w_(k+1) along a raised arc,
a slide across the curve's bottom, and axes framed along the window's edges. The arithmetic
behind those pictures needs only numbers and numpy (no drawing), so it lives here.

Examples
--------
>>> view = Viewport((0.0, 4.0, 1.0), (0.0, 4.0, 1.0))
>>> exit_point((1, 1), (9, 1), view), restored_tick([-2.0, 2.0, 4.0], 0.0, -2, 4)
((4.0, 1.0), [0.0])
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence

import numpy as np
import sympy

from derivanim.descent import DescentFacts
from derivanim.viewport import Viewport, fit_viewport

HOP_SAMPLES = 17
"""Points sampled along each hop's arc (for the ball's path and its trail)."""


def descent_window(facts: DescentFacts, expression: sympy.Expr, variable: sympy.Symbol,
                   x_range: Sequence[float] | None = None) -> Viewport:
    """The plot's window: the start and every settling run's steps, with room for the curve.

    Runs that diverge are left out (their steps fly off; the scene shows them leaving). An
    author's ``x_range`` is widened to hold the start and those steps if it must be.

    Examples
    --------
    >>> from derivanim.descent import descent_facts
    >>> from derivanim.expressions import parse_expression, symbol
    >>> w = symbol("w")
    >>> loss = parse_expression("(w - 2)^2 + 1", variable="w")
    >>> facts = descent_facts(loss, w, -1, [0.2, 1.1], 10)
    >>> [round(end, 3) for end in descent_window(facts, loss, w, (0.0, 1.0)).x_range[:2]]
    [-1.0, 1.982]
    """
    settled = [run for run in facts.runs if run.outcome != "diverges"]
    focus = [facts.start] + [w for run in settled for w in run.steps]
    heights = [facts.runs[0].losses[0]] + [loss for run in settled for loss in run.losses]
    if x_range is not None:
        x_range = (min(x_range[0], min(focus)), max(x_range[1], max(focus)))
    return fit_viewport(expression, variable, focus, x_range, extra_y=heights)


def sweep_end(loss: Callable[[np.ndarray], np.ndarray], view: Viewport, start: float) -> float:
    """Where a slide from ``start`` across the curve's bottom ends: past the lowest point, as
    far again, kept a little inside the window.

    Examples
    --------
    >>> view = Viewport((-4.0, 4.0, 1.0), (0.0, 16.0, 4.0))
    >>> sweep_end(lambda w: w ** 2, view, -1.0), sweep_end(lambda w: w ** 2, view, -4.0)
    (1.0, 3.36)
    """
    low, high = view.x_range[:2]
    xs = np.linspace(low, high, 801)
    ys = loss(xs)
    if not np.any(np.isfinite(ys)):
        return start
    bottom = float(xs[int(np.nanargmin(ys))])
    inset = 0.08 * (high - low)
    return float(min(max(2 * bottom - start, low + inset), high - inset))


def exit_point(start: tuple[float, float], end: tuple[float, float],
               view: Viewport) -> tuple[float, float]:
    """Where the segment from a point inside the window towards ``end`` leaves the window.

    ``end`` may be astronomically far away (a diverging run); the arithmetic stays finite.

    Examples
    --------
    >>> view = Viewport((0.0, 4.0, 1.0), (0.0, 4.0, 1.0))
    >>> exit_point((1, 1), (9, 1), view), exit_point((2, 2), (2, 1e300), view)
    ((4.0, 1.0), (2.0, 4.0))
    >>> exit_point((1, 1), (2, 2), view)
    (2.0, 2.0)
    """
    (x0, y0), (x1, y1) = (float(start[0]), float(start[1])), (float(end[0]), float(end[1]))
    t = 1.0
    for (low, high), a, b in ((view.x_range[:2], x0, x1), (view.y_range[:2], y0, y1)):
        delta = b - a
        if delta > 0 and b > high:
            t = min(t, (high - a) / delta)
        elif delta < 0 and b < low:
            t = min(t, (low - a) / delta)
    t = max(t, 0.0)
    return (x0 + t * (x1 - x0), y0 + t * (y1 - y0))


def hop_arc(start: np.ndarray, end: np.ndarray, lift: float,
            samples: int = HOP_SAMPLES) -> np.ndarray:
    """Points of a hop from ``start`` to ``end``: the chord raised by a parabola of height ``lift``.

    Examples
    --------
    >>> arc = hop_arc(np.zeros(3), np.array([2.0, 0.0, 0.0]), 0.5, samples=3)
    >>> arc.tolist()
    [[0.0, 0.0, 0.0], [1.0, 0.5, 0.0], [2.0, 0.0, 0.0]]
    """
    s = np.linspace(0.0, 1.0, samples)
    points = start[None, :] + s[:, None] * (end - start)[None, :]
    points[:, 1] += lift * 4.0 * s * (1.0 - s)
    points[0], points[-1] = start, end
    return points


def hop_lift(start: np.ndarray, end: np.ndarray, ceiling: float) -> float:
    """How high a hop arcs: in proportion to its length, never above ``ceiling``.

    Examples
    --------
    >>> start = np.zeros(3)
    >>> hop_lift(start, np.array([1.0, 0, 0]), 5.0), hop_lift(start, np.array([4.0, 0, 0]), 0.2)
    (0.3, 0.2)
    """
    span = float(np.linalg.norm(end - start))
    return float(max(min(0.3 * span, 0.6, ceiling - max(start[1], end[1])), 0.0))


def point_on(path: np.ndarray, fraction: float) -> tuple[np.ndarray, int]:
    """The point a fraction of the way along a sampled path, and the last sample before it.

    Examples
    --------
    >>> path = np.array([[0.0, 0, 0], [1, 0, 0], [2, 0, 0]])
    >>> point, index = point_on(path, 0.75)
    >>> point.tolist(), index
    ([1.5, 0.0, 0.0], 1)
    """
    u = min(max(fraction, 0.0), 1.0) * (len(path) - 1)
    index = min(int(u), len(path) - 2)
    t = u - index
    return path[index] * (1.0 - t) + path[index + 1] * t, index


def restored_tick(labelled: Collection[float], value: float, low: float,
                  high: float) -> list[float]:
    """The tick label left out where the axes crossed, if it belongs to the labels' rhythm.

    ``labelled`` holds the values already labelled (rounded to 9 decimals); the answer is
    ``[value]`` when ``value`` lies in ``[low, high]``, is not labelled yet, and falls on the
    labels' spacing, else ``[]``.

    Examples
    --------
    >>> restored_tick([-4.0, -2.0, 2.0], 0.0, -4, 4)
    [0.0]
    >>> restored_tick([-3.0, 3.0], 0.0, -3, 3)
    []
    """
    if not low <= value <= high or round(value, 9) in labelled or len(labelled) < 2:
        return []
    values = sorted(labelled)
    spacing = min(b - a for a, b in zip(values, values[1:]))
    offset = (value - values[0]) / spacing
    return [value] if abs(offset - round(offset)) < 1e-6 else []
