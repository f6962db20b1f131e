"""The backprop lesson: its graph, forward values, our reverse pass, the update and refusals."""

from __future__ import annotations

import math

import pytest
import sympy
from conftest import make_lesson
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from derivanim.backprop import BackpropFacts, backprop_facts
from derivanim.backprop_words import backward_line, captions, forward_line, on_graph, shown
from derivanim.config import load_course
from derivanim.errors import FieldError, LessonError
from derivanim.expressions import parse_expression, symbol
from derivanim.facts import example, lesson_facts
from derivanim.graph_layout import layered
from derivanim.kinds import kind_of

NAMES = ("w", "b", "x", "y")


def default() -> BackpropFacts:
    return lesson_facts(load_course().lesson("backprop")).facts


def by_name(facts: BackpropFacts) -> dict[str, object]:
    return {node.name: node for node in facts.nodes}


def test_the_default_lesson_is_the_one_of_lessons_md():
    lesson = load_course().lesson("backprop")
    assert (lesson.function, lesson.parameters, lesson.inputs, lesson.learning_rate) == (
        "(y - w*x - b)^2", {"w": 0.5, "b": 0.0}, {"x": 2.0, "y": 3.0}, 0.1)
    assert [kind.name for kind in __import__("derivanim.kinds").kinds.REGISTRY][-2:] == [
        "descent", "backprop"]


def test_forward_values_of_lessons_md():
    nodes = by_name(default())
    assert {name: nodes[name].value for name in ("wx", "ŷ", "r", "L")} == {
        "wx": 1.0, "ŷ": 1.0, "r": 2.0, "L": 4.0}
    assert nodes["ŷ"].formula == "ŷ = wx + b" and nodes["r"].formula == "r = y - ŷ"
    assert nodes["L"].formula == "L = r²"
    assert {name: nodes[name].value for name in NAMES} == {"w": 0.5, "b": 0.0, "x": 2.0,
                                                           "y": 3.0}


def test_backward_gradients_of_lessons_md():
    facts = default()
    nodes = by_name(facts)
    assert {name: nodes[name].gradient for name in ("L", "r", "ŷ", "w", "b")} == {
        "L": 1.0, "r": 4.0, "ŷ": -4.0, "w": -8.0, "b": -4.0}
    assert facts.gradients == {"w": -8.0, "b": -4.0}


def test_one_step_of_lessons_md():
    facts = default()
    assert [(s.name, s.before, s.gradient, s.after) for s in facts.update] == [
        ("w", 0.5, -8.0, 1.3), ("b", 0.0, -4.0, 0.4)]
    assert facts.learning_rate == 0.1 and facts.value == 4.0 and facts.loss_after == 0.0


def test_every_edge_carries_its_local_derivative():
    edges = {(default().node(e.source).name, default().node(e.target).name): e.local
             for e in default().edges}
    assert edges == {("r", "L"): 4.0, ("y", "r"): 1.0, ("ŷ", "r"): -1.0, ("wx", "ŷ"): 1.0,
                     ("b", "ŷ"): 1.0, ("w", "wx"): 2.0, ("x", "wx"): 0.5}


@pytest.mark.parametrize("text", ["(y - w*x - b)^2", "(y - v*tanh(w*x))^2",
                                  "w*x + w^2*x + sin(w*x)"])
def test_a_gradient_is_the_sum_over_outgoing_edges(text: str):
    names = ("v", "w", "b", "x", "y")
    loss = parse_expression(text, variable=names)
    used = [n for n in names if symbol(n) in loss.free_symbols]
    parameters = {n: 0.5 + i for i, n in enumerate(used) if n in ("v", "w", "b")}
    inputs = {n: 1.5 - i for i, n in enumerate(used) if n in ("x", "y")}
    facts = backprop_facts(loss, parameters, inputs, 0.1)
    for node in facts.nodes[:-1]:
        total = sum(e.local * facts.node(e.target).gradient for e in facts.outgoing(node.key))
        assert node.gradient == pytest.approx(total, rel=1e-12, abs=1e-12)
    assert facts.nodes[-1].gradient == 1.0 and not facts.outgoing(facts.nodes[-1].key)


