"""Limits: nearby values, whether both sides agree, and what value emerges (never a refusal)."""

from __future__ import annotations

import math
import time

import pytest
import sympy
from conftest import expr

from derivanim import limit_text, limits
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


# ---- what the lesson writes ---------------------------------------------------------------
FIVE = [("x^2", 3), ("sin(x)/x", 0), ("abs(x)/x", 0), ("1/x^2", 0), ("sin(1/x)", 0)]
"""One function per behaviour: continuous, removable, jump, infinite, oscillating."""


@pytest.mark.parametrize(
    ("function", "point", "value", "full", "case"),
    [
        ("x^2", -1, 1.0, "f(-1) = (-1)^{2} = 1", "value"),
        ("sin(x)/x", 0, None, r"f(0) = \frac{\sin{\left(0 \right)}}{0} = \frac{0}{0}",
         "zero-over-zero"),
        ("1/x", 0, None, r"f(0) = \frac{1}{0}", "over-zero"),
        ("sqrt(x)", -1, None, r"f(-1) = \sqrt{(-1)} = \text{undefined}", "undefined"),
    ],
)
def test_plugging_in_names_its_case(function, point, value, full, case):
    (written, short), found = limit_text.plug_in_latex(expr(function), X, point, value)
    assert (written, found) == (full, case)
    assert short == written.split(" = ")[0] + " = " + written.split(" = ")[-1]


def test_each_behaviour_has_its_own_conclusion():
    conclusions = [limit_text.conclusion_latex(limit_facts(expr(f), X, a)) for f, a in FIVE]
    assert conclusions == [
        r"\lim_{x \to 3} f(x) = 9 = f(3)",
        r"\lim_{x \to 0} f(x) = 1",
        r"\text{no limit}",
        r"\text{no finite limit}",
        r"\text{no limit}",
    ]


@pytest.mark.parametrize(("function", "point"), FIVE)
def test_screen_lines_come_longest_first(function, point):
    """The scene shows the first line that fits, so every fallback is shorter than the one before."""
    facts = limit_facts(expr(function), X, point)
    left = [row for row in facts.table if row.x < facts.point]
    case = limit_text.plug_in_latex(expr(function), X, point, facts.value)[1]
    options = [
        limit_text.plug_in_words(case, facts.point, facts.value)[0],
        limit_text.approach_words(-1, left)[0],
        limit_text.approach_words(1, left)[0],
        limit_text.heading("left", facts.left),
        limit_text.heading("right", facts.right),
        limit_text.agreement_words(facts)[0],
        limit_text.answer_words(facts)[0],
        limit_text.takeaway_words(facts)[0],
        limit_text.side_latex(facts.point, -1, facts.left),
    ]
    for lines in options:
        assert all(lines), lines
        assert [len(line) for line in lines] == sorted(map(len, lines), reverse=True), lines


def test_captions_read_the_facts_numbers():
    facts = limit_facts(expr("abs(x)/x"), X, 0)
    assert "From the left f heads for -1, from the right for 1." in \
        limit_text.agreement_words(facts)[1]
    right = [row for row in facts.table if row.x > 0][::-1]
    assert limit_text.approach_words(1, right)[1].endswith("They read 1, 1, 1.")
    assert limit_text.point_text(-0.5) == "(-0.5)"


# ---- the walk towards the point -----------------------------------------------------------
def test_the_last_step_goes_ten_times_closer_unless_f_blows_up():
    square = lambda xs: xs ** 2  # noqa: E731
    assert limits.closer_target(square, 1.0, 1, 0.1, 10.0, 1.0) == pytest.approx(1.01)
    assert limits.closer_target(square, 1.0, -1, 0.1, 10.0, 1.0) == pytest.approx(0.99)
    assert limits.closer_target(square, 0.0, 1, 0.1, 10.0, math.inf) is None
    steep = lambda xs: 1 / xs ** 3  # noqa: E731  (1e6 at x = 0.01: too many digits)
    assert limits.closer_target(steep, 0.0, 1, 0.1, 10.0, None) is None


def test_the_edge_crossing_is_interpolated_between_samples():
    import numpy as np

    xs = np.linspace(0.0, 1.0, 11)
    crossing = limits.edge_crossing(xs, 10 * xs, -3.0, 3.0, 3.0)
    assert crossing == pytest.approx(0.3)
    assert limits.edge_crossing(xs, -10 * xs, -2.5, 3.0, -2.5) == pytest.approx(0.25)
    never = limits.edge_crossing(xs, 0 * xs, -1.0, 1.0, 1.0)
    assert never == pytest.approx(0.9)  # flat: falls back to the last sample before the end
