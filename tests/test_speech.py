"""Narration text for the ear: numbers, formulas and whole captions said in words."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import sympy
from hypothesis import given, settings
from hypothesis import strategies as st

from derivanim.expressions import parse_expression
from derivanim.speech import leftover_symbols, say, say_expression
from derivanim.spoken_numbers import say_number

CAPTIONS = json.loads((Path(__file__).parent / "data" / "captions.json").read_text("utf-8"))
"""The distinct captions of the project's lessons when this module was written."""

x, n = sympy.Symbol("x"), sympy.Symbol("n")


@pytest.mark.parametrize(("value", "words"), [
    ("0.313", "zero point three one three"),
    ("-3", "minus three"),
    (-3, "minus three"),
    ("4.25", "four point two five"),
    ("1e-07", "one times ten to the minus seven"),
    ("1e-7", "one times ten to the minus seven"),
    (1e-07, "one times ten to the minus seven"),
    ("1,000", "one thousand"),
    ("1000", "one thousand"),
    ("16", "sixteen"),
    ("-16.5752", "minus sixteen point five seven five two"),
    ("140.68", "one hundred forty point six eight"),
    (2_345_678, "two million three hundred forty-five thousand six hundred seventy-eight"),
    ("inf", "infinity"),
    ("∞", "infinity"),
    ("-inf", "minus infinity"),
    (0.1 + 0.2, "zero point three"),
    (-0.0, "zero"),
    ("0", "zero"),
    ("−0.5", "minus zero point five"),
])
def test_numbers_are_said_in_words(value: float | str, words: str):
    assert say_number(value) == words


@pytest.mark.parametrize("text", ["", "abc", "1.2.3", "--1"])
def test_text_that_is_not_a_number_is_refused(text: str):
    with pytest.raises(ValueError, match="not a number"):
        say_number(text)


@pytest.mark.parametrize(("expr", "words"), [
    (x**2, "x squared"),
    (x**3, "x cubed"),
    (x**n, "x to the power n"),
    (x**5, "x to the power five"),
    (sympy.sin(x**2), "sine of x squared"),
    (3 * x**2 - 3, "three x squared minus three"),
    (2 * x * sympy.cos(x**2), "two x times cosine of x squared"),
    (sympy.exp(x), "e to the x"),
    (sympy.sqrt(x), "the square root of x"),
    (1 / x, "one over x"),
    (sympy.log(x), "the natural log of x"),
    (sympy.Abs(x), "the absolute value of x"),
    (x / 2, "x over two"),
    (sympy.Rational(6, 5), "six fifths"),
    (x**sympy.Rational(1, 3), "the cube root of x"),
    (sympy.sin(x) / x, "sine of x, over x"),
    (sympy.Eq(x, 2), "x equals two"),
    (sympy.Derivative(sympy.Symbol("y"), x), "d y by d x"),
    (sympy.Limit(sympy.sin(x) / x, x, 0, "-"),
     "the limit as x goes to zero from the left of sine of x, over x"),
])
def test_expressions_are_said_from_the_tree(expr: sympy.Expr, words: str):
    assert say_expression(expr) == words


def test_grouping_is_said_clearly():
    w = sympy.Symbol("w")
    assert say_expression((w - 2)**2 + 1) == "the quantity w minus two, squared, plus one"
    assert say_expression(parse_expression("(w - 2)^2 + 1", variable="w")) == (
        "the quantity w minus two, squared, plus one")
    assert say_expression(sympy.sin(x + 1)) == "sine of the quantity x plus one"
    assert say_expression(1 / (x + 1)) == "one over the quantity x plus one"


@pytest.mark.parametrize(("text", "words"), [
    ("x = -1", "x equals minus one"),
    ("x = 1.2", "x equals one point two"),
    ("f(-1) = 0.8415", "f of minus one equals zero point eight four one five"),
    ("f(-0.5) = 0.9589", "f of minus zero point five equals zero point nine five eight nine"),
    ("g'(1.2) = 2.4", "g prime of one point two equals two point four"),
    ("g'(x) = 2*x", "g prime of x equals two x"),
    ("f'(u)", "f prime of u"),
    ("f′(x)", "f prime of x"),
    ("L'(w)", "L prime of w"),
    ("0.2 × 6 = 1.2", "zero point two times six equals one point two"),
    ("2 · 3", "two times three"),
    ("-3 < 0", "minus three is less than zero"),
    ("x ≤ 2 and y ≥ 1", "x is less than or equal to two and y is greater than or equal to one"),
    ("x → 0⁻", "x goes to zero from the left"),
    ("x → 0⁺", "x goes to zero from the right"),
    ("h → 0", "h goes to zero"),
    ("3x^2 - 3", "three x squared minus three"),
    ("2x", "two x"),
    ("x^(1/3)", "the cube root of x"),
    ("e^(2x)", "e to the two x"),
    ("sin(x)/x", "sine of x, over x"),
    ("|f'(x)|", "the absolute value of f prime of x"),
    ("dy/dx = 2*x*cos(x^2)", "d y by d x equals two x times cosine of x squared"),
    ("dL/dw", "d L by d w"),
    ("the x-axis", "the x-axis"),
    ("don't", "don't"),
    ("the right-hand side", "the right-hand side"),
    ("it's the function's slope", "it's the function's slope"),
    ("true and/or false", "true and/or false"),
    ("-0.5", "minus zero point five"),
    ("The values read 2.0884, 2.2877.", "The values read two point zero eight eight four, "
                                        "two point two eight seven seven."),
    ("on [-2, 3]", "on the interval from minus two to three"),
    ("a hole at (0, 1).", "a hole at the point zero, one."),
    ("eta = 0.2", "eta equals zero point two"),
    ("η = 0.2", "eta equals zero point two"),
    ("Δx", "delta x"),
    ("x² + x³", "x squared plus x cubed"),
    ("lim_(h → 0) (f(x + h) - f(x))/h", "the limit as h goes to zero of the quantity f of the "
                                        "quantity x plus h, minus f of x, over h"),
    (r"$\frac{1}{x}$", "one over x"),
    ("(w - 2)^2 + 1", "the quantity w minus two, squared, plus one"),
    ("Here f(x) = 10 / (1 + 9e^(-x)).", "Here f of x equals ten over the quantity one plus "
                                         "nine e to the minus x."),
    ("y = 4x - 4", "y equals four x minus four"),
    ("(rise over run)", "(rise over run)"),
])
def test_sentences_are_said_for_the_ear(text: str, words: str):
    assert say(text) == words
    assert leftover_symbols(say(text)) == []


