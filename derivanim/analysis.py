"""Exact values and derivatives at a point, with honest refusals where they do not exist.

Every lesson except ``limit`` needs f to be defined, finite, real and differentiable at the
points it shows. These helpers compute f(a) and f'(a) exactly with sympy when they can, check
the derivative against high-precision one-sided difference quotients (which catches kinks such
as ``abs(x)`` at 0, where sympy's symbolic derivative ``sign(0) = 0`` would quietly lie), and
raise :class:`~derivanim.errors.FieldError` with a plain reason otherwise.

Examples
--------
>>> from derivanim.expressions import parse_expression, symbol
>>> x = symbol("x")
>>> value_at(parse_expression("x^2"), x, exact(1.5), "point")
9/4
>>> slope_at(parse_expression("sin(x)"), x, exact(1.2), "point")
cos(6/5)
>>> slope_at(parse_expression("abs(x)"), x, exact(0), "point")
Traceback (most recent call last):
...
derivanim.errors.FieldError: point: f is not differentiable at x = 0 (slope from the left -1, from the right 1)
"""

from __future__ import annotations

import math

import sympy

from derivanim.errors import FieldError
from derivanim.expressions import ExactNumber

PRECISION = 50
"""Decimal digits used for numerical checks."""
PROBE_STEPS = (sympy.Rational(1, 10**20), sympy.Rational(1, 10**24))
"""Steps of the one-sided difference quotients that confirm a derivative: a true slope gives
the same quotient at both, a jump or a vertical tangent does not."""
TOLERANCE = 1e-9
"""Relative agreement required between a symbolic slope and its one-sided estimates."""


def exact(value: float | int) -> sympy.Expr:
    """Convert a config number to the exact number it denotes: a decimal's rational, or the
    exact value of a point written as an expression (``"pi/2"``).

    Parameters
    ----------
    value : float or int
        A number as read from TOML, e.g. ``1.2``.

    Returns
    -------
    sympy.Rational
        ``1.2`` becomes ``6/5`` (not the binary float nearest to it).

    Examples
    --------
    >>> from derivanim.expressions import exact_number
    >>> exact(1.2), exact(2), exact(-0.25), exact(exact_number("pi/2", "point"))
    (6/5, 2, -1/4, pi/2)
    """
    if isinstance(value, ExactNumber):
        return value.exact
    if isinstance(value, int):
        return sympy.Integer(value)
    return sympy.Rational(repr(float(value)))


def show(value: sympy.Expr | float) -> str:
    """Format a point for messages: exact rationals as short decimals.

    Examples
    --------
    >>> show(sympy.Rational(6, 5)), show(sympy.Integer(0)), show(1e-9)
    ('1.2', '0', '1e-09')
    """
    number = float(value)
    return f"{number:.10g}"


def exact_text(value: float | int) -> str:
    """A config point as its exact value reads: the expression the author wrote (``"pi/2"``)
    or the decimal (``"1.5708"``), for the facts' ``x_exact`` beside the float ``x``.

    Examples
    --------
    >>> from derivanim.expressions import exact_number
    >>> exact_text(exact_number("pi/2", "point")), exact_text(1.5708), exact_text(2)
    ('pi/2', '1.5708', '2')
    """
    if isinstance(value, ExactNumber):
        return value.text
    return show(exact(value)) if isinstance(value, int) else repr(float(value))


def to_float(value: sympy.Expr) -> float:
    """Evaluate an exact, finite, real sympy number to the nearest float.

    Examples
    --------
    >>> to_float(sympy.cos(sympy.Rational(6, 5)))
    0.36235775447667357
    """
    return float(sympy.N(value, PRECISION))


def _numeric(expression: sympy.Expr) -> sympy.Expr:
    return sympy.N(expression, PRECISION)


def _is_finite_real(number: sympy.Expr) -> bool:
    if not number.is_Number:
        return False
    return bool(number.is_finite) and bool(number.is_real)


