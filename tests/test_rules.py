"""Derivative rules read off the expression tree: the reference table of LESSONS.md 7, steps
that name their rules, the product's rectangle and the naive f'g' with their numbers, and
honest refusals."""

from __future__ import annotations

import math

import pytest
import sympy
from click.testing import CliRunner
from conftest import REPO, expr, make_lesson

from derivanim.errors import LessonError
from derivanim.expressions import parse_expression, symbol
from derivanim.facts import lesson_facts
from derivanim.kinds import kind_of
from derivanim.rule_engine import derive, read
from derivanim.rule_forms import text
from derivanim.rules import (
    MAX_SHOWN_STEPS,
    NUDGES,
    RuleEngineError,
    check_against_sympy,
    rule_phrases,
    rules_facts,
    shown_steps,
    steps_note,
)
from derivanim.speech import leftover_symbols, say

X = symbol("x")


@pytest.mark.parametrize(("function", "derivative"), [
    ("x^5", "5*x^4"),
    ("7", "0"),
    ("x^2 + sin(x)", "2*x + cos(x)"),
    ("x^2 sin(x)", "2*x*sin(x) + x^2*cos(x)"),
    ("(x^2+1)/(x-1)", "(2*x*(x - 1) - (x^2 + 1))/(x - 1)^2"),
    ("3x^4 - 2x^2 + 7", "12*x^3 - 4*x"),
])
def test_the_reference_table_reproduces(function, derivative):
    result, steps = derive(expr(function), X)
    assert text(result) == derivative
    assert steps[-1].result == derivative
    assert sympy.simplify(parse_expression(derivative) - sympy.diff(expr(function), X)) == 0


def test_the_quotient_is_in_the_quotient_rules_form_not_sympys():
    facts = rules_facts(expr("(x^2+1)/(x-1)"), X, 2)
    assert facts.derivative == "(2*x*(x - 1) - (x^2 + 1))/(x - 1)^2"
    assert facts.derivative_latex == (
        r"\frac{2 x \left(x - 1\right) - \left(x^{2} + 1\right)}{\left(x - 1\right)^{2}}")
    assert facts.sympy_derivative == "2*x/(x - 1) - (x^2 + 1)/(x - 1)^2"
    assert facts.check == "symbolic"
    assert facts.steps[-1].rule == "quotient"
    assert facts.steps[-1].form == "(f/g)′ = (f′·g − f·g′)/g²"


@pytest.mark.parametrize(("function", "rules"), [
    ("x^5", ["power"]),
    ("7", ["constant"]),
    ("x^2 + sin(x)", ["power", "sine", "sum"]),
    ("x^2 sin(x)", ["power", "sine", "product"]),
    ("(x^2+1)/(x-1)", ["power", "constant", "sum", "power", "constant", "difference", "quotient"]),
    ("3x^4 - 2x^2 + 7", ["power", "constant multiple", "power", "constant multiple", "constant",
                         "difference"]),
    ("sin(x^2)", ["power", "chain"]),
    ("sqrt(x^2 + 1)", ["power", "constant", "sum", "chain"]),
    ("exp(x)", ["exponential"]),
    ("2^x", ["exponential"]),
    ("x^x", ["power", "power", "variable power"]),
])
def test_each_step_names_its_rule(function, rules):
    _, steps = derive(expr(function), X)
    assert [step.rule for step in steps] == rules
    assert all(step.form for step in steps)
    assert steps[-1].depth == 0 and all(step.depth > 0 for step in steps[:-1])


def test_steps_record_rule_expression_and_result_in_the_rules_form():
    _, steps = derive(expr("3x^4 - 2x^2 + 7"), X)
    assert [(s.rule, s.expression, s.result) for s in steps] == [
        ("power", "x^4", "4*x^3"), ("constant multiple", "3*x^4", "12*x^3"),
        ("power", "x^2", "2*x"), ("constant multiple", "2*x^2", "4*x"),
        ("constant", "7", "0"), ("difference", "3*x^4 - 2*x^2 + 7", "12*x^3 - 4*x"),
    ]


