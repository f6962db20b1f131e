"""A computation graph on screen: a card per node, an arrow per edge, a label per local slope.

Each node's card holds its name, its forward value (in the function's colour) and its
gradient (in the derivative's colour: a gradient is a derivative); wide frames stack the three,
tall frames set one number beside the name: the value, until the backward pass puts the
gradient in its place. Each edge is an arrow from an operand's card to its operation's card,
with the local derivative written on it (on a patch of background, so the arrow never runs
through the digits). Everything is built once; the scene fades parts in as the passes go.
"""

from __future__ import annotations

import numpy as np
from manim import DOWN, RIGHT, Arrow, BackgroundRectangle, MathTex, Text, VGroup

from derivanim.backprop import BackpropFacts, GraphEdge
from derivanim.backprop_words import edge_label, on_graph
from derivanim.graph_layout import layered
from scenes.kit.layout import Box
from scenes.kit.text import BODY_SIZE, PROSE_SIZE, formula, word
from scenes.kit.theme import Theme

NAME_SIZE = BODY_SIZE + 16
"""Node names are set larger than their numbers: TeX letters run small beside digits."""
GAP = 0.06
"""Space between a card's name and its numbers, and between an arrow and the cards."""


class NodeCard(VGroup):
    """One node: name, value and gradient, stacked (``beside=False``), or the name with one
    number beside it, the value until the gradient takes its place (``beside=True``)."""

    def __init__(self, latex: str, value: float, gradient: float, theme: Theme,
                 beside: bool) -> None:
        super().__init__()
        self.name: MathTex = formula(latex, theme, BODY_SIZE if beside else NAME_SIZE)
        self.value: Text = word(on_graph(value), theme.function, PROSE_SIZE)
        self.gradient: Text = word(on_graph(gradient), theme.derivative, PROSE_SIZE)
        self.swaps = beside
        """True when the gradient takes the value's place (tall frames have room for one)."""
        numbers = VGroup(self.value, self.gradient)
        if beside:
            for number in numbers:
                number.next_to(self.name, RIGHT, buff=2 * GAP)
        else:
            numbers.arrange(DOWN, buff=GAP)
            numbers.next_to(self.name, DOWN, buff=GAP)
        self.add(self.name, self.value, self.gradient)

    def box(self) -> Box:
        """The card's extent."""
        return Box(self.get_left()[0], self.get_right()[0], self.get_bottom()[1],
                   self.get_top()[1])


def _exit(centre: np.ndarray, toward: np.ndarray, box: Box) -> np.ndarray:
    """Where the segment from ``centre`` (inside ``box``) toward ``toward`` leaves the box."""
    direction = toward - centre
    limits = []
    for axis, (low, high) in enumerate(((box.left, box.right), (box.bottom, box.top))):
        if abs(direction[axis]) > 1e-9:
            bound = high if direction[axis] > 0 else low
            limits.append((bound - centre[axis]) / direction[axis])
    return centre + direction * min(min(limits, default=1.0), 1.0)


def _shared(a: Box, b: Box) -> float:
    """The area two boxes share."""
    width = min(a.right, b.right) - max(a.left, b.left)
    height = min(a.top, b.top) - max(a.bottom, b.bottom)
    return max(width, 0.0) * max(height, 0.0)


