"""Gradient descent: follow the slope downhill, one step at a time.

Storyboard: pose the question (which way is downhill, and how far should we step?), write the
update rule w_next = w - eta dL/dw, take one step on the curve (the tangent's slope says which way,
eta says how far), slide along the curve to watch the step flip and vanish at the bottom, run
descent once per configured learning rate (side by side in wide frames, one after another in tall
and square ones) with each outcome labelled from the facts, point in one line to backprop (a
model with many parameters gets every slope in one backward pass: the backprop lesson tells
how), and end on the takeaway.

Render the default lesson with ``manim -ql scenes/descent.py DescentScene``.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import ClassVar

import numpy as np
import sympy
from manim import (
    DOWN,
    LEFT,
    RIGHT,
    Create,
    FadeIn,
    FadeOut,
    GrowFromCenter,
    Mobject,
    MoveAlongPath,
    Text,
    ValueTracker,
    VGroup,
    VMobject,
    Write,
    smooth,
)

from derivanim.descent import DescentFacts, Direction, step_direction
from derivanim.descent_geometry import descent_window, hop_arc, hop_lift, sweep_end
from derivanim.descent_words import (
    first_step_flatter,
    learning_rates_caption,
    next_run_question,
    one_step_caption,
    outcome_line,
    slope_reveal,
    sweep_summary,
)
from derivanim.numbers import format_number, honest_decimals, number
from derivanim.sampling import numeric_function
from scenes.kit.descent_plot import StepArrow, frame_axes
from scenes.kit.descent_runs import (
    ROW_GAP,
    Regions,
    RunBoxes,
    RunLabels,
    RunView,
    columns,
    outcome_table,
    place_pair,
)
from scenes.kit.fit import fit_width
from scenes.kit.layout import Box, Layout
from scenes.kit.lesson_scene import LessonScene
from scenes.kit.motion import fade_in, fade_out, hop_steps, in_turn
from scenes.kit.plot import Plot, dot
from scenes.kit.text import BODY_SIZE, BalancedProse, Readout, formula, word

FLAT_ARROW = 0.12
"""A step arrow shorter than this (scene units) is shown as "flat: no step"."""


class DescentScene(LessonScene):
    """Gradient descent steps against the slope; the learning rate decides how far."""

    kind = "descent"
    hop_time: ClassVar[float] = 0.5
    """Longest time of one hop, in seconds."""
    hop_budget: ClassVar[float] = 14.0
    """Seconds of hopping shared by all the runs (many steps make quicker hops)."""
    one_by_one: ClassVar[float] = 0.25
    """Hops at least this long get a play each; quicker ones run together in one play."""
    sweep_time: ClassVar[float] = 3.0
    """Seconds to slide the point across the bottom of the curve."""
    strip_height: ClassVar[float] = 0.45
    """Height of the label strip above a side-by-side plot, and of its readout row."""
    column_gap: ClassVar[float] = 0.5
    """Space between side-by-side plots."""

    def construct(self) -> None:
        """The storyboard: one method per beat."""
        self.build()
        self.pose_question()
        self.show_update_rule()
        self.take_one_step()
        self.read_the_slope_sign()
        self.compare_learning_rates()
        self.point_to_backprop()
        self.conclude()

    # ---- build every object once --------------------------------------------------------
    def build(self) -> None:
        """Compute the window and build every object of the lesson, once."""
        self.prose_setter = BalancedProse(self.theme)
        self.title = self.title_text(self.lesson.title)
        facts: DescentFacts = self.facts.facts  # type: ignore[assignment]
        self.descent = facts
        self.n = facts.notation
        expression, variable = self.facts.expression, self.facts.variable
        self.loss = numeric_function(expression, variable)
        self.slope = numeric_function(sympy.diff(expression, variable), variable)
        self.view = descent_window(facts, expression, variable, self.lesson.x_range)
        self.run_labels = [RunLabels(run, self.view, self.glyphs, self.theme) for run in facts.runs]
        self.regions = self.plan_regions(self.layout)
        self.build_one_step()
        self.build_runs()
        self.build_summary()

    def plan_regions(self, layout: Layout) -> Regions:
        """Choose where everything goes: runs side by side when they fit, else one at a time."""
        count = len(self.descent.runs)
        if layout.stacked:
            rows = layout.panel.split_rows(1.0, 1.0, gap=0.1)
            boxes = RunBoxes(rows[0], layout.graph, rows[1])
            return Regions(layout.graph, rows, [boxes] * count, False, None, layout.graph)
        region = Box(layout.safe.left, layout.safe.right, layout.prose.top + 0.25, layout.graph.top)
        cells = columns(region, count, self.column_gap)
        needed = max(max(r.header_width(), r.row_width()) for r in self.run_labels)
        if count > 1 and cells[0].width >= needed:
            gap = 0.08
            runs = [RunBoxes(*cell.split_rows(self.strip_height,
                                              cell.height - 2 * (self.strip_height + gap),
                                              self.strip_height, gap=gap))
                    for cell in cells]
            home = Box(layout.safe.left, layout.graph.right, layout.safe.bottom,
                       region.bottom - 0.1)
            return Regions(layout.graph, [], runs, True, home, None)
        panel = layout.panel
        header, readouts, summary = panel.split_rows(0.5, 0.5, max(panel.height - 1.3, 0.5),
                                                     gap=0.15)
        boxes = RunBoxes(header, layout.graph, readouts)
        return Regions(layout.graph, [], [boxes] * count, False, None, summary)

    def build_one_step(self) -> None:
        """The big plot with its ball, tangent, step arrow, words and readouts."""
        theme = self.theme
        facts = self.descent
        self.plot = Plot(self.view, self.regions.plot, theme, self.glyphs, x_label=self.n.variable,
                         y_label=self.n.name)
        frame_axes(self.plot, self.regions.plot, self.glyphs, theme)
        self.curve = self.plot.curve(self.facts.expression, self.facts.variable, theme.function)
        self.demo = min(facts.runs, key=lambda run: run.learning_rate)
        self.w0, self.l0, self.s0 = self.demo.steps[0], self.demo.losses[0], self.demo.slopes[0]
        self.probe = ValueTracker(self.w0)
        self.ball = dot(self.plot.c2p(self.w0, self.l0), theme.text, radius=0.1)
        self.tangent = self.plot.line_through(self.w0, self.l0, self.s0, theme.tangent, width=4)
        self.arrow = StepArrow(theme.highlight)
        self.directions: dict[Direction, Text] = {
            "right": word("step right", theme.highlight),
            "left": word("step left", theme.highlight),
            "flat": word("flat: no step", theme.highlight),
        }
        self.direction_label = VGroup(*self.directions.values())
        self.sweep_end = sweep_end(self.loss, self.view, self.w0)
        sweep = np.linspace(min(self.w0, self.sweep_end), max(self.w0, self.sweep_end), 201)
        slopes = np.abs(self.slope(sweep))
        widest = max(float(np.nanmax(slopes)) if np.any(np.isfinite(slopes)) else 0.0,
                     *(abs(s) for s in self.demo.slopes[:2]))
        # A tiny nonzero first slope gets the digits that show its sign (the caption names it).
        self.slope_decimals = honest_decimals([self.s0], 2 if widest < 1000 else 0)
        self.slope_name = formula(rf"d{self.n.name}/d{self.n.variable} =", theme)
        self.slope_value = Readout(self.glyphs, self.s0, self.slope_decimals,
                                   slots=len(format_number(-widest, self.slope_decimals)) + 1,
                                   color=self.slope_color(self.s0))
        self.slope_width = self.glyphs.width_of(format_number(-widest, self.slope_decimals))
        self.function_label = formula(rf"{self.n.function} = {self.facts.function_latex}", theme, BODY_SIZE,
                                      theme.function)
        w, loss = self.n.variable, self.n.name
        rule = (rf"{w}_{{\text{{next}}}} = {w} - \eta\, d{loss}/d{w}" if self.layout.stacked
                else rf"{w}_{{\text{{next}}}} = {w} - \eta\,\frac{{d{loss}}}{{d{w}}}")
        self.update_rule = formula(rule, theme, BODY_SIZE)
        self.first_hop: VMobject | None = None
        if len(self.demo.steps) > 1 and self.demo.steps[1] != self.w0 and self.view.contains(
                self.demo.steps[1], self.demo.losses[1]):
            start = self.plot.c2p(self.w0, self.l0)
            end = self.plot.c2p(self.demo.steps[1], self.demo.losses[1])
            ceiling = self.plot.c2p(self.view.x_range[0], self.view.y_range[1])[1] - 0.15
            self.first_hop = VMobject()
            self.first_hop.set_points_as_corners(hop_arc(start, end, hop_lift(start, end, ceiling)))
        self.arrange_one_step()
        self.show_probe(self.w0)

    def arrange_one_step(self) -> None:
        """Wide frames stack the panel from the top; tall ones use its two rows."""
        panel, rows = self.layout.panel, self.regions.rows
        fit_width(self.function_label, panel.width)
        fit_width(self.update_rule, panel.width)
        if not rows:
            corner = np.array([panel.left, panel.top, 0.0])
            self.function_label.next_to(corner, DOWN + RIGHT, buff=0)
            self.update_rule.next_to(self.function_label, DOWN, aligned_edge=LEFT, buff=0.5)
            baseline = self.update_rule.get_bottom()[1] - 0.55 - self.glyphs.height
            place_pair(self.slope_name, self.slope_value, panel.left, baseline)
            return
        self.function_label.move_to(panel.center)
        self.update_rule.move_to(rows[0].center)
        row = self.slope_name.width + ROW_GAP + self.slope_width
        place_pair(self.slope_name, self.slope_value, rows[1].center[0] - row / 2,
                   rows[1].center[1] - self.glyphs.height / 2)

    def slope_color(self, slope: float) -> str:
        """Slopes are coloured by sign: rising positive, falling negative."""
        colors = {"left": self.theme.positive, "right": self.theme.negative,
                  "flat": self.theme.text}
        return colors[step_direction(slope)]

    def show_probe(self, w: float) -> None:
        """Put the ball, its tangent, the step arrow and its words at parameter ``w``."""
        plot, eta = self.plot, self.demo.learning_rate
        loss = float(self.loss(np.array(w)))
        slope = float(self.slope(np.array(w)))
        if not (math.isfinite(loss) and math.isfinite(slope) and self.view.contains(w, loss)):
            return  # off the curve's domain or its window: leave everything where it was
        here = plot.c2p(w, loss)
        self.ball.move_to(here)
        plot.set_line(self.tangent, w, loss, slope)
        self.slope_value.set_value(slope)
        color = self.slope_color(slope)
        if color != self.slope_value.cells[0].get_fill_color().to_hex():
            for cell in self.slope_value.cells:
                cell.set_fill(color, opacity=1.0)
        low, high = self.view.x_range[:2]
        target = min(max(w - eta * slope, low), high)
        self.arrow.put(here, plot.c2p(target, loss))
        direction = step_direction(slope) if self.arrow.length >= FLAT_ARROW else "flat"
        for key, label in self.directions.items():
            label.set_opacity(1.0 if key == direction else 0.0)
        self.place_direction_label(direction, here)

    def place_direction_label(self, direction: Direction, ball: np.ndarray) -> None:
        """Above the ball, reaching out the way the step goes, kept inside the plot's window."""
        label = self.directions[direction]
        width, height = label.width, label.height
        x = {"right": ball[0] + 0.05 + width / 2, "left": ball[0] - 0.05 - width / 2,
             "flat": ball[0]}[direction]
        low = self.plot.c2p(self.view.x_range[0], self.view.y_range[0])
        high = self.plot.c2p(self.view.x_range[1], self.view.y_range[1])
        x = min(max(x, low[0] + width / 2 + 0.1), high[0] - width / 2)
        y = ball[1] + 0.3 + height / 2
        if y + height / 2 > high[1]:  # no room above the ball: go below it
            y = ball[1] - 0.3 - height / 2
        for each in self.directions.values():
            each.move_to(np.array([x, y, 0.0]))

    def build_runs(self) -> None:
        """One plot, ball, trail and label set per learning rate; the hop time fits the budget."""
        theme, regions = self.theme, self.regions
        self.runs: list[RunView] = []
        for run, labels, boxes in zip(self.descent.runs, self.run_labels, regions.runs):
            plot = Plot(self.view, boxes.plot, theme, self.glyphs, x_label=self.n.variable,
                         y_label=self.n.name)
            frame_axes(plot, boxes.plot, self.glyphs, theme)
            curve = plot.curve(self.facts.expression, self.facts.variable, theme.function,
                               width=4 if regions.side_by_side else 5)
            centred = self.layout.stacked
            labels.place_header(boxes.strip, centred)
            labels.place_readouts(boxes.readouts, centred)
            view = RunView(run, plot, curve, labels, theme)
            view.update()
            self.runs.append(view)
        total_hops = sum(view.hop_count for view in self.runs) or 1
        self.hop_seconds = min(self.hop_time, self.hop_budget / total_hops)

    def build_summary(self) -> None:
        """A table of eta and outcome, one row per run (for frames that show runs one at a time)."""
        self.summary = outcome_table(list(self.descent.runs), self.regions.summary, self.theme)

    # ---- beats --------------------------------------------------------------------------
    def pose_question(self) -> None:
        """The loss, the starting point, and the question: which way, and how far?"""
        self.beat(
            "question",
            f"Training a model means making a loss small. Here the loss {self.n.name} depends on one "
            f"number, {self.n.variable}, and we start at {self.n.variable} = {number(self.w0)}. We can't see the whole curve, "
            "only how steep it is where we stand. Which way is downhill, and how far should we "
            "step?",
        )
        self.play(FadeIn(self.title), fade_in(self.plot), run_time=1.5)
        self.play(Create(self.curve), Write(self.function_label), run_time=1.5)
        self.play(GrowFromCenter(self.ball), *self.say("Which way is downhill? How far?"))
        self.pause(2)

    def show_update_rule(self) -> None:
        """The rule w_next = w - eta dL/dw."""
        self.beat(
            "rule",
            f"Gradient descent answers with one rule: the next {self.n.variable} is the current {self.n.variable} minus eta times "
            f"the slope d{self.n.name}/d{self.n.variable}. The slope points uphill, so we go the other way; eta, the learning "
            "rate, scales how far.",
        )
        outgoing = [FadeOut(self.function_label)] if self.regions.rows else []
        self.play(in_turn(outgoing, [Write(self.update_rule)]),
                  *self.say("Step against the slope, scaled by η."), run_time=1.5)
        self.pause(2)

    def take_one_step(self) -> None:
        """Read the slope at the start, predict the step's direction, then take the step."""
        demo, theme = self.demo, self.theme
        eta = demo.learning_rate
        w1 = demo.steps[1] if len(demo.steps) > 1 else demo.steps[0]
        size = abs(eta * self.s0)
        flatter = first_step_flatter(demo)
        self.beat("step", one_step_caption(demo, hops=self.first_hop is not None, n=self.n))
        self.play(Create(self.tangent), FadeIn(self.slope_name, self.slope_value),
                  *self.say("Which way should the first step go?", color=theme.highlight),
                  run_time=1.5)
        self.pause(2)
        self.play(Create(self.arrow), FadeIn(self.direction_label),
                  *self.say(slope_reveal(self.s0)), run_time=1.2)
        self.pause(1.5)
        if self.first_hop is None:
            return
        self.play(MoveAlongPath(self.ball, self.first_hop),
                  FadeOut(self.tangent, self.arrow, self.direction_label),
                  *self.say(f"Step: {number(eta)} × {number(abs(self.s0))} = {number(size)}"),
                  run_time=1.2)
        self.probe.set_value(w1)
        self.show_probe(w1)
        self.pause(1.5)
        self.play(Create(self.tangent), FadeIn(self.arrow, self.direction_label),
                  *self.say("Flatter here: a shorter step." if flatter
                            else "Steeper here: a longer step."),
                  run_time=1.2)
        self.pause(1)

    def read_the_slope_sign(self) -> None:
        """Slide along the curve: the step follows the slope's sign and shrinks where it is flat."""
        flips = self.sweep_flips()
        self.beat(
            "sign",
            "The same rule works anywhere on the curve. Where the slope is positive the step "
            "points left; at the bottom the slope is zero and the step shrinks to nothing. A zero "
            "slope means flat ground: here, the minimum." if flips else
            "The same rule works anywhere on the curve: the step always points downhill, against "
            "the slope, and its length follows the steepness.",
        )
        start = self.probe.get_value()
        if abs(self.sweep_end - start) > 1e-9:
            follow: Callable[[Mobject], None] = lambda _: self.show_probe(self.probe.get_value())
            self.tangent.add_updater(follow)
            slide = ("Past the bottom, the step flips." if flips
                     else "Slide along: the step follows.")
            self.play(self.probe.animate.set_value(self.sweep_end), *self.say(slide),
                      run_time=self.sweep_time, rate_func=smooth)
            self.tangent.remove_updater(follow)
        self.play(*self.say(self.sweep_summary(start, flips)))
        self.pause(2)

    def sweep_summary(self, start: float, flips: bool) -> str:
        """The line that sums up the slide (or, with nowhere to slide, the start)."""
        slopes = self.slope(np.array([start, self.sweep_end]))
        before, after = np.abs(slopes)
        return sweep_summary(flips, abs(self.sweep_end - start) > 1e-9, float(before), float(after),
                             float(slopes[1]))

    def sweep_flips(self) -> bool:
        """Whether the slide crosses a bottom, where the slope changes sign."""
        ends = self.slope(np.array([self.probe.get_value(), self.sweep_end]))
        return bool(np.all(np.isfinite(ends)) and ends[0] * ends[1] < 0)

    def compare_learning_rates(self) -> None:
        """Run descent once per learning rate, predicting before each bigger step."""
        runs, theme, regions = self.runs, self.theme, self.regions
        brisk = min(1.0, 3 / len(runs))  # more runs, shorter pauses: the lesson stays under 90 s
        steps = len(self.descent.runs[0].steps) - 1
        self.beat("rates", learning_rates_caption([view.run for view in runs]))
        one_step = [self.plot, self.curve, self.ball, self.tangent, self.arrow,
                    self.direction_label, self.slope_name, self.slope_value, self.function_label]
        leaving = [m for m in one_step if self.showing(m)]
        if regions.side_by_side:
            moves = []
            if regions.formula_home is not None:
                moves.append(self.update_rule.animate.move_to(regions.formula_home.center))
            self.play(in_turn([fade_out(*leaving)], moves), run_time=1.0)
            self.play(fade_in(*[VGroup(view.plot, view.curve, view.labels.eta) for view in runs]),
                      run_time=1.2)
        else:
            self.play(fade_out(*leaving, self.update_rule), run_time=1.0)
        previous: RunView | None = None
        for view in runs:
            if previous is None:
                line = f"{steps} steps, η = {number(view.run.learning_rate)}"
            else:
                line = next_run_question(previous.run.learning_rate, view.run.learning_rate)
                if not regions.side_by_side:
                    self.play(fade_out(previous.everything()), run_time=0.6)
            entering = (VGroup(view.trail, view.ball, *view.labels.readout_parts())
                        if regions.side_by_side else view.frame())
            color = None if previous is None else theme.highlight
            self.play(fade_in(entering), *self.say(line, color=color), run_time=1.0)
            self.pause((2 if previous is not None else 1) * brisk)
            self.hop_through(view)
            ending = [Create(view.escape_arrow)] if view.escape_arrow is not None else []
            self.play(*ending, FadeIn(view.labels.outcome, scale=0.85),
                      *self.say(outcome_line(view.run)), run_time=0.8)
            self.pause(1.5 * brisk)
            previous = view
        if regions.summary is not None and previous is not None:
            leaving_run = [fade_out(previous.everything())] if self.layout.stacked else []
            self.play(in_turn(leaving_run, [fade_in(self.summary)]), run_time=1.0)
            self.pause(1.5)

    def hop_through(self, view: RunView) -> None:
        """Play a run's hops: a play each (a beat per landing), or one play for many quick ones."""
        if self.hop_seconds >= self.one_by_one:
            for k in range(view.hop_count):
                self.play(view.progress.animate.set_value(k + 1), run_time=self.hop_seconds,
                          rate_func=smooth)
        elif view.hop_count:
            self.play(view.progress.animate.set_value(view.hop_count),
                      run_time=self.hop_seconds * view.hop_count,
                      rate_func=hop_steps(view.hop_count))

    def point_to_backprop(self) -> None:
        """One line on models with many parameters: backprop, the next lesson, gets every slope."""
        backprop = self.descent.backprop
        slopes = " and ".join(f"dL/d{name} = {number(value)}"
                              for name, value in backprop.gradients.items())
        self.beat(
            "backprop",
            "Real models have many parameters, and each needs its own slope; backpropagation "
            f"gets them all in one backward pass ({slopes} for a small model). The backprop "
            "lesson shows how.",
        )
        self.play(*self.say_first("Many parameters? Backprop: next lesson.",
                                  "Backprop: next lesson."), run_time=1.0)
        self.pause(2)

    def conclude(self) -> None:
        """Bring back the runs (or their outcomes) and hold the takeaway."""
        self.beat(
            "takeaway",
            "The slope tells you which way is downhill. The learning rate decides how far you "
            "trust that local straight line: too little and progress is slow, too much and you "
            "overshoot or fly off.",
        )
        self.play(fade_out(*self.scenery()), run_time=0.8)
        self.play(fade_in(*self.takeaway_mobjects()),
                  *self.say("η: how far you trust the local line.", color=self.theme.highlight),
                  run_time=1.2)
        self.pause(3)

    # ---- helpers -------------------------------------------------------------------------
    def set_prose(self, text: str, color: str | None = None) -> VGroup:
        """The prose lines for ``text`` (as :meth:`LessonScene.set_prose`), in balanced lines.

        The kit wraps greedily, so a sentence a little wider than the box leaves one word alone
        on its second line; :class:`BalancedProse` splits where the two lines come out most even
        (and measures each word once per scene). Text it cannot set goes to the kit's setter.
        """
        box = self.layout.prose
        try:
            new = self.prose_setter.set(text, box.width, color)
        except ValueError:
            return super().set_prose(text, color)
        return new.move_to(box.center)

    def showing(self, mobject: Mobject) -> bool:
        """Tell whether a mobject is on screen (alone or inside a group the scene holds)."""
        return any(mobject is part for top in self.mobjects for part in top.get_family())

    def scenery(self) -> list[Mobject]:
        """Everything on screen except the title and the prose (what a new beat clears away)."""
        keep = {id(self.title), id(self._prose)}
        return [m for m in self.mobjects if id(m) not in keep]

    def takeaway_mobjects(self) -> list[Mobject]:
        """The closing picture: the runs side by side, or their outcome table."""
        regions = self.regions
        if regions.side_by_side:
            return [*[view.everything() for view in self.runs], self.update_rule]
        if self.layout.stacked:
            self.update_rule.move_to(self.layout.panel.center)
            return [self.summary, self.update_rule]
        return [self.runs[-1].everything(), self.summary]
