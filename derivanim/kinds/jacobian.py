"""The ``jacobian`` kind: the stretch factor of a map of the plane, J and det J.

Examples
--------
>>> from derivanim.facts import example
>>> item = example(kind="jacobian", map=["x^2 - y", "x + y^2"])
>>> item.function
'(x^2 - y, x + y^2)'
>>> print("\\n".join(KIND.summary(item.facts)))
F carries the grid [-1.5, 1.5] x [-0.5, 1.5] onto a curved grid.
J = [[2*x, -1], [1, 2*y]], det J = 4*x*y + 1.
Near (1, 1): J = [[2, -1], [1, 2]], det J = 5, stretched (areas x5).
Near (-0.5, 0.25): J = [[-1, -1], [1, 0.5]], det J = 0.5, squished (areas x0.5).
Near (-1, 1): J = [[-2, -1], [1, 2]], det J = -3, flipped and stretched (areas x3).
Near (-0.5, 0.5): J = [[-1, -1], [1, 1]], det J = 0, collapsed onto a line.
Near (0, 0): J = [[0, -1], [1, 0]], det J = 1, areas kept.
"""

from __future__ import annotations

from typing import Literal

import sympy
from pydantic import Field, field_validator

from derivanim.jacobian import (
    DEFAULT_POINTS,
    VARIABLES,
    JacobianFacts,
    JacobianPoint,
    jacobian_facts,
    map_text,
    parse_map,
)
from derivanim.jacobian_words import point_text, shown
from derivanim import suggest
from derivanim.kinds.base import FiniteFloat, Kind, Point, LessonConfig, increasing
from derivanim.scripts import jacobian as jacobian_script
from derivanim.numbers import number
from derivanim.practice import EFFECTS, Question, choice, numeric, signed


class JacobianLesson(LessonConfig):
    """``kind = "jacobian"``: a map of the plane, its grid, and J and det J at a few points."""

    kind: Literal["jacobian"]
    fixed_names = "a jacobian lesson maps (x, y) to (u, v); it takes no variable or name"
    function: str = ""
    map: tuple[str, str]
    points: tuple[tuple[Point, Point], ...] = Field(
        default=DEFAULT_POINTS, min_length=1, max_length=6)
    y_range: tuple[FiniteFloat, FiniteFloat] | None = None
    default_title = "The Jacobian stretches the plane"

    _y_range_increasing = field_validator("y_range")(increasing)

    @field_validator("function")
    @classmethod
    def _no_function(cls, value: str) -> str:
        if value:
            raise ValueError("jacobian lessons take `map`, not `function`")
        return value

    def function_label(self) -> str:
        """The map's name in summaries."""
        return "F(x, y)"

    def names(self) -> tuple[str, ...]:
        """The map's variables, x and y."""
        return VARIABLES

    def parse(self) -> sympy.ImmutableMatrix:
        """The map (u, v) as a column matrix, each component parsed (fields map[0], map[1])."""
        return parse_map(self.map)

    def function_text(self, expression: sympy.Basic) -> str:
        """The map as one pair, ``(x^2 - y, x + y^2)``."""
        return map_text(expression)  # type: ignore[arg-type]


def facts(lesson: JacobianLesson, expression: sympy.ImmutableMatrix,
          variable: sympy.Symbol) -> JacobianFacts:
    """The jacobian facts of a lesson."""
    return jacobian_facts(expression, lesson.points, lesson.x_range, lesson.y_range)


WORDS = {"stretch": "stretched", "squish": "squished", "flip": "flipped",
         "collapse": "collapsed onto a line", "keep": "areas kept"}
"""How each effect on a tiny square reads."""


