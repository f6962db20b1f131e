"""The derivative rules, applied node by node to the expression tree of a function.

Before differentiating, ask what operation built the function: a sum, a product, a quotient,
a composition, a power or a constant. :func:`read` answers that for one node of sympy's tree;
:func:`derive` applies the answer's rule, after deriving the node's parts, and records each
application as a :class:`Step` in the rule's own form (the quotient rule gives
``(f'g - fg')/g^2``, the chain rule ``f'(g) g'``), with constants folded as a learner folds
them. This is a rule engine of ours, not a replay of :func:`sympy.diff`: sympy only checks the
final result (:func:`derivanim.rules.rules_facts`).

Examples
--------
>>> from derivanim.expressions import parse_expression, symbol
>>> x = symbol("x")
>>> result, steps = derive(parse_expression("x^2 sin(x)"), x)
>>> [(s.rule, s.expression, s.result) for s in steps]
[('power', 'x^2', '2*x'), ('sine', 'sin(x)', 'cos(x)'), ('product', 'x^2*sin(x)', '2*x*sin(x) + x^2*cos(x)')]
>>> read(parse_expression("(x^2+1)/(x-1)"), x)
Reading(rule='quotient', parts=(x**2 + 1, x - 1))
"""

from __future__ import annotations

from dataclasses import dataclass

import sympy

from derivanim.expressions import symbol, to_text
from derivanim.rule_forms import Shown, leaf, negate, plus, ratio, term_lines, tex, text, times
from derivanim.rule_forms import latex as shown_latex

U = symbol("u")
"""The variable of an outer function, f(u), in the chain rule."""

NAMED: dict[type, str] = {sympy.sin: "sine", sympy.cos: "cosine", sympy.tan: "tangent",
                          sympy.log: "logarithm"}
"""Rule names of the standard functions a course names; the others are read from the table
of standard derivatives under their own name (``atan``)."""

OUTER: dict[type, sympy.Expr] = {sympy.tan: 1 / sympy.cos(U) ** 2}
"""Standard derivatives written as a learner learns them, where that differs from sympy's
(the derivative of tan is 1/cos², which sympy writes tan² + 1)."""

FORMS: dict[str, str] = {
    "constant": "(c)′ = 0",
    "power": "(xⁿ)′ = n·xⁿ⁻¹",
    "constant multiple": "(c·f)′ = c·f′",
    "sum": "(f + g)′ = f′ + g′",
    "difference": "(f − g)′ = f′ − g′",
    "product": "(f·g)′ = f′·g + f·g′",
    "quotient": "(f/g)′ = (f′·g − f·g′)/g²",
    "chain": "(f(g))′ = f′(g)·g′",
    "exponential": "(aˣ)′ = aˣ·ln a (so (eˣ)′ = eˣ)",
    "sine": "(sin x)′ = cos x",
    "cosine": "(cos x)′ = −sin x",
    "tangent": "(tan x)′ = 1/cos² x",
    "logarithm": "(ln x)′ = 1/x",
    "abs": "(|x|)′ = sign x, for x ≠ 0",
    "variable power": "(fᵍ)′ = fᵍ·(g′·ln f + g·f′/f)",
}
"""Each rule in general, as a learner writes it (a standard function not listed reads
"(name x)′ from the table")."""


def form(rule: str) -> str:
    """The rule in general.

    Examples
    --------
    >>> form("product"), form("atan")
    ('(f·g)′ = f′·g + f·g′', '(atan x)′ from the table of standard derivatives')
    """
    return FORMS.get(rule, f"({rule} x)′ from the table of standard derivatives")


