"""Numbers and formulas for the ear: a value or a sympy expression, said in words.

A text-to-speech voice reads ``0.313`` as it likes (some say "zero dot three hundred and
thirteen", some skip the dot). Narration therefore says every number in words first, in one
fixed way: the whole part as a cardinal number (``140`` is "one hundred forty"), the decimals
digit by digit ("point six eight"), very large or very small values in scientific form.
Formulas are said from sympy's tree by :func:`say_expression`, with pauses and "the quantity"
where the grouping would otherwise be lost. :mod:`derivanim.speech` finds formulas in text.

Examples
--------
>>> say_number("-16.5752")
'minus sixteen point five seven five two'
>>> say_number(1e-07)
'one times ten to the minus seven'
>>> say_whole(2_400_013)
'two million four hundred thousand thirteen'
>>> say_expression(sympy.sin(sympy.Symbol("x")**2))
'sine of x squared'
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence

import sympy

ONES = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
        "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen",
        "eighteen", "nineteen")
"""The words for zero to nineteen."""
TENS = ("", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety")
"""The words for the multiples of ten, by their tens digit."""
SCALES = ((10**12, "trillion"), (10**9, "billion"), (10**6, "million"), (1000, "thousand"))
"""The named powers of a thousand, largest first."""
DIGITS_LIMIT = 10**15
"""Whole numbers from here on are said in scientific form."""

FUNCTION_WORDS: dict[str, str] = {
    "sin": "sine", "cos": "cosine", "tan": "tangent", "cot": "cotangent", "sec": "secant",
    "csc": "cosecant", "asin": "arcsine", "acos": "arccosine", "atan": "arctangent",
    "arcsin": "arcsine", "arccos": "arccosine", "arctan": "arctangent",
    "sinh": "hyperbolic sine", "cosh": "hyperbolic cosine", "tanh": "hyperbolic tangent",
    "log": "the natural log", "ln": "the natural log", "Abs": "the absolute value",
    "abs": "the absolute value", "sign": "the sign", "det": "the determinant",
}
"""How a function's name is said before "of", by the name sympy or a writer gives it."""
RELATION_WORDS: dict[str, str] = {
    "=": "equals", "==": "equals", "<": "is less than", ">": "is greater than",
    "≤": "is less than or equal to", "<=": "is less than or equal to",
    "≥": "is greater than or equal to", ">=": "is greater than or equal to",
    "≠": "is not equal to", "!=": "is not equal to", "≈": "is approximately", "→": "goes to",
}
"""How a relation between two sides is said, by its symbol."""
SIDE_WORDS: dict[str, str] = {"⁻": "from the left", "⁺": "from the right"}
"""How a one-sided approach (``0⁻``, ``0⁺``) is said."""
GREEK = frozenset("alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu nu xi "
                  "omicron pi rho sigma tau upsilon phi chi psi omega".split())
"""Greek letters spelled out, which count as math names."""
_DENOMINATORS = {2: ("half", "halves"), 3: ("third", "thirds"), 4: ("quarter", "quarters"),
                 5: ("fifth", "fifths"), 6: ("sixth", "sixths"), 7: ("seventh", "sevenths"),
                 8: ("eighth", "eighths"), 9: ("ninth", "ninths"), 10: ("tenth", "tenths")}
_NUMBER = re.compile(
    r"(?P<sign>[-+\u2212]?)(?P<whole>\d{1,3}(?:,\d{3})+|\d*)(?:\.(?P<decimals>\d*))?"
    r"(?:[eE](?P<exponent>[-+\u2212]?\d+))?"
)
_INFINITY = {"inf", "infinity", "\u221e", "oo"}


def say_whole(value: int) -> str:
    """Say a whole number of any size in words, without "and".

    Parameters
    ----------
    value : int
        The number; negative values start with "minus".

    Returns
    -------
    str
        The cardinal number in words.

    Examples
    --------
    >>> say_whole(0), say_whole(16), say_whole(140), say_whole(1000)
    ('zero', 'sixteen', 'one hundred forty', 'one thousand')
    >>> say_whole(-1_000_001)
    'minus one million one'
    """
    if value < 0:
        return f"minus {say_whole(-value)}"
    if value < 20:
        return ONES[value]
    if value < 100:
        tens, ones = divmod(value, 10)
        return TENS[tens] + (f"-{ONES[ones]}" if ones else "")
    if value < 1000:
        hundreds, rest = divmod(value, 100)
        return f"{ONES[hundreds]} hundred" + (f" {say_whole(rest)}" if rest else "")
    for size, name in SCALES:
        if value >= size:
            count, rest = divmod(value, size)
            return f"{say_whole(count)} {name}" + (f" {say_whole(rest)}" if rest else "")
    raise AssertionError("unreachable")  # pragma: no cover


