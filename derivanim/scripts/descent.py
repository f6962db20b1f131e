"""Scripts of the descent lesson: follow the slope downhill."""

from __future__ import annotations

from typing import Any

from derivanim.numbers import number
from derivanim.scripts import names, spoken


def script(lesson: Any) -> dict[str, str]:
    """Beat key -> the narrator's sentences (see :mod:`derivanim.scripts`)."""
    facts, (f, w) = lesson.facts, names(lesson)
    start, first = number(facts.start), facts.runs[0]
    step = number(first.steps[1]) if len(first.steps) > 1 else start
    rates = ", ".join(f"with eta = {number(run.learning_rate)} it {run.outcome}"
                      for run in facts.runs)
    return spoken({
        "question": f"The loss curve {f}({w}) = {lesson.function} is drawn, with a dot at "
                    f"{w} = {start}. Which way is downhill, and how far should it go?",
        "rule": f"The update rule is written: the new {w} is {w} minus eta times the slope.",
        "step": f"A tangent at the dot shows the slope, and the dot takes one step with "
                f"eta = {number(first.learning_rate)}, from {w} = {start} to {w} = {step}.",
        "sign": "The dot slides along the curve: where the slope is negative the step points "
                "right, where it is positive the step points left, and at the bottom it "
                "vanishes.",
        "rates": f"Descent runs once for each learning rate: {rates}.",
        "backprop": "One line points ahead: a model with many parameters gets all its slopes "
                    "in one backward pass.",
        "takeaway": "The takeaway appears: step against the slope, and pick the step size "
                    "with care.",
    })
