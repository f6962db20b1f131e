"""The chain rule: outer and inner from the expression tree, and multiplied local slopes."""

from __future__ import annotations

import pytest
import sympy
from conftest import expr, make_lesson

from derivanim.chain import (
    Decomposition,
    U,
    chain_facts,
    check_composition,
    decompose,
    piece_range,
    scale_phrase,
    step_phrases,
    zoom_note,
    zoomed_out,
)
from derivanim.errors import FieldError, LessonError
from derivanim.expressions import parse_expression, symbol
from derivanim.facts import lesson_facts

X = symbol("x")


def test_sin_of_x_squared_at_1_2():
    facts = chain_facts(expr("sin(x^2)"), X, 1.2)
    assert (facts.outer, facts.inner) == ("sin(u)", "x^2")
    assert (facts.outer_derivative, facts.inner_derivative) == ("cos(u)", "2*x")
    assert facts.derivative == "2*x*cos(x^2)"
    at = facts.at
    assert at.x == 1.2
    assert at.inner_value == 1.44
    assert at.inner_slope == 2.4
    assert round(at.outer_slope, 4) == 0.1304
    assert f"{at.total:.4f}" == "0.3130"
    assert at.outer_slope == 0.1304237087381455  # cos(36/25), correctly rounded
    assert at.total == pytest.approx(at.outer_slope * at.inner_slope, rel=1e-15)
    assert at.outer_value == pytest.approx(0.9914583481916864, rel=1e-15)


def test_chain_rule_written_as_outer_at_inside_times_inner_slope():
    facts = chain_facts(expr("sin(x^2)"), X, 1.2)
    assert facts.chain_latex == r"\cos{\left(x^{2} \right)} \cdot 2 x"
    assert facts.outer_latex == r"\sin{\left(u \right)}"
    assert facts.inner_latex == "x^{2}"


def test_power_of_a_polynomial_splits_into_u_to_the_5_and_3x_squared_plus_1():
    facts = chain_facts(expr("(3x^2 + 1)^5"), X, 0.5)
    assert (facts.outer, facts.inner) == ("u^5", "3*x^2 + 1")
    assert (facts.outer_derivative, facts.inner_derivative) == ("5*u^4", "6*x")
    derivative = parse_expression(facts.derivative)
    assert sympy.simplify(derivative - 5 * (3 * X**2 + 1) ** 4 * 6 * X) == 0
    at = facts.at
    assert (at.inner_value, at.inner_slope, at.outer_slope) == (1.75, 3.0, 46.89453125)
    assert at.total == 140.68359375  # 5 * 1.75^4 * 3, exactly representable


@pytest.mark.parametrize(
    ("function", "outer", "inner"),
    [
        ("sin(x^2)", sympy.sin(U), X**2),
        ("(3x^2+1)^5", U**5, 3 * X**2 + 1),
        ("3sin(x^2) + 1", 3 * sympy.sin(U) + 1, X**2),
        ("exp(2x)", sympy.exp(U), 2 * X),
        ("e^(x^2)", sympy.exp(U), X**2),
        ("2^(x^2)", 2**U, X**2),
        ("sqrt(x^2 + 1)", sympy.sqrt(U), X**2 + 1),
        ("log(cos(x))", sympy.log(U), sympy.cos(X)),
        ("-2/(x + 1)^2", -2 / U**2, X + 1),
    ],
)
def test_decompose_finds_the_outermost_composition(function, outer, inner):
    parts = decompose(expr(function), X)
    assert (parts.outer, parts.inner) == (outer, inner)
    assert sympy.simplify(parts.outer.subs(U, parts.inner) - expr(function)) == 0


@pytest.mark.parametrize("function", ["x^2 + sin(x)", "sin(x)", "x^3", "2^x", "x sin(x)", "7"])
def test_non_composites_are_refused(function):
    with pytest.raises(FieldError) as caught:
        decompose(expr(function), X)
    assert caught.value.field == "function"
    assert caught.value.reason.endswith(
        "is not a composition f(g(x)); give outer and inner explicitly"
    )


def test_non_composite_message_names_the_function():
    with pytest.raises(LessonError) as caught:
        lesson_facts(make_lesson(kind="chain", function="x^2 + sin(x)", point=1))
    assert str(caught.value) == (
        "lesson 'chain': function: x^2 + sin(x) is not a composition f(g(x)); "
        "give outer and inner explicitly"
    )


