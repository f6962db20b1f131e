"""Scripts of the stretch lesson: the derivative as the factor a tiny piece is stretched by."""

from __future__ import annotations

from typing import Any

from derivanim.numbers import number
from derivanim.scripts import names, spoken

EFFECTS = {"stretch": "so the piece comes out longer", "squish": "so the piece comes out shorter",
           "flip": "and the minus sign means the piece lands turned around",
           "collapse": "so the piece collapses to almost a single point",
           "keep": "so the piece keeps its length"}
"""What a factor does to the small piece."""


def script(lesson: Any) -> dict[str, str]:
    """Beat key -> the narrator's sentences (see :mod:`derivanim.scripts`)."""
    facts, (f, x) = lesson.facts, names(lesson)
    low, high = (number(value) for value in facts.input_range)
    points = {
        f"point {index}": f"A small piece of the input line around {x} = {number(point.x)} is "
                          f"carried down onto the output line near {number(point.y)}. Its "
                          f"stretch factor is {number(point.factor)}, "
                          f"{EFFECTS.get(point.effect, EFFECTS['stretch'])}."
        for index, point in enumerate(facts.points)
    }
    return spoken({
        "question": f"Two number lines appear, the input line above the output line, for "
                    f"{f}({x}) = {lesson.function}. What does {f} do to a tiny piece of the "
                    "line?",
        "map": f"Points of the input line from {low} to {high} are carried down to their "
               f"images on the output line.",
        **points,
        "sweep": f"The piece slides along the input line, and its factor changes with {x}.",
        "takeaway": f"The takeaway appears: the derivative {f}'({x}) is the factor a tiny "
                    f"piece is stretched by.",
    })
