"""Derivative rules are compressed proofs: the facts of a ``rules`` lesson.

The derivation comes from our rule engine (:mod:`derivanim.rule_engine`), checked equal to
:func:`sympy.diff`. A function built as a product f·g also gets the product's picture, a
rectangle of sides f and g whose sides grow by df and dg when x is nudged (new area
f dg + g df + df dg, the corner df dg vanishing faster than the strips), and the common
mistake f'·g' with its numbers.

Examples
--------
>>> from derivanim.expressions import parse_expression, symbol
>>> x = symbol("x")
>>> facts = rules_facts(parse_expression("x^2 sin(x)"), x, 1)
>>> facts.derivative, facts.check
('2*x*sin(x) + x^2*cos(x)', 'symbolic')
>>> round(facts.mistake.naive_value, 4), round(facts.mistake.true_value, 4)
(1.0806, 2.2232)
>>> [round(n.corner, 4) for n in facts.rectangle.nudges][:3]
[0.195, 0.0605, 0.0104]
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import sympy

from derivanim.analysis import exact, exact_text, slope_at, to_float, value_at
from derivanim.expressions import to_text
from derivanim.rule_engine import Step, derive, form, read
from derivanim.rule_forms import Shown, at, expression_lines, tex, text, value
from derivanim.rule_forms import latex as shown_latex
from derivanim.sampling import numeric_function

MAX_SHOWN_STEPS = 7
"""Most steps the video shows; a longer derivation shows its top levels and says so."""
NUDGES = (0.5, 0.25, 0.1, 0.05, 0.01)
"""The nudges dx of the product's rectangle, largest first (the picture starts at the first)."""


class RuleEngineError(RuntimeError):
    """The rule engine's derivative differs from sympy's: a bug, never the user's input."""


@dataclass(frozen=True)
class TreeReading:
    """What built the function: the operation at the top of its tree and its parts.

    Attributes
    ----------
    rule : str
        The rule the top node needs.
    form : str
        That rule in general.
    parts, parts_latex : tuple of str
        The parts it combines, as typed and in LaTeX.
    """

    rule: str
    form: str
    parts: tuple[str, ...]
    parts_latex: tuple[str, ...]


@dataclass(frozen=True)
class RulesPoint:
    """The function and its derivative at the lesson's point (``x_exact``: the point as the
    author gave it, exactly)."""

    x: float
    value: float
    slope: float
    x_exact: str = ""


@dataclass(frozen=True)
class Nudge:
    """The product's rectangle when x grows by ``dx``.

    Attributes
    ----------
    dx : float
        The nudge.
    df, dg : float
        How much each side grows: f(x + dx) - f(x), g(x + dx) - g(x).
    f_dg, g_df : float
        The two strips' areas.
    corner : float
        The corner's area df·dg.
    """

    dx: float
    df: float
    dg: float
    f_dg: float
    g_df: float
    corner: float


@dataclass(frozen=True)
class Rectangle:
    """The product f·g pictured as a rectangle of sides f(x) and g(x) at the lesson's point."""

    f: str
    g: str
    f_latex: str
    g_latex: str
    f_value: float
    g_value: float
    nudges: tuple[Nudge, ...]


@dataclass(frozen=True)
class Mistake:
    """The naive product rule f'·g' against the true derivative, at the lesson's point.

    Attributes
    ----------
    naive, naive_latex : str
        f'·g' as an expression.
    naive_at_latex, true_at_latex : str
        Both at the point, written exactly (``2 \\cos 1``, ``2 \\sin 1 + \\cos 1``).
    naive_value, true_value : float
        Their values.
    """

    naive: str
    naive_latex: str
    naive_at_latex: str
    true_at_latex: str
    naive_value: float
    true_value: float


