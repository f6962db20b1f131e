"""The chain rule: split a composite into outer and inner, and multiply their local slopes.

For y = f(g(x)), the inner map u = g(x) stretches a tiny interval by g'(x) and the outer map
y = f(u) stretches the result by f'(u), so dy/dx = f'(g(x)) * g'(x).

Examples
--------
>>> from derivanim.expressions import parse_expression, symbol
>>> x = symbol("x")
>>> facts = chain_facts(parse_expression("sin(x^2)"), x, 1.2)
>>> facts.outer, facts.inner, facts.derivative
('sin(u)', 'x^2', '2*x*cos(x^2)')
>>> at = facts.at
>>> at.inner_value, at.inner_slope, round(at.outer_slope, 4), round(at.total, 4)
(1.44, 2.4, 0.1304, 0.313)
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import sympy

from derivanim.analysis import exact, exact_text, slope_at, to_float, value_at
from derivanim.errors import FieldError
from derivanim.expressions import symbol, to_text
from derivanim.number_lines import Range
from derivanim.sampling import numeric_function
from derivanim.stretch import shown
from derivanim.viewport import nice_step

U = symbol("u")
"""The intermediate variable u = g(x)."""


@dataclass(frozen=True)
class Decomposition:
    """y = outer(inner(x)), with outer written in u."""

    outer: sympy.Expr
    inner: sympy.Expr


@dataclass(frozen=True)
class ChainPoint:
    """The chain rule's numbers at one input.

    Attributes
    ----------
    x : float
        The input.
    inner_value : float
        u = g(x).
    outer_value : float
        y = f(u).
    inner_slope : float
        g'(x), the first stretch factor.
    outer_slope : float
        f'(u), the second stretch factor, evaluated at the inside.
    total : float
        dy/dx = f'(u) * g'(x).
    x_exact : str
        The input as the author gave it, exactly (``"sqrt(pi/2)"``, ``"1"``).
    """

    x: float
    inner_value: float
    outer_value: float
    inner_slope: float
    outer_slope: float
    total: float
    x_exact: str = ""


@dataclass(frozen=True)
class ChainFacts:
    """Everything a chain lesson shows (texts as typed by a user; ``*_latex`` for display).

    Attributes
    ----------
    outer, inner : str
        f(u) and g(x).
    outer_derivative, inner_derivative : str
        f'(u) and g'(x).
    derivative : str
        dy/dx, simplified by sympy.
    chain_latex : str
        dy/dx written as the chain rule's product f'(g(x)) * g'(x), in LaTeX.
    outer_latex, inner_latex, outer_derivative_latex, inner_derivative_latex : str
        The same parts in LaTeX.
    at : ChainPoint
        The numbers at the lesson's point.
    """

    outer: str
    inner: str
    outer_derivative: str
    inner_derivative: str
    derivative: str
    chain_latex: str
    outer_latex: str
    inner_latex: str
    outer_derivative_latex: str
    inner_derivative_latex: str
    at: ChainPoint


def _split_affine(expression: sympy.Expr, variable: sympy.Symbol) -> tuple[sympy.Expr, sympy.Expr, sympy.Expr]:
    """Write expression as scale * core + shift, with scale and shift free of the variable."""
    shift, core = expression.as_independent(variable, as_Add=True)
    scale, core = core.as_independent(variable, as_Add=False)
    return scale, core, shift


def decompose(expression: sympy.Expr, variable: sympy.Symbol) -> Decomposition:
    """Find the outermost composition y = f(g(x)) in an expression tree.

    Constant factors and terms stay with the outer function (3 sin(x^2) + 1 has outer
    3 sin(u) + 1 and inner x^2).

    Parameters
    ----------
    expression : sympy.Expr
        The composite function.
    variable : sympy.Symbol
        Its variable.

    Returns
    -------
    Decomposition

    Raises
    ------
    FieldError
        For ``function`` when it is not a composition of two non-trivial parts.

    Examples
    --------
    >>> from derivanim.expressions import parse_expression, symbol
    >>> x = symbol("x")
    >>> d = decompose(parse_expression("(3x^2+1)^5"), x)
    >>> d.outer, d.inner
    (u**5, 3*x**2 + 1)
    >>> d = decompose(parse_expression("3sin(x^2) + 1"), x)
    >>> d.outer, d.inner
    (3*sin(u) + 1, x**2)
    >>> decompose(parse_expression("x^2 + sin(x)"), x)
    Traceback (most recent call last):
    ...
    derivanim.errors.FieldError: function: x^2 + sin(x) is not a composition f(g(x)); give outer and inner explicitly
    """
    scale, core, shift = _split_affine(expression, variable)
    inner: sympy.Expr | None = None
    outer_core: sympy.Expr | None = None
    if isinstance(core, sympy.Function) and len(core.args) == 1:
        inner = core.args[0]
        outer_core = core.func(U)
    elif isinstance(core, sympy.Pow):
        base, power = core.args
        if not power.has(variable):
            inner, outer_core = base, U**power
        elif not base.has(variable):
            inner, outer_core = power, base**U
    if inner is None or outer_core is None or inner == variable or not inner.has(variable):
        raise FieldError(
            "function",
            f"{to_text(expression)} is not a composition f(g(x)); give outer and inner explicitly",
        )
    return Decomposition(outer=scale * outer_core + shift, inner=inner)


def check_composition(
    expression: sympy.Expr, variable: sympy.Symbol, decomposition: Decomposition
) -> None:
    """Refuse an explicit outer/inner pair that does not compose to the lesson's function.

    The two sides are compared at 17 points of [-3, 3] where both are defined.

    Examples
    --------
    >>> from derivanim.expressions import parse_expression, symbol
    >>> x, u = symbol("x"), symbol("u")
    >>> f = parse_expression("sin(x^2)")
    >>> check_composition(f, x, Decomposition(sympy.sin(u), x**2))
    >>> check_composition(f, x, Decomposition(sympy.cos(u), x**2))
    Traceback (most recent call last):
    ...
    derivanim.errors.FieldError: outer: outer(inner(x)) = cos(x^2) differs from the function sin(x^2)
    """
    composed = decomposition.outer.subs(U, decomposition.inner)
    probes = np.linspace(-3, 3, 17) + 0.0123
    left = numeric_function(composed, variable)(probes)
    right = numeric_function(expression, variable)(probes)
    both = np.isfinite(left) & np.isfinite(right)
    if not both.any() or not np.allclose(left[both], right[both], rtol=1e-9, atol=1e-12):
        raise FieldError(
            "outer",
            f"outer(inner(x)) = {to_text(composed)} differs from the function {to_text(expression)}",
        )


def _factor_latex(factor: sympy.Expr) -> str:
    text = sympy.latex(factor)
    return rf"\left({text}\right)" if isinstance(factor, sympy.Add) else text


def chain_rule_latex(outer_at_inner: sympy.Expr, inner_derivative: sympy.Expr) -> str:
    r"""Write f'(g(x)) * g'(x) in LaTeX, in that order (sympy would reorder the product).

    Examples
    --------
    >>> x = symbol("x")
    >>> print(chain_rule_latex(sympy.cos(x**2), 2 * x))
    \cos{\left(x^{2} \right)} \cdot 2 x
    >>> print(chain_rule_latex(5 * (3 * x**2 + 1) ** 4, 6 * x + 1))
    5 \left(3 x^{2} + 1\right)^{4} \cdot \left(6 x + 1\right)
    """
    return rf"{_factor_latex(outer_at_inner)} \cdot {_factor_latex(inner_derivative)}"


def chain_facts(
    expression: sympy.Expr,
    variable: sympy.Symbol,
    point: float,
    decomposition: Decomposition | None = None,
) -> ChainFacts:
    """Decompose f, differentiate by the chain rule and evaluate every factor at ``point``.

    Parameters
    ----------
    expression : sympy.Expr
        The composite function.
    variable : sympy.Symbol
        Its variable.
    point : float
        The input at which the factors are evaluated.
    decomposition : Decomposition, optional
        An explicit outer/inner split; found from the expression tree when omitted.

    Returns
    -------
    ChainFacts

    Raises
    ------
    FieldError
        If f is not a composition, or the inner or outer part has no slope at the point.

    Examples
    --------
    >>> from derivanim.expressions import parse_expression, symbol
    >>> x = symbol("x")
    >>> facts = chain_facts(parse_expression("(3x^2 + 1)^5"), x, 1)
    >>> facts.outer_derivative, facts.inner_derivative, facts.at.total
    ('5*u^4', '6*x', 7680.0)
    """
    parts = decomposition or decompose(expression, variable)
    if decomposition is not None:
        check_composition(expression, variable, parts)
    a = exact(point)
    u_value = value_at(parts.inner, variable, a, "point")
    inner_slope = slope_at(parts.inner, variable, a, "point")
    outer_value = value_at(parts.outer, U, u_value, "point")
    outer_slope = slope_at(parts.outer, U, u_value, "point")
    outer_derivative = sympy.diff(parts.outer, U)
    inner_derivative = sympy.diff(parts.inner, variable)
    return ChainFacts(
        outer=to_text(parts.outer),
        inner=to_text(parts.inner),
        outer_derivative=to_text(outer_derivative),
        inner_derivative=to_text(inner_derivative),
        derivative=to_text(sympy.diff(expression, variable)),
        chain_latex=chain_rule_latex(outer_derivative.subs(U, parts.inner), inner_derivative),
        outer_latex=sympy.latex(parts.outer),
        inner_latex=sympy.latex(parts.inner),
        outer_derivative_latex=sympy.latex(outer_derivative),
        inner_derivative_latex=sympy.latex(inner_derivative),
        at=ChainPoint(
            x=float(a),
            inner_value=to_float(u_value),
            outer_value=to_float(outer_value),
            inner_slope=to_float(inner_slope),
            outer_slope=to_float(outer_slope),
            total=to_float(outer_slope * inner_slope),
            x_exact=exact_text(point),
        ),
    )


# ---- the picture's numbers and words ------------------------------------------------------
def piece_range(values: Sequence[float], base_span: float, ticks: int = 6,
                room: float = 1.5) -> Range:
    """A number line's range around a piece: ``base_span`` wide unless the piece needs more.

    Lines that need no more than the base span all get exactly the same span (so, drawn at the
    same length, the same scale); a piece too long for it widens its own line (zooms out) to
    ``room`` times the piece's length, with ticks to match. Lines start on an even multiple
    of the step, so labelling every other tick labels the rounder numbers.

    Examples
    --------
    >>> piece_range([1.15, 1.25], 0.5), piece_range([1.3225, 1.5625], 0.5)
    ((0.8, 1.5, 0.1), (1.0, 1.7, 0.1))
    >>> piece_range([10.72, 25.21], 0.5)
    (0.0, 35.0, 5.0)
    """
    low, high = float(min(values)), float(max(values))
    span = max(base_span, (high - low) * room)
    step = nice_step(span, ticks)
    count = math.ceil(span / step - 1e-9) + 2
    start = math.floor(((low + high) / 2 - span / 2) / (2 * step) + 1e-9) * 2 * step
    return float(round(start, 12)), float(round(start + count * step, 12)), step


def scale_phrase(factor: float) -> str:
    """What multiplying lengths by a factor does, in plain words with the factor's value.

    Examples
    --------
    >>> scale_phrase(2.4), scale_phrase(0.1304237), scale_phrase(-3.0)
    ('stretches it by 2.4', 'squishes it by 0.1304', 'flips it and stretches by 3')
    >>> scale_phrase(0.0), scale_phrase(-1.0), scale_phrase(1.0)
    ('collapses it to a point', 'flips it, same length', 'keeps its length')
    """
    if factor == 0:
        return "collapses it to a point"
    size = abs(factor)
    if size == 1:
        return "flips it, same length" if factor < 0 else "keeps its length"
    verb = "stretches" if size > 1 else "squishes"
    if factor < 0:
        return f"flips it and {verb} by {shown(size)}"
    return f"{verb} it by {shown(size)}"


def zoomed_out(ranges: Sequence[Range], index: int) -> bool:
    """Whether line ``index`` spans a wider range than the line above it (it zooms out to hold
    its image, so lengths on it look shorter than they are).

    Examples
    --------
    >>> ranges = [(0.8, 1.5, 0.1), (1.0, 1.7, 0.1), (0.0, 35.0, 5.0)]
    >>> zoomed_out(ranges, 1), zoomed_out(ranges, 2)
    (False, True)
    """
    spans = [high - low for low, high, _ in ranges]
    return spans[index] > spans[index - 1] * 1.01


def step_phrases(index: int, name: str, factor: float, zoomed: bool) -> list[str]:
    """Prose for one step's factor (step 1 lands on the u line, step 2 on y), longest first,
    noting a zoomed-out line.

    Examples
    --------
    >>> step_phrases(1, "g", 2.4, zoomed=False)
    ['Step 1: g stretches it by 2.4.', 'Step 1: factor 2.4.', 'Step 1: a factor.']
    >>> step_phrases(2, "f", 46.89453125, zoomed=True)[:2]
    ['Step 2: ×46.89, y line zoomed out.', 'Step 2: ×46.89 (zoomed out).']
    """
    phrases = [f"Step {index}: {name} {scale_phrase(factor)}.",
               f"Step {index}: factor {shown(factor)}.", f"Step {index}: a factor."]
    if zoomed:
        line = "uy"[index - 1]
        phrases = [f"Step {index}: ×{shown(factor)}, {line} line zoomed out.",
                   f"Step {index}: ×{shown(factor)} (zoomed out).", *phrases]
    return phrases


def zoom_note(index: int, zoomed: bool) -> str:
    """A caption sentence for a zoomed-out line (empty when it shares the scale).

    Examples
    --------
    >>> zoom_note(2, zoomed=True)
    ' The y line is zoomed out to hold it: read its tick labels.'
    >>> zoom_note(1, zoomed=False)
    ''
    """
    if not zoomed:
        return ""
    return f" The {'uy'[index - 1]} line is zoomed out to hold it: read its tick labels."
