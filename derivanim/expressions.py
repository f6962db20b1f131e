"""Safe parsing of user expressions into sympy objects.

A course author writes functions such as ``"x^3 - 3x"`` or ``"sin(x)/x"`` in a config file.
That text is never given to ``eval``, ``sympify`` or ``parse_expr`` (each of them can run code).
Instead it is tokenised, parsed with :mod:`ast` into a syntax tree, checked node by node against
a small allow-list, and turned into sympy objects directly.

Accepted: numbers, the lesson's variable (``x``, or ``w`` for descent), the constants ``pi`` and
``e``, the operators ``+ - * /`` and power written ``^`` or ``**``, unary minus, implicit
multiplication (``3x``, ``2(x+1)``, ``(x+1)(x-1)``) and calls to the functions in
:data:`FUNCTIONS`. Everything else is refused with a message that names the field and the reason.

Examples
--------
>>> parse_expression("x^3 - 3x")
x**3 - 3*x
>>> parse_expression("sin(x)/x")
sin(x)/x
>>> parse_expression("(w - 2)^2 + 1", variable="w")
(w - 2)**2 + 1
>>> parse_expression("y + 1")
Traceback (most recent call last):
...
derivanim.errors.ExpressionError: function: unknown name 'y' (the variable is x)
>>> parse_expression("9**9**9**9")
Traceback (most recent call last):
...
derivanim.errors.ExpressionError: function: power too large (exponents are limited to 64)
"""

from __future__ import annotations

import ast
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

import sympy

from derivanim.errors import ExpressionError

MAX_LENGTH = 300
"""Longest accepted expression text, in characters."""
MAX_NODES = 150
"""Most syntax-tree nodes an expression may have."""
MAX_DEPTH = 24
"""Deepest nesting of the syntax tree (and of parentheses)."""
MAX_EXPONENT = 64
"""Largest magnitude of a numeric exponent."""
MAX_NUMBER = 1e12
"""Largest magnitude of a number written in an expression."""
MAX_BITS = 4096
"""Largest size, in bits, of an exact number produced while building the expression."""


def _abs(arg: sympy.Expr) -> sympy.Expr:
    return sympy.Abs(arg)


FUNCTIONS: dict[str, Callable[[sympy.Expr], sympy.Expr]] = {
    "sin": sympy.sin,
    "cos": sympy.cos,
    "tan": sympy.tan,
    "cot": sympy.cot,
    "sec": sympy.sec,
    "csc": sympy.csc,
    "asin": sympy.asin,
    "acos": sympy.acos,
    "atan": sympy.atan,
    "arcsin": sympy.asin,
    "arccos": sympy.acos,
    "arctan": sympy.atan,
    "sinh": sympy.sinh,
    "cosh": sympy.cosh,
    "tanh": sympy.tanh,
    "exp": sympy.exp,
    "log": sympy.log,
    "ln": sympy.log,
    "sqrt": sympy.sqrt,
    "abs": _abs,
    "sign": sympy.sign,
}
"""Functions a user may call, by the name they write. ``log`` and ``ln`` are both natural logs."""

CONSTANTS: dict[str, sympy.Expr] = {"pi": sympy.pi, "e": sympy.E}
"""Named constants a user may write."""

_TOKEN = re.compile(
    r"\s*(?:(?P<number>(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)"
    r"|(?P<name>[A-Za-z_][A-Za-z_0-9]*)"
    r"|(?P<op>\*\*|[-+*/^(),.\[\]{}<>=!%&|~@:])"
    r")"
)


@dataclass(frozen=True)
class _Token:
    kind: str
    text: str


def symbol(name: str) -> sympy.Symbol:
    """Return the real sympy symbol derivanim uses for a variable name.

    Parameters
    ----------
    name : str
        The variable's name, such as ``"x"`` or ``"w"``.

    Returns
    -------
    sympy.Symbol
        A symbol assumed real, so that ``abs(x)`` differentiates to ``sign(x)``.

    Examples
    --------
    >>> symbol("x").is_real
    True
    """
    return sympy.Symbol(name, real=True)