@dataclass(frozen=True)
class RulesFacts:
    """Everything a rules lesson shows.

    Attributes
    ----------
    derivative, derivative_latex : str
        f'(x) in the form the rules give it.
    function_lines : tuple of str
        The function's top-level terms in LaTeX, signed, to write a long one over lines.
    sympy_derivative : str
        What :func:`sympy.diff` prints, for comparison (equal, written differently).
    check : str
        How ours was found equal to sympy's: ``symbolic`` (simplify(ours - diff) == 0) or
        ``numeric`` (simplify gave up; agreement to 30 digits at 9 points).
    steps : tuple of Step
        Every rule applied, parts first, the whole function last.
    shown : tuple of int
        Indices of the steps the video shows (all of them, up to :data:`MAX_SHOWN_STEPS`).
    tree : TreeReading
        What built the function.
    at : RulesPoint
        Value and slope at the lesson's point.
    rectangle : Rectangle or None
        The product's picture (None when the top of the tree is no product f·g with f, g
        and their growths positive at the point).
    rectangle_note : str
        Why there is no picture (empty when there is one).
    mistake : Mistake or None
        The naive f'·g' (None when the function is not a product).
    """

    derivative: str
    derivative_latex: str
    function_lines: tuple[str, ...]
    sympy_derivative: str
    check: str
    steps: tuple[Step, ...]
    shown: tuple[int, ...]
    tree: TreeReading
    at: RulesPoint
    rectangle: Rectangle | None
    rectangle_note: str
    mistake: Mistake | None


def check_against_sympy(ours: sympy.Expr, expected: sympy.Expr, variable: sympy.Symbol) -> str:
    """How ``ours`` equals ``expected``: ``"symbolic"`` or ``"numeric"``; raise if it does not.

    Raises
    ------
    RuleEngineError
        When they differ.

    Examples
    --------
    >>> from derivanim.expressions import symbol
    >>> x = symbol("x")
    >>> check_against_sympy(2 * x * (x - 1) - (x**2 + 1), x**2 - 2 * x - 1, x)
    'symbolic'
    >>> check_against_sympy(2 * x, x, x)
    Traceback (most recent call last):
    ...
    derivanim.rules.RuleEngineError: the rules give 2*x but sympy.diff gives x
    """
    difference = ours - expected
    if difference == 0 or sympy.simplify(difference) == 0:
        return "symbolic"
    agreed = 0
    for probe in np.linspace(-2.9, 3.1, 9) + 0.0137:
        point = sympy.Float(probe, 40)
        a, b = sympy.N(ours.subs(variable, point), 30), sympy.N(expected.subs(variable, point), 30)
        if not (a.is_number and b.is_number) or a.has(sympy.nan, sympy.zoo) or b.has(sympy.nan, sympy.zoo):
            continue
        if abs(complex(a) - complex(b)) > 1e-20 * (1 + abs(complex(b))):
            agreed = -1
            break
        agreed += 1
    if agreed > 0:
        return "numeric"
    raise RuleEngineError(f"the rules give {to_text(ours)} but sympy.diff gives {to_text(expected)}")


def shown_steps(steps: tuple[Step, ...], most: int = MAX_SHOWN_STEPS) -> tuple[int, ...]:
    """The steps a video shows: all when they fit, else the top levels of the tree.

    Steps are picked by depth (the whole function first), a constant's derivative last among
    equals, then shown in their own order (parts before the node they build).

    Examples
    --------
    >>> from derivanim.expressions import parse_expression, symbol
    >>> _, steps = derive(parse_expression("(x^2+1)/(x-1)"), symbol("x"))
    >>> shown_steps(tuple(steps)), shown_steps(tuple(steps), 4)
    ((0, 1, 2, 3, 4, 5, 6), (0, 2, 5, 6))
    """
    order = sorted(range(len(steps)),
                   key=lambda i: (steps[i].depth, steps[i].rule == "constant", i))
    return tuple(sorted(order[:most]))


