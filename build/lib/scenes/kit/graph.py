"""Computation graphs: nodes joined left to right by arrows that carry each step's name."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from manim import UP, Arrow, VGroup

from scenes.kit.layout import Box
from scenes.kit.text import LABEL_SIZE, formula
from scenes.kit.theme import Theme


class ComputationGraph(VGroup):
    """Nodes joined by labelled arrows, left to right: x --g--> u --f--> y.

    Parameters
    ----------
    nodes : sequence of str
        TeX of each node.
    edges : sequence of str
        TeX label above each arrow (one fewer than nodes).
    box : Box
        The region to fill.
    """

    def __init__(self, nodes: Sequence[str], edges: Sequence[str], box: Box, theme: Theme,
                 colors: Sequence[str]) -> None:
        super().__init__()
        self.nodes = VGroup(*[formula(n, theme, LABEL_SIZE + 4, color=c) for n, c in zip(nodes, colors)])
        self.edge_labels = VGroup(*[formula(e, theme, LABEL_SIZE) for e in edges])
        self.arrows = VGroup()
        count = len(nodes)
        span = box.width
        for index, node in enumerate(self.nodes):
            node.move_to(np.array([box.left + span * (index + 0.5) / count, box.center[1] - 0.2, 0.0]))
        for index, label in enumerate(self.edge_labels):
            start, end = self.nodes[index], self.nodes[index + 1]
            arrow = Arrow(start.get_right(), end.get_left(), buff=0.2, color=theme.muted,
                          stroke_width=4, max_tip_length_to_length_ratio=0.2)
            self.arrows.add(arrow)
            label.next_to(arrow, UP, buff=0.12)
        self.add(self.nodes, self.arrows, self.edge_labels)
