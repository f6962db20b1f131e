"""The ``numerics`` kind: a derivative computed with numbers, and where float64 breaks it.

Examples
--------
>>> from derivanim.facts import example
>>> print("\\n".join(KIND.summary(example(kind="numerics", function="sin(x)", point=1.2).facts)))
At x = 1.2, f′(x) = cos(x): exactly cos(6/5) = 0.362358.
Secant table (forward quotients): h = 1: -0.1235, h = 0.3: 0.2182, h = 0.1: 0.3152, h = 0.03: 0.3483, h = 0.01: 0.3577.
Forward errors, h = 1e-01 ... 1e-15 (float64): 4.7e-02, 4.7e-03, 4.7e-04, 4.7e-05, 4.7e-06, 4.7e-07, 4.6e-08, 4.4e-10, 5.6e-08, 1.7e-07, 7.9e-06, 1.3e-04, 6.9e-04, 4.0e-03, 8.2e-02.
Central errors, h = 1e-01 ... 1e-15 (float64): 6.0e-04, 6.0e-06, 6.0e-08, 6.0e-10, 2.4e-12, 8.0e-12, 1.2e-10, 4.4e-10, 4.4e-10, 3.9e-07, 2.4e-06, 7.5e-05, 1.3e-04, 1.5e-03, 2.6e-02.
Forward is best at h = 1e-08 (error 4.4e-10); central at h = 1e-05 (error 2.4e-12).
Predicted: forward error ≈ (h/2)·|f″(a)| = 0.466·h (slope 1), central ≈ (h²/6)·|f‴(a)| = 0.0604·h² (slope 2), round-off ≈ ε·|f(a)|/h = 2.07e-16/h (ε = 2.22e-16).
Frameworks do not use these quotients: automatic differentiation applies the chain rule exactly.
"""

from __future__ import annotations

import math
from typing import Literal

import sympy
from pydantic import Field, field_validator

from derivanim import suggest
from derivanim.kinds.base import Point, Kind, LessonConfig, PositiveFloat
from derivanim.scripts import numerics as numerics_script
from derivanim.numbers import number
from derivanim.numerics import DEFAULT_EXPONENTS, DEFAULT_TABLE, NumericsFacts, numerics_facts
from derivanim.numerics_words import guide_notes, power_text
from derivanim.practice import Question, choice, numeric, signed, tolerance_for

LOWEST_EXPONENT = -17
"""The smallest step shown, 10^-17: below it a + h rounds to a for every a near 1."""


class NumericsLesson(LessonConfig):
    """``kind = "numerics"``: forward and central differences against h, in float64."""

    kind: Literal["numerics"]
    reserved = ("h",)
    point: Point
    h_exponents: tuple[int, int] = DEFAULT_EXPONENTS
    table_h: tuple[PositiveFloat, ...] = Field(default=DEFAULT_TABLE, min_length=1, max_length=6)
    default_title = "Derivatives with numbers, and where they break"

    @field_validator("h_exponents")
    @classmethod
    def _exponent_range(cls, value: tuple[int, int]) -> tuple[int, int]:
        low, high = value
        if not LOWEST_EXPONENT <= low < high <= 0:
            raise ValueError(f"must be [low, high] with {LOWEST_EXPONENT} <= low < high <= 0 "
                             f"(the steps are h = 10^low ... 10^high)")
        if high - low < 3:
            raise ValueError("must span at least 3 powers of ten, so the errors show a trend")
        return value


def facts(lesson: NumericsLesson, expression: sympy.Expr, variable: sympy.Symbol) -> NumericsFacts:
    """The numerics facts of a lesson."""
    return numerics_facts(expression, variable, lesson.point, lesson.h_exponents, lesson.table_h)


def _errors(facts: NumericsFacts, name: str) -> str:
    first, last = facts.steps[0], facts.steps[-1]
    values = ", ".join(f"{getattr(step, name):.1e}" for step in facts.steps)
    return f"h = {first.h:.0e} ... {last.h:.0e} (float64): {values}."


def summary(facts: NumericsFacts) -> list[str]:
    """What a numerics lesson shows, in a few sentences."""
    n = facts.notation
    derivative = facts.derivative.replace("*", "·")
    table = ", ".join(f"h = {number(row.h)}: {number(row.quotient)}" for row in facts.table)
    forward, central = facts.best_forward, facts.best_central
    value = f"{facts.slope:.6g}"
    exact = facts.slope_exact if facts.slope_exact == value else f"{facts.slope_exact} = {value}"
    lines = [
        f"At {n.variable} = {number(facts.x)}, {n.derivative} = {derivative}: exactly {exact}.",
        f"Secant table (forward quotients): {table}.",
        f"Forward errors, {_errors(facts, 'forward_error')}",
        f"Central errors, {_errors(facts, 'central_error')}",
        f"Forward is best at h = {forward.h:.0e} (error {forward.error:.1e}); "
        f"central at h = {central.h:.0e} (error {central.error:.1e}).",
    ]
    predicted = []
    if facts.forward_guide is not None:
        predicted.append(f"forward error ≈ (h/2)·|{n.name}″(a)| = {facts.forward_guide.coefficient:.3g}·h "
                         "(slope 1)")
    if facts.central_guide is not None:
        predicted.append(f"central ≈ (h²/6)·|{n.name}‴(a)| = {facts.central_guide.coefficient:.3g}·h² "
                         "(slope 2)")
    if facts.roundoff is not None:
        predicted.append(f"round-off ≈ ε·|{n.name}(a)|/h = {facts.roundoff.coefficient:.3g}/h "
                         f"(ε = {facts.eps:.3g})")
    if predicted:
        lines.append("Predicted: " + ", ".join(predicted) + ".")
    lines += guide_notes(facts)
    lines.append("Frameworks do not use these quotients: automatic differentiation applies the "
                 "chain rule exactly.")
    return lines