def say_digits(digits: str) -> str:
    """Say a string of digits one by one, as decimals are read.

    Examples
    --------
    >>> say_digits("0313")
    'zero three one three'
    """
    return " ".join(ONES[int(digit)] for digit in digits)


def _float_text(value: float) -> str:
    if math.isnan(value):
        return "nan"
    if math.isinf(value):
        return "-inf" if value < 0 else "inf"
    return f"{value + 0.0:.15g}"  # adding 0.0 turns -0.0 into 0.0


def say_number(value: float | str) -> str:
    """Say a number, given as a value or as the text that shows it, in words.

    Parameters
    ----------
    value : float or str
        A number such as ``-3``, ``0.313``, ``1e-07``, or its text: ``"1,000"``, ``"4.25"``,
        ``"-0.5"``, ``"1e-7"``, ``"inf"`` or ``"∞"``. Floats are read to 15 significant digits,
        so ``0.1 + 0.2`` is "zero point three".

    Returns
    -------
    str
        The number in words: "minus" for a negative sign, the whole part as a cardinal number,
        the decimals digit by digit after "point", an exponent as "times ten to the ...".

    Raises
    ------
    ValueError
        If the text is not a number.

    Examples
    --------
    >>> say_number("0.313"), say_number(-3), say_number("4.25")
    ('zero point three one three', 'minus three', 'four point two five')
    >>> say_number("1,000"), say_number(16.0), say_number("∞"), say_number(-math.inf)
    ('one thousand', 'sixteen', 'infinity', 'minus infinity')
    >>> say_number("1e-7"), say_number(".5")
    ('one times ten to the minus seven', 'zero point five')
    >>> say_number(2.5e20)
    'two point five times ten to the twenty'
    >>> say_number(10**16), say_number("-0")
    ('one times ten to the sixteen', 'minus zero')
    >>> say_number("1.2.3")
    Traceback (most recent call last):
    ...
    ValueError: not a number: '1.2.3'
    """
    if isinstance(value, bool):
        raise ValueError(f"not a number: {value!r}")
    text = value.strip() if isinstance(value, str) else _float_text(float(value))
    sign = "minus " if text[:1] in ("-", "\u2212") else ""
    bare = text.lstrip("+-\u2212")
    if bare.lower() in _INFINITY:
        return f"{sign}infinity"
    if bare.lower() == "nan":
        return "not a number"
    match = _NUMBER.fullmatch(text)
    if match is None or not (match["whole"] or match["decimals"]):
        raise ValueError(f"not a number: {value!r}")
    whole = int(match["whole"].replace(",", "") or "0")
    if whole >= DIGITS_LIMIT and match["exponent"] is None:
        digits = match["whole"].replace(",", "")
        mantissa = digits[0] + (f".{digits[1:].rstrip('0')}" if digits[1:].strip("0") else "")
        return say_number(f"{sign and '-'}{mantissa}e{len(digits) - 1}")
    words = f"{sign}{say_whole(whole)}"
    if match["decimals"]:
        words += f" point {say_digits(match['decimals'])}"
    if match["exponent"] is not None:
        words += f" times ten to the {say_whole(int(match['exponent'].replace(chr(0x2212), '-')))}"
    return words


def _say_name(name: str) -> str:
    core = name.rstrip("'′")
    primes = len(name) - len(core)
    core, _, sub = core.partition("_")
    glued = re.fullmatch(r"([^\W\d_]+)(\d+)", core)
    if glued:
        core, sub = glued[1], sub or glued[2]
    words = core.lower() if core.lower() in GREEK else core
    if sub:
        words += " sub " + (say_number(sub) if sub.isdigit() else _say_name(sub))
    if primes:
        words += " " + {1: "prime", 2: "double prime", 3: "triple prime"}.get(
            primes, f"{say_whole(primes)} primes")
    return words


