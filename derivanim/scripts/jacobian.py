"""Scripts of the jacobian lesson: a map of the plane carries tiny squares to parallelograms."""

from __future__ import annotations

from typing import Any

from derivanim.numbers import number
from derivanim.scripts import names, spoken

EFFECTS = {"stretch": "so areas grow there", "squish": "so areas shrink there",
           "flip": "and the minus sign means the square lands flipped over",
           "collapse": "so the square collapses onto a line",
           "keep": "so areas keep their size"}
"""What a determinant does to the tiny square."""


def script(lesson: Any) -> dict[str, str]:
    """Beat key -> the narrator's sentences (see :mod:`derivanim.scripts`)."""
    facts, (f, _) = lesson.facts, names(lesson)
    first, second = facts.map
    points = {
        f"point {index}": f"The grid flattens back and a tiny square is drawn near "
                          f"({number(point.x)}, {number(point.y)}). Carried by {f}, it lands "
                          f"near ({number(point.image[0])}, {number(point.image[1])}) as a "
                          f"curved patch, almost a parallelogram. There the determinant of J "
                          f"is {number(point.det)}, {EFFECTS.get(point.effect, EFFECTS['keep'])}."
        for index, point in enumerate(facts.points)
    }
    return spoken({
        "question": f"A grid of the plane appears, for the map {f} that sends x and y to "
                    f"{first} and {second}. What does {f} do to a tiny square?",
        "map": f"{f} carries the whole grid, and its straight lines bend into curves.",
        **points,
        "link": "The lesson links back to one dimension: here the determinant is what the "
                "stretch factor was on the number line.",
        "takeaway": "The takeaway appears: near a point, the Jacobian is the stretch factor "
                    "of the plane.",
    })
