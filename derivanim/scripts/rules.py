"""Scripts of the rules lesson: derivative rules read off the expression tree."""

from __future__ import annotations

from typing import Any

from derivanim.numbers import number
from derivanim.scripts import names, spoken


def script(lesson: Any) -> dict[str, str]:
    """Beat key -> the narrator's sentences (see :mod:`derivanim.scripts`)."""
    facts, (f, x) = lesson.facts, names(lesson)
    tree, steps = facts.tree, facts.steps
    parts = " and ".join(tree.parts) if tree.parts else lesson.function
    first = steps[0] if steps else None
    opening = (f" It starts at a leaf: by the {first.rule} rule, the derivative of "
               f"{first.expression} is {first.result}." if first is not None else "")
    at = facts.at
    value = (f" At {x} = {number(at.x)} the slope is {number(at.slope)}."
             if at is not None else "")
    sentences = {
        "question": f"The function {f}({x}) = {lesson.function} is written at the top. What "
                    "built it?",
        "tree": f"The top of its expression tree is drawn: a {tree.rule} of {parts}.",
        "steps": f"The derivation is revealed line by line from the leaves up, each line "
                 f"naming its rule.{opening} In the end, {f}'({x}) = {facts.derivative}."
                 f"{value}",
        "takeaway": "The takeaway appears: each rule is a short proof, read off the tree.",
    }
    if facts.rectangle is not None:
        box = facts.rectangle
        sentences["rectangle"] = (
            f"The product is pictured as a rectangle with sides {box.f} and {box.g}. As {x} is "
            "nudged, each side grows, adding two thin strips and a small corner, and the "
            "corner shrinks faster than the strips as the nudge shrinks.")
    if facts.mistake is not None:
        wrong = facts.mistake
        sentences["mistake"] = (
            f"A common mistake is shown beside the true derivative: multiplying the two "
            f"derivatives gives {wrong.naive}, which is {number(wrong.naive_value)} at the "
            f"point, against the true {number(wrong.true_value)}.")
    return spoken(sentences)
