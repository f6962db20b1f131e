"""Secant lines collapse onto the tangent: the derivative as a limit of average slopes.

Storyboard: pose the question (how steep is the curve at one point?), draw one secant with its
rise and run, predict what happens as h shrinks, slide the second point in while the slope
readout converges and the table fills, zoom in on the point as h shrinks further (the secant
keeps its size and the curve straightens: local linearity), zoom back out, show the algebra of
the difference quotient, reveal the tangent line, and end on the takeaway.

Render the default lesson with ``manim -ql scenes/secant.py SecantScene``.
"""

from __future__ import annotations

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
    MathTex,
    Rectangle,
    ValueTracker,
    VGroup,
    Write,
    linear,
    smooth,
)

from derivanim.numbers import exact_decimals, line_equation, number
from derivanim.sampling import numeric_function
from derivanim.secants import (
    SecantFacts,
    final_step,
    quotient_latex,
    slope_decimals,
    step_decimals,
    zoom_step,
)
from derivanim.viewport import fit_viewport
from derivanim.zoom import Window, zoom_factor, zoom_window
from scenes.kit.lesson_scene import LessonScene
from scenes.kit.motion import fade_in, fade_out, hand_over, in_turn, keep_fresh
from scenes.kit.plot import Plot, dot
from scenes.kit.table import ValueTable
from scenes.kit.text import BODY_SIZE, LABEL_SIZE, Readout, baseline_of, formula
from scenes.kit.zoom import Lens


SECANT_WIDTH = 4.0
"""Stroke width of the secant (the curve's is 5)."""


