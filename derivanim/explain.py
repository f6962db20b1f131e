"""``render.py explain FUNCTION``: a whole course for one function, its parameters chosen here.

A teacher types one function; this module surveys it once (where it is undefined, where its
slope is zero, where it is steep, where it has a minimum) and asks every registered kind for
the lessons it would make from that survey (:attr:`derivanim.kinds.Kind.suggest`). A kind
offers its candidates best first; the first whose facts compute becomes the lesson, and a
kind that offers none, or whose every candidate is refused, is skipped with a one-line
reason. The result is an ordinary course document, which ``--write`` saves as TOML for the
author to edit.

Examples
--------
>>> plan = plan_course("x^3 - 3x")
>>> [(lesson["kind"], lesson.get("point", lesson.get("points"))) for lesson in plan.lessons][:3]
[('limit', 0), ('secant', 0.5), ('slopes', [-2.5, -1, 1])]
>>> survey("x^3 - 3x").critical, survey("x^3 - 3x").minima
((-1.0, 1.0), (1.0,))
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import sympy

from derivanim.errors import DerivanimError
from derivanim.expressions import parse_expression, symbol, to_text
from derivanim.sampling import continuous_pieces, numeric_function

REACH = 4.0
"""The survey looks at x in [-REACH, REACH] (and around ``--at``)."""
GRID = 4001
"""Samples of f' over the survey's range, to find where it changes sign."""
NICE_POINTS = (1.0, 0.5, 2.0, 1.5, -1.0, -0.5, 2.5, -2.0, 3.0, 0.25)
"""Ordinary points worth trying, in order: small, round and away from 0."""


@dataclass(frozen=True)
class Survey:
    """What a course needs to know about one function before choosing lesson parameters.

    Attributes
    ----------
    text : str
        The function as the user typed it.
    expression : sympy.Expr
        It, parsed.
    at : float or None
        The point the user asked about (``--at``).
    singular : tuple of float
        Points in the range where f is undefined (a zero of a denominator): limits live there.
    critical : tuple of float
        Points where f' = 0 (its sign changes or it touches zero), rounded where exact.
    minima : tuple of float
        The critical points where f has a local minimum (f'' > 0).
    """

    text: str
    expression: sympy.Expr
    at: float | None
    singular: tuple[float, ...]
    critical: tuple[float, ...]
    minima: tuple[float, ...]
    variable: sympy.Symbol = field(default_factory=lambda: symbol("x"))

    def slope(self, x: float) -> float:
        """f'(x) as a float (NaN where it does not exist)."""
        return float(_compiled(sympy.diff(self.expression, self.variable), self.variable)(
            np.array([x]))[0])

    def curvature(self, x: float) -> float:
        """f''(x) as a float (NaN where it does not exist)."""
        return float(_compiled(sympy.diff(self.expression, self.variable, 2), self.variable)(
            np.array([x]))[0])

    def continuous_on(self, low: float, high: float) -> bool:
        """Whether f is defined and unbroken on all of [low, high] (as sampled for drawing)."""
        pieces = continuous_pieces(self.expression, self.variable, low, high, 401)
        return len(pieces) == 1 and bool(np.all(np.isfinite(pieces[0].y))) and \
            pieces[0].x[0] <= low + 1e-9 and pieces[0].x[-1] >= high - 1e-9

    def defined(self, x: float) -> bool:
        """Whether f and f' are finite real numbers at x."""
        value = numeric_function(self.expression, self.variable)(np.array([x]))[0]
        return bool(np.isfinite(value)) and math.isfinite(self.slope(x))

    def ordinary_points(self) -> list[float]:
        """Points to try for a lesson at one point: ``--at`` first, then round ones where f
        is defined."""
        points = [self.at] if self.at is not None else []
        return [*points, *(p for p in NICE_POINTS if p != self.at and self.defined(p))]

    def clear_slope_points(self, low: float = 0.3, high: float = 6.0) -> list[float]:
        """:meth:`ordinary_points` whose slope is clearly neither flat nor steep, best first:
        ``--at`` stays first when it qualifies."""
        fitting = [p for p in self.ordinary_points()
                   if math.isfinite(s := self.slope(p)) and low <= abs(s) <= high]
        if self.at is not None and self.at in fitting:
            return fitting
        return sorted(fitting, key=lambda p: abs(abs(self.slope(p)) - 2.0))


