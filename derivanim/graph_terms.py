"""The operations of a computation graph, read off a sympy expression, and their names.

sympy stores ``y - w*x - b`` as one sum of three terms, ``-b - w*x + y``. A learner reads it
as a difference of the data and a prediction. :func:`fold` splits one node of the tree into
the operation a learner can name and its operands: a sum with negative terms becomes a
difference, a product with a negative coefficient a negation, negative powers a quotient.
:func:`describe` then names every node (``ŷ`` for a prediction subtracted from the data, ``r``
for that residual, ``L`` for the loss, ``wx`` for a short product, ``u₁``, ``u₂`` otherwise) and
writes each node's definition in its operands' names.

Examples
--------
>>> from derivanim.expressions import parse_expression
>>> operation, parts = fold(parse_expression("(y - w*x - b)^2", variable=("w", "b", "x", "y")))
>>> operation.name, parts
('power', [-b - w*x + y])
>>> operation, parts = fold(parts[0])
>>> operation.name, parts
('sub', [y, b + w*x])
>>> fold(parts[1])[1]
[w*x, b]
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import sympy

SUPERSCRIPTS = str.maketrans("0123456789-", "⁰¹²³⁴⁵⁶⁷⁸⁹⁻")
SUBSCRIPTS = str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉")
_TEX_FUNCTIONS = {"asin": r"\arcsin", "acos": r"\arccos", "atan": r"\arctan",
                  "sign": r"\operatorname{sign}"}


def _slots(count: int) -> tuple[sympy.Symbol, ...]:
    return tuple(sympy.Symbol(f"_a{index}", real=True) for index in range(count))


@dataclass(frozen=True)
class Operation:
    """One operation of the graph: a formula in placeholders for its operands.

    Attributes
    ----------
    name : str
        add, sub, neg, mul, div, reciprocal, power (a fixed exponent), pow, or a function
        name (tanh, log, abs, ...).
    template : sympy.Expr
        The operation in the placeholders ``_a0``, ``_a1``, ...
    arity : int
        How many operands it takes.
    exponent : sympy.Expr or None
        The fixed exponent of a power.

    Examples
    --------
    >>> square = power(sympy.Integer(2))
    >>> square.apply([sympy.Integer(3)]), square.locals([sympy.Integer(3)])
    (9, (6,))
    """

    name: str
    template: sympy.Expr
    arity: int
    exponent: sympy.Expr | None = None

    def apply(self, operands: Sequence[sympy.Expr]) -> sympy.Expr:
        """The operation's value at its operands' values (exact)."""
        return self.template.xreplace(dict(zip(_slots(self.arity), operands)))

    def locals(self, operands: Sequence[sympy.Expr]) -> tuple[sympy.Expr, ...]:
        """Its partial derivative by each operand, at the operands' values (nan where none:
        ``|u|`` at 0 has no slope, though sympy's sign(0) is 0)."""
        if self.name == "abs" and operands[0] == 0:
            return (sympy.nan,)
        at = dict(zip(_slots(self.arity), operands))
        return tuple(sympy.diff(self.template, slot).xreplace(at) for slot in _slots(self.arity))


def nary(name: str, count: int) -> Operation:
    """A sum or product of ``count`` operands."""
    slots = _slots(count)
    template = sympy.Add(*slots) if name == "add" else sympy.Mul(*slots)
    return Operation(name, template, count)


def power(exponent: sympy.Expr) -> Operation:
    """The operand raised to a fixed exponent."""
    (slot,) = _slots(1)
    return Operation("power", slot ** exponent, 1, exponent)


def function(kind: type) -> Operation:
    """A function of one operand (``sympy.tanh``, ``sympy.Abs``, ...)."""
    (slot,) = _slots(1)
    return Operation(kind.__name__.lower(), kind(slot), 1)


_A, _B = _slots(2)
SUB = Operation("sub", _A - _B, 2)
NEG = Operation("neg", -_A, 1)
DIV = Operation("div", _A / _B, 2)
RECIPROCAL = Operation("reciprocal", 1 / _A, 1)
POW = Operation("pow", _A ** _B, 2)


