"""Scripts of the chain lesson: a composite's stretch is the product of two stretches."""

from __future__ import annotations

from typing import Any

from derivanim.numbers import number
from derivanim.scripts import names, spoken


def script(lesson: Any) -> dict[str, str]:
    """Beat key -> the narrator's sentences (see :mod:`derivanim.scripts`)."""
    facts, (f, x) = lesson.facts, names(lesson)
    at = facts.at
    return spoken({
        "question": f"The function y = {lesson.function} is written at the top. How fast "
                    f"does y change with {x} at {x} = {number(at.x)}?",
        "split": f"It splits into an inner function, u = {facts.inner}, and an outer "
                 f"function, y = {facts.outer}.",
        "graph": f"A computation graph appears: {x} feeds the inner function to give u, and u "
                 f"feeds the outer function to give y. Each arrow is labelled with its local "
                 "derivative.",
        "inner": f"On three number lines, a small piece around {x} = {number(at.x)} is carried "
                 f"onto the u line near u = {number(at.inner_value)}, stretched by "
                 f"{number(at.inner_slope)}.",
        "outer": f"Then the piece on the u line is carried onto the y line, stretched again, "
                 f"this time by {number(at.outer_slope)}.",
        "multiply": f"The two factors multiply: {number(at.inner_slope)} times "
                    f"{number(at.outer_slope)} is {number(at.total)}.",
        "rule": f"The chain rule is written out: the derivative is {facts.derivative}.",
        "takeaway": "The takeaway appears: stretches along a chain multiply.",
    })
