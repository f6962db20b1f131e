"""What each kind would teach about one function: the ``suggest`` hooks of ``explain``.

Each function takes the :class:`derivanim.explain.Survey` of a function of x and returns the
lesson fields to try, best first (``explain`` keeps the first whose facts compute), or one
line saying why the kind does not apply. Each kind's registry entry names its function here.

Examples
--------
>>> from derivanim.explain import survey
>>> found = survey("x^3 - 3x")
>>> slopes(found)[0]["points"]
[-2.5, -1, 1]
>>> stretch(found)[0]["points"]
[1.25, 0, -1]
>>> descent(survey("x^3"))
'f has no minimum in [-4, 4] that a descent could reach'
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from derivanim.expressions import symbol, to_text
from derivanim.sampling import numeric_function

GRID = tuple(float(v) for v in np.arange(-3.0, 3.01, 0.25))
"""Round points to look through for a point of each effect (stretch, squish, flip, collapse)."""
STEEPEST = 20.0
"""A slope beyond this is too steep to read on a drawn tangent."""


def _short(value: float) -> float | int:
    """A point as an author would write it: ``1`` rather than ``1.0``."""
    return int(value) if float(value).is_integer() else value


def _near(points: list[float], at: float | None) -> list[float]:
    """Points in order of closeness to ``at`` (or to 0)."""
    return sorted(points, key=lambda p: (abs(p - (at or 0.0)), p))


def limit(found: Any) -> list[dict[str, Any]]:
    """A point where f is undefined, where the limit has something to show; else an ordinary
    point (``--at`` first in both cases)."""
    singular = _near(list(found.singular), found.at)
    ordinary = [0.0, *found.ordinary_points()] if found.at is None else found.ordinary_points()
    points = list(dict.fromkeys([*singular, *ordinary]))
    return [{"function": found.text, "point": _short(p)} for p in points]


STEPS = ((2.0, 1.0, 0.5, 0.25), (1.0, 0.5, 0.25, 0.1), (0.5, 0.25, 0.1, 0.05))
"""Sets of secant steps h, widest first: a wiggly function needs the narrower ones."""


def _closing_in(found: Any, point: float, steps: tuple[float, ...]) -> bool:
    """Whether the secant slopes at ``steps`` close in on f'(point) one after another."""
    f = numeric_function(found.expression, found.variable)
    tangent = found.slope(point)
    base = float(f(np.array([point]))[0])
    quotients = [(float(f(np.array([point + h]))[0]) - base) / h for h in steps]
    errors = [abs(q - tangent) for q in quotients]
    return all(map(math.isfinite, errors)) and all(b < a for a, b in zip(errors, errors[1:])) \
        and errors[-1] < 0.5 * errors[0]


def secant(found: Any) -> list[dict[str, Any]]:
    """A point of clear slope, with the widest steps h whose secants visibly close in on the
    tangent (turning one way all along, not swinging with the function's wiggles)."""
    lessons = []
    for point in found.clear_slope_points():
        for steps in STEPS:
            if _closing_in(found, point, steps):
                lessons.append({"function": found.text, "point": _short(point),
                                "h": [_short(h) for h in steps]})
                break
    return lessons


def chain(found: Any) -> list[dict[str, Any]]:
    """A point of clear slope; a function that is no composition is refused by the chain
    facts."""
    return [{"function": found.text, "point": _short(p)} for p in found.clear_slope_points()]


def slopes(found: Any) -> list[dict[str, Any]] | str:
    """The critical points (up to three, nearest 0 or ``--at``) and one steep point beside them."""
    critical = sorted(_near(list(found.critical), found.at)[:3])
    if critical:
        low, high = critical[0] - 1.5, critical[-1] + 1.5
        around = [p for p in GRID if low <= p <= high and p not in critical]
    else:
        around = list(GRID)
    around = [p for p in around if found.defined(p)]
    steep = [p for p in around if math.isfinite(s := found.slope(p)) and 0.3 < abs(s) <= STEEPEST]
    chosen = list(critical)
    if steep:
        chosen.append(max(steep, key=lambda p: (abs(found.slope(p)), -abs(p))))
    if len(chosen) < 3:  # few or no critical points: add round points of clearly other slopes
        for p in found.clear_slope_points():
            if p not in chosen and all(abs(found.slope(p) - found.slope(q)) > 0.5 for q in chosen):
                chosen.append(p)
            if len(chosen) == 3:
                break
    if not chosen:
        return "f has no point in [-3, 3] with a slope that reads well"
    return [{"function": found.text, "points": [_short(p) for p in sorted(chosen)]}]


