"""Scripts of the backprop lesson: the chain rule run backwards through a graph."""

from __future__ import annotations

from typing import Any

from derivanim.numbers import number
from derivanim.scripts import names, spoken


def _list(items: list[str]) -> str:
    """Items joined as a sentence lists them."""
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def script(lesson: Any) -> dict[str, str]:
    """Beat key -> the narrator's sentences (see :mod:`derivanim.scripts`)."""
    facts, (f, _) = lesson.facts, names(lesson)
    parameters = [step.name for step in facts.update]
    gradients = _list([f"the gradient of {name} is {number(value)}"
                       for name, value in facts.gradients.items()])
    updates = _list([f"{step.name} goes from {number(step.before)} to {number(step.after)}"
                     for step in facts.update])
    return spoken({
        "question": f"The loss {f} = {lesson.function} is written. It depends on "
                    f"{_list(parameters)}: how do we get every slope at once?",
        "graph": "The loss is drawn as a computation graph, read off its expression tree, "
                 "with the inputs at one end and the loss at the other.",
        "forward": f"The forward pass runs node by node, each node showing its value, until "
                   f"the loss reads {number(facts.value)}.",
        "backward": f"The backward pass runs from the loss back along each edge, each edge "
                    f"showing its local derivative: {gradients}.",
        "update": f"One update step with learning rate {number(facts.learning_rate)}: "
                  f"{updates}, and the loss becomes {number(facts.loss_after)}.",
        "takeaway": "The takeaway appears: backpropagation is the chain rule run backwards, "
                    "and it is what frameworks do.",
    })