class SecantScene(LessonScene):
    """Secants through (a, f(a)) and (a + h, f(a + h)) approach the tangent as h shrinks."""

    kind = "secant"
    graph_share: ClassVar[float] = 0.58
    """Wide frames: the panel keeps room for the h and slope readouts side by side."""
    slide_time: ClassVar[float] = 1.6
    """Seconds to slide from one configured h to the next."""
    zoom_time: ClassVar[float] = 2.5
    """Seconds to zoom in on the point (and back out)."""

    def construct(self) -> None:
        self.build()
        self.pose_question()
        self.draw_first_secant()
        self.shrink_h()
        self.zoom_in()
        self.show_algebra()
        self.reveal_tangent()
        self.conclude()

    # ---- build every object once --------------------------------------------------------
    def build(self) -> None:
        facts: SecantFacts = self.facts.facts  # type: ignore[assignment]
        self.secant_facts = facts
        self.n = n = facts.notation
        theme, layout = self.theme, self.layout
        expression, variable = self.facts.expression, self.facts.variable
        self.a, self.fa = facts.x, facts.y
        steps = [s.h for s in facts.secants]
        focus = [self.a, *[s.x2 for s in facts.secants]]
        self.view = fit_viewport(expression, variable, focus, self.lesson.x_range)
        self.plot = Plot(self.view, layout.graph, theme, self.glyphs, x_label=n.variable)
        self.curve = self.plot.curve(expression, variable, theme.function)
        self.f = numeric_function(expression, variable)
        self.h = ValueTracker(steps[0])
        self.p_dot = dot(self.plot.c2p(self.a, self.fa), theme.function)
        self.q_dot = dot(self.plot.c2p(*self.second_point()), theme.secant)
        self.secant = self.plot.line_through(self.a, self.fa, self.current_slope(), theme.secant,
                                             width=SECANT_WIDTH)
        self.run_line = DashedLine(np.zeros(3), RIGHT, color=theme.muted, stroke_width=3)
        self.rise_line = DashedLine(np.zeros(3), UP, color=theme.muted, stroke_width=3)
        self.h_label = MathTex("h", font_size=LABEL_SIZE, color=theme.muted)
        self.tangent = self.plot.line_through(self.a, self.fa, facts.slope, theme.tangent, width=5)
        self.lens = Lens(self.plot, expression, variable, self.f)
        self.zoom = ValueTracker(0.0)
        self.build_zoom_marks()

        decimals = slope_decimals(facts.slope)
        self.decimals = decimals
        widest = max(abs(facts.slope), *(abs(s.slope) for s in facts.secants)) + 1
        slots = len(f"{-widest:.{decimals}f}")
        self.f_label = formula(rf"{n.function} = {self.facts.function_latex}", theme, BODY_SIZE, theme.function)
        self.slope_name = formula(r"\text{slope} =", theme, BODY_SIZE, theme.secant)
        self.slope_value = Readout(self.glyphs, self.current_slope(), decimals, slots, theme.secant)
        self.h_name = formula(r"h =", theme, BODY_SIZE, theme.muted)
        self.h_value = Readout(self.glyphs, steps[0], step_decimals(steps),
                               slots=8, color=theme.muted)
        self.table = ValueTable(
            (r"h", r"\text{slope}"),
            [(s.h, s.slope) for s in facts.secants],
            (max(exact_decimals(h) for h in steps), decimals), theme, self.glyphs,
            colors=(theme.muted, theme.secant),
        )
        algebra = [formula(step, theme, BODY_SIZE) for step in quotient_latex(facts)]
        # A middle step too wide for the panel is left out (the first and last always show).
        self.algebra = [algebra[0]] + [
            line for line in algebra[1:-1] if line.width <= layout.panel.width
        ] + [algebra[-1]]
        self.tangent_label = formula(line_equation(facts.tangent.slope, facts.tangent.intercept, n.variable),
                                     theme, BODY_SIZE, theme.tangent)
        self._align_readout(self.h_name, self.h_value)
        self._align_readout(self.slope_name, self.slope_value)
        self.show_h_readout = True
        self.arrange_panel()
        self.add_updaters()

    def build_zoom_marks(self) -> None:
        """The frame and the magnification readout shown while the graph is zoomed.

        The readout sits in a top corner of the axes' box, on the side the tangent leaves empty
        (top left for a rising tangent, top right for a falling one): zoomed, the secant's
        triangle is in the middle and the curve runs through it along the tangent.
        """
        theme, plot = self.theme, self.plot
        (x0, x1), (y0, y1) = self.view.x_range[:2], self.view.y_range[:2]
        low, high = plot.c2p(x0, y0), plot.c2p(x1, y1)
        self.lens_frame = Rectangle(width=high[0] - low[0], height=high[1] - low[1],
                                    color=theme.muted, stroke_width=2).move_to((low + high) / 2)
        self.zoom_name = formula(r"\text{zoom}\ \times", theme, BODY_SIZE, theme.muted)
        self.zoom_value = Readout(self.glyphs, 1, 0, slots=6, color=theme.muted)
        self._align_readout(self.zoom_name, self.zoom_value, gap=0.1)
        name_left = self.zoom_name.get_left()[0]
        widest = self.zoom_value.anchor[0] + self.glyphs.width_of("99999") - name_left
        rising = self.secant_facts.slope >= 0
        corner = np.array([low[0] + 0.2 if rising else high[0] - 0.2 - widest,
                           high[1] - 0.15 - self.zoom_name.height, 0.0])
        mark = VGroup(self.zoom_name, self.zoom_value)
        mark.shift(corner - np.array([name_left, self.zoom_name.get_bottom()[1], 0.0]))

    def arrange_panel(self) -> None:
        """Place the readouts, table, algebra and tangent label in the panel.

        Wide frames stack f(x), a row of h and slope, then the table (later the algebra) in
        the side panel. Stacked frames have room for two rows below the graph: f(x) and the
        readouts first, then the algebra in their place, then the tangent and its slope.
        """
        box = self.layout.panel
        slope_row = VGroup(self.slope_name, self.slope_value)
        h_row = VGroup(self.h_name, self.h_value)
        top_left = np.array([box.left, box.top, 0.0])
        if not self.layout.stacked:
            self.f_label.next_to(top_left, DOWN + RIGHT, buff=0)
            h_row.next_to(self.f_label, DOWN, aligned_edge=LEFT, buff=0.4)
            slope_row.next_to(h_row, RIGHT, buff=0.6)
            self.table.next_to(h_row, DOWN, aligned_edge=LEFT, buff=0.45)
            for line in self.algebra:
                line.next_to(h_row, DOWN, aligned_edge=LEFT, buff=0.5)
            self.tangent_label.next_to(self.algebra[0], DOWN, aligned_edge=LEFT, buff=0.6)
            return
        readouts = VGroup(h_row, slope_row).arrange(RIGHT, buff=0.5)
        self.show_h_readout = readouts.width <= box.width
        shown = readouts if self.show_h_readout else slope_row
        VGroup(self.f_label, shown).arrange(DOWN, buff=0.3).move_to(box.center)
        for line in self.algebra:
            line.move_to(box.center)
        self.tangent_label.move_to(self.f_label.get_center())

    @staticmethod
    def _align_readout(name: MathTex, value: Readout, gap: float = 0.2) -> None:
        value.move_anchor_to(np.array([name.get_right()[0] + gap, baseline_of(name), 0.0]))

    def second_point(self) -> tuple[float, float]:
        x2 = self.a + self.h.get_value()
        return x2, float(self.f(np.array(x2)))

    def current_slope(self) -> float:
        h = self.h.get_value()
        return (float(self.f(np.array(self.a + h))) - self.fa) / h

    def current_window(self) -> Window:
        """What the graph shows now: the full view, or a zoom onto the secant."""
        h = self.h.get_value()
        rise = float(self.f(np.array(self.a + h))) - self.fa
        return zoom_window(self.view, self.a, self.fa, h, rise, self.zoom.get_value(),
                           slope=self.secant_facts.slope)

    def add_updaters(self) -> None:
        lens = self.lens
        axis_y = self.plot.c2p(0, min(max(0.0, self.view.y_range[0]), self.view.y_range[1]))[1]

        def follow(_: object) -> None:
            window = self.current_window()
            if window != lens.window:  # zooming: redraw the curve and the point for the window
                lens.window = window
                lens.redraw(self.curve)
                self.p_dot.move_to(lens.c2p(self.a, self.fa))
                self.zoom_value.set_value(round(lens.factor))
                # Thinner as the zoom deepens, so the curve shows on both sides of the secant.
                self.secant.set_stroke(width=SECANT_WIDTH - 2.0 * self.zoom.get_value())
            x2, y2 = self.second_point()
            slope = (y2 - self.fa) / (x2 - self.a)
            q = lens.c2p(x2, y2)
            corner = lens.c2p(x2, self.fa)
            self.q_dot.move_to(q)
            lens.set_line(self.secant, self.a, self.fa, slope)
            self.run_line.put_start_and_end_on(lens.c2p(self.a, self.fa), corner + 1e-6 * RIGHT)
            self.rise_line.put_start_and_end_on(corner, q + 1e-6 * UP)
            below = y2 >= self.fa
            self.h_label.next_to(self.run_line, DOWN if below else UP, buff=0.1)
            if below and not lens.zoomed and self.h_label.get_bottom()[1] < axis_y + 0.05:
                self.h_label.next_to(self.run_line, UP, buff=0.1)  # keep clear of tick labels
            self.slope_value.set_value(slope)
            self.h_value.set_value(self.h.get_value())

        self.secant_updater = follow
        self.q_dot.add_updater(follow)
        keep_fresh(self.secant, self.run_line, self.rise_line, self.h_label,
                   self.slope_value, self.h_value)
        follow(None)

    # ---- beats --------------------------------------------------------------------------
    def pose_question(self) -> None:
        self.beat(
            "question",
            f"How steep is this curve exactly at {self.n.at(number(self.a))}? A slope needs two points, "
            "and here we have only one.",
        )
        title = self.title_text(self.lesson.title)
        self.play(FadeIn(title), Create(self.plot.axes), FadeIn(self.plot.labels),
                  FadeIn(self.plot.x_name, self.plot.y_name), run_time=1.5)
        self.play(Create(self.curve), Write(self.f_label), run_time=2)
        self.play(GrowFromCenter(self.p_dot), *self.say(f"How steep is it at {self.n.at(number(self.a))}?"))
        self.pause(2)

    def draw_first_secant(self) -> None:
        self.beat(
            "first",
            "Borrow a second point a distance h to the right and join the two. "
            "That line's slope, rise over run, is the average steepness between them.",
        )
        self.play(GrowFromCenter(self.q_dot), *self.say("Add a second point, h further on."))
        self.play(Create(self.secant), Create(self.run_line), Create(self.rise_line),
                  FadeIn(self.h_label), run_time=1.5)
        readouts = [self.slope_name, self.slope_value]
        if self.show_h_readout:
            readouts += [self.h_name, self.h_value]
        self.play(FadeIn(*readouts))
        if not self.layout.stacked:
            self.play(FadeIn(self.table.header, self.table.rule, self.table.rows[0]))
        self.pause(2)

    def shrink_h(self) -> None:
        facts = self.secant_facts
        slopes = ", ".join(number(s.slope) for s in facts.secants)
        self.beat(
            "shrink",
            f"Now slide the second point closer. The secant slopes read {slopes}: "
            "they settle as h shrinks.",
        )
        self.play(*self.say("What happens as h shrinks?", color=self.theme.highlight))
        self.pause(2)
        for index, secant in enumerate(facts.secants[1:], start=1):
            self.play(self.h.animate.set_value(secant.h), run_time=self.slide_time, rate_func=smooth)
            self.slope_value.set_value(secant.slope)
            if not self.layout.stacked:
                self.play(FadeIn(self.table.rows[index], shift=0.1 * UP), run_time=0.6)
            self.pause(1)
        self.play(*self.say(f"The slopes close in on {number(facts.slope)}."))
        self.pause(2)

    def zoom_in(self) -> None:
        """Magnify the graph around the point, shrink h further with the zoom following it,
        then zoom back out. The readouts and the table stay where they are."""
        facts = self.secant_facts
        start = self.h.get_value()
        end = zoom_step([s.h for s in facts.secants])
        final_rise = float(self.f(np.array(self.a + end))) - self.fa
        times = round(zoom_factor(self.view, end, final_rise))
        self.beat(
            "zoom",
            f"Zoom in on the point, about {times} times: the second point, the rise and the run "
            "keep their size, and the curve between them straightens. Up close, "
            f"{self.n.name} looks like a line of slope {number(facts.slope)}.",
        )
        graph_marks = [self.plot.axes, self.plot.labels, self.plot.x_name, self.plot.y_name]
        moving = [self.curve, self.p_dot, self.zoom_value]
        keep_fresh(*moving)  # the secant's updater redraws them while the window changes
        self.play(fade_out(*graph_marks), fade_in(self.lens_frame),
                  *self.say("Zoom in on the point."), run_time=1.0)
        self.play(self.zoom.animate.set_value(1.0), run_time=self.zoom_time, rate_func=smooth)
        self.play(FadeIn(self.zoom_name, self.zoom_value), run_time=0.6)
        self.pause(1)
        if end < start:
            self.play(self.h.animate.set_value(end),
                      *self.say("Closer in, the curve looks straight."),
                      run_time=2 * self.slide_time, rate_func=smooth)
            self.pause(1)
        self.play(FadeOut(self.zoom_name, self.zoom_value), *self.say("Zoom back out."),
                  run_time=0.6)
        self.play(self.zoom.animate.set_value(0.0), run_time=self.zoom_time, rate_func=smooth)
        self.play(fade_in(*graph_marks), fade_out(self.lens_frame), run_time=1.0)
        self.bring_to_back(*graph_marks)  # under the curve again, as they were
        for mobject in moving:
            mobject.clear_updaters()  # back to still pictures: no redraw every frame
        self.pause(1)

    def show_algebra(self) -> None:
        facts = self.secant_facts
        self.beat(
            "algebra",
            f"Algebra tells the same story. The difference quotient at {self.n.at(number(facts.x))} "
            f"simplifies to {facts.quotient.replace('*', '')}, and as h goes to zero it heads "
            f"to {number(facts.slope)}.",
        )
        if self.layout.stacked:  # the algebra takes the panel's two rows for a while
            outgoing = [FadeOut(self.f_label, self.slope_name, self.slope_value)]
            if self.show_h_readout:
                outgoing.append(FadeOut(self.h_name, self.h_value))
        else:
            outgoing = [FadeOut(self.table)]
        first = self.algebra[0]
        self.play(in_turn(outgoing, [FadeIn(first)]), *self.say("Write the slope with h left in it."))
        self.pause(1)
        current = first
        for line in self.algebra[1:]:
            self.play(hand_over(current, line), run_time=1.0)
            current = line
            self.pause(1)
        self.algebra_shown = current
        self.pause(1)

    def reveal_tangent(self) -> None:
        facts = self.secant_facts
        self.beat(
            "tangent",
            f"Squeeze h all the way down and the secant turns into the tangent line, "
            f"{line_equation(facts.tangent.slope, facts.tangent.intercept, self.n.variable)}. "
            f"Its slope, {number(facts.slope)}, is the derivative at {self.n.at(number(facts.x))}.",
        )
        steps = [s.h for s in facts.secants]
        if self.h.get_value() != final_step(steps):  # the zoom may have taken h there already
            self.play(self.h.animate.set_value(final_step(steps)), run_time=2.5, rate_func=linear)
        self.q_dot.clear_updaters()  # from here the readout shows the exact derivative
        self.slope_value.set_value(facts.slope)
        self.play(Create(self.tangent), FadeOut(self.run_line, self.rise_line, self.h_label),
                  run_time=1.5)
        returning = [FadeIn(self.slope_name, self.slope_value)] if self.layout.stacked else []
        self.play(in_turn([FadeOut(self.algebra_shown)], [FadeIn(self.tangent_label), *returning]),
                  *self.say(f"Tangent slope: {self.n.slope_tex(number(facts.x))} = {number(facts.slope)}"))
        self.pause(2)

    def conclude(self) -> None:
        self.beat(
            "takeaway",
            "The derivative is what the secant slopes settle on as the second point closes in: "
            "the slope of the tangent line.",
        )
        leaving = [self.secant, self.q_dot]
        if self.show_h_readout:
            leaving += [self.h_name, self.h_value]  # h has done its job
        self.play(FadeOut(*leaving),
                  *self.say("Derivative = limit of secant slopes", color=self.theme.highlight))
        self.pause(3)
