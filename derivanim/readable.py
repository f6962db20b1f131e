"""Caption math made readable: the programming syntax of a caption written as text for the eye.

Lessons write their captions with the formulas typed as code (``g'(x) = 2*x``, ``sin(x^2)``,
``e^(-x)``). :func:`readable` rewrites those formulas the way a printed page shows them:
powers as superscripts, implied products without a sign, other products with a centred dot,
primes, arrows and comparison signs as their own characters, and a square root of a single
symbol or number with the radical sign. Everything else, the words included, is kept as it is.
:mod:`derivanim.speech` does the same job for the ear.

Examples
--------
>>> readable("So dy/dx = 30*x*(3*x^2 + 1)^4, and g'(x) = 2*x.")
'So dy/dx = 30x(3x² + 1)⁴, and g′(x) = 2x.'
"""

from __future__ import annotations

import re

SUPERSCRIPTS: dict[str, str] = {
    **dict(zip("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")),
    "+": "⁺", "-": "⁻", "=": "⁼", "(": "⁽", ")": "⁾",
    **dict(zip("abcdefghijklmnoprstuvwxyz", "ᵃᵇᶜᵈᵉᶠᵍʰⁱʲᵏˡᵐⁿᵒᵖʳˢᵗᵘᵛʷˣʸᶻ")),
}
"""Every character that has a Unicode superscript form (there is none for ``q``, ``.``, ``/``,
capitals or a space, so an exponent holding one of them keeps its caret)."""

_PRODUCT = re.compile(r"(?<=[0-9A-Za-z)])\*(?=[A-Za-z0-9(])")
_IMPLIED = re.compile(r"(?:(?<=[0-9])\*(?=[A-Za-z(])|(?<=[A-Za-z)])\*(?=\())")
_PRIME = re.compile(r"(?<![A-Za-z'’])([A-Za-z])('+)(?![A-Za-z])")
_ROOT = re.compile(r"(?<![A-Za-z])sqrt\(([A-Za-z]|[0-9]+(?:\.[0-9]+)?)\)")
_TOKEN = re.compile(r"-?[0-9]+(?:\.[0-9]+)?|[A-Za-z]+(?![A-Za-z(])")
_SIGNS = (("->", "→"), ("<=", "≤"), (">=", "≥"), ("!=", "≠"))


def superscript(text: str) -> str | None:
    """``text`` in superscript characters, or None when one of them has no superscript form.

    Examples
    --------
    >>> superscript("-1"), superscript("2x"), superscript("1/3")
    ('⁻¹', '²ˣ', None)
    """
    if not text or any(char not in SUPERSCRIPTS for char in text):
        return None
    return "".join(SUPERSCRIPTS[char] for char in text)


def _closing(text: str, opening: int) -> int:
    """Index of the bracket closing the one at ``opening``, or -1 when it is never closed."""
    depth = 0
    for index in range(opening, len(text)):
        depth += {"(": 1, ")": -1}.get(text[index], 0)
        if depth == 0:
            return index
    return -1


def powers(text: str) -> str:
    """Every ``base^exponent`` whose exponent has a superscript form, written as a superscript.

    The exponent is a bracketed group (written without its brackets), a number or a name that
    is not a function call. Any other exponent keeps its caret.

    Examples
    --------
    >>> powers("x^2 + e^(-x) + (x + 1)^10 + x^(1/3) + 2^n")
    'x² + e⁻ˣ + (x + 1)¹⁰ + x^(1/3) + 2ⁿ'
    """
    parts: list[str] = []
    index = 0
    while (caret := text.find("^", index)) >= 0:
        parts.append(text[index:caret])
        rest = caret + 1
        if text.startswith("(", rest) and (close := _closing(text, rest)) > 0:
            exponent, after = text[rest + 1:close], close + 1
        elif match := _TOKEN.match(text, rest):
            exponent, after = match.group(), match.end()
        else:
            exponent, after = "", rest
        raised = superscript(exponent)
        parts.append(raised if raised is not None else text[caret:after])
        index = after
    parts.append(text[index:])
    return "".join(parts)


def readable(text: str) -> str:
    """A caption with its formulas written as readable text instead of code.

    Parameters
    ----------
    text : str
        A caption as the lessons write it: sentences with formulas in programming syntax.

    Returns
    -------
    str
        The same caption with ``**`` and ``^`` powers as superscripts where every character of
        the exponent has one (``x^2`` -> ``x²``, ``e^(2x)`` -> ``e²ˣ``), a ``*`` between a number
        and a symbol or bracket (or a symbol and a bracket) dropped, any other ``*`` as ``·``,
        a prime after a one-letter name as ``′`` (not the apostrophe of ``it's`` or ``f's``),
        ``->`` ``<=`` ``>=`` ``!=`` as ``→`` ``≤`` ``≥`` ``≠`` and ``sqrt`` of one symbol or
        number as ``√``. The words are untouched.

    Examples
    --------
    >>> readable("g'(x) = 2*x and f'(u) = 5*u^4")
    'g′(x) = 2x and f′(u) = 5u⁴'
    >>> readable("dy/dx = 2*x*cos(x^2), the outer function's derivative")
    "dy/dx = 2x·cos(x²), the outer function's derivative"
    >>> readable("f's slope; it's f''(x) as h -> 0, x <= sqrt(x) + sqrt(x + 1)")
    "f's slope; it's f″(x) as h → 0, x ≤ √x + sqrt(x + 1)"
    """
    result = text.replace("**", "^")
    for code, sign in _SIGNS:
        result = result.replace(code, sign)
    result = _IMPLIED.sub("", result)
    result = _PRODUCT.sub("·", result)
    result = powers(result)
    result = _ROOT.sub(lambda match: "√" + match.group(1), result)
    return _PRIME.sub(lambda match: match.group(1) + _primes(len(match.group(2))), result)


def _primes(count: int) -> str:
    """One, two or three primes as their own characters (more as repeated single primes)."""
    return {1: "′", 2: "″", 3: "‴"}.get(count, "′" * count)