def test_variables_decide_products_and_function_calls():
    assert say("x(x + 1)") == "x times the quantity x plus one"
    assert say("g(x + 1)") == "g of the quantity x plus one"
    assert say("g(x + 1)", variables="xg") == "g times the quantity x plus one"


@pytest.mark.parametrize(("text", "found"), [
    ("f'(x) = 3x^2", ["'", "=", "3x", "^"]),
    ("x → 0⁻", ["→", "⁻"]),
    ("a × b · c * d / e", ["×", "·", "*", "/"]),
    (r"\frac{1}{2} x_0", ["\\", "{", "}", "{", "}", "_"]),
    ("|x| < 1 > 0", ["|", "|", "<", ">"]),
    ("(unclosed [", ["(", "["]),
    ("f's slope, it's fine, the slopes' signs, and/or", []),
])
def test_leftover_symbols_are_what_a_voice_stumbles_on(text: str, found: list[str]):
    assert leftover_symbols(text) == found


_WORDS = st.sampled_from(["the", "slope", "is", "at", "and", "it's", "x-axis", "rises", "f"])
_NUMBERS = st.one_of(
    st.integers(-10**7, 10**7).map(str),
    st.floats(-1e6, 1e6, allow_nan=False).map(lambda value: f"{value:.4g}"),
    st.floats(allow_nan=False, allow_infinity=True).map(repr),
)
_MATH = st.sampled_from([
    "x", "h", "f(x)", "g'(x)", "f′(u)", "L'(w)", "dy/dx", "x^2", "3x^2", "2x", "e^(2x)",
    "sin(x)", "|f'(x)|", "(", ")", "[", "]", "|", "=", "<", ">", "≤", "≥", "→", "0⁻", "⁺", "+",
    "-", "*", "×", "·", "/", "^", "'", "_", "{", "}", "\\frac", "\\eta", "√", "∞", ",", "x₀",
    "lim_(h→0)", "sqrt(x)", "abs(x)", "log(x)", "η", "Δ", "²", "(0, 1)", "[-2, 3]", "**",
])
_PIECES = st.lists(st.one_of(_WORDS, _NUMBERS, _MATH), max_size=14)


@settings(max_examples=300, deadline=None)
@given(_PIECES, st.sampled_from([" ", "", " "]))
def test_say_never_raises_and_leaves_nothing_a_voice_stumbles_on(pieces: list[str], gap: str):
    text = gap.join(pieces)
    assert leftover_symbols(say(text)) == []


def _numbers_in_words(caption: str) -> list[str]:
    """How each number of a caption must be said: in words, and an exponent 2 or 3 as "squared"
    or "cubed"."""
    found = []
    for match in re.finditer(r"(?:(\^)|(?<![\w.]))(-?\d+(?:\.\d+)?)", caption):
        power = {"2": "squared", "3": "cubed"}.get(match[2]) if match[1] else None
        found.append(power or say_number(match[2]))
    return found


@pytest.mark.parametrize("caption", CAPTIONS)
def test_every_caption_of_the_course_is_said_without_symbols(caption: str):
    spoken = say(caption)
    assert leftover_symbols(spoken) == []
    assert not re.search(r"\d", spoken)
    for words in _numbers_in_words(caption):
        assert words in spoken


def test_the_captions_file_is_sorted_and_distinct():
    assert CAPTIONS == sorted(set(CAPTIONS)) and len(CAPTIONS) > 50


@pytest.mark.parametrize("text", ["x₀⁺", "h₀⁻", "f(x₀)⁺", "x₁₂⁺"])
def test_subscripts_glued_to_a_side_are_still_said(text: str):
    """Found by the property test: a subscript digit before a side mark was left as it was."""
    assert leftover_symbols(say(text)) == []
