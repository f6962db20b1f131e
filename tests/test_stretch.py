"""The derivative as a local stretch factor between an input and an output number line."""

from __future__ import annotations

import pytest
import sympy
from conftest import expr

from derivanim.errors import FieldError
from derivanim.expressions import symbol
from derivanim.stretch import DEFAULT_INPUT_RANGE, DEFAULT_POINTS, effect_of, size_of, stretch_facts

X = symbol("x")


def test_x_squared_stretches_squishes_flips_and_collapses():
    facts = stretch_facts(expr("x^2"), X, [1.5, 0.25, -1, 0], (-2, 3))
    assert [(p.x, p.y, p.factor, p.effect, p.size) for p in facts.points] == [
        (1.5, 2.25, 3.0, "stretch", "stretch"),
        (0.25, 0.0625, 0.5, "squish", "squish"),
        (-1.0, 1.0, -2.0, "flip", "stretch"),
        (0.0, 0.0, 0.0, "collapse", "collapse"),
    ]


def test_defaults_are_the_reference_course():
    assert DEFAULT_POINTS == (1.5, 0.25, -1.0, 0.0)
    assert DEFAULT_INPUT_RANGE == (-2.0, 3.0)


def test_output_line_holds_f_over_the_input_line():
    facts = stretch_facts(expr("x^2"), X, [1.5], (-2, 3))
    assert facts.input_range == (-2.0, 3.0)
    assert facts.output_range == (0.0, 9.0)


@pytest.mark.parametrize(
    ("function", "factor", "effect", "size"),
    [
        ("x", 1.0, "keep", "keep"),
        ("-x", -1.0, "flip", "keep"),
        ("-3x", -3.0, "flip", "stretch"),  # flips and triples
        ("-x/4", -0.25, "flip", "squish"),
        ("5", 0.0, "collapse", "collapse"),
    ],
)
def test_effects_of_linear_maps(function, factor, effect, size):
    point = stretch_facts(expr(function), X, [1], (-2, 3)).points[0]
    assert (point.factor, point.effect, point.size) == (factor, effect, size)


def test_effect_and_size_of_exact_factors():
    assert [effect_of(sympy.Integer(k)) for k in (3, -2, 0, 1, -1)] == [
        "stretch", "flip", "collapse", "keep", "flip"
    ]
    assert size_of(sympy.cos(sympy.Rational(36, 25))) == "squish"  # f'(u) of the chain lesson


def test_a_point_off_the_input_line_is_refused():
    with pytest.raises(FieldError) as caught:
        stretch_facts(expr("x^2"), X, [1.5, 5], (-2, 3))
    assert str(caught.value) == "points[1]: x = 5 lies outside input_range [-2, 3]"


def test_a_kink_is_refused_at_its_point():
    with pytest.raises(FieldError) as caught:
        stretch_facts(expr("abs(x)"), X, [0], (-2, 3))
    assert caught.value.field == "points[0]"


def test_an_input_line_leaving_the_domain_is_refused():
    with pytest.raises(FieldError) as caught:
        stretch_facts(expr("sqrt(x)"), X, [1], (-2, 3))
    assert str(caught.value) == (
        "input_range: f is not defined and finite across [-2, 3]; choose a range inside its domain"
    )


@pytest.mark.parametrize("function", ["1/x", "tan(x)", "abs(x)/x"])
def test_an_input_line_across_a_pole_or_jump_is_refused(function):
    # No sample lands exactly on 0 in [-1, 2], so every sample of 1/x is finite: the check must
    # still see the break rather than report an output line from -400 to 800.
    with pytest.raises(FieldError) as caught:
        stretch_facts(expr(function), X, [1], (-1, 2))
    assert str(caught.value) == (
        "input_range: f breaks inside [-1, 2] (it jumps or blows up); "
        "choose a range where it is continuous"
    )


def test_a_steep_but_continuous_map_is_accepted():
    facts = stretch_facts(expr("exp(3x)"), X, [0], (-2, 3))
    assert facts.points[0].factor == 3.0
    assert facts.output_range[1] == pytest.approx(float(sympy.exp(9)), rel=1e-12)
