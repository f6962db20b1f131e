"""Derivatives written as a learner writes them: a small tree that keeps the rule's own form.

sympy evaluates as it builds, so ``(2x)(x - 1) - (x^2 + 1)`` would come out as
``2*x*(x - 1) - x**2 - 1`` and the quotient rule's shape would be lost. A rule's result is
therefore kept as a tree of our own: sums (:class:`Total`), products (:class:`Product`) and
quotients (:class:`Ratio`) over leaves that are ordinary sympy expressions (the pieces of the
user's function and the derivatives of the simplest ones). The constructors fold constants as a
learner does (``3 * 4x^3`` is ``12x^3``, a factor 1 and a term 0 disappear), and the tree is
written as text (as a user types it) or LaTeX, or evaluated back to sympy to be checked.

Examples
--------
>>> from derivanim.expressions import symbol
>>> x = symbol("x")
>>> top = plus(times(leaf(2 * x), leaf(x - 1)), negate(times(leaf(x**2 + 1), leaf(1))))
>>> quotient = ratio(top, leaf((x - 1) ** 2))
>>> text(quotient)
'(2*x*(x - 1) - (x^2 + 1))/(x - 1)^2'
>>> print(latex(quotient))
\\frac{2 x \\left(x - 1\\right) - \\left(x^{2} + 1\\right)}{\\left(x - 1\\right)^{2}}
>>> value(quotient)
(-x**2 + 2*x*(x - 1) - 1)/(x - 1)**2
"""

from __future__ import annotations

from dataclasses import dataclass

import sympy
from sympy.printing.precedence import PRECEDENCE, precedence

from derivanim.expressions import to_text

ADD = PRECEDENCE["Add"]
MUL = PRECEDENCE["Mul"]


@dataclass(frozen=True)
class Leaf:
    """A plain sympy expression (a piece of the function, or a simple derivative)."""

    expression: sympy.Expr


@dataclass(frozen=True)
class Product:
    """``coefficient * factor * factor ...``, the factors in the order the rule writes them."""

    coefficient: sympy.Expr
    factors: tuple[Shown, ...]


@dataclass(frozen=True)
class Total:
    """A sum of terms, in order (a negative term is written as a subtraction)."""

    terms: tuple[Shown, ...]


@dataclass(frozen=True)
class Ratio:
    """``numerator / denominator``, written as a fraction."""

    numerator: Shown
    denominator: Shown


Shown = Leaf | Product | Total | Ratio
"""A derivative in the form a rule gives it."""


def tex(expression: sympy.Expr) -> str:
    r"""LaTeX as a learner writes it: ``\sin x``, not ``\sin{\left(x \right)}`` (brackets
    stay around a sum: ``\sin{\left(x + 1 \right)}``).

    Examples
    --------
    >>> from derivanim.expressions import symbol
    >>> x = symbol("x")
    >>> print(tex(x**2 * sympy.sin(x)), "|", tex(sympy.cos(x + 1)))
    x^{2} \sin {x} | \cos{\left(x + 1 \right)}
    """
    return sympy.latex(expression, fold_func_brackets=True)


def leaf(expression: sympy.Expr | int) -> Leaf:
    """A sympy expression as a leaf.

    Examples
    --------
    >>> leaf(3)
    Leaf(expression=3)
    """
    return Leaf(sympy.sympify(expression))


def is_zero(node: Shown) -> bool:
    """Whether the node is the number 0."""
    return isinstance(node, Leaf) and node.expression == 0


def _is_monomial(node: Shown) -> bool:
    """x or a power of one symbol: such factors go first, as in ``2x sin x`` (a coefficient
    merged into one, ``2x``, counts)."""
    if not isinstance(node, Leaf):
        return False
    core = node.expression.as_coeff_Mul()[1]
    base, power = core.as_base_exp()
    return bool(base.is_Symbol and power.is_number)


