"""Limits: what f does near a point where plugging in fails or misleads.

Storyboard: pose the question (what does f do near the point?), plug the point in and see it
fail (0/0 for sin(x)/x at 0), walk a dot in along the curve from the left while a readout shows
x and f(x) and a table of nearby values fills, then the same from the right, and answer the
three questions of a limit: what do nearby values do, do both sides agree, does a stable value
emerge? The ending is honest for each behaviour the facts report: a continuous point, a hole
(open circle at the limit), a jump (both one-sided values), a blow-up (arrows off the chart)
and an oscillation (no stable value).

Render the default lesson with ``manim -ql scenes/limit.py LimitScene``.
"""

from __future__ import annotations

import math
from itertools import pairwise
from typing import ClassVar

import numpy as np
from manim import (
    DOWN,
    LEFT,
    RIGHT,
    UP,
    Create,
    DashedLine,
    FadeIn,
    FadeOut,
    GrowFromCenter,
    VGroup,
    Write,
    smooth,
)

from derivanim.limit_text import (
    agreement_words,
    answer_words,
    approach_words,
    conclusion_latex,
    heading,
    plug_in_latex,
    plug_in_words,
    side_latex,
    takeaway_words,
)
from derivanim.limits import LimitFacts, TableRow, closer_target
from derivanim.numbers import exact_decimals, format_number, number
from derivanim.sampling import numeric_function
from derivanim.viewport import fit_viewport
from scenes.kit.fit import first_fitting, fit_width
from scenes.kit.layout import Box
from scenes.kit.lesson_scene import LessonScene
from scenes.kit.motion import hand_over, in_turn
from scenes.kit.plot import dot, fit_plot, open_circle
from scenes.kit.table import ValueTable
from scenes.kit.text import BODY_SIZE, Readout, formula
from scenes.kit.walker import Walker

VALUE_DECIMALS = 4
"""Decimals of every value of f shown (table and readout)."""
ROW_STEP = 0.62
"""Distance between the baselines of the two readout rows."""