def _tokenise(text: str, field: str) -> list[_Token]:
    tokens: list[_Token] = []
    position = 0
    stripped_end = len(text.rstrip())
    while position < stripped_end:
        match = _TOKEN.match(text, position)
        if match is None or match.end() == position:
            bad = text[position:].lstrip()[:1]
            raise ExpressionError(field, f"unexpected character {bad!r}")
        kind = match.lastgroup
        assert kind is not None
        tokens.append(_Token(kind, match.group(kind)))
        position = match.end()
    return tokens


def _with_implicit_products(tokens: Sequence[_Token], names: Iterable[str]) -> str:
    """Join tokens into Python syntax, writing ``^`` as ``**`` and adding implied ``*``."""
    values = set(names)
    parts: list[str] = []
    previous: _Token | None = None
    for token in tokens:
        if previous is not None:
            ends_value = (
                previous.kind == "number"
                or previous.text == ")"
                or (previous.kind == "name" and previous.text in values)
            )
            starts_value = token.kind in ("name", "number") or token.text == "("
            if ends_value and starts_value and not (
                previous.kind == "number" and token.kind == "number"
            ):
                parts.append("*")
        parts.append("**" if token.text == "^" else token.text)
        previous = token
    return " ".join(parts)


def _nesting_depth(text: str) -> int:
    depth = deepest = 0
    for char in text:
        if char in "([{":
            depth += 1
            deepest = max(deepest, depth)
        elif char in ")]}":
            depth -= 1
    return deepest


def _tree_depth(root: ast.AST) -> int:
    deepest = 0
    stack = [(root, 1)]
    while stack:
        node, depth = stack.pop()
        deepest = max(deepest, depth)
        stack.extend((child, depth + 1) for child in ast.iter_child_nodes(node))
    return deepest


_REFUSED_NODES: dict[type[ast.AST], str] = {
    ast.Attribute: "attribute access",
    ast.Subscript: "indexing",
    ast.Lambda: "lambda",
    ast.ListComp: "comprehension",
    ast.SetComp: "comprehension",
    ast.DictComp: "comprehension",
    ast.GeneratorExp: "comprehension",
    ast.Compare: "comparison",
    ast.BoolOp: "'and'/'or'",
    ast.IfExp: "'if' expression",
    ast.NamedExpr: "assignment",
    ast.Starred: "starred argument",
    ast.List: "list",
    ast.Tuple: "tuple",
    ast.Dict: "dictionary",
    ast.Set: "set",
    ast.JoinedStr: "string",
    ast.Await: "await",
    ast.Yield: "yield",
}