def times(*nodes: Shown) -> Shown:
    """The product of nodes, with constants folded.

    Numeric coefficients multiply into one, placed in front (merged into the first factor when
    it is a plain leaf such as ``x``); factors 1 disappear; a factor 0 makes the product 0;
    powers of the variable move to the front, as a learner writes ``2x cos x``.

    Examples
    --------
    >>> from derivanim.expressions import symbol
    >>> x = symbol("x")
    >>> text(times(leaf(3), leaf(4 * x**3)))
    '12*x^3'
    >>> text(times(leaf(sympy.cos(x**2)), leaf(2 * x)))
    '2*x*cos(x^2)'
    >>> text(times(leaf(-1), leaf(x**2 + 1))), text(times(leaf(x), leaf(0)))
    ('-(x^2 + 1)', '0')
    """
    coefficient = sympy.Integer(1)
    factors: list[Shown] = []
    pending = list(nodes)
    while pending:
        node = pending.pop(0)
        if isinstance(node, Product):
            coefficient *= node.coefficient
            pending[:0] = node.factors
        elif isinstance(node, Leaf):
            number, rest = node.expression.as_coeff_Mul()
            coefficient *= number
            if rest != 1:
                factors.append(Leaf(rest))
        else:
            factors.append(node)
    if coefficient == 0:
        return Leaf(sympy.Integer(0))
    factors = [f for f in factors if _is_monomial(f)] + [f for f in factors if not _is_monomial(f)]
    if not factors:
        return Leaf(coefficient)
    first = factors[0]
    merge = _is_monomial(first) or (
        coefficient > 0 and isinstance(first, Leaf) and not isinstance(first.expression, sympy.Add))
    if merge and coefficient != 1:
        factors[0] = Leaf(coefficient * first.expression)
        coefficient = sympy.Integer(1)
    if coefficient == 1 and len(factors) == 1:
        return factors[0]
    return Product(coefficient, tuple(factors))


def negate(node: Shown) -> Shown:
    """``-node``, folded like any product."""
    return times(Leaf(sympy.Integer(-1)), node)


def plus(*nodes: Shown) -> Shown:
    """The sum of nodes in order, with zero terms dropped and plain numbers added up.

    Examples
    --------
    >>> from derivanim.expressions import symbol
    >>> x = symbol("x")
    >>> text(plus(leaf(2 * x), leaf(0))), text(plus(leaf(0), leaf(0)))
    ('2*x', '0')
    >>> text(plus(leaf(12 * x**3), negate(leaf(4 * x)), leaf(0)))
    '12*x^3 - 4*x'
    """
    terms: list[Shown] = []
    constant = sympy.Integer(0)
    for node in nodes:
        for term in node.terms if isinstance(node, Total) else (node,):
            if isinstance(term, Leaf) and term.expression.is_Rational:
                constant += term.expression
            else:
                terms.append(term)
    if constant != 0:
        terms.append(Leaf(constant))
    if not terms:
        return Leaf(sympy.Integer(0))
    return terms[0] if len(terms) == 1 else Total(tuple(terms))


def ratio(numerator: Shown, denominator: Shown) -> Shown:
    """``numerator / denominator`` (0 when the numerator folds to 0)."""
    if is_zero(numerator):
        return numerator
    return Ratio(numerator, denominator)


def at(node: Shown, variable: sympy.Symbol, point: sympy.Expr) -> Shown:
    """The node with the variable replaced by ``point``, kept in the rule's order.

    Examples
    --------
    >>> from derivanim.expressions import symbol
    >>> x = symbol("x")
    >>> product = plus(times(leaf(2 * x), leaf(sympy.sin(x))), times(leaf(x**2), leaf(sympy.cos(x))))
    >>> text(at(product, x, sympy.Integer(1)))
    '2*sin(1) + cos(1)'
    """
    if isinstance(node, Leaf):
        return leaf(node.expression.subs(variable, point))
    if isinstance(node, Product):
        return times(Leaf(node.coefficient), *[at(f, variable, point) for f in node.factors])
    if isinstance(node, Total):
        return plus(*[at(t, variable, point) for t in node.terms])
    return ratio(at(node.numerator, variable, point), at(node.denominator, variable, point))


def value(node: Shown) -> sympy.Expr:
    """The node evaluated back into one sympy expression (to check it)."""
    if isinstance(node, Leaf):
        return node.expression
    if isinstance(node, Product):
        return sympy.Mul(node.coefficient, *[value(f) for f in node.factors])
    if isinstance(node, Total):
        return sympy.Add(*[value(t) for t in node.terms])
    return value(node.numerator) / value(node.denominator)


def _precedence(node: Shown) -> int:
    if isinstance(node, Leaf):
        return int(precedence(node.expression))
    if isinstance(node, Product):
        return ADD if node.coefficient < 0 else MUL
    if isinstance(node, Total):
        return ADD
    return MUL


def _negative(node: Shown) -> bool:
    if isinstance(node, Leaf):
        return bool(node.expression.could_extract_minus_sign())
    return isinstance(node, Product) and bool(node.coefficient < 0)