# ---- the scene --------------------------------------------------------------------------
class LimitScene(LessonScene):
    """Nearby values of f, from both sides, settle on the limit (or show why there is none)."""

    kind = "limit"
    draw_time: ClassVar[float] = 2.0
    """Seconds to draw the curve."""
    slide_time: ClassVar[float] = 1.4
    """Seconds for the dot to slide from one table point to the next."""
    closer_time: ClassVar[float] = 1.6
    """Seconds for the last slide, closer than any table point."""
    record_time: ClassVar[float] = 0.6
    """Seconds to write a value into the table."""
    swap_time: ClassVar[float] = 1.0
    """Seconds to swap what the panel shows."""
    closer_factor: ClassVar[float] = 10.0
    """The last slide ends this many times closer to the point than the nearest table point."""

    def construct(self) -> None:
        self.build()
        self.pose_question()
        self.plug_in()
        self.walk_in(self.left)
        self.walk_in(self.right)
        if self.layout.stacked:
            self.show_table()
        self.compare_sides()
        self.answer()
        self.conclude()

    # ---- build every object once --------------------------------------------------------
    def build(self) -> None:
        """Build every object of the lesson, placed, before anything plays."""
        facts: LimitFacts = self.facts.facts  # type: ignore[assignment]
        self.limit_facts = facts
        self.n = facts.notation
        theme = self.theme
        expression, variable = self.facts.expression, self.facts.variable
        self.point = facts.point
        self.f = numeric_function(expression, variable)
        self.stop: TableRow | None = None
        self.active: Walker | None = None

        left_rows = [row for row in facts.table if row.x < self.point]
        right_rows = [row for row in facts.table if row.x > self.point][::-1]
        self.rows = {-1: left_rows, 1: right_rows}
        nearest = min(abs(row.x - self.point) for row in facts.table)
        one_sided = {-1: facts.left, 1: facts.right}
        self.closer = {side: closer_target(self.f, self.point, side, nearest, self.closer_factor,
                                           one_sided[side]) for side in (-1, 1)}

        self.f_label = formula(rf"{self.n.function} = {self.facts.function_latex}", theme, BODY_SIZE,
                               theme.function)
        self.build_readouts()
        focus = [row.x for row in facts.table]
        extra = [v for v in (facts.limit, facts.left, facts.right, facts.value)
                 if v is not None and math.isfinite(v)]
        view = fit_viewport(expression, variable, focus, self.lesson.x_range, extra)
        self.plot = fit_plot(view, self.plot_region(), theme, self.glyphs, self.n.variable)
        self.curve = self.plot.curve(expression, variable, theme.function)

        known = {row.x: row.value for row in facts.table}
        self.left = Walker(self.plot, self.f, known, left_rows[0].x, -1, theme.secant)
        self.right = Walker(self.plot, self.f, known, right_rows[0].x, 1, theme.secant)
        for walker in (self.left, self.right):
            walker.dot.add_updater(lambda _m, w=walker: self.follow(w))

        self.table_x_decimals = max(exact_decimals(row.x) for row in facts.table)
        self.table = ValueTable((fr"{self.n.variable}", fr"{self.n.function}"), [(row.x, row.value) for row in facts.table],
                                (self.table_x_decimals, VALUE_DECIMALS), theme, self.glyphs,
                                colors=(theme.muted, theme.secant))
        plug, self.plug_case = plug_in_latex(expression, variable, self.point, facts.value, self.n)
        self.plug = first_fitting(plug, self.layout.panel.width, theme)
        self.sides = VGroup(
            first_fitting(side_latex(self.point, -1, facts.left, self.n), self.layout.panel.width, theme),
            first_fitting(side_latex(self.point, 1, facts.right, self.n), self.layout.panel.width, theme),
        ).arrange(DOWN, aligned_edge=LEFT, buff=0.3)
        self.conclusion = formula(conclusion_latex(facts), theme, BODY_SIZE, theme.highlight)
        self.markers = self.build_markers()
        self.arrange()

    def walk_path(self, side: int) -> list[float]:
        """The x stops of one side's walk: its table points, then the closer target."""
        stops = [row.x for row in self.rows[side]]
        closer = self.closer[side]
        return stops + ([closer] if closer is not None else [])

    def build_readouts(self) -> None:
        """The live readouts of x and f(x), with slots for every value the walks will show."""
        theme = self.theme
        paths = [self.walk_path(side) for side in (-1, 1)]
        stops = [x for path in paths for x in path]
        self.x_decimals = max(exact_decimals(x) for x in stops)
        segments = [np.linspace(a, b, 200) for path in paths for a, b in pairwise(path)]
        xs = np.concatenate([*segments, np.array(stops)])
        ys = self.f(xs)
        texts = [format_number(y, VALUE_DECIMALS) for y in ys[np.isfinite(ys)]]
        texts += [format_number(row.value, VALUE_DECIMALS) for row in self.limit_facts.table
                  if row.value is not None]
        x_texts = [format_number(x, self.x_decimals) for x in stops]
        self.f_width = max([self.glyphs.width_of(t) for t in texts] or [0.5])
        self.x_name = formula(fr"{self.n.variable} =", theme, BODY_SIZE, theme.muted)
        self.x_value = Readout(self.glyphs, stops[0], self.x_decimals,
                               slots=max(len(t) for t in x_texts) + 1, color=theme.muted)
        self.f_name = formula(fr"{self.n.function} =", theme, BODY_SIZE, theme.secant)
        self.f_value = Readout(self.glyphs, 0.0, VALUE_DECIMALS,
                               slots=max(len(t) for t in texts or ["0"]) + 2, color=theme.secant)
        self.f_dash = formula(r"\text{--}", theme, BODY_SIZE, theme.secant)
        self.f_dash.set_opacity(0.0)
        self.dash_shown = False
        self.readouts = VGroup(self.x_name, self.x_value, self.f_name, self.f_value, self.f_dash)

    def build_markers(self) -> VGroup:
        """What the answer adds to the graph: open circles, a filled point, an asymptote."""
        facts, plot, theme = self.limit_facts, self.plot, self.theme
        a = self.point
        markers = VGroup()
        if facts.behaviour == "infinite":
            low, high = plot.view.y_range[:2]
            markers.add(DashedLine(plot.c2p(a, low), plot.c2p(a, high), color=theme.muted,
                                   stroke_width=3, dash_length=0.12))
        holes = []
        if facts.behaviour == "removable" and facts.limit is not None:
            holes.append(facts.limit)
        if facts.behaviour == "jump":
            holes += [v for v in (facts.left, facts.right) if v is not None]
        for value in holes:
            taken = facts.value is not None and math.isclose(value, facts.value)
            if plot.inside(a, value) and not taken:
                markers.add(open_circle(plot.c2p(a, value), theme, theme.function))
        if facts.value is not None and plot.inside(a, facts.value):
            markers.add(dot(plot.c2p(a, facts.value), theme.function))
        return markers

    def plot_region(self) -> Box:
        """Where the plot goes: the graph box, less a strip on top for formulas in wide frames."""
        graph = self.layout.graph
        if self.layout.stacked:
            return graph
        strip = max(self.f_label.height, self._readout_height()) + 0.25
        return Box(graph.left, graph.right, graph.bottom, graph.top - strip)

    def _readout_height(self) -> float:
        return ROW_STEP + self.f_name.height

    def arrange(self) -> None:
        """Place the formulas, readouts, table and answer for this layout."""
        layout = self.layout
        panel = layout.panel
        for mobject in (self.f_label, self.plug, self.sides, self.conclusion):
            fit_width(mobject, panel.width)
        self.place_readouts()
        names = VGroup(self.x_name, self.f_name)
        if not layout.stacked:
            graph = layout.graph
            strip_mid = (graph.top + self.plot.get_top()[1]) / 2
            fit_width(self.f_label, graph.width - self.readouts_width() - 0.6)
            self.f_label.move_to(np.array([graph.left + self.f_label.width / 2, strip_mid, 0.0]))
            target = np.array([self.f_label.get_right()[0] + 1.0, strip_mid, 0.0])
            self.readouts.shift(target - self._names_anchor(names))
            top_left = np.array([panel.left, panel.top, 0.0])
            for mobject in (self.plug, self.table, self.sides):
                mobject.next_to(top_left, DOWN + RIGHT, buff=0)
            self.conclusion.next_to(self.sides, DOWN, aligned_edge=LEFT, buff=0.5)
        else:
            for mobject in (self.f_label, self.plug, self.sides, self.conclusion):
                mobject.move_to(panel.center)
            target = panel.center + LEFT * (self.readouts_width() / 2)
            self.readouts.shift(target - self._names_anchor(names))
            region = Box(layout.graph.left, layout.graph.right, panel.bottom, layout.graph.top)
            self.table.move_to(region.center)
        self.refresh_readouts(self.left.x, self.left.value)

    @staticmethod
    def _names_anchor(names: VGroup) -> np.ndarray:
        """The left edge of the readout names, at their vertical middle."""
        return np.array([names.get_left()[0], names.get_center()[1], 0.0])

    def place_readouts(self) -> None:
        """Two rows, ``x = ...`` over ``f(x) = ...``, with the equals signs lined up."""
        self.f_name.move_to(np.zeros(3))
        f_baseline = float(self.f_name[0][2].get_bottom()[1])  # the x of f(x): no descender
        self.x_name.next_to(self.f_name, UP, aligned_edge=RIGHT)
        self.x_name.shift(UP * (f_baseline + ROW_STEP - float(self.x_name[0][0].get_bottom()[1])))
        anchor_x = self.f_name.get_right()[0] + 0.2
        self.x_value.move_anchor_to(np.array([anchor_x, f_baseline + ROW_STEP, 0.0]))
        self.f_value.move_anchor_to(np.array([anchor_x, f_baseline, 0.0]))
        self.f_dash.next_to(self.f_value.anchor, RIGHT, buff=0.05)
        self.f_dash.shift(UP * (f_baseline + self.glyphs.height / 2 - self.f_dash.get_center()[1]))

    def readouts_width(self) -> float:
        """The widest the readout block gets (names plus the longest value)."""
        return self.f_name.width + 0.2 + max(self.f_width, self.glyphs.width_of("-0"))

    # ---- updaters -----------------------------------------------------------------------
    def follow(self, walker: Walker) -> None:
        """Updater: move a walker's dot; if it is the one walking, show its x and f(x)."""
        walker.update()
        if walker is self.active:
            self.refresh_readouts(walker.x, walker.value)

    def refresh_readouts(self, x: float, value: float | None) -> None:
        """Show x and f(x) (a dash where f is undefined)."""
        self.x_value.set_value(x)
        if value is None:
            if not self.dash_shown:
                self.f_value.set_fill(opacity=0.0)
                self.f_dash.set_fill(opacity=1.0)
                self.dash_shown = True
            return
        if self.dash_shown:
            self.f_value.set_fill(opacity=1.0)
            self.f_dash.set_fill(opacity=0.0)
            self.dash_shown = False
        self.f_value.set_value(value)

    def settle(self, walker: Walker, x: float) -> None:
        """Put a walker exactly on ``x`` and refresh everything that follows it."""
        walker.tracker.set_value(x)
        self.follow(walker)

    # ---- beats --------------------------------------------------------------------------
    def pose_question(self) -> None:
        a = number(self.point)
        self.beat(
            "question",
            f"Here is {self.n.function} = {self.lesson.function}. What happens to its values as {self.n.variable} gets close "
            f"to {a}? We will watch the values, not just the formula.",
        )
        title = self.title_text(self.lesson.title)
        plot = self.plot
        self.play(FadeIn(title), Create(plot.axes), FadeIn(plot.labels),
                  FadeIn(plot.x_name, plot.y_name), run_time=1.5)
        self.play(Create(self.curve), Write(self.f_label), run_time=self.draw_time)
        self.play(*self.say_first(f"What does {self.n.name} do near {self.n.variable} = {a}?", f"What does {self.n.name} do near here?"))
        self.pause(2)

    def plug_in(self) -> None:
        lines, caption = plug_in_words(self.plug_case, self.point, self.limit_facts.value, self.n)
        self.beat("plug_in", caption)
        if self.layout.stacked:
            self.play(hand_over(self.f_label, self.plug), *self.say_first(*lines),
                      run_time=self.swap_time)
        else:
            self.play(FadeIn(self.plug), *self.say_first(*lines), run_time=self.swap_time)
        self.pause(2)

    def walk_in(self, walker: Walker) -> None:
        side = walker.side
        name = "left" if side < 0 else "right"
        facts = self.limit_facts
        rows = self.rows[side]
        limit = facts.left if side < 0 else facts.right
        ask, caption = approach_words(side, rows, self.n)
        self.beat(name, caption)
        self.play(*self.say_first(*ask, color=self.theme.highlight))
        self.pause(2)

        self.active = walker
        self.settle(walker, rows[0].x)
        opening = [GrowFromCenter(walker.dot), FadeIn(walker.up, walker.down)]
        if side < 0:
            outgoing = [FadeOut(self.plug)]
            if self.layout.stacked:
                opening += [FadeIn(self.readouts)]
            else:
                opening += [FadeIn(self.readouts), FadeIn(self.table.header, self.table.rule)]
            self.play(in_turn(outgoing, opening), run_time=self.swap_time)
        else:
            self.play(*opening, run_time=self.swap_time)
        for index, row in enumerate(rows):
            if index:
                self.stop = None
                self.play(walker.tracker.animate.set_value(row.x), run_time=self.slide_time,
                          rate_func=smooth)
                self.settle(walker, row.x)
            self.stop = row
            if not self.layout.stacked:
                self.play(FadeIn(self.table.rows[facts.table.index(row)], shift=0.1 * UP),
                          run_time=self.record_time)
            self.pause(1)
        self.stop = None
        closer = self.closer[side]
        if closer is not None:
            self.play(walker.tracker.animate.set_value(closer), run_time=self.closer_time,
                      rate_func=smooth)
            self.settle(walker, closer)
        self.play(*self.say_first(*heading(name, limit)))
        self.pause(2)

    def show_table(self) -> None:
        rows = ", ".join(f"{self.n.name}({number(row.x)}) = {number(row.value)}"
                         for row in self.limit_facts.table)
        self.beat("table", f"Here are the nearby values side by side: {rows}.")
        graph = self.graph_parts()
        self.play(FadeOut(graph), FadeOut(self.readouts), run_time=self.swap_time / 2)
        self.play(FadeIn(self.table), *self.say_first("Left and right values, in one table.",
                                               "All the nearby values."),
                  run_time=self.swap_time / 2)
        self.pause(3)
        self.play(FadeOut(self.table), run_time=self.swap_time / 2)
        self.play(FadeIn(graph), run_time=self.swap_time / 2)

    def graph_parts(self) -> VGroup:
        """Everything drawn on the graph so far."""
        return VGroup(self.plot, self.curve, self.left.marks, self.right.marks)

    def compare_sides(self) -> None:
        lines, caption = agreement_words(self.limit_facts)
        self.beat("sides", caption)
        outgoing = [FadeOut(self.readouts)]
        if not self.layout.stacked:
            outgoing.append(FadeOut(self.table))
        self.active = None
        self.play(in_turn(outgoing, [FadeIn(self.sides)]), *self.say_first(*lines),
                  run_time=self.swap_time)
        self.pause(2)

    def answer(self) -> None:
        options, caption = answer_words(self.limit_facts)
        self.beat("answer", caption)
        said = self.say_first(*options)
        walkers = VGroup(self.left.marks, self.right.marks)
        reveal = [FadeIn(marker) if isinstance(marker, DashedLine) else GrowFromCenter(marker)
                  for marker in self.markers]
        points_marked = any(not isinstance(m, DashedLine) for m in self.markers)
        hide = [FadeOut(walkers)] if points_marked else []
        if self.layout.stacked:
            self.play(*hide, *reveal, in_turn([FadeOut(self.sides)], [FadeIn(self.conclusion)]), *said,
                      run_time=self.swap_time * 1.5)
        else:
            self.play(*hide, *reveal, FadeIn(self.conclusion), *said, run_time=self.swap_time * 1.5)
        self.pause(2)

    def conclude(self) -> None:
        lines, caption = takeaway_words(self.limit_facts)
        self.beat("takeaway", caption)
        self.play(*self.say_first(*lines, color=self.theme.highlight))
        self.pause(3)