class BackpropGraph(VGroup):
    """The whole graph of a backprop lesson, laid out in ``region``.

    Parameters
    ----------
    facts : BackpropFacts
        Nodes (in forward order) and edges with their local derivatives.
    region : Box
        Where the graph goes.
    downward : bool
        True for a graph that reads top to bottom (tall frames), False for left to right.
    theme : Theme
        Colours.

    Attributes
    ----------
    cards : dict of str to NodeCard
        By node key.
    arrows, labels : dict of (source, target, slot) to Arrow and to its label
        The edges, and the local derivative on each (a Text on a background patch).
    """

    def __init__(self, facts: BackpropFacts, region: Box, downward: bool, theme: Theme) -> None:
        super().__init__()
        self.facts = facts
        self.cards = {node.key: NodeCard(node.latex, node.value, node.gradient, theme,
                                         beside=downward) for node in facts.nodes}
        spots = layered([(n.key, n.layer, n.operands) for n in facts.nodes])
        width = max(card.width for card in self.cards.values())
        height = max(card.height for card in self.cards.values())
        for key, card in self.cards.items():
            spot = spots[key]
            if downward:
                x = region.left + spot.across * region.width
                y = region.top - height / 2 - spot.along * (region.height - height)
            else:
                x = region.left + width / 2 + spot.along * (region.width - width)
                y = region.top - spot.across * region.height
            x = min(max(x, region.left + card.width / 2), region.right - card.width / 2)
            y = min(max(y, region.bottom + card.height / 2), region.top - card.height / 2)
            card.move_to(np.array([x, y, 0.0]))
        self.arrows: dict[tuple[str, str, int], Arrow] = {}
        self.labels: dict[tuple[str, str, int], VGroup] = {}
        self.texts: dict[tuple[str, str, int], Text] = {}
        for edge in facts.edges:
            self._add_edge(edge, theme)
        self.add(*self.arrows.values(), *self.cards.values(), *self.labels.values())

    def _add_edge(self, edge: GraphEdge, theme: Theme) -> None:
        source, target = self.cards[edge.source], self.cards[edge.target]
        a, b = source.name.get_center(), target.name.get_center()
        start = _exit(a, b, source.box())
        end = _exit(b, a, target.box())
        along = (end - start) / max(float(np.linalg.norm(end - start)), 1e-9)
        arrow = Arrow(start + GAP * along, end - GAP * along, buff=0, color=theme.muted,
                      stroke_width=3, max_tip_length_to_length_ratio=0.12, tip_length=0.16)
        text = word(edge_label(edge.local), theme.derivative, PROSE_SIZE)
        text.move_to(self._label_spot(start, end, text))
        patch = BackgroundRectangle(text, color=theme.background, fill_opacity=1.0, buff=0.04)
        key = (edge.source, edge.target, edge.slot)
        self.arrows[key] = arrow
        self.texts[key] = text
        self.labels[key] = VGroup(patch, text)

    def _label_spot(self, start: np.ndarray, end: np.ndarray, text: Text) -> np.ndarray:
        """Where an edge's label goes: on the arrow, as near its middle as it can be without
        touching a card or another label (or, failing that, where it touches the least)."""
        along = end - start
        normal = np.array([-along[1], along[0], 0.0]) / max(float(np.linalg.norm(along)), 1e-9)
        taken = [card.box() for card in self.cards.values()]
        taken += [Box(t.get_left()[0], t.get_right()[0], t.get_bottom()[1], t.get_top()[1])
                  for t in self.texts.values()]
        best, least = (start + end) / 2, np.inf
        for share in (0.5, 0.4, 0.6, 0.3, 0.7, 0.2, 0.8):
            for side in (0.0, 1.0, -1.0):
                centre = start + share * along + side * (text.height / 2 + 0.12) * normal
                box = Box(centre[0] - text.width / 2 - 0.04, centre[0] + text.width / 2 + 0.04,
                          centre[1] - text.height / 2 - 0.04, centre[1] + text.height / 2 + 0.04)
                touched = sum(_shared(box, other) for other in taken)
                if touched < least - 1e-9:
                    best, least = centre, touched
                if least == 0:
                    return best
        return best

    def skeleton(self) -> list:
        """What the graph beat shows: the names and the arrows, no numbers yet."""
        return [*self.arrows.values(), *(card.name for card in self.cards.values())]

    def incoming(self, key: str) -> list[Arrow]:
        """The arrows into node ``key``."""
        return [arrow for (_, target, _), arrow in self.arrows.items() if target == key]

    def outgoing(self, key: str) -> list[tuple[Arrow, VGroup]]:
        """The arrows out of node ``key``, each with its label."""
        return [(arrow, self.labels[edge]) for edge, arrow in self.arrows.items() if edge[0] == key]
