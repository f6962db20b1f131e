"""Derivatives computed with numbers: forward and central differences, and where they break.

A difference quotient with step h is off from f'(a) for two reasons. Truncation: the forward
quotient (f(a + h) - f(a))/h is off by about (h/2)|f''(a)| (it shrinks like h), the central
quotient (f(a + h) - f(a - h))/(2h) by about (h^2/6)|f'''(a)| (like h^2). Round-off: f(a + h)
and f(a) are stored to about eps |f(a)| (eps = 2.2e-16 in float64), and their difference is
divided by h, so below some h an error of about eps |f(a)| / h takes over and grows again.
The quotients here are computed in float64 exactly as a program would compute them (that
round-off is the point); the derivative they are compared with is exact (sympy).

Examples
--------
>>> from derivanim.expressions import parse_expression, symbol
>>> x = symbol("x")
>>> facts = numerics_facts(parse_expression("sin(x)"), x, 1.2)
>>> f"{facts.slope:.6f}", f"{facts.best_forward.h:.0e}", f"{facts.best_central.h:.0e}"
('0.362358', '1e-08', '1e-05')
>>> [f"{step.forward_error:.1e}" for step in facts.steps[:3]]
['4.7e-02', '4.7e-03', '4.7e-04']
>>> [f"{step.central_error:.1e}" for step in facts.steps[:3]]
['6.0e-04', '6.0e-06', '6.0e-08']
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
import sympy

from derivanim.analysis import exact, exact_text, show
from derivanim.errors import FieldError
from derivanim.notation import Notation
from derivanim.secants import secant_facts

EPS = float(np.finfo(np.float64).eps)
"""Machine epsilon of float64: the gap between 1 and the next float, 2.22e-16."""
DEFAULT_EXPONENTS = (-15, -1)
"""The steps h = 10^-15 ... 10^-1 of the error plot."""
DEFAULT_TABLE = (1.0, 0.3, 0.1, 0.03, 0.01)
"""The secant table's steps (the secant lesson's sine example)."""


@dataclass(frozen=True)
class QuotientRow:
    """One forward quotient of the secant table, computed exactly (sympy).

    Attributes
    ----------
    h : float
        The step.
    quotient : float
        (f(a + h) - f(a)) / h.
    error : float
        Its distance from f'(a).
    """

    h: float
    quotient: float
    error: float


@dataclass(frozen=True)
class DifferenceStep:
    """Both difference quotients at one step h = 10^exponent, computed in float64.

    Attributes
    ----------
    exponent : int
        log10 of the step.
    h : float
        The step (the float nearest 10^exponent).
    forward, central : float
        (f(a + h) - f(a))/h and (f(a + h) - f(a - h))/(2h), in float64 arithmetic.
    forward_error, central_error : float
        Their absolute errors against the exact f'(a) (0.0 when float64 lands on it exactly).
    """

    exponent: int
    h: float
    forward: float
    central: float
    forward_error: float
    central_error: float


@dataclass(frozen=True)
class BestStep:
    """The step at which one method's error is smallest.

    Attributes
    ----------
    exponent : int
        log10 of that step.
    h : float
        The step.
    error : float
        The error there.
    """

    exponent: int
    h: float
    error: float


@dataclass(frozen=True)
class ErrorGuide:
    """A predicted error ``coefficient * h**order`` (a straight line of slope ``order`` on
    log-log axes).

    Attributes
    ----------
    order : int
        The power of h: 1 for the forward truncation error, 2 for the central one, -1 for
        round-off.
    coefficient : float
        |f''(a)|/2, |f'''(a)|/6, or eps |f(a)|.
    """

    order: int
    coefficient: float

    def at(self, h: float) -> float:
        """The predicted error at step h.

        Examples
        --------
        >>> ErrorGuide(order=2, coefficient=0.5).at(0.1)
        0.005000000000000001
        """
        return self.coefficient * h ** self.order


@dataclass(frozen=True)
class NumericsFacts:
    """Everything a numerics lesson shows.

    Attributes
    ----------
    x, y : float
        The point a and f(a).
    derivative : str
        f'(x) as text.
    slope : float
        The exact f'(a), to full float precision.
    slope_exact : str
        f'(a) in exact form (``'cos(6/5)'``).
    second, third : float
        f''(a) and f'''(a).
    table : tuple of QuotientRow
        The secant table: forward quotients at the configured table steps.
    steps : tuple of DifferenceStep
        Both quotients and their errors at h = 10^-1 ... 10^-15 (the configured range), from
        the largest step down.
    best_forward, best_central : BestStep
        Where each method's error is smallest.
    forward_guide, central_guide : ErrorGuide or None
        The predicted truncation errors (h/2)|f''(a)| and (h^2/6)|f'''(a)|; None when that
        derivative is 0 at a (the error then shrinks faster, and no guide is drawn).
    roundoff : ErrorGuide or None
        The round-off floor eps |f(a)| / h; None when f(a) = 0 (round-off is then far smaller).
    eps : float
        Machine epsilon of float64.
    x_exact : str
        The point as the author gave it, exactly (``"pi/2"``, ``"1"``).
    notation : Notation
        The lesson's letters (f and x unless its config names them).
    """

    x: float
    y: float
    derivative: str
    slope: float
    slope_exact: str
    second: float
    third: float
    table: tuple[QuotientRow, ...]
    steps: tuple[DifferenceStep, ...]
    best_forward: BestStep
    best_central: BestStep
    forward_guide: ErrorGuide | None
    central_guide: ErrorGuide | None
    roundoff: ErrorGuide | None
    eps: float
    x_exact: str = ""
    notation: Notation = Notation()


def float64_function(expression: sympy.Expr, variable: sympy.Symbol) -> Callable[[float], float]:
    """Compile f for float64 arithmetic, as a program would evaluate it (NaN off its domain).

    Unlike :func:`derivanim.sampling.numeric_function` it never goes through complex numbers,
    so each value is exactly what numpy's float64 functions return.

    Examples
    --------
    >>> from derivanim.expressions import parse_expression, symbol
    >>> f = float64_function(parse_expression("sqrt(x)"), symbol("x"))
    >>> f(4.0), f(-1.0)
    (2.0, nan)
    """
    compiled = sympy.lambdify(variable, expression, modules="numpy")

    def evaluate(value: float) -> float:
        with np.errstate(all="ignore"):
            result = compiled(np.float64(value))
        return float(np.float64(result)) if np.isrealobj(result) else math.nan

    return evaluate


def forward_difference(f: Callable[[float], float], a: float, h: float) -> float:
    """(f(a + h) - f(a)) / h in float64.

    Examples
    --------
    >>> forward_difference(lambda x: x * x, 3.0, 0.5)
    6.5
    """
    return (f(a + h) - f(a)) / h


def central_difference(f: Callable[[float], float], a: float, h: float) -> float:
    """(f(a + h) - f(a - h)) / (2h) in float64.

    Examples
    --------
    >>> round(central_difference(lambda x: x * x, 1.0, 1e-5), 10)
    2.0
    >>> round(central_difference(lambda x: x * x, 3.0, 1e-5), 10)
    6.0
    """
    return (f(a + h) - f(a - h)) / (2 * h)


def step_of(exponent: int) -> float:
    """The float nearest 10^exponent (as the literal ``1e-8`` is).

    Examples
    --------
    >>> step_of(-8), step_of(-1)
    (1e-08, 0.1)
    """
    return float(f"1e{exponent}")


def derivative_at(expression: sympy.Expr, variable: sympy.Symbol, point: sympy.Expr,
                  order: int) -> float:
    """The ``order``-th derivative of f at a point as a float (NaN where it does not exist).

    Examples
    --------
    >>> from derivanim.expressions import parse_expression, symbol
    >>> x = symbol("x")
    >>> derivative_at(parse_expression("x^3"), x, sympy.Integer(2), 2)
    12.0
    >>> derivative_at(parse_expression("x^2"), x, sympy.Integer(2), 3)
    0.0
    >>> derivative_at(parse_expression("x^(5/2)"), x, sympy.Integer(0), 3)
    nan
    """
    value = sympy.N(sympy.diff(expression, variable, order).subs(variable, point), 30)
    if not (value.is_Number and value.is_real and value.is_finite):
        return math.nan
    return float(value)


def _best(steps: Sequence[DifferenceStep], error: Callable[[DifferenceStep], float]) -> BestStep:
    chosen = min(steps, key=error)  # the first (largest) step on a tie
    return BestStep(exponent=chosen.exponent, h=chosen.h, error=error(chosen))


def _guide(order: int, coefficient: float) -> ErrorGuide | None:
    if not (math.isfinite(coefficient) and coefficient > 0):
        return None
    return ErrorGuide(order=order, coefficient=coefficient)


def numerics_facts(
    expression: sympy.Expr,
    variable: sympy.Symbol,
    point: float,
    exponents: tuple[int, int] = DEFAULT_EXPONENTS,
    table: Sequence[float] = DEFAULT_TABLE,
) -> NumericsFacts:
    """Forward and central differences of f at ``point`` for h = 10^high ... 10^low.

    Parameters
    ----------
    expression : sympy.Expr
        The function f.
    variable : sympy.Symbol
        Its variable.
    point : float
        The point a (f must be defined and differentiable there).
    exponents : pair of int
        The lowest and highest exponent of the steps h = 10^k.
    table : sequence of float
        The steps of the secant table.

    Raises
    ------
    FieldError
        For ``point`` where f has no derivative (as the secant lesson refuses it), for
        ``table_h[i]`` where f(a + h) is undefined, and for ``h_exponents`` when f(a + h) or
        f(a - h) cannot be computed in float64 at one of the steps.

    Examples
    --------
    >>> from derivanim.expressions import parse_expression, symbol
    >>> x = symbol("x")
    >>> facts = numerics_facts(parse_expression("sin(x)"), x, 1.2)
    >>> [round(row.quotient, 4) for row in facts.table]
    [-0.1235, 0.2182, 0.3152, 0.3483, 0.3577]
    >>> numerics_facts(parse_expression("sqrt(x)"), x, -1)
    Traceback (most recent call last):
    ...
    derivanim.errors.FieldError: point: x = -1 is outside the domain of f (f(x) is not a real number there)
    """
    try:
        secants = secant_facts(expression, variable, point, table)
    except FieldError as error:
        field = error.field.replace("h[", "table_h[")
        raise FieldError(field, error.reason) from None
    a = exact(point)
    second, third = derivative_at(expression, variable, a, 2), derivative_at(expression, variable, a, 3)
    f = float64_function(expression, variable)
    x = float(point)
    fx = f(x)
    steps = []
    low, high = exponents
    for exponent in range(high, low - 1, -1):
        h = step_of(exponent)
        forward, central = forward_difference(f, x, h), central_difference(f, x, h)
        if not (math.isfinite(forward) and math.isfinite(central) and math.isfinite(fx)):
            raise FieldError("h_exponents", f"f cannot be computed in float64 at "
                             f"x = {show(x)} ± {h:.0e}; choose a smaller largest step")
        steps.append(DifferenceStep(exponent=exponent, h=h, forward=forward, central=central,
                          forward_error=abs(forward - secants.slope),
                          central_error=abs(central - secants.slope)))
    return NumericsFacts(
        x_exact=exact_text(point),
        x=x,
        y=secants.y,
        derivative=secants.derivative,
        slope=secants.slope,
        slope_exact=secants.slope_exact,
        second=second,
        third=third,
        table=tuple(QuotientRow(h=s.h, quotient=s.slope, error=abs(s.slope - secants.slope))
                    for s in secants.secants),
        steps=tuple(steps),
        best_forward=_best(steps, lambda step: step.forward_error),
        best_central=_best(steps, lambda step: step.central_error),
        forward_guide=_guide(1, abs(second) / 2),
        central_guide=_guide(2, abs(third) / 6),
        roundoff=_guide(-1, EPS * abs(secants.y)),
        eps=EPS,
    )
