"""The ``descent`` kind: gradient descent follows the slope of a loss downhill.

Examples
--------
>>> from derivanim.facts import example
>>> print("\\n".join(KIND.summary(example(kind="descent", function="(w - 2)^2 + 1").facts)))
L′(w) = 2·w - 4, starting at w = -1.
Learning rate 0.2: converges (w = 1.9819 after 10 steps).
Learning rate 0.8: oscillates (w = 1.9819 after 10 steps).
Learning rate 1.1: diverges (w = -16.5752 after 10 steps).
Backprop: L = (-b - w*x + y)^2 at w = 0.5, b = 0, x = 2, y = 3 gives dL/dw = -8, dL/db = -4.
"""

from __future__ import annotations

from typing import Literal

import sympy
from pydantic import Field

from derivanim.descent import (
    DEFAULT_LEARNING_RATES,
    DEFAULT_START,
    DEFAULT_STEPS,
    DescentFacts,
    descent_facts,
)
from derivanim import suggest
from derivanim.kinds.base import Point, Kind, LessonConfig, PositiveFloat
from derivanim.scripts import descent as descent_script
from derivanim.numbers import number
from derivanim.practice import Question, choice, numeric, signed


class DescentLesson(LessonConfig):
    """``kind = "descent"``: follow the slope of a loss downhill."""

    kind: Literal["descent"]
    variable: str = "w"
    name: str = "L"
    start: Point = DEFAULT_START
    learning_rates: tuple[PositiveFloat, ...] = Field(
        default=DEFAULT_LEARNING_RATES, min_length=1, max_length=4
    )
    steps: int = Field(default=DEFAULT_STEPS, ge=1, le=60)
    default_title = "Follow the slope downhill"


def facts(lesson: DescentLesson, expression: sympy.Expr, variable: sympy.Symbol) -> DescentFacts:
    """The descent facts of a lesson."""
    return descent_facts(expression, variable, lesson.start, lesson.learning_rates, lesson.steps)


def summary(facts: DescentFacts) -> list[str]:
    """What a descent lesson shows, in a few sentences."""
    n = facts.notation
    lines = [f"{n.derivative} = {facts.derivative.replace('*', '·')}, starting at {n.variable} = {number(facts.start)}."]
    for run in facts.runs:
        end = (f" ({n.variable} = {number(run.steps[-1])} after {len(run.steps) - 1} steps)"
               if len(run.steps) > 1 else "")
        lines.append(f"Learning rate {number(run.learning_rate)}: {run.outcome}{end}.")
    backprop = facts.backprop
    at = ", ".join(f"{name} = {number(value)}" for name, value in backprop.at.items())
    grads = ", ".join(f"dL/d{name} = {number(value)}" for name, value in backprop.gradients.items())
    lines.append(f"Backprop: L = {backprop.loss} at {at} gives {grads}.")
    return lines


def chapters(facts: DescentFacts) -> dict[str, str]:
    """The lesson's beats."""
    return {"question": "The question", "rule": "The update rule", "step": "One step",
            "sign": "Slope sign", "rates": "Learning rates", "backprop": "Backprop",
            "takeaway": "Takeaway"}


OUTCOMES = ("converges", "oscillates", "diverges", "cycles")
"""What a run of gradient descent can do, as a learner picks it."""


def practice(facts: DescentFacts) -> list[Question]:
    """Which way the first step goes, where it lands, and what the boldest rate does.

    Examples
    --------
    >>> from derivanim.facts import example
    >>> for q in practice(example(kind="descent", function="(w - 2)^2 + 1").facts):
    ...     print(q.question, "->", round(q.answer, 4) if q.tolerance else q.answer)
    At w = −1 the slope L′(w) is −6. Does one step move w left or right? -> right
    With learning rate 0.2, where is w after one step from w = −1? -> 0.2
    Learning rate 1.1: converges, oscillates, diverges or cycles? -> diverges
    """
    n = facts.notation
    first = facts.runs[0]
    slope, w = first.slopes[0], signed(facts.start)
    way = "stays" if slope == 0 else ("right" if slope < 0 else "left")
    questions = [choice(
        f"At {n.variable} = {w} the slope {n.derivative} is {signed(slope)}. Does one step move {n.variable} left or right?",
        ("left", "right", "stays"), way,
        f"A step adds −η·{n.derivative}: against the slope, {'nowhere' if slope == 0 else way}, "
        "downhill.", reveal="Slope sign")]
    if len(first.steps) > 1:
        eta = number(first.learning_rate)
        questions.append(numeric(
            f"With learning rate {eta}, where is {n.variable} after one step from {n.variable} = {w}?",
            first.steps[1], f"{n.variable} − η·{n.derivative} = {w} − {eta} × ({signed(slope)}) = "
            f"{signed(first.steps[1])}.", reveal="One step"))
    boldest = max(facts.runs, key=lambda run: run.learning_rate)
    questions.append(choice(
        f"Learning rate {number(boldest.learning_rate)}: {', '.join(OUTCOMES[:-1])} or "
        f"{OUTCOMES[-1]}?", OUTCOMES, boldest.outcome,
        f"After {len(boldest.steps) - 1} steps {n.variable} = {signed(boldest.steps[-1])}: the run "
        f"{boldest.outcome}.", reveal="Learning rates"))
    return questions


KIND = Kind(name="descent", lesson=DescentLesson, facts_type=DescentFacts, facts=facts,
            summary=summary, chapters=chapters, scene="scenes.descent:DescentScene",
            suggest=suggest.descent,
            function_name="L(w)",
            practice=practice,
            script=descent_script.script)
