"""The readable, plain-text summary of each lesson that ``render.py --check`` prints.

The sentences come from the lesson's kind (:attr:`derivanim.kinds.Kind.summary`), the same
ones the course page and the manifest carry.

Examples
--------
>>> from derivanim.facts import example
>>> print(summary(example(kind="slopes", function="x^2 - 2x", points=[0, 1])))
slopes (slopes): Every point has its own slope
  f(x) = x^2 - 2*x
  f′(x) = 2·x - 2.
  At x = 0: f = 0, slope -2 (falling).
  At x = 1: f = -1, slope 0 (flat).
"""

from __future__ import annotations

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
             f"  {lesson.function_label()} = {item.function}"]
    lines += [f"  {line}" for line in kind.summary(item.facts)]
    return "\n".join(lines)
