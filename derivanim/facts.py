"""The facts of a lesson: every number and formula its video shows, computed from its config.

Each kind computes its own facts (:mod:`derivanim.kinds`). Scenes draw these facts;
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

from derivanim.config import CourseConfig, parse_course
from derivanim.errors import FieldError, LessonError
from derivanim.expressions import symbol
from derivanim.kinds import Lesson, kind_of
from derivanim.practice import document as practice_document


@dataclass(frozen=True)
class LessonFacts:
    """A lesson together with its parsed function and its computed facts.

    Attributes
    ----------
    lesson : Lesson
        The validated config of the lesson.
    expression : sympy.Basic
        Its function, parsed (an expression; a matrix for a map of the plane).
    variable : sympy.Symbol
        The function's variable (x, or w for descent).
    function_latex : str
        The function in LaTeX, for titles and labels.
    function : str
        The function as a user types it (``"x^2"``), for summaries, facts and the manifest.
    facts : object
        The kind's facts (the dataclass its :class:`derivanim.kinds.Kind` names).
    """

    lesson: Lesson
    expression: Any
    variable: sympy.Symbol
    function_latex: str
    facts: Any
    function: str = ""


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
        expression = lesson.parse()
        facts = kind_of(lesson.kind).facts(lesson, expression, variable)
        if any(field.name == "notation" for field in dataclasses.fields(facts)):
            facts = dataclasses.replace(facts, notation=lesson.notation())
    except FieldError as error:
        raise LessonError(lesson.id, error.field, error.reason) from None
    return LessonFacts(
        lesson=lesson,
        expression=expression,
        variable=variable,
        function_latex=sympy.latex(expression),
        facts=facts,
        function=lesson.function_text(expression),
    )


def example(**fields: Any) -> LessonFacts:
    """The facts of one lesson given by its config fields, as a course file would give them.

    Examples
    --------
    >>> example(kind="secant", function="x^2", point=3).facts.slope
    6.0
    """
    return lesson_facts(parse_course({"lessons": [fields]}).lessons[0])


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
    computed = []
    for lesson in lessons:
        try:
            computed.append(lesson_facts(lesson))
        except LessonError as error:
            origin = config.origin(lesson.id)
            if not origin:
                raise
            raise LessonError(error.lesson, error.field, error.reason, origin) from None
    return tuple(computed)


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


def facts_document(item: LessonFacts) -> dict[str, Any]:
    """The kind's facts of one lesson as JSON-ready data, with its ``practice`` questions.

    Examples
    --------
    >>> practice = facts_document(example(kind="secant", function="x^2", point=2))["practice"]
    >>> practice[0]["question"], practice[0]["answer"], practice[0]["tolerance"]
    ('h shrinks to 0.5: what is the secant slope?', 4.5, 0.05)
    """
    return {**jsonable(item.facts),
            "practice": practice_document(kind_of(item.lesson.kind).practice(item.facts))}


def lesson_document(item: LessonFacts) -> dict[str, Any]:
    """The facts of one lesson as the JSON object DESIGN.md specifies (plus title and latex)."""
    lesson = item.lesson
    return {
        "id": lesson.id,
        "kind": lesson.kind,
        "title": lesson.title,
        "function": item.function,
        "function_latex": item.function_latex,
        "facts": facts_document(item),
    }


def document(items: Iterable[LessonFacts]) -> dict[str, Any]:
    """The facts document: ``{"lessons": [{"id", "kind", "title", "function", "facts"}, ...]}``."""
    return {"lessons": [lesson_document(item) for item in items]}