def _split_sign(expr: sympy.Expr) -> tuple[bool, sympy.Expr]:
    """Whether an expression is written with a leading minus, and what follows the minus."""
    if expr.is_Number and expr.is_negative:
        return True, -expr
    if expr.is_Mul and expr.args[0].is_Number and expr.args[0].is_negative:
        rest = [-expr.args[0], *expr.args[1:]] if expr.args[0] != -1 else list(expr.args[1:])
        return True, rest[0] if len(rest) == 1 else sympy.Mul(*rest, evaluate=False)
    return False, expr


def _is_simple(expr: sympy.Expr) -> bool:
    """Whether an expression is said so plainly that no pause is needed after it."""
    if expr.is_Symbol or expr.is_Integer or expr.is_Float or expr in (sympy.E, sympy.pi):
        return True
    if expr.is_Pow:
        return expr.base.is_Symbol and expr.exp in (2, 3)
    if expr.is_Mul:
        return all(_is_simple(factor) and not factor.is_Number or index == 0
                   for index, factor in enumerate(expr.args))
    return False


def _inner(expr: sympy.Expr, written: bool) -> str:
    words = _speak(expr, written)
    return f"the quantity {words}" if expr.is_Add else words


def _say_sum(expr: sympy.Expr, written: bool) -> str:
    terms = list(expr.args) if written else list(expr.as_ordered_terms())
    words: list[str] = []
    for index, term in enumerate(terms):
        negative, size = _split_sign(term)
        piece = _speak(size, written)
        if index == 0:
            words.append(f"minus {piece}" if negative else piece)
            continue
        if not _is_simple(terms[index - 1]):
            words[-1] += ","
        words.append(f"{'minus' if negative else 'plus'} {piece}")
    return " ".join(words)


def _glues(before: sympy.Expr, after: sympy.Expr) -> bool:
    """Whether two factors are said side by side ("two x") rather than with "times"."""
    if before.is_Number and not before.is_Rational or before.is_Integer:
        return not after.is_Number and not after.is_Add
    pure = after.is_Symbol or (after.is_Pow and after.base.is_Symbol and after.exp.is_Number)
    return bool(before.is_Symbol and pure)


def _say_factors(factors: Sequence[sympy.Expr], written: bool) -> str:
    words = ""
    for index, factor in enumerate(factors):
        piece = _inner(factor, written)
        if index == 0:
            words = piece
        elif _glues(factors[index - 1], factor):
            words += f" {piece}"
        else:
            pause = "" if _is_simple(factors[index - 1]) else ","
            words += f"{pause} times {piece}"
    return words


def _say_product(expr: sympy.Expr, written: bool) -> str:
    negative, size = _split_sign(expr)
    if negative:
        return f"minus {_speak(size, written)}"
    top: list[sympy.Expr] = []
    bottom: list[sympy.Expr] = []
    for factor in expr.args if written else expr.as_ordered_factors():
        if factor.is_Pow and factor.exp.is_Number and factor.exp.is_negative:
            bottom.append(factor.base if factor.exp == -1 else sympy.Pow(factor.base, -factor.exp))
        elif factor.is_Rational and not factor.is_Integer:
            top.extend([sympy.Integer(factor.p)] if factor.p != 1 else [])
            bottom.append(sympy.Integer(factor.q))
        else:
            top.append(factor)
    if not bottom:
        return _say_factors(top, written)
    numerator = _say_factors(top, written) if top else "one"
    if len(top) == 1 and top[0].is_Add:
        numerator = f"{numerator},"
    elif not all(_is_simple(factor) for factor in top):
        numerator = f"{numerator},"
    denominator = _say_factors(bottom, written)
    if len(bottom) > 1 or bottom[0].is_Mul:
        denominator = f"the quantity {denominator}"
    return f"{numerator} over {denominator}"


def _small_number(expr: sympy.Expr) -> sympy.Expr | None:
    """The value of a number, or of a written fraction of small whole numbers such as ``1/3``."""
    if expr.is_Number:
        return expr
    atoms = expr.atoms()
    if expr.is_number and all(atom.is_Integer and abs(atom) <= 1000 for atom in atoms) and all(
            power.exp == -1 for power in expr.atoms(sympy.Pow)):
        return expr.doit()
    return None


