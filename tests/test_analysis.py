"""Exact values and slopes at a point, and the honest refusals where they do not exist."""

from __future__ import annotations

import math

import pytest
import sympy
from conftest import expr, timed

from derivanim.analysis import exact, one_sided_slopes, show, slope_at, to_float, value_at
from derivanim.errors import FieldError
from derivanim.expressions import symbol

X = symbol("x")
W = symbol("w")


@pytest.mark.parametrize(
    ("number", "rational"),
    [(1.2, sympy.Rational(6, 5)), (0.1, sympy.Rational(1, 10)), (2, sympy.Integer(2)),
     (-0.25, sympy.Rational(-1, 4)), (2.0, sympy.Integer(2)), (1e-3, sympy.Rational(1, 1000))],
)
def test_config_numbers_become_the_decimal_they_denote(number, rational):
    assert exact(number) == rational


def test_show_writes_points_as_short_decimals():
    assert [show(sympy.Rational(6, 5)), show(sympy.Integer(-1)), show(0.25)] == ["1.2", "-1", "0.25"]


@pytest.mark.parametrize(
    ("function", "point", "value"),
    [
        ("x^2", 1.5, sympy.Rational(9, 4)),
        ("x^3 - 3x", -1, sympy.Integer(2)),
        ("sin(x)", 1.2, sympy.sin(sympy.Rational(6, 5))),
        ("abs(x)", 0, sympy.Integer(0)),
        ("sqrt(x)", 0, sympy.Integer(0)),
        ("log(x)", 1, sympy.Integer(0)),
    ],
)
def test_value_at_is_exact(function, point, value):
    assert value_at(expr(function), X, exact(point), "point") == value


@pytest.mark.parametrize(
    ("function", "point", "message"),
    [
        ("log(x)", -1, "point: x = -1 is outside the domain of f (f(x) is not a real number there)"),
        ("sqrt(x)", -4, "point: x = -4 is outside the domain of f (f(x) is not a real number there)"),
        ("asin(x)", 2, "point: x = 2 is outside the domain of f (f(x) is not a real number there)"),
        ("1/x", 0, "point: f is singular at x = 0 (it blows up there)"),
        ("1/x^2", 0, "point: f is singular at x = 0 (it blows up there)"),
        ("log(x)", 0, "point: f is singular at x = 0 (it blows up there)"),
        ("sin(x)/x", 0, "point: f is undefined at x = 0 (0/0 or similar)"),
        ("abs(x)/x", 0, "point: f is undefined at x = 0 (0/0 or similar)"),
    ],
)
def test_value_at_refuses_points_where_f_has_no_real_value(function, point, message):
    with pytest.raises(FieldError) as caught:
        value_at(expr(function), X, exact(point), "point")
    assert str(caught.value) == message


def test_a_config_number_near_a_pole_is_the_decimal_written_not_the_pole():
    # 1.5707963267948966 is not pi/2, so tan has a (huge) value there.
    assert to_float(value_at(expr("tan(x)"), X, exact(math.pi / 2), "point")) > 1e15


def test_refusals_name_the_variable_and_the_field_they_were_given():
    with pytest.raises(FieldError) as caught:
        value_at(expr("log(w)", "w"), W, exact(-1), "start")
    assert caught.value.field == "start"
    assert str(caught.value).startswith("start: w = -1 is outside the domain")


@pytest.mark.parametrize(
    ("function", "point", "slope"),
    [
        ("x^2", 2, sympy.Integer(4)),
        ("x^2", 1.2, sympy.Rational(12, 5)),
        ("x^3 - 3x", 1.5, sympy.Rational(15, 4)),
        ("sin(x)", 1.2, sympy.cos(sympy.Rational(6, 5))),
        ("abs(x)", 1, sympy.Integer(1)),
        ("abs(x)", -2, sympy.Integer(-1)),
        ("x abs(x)", 0, sympy.Integer(0)),  # differentiable through the kink of abs
        ("x^(1/3)", 8, sympy.Rational(1, 12)),
        ("x^x", 1, sympy.Integer(1)),
    ],
)
def test_slope_at_is_exact_where_sympy_finds_it(function, point, slope):
    assert slope_at(expr(function), X, exact(point), "point") == slope


@pytest.mark.parametrize(
    ("function", "point", "message"),
    [
        ("abs(x)", 0, "point: f is not differentiable at x = 0 (slope from the left -1, from the right 1)"),
        ("abs(x - 1)", 1, "point: f is not differentiable at x = 1 (slope from the left -1, from the right 1)"),
        ("x^(1/3)", 0, "point: f is not differentiable at x = 0 (it jumps or its slope is infinite there)"),
        ("sqrt(x)", 0, "point: f is not differentiable at x = 0 (it jumps or its slope is infinite there)"),
        ("sign(x)", 0, "point: f is not differentiable at x = 0 (it jumps or its slope is infinite there)"),
        ("1/x", 0, "point: f is singular at x = 0 (it blows up there)"),
        ("log(x)", -1, "point: x = -1 is outside the domain of f (f(x) is not a real number there)"),
    ],
)
def test_slope_at_refuses_kinks_cusps_jumps_and_poles(function, point, message):
    with pytest.raises(FieldError) as caught:
        slope_at(expr(function), X, exact(point), "point")
    assert str(caught.value) == message


def test_sympys_sign_convention_does_not_hide_the_kink_of_abs():
    # sympy says d/dx abs(x) = sign(x), which is 0 at 0; the one-sided slopes say -1 and 1.
    assert sympy.diff(expr("abs(x)"), X).subs(X, 0) == 0
    left, right = one_sided_slopes(expr("abs(x)"), X, exact(0), "point")
    assert (round(left, 12), round(right, 12)) == (-1.0, 1.0)


def test_one_sided_slopes_agree_with_the_derivative_where_f_is_smooth():
    left, right = one_sided_slopes(expr("sin(x)"), X, exact(1.2), "point")
    assert left == pytest.approx(math.cos(1.2), rel=1e-12)
    assert right == pytest.approx(math.cos(1.2), rel=1e-12)


def test_one_sided_slopes_of_a_jump_are_nan():
    left, right = one_sided_slopes(expr("sign(x)"), X, exact(0), "point")
    assert math.isnan(left) and math.isnan(right)


@pytest.mark.parametrize("function", ["x^x", "sqrt(x^x)", "x^(x/2)", "(x + 1)^(x + 1)"])
def test_self_powers_near_one_are_checked_in_well_under_a_second(function):
    # Exact arithmetic on (1 - 10^-20)^(1 - 10^-20) never finishes; the probes must be numeric.
    seconds, slope = timed(lambda: slope_at(expr(function), X, exact(1), "point"))
    assert isinstance(slope, sympy.Expr), slope
    assert seconds < 1.0


def test_to_float_rounds_exact_values_to_the_nearest_double():
    assert to_float(sympy.cos(sympy.Rational(6, 5))) == 0.36235775447667357
    assert to_float(sympy.Rational(12, 5)) == 2.4
