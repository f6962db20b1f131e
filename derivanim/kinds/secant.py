"""The ``secant`` kind: secant lines through a point collapse onto its tangent as h shrinks.

Examples
--------
>>> from derivanim.facts import example
>>> print("\\n".join(KIND.summary(example(kind="secant", function="x^2", point=2).facts)))
At x = 2, f(x) = 4.
Difference quotient: h + 4.
h = 2: second point x = 4, secant slope 6.
h = 1: second point x = 3, secant slope 5.
h = 0.5: second point x = 2.5, secant slope 4.5.
h = 0.25: second point x = 2.25, secant slope 4.25.
Tangent line y = 4x - 4: slope 4 (exactly 4).
"""

from __future__ import annotations

from typing import Literal

import sympy
from pydantic import Field

from derivanim import suggest
from derivanim.kinds.base import Point, Kind, LessonConfig, PositiveFloat
from derivanim.scripts import secant as secant_script
from derivanim.numbers import line_equation, number
from derivanim.practice import Question, choice, numeric, signed
from derivanim.secants import SecantFacts, secant_facts


class SecantLesson(LessonConfig):
    """``kind = "secant"``: secant lines through the point collapse onto the tangent."""

    kind: Literal["secant"]
    reserved = ("h",)
    point: Point
    h: tuple[PositiveFloat, ...] = Field(default=(2.0, 1.0, 0.5, 0.25), min_length=1, max_length=8)
    default_title = "Secant lines become the tangent"


def facts(lesson: SecantLesson, expression: sympy.Expr, variable: sympy.Symbol) -> SecantFacts:
    """The secant facts of a lesson."""
    return secant_facts(expression, variable, lesson.point, lesson.h)


def summary(facts: SecantFacts) -> list[str]:
    """What a secant lesson shows, in a few sentences (in the lesson's own letters).

    Examples
    --------
    >>> from derivanim.facts import example
    >>> lesson = example(kind="secant", function="5t^2", point=1, variable="t", name="s")
    >>> print("\\n".join(summary(lesson.facts)))
    At t = 1, s(t) = 5.
    Difference quotient: 5h + 10.
    h = 2: second point t = 3, secant slope 20.
    h = 1: second point t = 2, secant slope 15.
    h = 0.5: second point t = 1.5, secant slope 12.5.
    h = 0.25: second point t = 1.25, secant slope 11.25.
    Tangent line y = 10t - 5: slope 10 (exactly 10).
    """
    n = facts.notation
    lines = [f"At {n.at(number(facts.x))}, {n.function} = {number(facts.y)}.",
             f"Difference quotient: {facts.quotient.replace('*', '')}."]
    lines += [f"h = {number(s.h)}: second point {n.at(number(s.x2))}, secant slope "
              f"{number(s.slope)}." for s in facts.secants]
    line = line_equation(facts.tangent.slope, facts.tangent.intercept, n.variable)
    lines.append(f"Tangent line {line}: slope {number(facts.slope)} (exactly {facts.slope_exact}).")
    return lines


def chapters(facts: SecantFacts) -> dict[str, str]:
    """The lesson's beats."""
    return {"question": "The question", "first": "One secant", "shrink": "Shrink h",
            "zoom": "Zoom in", "algebra": "The algebra", "tangent": "The tangent", "takeaway": "Takeaway"}


def practice(facts: SecantFacts) -> list[Question]:
    """Predict a secant's slope as h shrinks, where the secants end up, and how the first
    secant compares with the tangent.

    Examples
    --------
    >>> from derivanim.facts import example
    >>> for q in practice(example(kind="secant", function="x^2", point=2).facts):
    ...     print(q.question, "->", q.answer)
    h shrinks to 0.5: what is the secant slope? -> 4.5
    As h approaches 0, what slope do the secants approach? -> 4.0
    With h = 2, is the secant steeper than the tangent, less steep, or just as steep? -> steeper
    """
    secants, n = facts.secants, facts.notation
    shrunk = secants[min(2, len(secants) - 1)]
    rise = shrunk.y2 - facts.y
    first = secants[0]
    gap = first.slope - facts.slope
    tie = abs(gap) <= 1e-9 * max(1.0, abs(facts.slope))
    compare = "just as steep" if tie else ("steeper" if gap > 0 else "less steep")
    return [
        numeric(f"h shrinks to {number(shrunk.h)}: what is the secant slope?", shrunk.slope,
                f"It rises {n.of(number(shrunk.x2))} − {n.of(number(facts.x))} = {signed(rise)} over "
                f"{number(shrunk.h)}: the quotient {facts.quotient.replace('*', '')} at "
                f"h = {number(shrunk.h)} is {signed(shrunk.slope)}.", reveal="Shrink h"),
        numeric("As h approaches 0, what slope do the secants approach?", facts.slope,
                f"The quotient {facts.quotient.replace('*', '')} tends to "
                f"{signed(facts.slope)} as h → 0: the tangent's slope {n.slope(number(facts.x))}.",
                reveal="The tangent"),
        choice(f"With h = {number(first.h)}, is the secant steeper than the tangent, less "
               "steep, or just as steep?", ("steeper", "less steep", "just as steep"), compare,
               f"Its slope is {signed(first.slope)}, the tangent's {signed(facts.slope)}.",
               reveal="One secant"),
    ]


KIND = Kind(name="secant", lesson=SecantLesson, facts_type=SecantFacts, facts=facts,
            summary=summary, chapters=chapters, scene="scenes.secant:SecantScene",
            suggest=suggest.secant,
            practice=practice,
            script=secant_script.script)