def summary(facts: JacobianFacts) -> list[str]:
    """What a jacobian lesson shows, in a few sentences."""
    (x_low, x_high, _), (y_low, y_high, _) = facts.x_range, facts.y_range
    (a, b), (c, d) = facts.jacobian
    grid = f"[{number(x_low)}, {number(x_high)}] x [{number(y_low)}, {number(y_high)}]"
    lines = [f"F carries the grid {grid} onto a curved grid.",
             f"J = [[{a}, {b}], [{c}, {d}]], det J = {facts.determinant}."]
    for point in facts.points:
        effect = WORDS[point.effect]
        if point.effect == "collapse" and not any(any(row) for row in point.matrix):
            effect = "collapsed to a point"  # J = 0: both edges vanish
        if point.effect == "flip" and point.size in ("stretch", "squish"):
            effect += f" and {WORDS[point.size]}"
        if point.effect == "flip" and point.size == "keep":
            effect += f", {WORDS['keep']}"
        elif point.effect not in ("collapse", "keep"):
            effect += f" (areas x{shown(abs(point.det))})"
        matrix = ", ".join("[" + ", ".join(shown(v) for v in row) + "]" for row in point.matrix)
        lines.append(f"Near {point_text(point)}: J = [{matrix}], det J = {shown(point.det)}, "
                     f"{effect}.")
    return lines


def chapters(facts: JacobianFacts) -> dict[str, str]:
    """The lesson's beats: one per point whose tiny square is carried."""
    return {"question": "The question", "map": "F carries the grid",
            **{f"point {index}": f"Near {point_text(point)}"
               for index, point in enumerate(facts.points)},
            "link": "Back to one dimension", "takeaway": "Takeaway"}


def _factor(value: float) -> str:
    """A matrix entry as a factor of a product: a negative one in brackets."""
    return signed(value) if value >= 0 else f"({signed(value)})"


def _at(point: JacobianPoint) -> str:
    """A point as a question writes it, with minus signs that read as such."""
    return f"({signed(point.x)}, {signed(point.y)})"


def practice(facts: JacobianFacts) -> list[Question]:
    """Compute det J at the first point, and name the effect where a square flips or
    collapses.

    Examples
    --------
    >>> from derivanim.facts import example
    >>> for q in practice(example(kind="jacobian", map=["x^2 - y", "x + y^2"]).facts):
    ...     print(q.question, "->", q.answer)
    Near (1, 1), J has rows (2, −1) and (1, 2): what is det J? -> 5.0
    Near (−1, 1), det J = −3: stretch, squish, flip, collapse or keep? -> flip
    """
    points = list(facts.points)
    chapter = chapters(facts)
    first = points[0]
    (a, b), (c, d) = first.matrix
    questions = [numeric(
        f"Near {_at(first)}, J has rows ({signed(a)}, {signed(b)}) and ({signed(c)}, "
        f"{signed(d)}): what is det J?", first.det,
        f"det J = {_factor(a)}·{_factor(d)} − {_factor(b)}·{_factor(c)} = {signed(first.det)}: "
        f"the signed factor by which areas near {_at(first)} change.",
        reveal=chapter["point 0"])]
    later = list(range(1, len(points))) or [0]
    index = next((i for i in later if points[i].effect in ("flip", "collapse")),
                 next((i for i in later if points[i].effect != first.effect), later[0]))
    point = points[index]
    effects = EFFECTS + ("keep",)
    words = WORDS[point.effect]
    if point.effect == "collapse" and not any(any(row) for row in point.matrix):
        words = "collapsed to a point"
    if point.effect == "flip" and point.size in ("stretch", "squish"):
        words += f" and {WORDS[point.size]}"
    questions.append(choice(
        f"Near {_at(point)}, det J = {signed(point.det)}: {', '.join(effects[:-1])} or "
        f"{effects[-1]}?", effects, point.effect,
        f"A det J of {signed(point.det)}: the tiny square near {_at(point)} is {words}.",
        reveal=chapter[f"point {index}"]))
    return questions


KIND = Kind(name="jacobian", lesson=JacobianLesson, facts_type=JacobianFacts, facts=facts,
            summary=summary, chapters=chapters, scene="scenes.jacobian:JacobianScene",
            suggest=suggest.not_for_one_function(suggest.JACOBIAN),
            function_name="F(x, y)",
            practice=practice,
            script=jacobian_script.script)
