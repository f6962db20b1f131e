"""Limits at a point: what nearby values do, whether both sides agree, what value emerges.

A ``limit`` lesson exists to approach points where f misbehaves, so nothing here refuses a
point: a hole, a jump, a blow-up or an oscillation is classified instead.

Examples
--------
>>> from derivanim.expressions import parse_expression, symbol
>>> x = symbol("x")
>>> facts = limit_facts(parse_expression("sin(x)/x"), x, 0)
>>> facts.limit, facts.behaviour, facts.value
(1.0, 'removable', None)
>>> [round(row.value, 4) for row in facts.table]
[0.8415, 0.9589, 0.9983, 0.9983, 0.9589, 0.8415]
>>> limit_facts(parse_expression("abs(x)/x"), x, 0).behaviour
'jump'
"""

from __future__ import annotations

import math
import signal
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Literal

import numpy as np
import sympy

from derivanim.analysis import PRECISION, exact, exact_text
from derivanim.notation import Notation
from derivanim.sampling import NumericFunction

Behaviour = Literal["continuous", "removable", "jump", "infinite", "oscillating"]
SYMBOLIC_SECONDS = 2.0
"""Time allowed for sympy to find one one-sided limit before falling back to numerics."""
DEFAULT_SAMPLES = (1.0, 0.5, 0.1)
"""Distances from the point at which the table samples f, on both sides."""


@dataclass(frozen=True)
class TableRow:
    """One row of the table of nearby values.

    Attributes
    ----------
    x : float
        Where f was sampled.
    value : float or None
        f(x), or None where f is undefined or not real.
    """

    x: float
    value: float | None


@dataclass(frozen=True)
class LimitFacts:
    """Everything a limit lesson shows.

    Attributes
    ----------
    point : float
        The point approached.
    value : float or None
        f(point) itself, None where f is undefined there.
    left, right : float or None
        The one-sided limits; ``math.inf`` or ``-math.inf`` for a blow-up, None when no value
        emerges (oscillation).
    limit : float or None
        The two-sided limit when it exists and is finite.
    exists : bool
        Whether a finite two-sided limit exists.
    behaviour : str
        continuous | removable | jump | infinite | oscillating.
    table : tuple of TableRow
        Nearby values, sorted by x.
    limit_exact : str or None
        The limit in exact form (sympy text) when sympy found it.
    point_exact : str
        The point as the author gave it, exactly (``"pi/2"``, ``"0"``).
    notation : Notation
        The lesson's letters (f and x unless its config names them).
    """

    point: float
    value: float | None
    left: float | None
    right: float | None
    limit: float | None
    exists: bool
    behaviour: Behaviour
    table: tuple[TableRow, ...]
    limit_exact: str | None
    point_exact: str = ""
    notation: Notation = Notation()


class _Timeout(Exception):
    pass