def stretch(found: Any) -> list[dict[str, Any]] | str:
    """One point for each effect f has nearby (collapse at a critical point first, then
    stretch, flip and squish at round points half a unit apart), on one side of any point
    where f is undefined, so that the input line lies in f's domain."""
    grid = [p for p in GRID if found.defined(p)]
    if found.singular:  # the line must not cross a hole or a pole: keep the wider side
        cut_low, cut_high = min(found.singular), max(found.singular)
        right = [p for p in grid if p > cut_high + 0.2]
        left = [p for p in grid if p < cut_low - 0.2]
        grid = right if len(right) >= len(left) else left
    if not grid:
        return "f is undefined too close to every round point in [-3, 3]"
    slopes_at = {p: found.slope(p) for p in grid}
    wanted = {
        "stretch": lambda s: s > 1.2,
        "flip": lambda s: s < -0.2,
        "squish": lambda s: 0.2 < s < 0.8,
    }
    inside = [p for p in found.critical if grid[0] <= p <= grid[-1]]
    chosen: dict[str, float] = {}
    if inside:
        chosen["collapse"] = _near(inside, found.at)[0]
    for effect, test in wanted.items():
        options = _near([p for p, s in slopes_at.items() if math.isfinite(s) and test(s)
                         and abs(s) <= STEEPEST], found.at)
        options = [p for p in options if all(abs(p - q) >= 0.5 for q in chosen.values())]
        if options:
            chosen[effect] = options[0]
    if not chosen:
        return "f has no point in [-3, 3] whose stretch factor reads well"
    order = ("stretch", "squish", "flip", "collapse")  # the order the lesson tells them
    points = [chosen[effect] for effect in order if effect in chosen]
    low, high = _line_around(found, min(points), max(points))
    if low is None:
        return "f breaks too close to the points that show its effects"
    return [{"function": found.text, "points": [_short(p) for p in points],
             "input_range": [_short(low), _short(high)]}]


def _line_around(found: Any, first: float, last: float) -> tuple[Any, Any]:
    """The widest round input line around [first, last] (about a unit beyond each end) on
    which f is defined and unbroken; (None, None) when even the points' span is not."""
    lows = [math.floor(first) - 1 + 0.25 * k for k in range(int(4 * (first - math.floor(first) + 1)))]
    highs = [math.ceil(last) + 1 - 0.25 * k for k in range(int(4 * (math.ceil(last) + 1 - last)))]
    for low in [*lows, first - 0.1]:
        for high in [*highs, last + 0.1]:
            crosses = any(low <= point <= high for point in found.singular)
            if low < first and high > last and not crosses and found.continuous_on(low, high):
                return _short(round(low, 2)), _short(round(high, 2))
    return None, None


RATE_FACTORS = {
    "converges": (0.3, 0.4, 0.2, 0.5, 0.15, 0.7, 0.1, 0.05),
    "oscillates": (1.6, 1.4, 1.7, 1.2, 1.8, 1.9, 1.1),
    "diverges": (2.2, 2.5, 2.1, 3.0, 4.0),
}
"""Learning rates tried for each outcome, best first, as multiples of 1/k (k = f'' at the
minimum: for a parabola 1/k lands on the minimum in one step and 2/k is the edge of
divergence)."""


def descent(found: Any) -> list[dict[str, Any]] | str:
    """From well inside the basin of the nearest minimum (most of the way to the critical
    point on either side, or three units off when there is none), with a learning rate for
    each outcome it can show: creeping in, overshooting back and forth, flying off. Rates are
    tried as multiples of 1/k, k = f'' at the minimum, and each is kept by running the descent
    itself (:func:`derivanim.descent.descend`), not by the parabola's rule alone."""
    from derivanim.descent import descend
    from derivanim.errors import DerivanimError

    if not found.minima:
        return "f has no minimum in [-4, 4] that a descent could reach"
    minimum = _near(list(found.minima), found.at)[0]
    curvature = found.curvature(minimum)
    if not (math.isfinite(curvature) and curvature > 0):
        return f"f is too flat at its minimum x = {minimum:g} for a descent to show its rates"
    w = symbol("w")
    loss = found.expression.subs(found.variable, w)
    below = [p for p in found.critical if p < minimum]
    above = [p for p in found.critical if p > minimum]
    reach = [max(0.8 * (max(below) - minimum), -2.0) if below else -2.0,
             min(0.8 * (min(above) - minimum), 2.0) if above else 2.0]
    starts = sorted({float(f"{minimum + offset:.2g}") for offset in reach},
                    key=lambda s: -abs(s - minimum))
    lessons = []
    for start in starts:
        picked: dict[str, float] = {}
        try:
            for wanted, factors in RATE_FACTORS.items():
                for factor in factors:
                    rate = float(f"{factor / curvature:.2g}")
                    if descend(loss, w, start, rate, 10).outcome == wanted:
                        picked[wanted] = rate
                        break
        except DerivanimError:
            continue  # the start itself is refused: try the other side
        rates = [picked[outcome] for outcome in RATE_FACTORS if outcome in picked]
        if "converges" in picked and len(rates) >= 2:
            lessons.append({"function": to_text(loss), "start": _short(start),
                            "learning_rates": rates, "steps": 10})
    lessons.sort(key=lambda lesson: -len(lesson["learning_rates"]))  # most outcomes shown first
    return lessons or f"no learning rate lets a descent settle into the minimum at x = {minimum:g}"


def numerics(found: Any) -> list[dict[str, Any]]:
    """A point of clear slope where f bends (f'' not 0), so both error guides have a slope to
    show; any point of clear slope otherwise."""
    points = found.clear_slope_points()
    bending = [p for p in points if abs(found.curvature(p)) > 1e-6]
    return [{"function": found.text, "point": _short(p)}
            for p in dict.fromkeys([*bending, *points])]


JACOBIAN = "the Jacobian needs a map of the plane, two functions of x and y (write map = [...])"
BACKPROP = ("backprop needs a loss in named parameters and inputs "
            "(write function, parameters and inputs)")


def rules(found: Any) -> list[dict[str, Any]]:
    """The derivation of f itself."""
    return [{"function": found.text}]


def not_for_one_function(reason: str) -> Any:
    """A hook for a kind ``explain`` cannot make from one function of x, saying why."""
    def suggest(found: Any) -> str:
        return reason
    return suggest


__all__ = ["chain", "descent", "limit", "not_for_one_function", "numerics", "rules", "secant",
           "slopes", "stretch"]