def test_chain_rule_reads_outer_and_inner_off_the_tree():
    assert read(expr("sin(x^2)"), X).parts == (sympy.sin(symbol("u")), X**2)
    assert read(expr("(3x^2+1)^5"), X).parts == (symbol("u") ** 5, 3 * X**2 + 1)
    assert text(derive(expr("(3x^2+1)^5"), X)[0]) == "30*x*(3*x^2 + 1)^4"
    assert text(derive(expr("tan(3x)"), X)[0]) == "3/cos(3*x)^2"


def test_a_quotient_is_recognised_from_a_product_with_a_reciprocal_factor():
    quotient = expr("sin(x)/x")
    assert isinstance(quotient, sympy.Mul)
    assert read(quotient, X).rule == "quotient"
    assert text(derive(quotient, X)[0]) == "(x*cos(x) - sin(x))/x^2"
    assert read(expr("x sin(x)/(x^2+1)"), X).parts == (X * sympy.sin(X), X**2 + 1)


def test_the_default_lessons_numbers():
    facts = lesson_facts(make_lesson(kind="rules", function="x^2*sin(x)")).facts
    assert facts.at.x == 1.0
    assert facts.derivative == "2*x*sin(x) + x^2*cos(x)"
    wrong = facts.mistake
    assert wrong.naive == "2*x*cos(x)"
    assert f"{wrong.naive_value:.4f}" == "1.0806" and f"{wrong.true_value:.4f}" == "2.2232"
    assert wrong.naive_value == 2 * math.cos(1)
    assert wrong.true_value == pytest.approx(2 * math.sin(1) + math.cos(1), rel=1e-15)
    assert wrong.true_at_latex == r"2 \sin {1} + \cos {1}"
    assert facts.at.slope == wrong.true_value


def test_the_rectangles_new_area_is_the_two_strips_plus_the_corner():
    rect = rules_facts(expr("x^2 sin(x)"), X, 1).rectangle
    assert (rect.f, rect.g) == ("x^2", "sin(x)")
    assert rect.f_value == 1.0 and rect.g_value == pytest.approx(math.sin(1), rel=1e-15)
    assert [n.dx for n in rect.nudges] == list(NUDGES)
    for n in rect.nudges:
        f1, g1 = (1 + n.dx) ** 2, math.sin(1 + n.dx)
        assert n.df == pytest.approx(f1 - 1, rel=1e-12)
        assert n.dg == pytest.approx(g1 - math.sin(1), rel=1e-12)
        assert n.f_dg == pytest.approx(rect.f_value * n.dg, rel=1e-12)
        assert n.g_df == pytest.approx(rect.g_value * n.df, rel=1e-12)
        assert n.corner == pytest.approx(n.df * n.dg, rel=1e-12)
        new_area = f1 * g1 - rect.f_value * rect.g_value
        assert n.f_dg + n.g_df + n.corner == pytest.approx(new_area, rel=1e-9)


def test_the_corner_vanishes_faster_than_the_strips():
    rect = rules_facts(expr("x^2 sin(x)"), X, 1).rectangle
    shares = [n.corner / (n.f_dg + n.g_df) for n in rect.nudges]
    assert shares == sorted(shares, reverse=True) and shares[-1] < 0.005 and shares[0] > 0.1
    # the strips shrink like dx (over dx they tend to f g' + g f'), the corner like dx^2
    last = rect.nudges[-1]
    assert (last.f_dg + last.g_df) / last.dx == pytest.approx(2 * math.sin(1) + math.cos(1), rel=0.02)
    assert last.corner / last.dx**2 == pytest.approx(2 * math.cos(1), rel=0.03)


def test_no_rectangle_or_mistake_for_a_quotient_and_chapters_leave_them_out():
    item = lesson_facts(make_lesson(kind="rules", function="(x^2+1)/(x-1)", point=2))
    assert item.facts.rectangle is None and item.facts.mistake is None
    assert item.facts.rectangle_note == "the top of the tree is a quotient, not a product"
    assert list(kind_of("rules").chapters(item.facts)) == ["question", "tree", "steps", "takeaway"]


