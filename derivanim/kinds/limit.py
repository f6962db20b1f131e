"""The ``limit`` kind: approach a point where f may misbehave, from both sides.

Examples
--------
>>> from derivanim.facts import example
>>> print("\\n".join(KIND.summary(example(kind="limit", function="sin(x)/x", point=0).facts)))
As x approaches 0, f(x) approaches 1.
Nearby values: f(-1) = 0.8415, f(-0.5) = 0.9589, f(-0.1) = 0.9983, f(0.1) = 0.9983, f(0.5) = 0.9589, f(1) = 0.8415.
From the left 1, from the right 1.
A hole at x = 0: f(0) is undefined or out of line, yet the limit exists.
"""

from __future__ import annotations

from typing import Literal

import sympy
from pydantic import Field

from derivanim import suggest
from derivanim.kinds.base import Point, Kind, LessonConfig, PositiveFloat
from derivanim.scripts import limit as limit_script
from derivanim.limits import DEFAULT_SAMPLES, LimitFacts, limit_facts
from derivanim.numbers import number
from derivanim.practice import Question, choice, numeric, signed


class LimitLesson(LessonConfig):
    """``kind = "limit"``: approach a point where f may misbehave."""

    kind: Literal["limit"]
    reserved = ("h",)
    point: Point
    samples: tuple[PositiveFloat, ...] = Field(default=DEFAULT_SAMPLES, min_length=1, max_length=8)
    default_title = "Approaching a value you cannot plug in"


def facts(lesson: LimitLesson, expression: sympy.Expr, variable: sympy.Symbol) -> LimitFacts:
    """The limit facts of a lesson."""
    return limit_facts(expression, variable, lesson.point, lesson.samples)


MEANINGS = {
    "continuous": "{f} is continuous at {a}, so the limit is simply {f}({a}).",
    "removable": "A hole at {x} = {a}: {f}({a}) is undefined or out of line, yet the limit "
                 "exists.",
    "jump": "A jump at {x} = {a}: the two sides approach different values.",
    "infinite": "{f} blows up near {x} = {a}.",
    "oscillating": "{f} oscillates ever faster near {x} = {a} and never settles.",
}
"""What each behaviour means, in a sentence (``{f}``, ``{x}``: the lesson's letters)."""


def summary(facts: LimitFacts) -> list[str]:
    """What a limit lesson shows, in a few sentences."""
    n = facts.notation
    a = number(facts.point)
    lines = [f"As {n.variable} approaches {a}, {n.function} approaches {number(facts.limit)}." if facts.exists
             else f"{n.function} has no finite limit as {n.variable} approaches {a}."]
    lines.append("Nearby values: "
                 + ", ".join(f"{n.name}({number(row.x)}) = {number(row.value)}" for row in facts.table)
                 + ".")
    lines.append(f"From the left {number(facts.left)}, from the right {number(facts.right)}.")
    lines.append(MEANINGS[facts.behaviour].format(a=a, f=n.name, x=n.variable))
    return lines


def chapters(facts: LimitFacts) -> dict[str, str]:
    """The lesson's beats (the table of values shows only in stacked layouts)."""
    return {"question": "The question", "plug_in": "Plug it in", "left": "From the left",
            "right": "From the right", "table": "All the values", "sides": "Both sides",
            "answer": "The answer", "takeaway": "Takeaway"}


BEHAVIOURS = {"continuous": "continuous", "removable": "a hole", "jump": "a jump",
              "infinite": "blows up", "oscillating": "oscillates"}
"""How a learner names each behaviour when asked what happens at the point."""


def practice(facts: LimitFacts) -> list[Question]:
    """Predict the limit from the nearby values, name the behaviour, read one side.

    Examples
    --------
    >>> from derivanim.facts import example
    >>> for q in practice(example(kind="limit", function="sin(x)/x", point=0).facts):
    ...     print(q.question, "->", q.answer)
    f(0.1) = 0.9983 and f(−0.1) = 0.9983. What does f(x) approach as x approaches 0? -> 1.0
    What happens at x = 0: continuous, a hole, a jump, blows up or oscillates? -> a hole
    >>> [q.answer for q in practice(example(kind="limit", function="abs(x)/x", point=0).facts)]
    ['no', 'a jump', -1.0]
    """
    n = facts.notation
    a = number(facts.point)
    near = min(facts.table, key=lambda row: abs(row.x - facts.point) + (row.x < facts.point))
    other = min(facts.table, key=lambda row: abs(row.x - facts.point) + (row.x > facts.point))
    seen = (f"{n.name}({signed(near.x)}) = {signed(near.value)} and "
            f"{n.name}({signed(other.x)}) = {signed(other.value)}.")
    questions = []
    if facts.exists and facts.limit is not None:
        questions.append(numeric(
            f"{seen} What does {n.function} approach as {n.variable} approaches {a}?", facts.limit,
            f"Both sides close in on {signed(facts.limit)} (from the left {signed(facts.left)}, "
            f"from the right {signed(facts.right)}), whatever {n.name}({a}) is.", reveal="The answer"))
    else:
        questions.append(choice(
            f"{seen} Does {n.function} settle on one finite value as {n.variable} approaches {a}?", ("yes", "no"),
            "no", f"From the left {n.name} approaches {signed(facts.left)}, from the right "
            f"{signed(facts.right)}: no single finite value.", reveal="Both sides"))
    questions.append(choice(
        f"What happens at {n.variable} = {a}: {', '.join(list(BEHAVIOURS.values())[:-1])} or "
        f"{BEHAVIOURS['oscillating']}?", tuple(BEHAVIOURS.values()), BEHAVIOURS[facts.behaviour],
        MEANINGS[facts.behaviour].format(a=a, f=n.name, x=n.variable), reveal="The answer"))
    sides_differ = facts.left != facts.right
    if sides_differ and isinstance(facts.left, float) and abs(facts.left) < float("inf"):
        questions.append(numeric(
            f"From the left of {a}, what value does {n.name} approach?", facts.left,
            f"Just left of {a}, {n.name}({signed(other.x)}) = {signed(other.value)}, and the values "
            f"close in on {signed(facts.left)}.", reveal="From the left"))
    return questions


KIND = Kind(name="limit", lesson=LimitLesson, facts_type=LimitFacts, facts=facts,
            summary=summary, chapters=chapters, scene="scenes.limit:LimitScene",
            suggest=suggest.limit,
            practice=practice,
            script=limit_script.script)
