"""The ``chain`` kind: a composition multiplies the local stretch factors of its steps.

Examples
--------
>>> from derivanim.facts import example
>>> print("\\n".join(KIND.summary(example(kind="chain", function="sin(x^2)", point=1.2).facts)))
Outer f(u) = sin(u), inner u = g(x) = x^2.
f′(u) = cos(u), g′(x) = 2·x.
dy/dx = 2·x·cos(x^2).
At x = 1.2: u = 1.44, inner slope 2.4 × outer slope 0.1304 = 0.313.
"""

from __future__ import annotations

from typing import Literal

import sympy
from pydantic import model_validator

from derivanim.chain import ChainFacts, Decomposition, chain_facts
from derivanim.errors import ExpressionError
from derivanim.expressions import parse_expression
from derivanim import suggest
from derivanim.kinds.base import Point, Kind, LessonConfig
from derivanim.scripts import chain as chain_script
from derivanim.numbers import number
from derivanim.practice import Question, choice, numeric, signed


class ChainLesson(LessonConfig):
    """``kind = "chain"``: composition multiplies local stretch factors."""

    kind: Literal["chain"]
    fixed_names = ("a chain lesson names its own parts (the outer function in u, the inner "
                   "in x); it takes no variable or name")
    point: Point
    outer: str | None = None
    inner: str | None = None
    default_title = "The chain rule multiplies stretches"

    @model_validator(mode="after")
    def _both_or_neither(self) -> ChainLesson:
        if (self.outer is None) != (self.inner is None):
            raise ValueError("outer and inner must be given together (or both left out)")
        try:
            if self.outer is not None:
                parse_expression(self.outer, variable="u", field="outer")
            if self.inner is not None:
                parse_expression(self.inner, variable="x", field="inner")
        except ExpressionError as error:
            raise ValueError(str(error)) from None
        return self


def facts(lesson: ChainLesson, expression: sympy.Expr, variable: sympy.Symbol) -> ChainFacts:
    """The chain facts of a lesson: its own outer and inner, or those read off the expression."""
    parts = None
    if lesson.outer is not None and lesson.inner is not None:
        parts = Decomposition(
            outer=parse_expression(lesson.outer, variable="u", field="outer"),
            inner=parse_expression(lesson.inner, variable="x", field="inner"),
        )
    return chain_facts(expression, variable, lesson.point, parts)


def summary(facts: ChainFacts) -> list[str]:
    """What a chain lesson shows, in a few sentences."""
    def dotted(text: str) -> str:
        return text.replace("*", "·")

    at = facts.at
    return [
        f"Outer f(u) = {dotted(facts.outer)}, inner u = g(x) = {dotted(facts.inner)}.",
        f"f′(u) = {dotted(facts.outer_derivative)}, g′(x) = {dotted(facts.inner_derivative)}.",
        f"dy/dx = {dotted(facts.derivative)}.",
        f"At x = {number(at.x)}: u = {number(at.inner_value)}, inner slope "
        f"{number(at.inner_slope)} × outer slope {number(at.outer_slope)} = {number(at.total)}.",
    ]


def chapters(facts: ChainFacts) -> dict[str, str]:
    """The lesson's beats."""
    return {"question": "The question", "split": "Inner and outer",
            "graph": "The computation graph", "inner": "First stretch", "outer": "Second stretch",
            "multiply": "Stretches multiply", "rule": "The chain rule", "takeaway": "Takeaway"}


def practice(facts: ChainFacts) -> list[Question]:
    """Find the inner value, multiply the stretches, and tell the sign of the product.

    Examples
    --------
    >>> from derivanim.facts import example
    >>> for q in practice(example(kind="chain", function="sin(x^2)", point=1.2).facts):
    ...     print(q.question, "->", round(q.answer, 4) if q.tolerance else q.answer)
    The inner step is u = g(x) = x^2. What is u at x = 1.2? -> 1.44
    g′(1.2) = 2.4 and f′(1.44) = 0.1304. What is dy/dx at x = 1.2? -> 0.313
    Is the slope of the composite at x = 1.2 positive, negative or zero? -> positive
    """
    at = facts.at
    x, u = signed(at.x), signed(at.inner_value)
    sign = "zero" if at.total == 0 else ("positive" if at.total > 0 else "negative")
    return [
        numeric(f"The inner step is u = g(x) = {facts.inner.replace('*', '·')}. What is u at "
                f"x = {x}?", at.inner_value,
                f"g({x}) = {u}: the outer function reads its slope there.",
                reveal="Inner and outer"),
        numeric(f"g′({x}) = {signed(at.inner_slope)} and f′({u}) = {signed(at.outer_slope)}. "
                f"What is dy/dx at x = {x}?", at.total,
                f"The stretches multiply: {signed(at.inner_slope)} × {signed(at.outer_slope)} = "
                f"{signed(at.total)}.", reveal="Stretches multiply"),
        choice(f"Is the slope of the composite at x = {x} positive, negative or zero?",
               ("positive", "negative", "zero"), sign,
               f"Its sign is the product of the signs of {signed(at.inner_slope)} and "
               f"{signed(at.outer_slope)}.", reveal="Stretches multiply"),
    ]


KIND = Kind(name="chain", lesson=ChainLesson, facts_type=ChainFacts, facts=facts,
            summary=summary, chapters=chapters, scene="scenes.chain:ChainScene",
            suggest=suggest.chain,
            practice=practice,
            script=chain_script.script)
