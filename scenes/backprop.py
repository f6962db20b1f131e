"""Backpropagation: the chain rule run backwards through a computation graph.

Storyboard: pose the question (the loss depends on several parameters: how do we get every
slope at once?), draw the loss as a computation graph read off its expression tree, run the
forward pass node by node from the leaves to the loss, run the backward pass from the loss
back to the leaves edge by edge (each edge shows its local derivative, each node its gradient
as the pass reaches it), take one update step of the parameters with the learning rate, and
end on the takeaway: this is the chain rule run backwards, and it is what frameworks do.

Wide frames lay the graph out left to right; tall and square ones top to bottom, using the
title's band once the question has been asked.

Render the default lesson with ``manim -ql scenes/backprop.py BackpropScene``.
"""

from __future__ import annotations

from typing import ClassVar

from manim import DOWN, Animation, FadeIn, FadeOut, Mobject, VGroup, Write

from derivanim.backprop import BackpropFacts
from derivanim.backprop_words import (
    backward_line,
    captions,
    forward_line,
    shown,
    update_short_tex,
    update_tex,
)
from derivanim.numbers import number
from scenes.kit.computation_graph import BackpropGraph
from scenes.kit.fit import fit_width
from scenes.kit.layout import Box
from scenes.kit.lesson_scene import LessonScene
from scenes.kit.motion import fade_in, fade_out, in_turn
from scenes.kit.text import BODY_SIZE, formula


