"""The log-log error plot of the numerics lesson: its window, and where each error is drawn.

The plot's x is log10 h and its y is log10 |quotient - f'(a)|. An error of exactly 0 (float64
can land on f'(a)) has no logarithm: it is drawn on the bottom edge, flagged as clipped, so the
scene can mark it hollow and say so.

Examples
--------
>>> from derivanim.expressions import parse_expression, symbol
>>> from derivanim.numerics import numerics_facts
>>> facts = numerics_facts(parse_expression("x^2"), symbol("x"), 0)
>>> zero_errors(facts), error_view(facts).floor
(15, -16.0)
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from derivanim.numerics import NumericsFacts


@dataclass(frozen=True)
class ErrorView:
    """The log-log window of the error plot: x is log10 h, y is log10 error.

    Attributes
    ----------
    x_range, y_range : tuple of float
        (low, high, tick step) of each axis.
    floor : float
        The y an error of exactly 0 is drawn at (the bottom edge: log10 0 does not exist).
    """

    x_range: tuple[float, float, float]
    y_range: tuple[float, float, float]
    floor: float


def _nice(span: float) -> float:
    for step in (1.0, 2.0, 5.0, 10.0, 20.0, 50.0):
        if span / step <= 8:
            return step
    return 100.0


def error_view(facts: NumericsFacts) -> ErrorView:
    """The window that shows every error of both methods, with a decade of room below the
    smallest (exact zeros sit on that bottom edge).

    Examples
    --------
    >>> from derivanim.expressions import parse_expression, symbol
    >>> from derivanim.numerics import numerics_facts
    >>> view = error_view(numerics_facts(parse_expression("sin(x)"), symbol("x"), 1.2))
    >>> view.x_range, view.y_range, view.floor
    ((-15.5, -0.5, 2.0), (-14.0, 0.0, 2.0), -14.0)
    """
    exponents = [step.exponent for step in facts.steps]
    errors = [e for step in facts.steps for e in (step.forward_error, step.central_error) if e > 0]
    logs = [math.log10(e) for e in errors] or [-16.0]
    low, high = math.floor(min(logs)) - 1, math.ceil(max(logs))
    high = max(high, low + 2)
    step = _nice(high - low)
    low, high = math.floor(low / step) * step, math.ceil(high / step) * step
    x_step = _nice(max(exponents) - min(exponents))
    return ErrorView(x_range=(min(exponents) - 0.5, max(exponents) + 0.5, x_step),
                     y_range=(float(low), float(high), step), floor=float(low))


def error_point(view: ErrorView, exponent: int, error: float) -> tuple[float, float, bool]:
    """Where an error is drawn, (log10 h, log10 error), and whether it was clipped to the floor.

    Examples
    --------
    >>> view = ErrorView((-15.5, -0.5, 2.0), (-14.0, 0.0, 2.0), -14.0)
    >>> error_point(view, -3, 1e-4), error_point(view, -9, 0.0)
    ((-3.0, -4.0, False), (-9.0, -14.0, True))
    """
    if error <= 0 or math.log10(error) < view.floor:
        return float(exponent), view.floor, True
    return float(exponent), math.log10(error), False


def zero_errors(facts: NumericsFacts) -> int:
    """How many errors (of either method) are exactly 0 in float64.

    Examples
    --------
    >>> from derivanim.expressions import parse_expression, symbol
    >>> from derivanim.numerics import numerics_facts
    >>> zero_errors(numerics_facts(parse_expression("sin(x)"), symbol("x"), 1.2))
    0
    """
    return sum((step.forward_error == 0) + (step.central_error == 0) for step in facts.steps)
