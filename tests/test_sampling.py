"""Sampling split into continuous pieces: a break is a gap in the drawing, never a stroke."""

from __future__ import annotations

import math

import numpy as np
import pytest
from conftest import expr

from derivanim.expressions import symbol
from derivanim.sampling import continuous_pieces, numeric_function, sample_function

X = symbol("x")
POLES_OF_TAN = [math.pi / 2 + k * math.pi for k in range(-3, 3)]


def pieces(function, low, high, count=1201):
    return continuous_pieces(expr(function), X, low, high, count)


@pytest.mark.parametrize(
    ("function", "low", "high", "count"),
    [
        ("tan(x)", -6, 6, 5),
        ("1/x", -6, 6, 2),
        ("abs(x)/x", -6, 6, 2),
        ("sign(x)", -1, 1, 2),
        ("1/x^2", -1, 1, 2),
        ("exp(10x)", -1, 1, 1),
        ("sin(50x)", -6, 6, 1),
        ("x^2", -2, 2, 1),
        ("atan(1000x)", -2, 3, 1),  # steep but continuous
        ("log(x)", -1, 2, 1),  # undefined on the left half: no piece there
    ],
)
def test_number_of_continuous_pieces(function, low, high, count):
    assert len(pieces(function, low, high)) == count


def test_tan_pieces_each_lie_between_two_poles_and_rise():
    for piece in pieces("tan(x)", -6, 6):
        assert not any(piece.x[0] < pole < piece.x[-1] for pole in POLES_OF_TAN)
        assert np.all(np.diff(piece.y) > 0)  # tan increases on each branch: no stroke down


def test_one_over_x_pieces_stay_on_their_side_and_fall():
    left, right = pieces("1/x", -6, 6)
    assert left.x[-1] < 0 < right.x[0]
    assert np.all(left.y < 0) and np.all(right.y > 0)
    assert np.all(np.diff(left.y) < 0) and np.all(np.diff(right.y) < 0)


def test_sign_switch_pieces_are_flat():
    left, right = pieces("abs(x)/x", -6, 6)
    assert left.y == pytest.approx(np.full(len(left.y), -1.0), rel=1e-15)
    assert right.y == pytest.approx(np.full(len(right.y), 1.0), rel=1e-15)


@pytest.mark.parametrize(
    ("function", "low", "high", "steepest"),
    [("exp(10x)", -1, 1, 10 * math.exp(10)), ("sin(50x)", -6, 6, 50.0)],
)
def test_no_step_inside_a_piece_is_larger_than_the_slope_allows(function, low, high, steepest):
    (piece,) = pieces(function, low, high)
    dx = (high - low) / 1200
    assert np.max(np.abs(np.diff(piece.y))) <= steepest * dx * (1 + 1e-9)
    assert (piece.x[0], piece.x[-1], len(piece.x)) == (low, high, 1201)


def test_pieces_keep_every_defined_sample_in_order():
    all_x = np.concatenate([p.x for p in pieces("tan(x)", -6, 6)])
    assert len(all_x) == 1201  # no sample of tan lands on a pole, so none is lost
    assert np.all(np.diff(all_x) > 0)


def test_log_piece_starts_where_log_is_defined():
    (piece,) = pieces("log(x)", -1, 2)
    assert piece.x[0] > 0 and piece.x[-1] == 2.0


def test_numeric_function_returns_nan_off_the_domain():
    f = numeric_function(expr("sqrt(x)"), X)
    result = f(np.array([-1.0, 0.0, 4.0]))
    assert np.isnan(result[0]) and result[1:].tolist() == [0.0, 2.0]
    g = numeric_function(expr("log(x)"), X)
    assert np.isnan(g(np.array([-2.0, 0.0]))).all()


def test_numeric_function_of_a_constant_has_one_value_per_input():
    f = numeric_function(expr("3"), X)
    assert f(np.linspace(0, 1, 5)).tolist() == [3.0] * 5


def test_sample_function_is_evenly_spaced():
    samples = sample_function(expr("x^2"), X, 0, 2, 3)
    assert samples.x.tolist() == [0.0, 1.0, 2.0]
    assert samples.y.tolist() == [0.0, 1.0, 4.0]
