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

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

import sympy

from derivanim.analysis import exact, show, showable, slope_at, to_float, value_at
from derivanim.expressions import to_text

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
        positive (f increasing) | negative (decreasing) | zero (flat).
    """

    x: float
    y: float
    slope: float
    sign: Sign


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
    """

    derivative: str
    derivative_latex: str
    points: tuple[SlopePoint, ...]


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
        rows.append(SlopePoint(x=float(a), y=to_float(y), slope=to_float(slope), sign=sign_of(slope)))
    return SlopeFacts(
        derivative=to_text(derivative),
        derivative_latex=sympy.latex(derivative),
        points=tuple(rows),
    )
