"""Local slopes along a curve, their signs, and the derivative as a function of its own."""

from __future__ import annotations

import pytest
import sympy
from conftest import expr, make_lesson

from derivanim.errors import FieldError, LessonError
from derivanim.expressions import parse_expression, symbol
from derivanim.facts import lesson_facts
from derivanim import slopes
from derivanim.numbers import format_number
from derivanim.slopes import DEFAULT_POINTS, SlopePoint, sign_of, slope_facts

X = symbol("x")


def test_cubic_is_flat_then_falling_then_rising():
    facts = slope_facts(expr("x^3 - 3x"), X, [-1, 0, 1.5])
    assert [(p.x, p.y, p.slope, p.sign) for p in facts.points] == [
        (-1.0, 2.0, 0.0, "zero"),
        (0.0, 0.0, -3.0, "negative"),
        (1.5, -1.125, 3.75, "positive"),
    ]


def test_cubic_derivative_is_a_new_function():
    facts = slope_facts(expr("x^3 - 3x"), X, DEFAULT_POINTS)
    assert facts.derivative == "3*x^2 - 3"
    assert facts.derivative_latex == "3 x^{2} - 3"
    assert DEFAULT_POINTS == (-1.0, 0.0, 1.5)


def test_slopes_of_x_squared_fall_steeply_flatten_and_rise():
    facts = slope_facts(expr("x^2"), X, [1.2, -2, 0, 1, 3])
    assert [p.slope for p in facts.points] == [2.4, -4.0, 0.0, 2.0, 6.0]
    assert [p.sign for p in facts.points] == ["positive", "negative", "zero", "positive", "positive"]


def test_each_slope_equals_the_derivative_evaluated_there():
    f = expr("10 / (1 + 9e^(-x))")
    facts = slope_facts(f, X, [0, 2.2, 5])
    derivative = sympy.diff(f, X)
    for point in facts.points:
        assert point.slope == pytest.approx(float(derivative.subs(X, sympy.Rational(str(point.x)))), rel=1e-15)
    # the logistic curve grows fastest halfway to its capacity (x = ln 9 = 2.197...)
    assert facts.points[1].slope > max(facts.points[0].slope, facts.points[2].slope)


@pytest.mark.parametrize(
    ("slope", "sign"),
    [
        (sympy.Integer(0), "zero"),
        (sympy.Rational(-1, 3), "negative"),
        (sympy.cos(1), "positive"),
        (sympy.Rational(1, 10**30), "positive"),
    ],
)
def test_sign_of_reads_exact_slopes(slope, sign):
    assert sign_of(slope) == sign


def test_a_kink_among_the_points_names_that_point():
    with pytest.raises(FieldError) as caught:
        slope_facts(expr("abs(x)"), X, [1, 0])
    assert caught.value.field == "points[1]"
    lesson = make_lesson(kind="slopes", function="log(x)", points=[1, -2])
    with pytest.raises(LessonError) as caught_lesson:
        lesson_facts(lesson)
    assert str(caught_lesson.value) == (
        "lesson 'slopes': points[1]: x = -2 is outside the domain of f (f(x) is not a real number there)"
    )


# ---- what the lesson shows ----------------------------------------------------------------
@pytest.mark.parametrize("points", [[-1, 0, 1.5], [0, 2.2, 5], [-3, -2.5], [10, 40, 100], [0.1, 0.2]])
def test_the_sweep_starts_on_a_tick_and_covers_every_point(points):
    low, high, step = slopes.sweep_range(points)
    assert low < min(points) and high > max(points)
    assert round(low / step, 9) == round(low / step)  # the axes start their ticks at `low`
    assert high - max(points) == pytest.approx(max(0.75, 0.3 * (max(points) - min(points))))


def _old_slope_decimals(values):
    """The scene's former rule: 4 below 0.1, 3 below 1, else 2 (zero counts as 2)."""
    decimals = 2
    for value in values:
        size = abs(value)
        if 0 < size < 0.1:
            decimals = max(decimals, 4)
        elif 0 < size < 1:
            decimals = max(decimals, 3)
    return decimals


@pytest.mark.parametrize(
    "value", [0.0, 0.001, 0.01, 0.0539, 0.1, 0.25, 0.999, 1.0, 3.75, -0.5, -0.05, 1e6,
              float("inf"), float("nan")])
def test_slope_decimals_keep_three_significant_digits(value):
    assert slopes.slope_decimals([value]) == _old_slope_decimals([value])
    assert slopes.slope_decimals([value, 3.0]) == _old_slope_decimals([value, 3.0])


@pytest.mark.parametrize("value, shown", [(1e-9, "0.0000000010"), (-3.6732051033725084e-06, "-0.0000037"),
                                          (4e-5, "0.000040"), (-0.004, "-0.0040")])
def test_slope_decimals_show_the_sign_of_a_tiny_slope(value, shown):
    decimals = slopes.slope_decimals([value, 3.0])
    assert format_number(value, decimals) == shown
    assert float(format_number(value, decimals)) != 0


def test_reading_follows_the_sign_and_warns_when_steep():
    flat, falling, steep = (SlopePoint(0.0, 1.0, 0.0, "zero"), SlopePoint(1.0, 0.0, -2.0, "negative"),
                            SlopePoint(2.0, 0.0, 12.0, "positive"))
    assert slopes.reading(flat)[0] == ("Slope 0: flat. A peak or dip may be near.",
                                       "Slope 0: flat here.")
    lines, caption = slopes.reading(falling)
    assert lines == ("Slope -2 < 0: f is decreasing.", "Slope -2: decreasing.")
    assert "goes down" in caption and "steep" not in caption
    lines, caption = slopes.reading(steep)
    assert lines[0] == "Slope 12 > 0: f is increasing."
    assert caption.endswith("a small error in the input makes a big swing in the output.")


def test_a_float_written_for_a_critical_point_has_slope_zero_not_a_round_off_sign():
    """sin at 1.5707963267948966 (pi/2 as a float) has f' = 6e-17 at that decimal: the lesson
    must call it flat, as its readout 0.00 does, not rising."""
    facts = slope_facts(parse_expression("sin(x)"), symbol("x"),
                        [1.5707963267948966, -1.5707963267948966, 1.5707963]).points
    assert [(p.slope, p.sign) for p in facts[:2]] == [(0.0, "zero"), (0.0, "zero")]
    assert facts[2].sign == "positive" and 0 < facts[2].slope < 1e-6  # a real, if small, slope
