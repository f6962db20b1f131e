"""Secant lines through (a, f(a)) and (a + h, f(a + h)), and the tangent they approach.

Examples
--------
>>> from derivanim.expressions import parse_expression, symbol
>>> x = symbol("x")
>>> facts = secant_facts(parse_expression("x^2"), x, 2, [2, 1, 0.5, 0.25])
>>> [(s.x2, s.slope) for s in facts.secants]
[(4.0, 6.0), (3.0, 5.0), (2.5, 4.5), (2.25, 4.25)]
>>> facts.quotient, facts.slope, facts.tangent
('h + 4', 4.0, Line(slope=4.0, intercept=-4.0))
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import sympy

from derivanim import numbers
from derivanim.analysis import exact, exact_text, show, showable, slope_at, to_float, value_at
from derivanim.expressions import to_text
from derivanim.notation import Notation

H = sympy.Symbol("h", real=True)
"""The step symbol of the difference quotient."""


@dataclass(frozen=True)
class Line:
    """A straight line y = slope * x + intercept."""

    slope: float
    intercept: float


@dataclass(frozen=True)
class Secant:
    """One secant line of the lesson.

    Attributes
    ----------
    h : float
        The step from the point to the second point.
    x2, y2 : float
        The second point (a + h, f(a + h)).
    slope : float
        The secant's slope, (f(a + h) - f(a)) / h, at full float precision.
    """

    h: float
    x2: float
    y2: float
    slope: float


@dataclass(frozen=True)
class SecantFacts:
    """Everything a secant lesson shows.

    Attributes
    ----------
    x, y : float
        The point of tangency (a, f(a)).
    derivative : str
        f'(x) as text.
    slope : float
        f'(a), the slope the secants approach.
    slope_exact : str
        f'(a) in exact form, e.g. ``'cos(6/5)'``.
    tangent : Line
        The tangent line at a.
    quotient : str
        The simplified difference quotient (f(a + h) - f(a)) / h, in h.
    quotient_steps : tuple of str
        LaTeX of the algebra from the raw quotient to its simplest form (one to three steps).
    secants : tuple of Secant
        One per configured h, in the configured order.
    x_exact : str
        The point as the author gave it, exactly (``"pi/2"``, ``"1.2"``).
    notation : Notation
        The lesson's letters (f and x unless its config names them).
    """

    x: float
    y: float
    derivative: str
    slope: float
    slope_exact: str
    tangent: Line
    quotient: str
    quotient_steps: tuple[str, ...]
    secants: tuple[Secant, ...]
    x_exact: str = ""
    notation: Notation = Notation()


def decimal_latex(expression: sympy.Expr) -> str:
    r"""LaTeX of an expression with config decimals written as decimals (1.2, not 6/5).

    Only rationals whose denominator divides a power of ten are rewritten, so 1/3 stays 1/3.

    Examples
    --------
    >>> print(decimal_latex(sympy.sin(H + sympy.Rational(6, 5))))
    \sin{\left(h + 1.2 \right)}
    >>> print(decimal_latex(H / 3 + sympy.Rational(1, 4)))
    \frac{h}{3} + 0.25
    """
    text = sympy.latex(expression)
    for number in expression.atoms(sympy.Rational):
        if number.is_Integer:
            continue
        denominator = int(number.q)
        for prime in (2, 5):
            while denominator % prime == 0:
                denominator //= prime
        if denominator == 1:
            text = text.replace(sympy.latex(abs(number)), repr(float(abs(number))))
    return text


def difference_quotient_steps(
    expression: sympy.Expr, variable: sympy.Symbol, point: sympy.Expr
) -> tuple[sympy.Expr, ...]:
    """Return the difference quotient at ``point`` as successive algebra steps.

    The first step is the raw quotient; the next expands the numerator; the last cancels h
    where it can. Repeated forms are dropped, and a quotient in which h does not cancel (such as
    sin's) is left as the single raw step.

    Examples
    --------
    >>> from derivanim.expressions import parse_expression, symbol
    >>> x = symbol("x")
    >>> for step in difference_quotient_steps(parse_expression("x^2"), x, sympy.Integer(2)):
    ...     print(sympy.latex(step))
    \\frac{\\left(h + 2\\right)^{2} - 4}{h}
    \\frac{h^{2} + 4 h}{h}
    h + 4
    """
    numerator = expression.subs(variable, point + H) - expression.subs(variable, point)
    raw = sympy.Mul(numerator, sympy.Pow(H, -1, evaluate=False), evaluate=False)
    expanded_numerator = sympy.expand(numerator)
    expanded = sympy.Mul(expanded_numerator, sympy.Pow(H, -1, evaluate=False), evaluate=False)
    cancelled = sympy.cancel(expanded_numerator / H)
    steps: list[sympy.Expr] = [raw]
    for candidate in (expanded, cancelled):
        if candidate.has(H) and sympy.latex(candidate) != sympy.latex(steps[-1]):
            steps.append(candidate)
    if steps[-1].subs(H, 0).has(sympy.nan, sympy.zoo):
        steps = steps[:1]  # h did not cancel: only the raw quotient is honest
    return tuple(steps)


def secant_facts(
    expression: sympy.Expr,
    variable: sympy.Symbol,
    point: float,
    steps: Sequence[float],
) -> SecantFacts:
    """Compute the secants through ``point`` for each step h, and the tangent they approach.

    Parameters
    ----------
    expression : sympy.Expr
        The function f.
    variable : sympy.Symbol
        Its variable.
    point : float
        The point a (must be in f's domain, with f differentiable there).
    steps : sequence of float
        The steps h (non-zero; each a + h must be in f's domain).

    Returns
    -------
    SecantFacts

    Raises
    ------
    FieldError
        For ``point`` if f is undefined, singular or not differentiable there; for ``h[i]``
        if f is undefined at a + h.

    Examples
    --------
    >>> from derivanim.expressions import parse_expression, symbol
    >>> x = symbol("x")
    >>> facts = secant_facts(parse_expression("sin(x)"), x, 1.2, [1, 0.3, 0.1, 0.03, 0.01])
    >>> [round(s.slope, 4) for s in facts.secants], round(facts.slope, 4), facts.slope_exact
    ([-0.1235, 0.2182, 0.3152, 0.3483, 0.3577], 0.3624, 'cos(6/5)')
    """
    a = exact(point)
    fa = value_at(expression, variable, a, "point")
    slope = slope_at(expression, variable, a, "point")
    showable(to_float(fa), "point", f"f({show(a)})")
    showable(to_float(slope), "point", f"f'({show(a)})")
    secants = []
    for index, step in enumerate(steps):
        h = exact(step)
        x2 = a + h
        field = f"h[{index}]"
        fx2 = value_at(expression, variable, x2, field)
        secant = Secant(h=float(h), x2=float(x2), y2=to_float(fx2), slope=to_float((fx2 - fa) / h))
        showable(secant.y2, field, f"f({show(x2)})", "choose a smaller step")
        showable(secant.slope, field, f"the secant slope for h = {show(h)}", "choose a smaller step")
        secants.append(secant)
    tangent = Line(slope=to_float(slope), intercept=to_float(fa - a * slope))
    quotient_steps = difference_quotient_steps(expression, variable, a)
    return SecantFacts(
        x=float(a),
        y=to_float(fa),
        derivative=to_text(sympy.diff(expression, variable)),
        slope=tangent.slope,
        slope_exact=sympy.sstr(slope),
        tangent=tangent,
        quotient=to_text(quotient_steps[-1]),
        quotient_steps=tuple(decimal_latex(step) for step in quotient_steps),
        secants=tuple(secants),
        x_exact=exact_text(point),
    )


# ---- what the lesson shows ---------------------------------------------------------------
def slope_decimals(slope: float) -> int:
    """Decimals that show a slope to 3-4 significant digits.

    Examples
    --------
    >>> slope_decimals(4.0), slope_decimals(0.3624), slope_decimals(-40.0), slope_decimals(0.0)
    (2, 4, 2, 2)
    >>> slope_decimals(-3.6732e-06)
    7
    """
    return numbers.honest_decimals([slope], 4 if 0 < abs(slope) < 1 else 2)


def step_decimals(steps: Sequence[float]) -> int:
    """Decimals of the h readout: every configured step exactly, and at least two.

    Examples
    --------
    >>> step_decimals([2, 1, 0.5, 0.25]), step_decimals([1, 0.3, 0.03, 0.001])
    (2, 3)
    """
    return max(2, *(numbers.exact_decimals(h) for h in steps))


def final_step(steps: Sequence[float]) -> float:
    """Where h ends as the secant becomes the tangent: a fortieth of the smallest step, but
    no less than the h readout can show without reading 0.

    Examples
    --------
    >>> final_step([2, 1, 0.5, 0.25]), final_step([1, 0.3, 0.1, 0.03, 0.01])
    (0.01, 0.01)
    >>> final_step([4, 2])
    0.05
    """
    return max(min(steps) / 40, 10.0 ** -step_decimals(steps))


def zoom_step(steps: Sequence[float]) -> float:
    """Where h ends while the graph is zoomed onto the point: on towards :func:`final_step`
    from the last configured step, or at that step when it is already as small as the h readout
    shows.

    Examples
    --------
    >>> zoom_step([2, 1, 0.5, 0.25]), zoom_step([1, 0.3, 0.1, 0.03, 0.01]), zoom_step([4, 0.001])
    (0.01, 0.01, 0.001)
    """
    return min(steps[-1], final_step(steps))


def quotient_latex(facts: SecantFacts) -> list[str]:
    """The algebra a secant lesson shows, as TeX: the difference quotient at the point, its
    simplification steps, then where it heads as h shrinks.

    Examples
    --------
    >>> from derivanim.expressions import parse_expression, symbol
    >>> facts = secant_facts(parse_expression("x^2"), symbol("x"), 2, [2, 1])
    >>> quotient_latex(facts)[0], quotient_latex(facts)[-1]
    ('\\\\frac{f(2 + h) - f(2)}{h}', '\\\\to 4 \\\\text{ as } h \\\\to 0')
    """
    a, name = numbers.number(facts.x), facts.notation.name
    lines = [rf"\frac{{{name}({a} + h) - {name}({a})}}{{h}}"]
    lines += [rf"= {step}" for step in facts.quotient_steps]
    lines.append(rf"\to {numbers.number(facts.slope)} \text{{ as }} h \to 0")
    return lines
