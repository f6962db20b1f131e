"""The derivative as a local stretch factor between an input and an output number line.

A tiny interval of length dx around x lands, under f, on an interval of length about
|f'(x)| dx: f' > 1 stretches it, 0 < f' < 1 squishes it, f' < 0 also flips it, f' = 0
collapses it to a point, and f' = 1 keeps its length.

Examples
--------
>>> from derivanim.expressions import parse_expression, symbol
>>> x = symbol("x")
>>> facts = stretch_facts(parse_expression("x^2"), x, [1.5, 0.25, -1, 0], (-2, 3))
>>> [(p.x, p.factor, p.effect) for p in facts.points]
[(1.5, 3.0, 'stretch'), (0.25, 0.5, 'squish'), (-1.0, -2.0, 'flip'), (0.0, 0.0, 'collapse')]
>>> facts.output_range
(0.0, 9.0)
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np
import sympy

from derivanim.analysis import exact, exact_text, slope_at, to_float, value_at
from derivanim.errors import FieldError
from derivanim.notation import Notation
from derivanim.numbers import format_number, honest_decimals, number
from derivanim.sampling import continuous_pieces, sample_function

Effect = Literal["stretch", "squish", "flip", "collapse", "keep"]
Size = Literal["stretch", "squish", "collapse", "keep"]
DEFAULT_POINTS = (1.5, 0.25, -1.0, 0.0)
"""Where x^2 stretches, squishes, flips and collapses."""
DEFAULT_INPUT_RANGE = (-2.0, 3.0)
"""The default input number line."""


@dataclass(frozen=True)
class StretchPoint:
    """What f does to a tiny interval around one input.

    Attributes
    ----------
    x : float
        The input.
    y : float
        Its image f(x) on the output line.
    factor : float
        f'(x): the signed local stretch factor.
    effect : str
        stretch | squish | flip | collapse | keep (flip whenever the factor is negative).
    size : str
        What the factor's magnitude does, ignoring orientation: stretch | squish | collapse | keep
        (f' = -3 flips and triples: effect 'flip', size 'stretch').
    x_exact : str
        The input as the author gave it, exactly (``"pi/2"``, ``"1.5"``).
    """

    x: float
    y: float
    factor: float
    effect: Effect
    size: Size
    x_exact: str = ""


@dataclass(frozen=True)
class StretchFacts:
    """Everything a stretch lesson shows.

    Attributes
    ----------
    input_range : tuple of float
        The input number line's extent.
    output_range : tuple of float
        The extent of f over the input range (the output line must hold it).
    points : tuple of StretchPoint
        The configured points, in order.
    notation : Notation
        The lesson's letters (f and x unless its config names them).
    """

    input_range: tuple[float, float]
    output_range: tuple[float, float]
    points: tuple[StretchPoint, ...]
    notation: Notation = Notation()


def size_of(factor: sympy.Expr) -> Size:
    """Classify the magnitude of a stretch factor.

    Examples
    --------
    >>> [size_of(sympy.Integer(k)) for k in (-3, 0, 1, -1)], size_of(sympy.Rational(1, 2))
    (['stretch', 'collapse', 'keep', 'keep'], 'squish')
    """
    magnitude = abs(factor)
    if magnitude == 0:
        return "collapse"
    if magnitude == 1:
        return "keep"
    return "stretch" if to_float(magnitude) > 1 else "squish"


def effect_of(factor: sympy.Expr) -> Effect:
    """Classify a signed stretch factor: negative factors flip, whatever their size.

    Examples
    --------
    >>> [effect_of(sympy.Integer(k)) for k in (3, -2, 0, 1)]
    ['stretch', 'flip', 'collapse', 'keep']
    """
    if factor != 0 and to_float(factor) < 0:
        return "flip"
    return size_of(factor)


def stretch_facts(
    expression: sympy.Expr,
    variable: sympy.Symbol,
    points: Sequence[float],
    input_range: Sequence[float] = DEFAULT_INPUT_RANGE,
) -> StretchFacts:
    """Compute the local stretch factor f'(x) and its effect at each point.

    Parameters
    ----------
    expression : sympy.Expr
        The map f from the input line to the output line.
    variable : sympy.Symbol
        Its variable.
    points : sequence of float
        Inputs to examine; each must lie within ``input_range`` with f differentiable there.
    input_range : pair of float
        The input line's extent, low < high.

    Returns
    -------
    StretchFacts

    Raises
    ------
    FieldError
        For ``points[i]`` outside the input range or where f has no slope, or for
        ``input_range`` if f is not finite across it.
    """
    low, high = (float(v) for v in input_range)
    rows = []
    for index, point in enumerate(points):
        field = f"points[{index}]"
        if not low <= point <= high:
            raise FieldError(field, f"x = {point:g} lies outside input_range [{low:g}, {high:g}]")
        a = exact(point)
        y = value_at(expression, variable, a, field)
        factor = slope_at(expression, variable, a, field)
        rows.append(
            StretchPoint(
                x=float(a), y=to_float(y), factor=to_float(factor),
                effect=effect_of(factor), size=size_of(factor), x_exact=exact_text(point),
            )
        )
    samples = sample_function(expression, variable, low, high, 801)
    if not np.all(np.isfinite(samples.y)):
        raise FieldError(
            "input_range",
            f"f is not defined and finite across [{low:g}, {high:g}]; choose a range inside its domain",
        )
    if len(continuous_pieces(expression, variable, low, high, 801)) != 1:
        # A pole between two samples (1/x on [-1, 2]) leaves every sample finite.
        raise FieldError(
            "input_range",
            f"f breaks inside [{low:g}, {high:g}] (it jumps or blows up); "
            "choose a range where it is continuous",
        )
    output_range = (float(np.min(samples.y)), float(np.max(samples.y)))
    return StretchFacts(input_range=(low, high), output_range=output_range, points=tuple(rows))


# ---- how a stretch factor reads -----------------------------------------------------------
def reading_decimals(value: float) -> int:
    """Decimals that show a factor for reading: 2, or 4 for a fraction that needs them.

    Examples
    --------
    More when a tiny nonzero factor would read 0: the effect a lesson names (flip, squish)
    must agree with the number beside it.

    >>> [reading_decimals(v) for v in (3.0, 0.5, -2.0, 0.0, 0.1304237, 140.68359375)]
    [2, 2, 2, 2, 4, 2]
    >>> reading_decimals(-3.6732051033725084e-06), shown(-3.6732051033725084e-06)
    (7, '-0.0000037')
    """
    if abs(value) >= 1 or math.isclose(value, round(value, 2), rel_tol=0, abs_tol=1e-12):
        return honest_decimals([value], 2)
    return honest_decimals([value], 4)


def shown(value: float) -> str:
    """A factor as prose and labels write it: the readout's digits, trailing zeros dropped.

    Examples
    --------
    >>> shown(46.89453125), shown(0.1304237), shown(3.0), shown(140.68359375), shown(0.3130169)
    ('46.89', '0.1304', '3', '140.68', '0.313')
    """
    return number(value, reading_decimals(value))


def readout_slots(values: Sequence[float], decimals: int) -> int:
    """Characters a readout needs to show every (finite) value of a list.

    Examples
    --------
    >>> readout_slots([3.0, -2.0, 0.5], 2), readout_slots([140.68, float("nan")], 2)
    (5, 6)
    """
    return max(len(format_number(v, decimals)) for v in values if math.isfinite(v))


def size_phrase(magnitude: float) -> str:
    """What a factor's size does to a length, in plain words (for prose).

    Examples
    --------
    >>> [size_phrase(m) for m in (3, 2, 0.5, 1)]
    ['triples', 'doubles', 'halves', 'keeps its length']
    >>> size_phrase(2.7), size_phrase(0.1304237)
    ('stretches 2.7 times', 'shrinks to 0.1304 of its length')
    """
    words = {2.0: "doubles", 3.0: "triples", 4.0: "quadruples", 0.5: "halves",
             1.0: "keeps its length"}
    for value, word in words.items():
        if math.isclose(magnitude, value, rel_tol=1e-9):
            return word
    if magnitude > 1:
        return f"stretches {shown(magnitude)} times"
    return f"shrinks to {shown(magnitude)} of its length"


def effect_sentence(point: StretchPoint, short: bool = False) -> str:
    """The prose line that names what f does near a point, from its facts.

    Examples
    --------
    >>> effect_sentence(StretchPoint(-1.0, 1.0, -2.0, "flip", "stretch"))
    'It flips and doubles: factor -2.'
    >>> effect_sentence(StretchPoint(0.0, 0.0, 0.0, "collapse", "collapse"))
    'It collapses to a point: factor 0.'
    >>> effect_sentence(StretchPoint(2.0, 0.7, 1/3, "squish", "squish"), short=True)
    'It squishes: factor 0.3333.'
    """
    if point.effect == "collapse":
        verb = "collapses to a point"
    elif short:
        verb = {"flip": "flips", "keep": "keeps its length"}.get(point.effect, point.effect + "es")
    elif point.effect == "flip":
        verb = "flips and " + size_phrase(abs(point.factor))
    else:
        verb = size_phrase(abs(point.factor))
    return f"It {verb}: factor {shown(point.factor)}."


def effect_tex(point: StretchPoint, short: bool = False) -> str:
    r"""The on-screen effect label of a point, in TeX (its number is the rounded fact).

    Examples
    --------
    >>> effect_tex(StretchPoint(1.5, 2.25, 3.0, "stretch", "stretch"))
    '\\text{stretch} \\times 3'
    >>> effect_tex(StretchPoint(-1.0, 1.0, -2.0, "flip", "stretch"))
    '\\text{flip and stretch} \\times 2'
    >>> effect_tex(StretchPoint(-1.0, 1.0, -2.0, "flip", "stretch"), short=True)
    '\\text{flip}, \\times 2'
    """
    size = shown(abs(point.factor))
    if point.effect == "collapse":
        return r"\text{collapse}" if short else r"\text{collapse to a point}"
    if point.effect == "keep":
        return r"\text{same length}"
    if point.effect == "flip":
        if point.size == "keep":
            return r"\text{flip}" if short else r"\text{flip, same length}"
        if short:
            return rf"\text{{flip}}, \times {size}"
        return rf"\text{{flip and {point.size}}} \times {size}"
    return rf"\text{{{point.effect}}} \times {size}"


def piece_phrases(x: float, n: Notation = Notation()) -> tuple[str, str, str]:
    """Prose that introduces the small piece around ``x``, longest first.

    Examples
    --------
    >>> piece_phrases(-1.0)
    ('Take a small piece around x = -1.', 'A small piece at x = -1.', 'Take a small piece.')
    """
    shown_x = number(x)
    return (f"Take a small piece around {n.variable} = {shown_x}.", f"A small piece at {n.variable} = {shown_x}.",
            "Take a small piece.")
