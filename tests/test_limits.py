"""Limits: nearby values, whether both sides agree, and what value emerges (never a refusal)."""

from __future__ import annotations

import math
import time

import pytest
import sympy
from conftest import expr

from derivanim import limits
from derivanim.expressions import symbol
from derivanim.limits import limit_facts, one_sided_limit

X = symbol("x")


def test_sin_x_over_x_settles_on_one_with_a_hole_at_zero():
    facts = limit_facts(expr("sin(x)/x"), X, 0)
    assert [row.x for row in facts.table] == [-1.0, -0.5, -0.1, 0.1, 0.5, 1.0]
    assert [round(row.value, 4) for row in facts.table] == [
        0.8415, 0.9589, 0.9983, 0.9983, 0.9589, 0.8415
    ]
    assert facts.left == facts.right == facts.limit == 1.0
    assert facts.exists is True
    assert facts.behaviour == "removable"
    assert facts.value is None  # the open circle: f(0) itself is undefined
    assert facts.limit_exact == "1"
    assert facts.point == 0.0


def test_the_table_is_symmetric_for_an_even_function():
    facts = limit_facts(expr("sin(x)/x"), X, 0)
    values = [row.value for row in facts.table]
    assert values == values[::-1]


def test_abs_x_over_x_jumps_from_minus_one_to_one():
    facts = limit_facts(expr("abs(x)/x"), X, 0)
    assert (facts.left, facts.right) == (-1.0, 1.0)
    assert facts.limit is None and facts.exists is False
    assert facts.behaviour == "jump"
    assert [row.value for row in facts.table] == [-1.0, -1.0, -1.0, 1.0, 1.0, 1.0]


@pytest.mark.parametrize(
    ("function", "left", "right"),
    [("1/x", -math.inf, math.inf), ("1/x^2", math.inf, math.inf), ("-1/x^2", -math.inf, -math.inf)],
)
def test_blow_ups_have_infinite_sides_and_no_limit(function, left, right):
    facts = limit_facts(expr(function), X, 0)
    assert (facts.left, facts.right) == (left, right)
    assert facts.limit is None and facts.exists is False
    assert facts.behaviour == "infinite"
    assert facts.value is None


def test_one_over_x_table_shows_values_growing_on_both_sides():
    facts = limit_facts(expr("1/x"), X, 0)
    assert [row.value for row in facts.table] == [-1.0, -2.0, -10.0, 10.0, 2.0, 1.0]


def test_sin_of_one_over_x_oscillates_without_a_limit():
    facts = limit_facts(expr("sin(1/x)"), X, 0)
    assert facts.left is None and facts.right is None
    assert facts.limit is None and facts.exists is False
    assert facts.behaviour == "oscillating"


def test_a_continuous_function_has_its_value_as_its_limit():
    facts = limit_facts(expr("x^2"), X, 3)
    assert (facts.value, facts.left, facts.right, facts.limit) == (9.0, 9.0, 9.0, 9.0)
    assert facts.behaviour == "continuous"
    assert [row.x for row in facts.table] == [2.0, 2.5, 2.9, 3.1, 3.5, 4.0]


def test_a_cancelled_factor_is_a_removable_hole():
    facts = limit_facts(expr("(x^2 - 1)/(x - 1)"), X, 1)
    assert (facts.limit, facts.value, facts.behaviour) == (2.0, None, "removable")


def test_custom_samples_give_one_row_per_side_and_distance():
    facts = limit_facts(expr("x^2"), X, 1, samples=[0.25, 0.01])
    assert [row.x for row in facts.table] == [0.75, 0.99, 1.01, 1.25]
    assert [row.value for row in facts.table] == [0.5625, 0.9801, 1.0201, 1.5625]


def test_values_off_the_domain_are_none_in_the_table():
    facts = limit_facts(expr("sqrt(x)"), X, 0)
    assert [row.value for row in facts.table][:3] == [None, None, None]
    assert facts.right == 0.0


def test_one_sided_limits_return_the_exact_value_when_sympy_finds_it():
    value, exact_value = one_sided_limit(expr("sin(x)/x"), X, sympy.Integer(0), 1)
    assert (value, exact_value) == (1.0, sympy.Integer(1))


@pytest.mark.parametrize(
    ("function", "point", "behaviour", "limit"),
    [
        ("x^2", 3, "continuous", 9.0),
        ("x^x", 1, "continuous", 1.0),
        ("sin(x)/x", 0, "removable", 1.0),
        ("abs(x)/x", 0, "jump", None),
        ("1/x", 0, "infinite", None),
        ("sin(1/x)", 0, "oscillating", None),
    ],
)
def test_numeric_fallback_classifies_like_sympy(monkeypatch, function, point, behaviour, limit):
    def unable(*args, **kwargs):
        raise NotImplementedError("sympy gave up")

    monkeypatch.setattr(sympy, "limit", unable)
    facts = limit_facts(expr(function), X, point)
    assert facts.behaviour == behaviour
    assert facts.limit == (pytest.approx(limit, rel=1e-12) if limit is not None else None)
    assert facts.limit_exact is None


def test_a_slow_symbolic_limit_is_interrupted_and_sampled_instead(monkeypatch):
    def stuck(*args, **kwargs):
        time.sleep(10)

    monkeypatch.setattr(sympy, "limit", stuck)
    monkeypatch.setattr(limits, "SYMBOLIC_SECONDS", 0.05)
    start = time.perf_counter()
    facts = limit_facts(expr("sin(x)/x"), X, 0)
    assert time.perf_counter() - start < 2.0
    assert facts.limit == pytest.approx(1.0, rel=1e-12)
    assert facts.behaviour == "removable"