def _negative(term: sympy.Expr) -> bool:
    coefficient = term.as_coeff_Mul()[0]
    return bool(coefficient.is_Number and coefficient < 0)


def _in_reading_order(terms: Sequence[sympy.Expr]) -> list[sympy.Expr]:
    """Terms with symbols first, the larger first, constants last (``wx + b + 1``)."""
    return sorted(terms, key=lambda t: (not t.free_symbols, -sympy.count_ops(t), str(t)))


def fold(expression: sympy.Expr) -> tuple[Operation, list[sympy.Expr]]:
    """The operation at the top of ``expression`` and its operands, as a learner reads them.

    Raises
    ------
    ValueError
        For a node that is not a sum, product, power or function of one argument (a leaf).

    Examples
    --------
    >>> from derivanim.expressions import parse_expression
    >>> [fold(parse_expression(t, variable=("w", "x")))[0].name for t in
    ...  ("w/x", "1/w", "-w*x", "w^x", "tanh(w)", "sqrt(w)", "2w")]
    ['div', 'reciprocal', 'neg', 'pow', 'tanh', 'power', 'mul']
    """
    if isinstance(expression, sympy.Add):
        terms = list(expression.args)
        positive = [t for t in terms if not _negative(t)]
        negative = [-t for t in terms if _negative(t)]
        if positive and negative:
            return SUB, [sympy.Add(*positive), sympy.Add(*negative)]
        if negative:
            return NEG, [sympy.Add(*negative)]
        return nary("add", len(terms)), _in_reading_order(terms)
    if isinstance(expression, sympy.Mul):
        coefficient, factors = expression.as_coeff_mul()
        if coefficient < 0:
            return NEG, [-expression]
        numerator = [f for f in factors if not (f.is_Pow and _negative(f.exp))]
        denominator = [1 / f for f in factors if f.is_Pow and _negative(f.exp)]
        if coefficient != 1:
            numerator.insert(0, coefficient)
        if denominator:
            if numerator:
                return DIV, [sympy.Mul(*numerator), sympy.Mul(*denominator)]
            return RECIPROCAL, [sympy.Mul(*denominator)]
        return nary("mul", len(numerator)), numerator
    if isinstance(expression, sympy.Pow):
        base, exponent = expression.args
        if exponent.is_Number and exponent < 0:
            return RECIPROCAL, [base ** -exponent]
        if exponent.is_Number:
            return power(exponent), [base]
        return POW, [base, exponent]
    if isinstance(expression, sympy.Function) and len(expression.args) == 1:
        return function(type(expression)), [expression.args[0]]
    raise ValueError(f"{expression} is a leaf, not an operation")


@dataclass(frozen=True)
class Names:
    """How one node is called and defined, in text and in TeX."""

    name: str
    latex: str
    formula: str
    formula_latex: str


def _grouped(text: str, latex: str, compound: bool) -> tuple[str, str]:
    return (f"({text})", rf"\left({latex}\right)") if compound else (text, latex)


def definition(operation: Operation, operands: Sequence[Names],
               compound: Sequence[bool]) -> tuple[str, str]:
    """An operation written in its operands' names, as text and as TeX.

    Examples
    --------
    >>> r = Names("r", "r", "r", "r")
    >>> definition(power(sympy.Integer(2)), [r], [False])
    ('r²', 'r^{2}')
    >>> definition(power(sympy.Rational(1, 2)), [r], [False])
    ('√r', '\\\\sqrt{r}')
    """
    texts = [o.name for o in operands]
    latexes = [o.latex for o in operands]
    name = operation.name
    if name == "add":
        return " + ".join(texts), " + ".join(latexes)
    if name == "sub":
        return f"{texts[0]} - {texts[1]}", f"{latexes[0]} - {latexes[1]}"
    if name == "mul":
        parts = [_grouped(t, x, c) for t, x, c in zip(texts, latexes, compound)]
        return "·".join(p[0] for p in parts), r" \cdot ".join(p[1] for p in parts)
    if name == "div":
        return f"{texts[0]}/{texts[1]}", rf"\frac{{{latexes[0]}}}{{{latexes[1]}}}"
    text, latex = _grouped(texts[0], latexes[0], compound[0])
    if name == "neg":
        return f"-{text}", f"-{latex}"
    if name == "reciprocal":
        return f"1/{text}", rf"\frac{{1}}{{{latexes[0]}}}"
    if name == "pow":
        other, other_latex = _grouped(texts[1], latexes[1], compound[1])
        return f"{text}^{other}", f"{latex}^{{{other_latex}}}"
    if name == "power":
        exponent = operation.exponent
        if exponent == sympy.Rational(1, 2):
            return f"√{text}", rf"\sqrt{{{latexes[0]}}}"
        if exponent is not None and exponent.is_Integer:
            return f"{text}{str(exponent).translate(SUPERSCRIPTS)}", f"{latex}^{{{exponent}}}"
        return f"{text}^({exponent})", f"{latex}^{{{sympy.latex(exponent)}}}"
    if name == "abs":
        return f"|{texts[0]}|", rf"\left|{latexes[0]}\right|"
    command = _TEX_FUNCTIONS.get(name, "\\" + name)
    return f"{name}({texts[0]})", rf"{command}\left({latexes[0]}\right)"


