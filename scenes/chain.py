"""The chain rule: a composite's local stretch factor is the product of its parts' factors.

Storyboard: pose the question (how fast does y = f(g(x)) change with x?), split the composite
into its inner and outer functions, draw the computation graph x --g--> u --f--> y with each
edge labelled by its local derivative, then carry a small interval around x onto the u line
(stretched by g'(x)) and on to the y line (stretched again by f'(u)), multiply the two factors,
write the rule f'(g(x)) * g'(x), and end on the takeaway.

Every number comes from the lesson's facts. The three number lines are zoomed around x, u and y
so that each interval and its image fit, at one shared scale whenever the images allow it (a
line that must zoom out to hold a long image says so).

Render the default lesson with ``manim -ql scenes/chain.py ChainScene``.
"""

from __future__ import annotations

from typing import ClassVar

import numpy as np
from manim import (
    DOWN,
    Animation,
    FadeIn,
    FadeOut,
    GrowArrow,
    MathTex,
    Mobject,
    ReplacementTransform,
    ValueTracker,
    VGroup,
    Write,
)

from derivanim.chain import (
    ChainFacts,
    piece_range,
    scale_phrase,
    step_phrases,
    zoom_note,
    zoomed_out,
)
from derivanim.expressions import parse_expression, to_text
from derivanim.number_lines import carried, honest_half_width, sample_piece
from derivanim.numbers import number
from derivanim.sampling import numeric_function
from derivanim.stretch import reading_decimals, shown
from scenes.kit.graph import ComputationGraph
from scenes.kit.layout import Box
from scenes.kit.lesson_scene import LessonScene
from scenes.kit.motion import in_turn, keep_fresh
from scenes.kit.number_line import Beam, IntervalArrow, NumberAxis
from scenes.kit.rows import baseline_at, rows_height, stack_rows
from scenes.kit.text import BODY_SIZE, LABEL_SIZE, Readout, formula
from scenes.kit.trackers import drive


