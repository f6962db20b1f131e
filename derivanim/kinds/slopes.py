"""The ``slopes`` kind: every point of a curve has its own slope, and the slopes form f'.

Examples
--------
>>> from derivanim.facts import example
>>> item = example(kind="slopes", function="x^3 - 3x").facts
>>> print("\\n".join(KIND.summary(item)))
f′(x) = 3·x^2 - 3.
At x = -1: f = 2, slope 0 (flat).
At x = 0: f = 0, slope -3 (falling).
At x = 1.5: f = -1.125, slope 3.75 (rising).
>>> list(KIND.chapters(item).values())[1:5]
['The slope as a graph', 'x = -1', 'x = 0', 'x = 1.5']
"""

from __future__ import annotations

from typing import Literal

import sympy
from pydantic import Field

from derivanim import suggest
from derivanim.kinds.base import Point, Kind, LessonConfig
from derivanim.scripts import slopes as slopes_script
from derivanim.numbers import number
from derivanim.practice import SIGNS, Question, choice, numeric, signed
from derivanim.slopes import DEFAULT_POINTS, SlopeFacts, SlopePoint, slope_facts


class SlopesLesson(LessonConfig):
    """``kind = "slopes"``: many local slopes, and the derivative as a function."""

    kind: Literal["slopes"]
    points: tuple[Point, ...] = Field(default=DEFAULT_POINTS, min_length=1, max_length=6)
    default_title = "Every point has its own slope"


def facts(lesson: SlopesLesson, expression: sympy.Expr, variable: sympy.Symbol) -> SlopeFacts:
    """The slope facts of a lesson."""
    return slope_facts(expression, variable, lesson.points)


WORDS = {"positive": "rising", "negative": "falling", "zero": "flat"}
"""How the sign of a slope reads."""


def summary(facts: SlopeFacts) -> list[str]:
    """What a slopes lesson shows, in a few sentences."""
    n = facts.notation
    lines = [f"{n.derivative} = {facts.derivative.replace('*', '·')}."]
    lines += [f"At {n.at(number(p.x))}: {n.name} = {number(p.y)}, slope {number(p.slope)} "
              f"({WORDS[p.sign]})." for p in facts.points]
    return lines


def stops(facts: SlopeFacts) -> list[SlopePoint]:
    """The points the sweep stops at, from left to right."""
    return sorted(facts.points, key=lambda point: point.x)


def chapters(facts: SlopeFacts) -> dict[str, str]:
    """The lesson's beats: one per point the sweep stops at."""
    return {"question": "The question", "graph": "The slope as a graph",
            **{f"point {index}": facts.notation.at(number(point.x))
               for index, point in enumerate(stops(facts))},
            "sweep": "Every point", "derivative": "A new function", "takeaway": "Takeaway"}


def practice(facts: SlopeFacts) -> list[Question]:
    """Say whether the curve rises or falls at the first stops, and compute the last slope.

    Examples
    --------
    >>> from derivanim.facts import example
    >>> for q in practice(example(kind="slopes", function="x^3 - 3x").facts):
    ...     print(q.question, "->", q.answer)
    At x = −1, is the curve rising, falling or flat? -> flat
    At x = 0, is the curve rising, falling or flat? -> falling
    What is the slope f′(1.5)? -> 3.75
    """
    points, n = stops(facts), facts.notation
    derivative = facts.derivative.replace("*", "·")
    chapter = chapters(facts)
    questions = [
        choice(f"At {n.at(signed(point.x))}, is the curve rising, falling or flat?", SIGNS,
               WORDS[point.sign], f"{n.slope(signed(point.x))} = {signed(point.slope)}: "
               f"{'zero, a flat tangent' if point.sign == 'zero' else point.sign + ' slope'}.",
               reveal=chapter[f"point {index}"])
        for index, point in list(enumerate(points))[:2]
    ]
    last = points[-1]
    questions.append(numeric(
        f"What is the slope {n.slope(signed(last.x))}?", last.slope,
        f"{n.derivative} = {derivative}, so {n.slope(signed(last.x))} = {signed(last.slope)}.",
        reveal=chapter[f"point {len(points) - 1}"]))
    return questions


KIND = Kind(name="slopes", lesson=SlopesLesson, facts_type=SlopeFacts, facts=facts,
            summary=summary, chapters=chapters, scene="scenes.slopes:SlopesScene",
            suggest=suggest.slopes,
            practice=practice,
            script=slopes_script.script)
