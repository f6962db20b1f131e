"""Backprop as a picture: the chain rule run backwards through a small computation graph.

The reference model is one linear neuron with squared error: w and b feed y_hat = w x + b,
which feeds L = (y - y_hat)^2. :class:`BackpropDiagram` draws that graph with each node's
forward value; the backward pass adds arrows labelled with the local derivatives, and each
node's gradient. :func:`backprop_lines` sets the model's formulas and the resulting gradients.
"""

from __future__ import annotations

import numpy as np
from manim import DOWN, LEFT, RIGHT, Arrow, MathTex, Mobject, VGroup

from derivanim.descent import BackpropChain, Gradients
from derivanim.descent_words import signed_factor
from derivanim.numbers import number
from scenes.kit.fit import fit_width
from scenes.kit.layout import Box
from scenes.kit.text import BODY_SIZE, formula
from scenes.kit.theme import Theme


class BackpropDiagram(VGroup):
    """The computation graph of the reference model: w and b feed y_hat = w x + b, which feeds L.

    Under each node sits its forward value and, after the backward pass, its gradient. The
    backward pass adds arrows pointing back, each labelled with the local derivative it
    multiplies by.

    Parameters
    ----------
    box : Box
        The region to fill.
    facts : Gradients
        The reference gradients.
    chain : BackpropChain
        Their local factors.
    theme : Theme
        Colours.
    """

    def __init__(self, box: Box, facts: Gradients, chain: BackpropChain, theme: Theme) -> None:
        super().__init__()
        names = {"w": "w", "b": "b", "yhat": r"\hat y", "L": "L"}
        self.nodes = {key: formula(source, theme, BODY_SIZE + 12) for key, source in names.items()}
        values = {"w": facts.at["w"], "b": facts.at["b"], "yhat": chain.prediction,
                  "L": facts.value}
        self.values = {key: formula(number(v), theme, color=theme.muted)
                       for key, v in values.items()}
        grads = {"w": facts.gradients["w"], "b": facts.gradients["b"], "yhat": chain.upstream}
        self.gradients = {key: formula(number(v), theme, color=theme.highlight)
                          for key, v in grads.items()}
        stack = (max(n.height for n in self.nodes.values()) / 2 + 0.12
                 + max(v.height for v in self.values.values()) + 0.1
                 + max(g.height for g in self.gradients.values()))
        node_half = max(n.height for n in self.nodes.values()) / 2
        spread = max(min(1.5, (box.height - node_half - stack) / 2), 0.6)
        margin = max(0.5, 0.12 * box.width)
        cx, cy = box.center[0], box.center[1] + (stack - node_half) / 2
        places = {
            "w": (box.left + margin, cy + spread), "b": (box.left + margin, cy - spread),
            "yhat": (cx, cy), "L": (box.right - margin, cy),
        }
        for key, (x, y) in places.items():
            self.nodes[key].move_to(np.array([x, y, 0.0]))
            self.values[key].next_to(self.nodes[key], DOWN, buff=0.12)
            if key in self.gradients:
                self.gradients[key].next_to(self.values[key], DOWN, buff=0.1)
        # y_hat's labels lean right, under the arrow to L, away from the factor under b's arrow.
        lean = self.nodes["yhat"].get_right()[0] - 0.05
        for label in (self.values["yhat"], self.gradients["yhat"]):
            label.shift((lean - label.get_left()[0]) * RIGHT)
        edges = [("w", "yhat", 1.0), ("b", "yhat", -1.0), ("yhat", "L", 1.0)]
        factors = {"w": chain.by_w, "b": chain.by_b, "yhat": chain.upstream}
        self.forward = VGroup()
        self.backward: dict[str, Arrow] = {}
        self.factors: dict[str, MathTex] = {}
        for tail, head, side in edges:
            start = self.nodes[tail].get_right() + 0.1 * RIGHT
            end = self.nodes[head].get_left() + 0.1 * LEFT
            along = (end - start) / np.linalg.norm(end - start)
            outward = side * np.array([-along[1], along[0], 0.0])
            self.forward.add(Arrow(start, end, buff=0.05, color=theme.muted, stroke_width=4,
                                   max_tip_length_to_length_ratio=0.15))
            back = Arrow(end + 0.22 * outward, start + 0.22 * outward, buff=0.1,
                         color=theme.highlight, stroke_width=4,
                         max_tip_length_to_length_ratio=0.15)
            self.backward[tail] = back
            label = formula(rf"\times {signed_factor(factors[tail])}", theme, color=theme.highlight)
            # Factors on the arrows into y_hat sit nearer their tail, clear of y_hat's labels.
            anchor = back.point_from_proportion(0.7 if head == "yhat" else 0.5)
            label.next_to(anchor, outward, buff=0.22)
            self.factors[tail] = label
        self.add(*self.nodes.values(), self.forward, *self.values.values())

    def forward_parts(self) -> list[Mobject]:
        """The nodes, forward arrows and forward values."""
        return [*self.nodes.values(), self.forward, *self.values.values()]


def backprop_lines(facts: Gradients, panel: Box, stacked: bool,
                   theme: Theme) -> tuple[VGroup, VGroup]:
    """The model's formulas and the gradients they give, placed in the panel.

    Stacked frames set the model in two lines and centre each group in the panel (one replaces
    the other); wide frames stack the gradients under the model from the panel's top-left.
    """
    x, y = number(facts.at["x"]), number(facts.at["y"])
    if stacked:
        model = [rf"\hat y = wx + b,\ \ x = {x}", rf"L = (y - \hat y)^2,\ \ y = {y}"]
    else:
        model = [r"\hat y = wx + b", r"L = (y - \hat y)^2", rf"x = {x},\ \ y = {y}"]
    model_lines = VGroup(*[formula(line, theme) for line in model])
    results = [rf"\partial L / \partial {name} = {number(facts.gradients[name])}"
               for name in ("w", "b")]
    result_lines = VGroup(*[formula(line, theme, color=theme.highlight) for line in results])
    model_lines.arrange(DOWN, buff=0.25, aligned_edge=LEFT)
    result_lines.arrange(DOWN, buff=0.25, aligned_edge=LEFT)
    if stacked:
        for group in (model_lines, result_lines):
            fit_width(group, panel.width)
            group.move_to(panel.center)
    else:
        model_lines.next_to(np.array([panel.left, panel.top, 0.0]), DOWN + RIGHT, buff=0)
        result_lines.next_to(model_lines, DOWN, aligned_edge=LEFT, buff=0.5)
    return model_lines, result_lines