def test_explicit_outer_and_inner_are_used_when_they_compose_to_f():
    facts = lesson_facts(
        make_lesson(kind="chain", function="x^2 + sin(x)", point=1, outer="u^2 + sin(u)", inner="x")
    ).facts
    assert (facts.outer, facts.inner) == ("u^2 + sin(u)", "x")
    assert facts.at.total == pytest.approx(2 + 0.5403023058681398, rel=1e-15)


def test_explicit_parts_that_do_not_compose_to_f_are_refused():
    with pytest.raises(FieldError) as caught:
        check_composition(expr("sin(x^2)"), X, Decomposition(sympy.cos(U), X**2))
    assert str(caught.value) == "outer: outer(inner(x)) = cos(x^2) differs from the function sin(x^2)"


@pytest.mark.parametrize(
    ("function", "point"),
    [("sin(x^2)", 1.2), ("(3x^2 + 1)^5", 0.5), ("exp(sin(x))", 0.3), ("log(x^2 + 1)", 2),
     ("sqrt(x^2 + 1)", -1), ("tan(3x - 1)", 0.25), ("(1 + e^(-x))^(-1)", 1.5)],
)
def test_total_equals_the_derivative_of_the_composite(function, point):
    f = expr(function)
    facts = chain_facts(f, X, point)
    exact = sympy.diff(f, X).subs(X, sympy.Rational(str(point)))
    assert facts.at.total == pytest.approx(float(sympy.N(exact, 30)), rel=1e-13)


def test_a_kink_in_the_inner_function_is_refused_at_the_point():
    with pytest.raises(FieldError) as caught:
        chain_facts(expr("sin(abs(x))"), X, 0)
    assert caught.value.field == "point"
    assert "not differentiable at x = 0" in caught.value.reason


# ---- the lesson's number lines and words (no Manim) -----------------------------------------
def test_lines_that_hold_their_piece_share_one_span():
    x_line, u_line = piece_range([1.15, 1.25], 0.5), piece_range([1.3225, 1.5625], 0.5)
    assert x_line[1] - x_line[0] == pytest.approx(u_line[1] - u_line[0])
    assert x_line[2] == u_line[2] == 0.1


def test_a_long_piece_zooms_its_line_out_and_stays_inside_it():
    low, high, step = piece_range([10.72, 25.21], 0.5)
    assert (low, high, step) == (0.0, 35.0, 5.0)
    assert low < 10.72 and 25.21 < high
    assert round(low / (2 * step)) * 2 * step == low, "lines start on an even multiple of the step"


@pytest.mark.parametrize(("factor", "phrase"), [
    (2.4, "stretches it by 2.4"),
    (0.1304237087381455, "squishes it by 0.1304"),
    (-3.0, "flips it and stretches by 3"),
    (-0.5, "flips it and squishes by 0.5"),
    (0.0, "collapses it to a point"),
    (1.0, "keeps its length"),
    (-1.0, "flips it, same length"),
])
def test_scale_phrases_name_the_factor(factor, phrase):
    assert scale_phrase(factor) == phrase


def test_only_a_line_wider_than_the_one_above_counts_as_zoomed_out():
    shared = [(0.8, 1.5, 0.1), (1.0, 1.7, 0.1), (0.6, 1.3, 0.1)]
    assert not zoomed_out(shared, 1) and not zoomed_out(shared, 2)
    assert zoomed_out([(0.0, 0.7, 0.1), (0.0, 35.0, 5.0)], 1)


def test_step_phrases_name_the_map_and_note_a_zoomed_line_first():
    plain = step_phrases(2, "f", 0.1304237087381455, zoomed=False)
    assert plain == ["Step 2: f squishes it by 0.1304.", "Step 2: factor 0.1304.",
                     "Step 2: a factor."]
    zoomed = step_phrases(1, "g", 3.0, zoomed=True)
    assert zoomed[:2] == ["Step 1: ×3, u line zoomed out.", "Step 1: ×3 (zoomed out)."]
    assert zoomed[2:] == step_phrases(1, "g", 3.0, zoomed=False)
    assert zoom_note(1, zoomed=True).startswith(" The u line is zoomed out")
    assert zoom_note(2, zoomed=False) == ""