def test_a_shared_subexpression_is_one_node_with_two_outgoing_edges():
    loss = parse_expression("w*x + sin(w*x)", variable=("w", "x"))
    facts = backprop_facts(loss, {"w": 1}, {"x": 2}, 0.1)
    wx = by_name(facts)["wx"]
    assert len(facts.outgoing(wx.key)) == 2
    assert wx.gradient == pytest.approx(1 + math.cos(2.0), rel=1e-14)


def test_nodes_come_in_forward_order_and_edges_in_backward_order():
    facts = default()
    seen: set[str] = set()
    for node in facts.nodes:
        assert set(node.operands) <= seen
        seen.add(node.key)
    position = {node.key: index for index, node in enumerate(facts.nodes)}
    sources = [position[e.source] for e in facts.edges]
    assert sources == sorted(sources, reverse=True)


def test_the_two_layer_example():
    facts = example(kind="backprop", function="(y - v*tanh(w*x))^2",
                    parameters={"v": 2, "w": 0.5}, inputs={"x": 1, "y": 0.5}).facts
    t = math.tanh(0.5)
    residual = 0.5 - 2 * t
    assert facts.value == pytest.approx(residual ** 2, rel=1e-14)
    assert facts.gradients["v"] == pytest.approx(-2 * residual * t, rel=1e-14)
    assert facts.gradients["w"] == pytest.approx(-2 * residual * 2 * (1 - t * t), rel=1e-14)
    assert [n.name for n in facts.nodes if n.role == "operation"] == ["wx", "u₁", "ŷ", "r", "L"]


@pytest.mark.parametrize(("fields", "field"), [
    ({"function": "log(w) + x", "parameters": {"w": -1}, "inputs": {"x": 1}}, "parameters.w"),
    ({"function": "w/x", "parameters": {"w": 1}, "inputs": {"x": 0}}, "inputs.x"),
    ({"function": "sqrt(w)*x", "parameters": {"w": 0}, "inputs": {"x": 1}}, "parameters.w"),
    ({"function": "abs(w - x)", "parameters": {"w": 1}, "inputs": {"x": 1}}, "parameters.w"),
])
def test_a_value_where_l_is_undefined_or_has_no_slope_is_refused(fields, field):
    with pytest.raises(LessonError) as error:
        example(kind="backprop", id="bp", **fields)
    assert error.value.field == field and error.value.lesson == "bp"


@pytest.mark.parametrize(("fields", "message"), [
    ({"function": "w*x", "parameters": {"w": 1, "q": 2}, "inputs": {"x": 1}},
     "parameters.q: 'q' does not appear in the function"),
    ({"function": "w*x", "parameters": {"w": 1}, "inputs": {"x": 1, "z": 2}},
     "inputs.z: 'z' does not appear in the function"),
    ({"function": "w*x", "parameters": {"w": 1, "x": 1}, "inputs": {"x": 1}},
     "inputs.x: 'x' is also a parameter"),
    ({"function": "w*e", "parameters": {"w": 1, "e": 1}, "inputs": {}},
     "parameters.e: 'e' already names a function or constant"),
    ({"function": "w*x", "parameters": {"w": 1, "_x": 1}, "inputs": {"x": 1}},
     "parameters._x: a name is a letter"),
    ({"function": "w*q", "parameters": {"w": 1}, "inputs": {"x": 1}},
     "function: unknown name 'q'"),
    ({"function": "x^2", "parameters": {}, "inputs": {"x": 1}}, "parameters"),
])
def test_bad_names_are_refused_with_their_field(fields, message):
    with pytest.raises(Exception) as error:
        make_lesson(kind="backprop", id="bp", **fields)
    assert message in str(error.value)


def test_the_words_carry_the_numbers():
    facts = default()
    operations = [forward_line(n) for n in facts.nodes if n.role == "operation"]
    assert operations == ["wx = 1", "ŷ = wx + b = 1", "r = y - ŷ = 2", "L = r² = 4"]
    nodes = by_name(facts)
    assert backward_line(facts, nodes["ŷ"]) == "dL/dŷ = (-1)·4 = -4"
    assert backward_line(facts, nodes["b"]) == "dL/db = 1·(-4) = -4"
    assert "dL/dw = -8 and dL/db = -4" in captions(facts)["backward"]
    assert "w goes from 0.5 to 1.3 and b from 0 to 0.4" in captions(facts)["update"]
    assert shown(-0.76159) == "-0.762" and on_graph(-0.76159) == "-0.76"


