"""Facts of whole lessons from configs: the reference course of LESSONS.md, the examples, JSON."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest
import sympy
from conftest import REPO, make_lesson

from derivanim.config import load_course
from derivanim.errors import LessonError
from derivanim.expressions import parse_expression, symbol
from derivanim.kinds import names as kind_names
from derivanim.facts import course_facts, document, jsonable, lesson_document, lesson_facts

CONFIGS = sorted((REPO / "config").glob("examples/*.toml")) + [REPO / "config" / "course.toml"]
X = symbol("x")


@pytest.fixture(scope="module")
def reference():
    """The facts document of the default course, as --check --json prints it."""
    items = course_facts(load_course(REPO / "config" / "course.toml"))
    doc = json.loads(json.dumps(document(items), allow_nan=False))
    return {lesson["id"]: lesson for lesson in doc["lessons"]}


def test_reference_course_has_its_lessons_in_order(reference):
    assert list(reference) == list(kind_names())  # the course teaches every kind, in order
    assert [lesson["kind"] for lesson in reference.values()] == list(reference)


def test_reference_limit(reference):
    lesson = reference["limit"]
    facts = lesson["facts"]
    assert lesson["function"] == "sin(x)/x"
    assert [(row["x"], round(row["value"], 4)) for row in facts["table"]] == [
        (-1.0, 0.8415), (-0.5, 0.9589), (-0.1, 0.9983), (0.1, 0.9983), (0.5, 0.9589), (1.0, 0.8415)
    ]
    assert (facts["limit"], facts["left"], facts["right"], facts["exists"]) == (1.0, 1.0, 1.0, True)
    assert (facts["behaviour"], facts["value"]) == ("removable", None)


def test_reference_secant(reference):
    facts = reference["secant"]["facts"]
    assert [(s["h"], s["x2"], s["slope"]) for s in facts["secants"]] == [
        (2.0, 4.0, 6.0), (1.0, 3.0, 5.0), (0.5, 2.5, 4.5), (0.25, 2.25, 4.25)
    ]
    assert facts["quotient"] == "h + 4"
    assert len(facts["quotient_steps"]) == 3
    assert facts["tangent"] == {"slope": 4.0, "intercept": -4.0}
    assert facts["derivative"] == "2*x"


def test_reference_slopes(reference):
    facts = reference["slopes"]["facts"]
    assert facts["derivative"] == "3*x^2 - 3"
    assert facts["points"] == [
        {"x": -1.0, "y": 2.0, "slope": 0.0, "sign": "zero", "x_exact": "-1"},
        {"x": 0.0, "y": 0.0, "slope": -3.0, "sign": "negative", "x_exact": "0"},
        {"x": 1.5, "y": -1.125, "slope": 3.75, "sign": "positive", "x_exact": "1.5"},
    ]


def test_reference_stretch(reference):
    facts = reference["stretch"]["facts"]
    assert [(p["x"], p["factor"], p["effect"], p["size"]) for p in facts["points"]] == [
        (1.5, 3.0, "stretch", "stretch"),
        (0.25, 0.5, "squish", "squish"),
        (-1.0, -2.0, "flip", "stretch"),
        (0.0, 0.0, "collapse", "collapse"),
    ]
    assert (facts["input_range"], facts["output_range"]) == ([-2.0, 3.0], [0.0, 9.0])


def test_reference_chain(reference):
    facts = reference["chain"]["facts"]
    assert (facts["outer"], facts["inner"], facts["derivative"]) == ("sin(u)", "x^2", "2*x*cos(x^2)")
    at = facts["at"]
    assert (at["x"], at["inner_value"], at["inner_slope"]) == (1.2, 1.44, 2.4)
    assert (round(at["outer_slope"], 4), f"{at['total']:.4f}") == (0.1304, "0.3130")


def test_reference_descent(reference):
    facts = reference["descent"]["facts"]
    assert [(r["learning_rate"], r["outcome"]) for r in facts["runs"]] == [
        (0.2, "converges"), (0.8, "oscillates"), (1.1, "diverges")
    ]
    assert all(len(r["steps"]) == 11 and r["steps"][0] == -1.0 for r in facts["runs"])
    assert facts["backprop"]["gradients"] == {"w": -8.0, "b": -4.0}


@pytest.mark.parametrize("path", CONFIGS, ids=[p.name for p in CONFIGS])
def test_every_shipped_config_validates_and_computes_its_facts(path):
    config = load_course(path)
    items = course_facts(config)
    assert [item.lesson.id for item in items] == [lesson.id for lesson in config.lessons]
    text = json.dumps(document(items), allow_nan=False)  # strict JSON: no NaN or Infinity
    assert len(json.loads(text)["lessons"]) == len(config.lessons)


def test_examples_include_their_reference_numbers():
    sine = course_facts(load_course(REPO / "config" / "examples" / "sine-secant.toml"))[0].facts
    assert [round(s.slope, 4) for s in sine.secants] == [-0.1235, 0.2182, 0.3152, 0.3483, 0.3577]
    assert round(sine.slope, 4) == 0.3624
    power = course_facts(load_course(REPO / "config" / "examples" / "power-chain.toml"))[0].facts
    assert (power.outer, power.inner) == ("u^5", "3*x^2 + 1")
    assert sympy.simplify(parse_expression(power.derivative) - 5 * (3 * X**2 + 1) ** 4 * 6 * X) == 0
    growth = course_facts(load_course(REPO / "config" / "examples" / "population-growth.toml"))
    rate, _, jump = (item.facts for item in growth)
    assert rate.points[0].slope == 0.9
    assert max(rate.points, key=lambda p: p.slope).x == 2.2  # fastest halfway to capacity
    assert (jump.left, jump.right, jump.behaviour) == (-1.0, 1.0, "jump")


def test_the_position_example_is_written_in_s_and_t():
    item = course_facts(load_course(REPO / "config" / "examples" / "position.toml"))[0]
    assert (item.facts.slope, item.facts.slope_exact, item.function) == (10.0, "10", "5*t^2")
    assert [s.slope for s in item.facts.secants] == [15.0, 12.5, 11.25, 10.5]
    assert document([item])["lessons"][0]["facts"]["notation"] == {"name": "s", "variable": "t"}


def test_lesson_document_has_the_design_keys():
    item = lesson_facts(make_lesson(kind="secant", function="x^2", point=2))
    doc = lesson_document(item)
    assert list(doc) == ["id", "kind", "title", "function", "function_latex", "facts"]
    assert (doc["id"], doc["kind"], doc["function"], doc["function_latex"]) == ("secant", "secant", "x^2", "x^{2}")


def test_infinities_become_strings_in_json():
    item = lesson_facts(make_lesson(kind="limit", function="1/x", point=0))
    facts = json.loads(json.dumps(lesson_document(item), allow_nan=False))["facts"]
    assert (facts["left"], facts["right"], facts["limit"], facts["behaviour"]) == ("-inf", "inf", None, "infinite")
    assert jsonable({"a": (math.nan, 1.5)}) == {"a": ["nan", 1.5]}


def test_function_text_uses_e_not_sympys_E():
    item = lesson_facts(make_lesson(kind="slopes", function="e x + x^e", points=[1]))
    assert lesson_document(item)["function"] == "e*x + x^e"


def test_math_errors_become_lesson_errors_naming_the_lesson():
    lesson = make_lesson(kind="secant", function="1/x", point=0, id="bad-secant")
    with pytest.raises(LessonError) as caught:
        lesson_facts(lesson)
    assert str(caught.value) == "lesson 'bad-secant': point: f is singular at x = 0 (it blows up there)"


def test_course_facts_selects_lessons_by_id_in_the_order_asked():
    config = load_course(REPO / "config" / "course.toml")
    assert [item.lesson.id for item in course_facts(config, ["chain", "limit"])] == ["chain", "limit"]
    with pytest.raises(KeyError):
        course_facts(config, ["nope"])


def test_descent_lessons_use_w_as_their_variable():
    item = lesson_facts(make_lesson(kind="descent", function="(w - 2)^2 + 1"))
    assert item.variable == symbol("w")
    assert item.expression.free_symbols == {symbol("w")}


def test_configs_directory_has_the_examples_the_readme_names():
    names = {p.name for p in CONFIGS}
    assert {"course.toml", "sine-secant.toml", "power-chain.toml", "population-growth.toml"} <= names
    assert all(isinstance(p, Path) and p.exists() for p in CONFIGS)