class ChainScene(LessonScene):
    """An interval around x is stretched by g'(x) onto the u line, then by f'(u) onto the y line."""

    kind = "chain"
    travel_time: ClassVar[float] = 2.0
    """Seconds for an interval to travel onto the next line."""
    base_span: ClassVar[float] = 0.5
    """The x line shows about this many units around x (u and y too, unless zoomed out)."""
    half_widths: ClassVar[tuple[float, ...]] = (0.2, 0.1, 0.05, 0.025, 0.01, 0.004)
    """Candidate half-widths dx, as fractions of the base span (widest honest one wins)."""
    honesty: ClassVar[float] = 0.05
    """Largest relative error allowed between an image's length and factor * 2dx."""
    graph_height: ClassVar[float] = 1.45
    """Height of the computation graph's strip above the lines in wide frames."""

    def construct(self) -> None:
        self.build()
        self.pose_question()
        self.split_outer_inner()
        self.draw_graph()
        self.stretch_inner()
        self.stretch_outer()
        self.multiply()
        self.state_rule()
        self.conclude()

    # ---- build every object once --------------------------------------------------------
    def build(self) -> None:
        """Compute the picture's numbers and build every mobject the lesson shows."""
        facts: ChainFacts = self.facts.facts  # type: ignore[assignment]
        self.chain = facts
        at = facts.at
        variable = self.facts.variable
        inner = parse_expression(facts.inner, variable=variable.name, field="inner")
        self.g = numeric_function(inner, variable)
        self.composite = numeric_function(self.facts.expression, variable)
        self.dx = honest_half_width(
            [(self.g, at.inner_slope), (self.composite, at.total)], [at.x, at.x],
            [fraction * self.base_span for fraction in self.half_widths], self.honesty,
        )
        piece = sample_piece(at.x, self.dx)
        self.piece_values = [piece, self.g(piece), self.composite(piece)]
        self.ranges = [piece_range(values, self.base_span) for values in self.piece_values]
        self.build_formulas()
        self.build_graph()
        self.build_lines()
        self.build_readouts()
        self.arrange_panel()
        self.add_updaters()

    def build_formulas(self) -> None:
        """The composite, its split into inner and outer, and the chain rule."""
        theme, facts = self.theme, self.chain
        self.composite_tex = formula(rf"y = {self.facts.function_latex}", theme, BODY_SIZE)
        self.inner_tex = formula(rf"u = g(x) = {facts.inner_latex}", theme, BODY_SIZE,
                                 theme.input_line)
        self.outer_tex = formula(rf"y = f(u) = {facts.outer_latex}", theme, BODY_SIZE,
                                 theme.output_line)
        self.rule_rows = self.fitted_rule()

    def fitted_rule(self) -> list[MathTex]:
        """The rule's rows: the general form then this function's, or fewer rows if need be."""
        theme, chain = self.theme, self.chain.chain_latex
        box = self.layout.panel
        generic = r"y' = f'(g(x)) \cdot g'(x)" if self.layout.stacked else \
            r"\frac{dy}{dx} = f'(g(x)) \cdot g'(x)"
        outer, _, inner = chain.rpartition(r" \cdot ")
        candidates = [[generic, rf"= {chain}"], [rf"y' = {chain}"],
                      [rf"y' = {outer}", rf"\cdot {inner}"]]
        room = box.height if self.layout.stacked else box.height / 2
        for texts in candidates:
            rows = [formula(tex, theme, BODY_SIZE) for tex in texts]
            if max(r.width for r in rows) <= box.width and rows_height(rows) <= room + 0.2:
                return rows
        return [formula(tex, theme, BODY_SIZE) for tex in candidates[0]]

    def graph_boxes(self) -> tuple[Box, Box]:
        """Where the computation graph and the number lines go (the lines replace the graph
        when the frame is stacked)."""
        graph = self.layout.graph
        if self.layout.stacked:
            return Box(graph.left, graph.right, graph.bottom + 0.3, graph.top - 0.6), graph
        strip = Box(graph.left, graph.right, graph.top - self.graph_height, graph.top)
        return strip, Box(graph.left, graph.right, graph.bottom, strip.bottom - 0.2)

    def build_graph(self) -> None:
        """The computation graph x --g--> u --f--> y, edges labelled with local derivatives."""
        theme, facts = self.theme, self.chain
        box, _ = self.graph_boxes()
        colors = (theme.input_line, theme.text, theme.output_line)
        nodes = ("x", "u", "y")
        edges = (rf"g' = {facts.inner_derivative_latex}", rf"f' = {facts.outer_derivative_latex}")
        graph = ComputationGraph(nodes, edges, box, theme, colors)
        if not self.graph_fits(graph, box):
            bare = (facts.inner_derivative_latex, facts.outer_derivative_latex)
            graph = ComputationGraph(nodes, bare, box, theme, colors)
        self.graph = graph
        self.map_names = VGroup(*[
            formula(name, theme, LABEL_SIZE, theme.muted).next_to(arrow, DOWN, buff=0.1)
            for name, arrow in zip(("g", "f"), graph.arrows)
        ])
        if self.layout.stacked:  # the composite sits above the graph; keep them apart
            top = self.layout.graph.top
            self.composite_tex.move_to(np.array([box.center[0], top - 0.3, 0.0]))
            picture = VGroup(graph, self.map_names)
            overlap = picture.get_top()[1] - (self.composite_tex.get_bottom()[1] - 0.2)
            room = picture.get_bottom()[1] - self.layout.graph.bottom
            if overlap > 0:
                picture.shift(DOWN * min(overlap, max(room, 0.0)))

    @staticmethod
    def graph_fits(graph: ComputationGraph, box: Box) -> bool:
        """Edge labels inside the box and clear of each other and of the nodes."""
        labels = list(graph.edge_labels)
        if graph.get_left()[0] < box.left - 1e-6 or graph.get_right()[0] > box.right + 1e-6:
            return False
        for index, label in enumerate(labels):
            for other in [graph.nodes[index], graph.nodes[index + 1], *labels[index + 1:]]:
                if (label.get_right()[0] + 0.3 > other.get_left()[0]
                        and other.get_right()[0] + 0.3 > label.get_left()[0]
                        and label.get_top()[1] > other.get_bottom()[1]
                        and other.get_top()[1] > label.get_bottom()[1]):
                    return False
        return True

    def build_lines(self) -> None:
        """Three number lines x, u, y of equal length, each zoomed around its piece."""
        theme, glyphs = self.theme, self.glyphs
        _, box = self.graph_boxes()
        # u is both an output and an input: a neutral line, so the highlight stands out on it
        colors = (theme.input_line, theme.axes, theme.output_line)
        names = ("x", "u", "y")
        reach = [NumberAxis.overhangs(r, glyphs) for r in self.ranges]
        name_room = max(formula(n, theme, LABEL_SIZE).width for n in names) + 0.3
        left = box.left + name_room + max(r[0] for r in reach)
        right = box.right - max(r[1] for r in reach) - 0.1
        heights = np.linspace(box.top - 0.25, box.bottom + 0.55, 3)
        self.axes = [
            NumberAxis(value_range, np.array([left, y, 0.0]),
                       (right - left) / (value_range[1] - value_range[0]), color, name, theme,
                       glyphs)
            for value_range, y, color, name in zip(self.ranges, heights, colors, names)
        ]
        self.lines = VGroup(*self.axes)
        self.piece_points = [axis.points_of(values)
                             for axis, values in zip(self.axes, self.piece_values)]
        self.t1 = ValueTracker(0.0)
        self.t2 = ValueTracker(0.0)
        self.x_arrow = IntervalArrow(theme.highlight)
        self.u_arrow = IntervalArrow(theme.highlight)
        self.y_arrow = IntervalArrow(theme.highlight)
        self.inner_beam = Beam(theme.highlight)
        self.outer_beam = Beam(theme.highlight)

    def value_on(self, index: int, point: np.ndarray) -> float:
        """The value at a scene point of line ``index`` (0: x, 1: u, 2: y)."""
        return self.axes[index].value_of(point)

    def build_readouts(self) -> None:
        """The two factors (named where they are evaluated) and their product."""
        theme, glyphs, at = self.theme, self.glyphs, self.chain.at
        color = theme.derivative

        def readout(value: float, tone: str = color) -> Readout:
            decimals = reading_decimals(value)
            return Readout(glyphs, value, decimals, len(f"{value:.{decimals}f}"), tone)

        self.g_name = formula(rf"g'({number(at.x)}) =", theme, BODY_SIZE, color)
        self.f_name = formula(rf"f'({number(at.inner_value)}) =", theme, BODY_SIZE, color)
        self.g_value = readout(at.inner_slope)
        self.f_value = readout(at.outer_slope)
        for name, value in ((self.g_name, self.g_value), (self.f_name, self.f_value)):
            value.move_anchor_to(np.array([name.get_right()[0] + 0.2, baseline_at(name, 3), 0.0]))
        self.g_row = VGroup(self.g_name, self.g_value)
        self.f_row = VGroup(self.f_name, self.f_value)
        self.product_g = readout(at.inner_slope)
        self.product_f = readout(at.outer_slope)
        self.total_value = readout(at.total, theme.highlight)
        self.times = formula(r"\times", theme, BODY_SIZE)
        self.equals = formula(r"=", theme, BODY_SIZE)
        self.product_rows = self.product_layout()

    def product_layout(self) -> list[VGroup]:
        """g' x f' = total as one row, or as two rows (... = total below) when too wide."""
        middle = self.glyphs.height / 2
        gap = 0.2

        def row(*parts: Mobject) -> VGroup:
            x = 0.0
            for part in parts:
                if isinstance(part, Readout):
                    part.move_anchor_to(np.array([x, 0.0, 0.0]))
                    x += self.glyphs.width_of(part.text()) + gap
                else:
                    part.move_to(np.array([x + part.width / 2, middle, 0.0]))
                    x += part.width + gap
            return VGroup(*parts)

        parts = (self.product_g, self.times, self.product_f, self.equals, self.total_value)
        whole = row(*parts)
        if whole.width <= self.layout.panel.width:
            return [whole]
        return [row(*parts[:3]), row(*parts[3:])]

    # ---- placing the panel --------------------------------------------------------------
    def arrange_panel(self) -> None:
        """Stacked frames show one group of rows at a time, centred in the panel; wide frames
        keep the formulas on top (the rule replaces them later) and the numbers below."""
        box = self.layout.panel
        if self.layout.stacked:
            for rows in ([self.inner_tex, self.outer_tex], [self.g_row, self.f_row],
                         self.product_rows, self.rule_rows):
                top = box.center[1] + rows_height(rows) / 2
                stack_rows(rows, box.left, min(top, box.top + 0.1))
            return
        formulas_bottom = stack_rows([self.composite_tex, self.inner_tex, self.outer_tex],
                                     box.left, box.top)
        rule_bottom = stack_rows(self.rule_rows, box.left, box.top)
        stack_rows([self.g_row, self.f_row, *self.product_rows], box.left,
                   min(formulas_bottom, rule_bottom) - 0.35)

    def add_updaters(self) -> None:
        """Redraw the three pieces and two beams from the trackers t1 (x to u), t2 (u to y)."""
        x_points, u_points, y_points = self.piece_points

        def follow(_: object) -> None:
            now_u = carried(x_points, u_points, self.t1.get_value())
            now_y = carried(u_points, y_points, self.t2.get_value())
            self.x_arrow.place(x_points[0], x_points[-1])
            for arrow, now in ((self.u_arrow, now_u), (self.y_arrow, now_y)):
                order = np.argsort(now[:, 0])
                arrow.place(now[0], now[-1], now[order[0]], now[order[-1]])
            self.inner_beam.set_corners(x_points[0], x_points[-1], now_u[-1], now_u[0])
            self.outer_beam.set_corners(u_points[0], u_points[-1], now_y[-1], now_y[0])

        self.follow = follow
        self.x_arrow.add_updater(follow)
        keep_fresh(self.u_arrow, self.y_arrow, self.inner_beam, self.outer_beam)
        follow(None)

    def zoomed(self, index: int) -> bool:
        """Whether line ``index`` is zoomed out (a wider range than the line above it) to hold
        its image, so lengths on it look shorter than they are."""
        return zoomed_out(self.ranges, index)

    # ---- beats --------------------------------------------------------------------------
    def pose_question(self) -> None:
        self.beat(
            "question",
            f"y = {to_text(self.facts.expression)} is one function built from two. If x moves "
            "a little, how much does y move? In other words: what is dy/dx?",
        )
        title = self.title_text(self.lesson.title)
        self.play(FadeIn(title), Write(self.composite_tex), run_time=1.5)
        self.play(*self.say("How does y change when x moves?"))
        self.pause(2)

    def split_outer_inner(self) -> None:
        facts = self.chain
        self.beat(
            "split",
            f"Read it from the inside out. First the inner function makes u = {facts.inner}; "
            f"then the outer function makes y = {facts.outer}.",
        )
        self.play(FadeIn(self.inner_tex, shift=0.1 * DOWN), *self.say("First the inner map, g."))
        self.pause(1)
        self.play(FadeIn(self.outer_tex, shift=0.1 * DOWN), *self.say("Then the outer map, f."))
        self.pause(1.5)

    def draw_graph(self) -> None:
        facts = self.chain
        self.beat(
            "graph",
            "As a computation: x goes through g to give u, and u goes through f to give y. "
            f"Each step has its own local derivative: g'(x) = {facts.inner_derivative} and "
            f"f'(u) = {facts.outer_derivative}.",
        )
        graph = self.graph
        self.play(FadeIn(graph.nodes), *[GrowArrow(a) for a in graph.arrows],
                  FadeIn(self.map_names), run_time=1.5)
        self.play(FadeIn(graph.edge_labels, shift=0.1 * DOWN),
                  *self.say("Each step has its own slope."))
        self.pause(2)

    def stretch_inner(self) -> None:
        at = self.chain.at
        self.beat(
            "inner",
            f"Take a small piece of the x line around x = {number(at.x)}. The inner function "
            f"carries it to the u line around u = {number(at.inner_value)}, and "
            f"{scale_phrase(at.inner_slope)}: that factor is g'({number(at.x)}) = "
            f"{shown(at.inner_slope)}." + zoom_note(1, self.zoomed(1)),
        )
        outgoing = []
        if self.layout.stacked:
            outgoing = [FadeOut(self.composite_tex, self.graph, self.map_names, self.inner_tex,
                                self.outer_tex)]
        self.play(in_turn(outgoing, [FadeIn(self.lines)]), run_time=1.2)
        self.add(self.inner_beam, self.outer_beam)
        self.play(FadeIn(self.x_arrow, self.u_arrow),
                  *self.say_first(f"g carries x = {number(at.x)} to u = {number(at.inner_value)}.",
                             f"g carries x to u = {number(at.inner_value)}.", "g carries x to u."))
        self.pause(1)
        drive(self, self.t1, 1.0, self.travel_time)
        phrases = step_phrases(1, "g", at.inner_slope, self.zoomed(1))
        self.play(FadeIn(self.g_row), *self.say_first(*phrases))
        self.pause(2)

    def stretch_outer(self) -> None:
        at = self.chain.at
        self.beat(
            "outer",
            f"Now the outer function carries that piece from the u line to the y line, and "
            f"{scale_phrase(at.outer_slope)}: the factor is f'(u) evaluated at the inside, "
            f"u = {number(at.inner_value)}, which is {shown(at.outer_slope)}."
            + zoom_note(2, self.zoomed(2)),
        )
        self.add(self.y_arrow)
        drive(self, self.t2, 1.0, self.travel_time)
        phrases = step_phrases(2, "f", at.outer_slope, self.zoomed(2))
        self.play(FadeIn(self.f_row), *self.say_first(*phrases))
        self.pause(2)

    def multiply(self) -> None:
        at = self.chain.at
        self.beat(
            "multiply",
            f"One stretch after the other multiplies: {shown(at.inner_slope)} times "
            f"{shown(at.outer_slope)} is {shown(at.total)}. A piece of the x line comes out "
            f"{shown(abs(at.total))} times as long on the y line: dy/dx = {shown(at.total)}.",
        )
        moves: list[Animation]
        if self.layout.stacked:
            moves = [in_turn([FadeOut(self.g_name, self.f_name)],
                             [ReplacementTransform(self.g_value, self.product_g),
                              ReplacementTransform(self.f_value, self.product_f)])]
        else:
            # copies flying from the readouts would cross the formulas between them
            moves = [FadeIn(self.product_g, self.product_f, shift=0.1 * DOWN)]
        self.play(*moves, FadeIn(self.times), run_time=1.2)
        together = f"{shown(at.inner_slope)} × {shown(at.outer_slope)} = {shown(at.total)}"
        self.play(FadeIn(self.equals, self.total_value),
                  *self.say_first(f"Together: {together}.", together, "The factors multiply."))
        self.pause(2)

    def state_rule(self) -> None:
        facts = self.chain
        self.beat(
            "rule",
            "So the chain rule reads: take the outer function's derivative, evaluated at the "
            "inside, then multiply by the derivative of the inside. "
            f"Here dy/dx = {facts.derivative}.",
        )
        if self.layout.stacked:
            outgoing = [FadeOut(self.product_g, self.times, self.product_f, self.equals,
                                self.total_value)]
        else:
            outgoing = [FadeOut(self.composite_tex, self.inner_tex, self.outer_tex)]
        self.play(in_turn(outgoing, [FadeIn(self.rule_rows[0])]),
                  *self.say_first("Outer slope at the inside, times inner.",
                             "f' at the inside, times g'."))
        self.pause(1)
        if len(self.rule_rows) > 1:
            self.play(Write(VGroup(*self.rule_rows[1:])), run_time=1.5)
        self.pause(2)

    def conclude(self) -> None:
        self.beat(
            "takeaway",
            "Composition multiplies local sensitivities: each step stretches small changes by "
            "its own factor, and the factors multiply along the chain. Backpropagation is this "
            "rule, applied step by step through a computation graph.",
        )
        self.play(*self.say_first("Chained steps multiply their stretches.",
                             "Chained stretches multiply.", color=self.theme.highlight))
        self.pause(3)