def _compiled(expression: sympy.Expr, variable: sympy.Symbol) -> Any:
    """A numeric f, or one that gives NaN everywhere when numpy cannot evaluate it (the
    DiracDelta in the second derivative of abs)."""
    try:
        function = numeric_function(expression, variable)
        function(np.array([0.5]))
    except (NameError, TypeError, ValueError, ZeroDivisionError):
        return lambda values: np.full(np.shape(values), np.nan)
    return function


def _rounded(value: float) -> float:
    """A root found numerically, rounded to a short decimal when that is what it is."""
    for digits in (0, 1, 2, 3, 4, 6):
        if abs(value - round(value, digits)) < 1e-9:
            return float(round(value, digits)) + 0.0  # no -0.0
    return float(value)


def _sign_changes(values: np.ndarray, xs: np.ndarray) -> list[tuple[float, float]]:
    """Intervals of ``xs`` over which finite ``values`` change sign or touch zero."""
    found = []
    for i in range(len(xs) - 1):
        a, b = values[i], values[i + 1]
        if not (np.isfinite(a) and np.isfinite(b)):
            continue
        if a == 0.0:
            found.append((xs[i], xs[i]))
        elif a * b < 0:
            found.append((xs[i], xs[i + 1]))
    return found


def _refine(function: Any, low: float, high: float) -> float:
    """Bisect a sign change of ``function`` between ``low`` and ``high``."""
    if low == high:
        return low
    f_low = float(function(np.array([low]))[0])
    for _ in range(60):
        middle = (low + high) / 2
        f_middle = float(function(np.array([middle]))[0])
        if f_middle == 0.0:
            return middle
        if (f_middle > 0) == (f_low > 0):
            low, f_low = middle, f_middle
        else:
            high = middle
    return (low + high) / 2


def _singular_points(expression: sympy.Expr, variable: sympy.Symbol, low: float,
                     high: float) -> tuple[float, ...]:
    """Real zeros of f's denominator in [low, high] (where a limit lesson has work to do)."""
    denominator = sympy.denom(sympy.together(expression))
    if not denominator.has(variable):
        return ()
    xs = np.linspace(low, high, GRID)
    values = numeric_function(denominator, variable)(xs)
    roots = {_rounded(_refine(numeric_function(denominator, variable), a, b))
             for a, b in _sign_changes(values, xs)}
    for candidate in (0.0, *NICE_POINTS):  # a double root (x^2) does not change sign
        if low <= candidate <= high and denominator.subs(variable, sympy.Rational(candidate)) == 0:
            roots.add(candidate)
    return tuple(sorted(roots))


def survey(text: str, at: float | None = None) -> Survey:
    """Parse a function of x and find its singular, critical and minimum points near 0 (and
    near ``at``).

    Raises
    ------
    ExpressionError
        When the text is not a function the parser accepts.
    """
    x = symbol("x")
    expression = parse_expression(text, variable="x")
    low, high = -REACH, REACH
    if at is not None:
        low, high = min(low, at - 2), max(high, at + 2)
    slope = _compiled(sympy.diff(expression, x), x)
    xs = np.linspace(low, high, GRID)
    found = {_rounded(_refine(slope, a, b)) for a, b in _sign_changes(slope(xs), xs)}
    # a kink (abs at 0) also changes the slope's sign: a true critical point is flat on both sides
    critical = sorted(p for p in found
                      if float(np.max(np.abs(slope(np.array([p - 1e-6, p + 1e-6]))))) < 1e-3)
    second = _compiled(sympy.diff(expression, x, 2), x)
    minima = tuple(p for p in critical if float(second(np.array([p]))[0]) > 1e-9)
    return Survey(text=text.strip(), expression=expression, at=at,
                  singular=_singular_points(expression, x, low, high),
                  critical=tuple(critical), minima=minima, variable=x)