def value_at(
    expression: sympy.Expr, variable: sympy.Symbol, point: sympy.Expr, field: str
) -> sympy.Expr:
    """Return f(point) exactly, or refuse if f is undefined, infinite or not real there.

    Parameters
    ----------
    expression : sympy.Expr
        The function f.
    variable : sympy.Symbol
        Its variable.
    point : sympy.Expr
        Where to evaluate it (an exact number).
    field : str
        The config field that supplied the point, for the error message.

    Returns
    -------
    sympy.Expr
        The exact value, e.g. ``sin(6/5)``.

    Raises
    ------
    FieldError
        With the reason: undefined (0/0), singular (blows up), or outside the domain.

    Examples
    --------
    >>> from derivanim.expressions import parse_expression, symbol
    >>> x = symbol("x")
    >>> value_at(parse_expression("1/x"), x, exact(0), "point")
    Traceback (most recent call last):
    ...
    derivanim.errors.FieldError: point: f is singular at x = 0 (it blows up there)
    >>> value_at(parse_expression("log(x)"), x, exact(-1), "point")
    Traceback (most recent call last):
    ...
    derivanim.errors.FieldError: point: x = -1 is outside the domain of f (f(x) is not a real number there)
    """
    value = expression.subs(variable, point)
    where = f"x = {show(point)}" if variable.name == "x" else f"{variable.name} = {show(point)}"
    if value.has(sympy.nan):
        raise FieldError(field, f"f is undefined at {where} (0/0 or similar)")
    if value.has(sympy.zoo, sympy.oo, -sympy.oo):
        raise FieldError(field, f"f is singular at {where} (it blows up there)")
    number = _numeric(value)
    if not number.is_Number and number.as_real_imag()[1] != 0:
        raise FieldError(
            field, f"{where} is outside the domain of f (f(x) is not a real number there)"
        )
    if not _is_finite_real(number):
        if number.has(sympy.zoo, sympy.oo, -sympy.oo, sympy.nan):
            raise FieldError(field, f"f is singular at {where} (it blows up there)")
        raise FieldError(field, f"f has no numeric value at {where}")
    return value


def one_sided_slopes(
    expression: sympy.Expr, variable: sympy.Symbol, point: sympy.Expr, field: str
) -> tuple[float, float]:
    """Estimate the left and right slopes at a point from tiny difference quotients.

    Each side's quotient is taken at two tiny steps (1e-20 and 1e-24, at 50-digit precision,
    so rounding does not swamp them). If the two disagree, the slope on that side is not finite
    (a jump or a vertical tangent) and ``nan`` is returned for it.

    Examples
    --------
    >>> from derivanim.expressions import parse_expression, symbol
    >>> x = symbol("x")
    >>> left, right = one_sided_slopes(parse_expression("abs(x - 1)"), x, exact(1), "point")
    >>> round(left, 12), round(right, 12)
    (-1.0, 1.0)
    >>> one_sided_slopes(parse_expression("sign(x)"), x, exact(0), "point")
    (nan, nan)
    """
    centre = value_at(expression, variable, point, field)
    slopes = []
    for direction in (-1, 1):
        estimates = []
        for step in PROBE_STEPS:
            # An 80-digit float, not the exact rational: sympy would expand powers such as
            # (1 - 10^-20)^(1 - 10^-20) exactly (x^x at 1), which never finishes.
            near = sympy.N(point + direction * step, PRECISION + 30)
            neighbour = expression.subs(variable, near)
            quotient = _numeric((neighbour - centre) / (direction * step))
            estimates.append(float(quotient) if _is_finite_real(quotient) else math.nan)
        coarse, fine = estimates
        agree = abs(coarse - fine) <= TOLERANCE * (1.0 + abs(fine))
        slopes.append(fine if agree else math.nan)
    return slopes[0], slopes[1]


