"""Points written exactly ("pi/2") and as floats: an exact zero of f' is zero, a float that is
zero to its own precision reads zero, and a rounded point keeps its honest sign on screen."""

from __future__ import annotations

import math

import pytest

from derivanim.config import parse_course
from derivanim.errors import ConfigError
from derivanim.facts import example, lesson_facts
from derivanim.kinds import kind_of
from derivanim.numbers import format_number
from derivanim.slopes import slope_decimals

CRITICAL = [  # (function, exact critical point, its float)
    ("sin(x)", "pi/2", math.pi / 2),
    ("sin(x)", "-pi/2", -math.pi / 2),
    ("cos(x)", "pi", math.pi),
    ("cos(x)", "0", 0.0),
    ("x^3 - 3x", "1", 1.0),
    ("x^3 - 3x", "-1", -1.0),
    ("x^2", "0", 0.0),
    ("x^2 - 2sqrt(2)x", "sqrt(2)", math.sqrt(2)),
    ("exp(x) - e*x", "1", 1.0),
    ("sin(2x)", "pi/4", math.pi / 4),
    ("tan(x) - 2x", "pi/4", math.pi / 4),
]


@pytest.mark.parametrize("function, exact, approximate", CRITICAL)
@pytest.mark.parametrize("kind", ["slopes", "stretch"])
def test_a_critical_point_reads_zero_given_exactly_or_as_a_float(kind, function, exact,
                                                                 approximate):
    fields = {"kind": kind, "function": function}
    if kind == "stretch":
        fields["input_range"] = [-1.0, 1.0] if "tan" in function else [-4.0, 4.0]
    for given in (exact, approximate):
        point = example(**fields, points=[given]).facts.points[0]
        assert point.x == pytest.approx(approximate, abs=1e-15)
        if kind == "slopes":
            assert (point.slope, point.sign) == (0.0, "zero"), given
        else:
            assert (point.factor, point.effect) == (0.0, "collapse"), given
    assert example(**fields, points=[exact]).facts.points[0].x_exact == exact


@pytest.mark.parametrize("function, exact, approximate", CRITICAL[:4])
def test_the_secant_tangent_is_flat_at_an_exact_critical_point(function, exact, approximate):
    facts = example(kind="secant", function=function, point=exact).facts
    assert (facts.slope, facts.slope_exact, facts.x_exact) == (0.0, "0", exact)
    assert facts.x == approximate


def test_a_rounded_point_says_negative_and_its_readout_shows_the_sign():
    facts = example(kind="slopes", function="sin(x)", points=[1.5708]).facts
    point = facts.points[0]
    assert point.sign == "negative" and point.x_exact == "1.5708"
    assert point.slope == pytest.approx(math.cos(1.5708), rel=1e-12)
    shown = format_number(point.slope, slope_decimals([point.slope]))
    assert shown == "-0.0000037"
    summary = kind_of("slopes").summary(facts)
    assert summary[1] == "At x = 1.5708: f = 1, slope -3.67e-06 (falling)."


def test_exact_points_reach_every_single_variable_kind():
    half_pi = "pi/2"
    assert example(kind="limit", function="sin(x)", point=half_pi).facts.point == math.pi / 2
    assert example(kind="numerics", function="sin(x)", point=half_pi).facts.x == math.pi / 2
    assert example(kind="rules", function="sin(x)", point=half_pi).facts.at.x == math.pi / 2
    chain = example(kind="chain", function="sin(x^2)", point="sqrt(pi/2)").facts
    assert chain.at.x == pytest.approx(math.sqrt(math.pi / 2), abs=1e-15)
    assert (chain.at.outer_slope, chain.at.total) == (0.0, 0.0)  # cos(pi/2) is exactly 0
    assert example(kind="descent", function="(w - sqrt(2))^2", start="e").facts.start == math.e


@pytest.mark.parametrize("point, reason", [
    ("x/2", "unknown name 'x' (a point is a number: it has no variable)"),
    ("sqrt(-2)", "'sqrt(-2)' is not a real number"),
    ("1/0", "division by zero"),
    ("__import__('os')", "unexpected character \"'\""),
])
def test_a_point_that_is_not_a_number_is_refused_naming_the_field(point, reason):
    with pytest.raises(ConfigError) as caught:
        parse_course({"lessons": [{"kind": "slopes", "function": "x^2", "points": [1, point]}]})
    assert str(caught.value) == f"<config>: lesson 'slopes': points[1]: {reason}"


def test_the_authors_letters_reach_the_facts_and_summary():
    item = lesson_facts(parse_course({"lessons": [
        {"kind": "secant", "function": "5t^2", "point": 1, "variable": "t", "name": "s"}]}).lessons[0])
    assert item.lesson.function_label() == "s(t)"
    assert (item.facts.notation.name, item.facts.notation.variable) == ("s", "t")
    assert item.facts.slope == 10.0
    assert kind_of("secant").summary(item.facts)[0] == "At t = 1, s(t) = 5."


@pytest.mark.parametrize("kind, fields", [
    ("jacobian", {"map": ["x", "y"]}),
    ("backprop", {"function": "(w - 1)^2"}),
    ("chain", {"function": "sin(x^2)", "point": 1}),
])
def test_kinds_that_name_their_own_symbols_refuse_new_letters(kind, fields):
    with pytest.raises(ConfigError, match=r": variable: a \w+ lesson"):
        parse_course({"lessons": [{"kind": kind, **fields, "variable": "t"}]})