class BackpropScene(LessonScene):
    """A loss as a graph: values flow forward, gradients flow back, the parameters step."""

    kind = "backprop"
    forward_budget: ClassVar[float] = 12.0
    """Seconds shared by the operations of the forward pass."""
    backward_budget: ClassVar[float] = 18.0
    """Seconds shared by the nodes of the backward pass."""
    longest_step: ClassVar[float] = 2.2
    """Most seconds one node of a pass takes (its play and the pause after it)."""

    def construct(self) -> None:
        """The storyboard: one method per beat."""
        self.build()
        self.pose_question()
        self.show_graph()
        self.run_forward()
        self.run_backward()
        self.take_a_step()
        self.conclude()

    # ---- build every object once --------------------------------------------------------
    def build(self) -> None:
        """Compute the regions and build the graph, the formulas and the update lines once."""
        layout = self.layout
        facts: BackpropFacts = self.facts.facts  # type: ignore[assignment]
        self.backprop = facts
        self.words = captions(facts)
        self.title = self.title_text(self.lesson.title)
        safe = layout.safe
        top = safe.top if layout.stacked else layout.graph.top
        self.region = Box(safe.left, safe.right, layout.prose.top + 0.15, top)
        self.graph = BackpropGraph(facts, self.region, layout.stacked, self.theme)
        self.loss_tex = self.loss_lines(facts)
        parameters = [n for n in facts.nodes if n.role == "parameter"]
        inputs = [n for n in facts.nodes if n.role == "input"]
        rows = [",\\ ".join(f"{n.latex} = {shown(n.value)}" for n in group)
                for group in (parameters, inputs) if group]
        one_row = formula(",\\ ".join(rows), self.theme, BODY_SIZE)
        if one_row.width <= self.region.width:
            self.values_tex = one_row
        else:
            self.values_tex = VGroup(*[formula(row, self.theme, BODY_SIZE) for row in rows])
            self.values_tex.arrange(DOWN, buff=0.25)
        question = VGroup(self.loss_tex, self.values_tex).arrange(DOWN, buff=0.4)
        question.move_to(Box(safe.left, safe.right, self.region.bottom,
                             layout.title.bottom - 0.2).center)
        self.question = question
        lines = [formula(update_tex(step, facts.learning_rate), self.theme, BODY_SIZE)
                 for step in facts.update]
        if any(line.width > self.region.width for line in lines):
            lines = [formula(update_short_tex(step), self.theme, BODY_SIZE)
                     for step in facts.update]
        if facts.loss_after is not None:
            lines.append(formula(rf"L: {shown(facts.value)} \to {shown(facts.loss_after)}",
                                 self.theme, BODY_SIZE, self.theme.highlight))
        self.update_lines = VGroup(*lines).arrange(DOWN, buff=0.35)
        self.rule = formula(r"\frac{\partial L}{\partial u} = \sum_{u \to v} "
                            r"\frac{\partial v}{\partial u}\,\frac{\partial L}{\partial v}",
                            self.theme, BODY_SIZE)
        closing = VGroup(self.update_lines, self.rule).arrange(DOWN, buff=0.6)
        closing.move_to(self.region.center)

    # ---- beats --------------------------------------------------------------------------
    def pose_question(self) -> None:
        """The loss, its parameters and data, and the question."""
        self.beat("question", self.words["question"])
        self.play(FadeIn(self.title), Write(self.loss_tex), run_time=1.5)
        self.play(FadeIn(self.values_tex),
                  *self.say_first("Every parameter needs its slope. All at once?",
                                  "Every slope, all at once?"), run_time=1.2)
        self.pause(3.5)

    def show_graph(self) -> None:
        """The graph's names and arrows: one node per operation."""
        self.beat("graph", self.words["graph"])
        leaving = [fade_out(self.question, *([self.title] if self.layout.stacked else []))]
        self.play(in_turn(leaving, [fade_in(*self.graph.skeleton())]),
                  *self.say("One node per operation."), run_time=2.0)
        self.pause(4)

    def run_forward(self) -> None:
        """Values flow from the leaves to the loss, one operation at a time."""
        facts, graph = self.backprop, self.graph
        self.beat("forward", self.words["forward"])
        leaves = [graph.cards[n.key].value for n in facts.nodes if n.role != "operation"]
        self.play(fade_in(*leaves), *self.say_first("Forward: the leaves hold the numbers.", "Forward pass."),
                  run_time=1.2)
        self.pause(1)
        operations = [n for n in facts.nodes if n.role == "operation"]
        step = min(self.longest_step, self.forward_budget / len(operations))
        for node in operations:
            arrows = graph.incoming(node.key)
            self.play(*[arrow.animate.set_color(self.theme.function) for arrow in arrows],
                      FadeIn(graph.cards[node.key].value),
                      *self.say_first(forward_line(node), f"{node.name} = {shown(node.value)}"),
                      run_time=0.55 * step)
            self.wait(0.45 * step)
        self.play(*[arrow.animate.set_color(self.theme.muted) for arrow in graph.arrows.values()],
                  run_time=0.5)

    def run_backward(self) -> None:
        """Gradients flow from the loss back to the leaves, edge by edge."""
        facts, graph = self.backprop, self.graph
        self.beat("backward", self.words["backward"])
        root = facts.nodes[-1]
        self.play(self.show_gradient(root.key),
                  *self.say("Backward: dL/dL = 1."), run_time=1.2)
        self.pause(1)
        rest = list(reversed(facts.nodes[:-1]))
        step = min(self.longest_step, self.backward_budget / len(rest))
        for node in rest:
            outgoing = graph.outgoing(node.key)
            self.play(*[arrow.animate.set_color(self.theme.derivative) for arrow, _ in outgoing],
                      *[FadeIn(label) for _, label in outgoing],
                      run_time=0.35 * step)
            self.play(self.show_gradient(node.key),
                      *self.say_first(backward_line(facts, node),
                                      f"dL/d{node.name} = {shown(node.gradient)}"),
                      run_time=0.35 * step)
            self.wait(0.3 * step)
        self.pause(1)

    def take_a_step(self) -> None:
        """Each parameter steps against its gradient, scaled by the learning rate."""
        facts = self.backprop
        self.beat("update", self.words["update"])
        self.play(in_turn([fade_out(*self.scenery())], [fade_in(self.update_lines[0])]),
                  *self.say_first(f"Step: new = old - {number(facts.learning_rate)} × gradient.",
                                  f"Step: η = {number(facts.learning_rate)}."),
                  run_time=1.8)
        self.pause(1)
        for line in self.update_lines[1:]:
            self.play(FadeIn(line), run_time=1.0)
            self.pause(1)
        self.pause(1)

    def conclude(self) -> None:
        """The rule the backward pass ran, and the takeaway."""
        self.beat("takeaway", self.words["takeaway"])
        self.play(FadeIn(self.rule),
                  *self.say("The chain rule, run backwards.", color=self.theme.highlight),
                  run_time=1.5)
        self.pause(2)
        self.play(*self.say("It is what frameworks do."), run_time=1.0)
        self.pause(3)

    # ---- helpers -------------------------------------------------------------------------
    def loss_lines(self, facts: BackpropFacts) -> VGroup:
        """The loss as one formula, or (too wide for the frame) as the graph's definitions
        from the loss back, one a line: L = r², r = y - ŷ, ŷ = wx + b."""
        color = self.theme.function
        whole = formula(f"L = {self.facts.function_latex}", self.theme, BODY_SIZE, color)
        if whole.width <= self.region.width:
            return VGroup(whole)
        steps = [n for n in reversed(facts.nodes) if n.role == "operation" and n.formula != n.name]
        lines = VGroup(*[formula(n.formula_latex, self.theme, BODY_SIZE, color) for n in steps])
        if len(lines) <= 4 and lines.arrange(DOWN, buff=0.2).width <= self.region.width:
            return lines
        return VGroup(fit_width(whole, self.region.width))

    def show_gradient(self, key: str) -> Animation:
        """The node's gradient appears (in tall frames in place of its value, which leaves
        first)."""
        card = self.graph.cards[key]
        if card.swaps:
            return in_turn([FadeOut(card.value)], [FadeIn(card.gradient)])
        return FadeIn(card.gradient)

    def scenery(self) -> list[Mobject]:
        """Everything on screen except the title and the prose (what a new beat clears away)."""
        keep = {id(self.title), id(self._prose)}
        return [m for m in self.mobjects if id(m) not in keep]
