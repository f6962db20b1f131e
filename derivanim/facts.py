"""The facts of a lesson: every number and formula its video shows, computed from its config.

This is the one place that maps a lesson kind to its math module. Scenes draw these facts;
``render.py --check --json`` prints them; ``facts.json`` records them beside each video.

Examples
--------
>>> from derivanim.config import parse_course
>>> config = parse_course({"lessons": [{"kind": "secant", "function": "x^2", "point": 2}]})
>>> facts = lesson_facts(config.lessons[0])
>>> facts.facts.slope, facts.function_latex
(4.0, 'x^{2}')
>>> document([facts])["lessons"][0]["facts"]["tangent"]
{'slope': 4.0, 'intercept': -4.0}
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import sympy

from derivanim.chain import ChainFacts, Decomposition, chain_facts
from derivanim.config import (
    ChainLesson,
    CourseConfig,
    DescentLesson,
    Lesson,
    LimitLesson,
    SecantLesson,
    SlopesLesson,
    StretchLesson,
)
from derivanim.descent import DescentFacts, descent_facts
from derivanim.errors import FieldError, LessonError
from derivanim.expressions import parse_expression, symbol, to_text
from derivanim.limits import LimitFacts, limit_facts
from derivanim.secants import SecantFacts, secant_facts
from derivanim.slopes import SlopeFacts, slope_facts
from derivanim.stretch import StretchFacts, stretch_facts

KindFacts = LimitFacts | SecantFacts | SlopeFacts | StretchFacts | ChainFacts | DescentFacts


@dataclass(frozen=True)
class LessonFacts:
    """A lesson together with its parsed function and its computed facts.

    Attributes
    ----------
    lesson : Lesson
        The validated config of the lesson.
    expression : sympy.Expr
        Its function, parsed.
    variable : sympy.Symbol
        The function's variable (x, or w for descent).
    function_latex : str
        The function in LaTeX, for titles and labels.
    facts : KindFacts
        The kind's facts.
    """

    lesson: Lesson
    expression: sympy.Expr
    variable: sympy.Symbol
    function_latex: str
    facts: KindFacts


def _compute(lesson: Lesson, expression: sympy.Expr, variable: sympy.Symbol) -> KindFacts:
    if isinstance(lesson, LimitLesson):
        return limit_facts(expression, variable, lesson.point, lesson.samples)
    if isinstance(lesson, SecantLesson):
        return secant_facts(expression, variable, lesson.point, lesson.h)
    if isinstance(lesson, SlopesLesson):
        return slope_facts(expression, variable, lesson.points)
    if isinstance(lesson, StretchLesson):
        return stretch_facts(expression, variable, lesson.points, lesson.input_range)
    if isinstance(lesson, ChainLesson):
        parts = None
        if lesson.outer is not None and lesson.inner is not None:
            parts = Decomposition(
                outer=parse_expression(lesson.outer, variable="u", field="outer"),
                inner=parse_expression(lesson.inner, variable="x", field="inner"),
            )
        return chain_facts(expression, variable, lesson.point, parts)
    if isinstance(lesson, DescentLesson):
        return descent_facts(expression, variable, lesson.start, lesson.learning_rates, lesson.steps)
    raise TypeError(f"unknown lesson kind {lesson.kind!r}")


def lesson_facts(lesson: Lesson) -> LessonFacts:
    """Compute the facts of one lesson.

    Parameters
    ----------
    lesson : Lesson
        A validated lesson config.

    Returns
    -------
    LessonFacts

    Raises
    ------
    LessonError
        Naming the lesson, the field and the reason, when the math refuses a value (a point
        outside the domain, a singular or non-differentiable point, a non-composite chain).

    Examples
    --------
    >>> from derivanim.config import parse_course
    >>> bad = parse_course({"lessons": [{"kind": "slopes", "function": "abs(x)", "points": [1, 0]}]})
    >>> lesson_facts(bad.lessons[0])
    Traceback (most recent call last):
    ...
    derivanim.errors.LessonError: lesson 'slopes': points[1]: f is not differentiable at x = 0 (slope from the left -1, from the right 1)
    """
    variable = symbol(lesson.variable)
    try:
        expression = parse_expression(lesson.function, variable=lesson.variable)
        facts = _compute(lesson, expression, variable)
    except FieldError as error:
        raise LessonError(lesson.id, error.field, error.reason) from None
    return LessonFacts(
        lesson=lesson,
        expression=expression,
        variable=variable,
        function_latex=sympy.latex(expression),
        facts=facts,
    )


def course_facts(config: CourseConfig, ids: Iterable[str] = ()) -> tuple[LessonFacts, ...]:
    """Compute the facts of the course's lessons (all, or those named in ``ids``), in order.

    Raises
    ------
    LessonError
        For the first lesson whose facts cannot be computed.
    KeyError
        For an id that names no lesson.
    """
    wanted = list(ids)
    lessons = [config.lesson(i) for i in wanted] if wanted else list(config.lessons)
    return tuple(lesson_facts(lesson) for lesson in lessons)


def jsonable(value: Any) -> Any:
    """Convert facts to JSON-ready data: dataclasses to dicts, infinities to strings.

    Examples
    --------
    >>> jsonable({"left": -math.inf, "right": math.inf, "rows": (1.5, None)})
    {'left': '-inf', 'right': 'inf', 'rows': [1.5, None]}
    """
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {field.name: jsonable(getattr(value, field.name)) for field in dataclasses.fields(value)}
    if isinstance(value, dict):
        return {str(key): jsonable(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [jsonable(item) for item in value]
    if isinstance(value, float) and not math.isfinite(value):
        return "nan" if math.isnan(value) else ("inf" if value > 0 else "-inf")
    return value


def lesson_document(item: LessonFacts) -> dict[str, Any]:
    """The facts of one lesson as the JSON object DESIGN.md specifies (plus title and latex)."""
    lesson = item.lesson
    return {
        "id": lesson.id,
        "kind": lesson.kind,
        "title": lesson.title,
        "function": to_text(item.expression),
        "function_latex": item.function_latex,
        "facts": jsonable(item.facts),
    }


def document(items: Iterable[LessonFacts]) -> dict[str, Any]:
    """The facts document: ``{"lessons": [{"id", "kind", "title", "function", "facts"}, ...]}``."""
    return {"lessons": [lesson_document(item) for item in items]}