def slope_at(
    expression: sympy.Expr, variable: sympy.Symbol, point: sympy.Expr, field: str
) -> sympy.Expr:
    """Return f'(point), exact where sympy finds it, or refuse if f has no slope there.

    Parameters
    ----------
    expression, variable, point, field
        As for :func:`value_at`.

    Returns
    -------
    sympy.Expr
        The exact slope (a sympy number), e.g. ``4`` for x^2 at 2. When sympy's symbolic
        derivative cannot be evaluated at the point but both one-sided slopes agree, their
        common value is returned as a float-precision sympy number.

    Raises
    ------
    FieldError
        If f is not defined at the point, or its left and right slopes differ or are infinite.

    Examples
    --------
    >>> from derivanim.expressions import parse_expression, symbol
    >>> x = symbol("x")
    >>> slope_at(parse_expression("x^2"), x, exact(2), "point")
    4
    >>> slope_at(parse_expression("x^(1/3)"), x, exact(0), "point")
    Traceback (most recent call last):
    ...
    derivanim.errors.FieldError: point: f is not differentiable at x = 0 (it jumps or its slope is infinite there)
    """
    value_at(expression, variable, point, field)
    where = f"{variable.name} = {show(point)}"
    symbolic = sympy.diff(expression, variable).subs(variable, point)
    left, right = one_sided_slopes(expression, variable, point, field)
    steep = not (math.isfinite(left) and math.isfinite(right))
    if steep or symbolic.has(sympy.zoo, sympy.oo, -sympy.oo):
        raise FieldError(
            field, f"f is not differentiable at {where} (it jumps or its slope is infinite there)"
        )
    scale = 1.0 + max(abs(left), abs(right))
    if abs(left - right) > TOLERANCE * scale:
        raise FieldError(
            field,
            f"f is not differentiable at {where} "
            f"(slope from the left {left:.6g}, from the right {right:.6g})",
        )
    number = _numeric(symbolic) if not symbolic.has(sympy.nan) else sympy.nan
    if _is_finite_real(number):
        if abs(float(number) - right) > TOLERANCE * scale:
            raise FieldError(
                field,
                f"f is not differentiable at {where} "
                f"(its symbolic slope {float(number):.6g} disagrees with nearby slopes "
                f"{right:.6g})",
            )
        near_zero = abs(float(number)) < 1e-6 * scale  # only a tiny slope can be round-off
        if near_zero and symbolic != 0 and sign_is_round_off(expression, variable, point):
            return sympy.Integer(0)
        return symbolic
    return sympy.Float((left + right) / 2, 17)


NEIGHBOURS = 4
"""How many floats on each side of a point are compared when deciding the sign of its slope."""


def sign_is_round_off(expression: sympy.Expr, variable: sympy.Symbol, point: sympy.Expr) -> bool:
    """Whether f' changes sign within a few floats of ``point``: its sign there is round-off.

    A point written as a float for a critical point (``1.5707963267948966`` for pi/2 on sin)
    lies a tenth of a unit in the last place away from it, so f' there is about 1e-17 with
    either sign. At the precision the point was given, that slope is zero, and a lesson that
    called it rising or falling would be telling the learner about the float, not the function.

    Examples
    --------
    >>> from derivanim.expressions import parse_expression, symbol
    >>> x, sine = symbol("x"), parse_expression("sin(x)")
    >>> sign_is_round_off(sine, x, exact(1.5707963267948966)), sign_is_round_off(sine, x, exact(1.5))
    (True, False)
    >>> slope_at(sine, x, exact(1.5707963267948966), "point")
    0
    """
    derivative = sympy.diff(expression, variable)
    low = high = float(point)
    if not math.isfinite(low):
        return False
    signs = set()
    for _ in range(NEIGHBOURS):
        low, high = math.nextafter(low, -math.inf), math.nextafter(high, math.inf)
        for neighbour in (low, high):
            value = _numeric(derivative.subs(variable, sympy.Rational(neighbour)))
            if not _is_finite_real(value):
                return False
            signs.add(int(math.copysign(1, float(value))) if value != 0 else 0)
    return len(signs) > 1 or signs == {0}


MAX_SHOWN = 1e6
"""The largest magnitude a drawn lesson shows: its axes and readouts stay readable below it."""


def showable(value: float, field: str, name: str,
             hint: str = "choose a point where f is not so steep") -> float:
    """``value`` when a lesson can draw it, else a refusal naming the field.

    Parameters
    ----------
    value : float
        A number the lesson draws or prints (a value of f, a slope).
    field : str
        The config field it comes from.
    name : str
        What it is, as a learner reads it (``"f'(0.5)"``).
    hint : str
        What the author can change.

    Raises
    ------
    FieldError
        When ``abs(value)`` exceeds :data:`MAX_SHOWN` (or is not finite).

    Examples
    --------
    >>> showable(148.4, "point", "f(0.5)")
    148.4
    >>> showable(-1e12, "point", "f'(1e-06)")
    Traceback (most recent call last):
    ...
    derivanim.errors.FieldError: point: f'(1e-06) = -1e+12 is too large to draw (a lesson shows numbers up to 1e+06); choose a point where f is not so steep
    """
    if not math.isfinite(value) or abs(value) > MAX_SHOWN:
        raise FieldError(field, f"{name} = {value:.6g} is too large to draw (a lesson shows "
                                f"numbers up to {MAX_SHOWN:.0e}); {hint}")
    return value