def chapters(facts: NumericsFacts) -> dict[str, str]:
    """The lesson's beats."""
    return {"question": "The question", "table": "The secant table", "methods": "Two quotients",
            "errors": "Error against h", "guides": "Truncation and round-off",
            "best": "The best h", "takeaway": "Takeaway"}


def practice(facts: NumericsFacts) -> list[Question]:
    """Read a forward quotient off the table, tell how the forward error shrinks, and pick
    the step h where the central difference is most accurate.

    Examples
    --------
    >>> from derivanim.facts import example
    >>> for q in practice(example(kind="numerics", function="sin(x)", point=1.2).facts):
    ...     print(q.question, "->", round(q.answer, 4) if q.tolerance else q.answer)
    At h = 0.01, what is the forward quotient (f(1.2 + h) − f(1.2))/h, to 3 decimals? -> 0.3577
    While round-off is still negligible, does the forward-difference error shrink like h or like h²? -> like h
    Which step gives the smallest central-difference error in float64: 10⁻¹, 10⁻⁵, 10⁻⁸ or 10⁻¹⁵? -> 10⁻⁵
    """
    n = facts.notation
    x = signed(facts.x)
    row = min(facts.table, key=lambda r: r.h)
    width = tolerance_for(row.quotient)
    if row.error > 0:  # tight enough that f′(a) itself is not the quotient
        width = min(width, max(10 * tolerance_for(row.error), width / 100))
    decimals = max(0, -math.floor(math.log10(2 * width) + 1e-9))
    precision = f", to {decimals} decimal{'s' * (decimals > 1)}" if decimals else ""
    questions = [numeric(
        f"At h = {number(row.h)}, what is the forward quotient ({n.name}({x} + h) − {n.name}({x}))/h"
        f"{precision}?", row.quotient,
        f"({n.name}({x} + {number(row.h)}) − {n.name}({x}))/{number(row.h)} = {signed(row.quotient)}, "
        + (f"still {row.error:.1e} from {n.name}′({x}) = {facts.slope:.6g}." if row.error > 0 else
           f"exactly {n.name}′({x}): {n.name} is a straight line here."), tolerance=width,
        reveal="The secant table")]
    shrink = "like h" if facts.forward_guide is not None else (
        "like h²" if facts.central_guide is not None else "")
    if shrink:
        reason = (f"The error is about (h/2)·|{n.name}″({x})| = {facts.forward_guide.coefficient:.3g}·h: "
                  "ten times smaller h, ten times smaller error."
                  if facts.forward_guide is not None else
                  f"{n.name}″({x}) = 0, so the h term drops out and (h²/6)·|{n.name}‴({x})| is left.")
        questions.append(choice(
            "While round-off is still negligible, does the forward-difference error shrink "
            "like h or like h²?", ("like h", "like h²"), shrink, reason,
            reveal="Truncation and round-off"))
    exponents = [step.exponent for step in facts.steps]
    best = facts.best_central.exponent
    picked = list(dict.fromkeys([max(exponents), best, facts.best_forward.exponent,
                                 min(exponents)]))
    picked += [e for e in exponents if e not in picked][:max(0, 3 - len(picked))]
    options = tuple(power_text(e) for e in sorted(picked, reverse=True))
    questions.append(choice(
        f"Which step gives the smallest central-difference error in float64: "
        f"{', '.join(options[:-1])} or {options[-1]}?", options, power_text(best),
        f"At h = {power_text(best)} the central error is {facts.best_central.error:.1e}: "
        + ("every smaller h only adds round-off." if best == max(exponents) else
           "truncation falls faster than round-off grows, all the way down."
           if best == min(exponents) else
           "a larger h leaves truncation error, a smaller one lets round-off grow."),
        reveal="The best h"))
    return questions


KIND = Kind(name="numerics", lesson=NumericsLesson, facts_type=NumericsFacts, facts=facts,
            summary=summary, chapters=chapters, scene="scenes.numerics:NumericsScene",
            suggest=suggest.numerics,
            practice=practice,
            script=numerics_script.script)
