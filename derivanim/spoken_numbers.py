"""Numbers for the ear: a value written in digits, said in words.

A text-to-speech voice reads ``0.313`` as it likes (some say "zero dot three hundred and
thirteen", some skip the dot). Narration therefore says every number in words first, in one
fixed way: the whole part as a cardinal number (``140`` is "one hundred forty"), the decimals
digit by digit ("point six eight"), very large or very small values in scientific form.

Examples
--------
>>> say_number("-16.5752")
'minus sixteen point five seven five two'
>>> say_number(1e-07)
'one times ten to the minus seven'
>>> say_whole(2_400_013)
'two million four hundred thousand thirteen'
"""

from __future__ import annotations

import math
import re

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
    >>> say_number("1e-7"), say_number(2.5e20), say_number(".5")
    ('one times ten to the minus seven', 'two point five times ten to the twenty', 'zero point five')
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
