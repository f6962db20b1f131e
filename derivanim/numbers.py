"""Numbers for reading: how many decimals a value needs, and how to write it.

Every lesson shows numbers from its facts: readouts, tick labels, tables, prose and captions.
This module is the one place that decides how they are written, so a number reads the same in
the video, in its captions, on the course page and in ``render.py --check``.

Two questions come up again and again:

- *Which decimals show this value exactly?* A configured step such as ``h = 0.25`` or a tick
  step of ``0.5`` should be written in full, never as ``0.3``: :func:`exact_decimals`.
- *Which decimals show these values to N significant digits?* A slope of ``0.0539`` needs four
  decimals to keep three digits, a slope of ``3.75`` only two: :func:`significant_decimals`.

Examples
--------
>>> exact_decimals(0.25), significant_decimals([0.0539, 3.75], 3)
(2, 4)
>>> format_number(-0.0001, 2), number(0.36235775), line_equation(4.0, -4.0)
('0.00', '0.3624', 'y = 4x - 4')
"""

from __future__ import annotations

import math
from collections.abc import Iterable


def exact_decimals(value: float, most: int = 4) -> int:
    """The fewest decimals (at most ``most``) that write ``value`` exactly.

    Round-off below a billionth of the value's size is ignored, so ``0.1 + 0.2`` needs one
    decimal, not seventeen.

    Examples
    --------
    >>> exact_decimals(0.25), exact_decimals(-1.0), exact_decimals(0.03), exact_decimals(1 / 3)
    (2, 0, 2, 4)
    >>> exact_decimals(0.1 + 0.2), exact_decimals(20.0), exact_decimals(1e-6, most=6)
    (1, 0, 6)
    """
    tolerance = 1e-9 * max(1.0, abs(value))
    for decimals in range(most + 1):
        if abs(round(value, decimals) - value) <= tolerance:
            return decimals
    return most


def significant_decimals(values: Iterable[float], digits: int, least: int = 0,
                         most: int | None = None) -> int:
    """The decimals that show every one of ``values`` to ``digits`` significant digits.

    A value below 1 needs more decimals the more zeros follow its point; a large value needs
    fewer (but never fewer than ``least``, nor more than ``most``). A zero counts as a number
    with one digit before its point.

    Examples
    --------
    >>> significant_decimals([0.0, -3.0, 3.75], 3, least=2, most=4)
    2
    >>> significant_decimals([0.9, 2.5, 0.539], 3, least=2, most=4)
    3
    >>> significant_decimals([0.05], 3, least=2, most=4), significant_decimals([5e-7], 3, 2, 4)
    (4, 4)
    >>> [significant_decimals([v], 4, most=3) for v in (1.982, 16.58, 107970.0, 0.5, 0.0)]
    [3, 2, 0, 3, 3]
    """
    needed = least
    for value in values:
        size = abs(value)
        if not math.isfinite(size):
            continue
        leading = math.floor(math.log10(size)) if size > 0 else 0
        needed = max(needed, digits - 1 - leading)
    return needed if most is None else min(needed, most)


SIGN_DECIMALS = 10
"""Most decimals a readout grows to so that a tiny nonzero value does not read 0."""


def honest_decimals(values: Iterable[float], decimals: int) -> int:
    """``decimals``, or more: enough that no nonzero value rounds to a zero readout (its first
    two significant digits show, up to :data:`SIGN_DECIMALS`), so the sign a lesson names is
    the sign on screen.

    Examples
    --------
    >>> honest_decimals([0.0, -3.0], 2), honest_decimals([-3.6732e-06, 1.0], 2)
    (2, 7)
    >>> format_number(-3.6732e-06, honest_decimals([-3.6732e-06], 2))
    '-0.0000037'
    """
    needed = decimals
    for value in values:
        size = abs(value)
        if math.isfinite(size) and size > 0 and round(size, decimals) == 0:
            needed = max(needed, 1 - math.floor(math.log10(size)))
    return min(needed, max(decimals, SIGN_DECIMALS))


def format_number(value: float, decimals: int) -> str:
    """Fixed-point text with a plain minus sign and no negative zero.

    Examples
    --------
    >>> format_number(4.25, 2), format_number(-0.0001, 2), format_number(3, 0)
    ('4.25', '0.00', '3')
    """
    text = f"{value:.{decimals}f}"
    if text.startswith("-") and float(text) == 0:
        text = text[1:]
    return text


def number(value: float | None, digits: int = 4) -> str:
    """Format a number for reading: at most ``digits`` decimals, no trailing zeros.

    Examples
    --------
    >>> number(0.36235775), number(4.0), number(-math.inf), number(None), number(1e-7)
    ('0.3624', '4', '-infinity', 'undefined', '1e-07')
    """
    if value is None:
        return "undefined"
    if math.isinf(value):
        return "infinity" if value > 0 else "-infinity"
    if value != 0 and abs(value) < 10**-digits:
        return f"{value:.3g}"
    text = f"{value:.{digits}f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def line_equation(slope: float, intercept: float, variable: str = "x") -> str:
    """Write y = m x + c readably (in the lesson's variable).

    Examples
    --------
    >>> line_equation(4.0, -4.0), line_equation(0.0, 2.0), line_equation(-1.0, 0.0)
    ('y = 4x - 4', 'y = 2', 'y = -1x')
    >>> line_equation(10.0, -5.0, "t")
    'y = 10t - 5'
    """
    if slope == 0:
        return f"y = {number(intercept)}"
    text = f"y = {number(slope)}{variable}"
    if intercept:
        text += f" {'-' if intercept < 0 else '+'} {number(abs(intercept))}"
    return text


def clock(seconds: float) -> str:
    """A moment of a video as ``m:ss`` (``h:mm:ss`` past an hour), rounded down to the second.

    Examples
    --------
    >>> clock(5.9), clock(0), clock(61), clock(3725.5), clock(-2)
    ('0:05', '0:00', '1:01', '1:02:05', '0:00')
    """
    total = int(max(0.0, seconds))
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def tick_values(low: float, high: float, step: float) -> list[float]:
    """The multiples of ``step`` from ``low`` to ``high`` (round-off and negative zero removed).

    Examples
    --------
    >>> tick_values(-0.4, 1.2, 0.4)
    [-0.4, 0.0, 0.4, 0.8, 1.2]
    >>> tick_values(-4, 6, 2)
    [-4.0, -2.0, 0.0, 2.0, 4.0, 6.0]
    """
    count = round((high - low) / step)
    return [round(low + i * step, 10) + 0.0 for i in range(count + 1)]
