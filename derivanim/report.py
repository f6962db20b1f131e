"""The readable, plain-text summary of each lesson that ``render.py --check`` prints.

The sentences come from the lesson's kind (:attr:`derivanim.kinds.Kind.summary`), the same
ones the course page and the manifest carry.

Examples
--------
>>> from derivanim.config import parse_course
>>> from derivanim.facts import lesson_facts
>>> config = parse_course({"lessons": [{"kind": "secant", "function": "x^2", "point": 2}]})
>>> print(summary(lesson_facts(config.lessons[0])))
secant (secant): Secant lines become the tangent
  f(x) = x^2
  At x = 2, f(x) = 4.
  Difference quotient: h + 4.
  h = 2: second point x = 4, secant slope 6.
  h = 1: second point x = 3, secant slope 5.
  h = 0.5: second point x = 2.5, secant slope 4.5.
  h = 0.25: second point x = 2.25, secant slope 4.25.
  Tangent line y = 4x - 4: slope 4 (exactly 4).
"""

from __future__ import annotations

from derivanim.expressions import to_text
from derivanim.facts import LessonFacts
from derivanim.kinds import kind_of


def summary_lines(item: LessonFacts) -> list[str]:
    """The kind's sentences on what the lesson's video shows (page, manifest and --check)."""
    return kind_of(item.lesson.kind).summary(item.facts)


def summary(item: LessonFacts) -> str:
    """Describe one lesson in a few lines of plain text: id, kind, title, function, facts."""
    lesson = item.lesson
    kind = kind_of(lesson.kind)
    lines = [f"{lesson.id} ({lesson.kind}): {lesson.title}",
             f"  {kind.function_name} = {to_text(item.expression)}"]
    lines += [f"  {line}" for line in kind.summary(item.facts)]
    return "\n".join(lines)