@dataclass(frozen=True)
class _Writer:
    """Writes a node as text (``latex=False``) or LaTeX."""

    latex: bool

    def atom(self, expression: sympy.Expr) -> str:
        return tex(expression) if self.latex else to_text(expression)

    def group(self, inside: str) -> str:
        return rf"\left({inside}\right)" if self.latex else f"({inside})"

    def write(self, node: Shown) -> str:
        if isinstance(node, Leaf):
            return self.atom(node.expression)
        if isinstance(node, Product):
            return self.product(node)
        if isinstance(node, Total):
            return self.total(node)
        return self.fraction(node)

    def factor(self, node: Shown) -> str:
        written = self.write(node)
        needs = _precedence(node) < MUL or (not self.latex and isinstance(node, Ratio))
        return self.group(written) if needs else written

    def product(self, node: Product) -> str:
        parts = [self.factor(f) for f in node.factors]
        if self.latex:
            joined = parts[0]
            for part in parts[1:]:
                joined += r" \cdot " + part if part[:1].isdigit() else " " + part
        else:
            joined = "*".join(parts)
        if node.coefficient == 1:
            return joined
        if node.coefficient == -1:
            return "-" + joined
        sign = "-" if node.coefficient < 0 else ""
        size = self.atom(abs(node.coefficient))
        if not self.latex:
            return f"{sign}{size}*{joined}"
        joiner = r" \cdot " if joined[:1].isdigit() else " "
        return f"{sign}{size}{joiner}{joined}"

    def total(self, node: Total) -> str:
        written = self.write(node.terms[0])
        for term in node.terms[1:]:
            if _negative(term):
                positive = negate(term)
                inside = self.write(positive)
                if _precedence(positive) <= ADD:
                    inside = self.group(inside)
                written += " - " + inside
            else:
                written += " + " + self.write(term)
        return written

    def fraction(self, node: Ratio) -> str:
        top, bottom = self.write(node.numerator), self.write(node.denominator)
        if self.latex:
            return rf"\frac{{{top}}}{{{bottom}}}"
        if _precedence(node.numerator) < MUL or isinstance(node.numerator, Ratio):
            top = f"({top})"
        if _precedence(node.denominator) <= MUL or isinstance(node.denominator, (Ratio, Product)):
            bottom = f"({bottom})"
        return f"{top}/{bottom}"


def text(node: Shown) -> str:
    """The node as a user types it (``^`` for power), readable back by the parser.

    Examples
    --------
    >>> from derivanim.expressions import symbol
    >>> x = symbol("x")
    >>> text(plus(times(leaf(2 * x), leaf(sympy.sin(x))), times(leaf(x**2), leaf(sympy.cos(x)))))
    '2*x*sin(x) + x^2*cos(x)'
    """
    return _Writer(latex=False).write(node)


def latex(node: Shown) -> str:
    r"""The node in LaTeX, in the rule's order.

    Examples
    --------
    >>> from derivanim.expressions import symbol
    >>> x = symbol("x")
    >>> print(latex(times(leaf(sympy.cos(x**2)), leaf(2 * x))))
    2 x \cos {x^{2}}
    """
    return _Writer(latex=True).write(node)


def term_lines(node: Shown) -> tuple[str, ...]:
    r"""The node's top-level terms in LaTeX, each after the first with its sign, so a long sum
    can be written over several lines (a node that is no sum is one line).

    Examples
    --------
    >>> from derivanim.expressions import symbol
    >>> x = symbol("x")
    >>> term_lines(plus(leaf(12 * x**3), negate(leaf(4 * x))))
    ('12 x^{3}', '- 4 x')
    >>> term_lines(leaf(x))
    ('x',)
    """
    if not isinstance(node, Total):
        return (latex(node),)
    writer = _Writer(latex=True)
    lines = [writer.write(node.terms[0])]
    for term in node.terms[1:]:
        if _negative(term):
            positive = negate(term)
            inside = writer.write(positive)
            lines.append("- " + (writer.group(inside) if _precedence(positive) <= ADD else inside))
        else:
            lines.append("+ " + writer.write(term))
    return tuple(lines)


def expression_lines(expression: sympy.Expr) -> tuple[str, ...]:
    r"""An expression's top-level terms in LaTeX, signed like :func:`term_lines`.

    Examples
    --------
    >>> from derivanim.expressions import symbol
    >>> x = symbol("x")
    >>> expression_lines(3 * x**4 - 2 * x**2 + 7)
    ('3 x^{4}', '- 2 x^{2}', '+ 7')
    """
    if not isinstance(expression, sympy.Add):
        return (tex(expression),)
    return term_lines(Total(tuple(Leaf(term) for term in expression.as_ordered_terms())))