def tree_reading(expression: sympy.Expr, variable: sympy.Symbol) -> TreeReading:
    """What operation built the function, with its parts.

    Examples
    --------
    >>> from derivanim.expressions import parse_expression, symbol
    >>> tree_reading(parse_expression("x^2 sin(x)"), symbol("x")).parts
    ('x^2', 'sin(x)')
    """
    reading = read(expression, variable)
    return TreeReading(rule=reading.rule, form=form(reading.rule),
                       parts=tuple(to_text(p) for p in reading.parts),
                       parts_latex=tuple(tex(p) for p in reading.parts))


def _numbers(expression: sympy.Expr, variable: sympy.Symbol, points: list[float]) -> list[float]:
    return [float(v) for v in numeric_function(expression, variable)(np.array(points))]


def rectangle_of(f: sympy.Expr, g: sympy.Expr, variable: sympy.Symbol,
                 a: sympy.Expr) -> tuple[Rectangle | None, str]:
    """The rectangle of sides f(a), g(a) and its nudges, or None and the reason there is none.

    Examples
    --------
    >>> from derivanim.expressions import symbol
    >>> x = symbol("x")
    >>> picture, _ = rectangle_of(x**2, sympy.sin(x), x, sympy.Integer(1))
    >>> nudge = picture.nudges[0]
    >>> round(nudge.df, 4), round(nudge.dg, 4), round(nudge.f_dg, 4), round(nudge.g_df, 4)
    (1.25, 0.156, 0.156, 1.0518)
    >>> rectangle_of(x, -x, x, sympy.Integer(1))[1]
    'a rectangle needs sides f and g that are positive and grow at x = 1'
    """
    base = float(a)
    points = [base, *[base + dx for dx in NUDGES]]
    fs, gs = _numbers(f, variable, points), _numbers(g, variable, points)
    nudges = []
    for dx, f_next, g_next in zip(NUDGES, fs[1:], gs[1:]):
        df, dg = f_next - fs[0], g_next - gs[0]
        nudges.append(Nudge(dx=dx, df=df, dg=dg, f_dg=fs[0] * dg, g_df=gs[0] * df, corner=df * dg))
    honest = all(math.isfinite(v) for v in (*fs, *gs)) and fs[0] > 0 and gs[0] > 0 and all(
        n.df > 0 and n.dg > 0 for n in nudges)
    if not honest:
        return None, f"a rectangle needs sides f and g that are positive and grow at x = {base:g}"
    return Rectangle(f=to_text(f), g=to_text(g), f_latex=tex(f), g_latex=tex(g),
                     f_value=fs[0], g_value=gs[0], nudges=tuple(nudges)), ""


def mistake_of(f: sympy.Expr, g: sympy.Expr, variable: sympy.Symbol, a: sympy.Expr,
               true_slope: sympy.Expr, derivative: Shown) -> Mistake:
    """The naive f'·g' of a product at the point, beside the true derivative.

    Examples
    --------
    >>> from derivanim.expressions import symbol
    >>> x = symbol("x")
    >>> result, _ = derive(x**2 * sympy.sin(x), x)
    >>> wrong = mistake_of(x**2, sympy.sin(x), x, sympy.Integer(1), 2 * sympy.sin(1) + sympy.cos(1),
    ...                    result)
    >>> wrong.naive, wrong.naive_at_latex, wrong.true_at_latex
    ('2*x*cos(x)', '2 \\\\cos {1}', '2 \\\\sin {1} + \\\\cos {1}')
    """
    naive = sympy.diff(f, variable) * sympy.diff(g, variable)
    naive_at = naive.subs(variable, a)
    return Mistake(naive=to_text(naive), naive_latex=tex(naive),
                   naive_at_latex=tex(naive_at),
                   true_at_latex=shown_latex(at(derivative, variable, a)),
                   naive_value=to_float(naive_at), true_value=to_float(true_slope))