@dataclass(frozen=True)
class Reading:
    """What operation built one node of the tree, and from which parts.

    Attributes
    ----------
    rule : str
        The rule that node needs: ``constant``, ``power``, ``constant multiple``, ``sum``,
        ``difference``, ``product``, ``quotient``, ``chain``, ``exponential``,
        ``variable power``, or a standard function's name (``sine``, ``atan``).
    parts : tuple of sympy.Expr
        The pieces the rule combines: terms (signed) of a sum, f and g of a product or
        quotient, the constant and the rest of a multiple, outer f(u) and inner g of a
        chain, base and exponent of a power.
    """

    rule: str
    parts: tuple[sympy.Expr, ...]


def _split_quotient(expression: sympy.Expr) -> tuple[sympy.Expr, sympy.Expr] | None:
    """Numerator and denominator of a product that has factors with negative exponents."""
    top, bottom = [], []
    for factor in expression.as_ordered_factors():
        base, power = factor.as_base_exp()
        if power.is_number and power.is_negative:
            bottom.append(base ** (-power))
        else:
            top.append(factor)
    if not bottom:
        return None
    return sympy.Mul(*top), sympy.Mul(*bottom)


def _function_rule(function: type) -> str:
    return NAMED.get(function, function.__name__.lower())


def read(expression: sympy.Expr, variable: sympy.Symbol) -> Reading:
    """Say what operation built ``expression`` at the top of its tree.

    Examples
    --------
    >>> from derivanim.expressions import parse_expression, symbol
    >>> x = symbol("x")
    >>> [read(parse_expression(t), x).rule for t in ("7", "x^5", "3x^4 - 2x^2 + 7", "2sin(x)")]
    ['constant', 'power', 'difference', 'constant multiple']
    >>> read(parse_expression("sqrt(x^2 + 1)"), x)
    Reading(rule='chain', parts=(sqrt(u), x**2 + 1))
    >>> [read(parse_expression(t), x).rule for t in ("2^x", "x^x", "cos(x)", "atan(x)")]
    ['exponential', 'variable power', 'cosine', 'atan']
    """
    if not expression.has(variable):
        return Reading("constant", ())
    if expression == variable:
        return Reading("power", (variable,))
    if isinstance(expression, sympy.Add):
        terms = tuple(expression.as_ordered_terms())
        negative = any(term.could_extract_minus_sign() for term in terms[1:])
        return Reading("difference" if negative else "sum", terms)
    if isinstance(expression, sympy.Mul):
        constant, rest = expression.as_independent(variable, as_Add=False)
        if constant != 1:
            return Reading("constant multiple", (constant, rest))
        quotient = _split_quotient(expression)
        if quotient is not None:
            return Reading("quotient", quotient)
        factors = expression.as_ordered_factors()
        return Reading("product", (factors[0], sympy.Mul(*factors[1:])))
    if isinstance(expression, sympy.Pow):
        base, power = expression.as_base_exp()
        if not power.has(variable):
            if base == variable:
                return Reading("power", (base, power))
            return Reading("chain", (U**power, base))
        if not base.has(variable):
            if power == variable:
                return Reading("exponential", (base, power))
            return Reading("chain", (base**U, power))
        return Reading("variable power", (base, power))
    if isinstance(expression, sympy.Function) and len(expression.args) == 1:
        inside = expression.args[0]
        if inside == variable and expression.func == sympy.exp:
            return Reading("exponential", (sympy.E, variable))
        if inside == variable:
            return Reading(_function_rule(expression.func), (variable,))
        return Reading("chain", (expression.func(U), inside))
    raise ValueError(f"no derivative rule reads {to_text(expression)}")


@dataclass(frozen=True)
class Step:
    """One rule applied to one node of the tree.

    Attributes
    ----------
    rule : str
        The rule's name (see :class:`Reading`).
    expression : str
        The node, as a user types it.
    result : str
        Its derivative in the rule's form, constants folded, as a user types it.
    expression_latex, result_latex : str
        The same in LaTeX.
    form : str
        The rule in general (:func:`form`).
    result_lines : tuple of str
        The result's top-level terms in LaTeX, signed, for writing it over several lines.
    depth : int
        How deep the node sits in the tree (0 for the whole function).
    """

    rule: str
    expression: str
    result: str
    expression_latex: str
    result_latex: str
    form: str
    result_lines: tuple[str, ...]
    depth: int


