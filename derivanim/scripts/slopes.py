"""Scripts of the slopes lesson: the slope at every point traces a new function."""

from __future__ import annotations

from typing import Any

from derivanim.numbers import number
from derivanim.scripts import names, spoken

SIGNS = {"positive": "so the curve is rising there",
         "negative": "so the curve is falling there",
         "zero": "so the tangent is flat there, where a peak or a dip may be"}
"""What the sign of a slope says about the curve."""


def script(lesson: Any) -> dict[str, str]:
    """Beat key -> the narrator's sentences (see :mod:`derivanim.scripts`)."""
    from derivanim.kinds.slopes import stops  # the kind module registers this script

    facts, (f, x) = lesson.facts, names(lesson)
    points = {
        f"point {index}": f"The tangent stops at {x} = {number(point.x)}, and its slope, "
                          f"{number(point.slope)}, is marked as a dot on the second graph, "
                          f"{SIGNS[point.sign]}."
        for index, point in enumerate(stops(facts))
    }
    return spoken({
        "question": f"The curve of {f}({x}) = {lesson.function} is drawn. How steep is it at "
                    f"each {x}?",
        "graph": f"A tangent line sits on the curve at its left end, and a second graph opens "
                 f"under it, where the tangent's slope is plotted as a dot above the same {x}.",
        **points,
        "sweep": "The tangent sweeps along the whole curve, and the second graph traces its "
                 "slope point by point.",
        "derivative": f"The traced curve is named: it is the derivative, {f}'({x}) = "
                      f"{facts.derivative}.",
        "takeaway": "The takeaway appears: every point has its own slope, and together the "
                    "slopes make a new function.",
    })
