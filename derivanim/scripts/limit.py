"""Scripts of the limit lesson: walking in on a point from both sides."""

from __future__ import annotations

from typing import Any

from derivanim.numbers import number
from derivanim.scripts import names, spoken

ENDINGS = {
    "continuous": "The curve passes straight through the point, so the limit is simply the value.",
    "removable": "An open circle marks the hole in the curve, right at the height both sides "
                 "agree on.",
    "jump": "The two sides end at different heights, so the curve jumps there.",
    "infinite": "Arrows run off the chart: the values grow without bound.",
    "oscillating": "The curve keeps swinging faster and faster, never settling on one height.",
}
"""What the ending shows for each behaviour the facts report."""


def script(lesson: Any) -> dict[str, str]:
    """Beat key -> the narrator's sentences (see :mod:`derivanim.scripts`)."""
    facts, (f, x) = lesson.facts, names(lesson)
    at = number(facts.point)
    value = ("it gives no number at all" if facts.value is None
             else f"it gives {number(facts.value)}")
    right = [row for row in facts.table if row.x > facts.point]
    near = min(right, key=lambda row: row.x) if right else None
    closest = (f"at {x} = {number(near.x)}, {f} is {number(near.value)}" if near is not None
               else "the readout keeps changing")
    limit = ("no single value" if not facts.exists or facts.limit is None
             else number(facts.limit))
    return spoken({
        "question": f"The graph of {f}({x}) = {lesson.function} appears, with its formula "
                    f"above it. What does {f} do as {x} comes close to {at}?",
        "plug_in": f"First, {x} = {at} is put straight into the formula, and {value}.",
        "left": f"A dot walks along the curve toward {x} = {at} from the left, while a "
                f"readout shows {x} and {f}({x}) at each step.",
        "right": f"Now a second dot walks in from the right. Closest in, {closest}.",
        "table": "A table lists the nearby values from both sides, next to each other.",
        "sides": f"From the left the values approach {number(facts.left)}, and from the right "
                 f"they approach {number(facts.right)}.",
        "answer": f"The limit as {x} goes to {at} is {limit}. {ENDINGS[facts.behaviour]}",
        "takeaway": f"The takeaway appears: a limit is about the values "
                    f"near {x} = {at}, not at it.",
    })
