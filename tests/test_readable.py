"""Caption math for the eye: powers, products, primes, arrows and roots as readable text."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from derivanim.readable import powers, readable, superscript

CAPTIONS = json.loads((Path(__file__).parent / "data" / "captions.json").read_text("utf-8"))
"""The distinct captions of the project's lessons when this module was written."""

MATH_APOSTROPHE = re.compile(r"(?<![A-Za-z])[A-Za-z]'(?![A-Za-z])")
"""A one-letter name followed by an apostrophe that starts no word: a prime typed as code."""


@pytest.mark.parametrize(("code", "text"), [
    ("x^2", "x²"),
    ("x^(-1)", "x⁻¹"),
    ("e^(2x)", "e²ˣ"),
    ("e^(2*x)", "e²ˣ"),
    ("9e^(-x)", "9e⁻ˣ"),
    ("(x + 1)^10", "(x + 1)¹⁰"),
    ("x**3 - 3x", "x³ - 3x"),
    ("x^(1/3)", "x^(1/3)"),
    ("x^0.5", "x^0.5"),
    ("e^(x + 1)", "e^(x + 1)"),
    ("e^(Q)", "e^(Q)"),
    ("2^n", "2ⁿ"),
    ("e^sin(x)", "e^sin(x)"),
    ("2*x", "2x"),
    ("30*x*(3*x^2 + 1)^4", "30x(3x² + 1)⁴"),
    ("2*x*cos(x^2)", "2x·cos(x²)"),
    ("x*y", "x·y"),
    ("2*3", "2·3"),
    ("(x + 1)*(x - 1)", "(x + 1)(x - 1)"),
    ("sin(x)*x", "sin(x)·x"),
    ("g'(x) = 2*x", "g′(x) = 2x"),
    ("f''(x)", "f″(x)"),
    ("written f'.", "written f′."),
    ("|f'(x)|", "|f′(x)|"),
    ("it's f's slope, the function's, can't", "it's f's slope, the function's, can't"),
    ("h -> 0", "h → 0"),
    ("x <= 1, y >= 2, a != b", "x ≤ 1, y ≥ 2, a ≠ b"),
    ("sqrt(x) + 2sqrt(2) + sqrt(0.5)", "√x + 2√2 + √0.5"),
    ("sqrt(x + 1)", "sqrt(x + 1)"),
    ("f(-0.5) = 0.9589, 0 over 0", "f(-0.5) = 0.9589, 0 over 0"),
    ("", ""),
])
def test_readable_writes_math_as_text(code: str, text: str):
    assert readable(code) == text


def test_the_helpers_say_none_where_no_superscript_exists():
    assert superscript("q") is None and superscript("") is None and superscript("1.5") is None
    assert superscript("n+1") == "ⁿ⁺¹"
    assert powers("x^") == "x^" and powers("x^(2") == "x^(2"


def test_readable_keeps_plain_prose_and_is_idempotent():
    prose = "How steep is this curve? A slope needs two points, and here we have only one."
    assert readable(prose) == prose
    for caption in CAPTIONS:
        assert readable(readable(caption)) == readable(caption)


def test_no_caption_keeps_code_syntax():
    assert len(CAPTIONS) == 76
    for caption in CAPTIONS:
        text = readable(caption)
        assert "*" not in text and "^" not in text, text
        assert not MATH_APOSTROPHE.search(text), text
        assert "->" not in text and "<=" not in text


@pytest.mark.parametrize(("fragment", "expected"), [
    ("g'(x) = 2*x and f'(u) = cos(u)", "g′(x) = 2x and f′(u) = cos(u)"),
    ("y = (3*x^2 + 1)^5 is one function", "y = (3x² + 1)⁵ is one function"),
    ("f(x) = 10 / (1 + 9e^(-x))", "f(x) = 10 / (1 + 9e⁻ˣ)"),
    ("f'(x) = 90exp(-x)/(1 + 9exp(-x))^2", "f′(x) = 90exp(-x)/(1 + 9exp(-x))²"),
    ("the loss (y - w x - b)^2 at", "the loss (y - w x - b)² at"),
    ("a tiny square's area by |det J|", "a tiny square's area by |det J|"),
])
def test_the_corpus_reads_as_expected(fragment: str, expected: str):
    assert any(fragment in caption for caption in CAPTIONS)
    assert readable(fragment) == expected