def _outer_derivative(outer: sympy.Expr) -> sympy.Expr:
    """f'(u) of an outer function: a learner's standard derivative where it has one."""
    function = outer.func
    if isinstance(outer, sympy.Function) and function in OUTER:
        return OUTER[function]
    return sympy.diff(outer, U)


@dataclass
class _Engine:
    """Applies the rules depth first, recording steps in the order they finish (parts first,
    the whole function last)."""

    variable: sympy.Symbol
    steps: list[Step]

    def derive(self, expression: sympy.Expr, depth: int) -> Shown:
        reading = read(expression, self.variable)
        result = self.apply(reading, expression, depth)
        self.steps.append(Step(
            rule=reading.rule, expression=to_text(expression), result=text(result),
            expression_latex=tex(expression), result_latex=shown_latex(result),
            form=form(reading.rule), result_lines=term_lines(result), depth=depth,
        ))
        return result

    def apply(self, reading: Reading, expression: sympy.Expr, depth: int) -> Shown:
        x, rule, parts, deeper = self.variable, reading.rule, reading.parts, depth + 1
        if rule == "constant":
            return leaf(0)
        if rule == "power":
            power = parts[1] if len(parts) > 1 else sympy.Integer(1)
            return leaf(power * x ** (power - 1))
        if rule in ("sum", "difference"):
            pieces = []
            for term in parts:
                if term.could_extract_minus_sign():
                    pieces.append(negate(self.derive(-term, deeper)))
                else:
                    pieces.append(self.derive(term, deeper))
            return plus(*pieces)
        if rule == "constant multiple":
            return times(leaf(parts[0]), self.derive(parts[1], deeper))
        if rule in ("product", "quotient"):
            f, g = parts
            df, dg = self.derive(f, deeper), self.derive(g, deeper)
            if rule == "product":
                return plus(times(df, leaf(g)), times(leaf(f), dg))
            top = plus(times(df, leaf(g)), negate(times(leaf(f), dg)))
            return ratio(top, leaf(g**2))
        if rule == "chain":
            outer, inner = parts
            slope = _outer_derivative(outer).subs(U, inner)
            return times(leaf(slope), self.derive(inner, deeper))
        if rule == "exponential":
            return leaf(expression * sympy.log(parts[0]))
        if rule == "variable power":
            f, g = parts
            df, dg = self.derive(f, deeper), self.derive(g, deeper)
            inside = plus(times(dg, leaf(sympy.log(f))), times(leaf(g), ratio(df, leaf(f))))
            return times(leaf(expression), inside)
        function = type(expression)
        return leaf(_outer_derivative(function(U)).subs(U, x))


def derive(expression: sympy.Expr, variable: sympy.Symbol) -> tuple[Shown, list[Step]]:
    """Differentiate by the rules, reading the tree from the top.

    Parameters
    ----------
    expression : sympy.Expr
        The function, as parsed.
    variable : sympy.Symbol
        Its variable.

    Returns
    -------
    result : Shown
        f'(x) in the top rule's form (:mod:`derivanim.rule_forms`).
    steps : list of Step
        Every rule applied, parts before the node they build (the last step is the whole
        function).

    Examples
    --------
    >>> from derivanim.expressions import parse_expression, symbol
    >>> x = symbol("x")
    >>> text(derive(parse_expression("(x^2+1)/(x-1)"), x)[0])
    '(2*x*(x - 1) - (x^2 + 1))/(x - 1)^2'
    >>> text(derive(parse_expression("3x^4 - 2x^2 + 7"), x)[0])
    '12*x^3 - 4*x'
    >>> text(derive(parse_expression("sin(x^2)"), x)[0])
    '2*x*cos(x^2)'
    """
    engine = _Engine(variable, [])
    result = engine.derive(expression, 0)
    return result, engine.steps
