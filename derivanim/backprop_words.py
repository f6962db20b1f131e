"""The words of the backprop lesson: captions, prose lines and update formulas from the facts.

Numbers on screen are rounded by :func:`shown` (three decimals at most), always from the facts.

Examples
--------
>>> from derivanim.expressions import parse_expression
>>> from derivanim.backprop import backprop_facts
>>> loss = parse_expression("(y - w*x - b)^2", variable=("w", "b", "x", "y"))
>>> facts = backprop_facts(loss, {"w": 0.5, "b": 0}, {"x": 2, "y": 3}, 0.1)
>>> [forward_line(node) for node in facts.nodes if node.role == "operation"]
['wx = 1', 'ŷ = wx + b = 1', 'r = y - ŷ = 2', 'L = r² = 4']
>>> backward_line(facts, facts.node("w")), backward_line(facts, facts.nodes[-1])
('dL/dw = 2·(-4) = -8', 'dL/dL = 1')
>>> update_tex(facts.update[0], facts.learning_rate)
'w = 0.5 - 0.1 \\\\cdot (-8) = 1.3'
"""

from __future__ import annotations

from derivanim.backprop import BackpropFacts, GraphNode, UpdateStep
from derivanim.numbers import number


def shown(value: float) -> str:
    """A value as the graph shows it: at most three decimals.

    Examples
    --------
    >>> shown(-0.7615941559557649), shown(4.0), shown(-0.0001)
    ('-0.762', '4', '-0.0001')
    """
    return number(value, 3)


def on_graph(value: float) -> str:
    """A value as the graph's cards and edges show it: at most two decimals (the prose and
    the captions say it to three), so the cards and labels fit between the layers.

    Examples
    --------
    >>> on_graph(-0.8485), on_graph(1.3346), on_graph(-8.0)
    ('-0.85', '1.33', '-8')
    """
    return number(value, 2)


def factor(value: float, digits: int = 3) -> str:
    """A factor written for a product, negatives in brackets: ``2``, ``(-4)``."""
    text = number(value, digits)
    return f"({text})" if text.startswith("-") else text


def edge_label(local: float) -> str:
    """The label of an edge: the local derivative it multiplies by (``×2``, ``×(-1)``), as
    the graph rounds it."""
    return f"×{factor(local, 2)}"


def forward_line(node: GraphNode) -> str:
    """What the forward pass says when it reaches an operation: its definition and value."""
    if node.formula == node.name and node.role == "operation":
        return f"{node.name} = {shown(node.value)}"
    return f"{node.formula} = {shown(node.value)}"


def backward_line(facts: BackpropFacts, node: GraphNode) -> str:
    """A node's gradient as the sum over its outgoing edges of local × gradient fed."""
    if not facts.outgoing(node.key):
        return f"dL/d{node.name} = 1"
    terms = [f"{factor(e.local)}·{factor(facts.node(e.target).gradient)}"
             for e in facts.outgoing(node.key)]
    return f"dL/d{node.name} = {' + '.join(terms)} = {shown(node.gradient)}"


def update_tex(step: UpdateStep, learning_rate: float) -> str:
    """The update of one parameter as TeX: ``w = 0.5 - 0.1 · (-8) = 1.3``."""
    return (f"{step.name} = {shown(step.before)} - {shown(learning_rate)} \\cdot "
            f"{factor(step.gradient)} = {shown(step.after)}")


def update_short_tex(step: UpdateStep) -> str:
    """The update of one parameter as TeX, for narrow frames: ``w: 0.5 \\to 1.3``.

    Examples
    --------
    >>> update_short_tex(UpdateStep("w", 0.5, -8.0, 1.3))
    'w: 0.5 \\\\to 1.3'
    """
    return f"{step.name}: {shown(step.before)} \\to {shown(step.after)}"


def parameter_list(facts: BackpropFacts) -> str:
    """The parameters with their gradients, for captions: ``dL/dw = -8 and dL/db = -4``."""
    parts = [f"dL/d{name} = {shown(value)}" for name, value in facts.gradients.items()]
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]


def captions(facts: BackpropFacts) -> dict[str, str]:
    """The caption of each beat, with the facts' numbers.

    Examples
    --------
    >>> from derivanim.expressions import parse_expression
    >>> from derivanim.backprop import backprop_facts
    >>> loss = parse_expression("(y - w*x - b)^2", variable=("w", "b", "x", "y"))
    >>> facts = backprop_facts(loss, {"w": 0.5, "b": 0}, {"x": 2, "y": 3}, 0.1)
    >>> captions(facts)["update"]
    'One step against the gradient with learning rate 0.1: w goes from 0.5 to 1.3 and b from 0 to 0.4. The loss goes from 4 to 0.'
    """
    names = [step.name for step in facts.update]
    listed = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
    moves = [f"{s.name} {'goes ' if i == 0 else ''}from {shown(s.before)} to {shown(s.after)}"
             for i, s in enumerate(facts.update)]
    moved = moves[0] if len(moves) == 1 else ", ".join(moves[:-1]) + " and " + moves[-1]
    after = (f" The loss goes from {shown(facts.value)} to {shown(facts.loss_after)}."
             if facts.loss_after is not None else "")
    return {
        "question": f"The loss L depends on the parameters {listed}. To train them we need "
                    f"the slope of L with respect to each one. How do we get them all at once?",
        "graph": "Write the loss as a computation graph: parameters and data are the leaves; "
                 "every other node is one operation on the nodes that feed it.",
        "forward": f"The forward pass computes every node from the nodes that feed it, from "
                   f"the leaves to the loss: here L = {shown(facts.value)}.",
        "backward": "The backward pass starts at the loss, with slope 1, and walks back. Each "
                    "edge carries its local derivative; a node's gradient is the sum, over its "
                    "outgoing edges, of the local derivative times the gradient of the node it "
                    f"feeds. This gives {parameter_list(facts)}.",
        "update": f"One step against the gradient with learning rate "
                  f"{shown(facts.learning_rate)}: {moved}.{after}",
        "takeaway": "Backpropagation is the chain rule run backwards: one backward pass gives "
                    "the slope for every parameter. It is what frameworks such as PyTorch do "
                    "when you train a model.",
    }
