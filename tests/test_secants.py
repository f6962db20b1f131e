"""Secant lines through (a, f(a)) and (a + h, f(a + h)), and the tangent they collapse onto."""

from __future__ import annotations

import pytest
import sympy
from conftest import expr, make_lesson

from derivanim.analysis import exact
from derivanim.errors import FieldError, LessonError
from derivanim.expressions import symbol
from derivanim.facts import lesson_facts
from derivanim import secants
from derivanim.secants import H, Line, difference_quotient_steps, secant_facts

X = symbol("x")


@pytest.fixture(scope="module")
def square_at_2():
    return secant_facts(expr("x^2"), X, 2, [2, 1, 0.5, 0.25])


def test_second_points_of_x_squared_at_2(square_at_2):
    assert [s.h for s in square_at_2.secants] == [2.0, 1.0, 0.5, 0.25]
    assert [s.x2 for s in square_at_2.secants] == [4.0, 3.0, 2.5, 2.25]
    assert [s.y2 for s in square_at_2.secants] == [16.0, 9.0, 6.25, 5.0625]


def test_secant_slopes_of_x_squared_at_2_are_exact(square_at_2):
    assert [s.slope for s in square_at_2.secants] == [6.0, 5.0, 4.5, 4.25]


def test_difference_quotient_of_x_squared_is_h_plus_4(square_at_2):
    assert square_at_2.quotient == "h + 4"
    assert square_at_2.quotient_steps == (
        r"\frac{\left(h + 2\right)^{2} - 4}{h}",
        r"\frac{h^{2} + 4 h}{h}",
        "h + 4",
    )


def test_quotient_steps_are_equal_to_each_other_as_algebra():
    steps = difference_quotient_steps(expr("x^2"), X, sympy.Integer(2))
    assert len(steps) == 3
    for step in steps:
        assert sympy.simplify(step - (H + 4)) == 0
    assert steps[-1] == H + 4


def test_tangent_of_x_squared_at_2_is_y_equals_4x_minus_4(square_at_2):
    assert square_at_2.tangent == Line(slope=4.0, intercept=-4.0)
    assert (square_at_2.slope, square_at_2.slope_exact) == (4.0, "4")
    assert (square_at_2.x, square_at_2.y) == (2.0, 4.0)
    assert square_at_2.derivative == "2*x"


def test_secants_of_sine_at_1_2_approach_cos_1_2():
    facts = secant_facts(expr("sin(x)"), X, 1.2, [1, 0.3, 0.1, 0.03, 0.01])
    slopes = [s.slope for s in facts.secants]
    assert [round(s, 4) for s in slopes] == [-0.1235, 0.2182, 0.3152, 0.3483, 0.3577]
    assert round(facts.slope, 4) == 0.3624
    assert facts.slope == 0.36235775447667357  # cos(6/5) correctly rounded
    assert facts.slope_exact == "cos(6/5)"
    gaps = [abs(s - facts.slope) for s in slopes]
    assert gaps == sorted(gaps, reverse=True)  # each secant is closer to the tangent
    assert [s.x2 for s in facts.secants] == [2.2, 1.5, 1.3, 1.23, 1.21]


def test_sine_quotient_cannot_cancel_h_so_only_the_raw_step_is_shown():
    facts = secant_facts(expr("sin(x)"), X, 1.2, [0.1])
    assert facts.quotient == "(sin(h + 6/5) - sin(6/5))/h"
    assert len(facts.quotient_steps) == 1


def test_cubic_quotient_and_tangent():
    facts = secant_facts(expr("x^3"), X, 1, [1, 0.5])
    assert facts.quotient == "h^2 + 3*h + 3"
    assert [s.slope for s in facts.secants] == [7.0, 4.75]
    assert facts.tangent == Line(slope=3.0, intercept=-2.0)


