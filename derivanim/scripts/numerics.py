"""Scripts of the numerics lesson: difference quotients, and where float64 breaks them."""

from __future__ import annotations

from typing import Any

from derivanim.numbers import number
from derivanim.scripts import names, spoken


def _power(exponent: int) -> str:
    """A step 10^exponent as the voice says it."""
    return f"ten to the minus {-exponent}" if exponent < 0 else f"ten to the {exponent}"


def script(lesson: Any) -> dict[str, str]:
    """Beat key -> the narrator's sentences (see :mod:`derivanim.scripts`)."""
    facts, (f, x) = lesson.facts, names(lesson)
    at, last = number(facts.x), facts.table[-1]
    forward, central = facts.best_forward, facts.best_central
    return spoken({
        "question": f"The question is written: can numbers alone find the slope of "
                    f"{f}({x}) = {lesson.function} at {x} = {at}, which is "
                    f"{number(facts.slope)}?",
        "table": f"A table of secant slopes appears. With h = {number(last.h)}, the forward "
                 f"quotient is {number(last.quotient)}, off by {number(last.error)}.",
        "methods": "Two formulas are written: the forward quotient steps one way from the "
                   "point, and the central quotient steps both ways.",
        "errors": "Log scale axes appear, error against h, and the errors of both methods are "
                  "plotted as h shrinks: they fall, and then they climb back up.",
        "guides": "Guide lines are drawn: slope one for the forward error, slope two for the "
                  "central error, and the rising floor of round-off error.",
        "best": f"The best steps are marked: h = {_power(forward.exponent)} for the forward "
                f"quotient, and h = {_power(central.exponent)} for the central one.",
        "takeaway": "The takeaway appears: smaller h is not always better, and automatic "
                    "differentiation avoids the trade-off.",
    })
