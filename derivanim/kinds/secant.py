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
from derivanim.kinds.base import FiniteFloat, Kind, LessonConfig, PositiveFloat
from derivanim.numbers import line_equation, number
from derivanim.secants import SecantFacts, secant_facts


class SecantLesson(LessonConfig):
    """``kind = "secant"``: secant lines through the point collapse onto the tangent."""

    kind: Literal["secant"]
    point: FiniteFloat
    h: tuple[PositiveFloat, ...] = Field(default=(2.0, 1.0, 0.5, 0.25), min_length=1, max_length=8)
    default_title = "Secant lines become the tangent"


def facts(lesson: SecantLesson, expression: sympy.Expr, variable: sympy.Symbol) -> SecantFacts:
    """The secant facts of a lesson."""
    return secant_facts(expression, variable, lesson.point, lesson.h)


def summary(facts: SecantFacts) -> list[str]:
    """What a secant lesson shows, in a few sentences."""
    lines = [f"At x = {number(facts.x)}, f(x) = {number(facts.y)}.",
             f"Difference quotient: {facts.quotient.replace('*', '')}."]
    lines += [f"h = {number(s.h)}: second point x = {number(s.x2)}, secant slope "
              f"{number(s.slope)}." for s in facts.secants]
    line = line_equation(facts.tangent.slope, facts.tangent.intercept)
    lines.append(f"Tangent line {line}: slope {number(facts.slope)} (exactly {facts.slope_exact}).")
    return lines


def chapters(facts: SecantFacts) -> dict[str, str]:
    """The lesson's beats."""
    return {"question": "The question", "first": "One secant", "shrink": "Shrink h",
            "algebra": "The algebra", "tangent": "The tangent", "takeaway": "Takeaway"}


KIND = Kind(name="secant", lesson=SecantLesson, facts_type=SecantFacts, facts=facts,
            summary=summary, chapters=chapters, scene="scenes.secant:SecantScene",
            suggest=suggest.secant)
