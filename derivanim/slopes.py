"""Local slopes along a curve, their signs, and the derivative as a function of its own.

Examples
--------
>>> from derivanim.expressions import parse_expression, symbol
>>> x = symbol("x")
>>> facts = slope_facts(parse_expression("x^3 - 3x"), x, [-1, 0, 1.5])
>>> facts.derivative
'3*x^2 - 3'
>>> [(p.x, p.slope, p.sign) for p in facts.points]
[(-1.0, 0.0, 'zero'), (0.0, -3.0, 'negative'), (1.5, 3.75, 'positive')]
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

import sympy

from derivanim.analysis import exact, exact_text, show, showable, slope_at, to_float, value_at
from derivanim.expressions import to_text
from derivanim.notation import Notation
from derivanim.numbers import honest_decimals, number, significant_decimals
from derivanim.viewport import nice_step

Sign = Literal["positive", "negative", "zero"]
DEFAULT_POINTS = (-1.0, 0.0, 1.5)
"""Where the default cubic's tangent is flat, falling and rising."""


@dataclass(frozen=True)
class SlopePoint:
    """The slope of f at one point and what its sign says.

    Attributes
    ----------
    x, y : float
        The point on the curve.
    slope : float
        f'(x) at full float precision.
    sign : str
        positive (f increasing) | negative (decreasing) | zero (flat), from the exact slope.
    x_exact : str
        The point as the author gave it, exactly (``"pi/2"``, ``"1.5708"``).
    """

    x: float
    y: float
    slope: float
    sign: Sign
    x_exact: str = ""


@dataclass(frozen=True)
class SlopeFacts:
    """Everything a slopes lesson shows.

    Attributes
    ----------
    derivative : str
        f'(x) as text.
    derivative_latex : str
        f'(x) as LaTeX, for the traced graph's label.
    points : tuple of SlopePoint
        The configured points, in order.
    notation : Notation
        The lesson's letters (f and x unless its config names them).
    """

    derivative: str
    derivative_latex: str
    points: tuple[SlopePoint, ...]
    notation: Notation = Notation()


def sign_of(slope: sympy.Expr) -> Sign:
    """Name the sign of an exact slope.

    Examples
    --------
    >>> sign_of(sympy.Integer(0)), sign_of(sympy.Rational(-1, 3)), sign_of(sympy.cos(1))
    ('zero', 'negative', 'positive')
    """
    value = to_float(slope)
    if slope == 0 or value == 0.0:
        return "zero"
    return "positive" if value > 0 else "negative"


def slope_facts(
    expression: sympy.Expr, variable: sympy.Symbol, points: Sequence[float]
) -> SlopeFacts:
    """Compute f' and the slope with its sign at each point.

    Parameters
    ----------
    expression : sympy.Expr
        The function f.
    variable : sympy.Symbol
        Its variable.
    points : sequence of float
        Where to read the slope (each must be in f's domain, with f differentiable there).

    Returns
    -------
    SlopeFacts

    Raises
    ------
    FieldError
        For ``points[i]`` where f is undefined or not differentiable.

    Examples
    --------
    >>> from derivanim.expressions import parse_expression, symbol
    >>> x = symbol("x")
    >>> [p.slope for p in slope_facts(parse_expression("x^2"), x, [-2, 0, 1, 1.2, 3]).points]
    [-4.0, 0.0, 2.0, 2.4, 6.0]
    """
    derivative = sympy.diff(expression, variable)
    rows = []
    for index, point in enumerate(points):
        a = exact(point)
        field = f"points[{index}]"
        y = value_at(expression, variable, a, field)
        slope = slope_at(expression, variable, a, field)
        showable(to_float(y), field, f"f({show(a)})")
        showable(to_float(slope), field, f"f'({show(a)})")
        rows.append(SlopePoint(x=float(a), y=to_float(y), slope=to_float(slope), sign=sign_of(slope),
                               x_exact=exact_text(point)))
    return SlopeFacts(
        derivative=to_text(derivative),
        derivative_latex=sympy.latex(derivative),
        points=tuple(rows),
    )


# ---- what the lesson shows ---------------------------------------------------------------
STEEP = 5.0
"""A slope at least this large (in size) is read as steep."""


def sweep_range(points: Sequence[float], pad: float = 0.75) -> tuple[float, float, float]:
    """An x range around the points: whole ticks on the left, a little room on the right.

    The left end is a multiple of the tick step (the axes start their ticks there); the right
    end stays close to the last point, so a fast-growing f does not flatten the picture.

    Examples
    --------
    >>> sweep_range([-1, 0, 1.5])
    (-2.0, 2.25, 1.0)
    >>> sweep_range([0, 2.2, 5])
    (-2.0, 6.5, 2.0)
    """
    low, high = min(points), max(points)
    pad = max(pad, 0.3 * (high - low))
    step = nice_step(high - low + 2 * pad)
    start = math.floor((low - pad) / step + 1e-9) * step
    return float(round(start, 12)), float(round(high + pad, 12)), step


def slope_decimals(slopes: Sequence[float]) -> int:
    """Decimals that show every slope to 3-4 significant digits: at least 2, at most 4, and
    more when a tiny nonzero slope would otherwise read 0 (its sign must show).

    Examples
    --------
    >>> slope_decimals([0.0, -3.0, 3.75]), slope_decimals([0.9, 2.5, 0.539]), slope_decimals([0.05])
    (2, 3, 4)
    >>> slope_decimals([-3.6732e-06, 1.0])
    7
    """
    return honest_decimals(slopes, significant_decimals(slopes, 3, least=2, most=4))


def reading(point: SlopePoint, n: Notation = Notation()) -> tuple[tuple[str, str], str]:
    """What the sign of the slope says: short lines for the screen (a fallback for narrow
    frames) and a caption.

    Examples
    --------
    >>> reading(SlopePoint(x=-1.0, y=2.0, slope=0.0, sign="zero"))[0]
    ('Slope 0: flat. A peak or dip may be near.', 'Slope 0: flat here.')
    >>> reading(SlopePoint(x=0.0, y=0.0, slope=-3.0, sign="negative"))[0]
    ('Slope -3 < 0: f is decreasing.', 'Slope -3: decreasing.')
    >>> reading(SlopePoint(x=1.5, y=-1.125, slope=3.75, sign="positive"))[0][0]
    'Slope 3.75 > 0: f is increasing.'
    >>> reading(SlopePoint(x=1.0, y=5.0, slope=10.0, sign="positive"), Notation("s", "t"))[1][:44]
    'At t = 1 the slope is 10. A positive slope m'
    """
    x, s, f = number(point.x), number(point.slope), n.name
    if point.sign == "zero":
        caption = (f"At {n.at(x)} the tangent is flat: the slope is 0. Here {f} is neither rising "
                   "nor falling, so a maximum, a minimum or a plateau may be near.")
        return ("Slope 0: flat. A peak or dip may be near.", "Slope 0: flat here."), caption
    direction = "increasing" if point.sign == "positive" else "decreasing"
    moves = "up" if point.sign == "positive" else "down"
    caption = (f"At {n.at(x)} the slope is {s}. A {point.sign} slope means {f} is {direction}: "
               f"nudge {n.variable} to the right and {f} goes {moves}.")
    if abs(point.slope) >= STEEP:
        caption += " It is steep, too: a small error in the input makes a big swing in the output."
    relation = ">" if point.sign == "positive" else "<"
    return (f"Slope {s} {relation} 0: {f} is {direction}.", f"Slope {s}: {direction}."), caption
