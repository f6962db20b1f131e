"""Scripts of the secant lesson: a secant shrinks onto the tangent."""

from __future__ import annotations

from typing import Any

from derivanim.numbers import number
from derivanim.scripts import names, spoken


def script(lesson: Any) -> dict[str, str]:
    """Beat key -> the narrator's sentences (see :mod:`derivanim.scripts`)."""
    facts, (f, x) = lesson.facts, names(lesson)
    first, last = facts.secants[0], facts.secants[-1]
    at = number(facts.x)
    return spoken({
        "question": f"The curve of {f}({x}) = {lesson.function} is drawn on a grid, with a dot "
                    f"at {x} = {at}, where {f} is {number(facts.y)}. How steep is the curve "
                    "right at that dot?",
        "first": f"A secant line joins the point at {x} = {at} to a second point h = "
                 f"{number(first.h)} to the right, at {x} = {number(first.x2)}, and a right "
                 f"triangle marks its run of {number(first.h)} and its rise of "
                 f"{number(first.y2 - facts.y)}. Its slope, rise over run, is "
                 f"{number(first.slope)}.",
        "shrink": f"Now the second point slides toward the first. As h shrinks from "
                  f"{number(first.h)} to {number(last.h)}, the secant tilts toward the curve's "
                  f"own direction, and the slope readout goes from {number(first.slope)} to "
                  f"{number(last.slope)} while a table fills with each h and its slope.",
        "zoom": f"The axes fade and the view magnifies onto the dot at {x} = {at}. The secant, "
                "its two points and the small rise and run keep their size on screen while h "
                "shrinks further, and the curve between the points straightens until it looks "
                f"like a line of slope {number(facts.slope)}. Then the view zooms back out and "
                "the axes return.",
        "algebra": f"Next, the difference quotient is written out and simplified "
                   f"line by line, until what is left is {facts.quotient}. Setting h to zero "
                   f"leaves {number(facts.slope)}.",
        "tangent": f"The tangent line appears through the dot at {x} = {at}: the line the "
                   f"secants were closing in on, with slope {number(facts.slope)}.",
        "takeaway": f"The takeaway appears: the slope of {f} at {x} = {at} "
                    f"is the limit of secant slopes, here {number(facts.slope)}.",
    })