@dataclass(frozen=True)
class _Builder:
    """Turns an allow-listed Python syntax tree into a sympy expression."""

    field: str
    variables: dict[str, sympy.Symbol]

    def refuse(self, reason: str) -> ExpressionError:
        return ExpressionError(self.field, reason)

    def build(self, node: ast.AST) -> sympy.Expr:
        result = self._build(node)
        if result.is_Rational and max(result.p.bit_length(), result.q.bit_length()) > MAX_BITS:
            raise self.refuse("number too large")
        return result

    def _build(self, node: ast.AST) -> sympy.Expr:
        if isinstance(node, ast.Constant):
            return self._number(node.value)
        if isinstance(node, ast.Name):
            return self._name(node.id)
        if isinstance(node, ast.UnaryOp):
            operand = self.build(node.operand)
            if isinstance(node.op, ast.USub):
                return -operand
            if isinstance(node.op, ast.UAdd):
                return operand
            raise self.refuse(f"operator {type(node.op).__name__} is not allowed")
        if isinstance(node, ast.BinOp):
            return self._binary(node)
        if isinstance(node, ast.Call):
            return self._call(node)
        what = _REFUSED_NODES.get(type(node), type(node).__name__)
        raise self.refuse(f"{what} is not allowed")

    def _number(self, value: object) -> sympy.Expr:
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise self.refuse(f"{type(value).__name__} literals are not allowed")
        if not abs(value) <= MAX_NUMBER:
            raise self.refuse(f"number {value!r} too large (limit {MAX_NUMBER:g})")
        if isinstance(value, int):
            return sympy.Integer(value)
        return sympy.Rational(repr(value))

    def _name(self, name: str) -> sympy.Expr:
        if name in self.variables:
            return self.variables[name]
        if name in CONSTANTS:
            return CONSTANTS[name]
        if name in FUNCTIONS:
            raise self.refuse(f"{name!r} is a function: write {name}(...)")
        allowed = ", ".join(self.variables)
        if not self.variables:
            raise self.refuse(f"unknown name {name!r} (a point is a number: it has no variable)")
        raise self.refuse(
            f"unknown name {name!r} (the variable is {allowed})"
            if len(self.variables) == 1
            else f"unknown name {name!r} (the variables are {allowed})"
        )

    def _binary(self, node: ast.BinOp) -> sympy.Expr:
        left = self.build(node.left)
        right = self.build(node.right)
        if isinstance(node.op, ast.Add):
            return left + right
        if isinstance(node.op, ast.Sub):
            return left - right
        if isinstance(node.op, ast.Mult):
            return left * right
        if isinstance(node.op, ast.Div):
            if right == 0:
                raise self.refuse("division by zero")
            return left / right
        if isinstance(node.op, ast.Pow):
            if right.is_number and not abs(right) <= MAX_EXPONENT:
                raise self.refuse(f"power too large (exponents are limited to {MAX_EXPONENT})")
            if left == 0 and right.is_number and right.is_negative:
                raise self.refuse("division by zero")
            return left**right
        symbol_text = {ast.Mod: "%", ast.FloorDiv: "//", ast.MatMult: "@"}.get(type(node.op))
        raise self.refuse(f"operator {symbol_text or type(node.op).__name__} is not allowed")

    def _call(self, node: ast.Call) -> sympy.Expr:
        if not isinstance(node.func, ast.Name):
            raise self.refuse("only named functions such as sin(x) may be called")
        name = node.func.id
        if name not in FUNCTIONS:
            known = ", ".join(sorted(FUNCTIONS))
            raise self.refuse(f"unknown function {name!r} (known: {known})")
        if node.keywords or len(node.args) != 1:
            raise self.refuse(f"{name}() takes exactly one argument")
        return FUNCTIONS[name](self.build(node.args[0]))


def parse_expression(
    text: str,
    variable: str | Sequence[str] = "x",
    field: str = "function",
) -> sympy.Expr:
    """Parse user text into a sympy expression without running any code.

    Parameters
    ----------
    text : str
        The expression as the user wrote it, e.g. ``"3x^2 + 1"``.
    variable : str or sequence of str, default "x"
        The name(s) of the free variable(s) allowed in ``text``.
    field : str, default "function"
        The config field the text came from; it starts every error message.

    Returns
    -------
    sympy.Expr
        The expression, built from real symbols (see :func:`symbol`).

    Raises
    ------
    ExpressionError
        If the text is too long, too deep, too complex, not valid syntax, or uses anything
        outside the allow-list.

    Examples
    --------
    >>> parse_expression("x(x+1)(x-1)")
    x*(x - 1)*(x + 1)
    >>> parse_expression("e^x + pi")
    exp(x) + pi
    >>> parse_expression("(y - w*x - b)^2", variable=("w", "b", "x", "y"))
    (-b - w*x + y)**2
    >>> parse_expression("x.__class__")
    Traceback (most recent call last):
    ...
    derivanim.errors.ExpressionError: function: attribute access is not allowed
    >>> parse_expression("__import__('os')")
    Traceback (most recent call last):
    ...
    derivanim.errors.ExpressionError: function: unexpected character "'"
    """
    names = (variable,) if isinstance(variable, str) else tuple(variable)
    if not isinstance(text, str):
        raise ExpressionError(field, "must be text")
    if len(text) > MAX_LENGTH:
        raise ExpressionError(field, f"too long ({len(text)} characters, limit {MAX_LENGTH})")
    if not text.strip():
        raise ExpressionError(field, "is empty")
    if _nesting_depth(text) > MAX_DEPTH:
        raise ExpressionError(field, f"nested too deeply (limit {MAX_DEPTH} levels)")
    source = _with_implicit_products(_tokenise(text, field), (*names, *CONSTANTS))
    try:
        tree = ast.parse(source, mode="eval")
    except SyntaxError:
        raise ExpressionError(field, f"cannot read {text.strip()!r} as a formula") from None
    count = sum(1 for _ in ast.walk(tree))
    if count > MAX_NODES:
        raise ExpressionError(field, f"too complex ({count} parts, limit {MAX_NODES})")
    if _tree_depth(tree) > MAX_DEPTH:
        raise ExpressionError(field, f"nested too deeply (limit {MAX_DEPTH} levels)")
    builder = _Builder(field, {name: symbol(name) for name in names})
    expression = builder.build(tree.body)
    if expression.has(sympy.zoo, sympy.nan, sympy.oo, -sympy.oo):
        raise ExpressionError(field, "is undefined everywhere (it contains 1/0 or 0/0)")
    return expression


