"""Sentences for the ear: math written for the eye, said in words for a narrating voice.

An offline voice (Piper, espeak-ng) reads text literally, so ``f'(x) = 3x^2 - 3`` comes out as
symbol soup. :func:`say` finds the math inside a caption, reads it into a sympy tree (tokenised
and parsed here, never evaluated) and says it with :func:`say_expression`; words and punctuation
around it are kept. :func:`leftover_symbols` lists what a voice would still stumble on.

Examples
--------
>>> say("Here dy/dx = 2*x*cos(x^2).")
'Here d y by d x equals two x times cosine of x squared.'
>>> from derivanim.expressions import parse_expression
>>> say_expression(parse_expression("(w - 2)^2 + 1", variable="w"))
'the quantity w minus two, squared, plus one'
>>> leftover_symbols("f'(x) = 3x^2, and it's fine")
["'", '=', '3x', '^']
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import TypeVar

import sympy

from derivanim.expressions import FUNCTIONS
from derivanim.spoken_numbers import (FUNCTION_WORDS, GREEK, RELATION_WORDS, SIDE_WORDS,
                                      say_expression, say_number)

T = TypeVar("T")

__all__ = ["LEFTOVERS", "leftover_symbols", "say", "say_expression", "say_number"]

_SUPERSCRIPTS = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁼⁽⁾ⁿⁱ", "0123456789+-=()ni")
_SUBSCRIPTS = str.maketrans("₀₁₂₃₄₅₆₇₈₉₊₋₌₍₎ₐₑₒₓₕₖₗₘₙₚₛₜ", "0123456789+-=()aeoxhklmnpst")
_SCRIPT_CLASS = "\u00b2\u00b3\u00b9\u2070-\u209f\u1d62-\u1d6a"

LEFTOVERS = frozenset("'′″‴^<>→×·⋅=*/|\\{}_+−≤≥≠≈±÷√∞∂∑∫()[]")
"""Symbols a voice stumbles on (brackets only when unmatched, ``'`` and ``/`` only outside
words); :func:`leftover_symbols` also reports superscripts, subscripts and ``3x``-like runs."""
_OP_WORDS: dict[str, str] = {
    **RELATION_WORDS, **SIDE_WORDS, "+": "plus", "-": "minus", "−": "minus", "*": "times",
    "×": "times", "·": "times", "⋅": "times", "/": "over", "÷": "divided by", "^": "to the power",
    "±": "plus or minus", "∞": "infinity", "√": "the square root of", "_": "sub", "'": "prime",
    "′": "prime", "″": "double prime", "∂": "partial", "∑": "the sum of", "∫": "the integral of",
}


_TOKEN = re.compile(
    r"(?P<deriv>(?<![^\W\d_])d[A-Za-z]?/d[A-Za-z](?![^\W\d_]))"
    r"|(?P<number>\d{1,3}(?:,\d{3})+(?!\d)(?:\.\d+)?|\d+(?:\.\d+)?(?:[eE][-+]?\d+)?|\.\d+)"
    r"|(?P<word>[^\W\d_]+(?:['’][^\W\d_]+)*"
    r"(?:-[^\W\d_]{2,}(?:['’][^\W\d_]+)*|(?<=[^\W\d_]{2})-[^\W\d_]+)*)"
    r"|(?P<op>[-+*/^=<>≤≥≠≈→()\[\]|',_√∞⁻⁺])"
    r"|(?P<space>\s+)"
    r"|(?P<other>.)",
    re.S,
)
_MATH_WORDS = frozenset({*FUNCTION_WORDS, *GREEK, "exp", "sqrt", "lim"})


@dataclass(frozen=True)
class _Token:
    kind: str
    text: str
    glued: bool = False
    """No space before this token."""


class _Unreadable(Exception):
    """A span of text that is not a formula this reader knows; it is said symbol by symbol."""


@dataclass
class _Parser:
    """Recursive descent over one span of math tokens (spaces dropped), building sympy trees
    unevaluated so that they are said as written."""

    tokens: Sequence[_Token]
    variables: str
    position: int = 0

    def peek(self, offset: int = 0) -> str:
        index = self.position + offset
        return self.tokens[index].text if index < len(self.tokens) else ""

    def take(self, *expected: str) -> _Token:
        if self.position >= len(self.tokens) or expected and self.peek() not in expected:
            raise _Unreadable(f"expected {expected or 'more'}")
        self.position += 1
        return self.tokens[self.position - 1]

    def chain(self) -> sympy.Expr | str:
        start = self.position
        if self.peek() in ("(", "["):
            found = self.group()
            if isinstance(found, str) and self.peek() in ("", ",", ")", "]"):
                return found
            self.position = start
        first = self.expr()
        if self.peek() not in RELATION_WORDS and self.peek() not in SIDE_WORDS:
            return first
        words = [say_expression(first, as_written=True)]
        while self.peek() in RELATION_WORDS:
            relation = RELATION_WORDS[self.take().text]
            words += [relation, say_expression(self.expr(), as_written=True)]
        if self.peek() in SIDE_WORDS:
            words.append(SIDE_WORDS[self.take().text])
        return " ".join(words)

    def expr(self) -> sympy.Expr:
        sign = self.take().text if self.peek() in ("+", "-") else "+"
        terms = [self.term()]
        if sign == "-":
            terms[0] = _negate(terms[0])
        while self.peek() in ("+", "-"):
            operator = self.take().text
            terms.append(_negate(self.term()) if operator == "-" else self.term())
        return terms[0] if len(terms) == 1 else sympy.Add(*terms, evaluate=False)

    def term(self) -> sympy.Expr:
        factors = [self.unary()]
        while True:
            if self.peek() == "*":
                self.take()
                factors.append(self.unary())
            elif self.peek() == "/":
                self.take()
                factors.append(sympy.Pow(self.unary(), -1, evaluate=False))
            elif self.starts_factor():
                factors.append(self.power())
            else:
                return factors[0] if len(factors) == 1 else sympy.Mul(*factors, evaluate=False)

    def starts_factor(self) -> bool:
        if self.position >= len(self.tokens):
            return False
        token = self.tokens[self.position]
        return token.kind == "deriv" or token.text in ("(", "√") or (
            token.kind == "word" and _is_math_word(token.text))

    def unary(self) -> sympy.Expr:
        if self.peek() in ("+", "-"):
            return _negate(self.unary()) if self.take().text == "-" else self.unary()
        return self.power()

    def power(self) -> sympy.Expr:
        base = self.primary()
        if self.peek() != "^":
            return base
        self.take()
        return sympy.Pow(base, self.unary(), evaluate=False)

    def group(self) -> sympy.Expr | str:
        opener = self.take("(", "[").text
        items = self.listed(self.chain, ")" if opener == "(" else "]")
        if len(items) == 1:
            return items[0]
        words = [item if isinstance(item, str) else say_expression(item, as_written=True)
                 for item in items]
        if opener == "[" and len(words) == 2:
            return f"the interval from {words[0]} to {words[1]}"
        return "the point " + ", ".join(words)

    def listed(self, item: Callable[[], T], closer: str) -> list[T]:
        found = [item()]
        while self.peek() == ",":
            self.take()
            found.append(item())
        self.take(closer)
        return found

    def arguments(self) -> list[sympy.Expr]:
        self.take("(")
        return self.listed(self.expr, ")")

    def primary(self) -> sympy.Expr:
        token = self.take()
        if token.kind == "number":
            text = token.text.replace(",", "")
            value = float(text)  # also keeps sympy from reading huge decimal exponents
            if value in (0.0, float("inf")) and text.strip("0.") or len(text) > 30:
                raise _Unreadable("a number too large or too small for a formula")
            return sympy.Integer(text) if text.isdigit() else sympy.Float(value)
        if token.kind == "deriv":
            top, _, bottom = token.text.partition("/")
            variable = sympy.Symbol(bottom[1:])
            if len(top) == 1:
                return sympy.Derivative(self.power(), variable)
            return sympy.Derivative(sympy.Symbol(top[1:]), variable)
        if token.text in ("(", "["):
            self.position -= 1
            found = self.group()
            if isinstance(found, str):
                raise _Unreadable("a relation, point or interval inside a formula")
            return found
        if token.text == "|":
            inside = self.expr()
            self.take("|")
            return sympy.Abs(inside, evaluate=False)
        if token.text == "√":
            return sympy.Pow(self.power(), sympy.Rational(1, 2), evaluate=False)
        if token.text == "∞":
            return sympy.oo
        if token.kind != "word" or not _is_math_word(token.text):
            raise _Unreadable(f"unexpected {token.text!r}")
        return self.name(token.text)

    def name(self, text: str) -> sympy.Expr:
        if text == "lim":
            return self.limit()
        if text in FUNCTIONS or text == "det":
            argument = self.arguments() if self.peek() == "(" else [self.power()]
            if text == "det" or len(argument) != 1:
                return sympy.Function(text)(*argument)
            with sympy.evaluate(False):
                return FUNCTIONS[text](argument[0])
        if text not in self.variables and text in ("e", "pi"):
            return sympy.E if text == "e" else sympy.pi
        while self.peek() == "'":
            text += self.take().text
        if self.peek() == "_":
            self.take()
            text += "_" + self.take().text
        call = self.position < len(self.tokens) and self.tokens[self.position].glued
        if self.peek() == "(" and call and (text not in self.variables):
            return sympy.Function(text)(*self.arguments())
        return sympy.Symbol(text)

    def limit(self) -> sympy.Expr:
        if self.peek() == "_":
            self.take()
        self.take("(")
        variable = self.expr()
        self.take("→")
        target = self.expr()
        side = self.take().text if self.peek() in SIDE_WORDS else ""
        self.take(")")
        if not variable.is_Symbol:
            raise _Unreadable("a limit needs a variable")
        direction = {"⁻": "-", "⁺": "+"}.get(side, "+-")
        return sympy.Limit(self.term(), variable, target, direction)


def _negate(expr: sympy.Expr) -> sympy.Expr:
    if expr.is_Number:
        return -expr
    return sympy.Mul(sympy.Integer(-1), expr, evaluate=False)


def _is_math_word(text: str) -> bool:
    return len(text) == 1 or text in _MATH_WORDS or text.lower() in GREEK


def _greek_name(match: re.Match[str]) -> str:
    name = unicodedata.name(match[0], "").split()[-1].lower().replace("lamda", "lambda")
    return f" {name.capitalize() if match[0].isupper() else name} "


def _normalise(text: str) -> str:
    """Write LaTeX, Unicode operators, superscripts and Greek letters the plain way."""
    for pattern, replacement in (
        (r"\$", ""), (r"\\left|\\right", ""), (r"\\(?:cdot|times)\b", "*"),
        (r"\\(?:to|rightarrow)\b", "→"), (r"\\leq?\b", "≤"), (r"\\geq?\b", "≥"),
        (r"\\neq?\b", "≠"), (r"\\approx\b", "≈"), (r"\\infty\b", "∞"),
        (r"\\sqrt\s*\{", "sqrt{"), (r"\\([A-Za-z]+)", r"\1"), (r"\\.?", " "),
        (r"[{]", "("), (r"[}]", ")"), (r"[−–](?=\d)", "-"), (r"−", "-"), (r"[×·⋅∙]", "*"),
        (r"÷", "/"), (r"′", "'"), (r"″", "''"), (r"‴", "'''"), (r"’(?![^\W\d_])", "'"),
        (r"\*\*", "^"),
        (r"->", "→"), (r"<=", "≤"), (r">=", "≥"), (r"!=", "≠"), (r"\^\s*([-+])(?![\w(.√|])",
                                                                    lambda m: "⁻⁺"[m[1] == "+"]),
    ):
        text = re.sub(pattern, replacement, text)
    for _ in range(8):  # \frac{a}{b}, its braces already made brackets, innermost first
        text = re.sub(r"frac\s*(\([^()]*\))\s*(\([^()]*\))", r"(\1/\2)", text)
    text = re.sub(f"[{_SCRIPT_CLASS}]+", _scripts, text)
    return re.sub(r"[\u0370-\u03ff]", _greek_name, text)


def _scripts(match: re.Match[str]) -> str:
    run = match[0]
    if run in SIDE_WORDS:
        return run
    if run.translate(_SUPERSCRIPTS) != run:
        return f"^({run.translate(_SUPERSCRIPTS)})"
    return f"_{run.translate(_SUBSCRIPTS)}"



def _tokens(text: str) -> list[_Token]:
    found: list[_Token] = []
    for match in _TOKEN.finditer(text):
        kind = match.lastgroup or "other"
        glued = match.start() > 0 and not text[match.start() - 1].isspace()
        found.append(_Token(kind, match[0], glued))
    return found


def _is_math(token: _Token) -> bool:
    if token.kind == "word":
        return _is_math_word(token.text)
    return token.kind in ("number", "deriv", "op")


def _prose_brackets(tokens: Sequence[_Token]) -> set[int]:
    """Indices of brackets that are not math: unmatched, or around words of prose."""
    prose: set[int] = set()
    stack: list[int] = []
    for index, token in enumerate(tokens):
        if token.text in "([":
            stack.append(index)
        elif token.text in ")]":
            if stack and tokens[stack[-1]].text + token.text in ("()", "[]"):
                start = stack.pop()
                inside = tokens[start + 1:index]
                if any(not _is_math(t) and t.kind != "space" for t in inside):
                    prose.update((start, index))
            else:
                prose.add(index)
    return prose.union(stack)


def _spans(tokens: Sequence[_Token]) -> Iterator[tuple[bool, Sequence[_Token]]]:
    """Split tokens into runs of prose and runs of math (commas outside brackets end math)."""
    prose = _prose_brackets(tokens)
    index = 0
    while index < len(tokens):
        token = tokens[index]
        if index in prose or not _is_math(token) or token.text == ",":
            yield False, [token]
            index += 1
            continue
        depth, last, end = 0, index, index
        while end < len(tokens) and end not in prose and (
                _is_math(tokens[end]) or tokens[end].kind == "space"):
            text = tokens[end].text
            if text == "," and depth == 0 or text in ")]" and depth == 0 and end > index:
                break
            depth += (text in "([") - (text in ")]")
            last = end if tokens[end].kind != "space" else last
            end += 1
        yield True, tokens[index:last + 1]
        index = last + 1


def _say_tokens(tokens: Sequence[_Token]) -> str:
    """Say a span that is not a formula this reader knows, one symbol at a time."""
    words = []
    for index, token in enumerate(tokens):
        if token.kind == "number":
            words.append(say_number(token.text.replace(",", "")))
        elif token.kind == "deriv":
            top, _, bottom = token.text.partition("/")
            words.append(f"d {' '.join(top[1:])} by d {bottom[1:]}".replace("d  by", "d by"))
        elif token.text == "'":
            words.append("prime" if index and tokens[index - 1].kind == "word" else "")
        elif token.kind == "op":
            words.append(_OP_WORDS.get(token.text, "," if token.text == "," else ""))
        else:
            words.append(token.text.lower() if token.text.lower() in GREEK else token.text)
    return " ".join(word for word in words if word)


def _say_span(tokens: Sequence[_Token], variables: str) -> str:
    solid = [token for token in tokens if token.kind != "space"]
    if len(solid) == 1 and solid[0].kind == "word":
        word = solid[0].text
        return word.lower() if word.lower() in GREEK else word
    if [token.text for token in solid] in (["-"], ["/"]):
        return "," if solid[0].text == "-" else "/"
    try:
        parser = _Parser(solid, variables)
        found = parser.chain()
        if parser.position != len(solid):
            raise _Unreadable("text left over")
        words = found if isinstance(found, str) else say_expression(found, as_written=True)
    except (_Unreadable, ValueError, TypeError, ArithmeticError, sympy.SympifyError):
        words = _say_tokens(solid)
    return words.strip(" ,")


def _tidy(text: str) -> str:
    text = re.sub(r"\s+", " ", text)
    text = re.sub(r"\s+([,.;:?!)\]])", r"\1", text)
    text = re.sub(r"([(\[])\s+", r"\1", text)
    text = re.sub(r",(\s*,)+", ",", text)
    text = re.sub(r",\s*([.;:?!])", r"\1", text)
    return re.sub(r"(?<=[^\W\d_])%", " percent", text).strip()


def say(text: str, variables: str = "xyuwh") -> str:
    """Say a caption written for the eye as a sentence for the ear.

    Math inside the prose is found, read (never evaluated) and said in words; everything else,
    words, hyphenated words, contractions and punctuation, is kept.

    Parameters
    ----------
    text : str
        A caption such as ``"At x = 0 the slope is -3."``.
    variables : str, default "xyuwh"
        Letters that are variables: ``x(x + 1)`` is a product, while ``f(x)`` (``f`` is not a
        variable) applies a function.

    Returns
    -------
    str
        The sentence with every formula and number in words and no symbol from
        :data:`LEFTOVERS` left over (see :func:`leftover_symbols`).

    Examples
    --------
    >>> say("At x = 0 the slope is -3.")
    'At x equals zero the slope is minus three.'
    >>> say("That factor is g'(1.2) = 2.4, and f'(x) = 3x^2 - 3.")
    'That factor is g prime of one point two equals two point four, and f prime of x equals \
three x squared minus three.'
    >>> say("As x → 0⁻, |f'(x)| stays in [-2, 3]: the right-hand side doesn't move.")
    "As x goes to zero from the left, the absolute value of f prime of x stays in the interval \
from minus two to three: the right-hand side doesn't move."
    >>> say("Here y = (3*x^2 + 1)^5 is one function.")
    'Here y equals the quantity three x squared plus one, to the power five, is one function.'
    """
    pieces: list[str] = []
    spans = list(_spans(_tokens(_normalise(text))))
    for index, (math, tokens) in enumerate(spans):
        piece = _say_span(tokens, variables) if math else "".join(t.text for t in tokens)
        after = [found[0].kind for _, found in spans[index + 1:index + 3]]
        if math and "," in piece and after == ["space", "word"]:
            piece += ","  # a pause closes a formula that had pauses before the prose goes on
        if pieces and pieces[-1][-1:].isalnum() and piece[:1].isalnum():
            piece = f" {piece}"
        pieces.append(piece)
    return _scrub(_tidy("".join(pieces)))


_LEFTOVER = re.compile(
    r"(?P<glued>[^\W_]*(?:\d[^\W\d_]|[^\W\d_]\d)[^\W_]*)"
    r"|(?P<apostrophe>['’])|(?P<slash>/)"
    f"|(?P<script>[{_SCRIPT_CLASS}])"
    "|(?P<symbol>[" + re.escape("".join(sorted(LEFTOVERS - set("'/()[]")))) + "])"
)


def _leftovers(text: str) -> Iterator[tuple[int, int, str]]:
    for match in _LEFTOVER.finditer(text):
        before, after = text[max(match.start() - 3, 0):match.start()], text[match.end():][:2]
        if match.lastgroup == "apostrophe" and (
                before[-1:].isalpha() and after[:1].isalpha()
                or re.fullmatch(r"[^\W\d_]{2}s", before) and not after[:1].isalnum()):
            continue  # it's, f's, function's, the slopes' signs
        if match.lastgroup == "slash" and re.fullmatch(r"[^\W\d_]{2}", before[-2:] or "x") and (
                re.fullmatch(r"[^\W\d_]{2}", after)):
            continue  # and/or
        yield match.start(), match.end(), match[0]
    stack: list[tuple[int, str]] = []
    unmatched: list[tuple[int, str]] = []
    for index, char in enumerate(text):
        if char in "([":
            stack.append((index, char))
        elif char in ")]":
            if stack and stack[-1][1] + char in ("()", "[]"):
                stack.pop()
            else:
                unmatched.append((index, char))
    yield from sorted((index, index + 1, char) for index, char in unmatched + stack)


def leftover_symbols(text: str) -> list[str]:
    """List the symbols in a text that a voice would stumble on, in the order they appear.

    Parameters
    ----------
    text : str
        Any text, typically the output of :func:`say`.

    Returns
    -------
    list of str
        Each symbol of :data:`LEFTOVERS` (``'`` and ``/`` only outside words, brackets only when
        unmatched), each superscript or subscript character, and each run of digits glued to
        letters such as ``3x``; unmatched brackets come last.

    Examples
    --------
    >>> leftover_symbols("it's the function's slope, and/or (the) x-axis")
    []
    >>> leftover_symbols("x² → 0 (")
    ['²', '→', '(']
    """
    return [symbol for _, _, symbol in _leftovers(text)]


def _scrub(text: str) -> str:
    """Say or drop whatever :func:`leftover_symbols` still finds; the last line of defence."""
    for _ in range(4):
        found = list(_leftovers(text))
        if not found:
            break
        for start, end, symbol in sorted(found, reverse=True):
            plain = symbol.translate(_SUPERSCRIPTS).translate(_SUBSCRIPTS)
            if symbol[0].isalnum():
                # "₀" is alphanumeric but not a decimal digit: say its plain digit, drop the rest
                spoken = re.sub(r"\d+", lambda m: f" {say_number(m[0])} ", plain)
                spoken = "".join(c for c in spoken if c.isascii() or not c.isnumeric())
            elif symbol in _OP_WORDS and symbol != "'":
                spoken = f" {_OP_WORDS[symbol]} "
            else:
                spoken = f" {say_number(plain)} " if plain.isdigit() else " "
            text = text[:start] + spoken + text[end:]
        text = _tidy(text)
    return text
