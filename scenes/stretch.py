"""The derivative as a local stretch factor: f carries the input number line onto the output.

Storyboard: pose the question (what does f do to a tiny piece of the line?), show f carrying a
handful of points from the input line down to their images, then for each configured point
carry a small interval [x - dx, x + dx] down onto its image [f(x - dx), f(x + dx)] while the
factor f'(x) and its effect (stretch, squish, flip, collapse) appear, sweep x along the line to
see the factor change, and end on the takeaway.

The pieces of this picture (a number line with its own scale, an interval drawn as an arrow so
its orientation shows, a translucent beam from an interval to its image) live in
:mod:`scenes.kit.number_line`; the choice of a small but honest dx and the lines' ranges in
:mod:`derivanim.number_lines`; the factor's wording in :mod:`derivanim.stretch`. The chain-rule
scene shares them.

Render the default lesson with ``manim -ql scenes/stretch.py StretchScene``.
"""

from __future__ import annotations

import math
from typing import ClassVar

import numpy as np
import sympy
from manim import (
    Animation,
    Create,
    Dot,
    FadeIn,
    FadeOut,
    LaggedStart,
    Line,
    MathTex,
    ValueTracker,
    VGroup,
)

from derivanim.number_lines import carried, honest_half_width, padded_range, sample_piece
from derivanim.numbers import number
from derivanim.sampling import numeric_function
from derivanim.stretch import (
    StretchFacts,
    StretchPoint,
    effect_sentence,
    effect_tex,
    piece_phrases,
    reading_decimals,
    readout_slots,
    shown,
)
from scenes.kit.layout import Box
from scenes.kit.lesson_scene import LessonScene
from scenes.kit.motion import in_turn, keep_fresh
from scenes.kit.number_line import Beam, IntervalArrow, NumberAxis, place_two_lines
from scenes.kit.rows import ROW_GAP, baseline_at, rows_height, stack_rows
from scenes.kit.text import BODY_SIZE, LABEL_SIZE, Readout, formula
from scenes.kit.trackers import drive