def rules_facts(expression: sympy.Expr, variable: sympy.Symbol, point: float) -> RulesFacts:
    """Derive f by the rules, check against sympy, and compute the lesson's numbers.

    Parameters
    ----------
    expression : sympy.Expr
        The function.
    variable : sympy.Symbol
        Its variable.
    point : float
        Where the numbers are shown.

    Raises
    ------
    FieldError
        For ``point`` outside the domain of f, or where f has no derivative.
    RuleEngineError
        If the rules' result differs from sympy.diff (a bug).

    Examples
    --------
    >>> from derivanim.expressions import parse_expression, symbol
    >>> facts = rules_facts(parse_expression("(x^2+1)/(x-1)"), symbol("x"), 2)
    >>> facts.derivative, facts.sympy_derivative
    ('(2*x*(x - 1) - (x^2 + 1))/(x - 1)^2', '2*x/(x - 1) - (x^2 + 1)/(x - 1)^2')
    >>> facts.at.slope, facts.mistake, facts.rectangle_note
    (-1.0, None, 'the top of the tree is a quotient, not a product')
    """
    a = exact(point)
    f_value = value_at(expression, variable, a, "point")
    slope = slope_at(expression, variable, a, "point")
    result, steps = derive(expression, variable)
    expected = sympy.diff(expression, variable)
    check = check_against_sympy(value(result), expected, variable)
    tree = tree_reading(expression, variable)
    rectangle, note, mistake = None, f"the top of the tree is a {tree.rule}, not a product", None
    if tree.rule == "product":
        f, g = read(expression, variable).parts
        rectangle, note = rectangle_of(f, g, variable, a)
        mistake = mistake_of(f, g, variable, a, slope, result)
    return RulesFacts(
        derivative=text(result), derivative_latex=shown_latex(result),
        function_lines=expression_lines(expression),
        sympy_derivative=to_text(expected), check=check, steps=tuple(steps),
        shown=shown_steps(tuple(steps)), tree=tree,
        at=RulesPoint(x=float(a), value=to_float(f_value), slope=to_float(slope),
                      x_exact=exact_text(point)),
        rectangle=rectangle, rectangle_note=note, mistake=mistake,
    )


# ---- what the lesson says about its steps -------------------------------------------------
def part_names(rule: str, count: int) -> tuple[str, ...]:
    """What the parts of the top node are called in the rule's form (TeX; empty for none).

    Examples
    --------
    >>> part_names("product", 2), part_names("chain", 2), part_names("sum", 3)
    (('f', 'g'), ('f(u)', 'g(x)'), ('', '', ''))
    """
    names = {"product": ("f", "g"), "quotient": ("f", "g"), "chain": ("f(u)", "g(x)"),
             "constant multiple": ("c", "f"), "variable power": ("f", "g")}
    found = names.get(rule, ())
    return found if len(found) == count else ("",) * count


def rule_phrases(step: Step) -> list[str]:
    """Prose naming a step's rule, longest first (the frame shows the first that fits).

    Examples
    --------
    >>> from derivanim.expressions import parse_expression, symbol
    >>> _, steps = derive(parse_expression("x^2 sin(x)"), symbol("x"))
    >>> rule_phrases(steps[-1])
    ['Product rule: (f·g)′ = f′·g + f·g′', 'The product rule.']
    """
    name = step.rule[0].upper() + step.rule[1:]
    return [f"{name} rule: {step.form}", f"The {step.rule} rule."]


def steps_note(shown: int, total: int) -> list[str]:
    """What the screen says when a derivation is too long to show whole ([] when it is not).

    Examples
    --------
    >>> steps_note(7, 7), steps_note(7, 12)
    ([], ['Too long to show whole: 7 of 12 steps, the top of the tree.', '7 of 12 steps shown.'])
    """
    if shown >= total:
        return []
    return [f"Too long to show whole: {shown} of {total} steps, the top of the tree.",
            f"{shown} of {total} steps shown."]