def _compact_product(operation: Operation, operands: Sequence[Names]) -> bool:
    """A product of short leaves reads best as one word: ``wx``, ``2w``."""
    names = [o.name for o in operands]
    return (operation.name == "mul" and all(o.name == o.formula for o in operands)
            and all(len(n) == 1 for n in names[1:]) and len("".join(names)) <= 4)


NodeShape = tuple[str, sympy.Expr, "Operation | None", Sequence[str]]
"""What :func:`describe` needs of a node: role, expression, operation, operand keys."""


def describe(nodes: Mapping[str, NodeShape], order: Sequence[str],
             inputs: set[str]) -> dict[str, Names]:
    """Name every node of a graph and write its definition (see the module's description).

    Parameters
    ----------
    nodes : mapping of key to (role, expression, operation, operand keys)
        The graph's nodes.
    order : sequence of str
        Their keys in forward order (operands first, the loss last).
    inputs : set of str
        The names of the data symbols (a prediction is what the data is compared with).
    """
    taken = {str(e) for role, e, _, _ in nodes.values() if role in ("parameter", "input")}
    special: dict[str, tuple[str, str]] = {order[-1]: ("L", "L")}
    for key in reversed(order):
        role, _, operation, operands = nodes[key]
        if operation is None or operation.name != "sub" or {"r", "y_hat"} & taken:
            continue
        data = [k for k in operands if nodes[k][0] == "input" and str(nodes[k][1]) in inputs]
        rest = [k for k in operands if nodes[k][0] == "operation"]
        if len(data) == 1 and len(rest) == 1:
            special.setdefault(key, ("r", "r"))
            special.setdefault(rest[0], ("ŷ", r"\hat{y}"))
            break
    names: dict[str, Names] = {}
    count = 0
    for key in order:
        role, expression, operation, operands = nodes[key]
        if operation is None:
            text = str(expression) if role != "constant" else _constant_text(expression)
            latex = sympy.latex(expression)
            names[key] = Names(text, latex, text, latex)
            continue
        parts = [names[k] for k in operands]
        compound = [nodes[k][2] is None and nodes[k][0] == "constant" and "/" in names[k].name
                    or len(names[k].name) > 1 and names[k].name == names[k].formula
                    and nodes[k][2] is not None for k in operands]
        text, latex = definition(operation, parts, compound)
        if key in special:
            name, name_latex = special[key]
        elif _compact_product(operation, parts):
            name = "".join(p.name for p in parts)
            name_latex = " ".join(p.latex for p in parts)
            names[key] = Names(name, name_latex, name, name_latex)
            continue
        else:
            count += 1
            name, name_latex = f"u{str(count).translate(SUBSCRIPTS)}", f"u_{{{count}}}"
        names[key] = Names(name, name_latex, f"{name} = {text}", f"{name_latex} = {latex}")
    return names


def _constant_text(value: sympy.Expr) -> str:
    text = sympy.sstr(value).replace("**", "^")
    return "e" if text == "E" else text