def test_summary_and_chapters():
    item = lesson_facts(load_course().lesson("backprop"))
    kind = kind_of("backprop")
    lines = kind.summary(item.facts)
    assert lines[-1] == "One step with learning rate 0.1: w = 0.5 → 1.3, b = 0 → 0.4 (L = 4 → 0)."
    assert "dL/dw = -8" in lines[2] and "dL/db = -4" in lines[2]
    assert list(kind.chapters(item.facts)) == ["question", "graph", "forward", "backward",
                                              "update", "takeaway"]


def test_layers_put_operands_before_what_they_feed():
    facts = default()
    layer = {n.key: n.layer for n in facts.nodes}
    for node in facts.nodes:
        assert all(layer[k] < node.layer for k in node.operands)
    spots = layered([(n.key, n.layer, n.operands) for n in facts.nodes])
    assert spots[facts.nodes[-1].key].along == 1.0
    assert all(0 < s.across < 1 for s in spots.values())


# ---- our reverse pass against sympy.diff on generated expressions -------------------------
LEAVES = st.sampled_from(["w", "b", "x", "y", "2", "0.5", "3"])


def _grow(children: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    unary = st.sampled_from(["sin({})", "cos({})", "tanh({})", "exp({}/4)", "log(1 + ({})^2)",
                             "({})^2", "({})^3", "sqrt(1 + ({})^2)", "-({})", "atan({})"])
    binary = st.sampled_from(["({}) + ({})", "({}) - ({})", "({})*({})",
                              "({})/(2 + ({})^2)", "({})*({}) - 1"])
    return st.one_of(st.builds(lambda f, a: f.format(a), unary, children),
                     st.builds(lambda f, a, b: f.format(a, b), binary, children, children))


EXPRESSIONS = st.recursive(LEAVES, _grow, max_leaves=8)
VALUES = st.floats(-2, 2, allow_nan=False).map(lambda v: round(v, 2))


@settings(max_examples=120, deadline=None)
@given(EXPRESSIONS, st.lists(VALUES, min_size=4, max_size=4), st.sampled_from([0.1, 0.05]))
def test_our_reverse_pass_equals_sympy_diff(text: str, values: list[float], rate: float):
    loss = parse_expression(text, variable=NAMES)
    used = [n for n in NAMES if symbol(n) in loss.free_symbols]
    assume(any(n in ("w", "b") for n in used))
    chosen = dict(zip(NAMES, values))
    parameters = {n: chosen[n] for n in used if n in ("w", "b")}
    inputs = {n: chosen[n] for n in used if n in ("x", "y")}
    try:
        facts = backprop_facts(loss, parameters, inputs, rate)
    except FieldError:
        assume(False)
        return
    at = {symbol(n): sympy.Rational(repr(v)) for n, v in chosen.items()}
    for name, gradient in facts.gradients.items():
        expected = float(sympy.N(sympy.diff(loss, symbol(name)).subs(at), 30))
        assert gradient == pytest.approx(expected, rel=1e-12, abs=1e-12)
    for node in facts.nodes[:-1]:
        total = sum(e.local * facts.node(e.target).gradient for e in facts.outgoing(node.key))
        assert node.gradient == pytest.approx(total, rel=1e-9, abs=1e-9)


@pytest.mark.parametrize("fields", [
    {"function": "(y - w*x - b)^2"},
    {"function": "(y - v*tanh(w*x))^2", "parameters": {"v": 2, "w": 0.5},
     "inputs": {"x": 1, "y": 0.5}},
])
def test_the_captions_are_said_without_symbols(fields):
    from derivanim.speech import leftover_symbols, say

    for caption in captions(example(kind="backprop", **fields).facts).values():
        assert leftover_symbols(say(caption)) == [], caption
