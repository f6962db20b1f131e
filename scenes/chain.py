"""The chain rule: a composite's local stretch factor is the product of its parts' factors.

Storyboard: pose the question (how fast does y = f(g(x)) change with x?), split the composite
into its inner and outer functions, draw the computation graph x --g--> u --f--> y with each
edge labelled by its local derivative, then carry a small interval around x onto the u line
(stretched by g'(x)) and on to the y line (stretched again by f'(u)), multiply the two factors,
write the rule f'(g(x)) * g'(x), and end on the takeaway.

Every number comes from the lesson's facts; the number lines are zoomed around x, u and y so
that each interval and its image fit, at one shared scale whenever the images allow it.

Render the default lesson with ``manim -ql scenes/chain.py ChainScene``.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import ClassVar

import numpy as np
from manim import (
    DOWN,
    LEFT,
    RIGHT,
    Create,
    FadeIn,
    FadeOut,
    GrowArrow,
    MathTex,
    ReplacementTransform,
    TransformFromCopy,
    ValueTracker,
    VGroup,
    Write,
)

from derivanim.chain import ChainFacts
from derivanim.expressions import parse_expression, to_text
from derivanim.report import number
from derivanim.sampling import numeric_function
from derivanim.viewport import nice_step
from scenes.kit.layout import Box
from scenes.kit.lesson_scene import LessonScene
from scenes.kit.text import BODY_SIZE, LABEL_SIZE, Readout, formula
from scenes.kit.widgets import ComputationGraph, NumberLineStack
from scenes.stretch import (
    Beam,
    IntervalArrow,
    Range,
    baseline_at,
    carried,
    drive,
    honest_half_width,
    keep_fresh,
    reading_decimals,
    sample_piece,
    say_first,
    shown,
)


def piece_range(values: Sequence[float], base_span: float, ticks: int = 6, room: float = 1.5) -> Range:
    """A number line's range around a piece: ``base_span`` wide unless the piece needs more.

    Lines that need no more than the base span all get exactly the same span (so, drawn at the
    same length, the same scale); a piece too long for it widens its own line (zooms out) to
    ``room`` times the piece's length, with ticks to match.

    Examples
    --------
    >>> piece_range([1.15, 1.25], 1.0), piece_range([1.3225, 1.5625], 1.0)
    ((0.6, 1.8, 0.2), (0.8, 2.0, 0.2))
    >>> piece_range([10.72, 25.21], 1.0)
    (5.0, 35.0, 5.0)
    """
    low, high = float(min(values)), float(max(values))
    span = max(base_span, (high - low) * room)
    step = nice_step(span, ticks)
    count = math.ceil(span / step - 1e-9) + 1
    start = math.floor(((low + high) / 2 - span / 2) / step + 1e-9) * step
    return float(round(start, 12)), float(round(start + count * step, 12)), step


def scale_phrase(factor: float) -> str:
    """What multiplying lengths by a factor does, in plain words with the factor's value.

    Examples
    --------
    >>> scale_phrase(2.4), scale_phrase(0.1304237), scale_phrase(-3.0), scale_phrase(0.0)
    ('stretches it by 2.4', 'squishes it by 0.1304', 'flips it and stretches by 3', 'collapses it to a point')
    """
    if factor == 0:
        return "collapses it to a point"
    size = abs(factor)
    verb = "stretches" if size > 1 else "squishes" if size < 1 else "keeps its length"
    if verb == "keeps its length":
        return "flips it, same length" if factor < 0 else "keeps its length"
    if factor < 0:
        return f"flips it and {verb} by {shown(size)}"
    return f"{verb} it by {shown(size)}"


class ChainScene(LessonScene):
    """An interval around x is stretched by g'(x) onto the u line, then by f'(u) onto the y line."""

    kind = "chain"
    travel_time: ClassVar[float] = 2.0
    """Seconds for an interval to travel onto the next line."""
    base_span: ClassVar[float] = 1.0
    """The x line shows about this many units around x (u and y lines too, unless zoomed out)."""
    half_widths: ClassVar[tuple[float, ...]] = (0.1, 0.05, 0.025, 0.0125, 0.005, 0.002)
    """Candidate half-widths dx, as fractions of the base span (widest honest one wins)."""
    honesty: ClassVar[float] = 0.05
    """Largest relative error allowed between an image's length and factor * 2dx."""
    row_gap: ClassVar[float] = 0.7
    """Distance between panel rows in wide frames."""

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
        theme, facts = self.theme, self.chain
        self.composite_tex = formula(rf"y = {self.facts.function_latex}", theme, BODY_SIZE)
        self.inner_tex = formula(rf"u = g(x) = {facts.inner_latex}", theme, BODY_SIZE, theme.input_line)
        self.outer_tex = formula(rf"y = f(u) = {facts.outer_latex}", theme, BODY_SIZE, theme.output_line)
        generic = r"y' = f'(g(x)) \cdot g'(x)" if self.layout.stacked else r"\frac{dy}{dx} = f'(g(x)) \cdot g'(x)"
        self.rule_rows = [formula(generic, theme, BODY_SIZE), formula(rf"= {facts.chain_latex}", theme, BODY_SIZE)]

    def graph_boxes(self) -> tuple[Box, Box]:
        """Where the computation graph and the number lines go (the lines replace the graph
        when the frame is stacked)."""
        graph = self.layout.graph
        if self.layout.stacked:
            return Box(graph.left, graph.right, graph.bottom + 0.3, graph.top - 0.6), graph
        top = Box(graph.left, graph.right, graph.top - 1.45, graph.top)
        return top, Box(graph.left, graph.right, graph.bottom, graph.top - 1.65)

    def build_graph(self) -> None:
        theme, facts = self.theme, self.chain
        box, _ = self.graph_boxes()
        colors = (theme.input_line, theme.text, theme.output_line)
        edges = (rf"g' = {facts.inner_derivative_latex}", rf"f' = {facts.outer_derivative_latex}")
        graph = ComputationGraph(("x", "u", "y"), edges, box, theme, colors)
        if not self.graph_fits(graph, box):
            graph = ComputationGraph(("x", "u", "y"), (facts.inner_derivative_latex,
                                                       facts.outer_derivative_latex), box, theme, colors)
        self.graph = graph
        self.map_names = VGroup(*[
            formula(name, theme, LABEL_SIZE, theme.muted).next_to(arrow, DOWN, buff=0.1)
            for name, arrow in zip(("g", "f"), graph.arrows)
        ])
        if self.layout.stacked:
            self.composite_tex.move_to(np.array([box.center[0], self.layout.graph.top - 0.3, 0.0]))

    @staticmethod
    def graph_fits(graph: ComputationGraph, box: Box) -> bool:
        """Edge labels inside the box and clear of each other and of the nodes."""
        labels = list(graph.edge_labels)
        if graph.get_left()[0] < box.left - 1e-6 or graph.get_right()[0] > box.right + 1e-6:
            return False
        for index, label in enumerate(labels):
            neighbours = [graph.nodes[index], graph.nodes[index + 1], *labels[index + 1:]]
            for other in neighbours:
                if (label.get_right()[0] + 0.15 > other.get_left()[0]
                        and other.get_right()[0] + 0.15 > label.get_left()[0]
                        and label.get_top()[1] > other.get_bottom()[1]
                        and other.get_top()[1] > label.get_bottom()[1]):
                    return False
        return True

    def build_lines(self) -> None:
        theme = self.theme
        _, box = self.graph_boxes()
        colors = (theme.input_line, theme.text, theme.output_line)
        self.stack = NumberLineStack(self.ranges, ("x", "u", "y"), colors, box, theme, self.glyphs)
        self.piece_points = [self.points_on(index, values) for index, values in enumerate(self.piece_values)]
        self.t1 = ValueTracker(0.0)
        self.t2 = ValueTracker(0.0)
        self.x_arrow = IntervalArrow(theme.highlight)
        self.u_arrow = IntervalArrow(theme.highlight)
        self.y_arrow = IntervalArrow(theme.highlight)
        self.inner_beam = Beam(theme.highlight)
        self.outer_beam = Beam(theme.highlight)

    def points_on(self, index: int, values: np.ndarray) -> np.ndarray:
        """Scene points (N x 3) of many values on line ``index`` of the stack."""
        low, high = self.ranges[index][:2]
        start, end = self.stack.point(index, low), self.stack.point(index, high)
        alphas = (np.asarray(values, dtype=float) - low) / (high - low)
        return start + np.outer(alphas, end - start)

    def value_on(self, index: int, point: np.ndarray) -> float:
        """The value at a scene point of line ``index`` (the inverse of :meth:`points_on`)."""
        low, high = self.ranges[index][:2]
        start, end = self.stack.point(index, low), self.stack.point(index, high)
        return low + (high - low) * float(point[0] - start[0]) / float(end[0] - start[0])

    def build_readouts(self) -> None:
        theme, glyphs, at = self.theme, self.glyphs, self.chain.at
        color = theme.derivative

        def readout(value: float, tone: str = color) -> Readout:
            decimals = reading_decimals(value)
            text = f"{value:.{decimals}f}"
            return Readout(glyphs, value, decimals, len(text), tone)

        self.g_name = formula(rf"g'({number(at.x)}) =", theme, BODY_SIZE, color)
        self.f_name = formula(rf"f'({number(at.inner_value)}) =", theme, BODY_SIZE, color)
        self.g_value = readout(at.inner_slope)
        self.f_value = readout(at.outer_slope)
        self.product_g = readout(at.inner_slope)
        self.product_f = readout(at.outer_slope)
        self.total_value = readout(at.total, theme.highlight)
        self.times = formula(r"\times", theme, BODY_SIZE)
        self.equals = formula(r"=", theme, BODY_SIZE)

    # ---- placing the panel --------------------------------------------------------------
    def panel_rows(self) -> list[np.ndarray]:
        """Left-centre points of the panel's rows (six in wide frames, two when stacked)."""
        box = self.layout.panel
        if self.layout.stacked:
            return [np.array([box.left, box.top - 0.3, 0.0]), np.array([box.left, box.bottom + 0.3, 0.0])]
        return [np.array([box.left, box.top - 0.35 - self.row_gap * i, 0.0]) for i in range(6)]

    def arrange_panel(self) -> None:
        rows = self.panel_rows()
        stacked = self.layout.stacked
        if not stacked:
            self.composite_tex.move_to(rows[0], aligned_edge=LEFT)
        split_rows = (rows[0], rows[1]) if stacked else (rows[1], rows[2])
        self.inner_tex.move_to(split_rows[0], aligned_edge=LEFT)
        self.outer_tex.move_to(split_rows[1], aligned_edge=LEFT)
        factor_rows = (rows[0], rows[1]) if stacked else (rows[3], rows[4])
        for name, value, row in ((self.g_name, self.g_value, factor_rows[0]),
                                 (self.f_name, self.f_value, factor_rows[1])):
            name.move_to(row, aligned_edge=LEFT)
            value.move_anchor_to(np.array([name.get_right()[0] + 0.2, baseline_at(name, 3), 0.0]))
        self.arrange_product(rows)
        if stacked:
            self.rule_rows[0].move_to(rows[0], aligned_edge=LEFT)
            self.rule_rows[1].move_to(rows[1], aligned_edge=LEFT)
        else:  # from the top of the panel down, where the composite and its split were
            top = self.layout.panel.top
            for row in self.rule_rows:
                row.move_to(np.array([rows[0][0], top - row.height / 2, 0.0]), aligned_edge=LEFT)
                top -= row.height + 0.2

    def arrange_product(self, rows: list[np.ndarray]) -> None:
        """g' x f' = total on one row, or on two when the panel is too narrow."""
        box = self.layout.panel
        digit_middle = self.glyphs.height / 2
        gap = 0.2
        first_row = rows[0] if self.layout.stacked else rows[5]
        widths = [self.glyphs.width_of(r.text()) for r in (self.product_g, self.product_f, self.total_value)]
        one_row = (sum(widths) + self.times.width + self.equals.width + 4 * gap) <= box.width
        baseline = first_row[1] - digit_middle
        x = box.left
        self.product_g.move_anchor_to(np.array([x, baseline, 0.0]))
        x += widths[0] + gap
        self.times.move_to(np.array([x + self.times.width / 2, baseline + digit_middle, 0.0]))
        x += self.times.width + gap
        self.product_f.move_anchor_to(np.array([x, baseline, 0.0]))
        x += widths[1] + gap
        if not one_row:
            baseline = rows[1][1] - digit_middle if self.layout.stacked else first_row[1] - self.row_gap
            x = box.left
        self.equals.move_to(np.array([x + self.equals.width / 2, baseline + digit_middle, 0.0]))
        x += self.equals.width + gap
        self.total_value.move_anchor_to(np.array([x, baseline, 0.0]))

    def add_updaters(self) -> None:
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
        spans = [high - low for low, high, _ in self.ranges]
        return spans[index] > spans[index - 1] * 1.01

    def step_phrases(self, index: int, name: str, factor: float) -> list[str]:
        """Prose for one step's factor, longest first, noting a zoomed-out line."""
        phrases = [f"Step {index}: {name} {scale_phrase(factor)}.", f"Step {index}: factor {shown(factor)}.",
                   f"Step {index}: a factor."]
        if self.zoomed(index):
            line = "uy"[index - 1]
            phrases = [f"Step {index}: ×{shown(factor)}, {line} line zoomed out.",
                       f"Step {index}: ×{shown(factor)} (zoomed out).", *phrases]
        return phrases

    # ---- beats --------------------------------------------------------------------------
    def pose_question(self) -> None:
        self.beat(
            "The question",
            f"y = {to_text(self.facts.expression)} is one function built from two. "
            "If x moves a little, how much does y move? In other words: what is dy/dx?",
        )
        title = self.title_text(self.lesson.title)
        self.play(FadeIn(title), Write(self.composite_tex), run_time=1.5)
        self.play(*self.say("How does y change when x moves?"))
        self.pause(2)

    def split_outer_inner(self) -> None:
        facts = self.chain
        self.beat(
            "Inner and outer",
            f"Read it from the inside out. First the inner function makes u = {facts.inner}; "
            f"then the outer function makes y = {facts.outer}.",
        )
        self.play(FadeIn(self.inner_tex, shift=0.1 * DOWN),
                  *self.say("First the inner map, g."))
        self.pause(1)
        self.play(FadeIn(self.outer_tex, shift=0.1 * DOWN),
                  *self.say("Then the outer map, f."))
        self.pause(1.5)

    def draw_graph(self) -> None:
        facts = self.chain
        self.beat(
            "The computation graph",
            f"As a computation: x goes through g to give u, and u goes through f to give y. "
            f"Each step has its own local derivative: g'(x) = {facts.inner_derivative} and "
            f"f'(u) = {facts.outer_derivative}.",
        )
        graph = self.graph
        self.play(FadeIn(graph.nodes), *[GrowArrow(a) for a in graph.arrows], FadeIn(self.map_names),
                  run_time=1.5)
        self.play(FadeIn(graph.edge_labels, shift=0.1 * DOWN),
                  *self.say("Each step has its own slope."))
        self.pause(2)

    def stretch_inner(self) -> None:
        at = self.chain.at
        self.beat(
            "First stretch",
            f"Take a small piece of the x line around x = {number(at.x)}. The inner function "
            f"carries it to the u line around u = {number(at.inner_value)}, and "
            f"{scale_phrase(at.inner_slope)}: that factor is g'({number(at.x)}) = "
            f"{shown(at.inner_slope)}.",
        )
        outgoing = []
        if self.layout.stacked:
            outgoing = [FadeOut(self.composite_tex, self.graph, self.map_names, self.inner_tex, self.outer_tex)]
        self.play(*outgoing, FadeIn(self.stack), run_time=1.2)
        self.add(self.inner_beam, self.outer_beam)
        self.play(FadeIn(self.x_arrow, self.u_arrow),
                  *say_first(self, f"g carries x = {number(at.x)} to u = {number(at.inner_value)}.",
                             f"g carries x to u = {number(at.inner_value)}.", "g carries x to u."))
        self.pause(1)
        drive(self, self.t1, 1.0, self.travel_time)
        self.play(FadeIn(self.g_name, self.g_value), *say_first(self, *self.step_phrases(1, "g", at.inner_slope)))
        self.pause(2)

    def stretch_outer(self) -> None:
        at = self.chain.at
        zoom = " The y line is zoomed out to hold it: read its tick labels." if self.zoomed(2) else ""
        self.beat(
            "Second stretch",
            f"Now the outer function carries that piece from the u line to the y line, and "
            f"{scale_phrase(at.outer_slope)}: the factor is f'(u) evaluated at the inside, "
            f"u = {number(at.inner_value)}, which is {shown(at.outer_slope)}.{zoom}",
        )
        self.add(self.y_arrow)
        drive(self, self.t2, 1.0, self.travel_time)
        self.play(FadeIn(self.f_name, self.f_value), *say_first(self, *self.step_phrases(2, "f", at.outer_slope)))
        self.pause(2)

    def multiply(self) -> None:
        at = self.chain.at
        self.beat(
            "Stretches multiply",
            f"One stretch after the other multiplies: {shown(at.inner_slope)} times "
            f"{shown(at.outer_slope)} is {shown(at.total)}. A piece of the x line comes out "
            f"{shown(abs(at.total))} times as long on the y line: dy/dx = {shown(at.total)}.",
        )
        if self.layout.stacked:
            moves = [FadeOut(self.g_name, self.f_name),
                     ReplacementTransform(self.g_value, self.product_g),
                     ReplacementTransform(self.f_value, self.product_f)]
        else:
            moves = [TransformFromCopy(self.g_value, self.product_g),
                     TransformFromCopy(self.f_value, self.product_f)]
        self.play(*moves, FadeIn(self.times), run_time=1.2)
        self.play(FadeIn(self.equals, self.total_value),
                  *say_first(self, f"Together: {shown(at.inner_slope)} × {shown(at.outer_slope)} "
                                   f"= {shown(at.total)}.", "The two factors multiply."))
        self.pause(2)

    def state_rule(self) -> None:
        facts = self.chain
        self.beat(
            "The chain rule",
            "So the chain rule reads: take the outer function's derivative, evaluated at the "
            "inside, then multiply by the derivative of the inside. "
            f"Here dy/dx = {facts.derivative}.",
        )
        if self.layout.stacked:
            outgoing = [FadeOut(self.product_g, self.times, self.product_f, self.equals, self.total_value)]
        else:
            outgoing = [FadeOut(self.composite_tex, self.inner_tex, self.outer_tex)]
        self.play(*outgoing, FadeIn(self.rule_rows[0]),
                  *say_first(self, "Outer slope at the inside, times inner.",
                             "f' at the inside, times g'."))
        self.pause(1)
        self.play(Write(self.rule_rows[1]), run_time=1.5)
        self.pause(2)

    def conclude(self) -> None:
        self.beat(
            "Takeaway",
            "Composition multiplies local sensitivities: each step stretches small changes by "
            "its own factor, and the factors multiply along the chain. Backpropagation is this "
            "rule, applied step by step through a computation graph.",
        )
        self.play(*say_first(self, "Chained steps multiply their stretches.", "Chained stretches multiply.",
                             color=self.theme.highlight))
        self.pause(3)