def _say_power(base: sympy.Expr, exponent: sympy.Expr, written: bool) -> str:
    value = _small_number(exponent)
    if base == sympy.E:
        return f"e to the {_speak(exponent, written)}"
    if value is not None and value.is_negative:
        rest = _inner(base, written) if value == -1 else _speak(
            sympy.Pow(base, -value, evaluate=False), written)
        return f"one over {rest}"
    roots = {sympy.Rational(1, 2): "square", sympy.Rational(1, 3): "cube"}
    if value in roots:
        return f"the {roots[value]} root of {_inner(base, written)}"
    words = _speak(base, written)
    if base.is_Add or base.is_Mul or base.is_Pow or (base.is_Number and base.is_negative):
        words = f"the quantity {words},"
    elif not (base.is_Symbol or base.is_Number or base.is_NumberSymbol):
        words = f"{words},"
    if value == 2:
        return f"{words} squared"
    if value == 3:
        return f"{words} cubed"
    return f"{words} to the power {_speak(exponent, written)}"


def _say_ratio(value: sympy.Rational) -> str:
    if value.is_negative:
        return f"minus {_say_ratio(-value)}"
    if value.q in _DENOMINATORS:
        return f"{say_whole(value.p)} {_DENOMINATORS[value.q][value.p != 1]}"
    return f"{say_whole(value.p)} over {say_whole(value.q)}"


def _speak(expr: sympy.Basic, written: bool) -> str:
    if isinstance(expr, sympy.core.relational.Relational):
        relation = RELATION_WORDS.get(expr.rel_op, expr.rel_op)
        return f"{_speak(expr.lhs, written)} {relation} {_speak(expr.rhs, written)}"
    named = {sympy.E: "e", sympy.pi: "pi", sympy.oo: "infinity", -sympy.oo: "minus infinity",
             sympy.zoo: "complex infinity", sympy.nan: "undefined"}
    if expr in named:
        return named[expr]
    if expr.is_Integer or expr.is_Float:
        return say_number(int(expr) if expr.is_Integer else float(expr))
    if expr.is_Rational:
        return _say_ratio(expr)
    if expr.is_Symbol:
        return _say_name(expr.name)
    if expr.is_Add:
        return _say_sum(expr, written)
    if expr.is_Mul:
        return _say_product(expr, written)
    if expr.is_Pow:
        return _say_power(expr.base, expr.exp, written)
    if isinstance(expr, sympy.exp):
        return _say_power(sympy.E, expr.args[0], written)
    if isinstance(expr, sympy.Derivative):
        inner, variables = expr.expr, [_speak(v, written) for v in expr.variables]
        if inner.is_Symbol and len(variables) == 1:
            return f"d {_say_name(inner.name)} by d {variables[0]}"
        return (f"the derivative of {_inner(inner, written)} "
                f"with respect to {' and '.join(variables)}")
    if isinstance(expr, sympy.Limit):
        body, variable, target, direction = expr.args
        side = {"+": " from the right", "-": " from the left"}.get(str(direction), "")
        return (f"the limit as {_speak(variable, written)} goes to {_speak(target, written)}"
                f"{side} of {_inner(body, written)}")
    name = type(expr).__name__
    word = FUNCTION_WORDS.get(name, _say_name(name))
    arguments = " and ".join(_inner(argument, written) for argument in expr.args)
    return f"{word} of {arguments}"


def say_expression(expr: sympy.Expr, as_written: bool = False) -> str:
    """Say a sympy expression in words, with its grouping said clearly.

    Parameters
    ----------
    expr : sympy.Expr
        Any expression or relation, e.g. one from :func:`derivanim.expressions.parse_expression`.
    as_written : bool, default False
        Keep the order of terms and factors as stored (for unevaluated trees built from text);
        by default terms are said in sympy's printing order, highest power first.

    Returns
    -------
    str
        The expression in words: "x squared", "the quantity w minus two, squared", "one over x".

    Examples
    --------
    >>> x = sympy.Symbol("x")
    >>> say_expression(3*x**2 - 3), say_expression(2*x*sympy.cos(x**2))
    ('three x squared minus three', 'two x times cosine of x squared')
    >>> say_expression(sympy.exp(x)), say_expression(sympy.sqrt(x)), say_expression(1/x)
    ('e to the x', 'the square root of x', 'one over x')
    >>> say_expression(sympy.log(x + 1)), say_expression(sympy.Abs(x) / x)
    ('the natural log of the quantity x plus one', 'the absolute value of x, over x')
    """
    return _speak(expr, as_written)