class StretchScene(LessonScene):
    """A small interval around each point lands on its image, stretched by f'(x)."""

    kind = "stretch"
    slide_time: ClassVar[float] = 1.2
    """Seconds to slide the interval from one point to the next."""
    travel_time: ClassVar[float] = 2.0
    """Seconds for an interval to travel down onto its image."""
    sweep_time: ClassVar[float] = 5.0
    """Seconds to sweep x across the whole input line."""
    half_widths: ClassVar[tuple[float, ...]] = (0.2, 0.15, 0.12, 0.08, 0.05, 0.02)
    """Candidate half-widths dx, as fractions of the input tick step (widest honest one wins)."""
    honesty: ClassVar[float] = 0.05
    """Largest relative error allowed between an image's length and |f'(x)| * 2dx."""
    connector_count: ClassVar[int] = 8
    """Most connectors drawn from input points to their images."""
    wide_panel_height: ClassVar[float] = 1.95
    """Least height kept below the lines in wide frames for the panel's three rows."""

    def construct(self) -> None:
        self.build()
        self.pose_question()
        self.show_the_map()
        for index in range(len(self.stretch.points)):
            self.carry_interval(index)
        self.sweep_x()
        self.conclude()

    # ---- build every object once --------------------------------------------------------
    def build(self) -> None:
        """Compute the picture's numbers and build every mobject the lesson shows."""
        facts: StretchFacts = self.facts.facts  # type: ignore[assignment]
        self.n = facts.notation
        self.stretch = facts
        theme = self.theme
        expression, variable = self.facts.expression, self.facts.variable
        self.f = numeric_function(expression, variable)
        self.f_prime = numeric_function(sympy.diff(expression, variable), variable)
        low, high = facts.input_range
        xs = [p.x for p in facts.points]
        step = padded_range(low, high)[2]
        self.dx = honest_half_width(
            [(self.f, p.factor) for p in facts.points], xs,
            [fraction * step for fraction in self.half_widths], self.honesty,
        )
        self.input_range = padded_range(min(low, min(xs) - self.dx), max(high, max(xs) + self.dx))
        images = [float(v) for x in xs for v in self.f(sample_piece(x, self.dx))]
        out_low = min([facts.output_range[0], *images])
        out_high = max([facts.output_range[1], *images])
        self.output_range = padded_range(out_low, out_high)
        self.build_panel()
        self.place_lines()
        self.build_connectors()
        self.x = ValueTracker(facts.points[0].x)
        self.t = ValueTracker(0.0)
        self.source = IntervalArrow(theme.highlight)
        self.image = IntervalArrow(theme.highlight)
        self.beam = Beam(theme.highlight)
        self.point_dot = Dot(radius=0.08, color=theme.highlight)
        self.arrange_panel()
        self.add_updaters()

    def lines_box(self) -> Box:
        """Where the two lines go: the full width in wide frames, the graph box when stacked.

        Wide frames leave room below the lines for three panel rows beside the prose.
        """
        layout = self.layout
        if layout.stacked:
            return layout.graph
        rows = [self.f_label, self.factor_row, max(self.effect_labels, key=lambda m: m.height)]
        room = max(self.wide_panel_height, rows_height(rows) + 0.55)
        return Box(layout.safe.left, layout.safe.right, layout.safe.bottom + room,
                   layout.graph.top)

    def place_lines(self) -> None:
        """Build the input line (labels above) and the output line (labels below)."""
        box = self.lines_box()
        theme, glyphs = self.theme, self.glyphs
        names = (fr"{self.n.variable}", fr"{self.n.function}")
        ranges = (self.input_range, self.output_range)
        reach = [NumberAxis.overhangs(r, glyphs) for r in ranges]
        name_room = max(formula(n, theme, LABEL_SIZE).width for n in names) + 0.3
        left = box.left + name_room + max(r[0] for r in reach)
        width = box.right - max(r[1] for r in reach) - 0.1 - left
        heights = (box.top - 0.55, box.bottom + 0.55)
        self.placement = place_two_lines(ranges, left, width, heights)
        starts, units = self.placement.starts, self.placement.units
        self.input_axis = NumberAxis(self.input_range, starts[0], units[0], theme.input_line,
                                     names[0], theme, glyphs, labels_up=True)
        self.output_axis = NumberAxis(self.output_range, starts[1], units[1], theme.output_line,
                                      names[1], theme, glyphs, labels_up=False)

    def build_connectors(self) -> None:
        """Thin lines from a few input points to their images: f carries the line."""
        low, high = self.stretch.input_range
        step = self.input_range[2]
        first = math.ceil(low / step - 1e-9)
        last = math.floor(high / step + 1e-9)
        values = [round(k * step, 10) for k in range(first, last + 1)]
        while len(values) > self.connector_count:
            values = values[::2]
        if len(values) < 3:
            values = [float(v) for v in np.linspace(low, high, 5)]
        self.connector_values = values
        self.connectors = VGroup()
        for value in values:
            image = float(self.f(np.array(value)))
            line = Line(self.input_axis.point_of(value), self.output_axis.point_of(image),
                        color=self.theme.muted, stroke_width=2, stroke_opacity=0.55)
            self.connectors.add(line)

    def build_panel(self) -> None:
        """The function, the factor readout, the effect labels and the x readout."""
        theme, glyphs = self.theme, self.glyphs
        facts = self.stretch
        factors = [p.factor for p in facts.points]
        sweep = self.f_prime(np.linspace(*facts.input_range, 401))
        slots = max(readout_slots(factors, 4), readout_slots([*sweep, *factors], 2))
        self.f_label = formula(rf"{self.n.function} = {self.facts.function_latex}", theme, BODY_SIZE,
                               theme.function)
        self.factor_name = formula(fr"{self.n.name}'({self.n.variable}) =", theme, BODY_SIZE, theme.derivative)
        self.factor_value = Readout(glyphs, factors[0], reading_decimals(factors[0]), slots,
                                    theme.derivative)
        self.factor_value.move_anchor_to(np.array(
            [self.factor_name.get_right()[0] + 0.2, baseline_at(self.factor_name, 3), 0.0]))
        self.factor_row = VGroup(self.factor_name, self.factor_value)
        self.x_name = formula(fr"{self.n.variable} =", theme, BODY_SIZE, theme.input_line)
        self.x_value = Readout(glyphs, facts.points[0].x, 2,
                               readout_slots(list(facts.input_range), 2) + 1, theme.input_line)
        self.x_value.move_anchor_to(np.array(
            [self.x_name.get_right()[0] + 0.2, baseline_at(self.x_name, 0), 0.0]))
        self.x_row = VGroup(self.x_name, self.x_value)
        width = self.layout.panel.width if self.layout.stacked else \
            self.layout.prose.left - 0.4 - self.layout.safe.left
        self.effect_labels = [self.effect_label(p, width) for p in facts.points]

    def arrange_panel(self) -> None:
        """Wide frames: the function, the factor and the effect (or x) under the lines, left of
        the prose. Stacked frames: the function alone, later the factor above the effect."""
        tallest = max(self.effect_labels, key=lambda m: m.height)
        if self.layout.stacked:
            box = self.layout.panel
            self.f_label.move_to(np.array([box.left + self.f_label.width / 2, box.center[1], 0.0]))
            top = min(box.center[1] + rows_height([self.factor_row, tallest]) / 2, box.top + 0.1)
        else:
            top = stack_rows([self.f_label], self.layout.safe.left, self.lines_box().bottom - 0.25)
            top -= ROW_GAP
        left = self.layout.panel.left if self.layout.stacked else self.layout.safe.left
        below = stack_rows([self.factor_row], left, top) - ROW_GAP
        for row in (*self.effect_labels, self.x_row):
            stack_rows([row], left, below)

    def effect_label(self, point: StretchPoint, width: float) -> MathTex:
        """The effect of f near a point, in words and the rounded factor (short if need be)."""
        label = formula(effect_tex(point), self.theme, BODY_SIZE, self.theme.highlight)
        if label.width > width:
            label = formula(effect_tex(point, short=True), self.theme, BODY_SIZE,
                            self.theme.highlight)
        return label

    def add_updaters(self) -> None:
        """Redraw the piece, its image, the beam and the readouts from the trackers x and t."""
        inputs, outputs = self.input_axis, self.output_axis

        def follow(_: object) -> None:
            x, t = self.x.get_value(), self.t.get_value()
            piece = sample_piece(x, self.dx)
            source = inputs.points_of(piece)
            now = carried(source, outputs.points_of(self.f(piece)), t)
            if not np.all(np.isfinite(now)):
                return
            self.source.place(source[0], source[-1])
            order = np.argsort(now[:, 0])
            self.image.place(now[0], now[-1], now[order[0]], now[order[-1]])
            self.beam.set_corners(source[0], source[-1], now[-1], now[0])
            slope = float(self.f_prime(np.array(x)))
            if math.isfinite(slope):
                self.factor_value.set_value(slope)
            self.x_value.set_value(x)

        self.follow = follow
        self.source.add_updater(follow)
        keep_fresh(self.image, self.beam, self.factor_value, self.x_value)
        follow(None)

    def show_factor(self, value: float, decimals: int) -> None:
        """Show a factor with the decimals that read it best (fixed while x sweeps)."""
        self.factor_value.decimals = decimals
        self.factor_value.value = float("nan")
        self.factor_value.set_value(value)

    # ---- beats --------------------------------------------------------------------------
    def pose_question(self) -> None:
        self.beat(
            "question",
            f"Think of {self.n.name} as a machine that moves points: every {self.n.variable} on the top line is carried to "
            f"{self.n.function} on the bottom line. What happens to a tiny piece of the line near one point?",
        )
        title = self.title_text(self.lesson.title)
        axes = (self.input_axis, self.output_axis)
        self.play(FadeIn(title), *[Create(a.line) for a in axes],
                  *[FadeIn(a.ticks) for a in axes], run_time=1.5)
        self.play(*[FadeIn(a.labels, a.name_tex) for a in axes], FadeIn(self.f_label))
        self.play(*self.say(f"What does {self.n.name} do to a tiny piece?"))
        self.pause(2)

    def show_the_map(self) -> None:
        pairs = [(v, float(self.f(np.array(v)))) for v in self.connector_values]
        examples = ", ".join(f"{number(v)} goes to {number(fv)}" for v, fv in pairs[:3])
        scale_note = ("" if self.placement.mode != "separate" else
                      " The two lines are drawn at different scales: read the tick labels.")
        self.beat(
            "map",
            f"{self.n.name} sends each input on the top line to its output on the bottom line: {examples}."
            + scale_note,
        )
        self.play(LaggedStart(*[Create(c) for c in self.connectors], lag_ratio=0.15),
                  run_time=2.0)
        self.play(*self.say(f"{self.n.name} carries each {self.n.variable} to {self.n.function} below."))
        self.pause(1.5)

    def carry_interval(self, index: int) -> None:
        point = self.stretch.points[index]
        length = 2 * self.dx
        self.beat(
            f"point {index}",
            f"Take a small piece around {self.n.variable} = {number(point.x)}, of length {number(length)}. "
            f"{self.n.name} carries it to a piece of length about {number(abs(point.factor) * length)}: "
            f"{effect_sentence(point)[3:].rstrip('.')}. That factor is {self.n.name}'({number(point.x)}).",
        )
        if index == 0:
            self.x.set_value(point.x)
            self.follow(None)
            self.add(self.beam)
            outgoing = [FadeOut(self.f_label)] if self.layout.stacked else []
            self.play(in_turn(outgoing, [FadeIn(self.source, self.image)]), *self.say_piece(point))
            self.play(FadeIn(self.factor_name, self.factor_value), run_time=0.8)
        else:
            self.play(*self.previous_result_out(), run_time=0.6)
            self.t.set_value(0.0)
            self.follow(None)
            self.add(self.beam, self.image)
            self.show_factor(self.factor_value.value, 2)
            drive(self, self.x, point.x, self.slide_time, *self.say_piece(point))
        self.show_factor(point.factor, reading_decimals(point.factor))
        self.pause(1)
        drive(self, self.t, 1.0, self.travel_time)
        landing = [FadeIn(self.effect_labels[index])]
        if point.effect == "collapse":
            self.point_dot.move_to(self.output_axis.point_of(point.y))
            landing.append(FadeIn(self.point_dot, scale=2.0))
        self.shown_effect = self.effect_labels[index]
        self.play(*landing, *self.say_first(effect_sentence(point),
                                       effect_sentence(point, short=True),
                                       f"Factor {shown(point.factor)}."))
        self.pause(2)

    def say_piece(self, point: StretchPoint) -> list[Animation]:
        """Prose that introduces the piece around a point."""
        return self.say_first(*piece_phrases(point.x, self.n))

    def previous_result_out(self) -> list[Animation]:
        """Fade out the last image, its beam, its effect label (and the collapse dot)."""
        leaving = [self.image, self.beam, self.shown_effect]
        if self.point_dot in self.get_mobject_family_members():
            leaving.append(self.point_dot)
        return [FadeOut(m) for m in leaving]

    def sweep_x(self) -> None:
        low, high = self.stretch.input_range
        start, end = low + self.dx, high - self.dx
        self.beat(
            "sweep",
            f"Slide the piece along the line. The factor {self.n.name}'({self.n.variable}) changes as {self.n.variable} moves: "
            "the same function stretches in one place, squishes in another and flips where it "
            "decreases. The derivative is a local stretch factor.",
        )
        outgoing = [FadeOut(self.shown_effect)]
        if self.point_dot in self.get_mobject_family_members():
            outgoing.append(FadeOut(self.point_dot))
        self.show_factor(self.factor_value.value, 2)
        self.play(in_turn(outgoing, [FadeIn(self.x_name, self.x_value)]),
                  *self.say(f"Now slide {self.n.variable} along the line."), run_time=0.8)
        first = abs(self.x.get_value() - start) / (high - low) * self.sweep_time
        drive(self, self.x, start, max(first, 0.5))
        drive(self, self.x, end, self.sweep_time)
        self.play(*self.say(f"The factor is local: it changes with {self.n.variable}."))
        self.pause(1.5)

    def conclude(self) -> None:
        self.beat(
            "takeaway",
            f"Near each {self.n.variable}, {self.n.name} stretches tiny lengths by |{self.n.name}'({self.n.variable})|, and flips them when {self.n.name}'({self.n.variable}) is "
            "negative. In two dimensions the same idea returns: a smooth map of the plane "
            "stretches a tiny square's area by |det J|, and a negative determinant flips it.",
        )
        self.play(*self.say(f"{self.n.name}'({self.n.variable}) is the local stretch factor.", color=self.theme.highlight))
        self.pause(3)