Suggestion = list[dict[str, Any]] | str
"""What a kind offers: candidate lesson fields, best first, or why it has nothing to offer."""


@dataclass(frozen=True)
class Plan:
    """A course for one function: its lessons' fields and the kinds left out, with why."""

    title: str
    lessons: tuple[dict[str, Any], ...]
    skipped: tuple[tuple[str, str], ...]

    def document(self, settings: dict[str, Any] | None = None) -> dict[str, Any]:
        """The course as a config document (what ``load_course`` reads from TOML)."""
        return {"course": {"title": self.title, **(settings or {})},
                "lessons": [dict(lesson) for lesson in self.lessons]}


def _first_that_computes(kind: str, candidates: Sequence[dict[str, Any]]) -> tuple[dict | None, str]:
    """The first candidate whose facts compute, or the last refusal's reason."""
    from derivanim.config import parse_course
    from derivanim.facts import lesson_facts

    reason = "no candidate"
    for fields in candidates:
        lesson = {"id": kind, "kind": kind, **fields}
        try:
            lesson_facts(parse_course({"lessons": [lesson]}).lessons[0])
        except DerivanimError as error:
            reason = str(error).split(": ", 1)[-1].removeprefix(f"lesson {kind!r}: ")
            continue
        return lesson, ""
    return None, reason


def plan_course(text: str, at: float | None = None) -> Plan:
    """Choose a lesson of every kind that applies to ``text``, with its parameters.

    Parameters
    ----------
    text : str
        A function of x, as a user types it.
    at : float, optional
        A point of interest: the lessons at one point use it when they can.

    Raises
    ------
    ExpressionError
        When the text is not a function the parser accepts.
    """
    from derivanim.kinds import REGISTRY

    found = survey(text, at)
    lessons, skipped = [], []
    for kind in REGISTRY:
        if kind.suggest is None:
            skipped.append((kind.name, "explain does not plan this kind yet"))
            continue
        offered = kind.suggest(found)
        if isinstance(offered, str):
            skipped.append((kind.name, offered))
            continue
        lesson, reason = _first_that_computes(kind.name, offered)
        if lesson is None:
            skipped.append((kind.name, reason))
        else:
            lessons.append(lesson)
    return Plan(title=f"Derivatives of {found.text}", lessons=tuple(lessons),
                skipped=tuple(skipped))


def toml_text(document: dict[str, Any]) -> str:
    """A course document written as TOML (strings, numbers, booleans and lists of them).

    Examples
    --------
    >>> print(toml_text({"course": {"title": "T"}, "lessons": [{"kind": "secant", "point": 2,
    ...                                                          "h": [1, 0.5]}]}))
    [course]
    title = "T"
    <BLANKLINE>
    [[lessons]]
    kind = "secant"
    point = 2
    h = [1, 0.5]
    <BLANKLINE>
    """
    def value(item: Any) -> str:
        if isinstance(item, bool):
            return "true" if item else "false"
        if isinstance(item, str):
            return '"' + item.replace("\\", "\\\\").replace('"', '\\"') + '"'
        if isinstance(item, (list, tuple)):
            return "[" + ", ".join(value(part) for part in item) + "]"
        if isinstance(item, float) and item.is_integer():
            return str(int(item))
        return repr(item)

    lines = ["[course]", *(f"{key} = {value(item)}" for key, item in document["course"].items()), ""]
    for lesson in document["lessons"]:
        lines += ["[[lessons]]", *(f"{key} = {value(item)}" for key, item in lesson.items()), ""]
    return "\n".join(lines)
