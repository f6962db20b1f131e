"""The rule engine against sympy.diff on a few hundred generated functions (hypothesis): random
trees of + - * / ^, sin, cos, exp, log and sqrt over x and small integers, written as a user
types them and read by the parser. Every derivative the rules give equals sympy's
(simplify(ours - diff) == 0), every step names a known rule, and the text of the result reads
back to the same function."""

from __future__ import annotations

import math

import sympy
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from derivanim.errors import ExpressionError
from derivanim.expressions import parse_expression, symbol
from derivanim.rule_engine import FORMS, derive
from derivanim.rule_forms import text, value

X = symbol("x")
FUNCTIONS = ("sin", "cos", "exp", "log", "sqrt")
KNOWN = set(FORMS)

leaves = st.one_of(st.just("x"), st.integers(min_value=1, max_value=5).map(str))


def _grow(children: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    binary = st.tuples(children, st.sampled_from("+-*/"), children).map(
        lambda t: f"({t[0]}) {t[1]} ({t[2]})")
    power = st.tuples(children, st.integers(min_value=-3, max_value=4)).map(
        lambda t: f"({t[0]})^{t[1]}" if t[1] >= 0 else f"({t[0]})^({t[1]})")
    exponent = st.tuples(st.integers(min_value=2, max_value=3), children).map(
        lambda t: f"{t[0]}^({t[1]})")
    call = st.tuples(st.sampled_from(FUNCTIONS), children).map(lambda t: f"{t[0]}({t[1]})")
    return st.one_of(binary, power, exponent, call)


functions = st.recursive(leaves, _grow, max_leaves=7)


def _close(a: sympy.Expr, b: sympy.Expr) -> bool:
    """Equal at a few points where both are real numbers (or nowhere comparable)."""
    for probe in (0.37, 1.21, 2.63):
        left = complex(sympy.N(a.subs(X, probe), 30))
        right = complex(sympy.N(b.subs(X, probe), 30))
        finite = all(math.isfinite(v) for v in (left.real, left.imag, right.real, right.imag))
        if finite and abs(left - right) > 1e-12 * (1 + abs(right)):
            return False
    return True


@settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(functions)
def test_the_rules_agree_with_sympy_diff(source: str):
    try:
        expression = parse_expression(source)
    except ExpressionError:
        assume(False)
        return
    expected = sympy.diff(expression, X)  # sympy differentiates every one of these
    result, steps = derive(expression, X)
    ours = value(result)
    assert sympy.simplify(ours - expected) == 0, (source, text(result), expected)
    assert all(step.rule in KNOWN for step in steps), [s.rule for s in steps]
    assert steps[-1].depth == 0
    try:
        again = parse_expression(text(result))
    except ExpressionError:
        return  # a derivative may be longer than a user may type; its value was checked
    assert _close(again, ours), (text(result), ours)