def test_tangent_passes_through_the_point_with_the_derivative_as_slope():
    facts = secant_facts(expr("10 / (1 + 9e^(-x))"), X, 1, [0.5])
    assert facts.tangent.slope * facts.x + facts.tangent.intercept == pytest.approx(facts.y, rel=1e-14)
    derivative = sympy.diff(expr("10 / (1 + 9e^(-x))"), X).subs(X, 1)
    assert facts.slope == pytest.approx(float(derivative), rel=1e-15)


@pytest.mark.parametrize(
    ("function", "point", "message"),
    [
        ("log(x)", -1, "point: x = -1 is outside the domain of f (f(x) is not a real number there)"),
        ("1/x", 0, "point: f is singular at x = 0 (it blows up there)"),
        ("abs(x)", 0, "point: f is not differentiable at x = 0 (slope from the left -1, from the right 1)"),
        ("x^(1/3)", 0, "point: f is not differentiable at x = 0 (it jumps or its slope is infinite there)"),
    ],
)
def test_secants_refuse_points_without_a_tangent(function, point, message):
    with pytest.raises(FieldError) as caught:
        secant_facts(expr(function), X, point, [1])
    assert str(caught.value) == message


def test_a_second_point_outside_the_domain_names_its_h():
    lesson = make_lesson(kind="secant", function="sqrt(1 - x)", point=0, h=[0.5, 2])
    with pytest.raises(LessonError) as caught:
        lesson_facts(lesson)
    assert (caught.value.lesson, caught.value.field) == ("secant", "h[1]")
    assert str(caught.value) == (
        "lesson 'secant': h[1]: x = 2 is outside the domain of f (f(x) is not a real number there)"
    )


def test_config_decimals_are_exact_so_x2_is_the_decimal_sum():
    facts = secant_facts(expr("x^2"), X, 0.1, [0.2])
    assert facts.secants[0].x2 == 0.3  # 1/10 + 2/10 exactly, not 0.30000000000000004
    assert facts.secants[0].slope == float(exact(0.1) + exact(0.3))


# ---- what the lesson shows ----------------------------------------------------------------
def test_slope_decimals_give_small_slopes_four_decimals():
    assert [secants.slope_decimals(s) for s in (4.0, -40.0, 0.0, 0.3624, -0.05, 1.0)] == \
        [2, 2, 2, 4, 4, 2]


@pytest.mark.parametrize(
    "steps", [[2, 1, 0.5, 0.25], [1, 0.3, 0.1, 0.03, 0.01], [4, 2], [1, 0.001], [0.5, 0.125]])
def test_h_readout_shows_every_step_and_the_final_one_exactly(steps):
    decimals = secants.step_decimals(steps)
    assert decimals >= 2
    assert all(f"{h:.{decimals}f}".rstrip("0").rstrip(".") == str(h).rstrip("0").rstrip(".")
               for h in steps)
    final = secants.final_step(steps)
    assert 0 < final <= min(steps) / 40 or final == pytest.approx(10.0 ** -decimals)
    assert float(f"{final:.{decimals}f}") > 0  # the readout never reads 0


def test_quotient_latex_opens_with_the_quotient_and_ends_on_the_slope():
    facts = secant_facts(expr("x^2"), X, 2, [2, 1])
    lines = secants.quotient_latex(facts)
    assert lines[0] == r"\frac{f(2 + h) - f(2)}{h}"
    assert lines[1:-1] == [f"= {step}" for step in facts.quotient_steps]
    assert lines[-1] == r"\to 4 \text{ as } h \to 0"


def test_zoom_step_goes_on_to_the_final_step_or_stays():
    assert secants.zoom_step([2, 1, 0.5, 0.25]) == 0.01
    assert secants.zoom_step([1, 0.3, 0.1, 0.03, 0.01]) == 0.01
    assert secants.zoom_step([0.25, 2]) == 0.01  # the configured steps end at 2
    assert secants.zoom_step([4, 2, 0.001]) == 0.001