class ExactNumber(float):
    """A config number written as an expression (``"pi/2"``): a float that keeps its exact value.

    It reads as the float nearest to it everywhere a float is wanted; :func:`derivanim.analysis.exact`
    returns :attr:`exact`, so the math is done on pi/2 itself and an exact zero of f' is zero.

    Examples
    --------
    >>> half_pi = exact_number("pi/2", "point")
    >>> half_pi, half_pi.exact, half_pi.text
    (1.5707963267948966, pi/2, 'pi/2')
    """

    exact: sympy.Expr
    text: str

    def __new__(cls, exact: sympy.Expr) -> ExactNumber:
        made = super().__new__(cls, float(exact))
        made.exact = exact
        made.text = to_text(exact)
        return made

    def __repr__(self) -> str:
        return float.__repr__(self)

    def __reduce__(self) -> tuple[object, tuple[sympy.Expr]]:
        return (ExactNumber, (self.exact,))


def exact_number(text: str, field: str) -> ExactNumber:
    """Parse a number written as an expression without a variable (``"sqrt(2)"``, ``"-pi"``).

    Raises
    ------
    ExpressionError
        Naming the field, when the text uses a variable, is not a real number, or is too large.

    Examples
    --------
    >>> float(exact_number("sqrt(2)", "points[0]")), exact_number("-1", "point").exact
    (1.4142135623730951, -1)
    >>> exact_number("x + 1", "point")
    Traceback (most recent call last):
    ...
    derivanim.errors.ExpressionError: point: unknown name 'x' (a point is a number: it has no variable)
    >>> exact_number("sqrt(-1)", "point")
    Traceback (most recent call last):
    ...
    derivanim.errors.ExpressionError: point: 'sqrt(-1)' is not a real number
    """
    value = parse_expression(text, variable=(), field=field)
    number = sympy.N(value, 30)
    if not (number.is_real and number.is_finite):
        raise ExpressionError(field, f"{text.strip()!r} is not a real number")
    if abs(float(number)) > MAX_NUMBER:
        raise ExpressionError(field, f"{text.strip()!r} is too large (limit {MAX_NUMBER:g})")
    return ExactNumber(value)


def to_text(expression: sympy.Expr) -> str:
    """Write an expression the way a user would type it: ``^`` for power, ``abs`` for Abs.

    Parameters
    ----------
    expression : sympy.Expr
        Any expression built by :func:`parse_expression` or derived from one.

    Returns
    -------
    str
        Text that :func:`parse_expression` reads back to the same expression.

    Examples
    --------
    >>> to_text(parse_expression("3x^2 + 1"))
    '3*x^2 + 1'
    >>> to_text(parse_expression("abs(x)/x"))
    'abs(x)/x'
    """
    text = sympy.sstr(expression)
    text = text.replace("**", "^").replace("Abs(", "abs(")
    return re.sub(r"\bE\b", "e", text)  # sympy writes Euler's number E; users write e