def test_a_product_with_a_negative_side_keeps_its_mistake_but_no_rectangle():
    facts = rules_facts(expr("x^2 cos(x)"), X, 2)
    assert facts.rectangle is None and "positive" in facts.rectangle_note
    assert facts.mistake.naive_value == pytest.approx(-4 * math.sin(2), rel=1e-15)
    assert list(kind_of("rules").chapters(facts)) == ["question", "tree", "steps", "mistake",
                                                       "takeaway"]


def test_a_long_derivation_shows_its_top_levels_and_says_so():
    function = expr("sin(x)^2*exp(cos(x))/(x^2+1) + log(x^2+1)*sqrt(x)")
    facts = rules_facts(function, X, 1)
    assert len(facts.steps) > MAX_SHOWN_STEPS == len(facts.shown)
    depths = [facts.steps[i].depth for i in facts.shown]
    assert max(depths) <= min(s.depth for i, s in enumerate(facts.steps) if i not in facts.shown)
    assert len(facts.steps) - 1 in facts.shown, "the whole function's step is always shown"
    assert steps_note(len(facts.shown), len(facts.steps))[0].startswith("Too long to show whole")
    assert shown_steps(facts.steps, 100) == tuple(range(len(facts.steps)))


def test_a_disagreement_with_sympy_raises(monkeypatch):
    with pytest.raises(RuleEngineError, match="sympy.diff gives"):
        check_against_sympy(X**2, 2 * X, X)
    import derivanim.rules

    def wrong(expression, variable):
        _, steps = derive(expression, variable)
        return derive(expression * 2, variable)[0], steps

    monkeypatch.setattr(derivanim.rules, "derive", wrong)
    with pytest.raises(RuleEngineError):
        rules_facts(expr("x^2"), X, 1)


@pytest.mark.parametrize(("function", "point", "reason"), [
    ("log(x)", -1, "point: x = -1 is outside the domain of f (f(x) is not a real number there)"),
    ("(x^2+1)/(x-1)", 1, "point: f is singular at x = 1 (it blows up there)"),
    ("abs(x) x^2 + abs(x)", 0, "point: f is not differentiable at x = 0"),
])
def test_a_point_where_f_has_no_slope_is_refused(function, point, reason):
    with pytest.raises(LessonError, match=reason.replace("(", r"\(").replace(")", r"\)")):
        lesson_facts(make_lesson(id="bad", kind="rules", function=function, point=point))


def test_render_check_refuses_a_point_outside_the_domain_with_exit_2(tmp_path, monkeypatch):
    from render import main

    path = tmp_path / "bad.toml"
    path.write_text('[[lessons]]\nid = "logs"\nkind = "rules"\nfunction = "log(x)"\npoint = -1\n',
                    encoding="utf-8")
    monkeypatch.chdir(REPO)
    result = CliRunner().invoke(main, ["--check", "--config", str(path)])
    assert result.exit_code == 2, result.output
    assert result.stderr == (f"error: {path}: lesson 'logs': point: x = -1 is outside the domain "
                             "of f (f(x) is not a real number there)\n")
    assert result.stdout == ""


def test_a_constant_function_is_fine():
    facts = rules_facts(expr("7"), X, 1)
    assert facts.derivative == "0" and [s.rule for s in facts.steps] == ["constant"]
    assert facts.at.slope == 0.0


def test_the_summary_names_every_step_and_the_check():
    item = lesson_facts(make_lesson(kind="rules", function="(x^2+1)/(x-1)", point=2))
    lines = kind_of("rules").summary(item.facts)
    assert lines[0] == "(x^2 + 1)/(x - 1) is a quotient: (f/g)′ = (f′·g − f·g′)/g²."
    assert len(lines) == len(item.facts.steps) + 3
    assert "checked symbolic" in lines[-2]


def test_rule_phrases_are_said_without_symbols():
    for function in ("x^2 sin(x)", "(x^2+1)/(x-1)", "3x^4 - 2x^2 + 7", "sin(x^2)", "x^x"):
        for step in derive(expr(function), X)[1]:
            for phrase in rule_phrases(step):
                assert leftover_symbols(say(phrase)) == [], phrase
