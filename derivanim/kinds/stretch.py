"""The ``stretch`` kind: the derivative as the local stretch factor between two number lines.

Examples
--------
>>> from derivanim.facts import example
>>> print("\\n".join(KIND.summary(example(kind="stretch", function="x^2").facts)))
f maps [-2, 3] onto [0, 9].
Near x = 1.5: factor 3, stretched.
Near x = 0.25: factor 0.5, squished.
Near x = -1: factor -2, flipped and stretched.
Near x = 0: factor 0, collapsed to a point.
"""

from __future__ import annotations

from typing import Literal

import sympy
from pydantic import Field, field_validator

from derivanim import suggest
from derivanim.kinds.base import FiniteFloat, Point, Kind, LessonConfig, increasing
from derivanim.scripts import stretch as stretch_script
from derivanim.numbers import number
from derivanim.practice import EFFECTS, Question, choice, numeric, signed
from derivanim.stretch import DEFAULT_INPUT_RANGE, DEFAULT_POINTS, StretchFacts, stretch_facts


class StretchLesson(LessonConfig):
    """``kind = "stretch"``: the derivative as a local stretch factor between number lines."""

    kind: Literal["stretch"]
    points: tuple[Point, ...] = Field(default=DEFAULT_POINTS, min_length=1, max_length=6)
    input_range: tuple[FiniteFloat, FiniteFloat] = DEFAULT_INPUT_RANGE
    default_title = "The derivative stretches the number line"

    _input_range_increasing = field_validator("input_range")(increasing)


def facts(lesson: StretchLesson, expression: sympy.Expr, variable: sympy.Symbol) -> StretchFacts:
    """The stretch facts of a lesson."""
    return stretch_facts(expression, variable, lesson.points, lesson.input_range)


WORDS = {"stretch": "stretched", "squish": "squished", "flip": "flipped",
         "collapse": "collapsed to a point", "keep": "kept at its length"}
"""How each effect on a small piece of the line reads."""


def summary(facts: StretchFacts) -> list[str]:
    """What a stretch lesson shows, in a few sentences."""
    n = facts.notation
    (low, high), (out_low, out_high) = facts.input_range, facts.output_range
    lines = [f"{n.name} maps [{number(low)}, {number(high)}] onto [{number(out_low)}, {number(out_high)}]."]
    for point in facts.points:
        effect = WORDS[point.effect]
        if point.effect == "flip" and point.size in ("stretch", "squish"):
            effect += f" and {WORDS[point.size]}"
        lines.append(f"Near {n.variable} = {number(point.x)}: factor {number(point.factor)}, {effect}.")
    return lines


def chapters(facts: StretchFacts) -> dict[str, str]:
    """The lesson's beats: one per point whose piece is carried across."""
    n = facts.notation
    return {"question": "The question", "map": f"{n.name} carries the line",
            **{f"point {index}": f"{n.variable} = {number(point.x)}"
               for index, point in enumerate(facts.points)},
            "sweep": f"It changes with {n.variable}", "takeaway": "Takeaway"}


PIECE = 0.1
"""The length of the small piece of input a stretch question carries across."""


def practice(facts: StretchFacts) -> list[Question]:
    """Name the effect at two points, and compute how long a small piece becomes.

    Examples
    --------
    >>> from derivanim.facts import example
    >>> for q in practice(example(kind="stretch", function="x^2").facts):
    ...     print(q.question, "->", q.answer)
    f′(0.25) = 0.5: stretch, squish, flip or collapse? -> squish
    f′(−1) = −2: stretch, squish, flip or collapse? -> flip
    A piece of length 0.1 near x = 1.5: how long is its image? -> 0.3
    """
    n = facts.notation
    points = list(facts.points)
    chapter = chapters(facts)
    effects = EFFECTS + (("keep",) if any(p.effect == "keep" for p in points) else ())
    picked = sorted(range(len(points)), key=lambda i: (points[i].effect == "stretch", i))[:2]
    questions = []
    for index in sorted(picked, key=lambda i: (points[i].effect == "flip", i)):
        point = points[index]
        words = WORDS[point.effect]
        questions.append(choice(
            f"{n.name}′({signed(point.x)}) = {signed(point.factor)}: {', '.join(effects[:-1])} or "
            f"{effects[-1]}?", effects, point.effect,
            f"A factor of {signed(point.factor)}: a small piece near {n.variable} = {signed(point.x)} is "
            f"{words}.", reveal=chapter[f"point {index}"]))
    widest = max(range(len(points)), key=lambda i: abs(points[i].factor))
    point = points[widest]
    image = round(abs(point.factor) * PIECE, 12)
    questions.append(numeric(
        f"A piece of length {number(PIECE)} near {n.variable} = {signed(point.x)}: how long is its image?",
        image, f"Near {n.variable} = {signed(point.x)} {n.name} scales lengths by |{n.name}′| = "
        f"{number(abs(point.factor))}: {number(PIECE)} × {number(abs(point.factor))} = "
        f"{number(image)}.", reveal=chapter[f"point {widest}"]))
    return questions


KIND = Kind(name="stretch", lesson=StretchLesson, facts_type=StretchFacts, facts=facts,
            summary=summary, chapters=chapters, scene="scenes.stretch:StretchScene",
            suggest=suggest.stretch,
            practice=practice,
            script=stretch_script.script)