@contextmanager
def _time_limit(seconds: float) -> Iterator[None]:
    """Interrupt the block after ``seconds`` (main thread only; elsewhere, no limit)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def interrupt(signum: int, frame: object) -> None:
        raise _Timeout

    previous = signal.signal(signal.SIGALRM, interrupt)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _sample(expression: sympy.Expr, variable: sympy.Symbol, at: sympy.Expr) -> float | None:
    value = sympy.N(expression.subs(variable, at), PRECISION)
    if value.is_Number and value.is_finite and value.is_real:
        return float(value)
    return None


def _numeric_side(expression: sympy.Expr, variable: sympy.Symbol, point: sympy.Expr,
                  direction: int) -> float | None:
    """Estimate a one-sided limit from values at distances 1e-4 ... 1e-12."""
    # Floats, not exact rationals: sympy expands (1 - 10^-12)^(1 - 10^-12) exactly, for ever.
    nearby = [sympy.N(point + direction * sympy.Rational(1, 10**k), PRECISION + 30)
              for k in range(4, 13, 2)]
    values = [_sample(expression, variable, at) for at in nearby]
    if any(v is None for v in values):
        return None
    finite = [float(v) for v in values if v is not None]
    magnitudes = [abs(v) for v in finite]
    if all(b > 10 * a for a, b in zip(magnitudes, magnitudes[1:])) and magnitudes[-1] > 1e6:
        return math.copysign(math.inf, finite[-1])
    if abs(finite[-1] - finite[-2]) <= 1e-6 * (1 + abs(finite[-1])):
        # f(a + d) ~ L + c d: extrapolate from d = 1e-10 and 1e-12 to d = 0, or a smooth f
        # would differ by 2c 1e-12 between its sides and be taken for a jump.
        return finite[-1] + (finite[-1] - finite[-2]) / 99
    return None


def one_sided_limit(
    expression: sympy.Expr, variable: sympy.Symbol, point: sympy.Expr, direction: int
) -> tuple[float | None, sympy.Expr | None]:
    """Find the limit from one side: sympy first, high-precision sampling as a fallback.

    Parameters
    ----------
    expression, variable : sympy objects
        The function and its variable.
    point : sympy.Expr
        The exact point approached.
    direction : {-1, 1}
        -1 approaches from the left, 1 from the right.

    Returns
    -------
    value : float or None
        The limit, ``±math.inf`` for a blow-up, None when no single value emerges.
    exact_value : sympy.Expr or None
        The exact limit when sympy found a finite one.

    Examples
    --------
    >>> from derivanim.expressions import parse_expression, symbol
    >>> x = symbol("x")
    >>> one_sided_limit(parse_expression("1/x"), x, sympy.Integer(0), -1)
    (-inf, None)
    >>> one_sided_limit(parse_expression("sin(1/x)"), x, sympy.Integer(0), 1)
    (None, None)
    """
    try:
        with _time_limit(SYMBOLIC_SECONDS):
            found = sympy.limit(expression, variable, point, "+" if direction > 0 else "-")
    except (_Timeout, NotImplementedError, ValueError, TypeError, RecursionError):
        found = None
    if found is not None:
        if found in (sympy.oo, -sympy.oo):
            return (math.inf if found == sympy.oo else -math.inf), None
        if found.is_number and not found.has(sympy.AccumBounds, sympy.zoo, sympy.nan):
            number = sympy.N(found, PRECISION)
            if number.is_real and number.is_finite:
                return float(number), found
        if found.has(sympy.AccumBounds):
            return None, None
    return _numeric_side(expression, variable, point, direction), None


def _agree(left: float, right: float) -> bool:
    return abs(left - right) <= 1e-12 * (1 + abs(left))


def limit_facts(
    expression: sympy.Expr,
    variable: sympy.Symbol,
    point: float,
    samples: Sequence[float] = DEFAULT_SAMPLES,
) -> LimitFacts:
    """Classify how f behaves as its input approaches ``point``.

    Parameters
    ----------
    expression : sympy.Expr
        The function f.
    variable : sympy.Symbol
        Its variable.
    point : float
        The point approached (converted exactly, so 0.1 means 1/10).
    samples : sequence of float
        Positive distances from the point for the table of values, taken on both sides.

    Returns
    -------
    LimitFacts

    Examples
    --------
    >>> from derivanim.expressions import parse_expression, symbol
    >>> x = symbol("x")
    >>> f = limit_facts(parse_expression("1/x^2"), x, 0)
    >>> f.left, f.right, f.limit, f.exists, f.behaviour
    (inf, inf, None, False, 'infinite')
    >>> limit_facts(parse_expression("sin(1/x)"), x, 0).behaviour
    'oscillating'
    >>> limit_facts(parse_expression("x^2"), x, 3).behaviour
    'continuous'
    """
    at = exact(point)
    left, left_exact = one_sided_limit(expression, variable, at, -1)
    right, right_exact = one_sided_limit(expression, variable, at, 1)
    value = _sample(expression, variable, at)
    limit: float | None = None
    exists = False
    if left is None or right is None:
        behaviour: Behaviour = "oscillating"
    elif math.isinf(left) or math.isinf(right):
        behaviour = "infinite"
    elif not _agree(left, right):
        behaviour = "jump"
    else:
        limit, exists = right, True
        behaviour = "continuous" if value is not None and _agree(value, right) else "removable"
    distances = sorted({exact(d) for d in samples})
    table = tuple(
        TableRow(float(at + offset), _sample(expression, variable, at + offset))
        for offset in [-d for d in reversed(distances)] + distances
    )
    exact_limit = right_exact if exists and right_exact is not None else None
    return LimitFacts(
        point=float(at),
        value=value,
        left=left,
        right=right,
        limit=limit,
        exists=exists,
        behaviour=behaviour,
        table=table,
        limit_exact=sympy.sstr(exact_limit) if exact_limit is not None else None,
        point_exact=exact_text(point),
    )


# ---- the walk towards the point --------------------------------------------------------------
HUGE = 1e5
"""Values beyond this are not walked into: a readout would need too many digits."""


def closer_target(function: NumericFunction, point: float, side: int, nearest: float,
                  factor: float, one_sided: float | None) -> float | None:
    """Where the last step of a walk towards ``point`` ends: ``factor`` times closer than the
    nearest table point, or None when f blows up on the way.

    Parameters
    ----------
    function : callable
        f, vectorised (NaN where undefined).
    point : float
        The point the walk approaches.
    side : {-1, 1}
        -1 for the walk from the left, 1 from the right.
    nearest : float
        Distance from the point of the table's nearest row.
    factor : float
        How many times closer than ``nearest`` the walk ends.
    one_sided : float or None
        The one-sided limit on that side: an infinite one means the walk stops at the table.

    Examples
    --------
    >>> closer_target(lambda xs: xs ** 2, 0.0, -1, 0.1, 10.0, 0.0)
    -0.01
    >>> closer_target(lambda xs: 1 / xs, 0.0, 1, 0.1, 10.0, math.inf) is None
    True
    >>> closer_target(lambda xs: 1 / xs ** 3, 0.0, 1, 0.1, 10.0, None) is None
    True
    """
    if one_sided is not None and math.isinf(one_sided):
        return None
    start = point + side * nearest
    end = point + side * nearest / factor
    ys = function(np.linspace(start, end, 400))
    if np.any(np.abs(ys[np.isfinite(ys)]) > HUGE):
        return None
    return end


def edge_crossing(xs: np.ndarray, ys: np.ndarray, low: float, high: float, edge: float) -> float:
    """Where a sampled curve first leaves the window ``low <= y <= high``, through ``edge``.

    The samples run from a point inside the window; the crossing is interpolated between the
    last sample inside and the first outside (or the last one, if none is outside), and falls
    back to the last sample inside when either value is not finite or they are equal.

    Examples
    --------
    >>> xs = np.array([0.0, 1.0, 2.0, 3.0])
    >>> edge_crossing(xs, np.array([0.0, 2.0, 6.0, 9.0]), -5.0, 5.0, 5.0)
    1.75
    >>> edge_crossing(xs, np.array([0.0, 2.0, np.nan, 9.0]), -5.0, 5.0, 5.0)
    1.0
    """
    outside = ~np.isfinite(ys) | (ys < low) | (ys > high)
    k = int(np.argmax(outside)) if outside.any() else len(xs) - 1
    k = max(k, 1)
    y0, y1 = float(ys[k - 1]), float(ys[k])
    if not (math.isfinite(y0) and math.isfinite(y1)) or y1 == y0:
        return float(xs[k - 1])
    t = min(max((edge - y0) / (y1 - y0), 0.0), 1.0)
    return float(xs[k - 1] + t * (xs[k] - xs[k - 1]))
