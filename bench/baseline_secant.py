"""The secant lesson written the way Manim scenes are commonly written: the peer baseline.

Same lesson, same beats, same animations and the same length as :class:`scenes.secant.SecantScene`,
with every moving part rebuilt from scratch on every frame by ``always_redraw``: the second
point, the secant (a fresh ``axes.plot``), the dashed rise and run, the ``h`` label, and the
two readouts (a ``MathTex`` name beside a new ``DecimalNumber``). Axis numbers, table cells and
the static formulas are ``DecimalNumber`` and ``MathTex`` objects as usual. Every number comes
from derivanim's facts; the pauses and slide times are read from our scene's class attributes,
so the two videos stay the same length.

Only the way the scene is written differs, so the benchmark renders both through the same
path (:mod:`bench.inprocess`). It also renders with plain Manim (default lesson)::

    .venv/bin/manim -ql bench/baseline_secant.py BaselineSecantScene
"""

from __future__ import annotations

from typing import Any

import numpy as np
import sympy
from manim import (
    DOWN,
    LEFT,
    RIGHT,
    UP,
    Axes,
    Create,
    DashedLine,
    DecimalNumber,
    Dot,
    FadeIn,
    FadeOut,
    FadeTransform,
    GrowFromCenter,
    Line,
    MathTex,
    Mobject,
    Scene,
    Text,
    ValueTracker,
    VGroup,
    Write,
    always_redraw,
    linear,
    smooth,
)

from derivanim.config import DEFAULT_CONFIG, load_course
from derivanim.facts import LessonFacts, lesson_facts
from derivanim.numbers import line_equation, number
from derivanim.secants import SecantFacts, final_step
from derivanim.viewport import Viewport, clip_line, fit_viewport
from scenes.kit.theme import THEMES, Theme
from scenes.secant import SecantScene

PROSE_SIZE = 30
FORMULA_SIZE = 40
LABEL_SIZE = 28


def _default_facts() -> LessonFacts:
    """The default course's secant lesson (for ``manim bench/baseline_secant.py``)."""
    course = load_course(DEFAULT_CONFIG)
    lesson = next(item for item in course.lessons if item.kind == "secant")
    return lesson_facts(lesson)


def _decimals(value: float) -> int:
    """Decimals that show a slope to 3-4 significant digits.

    Examples
    --------
    >>> _decimals(4.0), _decimals(0.36)
    (2, 4)
    """
    return 4 if 0 < abs(value) < 1 else 2


def _exact_decimals(value: float) -> int:
    """Decimals that write a step such as h or a tick spacing exactly (at most 4).

    Examples
    --------
    >>> _exact_decimals(0.25), _exact_decimals(10.0), _exact_decimals(0.5)
    (2, 0, 1)
    """
    return next((d for d in range(5) if abs(round(value, d) - value) < 1e-12), 4)


class BaselineSecantScene(Scene):
    """Secants approach the tangent, everything that moves redrawn every frame.

    Parameters
    ----------
    facts : LessonFacts, optional
        A secant lesson; the default course's when omitted.
    theme : str
        Colour theme (the same colours as our scene).
    """

    read_time: float = SecantScene.read_time
    slide_time: float = SecantScene.slide_time

    def __init__(self, facts: LessonFacts | None = None, theme: str = "dark", **kwargs: Any) -> None:
        self.lesson_facts = facts if facts is not None else _default_facts()
        self.colors: Theme = THEMES[theme]
        self.prose_line: Mobject | None = None
        super().__init__(**kwargs)

    def construct(self) -> None:
        self.camera.background_color = self.colors.background
        self.setup_objects()
        self.pose_question()
        self.draw_first_secant()
        self.shrink_h()
        self.show_algebra()
        self.reveal_tangent()
        self.conclude()

    # ---- helpers ----------------------------------------------------------------------
    def wait_lines(self, lines: int = 1) -> None:
        """Pause long enough to read ``lines`` short lines (as our scene does)."""
        self.wait(self.read_time * lines)

    def say(self, text: str, color: str | None = None) -> list[Any]:
        """Animations replacing the line of prose at the bottom."""
        line = Text(text, font_size=PROSE_SIZE, color=color or self.colors.text)
        if line.width > 12.5:
            line.scale_to_fit_width(12.5)
        line.to_edge(DOWN, buff=1.2)
        animations: list[Any] = [FadeIn(line, shift=0.15 * DOWN)]
        if self.prose_line is not None:
            animations.append(FadeOut(self.prose_line))
        self.prose_line = line
        return animations

    def plot_line(self, slope: float, color: str, width: float = 4.0) -> Mobject:
        """The line through the point with this slope, plotted on the axes inside the window."""
        a, fa = self.facts.x, self.facts.y
        segment = clip_line(a, fa, slope, self.view)
        if segment is None:
            return Dot(self.axes.c2p(a, fa), radius=0.0)
        (x_low, _), (x_high, _) = segment
        return self.axes.plot(lambda x: fa + slope * (x - a), x_range=[x_low, x_high],
                              color=color, stroke_width=width)

    def slope_now(self) -> float:
        h = self.h.get_value()
        return (self.f(self.facts.x + h) - self.facts.y) / h

    # ---- build ------------------------------------------------------------------------
    def setup_objects(self) -> None:
        item = self.lesson_facts
        self.facts: SecantFacts = item.facts  # type: ignore[assignment]
        facts, colors = self.facts, self.colors
        compiled = sympy.lambdify(item.variable, item.expression, "numpy")
        self.f = lambda x: float(compiled(x))
        a, fa = facts.x, facts.y
        self.view: Viewport = fit_viewport(item.expression, item.variable,
                                           [a, *[s.x2 for s in facts.secants]],
                                           item.lesson.x_range)
        x_low, x_high, x_step = self.view.x_range
        y_low, y_high, y_step = self.view.y_range
        self.axes = Axes(
            x_range=[x_low, x_high, x_step], y_range=[y_low, y_high, y_step],
            x_length=7.0, y_length=5.0, tips=False,
            axis_config={"color": colors.axes, "include_numbers": True,
                         "font_size": LABEL_SIZE, "stroke_width": 2},
            x_axis_config={"decimal_number_config": {"num_decimal_places": _exact_decimals(x_step)}},
            y_axis_config={"decimal_number_config": {"num_decimal_places": _exact_decimals(y_step)}},
        ).to_corner(LEFT + UP, buff=0.7).shift(0.6 * DOWN)
        self.axis_names = self.axes.get_axis_labels(
            MathTex("x", color=colors.muted), MathTex("y", color=colors.muted))
        xs = np.linspace(x_low, x_high, 1201)
        ys = np.array([self.f(x) for x in xs])
        inside = xs[(ys >= y_low) & (ys <= y_high)]
        self.curve = self.axes.plot(self.f, x_range=[float(inside.min()), float(inside.max())],
                                    color=colors.function, stroke_width=5)
        self.title = Text(item.lesson.title, font_size=36, color=colors.text).to_edge(UP, buff=0.5)
        self.f_label = MathTex(rf"f(x) = {item.function_latex}", font_size=FORMULA_SIZE,
                               color=colors.function)
        self.f_label.move_to(np.array([self.axes.get_right()[0] + 0.8, 2.6, 0.0]),
                             aligned_edge=LEFT)

        self.h = ValueTracker(facts.secants[0].h)
        axes, h = self.axes, self.h
        self.p_dot = Dot(axes.c2p(a, fa), radius=0.09, color=colors.function)
        self.q_dot = always_redraw(lambda: Dot(
            axes.c2p(a + h.get_value(), self.f(a + h.get_value())), radius=0.09,
            color=colors.secant))
        self.secant = always_redraw(lambda: self.plot_line(self.slope_now(), colors.secant))
        self.run_line = always_redraw(lambda: DashedLine(
            axes.c2p(a, fa), axes.c2p(a + h.get_value(), fa), color=colors.muted, stroke_width=3))
        self.rise_line = always_redraw(lambda: DashedLine(
            axes.c2p(a + h.get_value(), fa),
            axes.c2p(a + h.get_value(), self.f(a + h.get_value())),
            color=colors.muted, stroke_width=3))
        self.h_label = always_redraw(lambda: MathTex("h", font_size=FORMULA_SIZE,
                                                     color=colors.muted)
                                     .next_to(self.run_line, DOWN, buff=0.1))

        step_decimals = max(2, max(_exact_decimals(s.h) for s in facts.secants))
        slope_decimals = _decimals(facts.slope)
        self.h_readout = always_redraw(lambda: VGroup(
            MathTex("h =", font_size=FORMULA_SIZE, color=colors.muted),
            DecimalNumber(h.get_value(), num_decimal_places=step_decimals,
                          font_size=FORMULA_SIZE, color=colors.muted),
        ).arrange(RIGHT, buff=0.2).next_to(self.f_label, DOWN, aligned_edge=LEFT, buff=0.4))
        self.slope_readout = always_redraw(lambda: VGroup(
            MathTex(r"\text{slope} =", font_size=FORMULA_SIZE, color=colors.secant),
            DecimalNumber(self.slope_now(), num_decimal_places=slope_decimals,
                          font_size=FORMULA_SIZE, color=colors.secant),
        ).arrange(RIGHT, buff=0.2).next_to(self.f_label, DOWN, aligned_edge=LEFT, buff=0.4)
            .shift(2.2 * RIGHT))
        self.slope_decimals = slope_decimals

        header = VGroup(MathTex("h", font_size=LABEL_SIZE + 12, color=colors.muted),
                        MathTex(r"\text{slope}", font_size=LABEL_SIZE + 12, color=colors.secant))
        header.arrange(RIGHT, buff=1.2)
        rows = VGroup(*[
            VGroup(DecimalNumber(s.h, num_decimal_places=step_decimals, font_size=LABEL_SIZE + 12,
                                 color=colors.muted),
                   DecimalNumber(s.slope, num_decimal_places=slope_decimals,
                                 font_size=LABEL_SIZE + 12, color=colors.secant))
            .arrange(RIGHT, buff=1.0)
            for s in facts.secants
        ]).arrange(DOWN, buff=0.25)
        rows.next_to(header, DOWN, buff=0.35)
        self.rule = Line(header.get_corner(LEFT + DOWN), header.get_corner(RIGHT + DOWN),
                         color=colors.muted, stroke_width=2).shift(0.15 * DOWN)
        self.header, self.rows = header, rows
        VGroup(header, self.rule, rows).next_to(self.f_label, DOWN, aligned_edge=LEFT, buff=1.3)

        lines = [rf"\frac{{f({number(a)} + h) - f({number(a)})}}{{h}}"]
        lines += [rf"= {step}" for step in facts.quotient_steps]
        lines.append(rf"\to {number(facts.slope)} \text{{ as }} h \to 0")
        algebra = [MathTex(tex, font_size=FORMULA_SIZE, color=colors.text) for tex in lines]
        self.algebra = [algebra[0], *[m for m in algebra[1:-1] if m.width <= 5.6], algebra[-1]]
        for line in self.algebra:
            line.next_to(self.f_label, DOWN, aligned_edge=LEFT, buff=1.3)
        self.tangent = self.plot_line(facts.slope, colors.tangent, width=5)
        self.tangent_label = MathTex(line_equation(facts.tangent.slope, facts.tangent.intercept),
                                     font_size=FORMULA_SIZE, color=colors.tangent)
        self.tangent_label.next_to(self.algebra[0], DOWN, aligned_edge=LEFT, buff=0.6)

    # ---- beats (the same plays and pauses as our scene) --------------------------------
    def pose_question(self) -> None:
        a = number(self.facts.x)
        self.next_section("The question")
        self.play(FadeIn(self.title), Create(self.axes), FadeIn(self.axis_names), run_time=1.5)
        self.play(Create(self.curve), Write(self.f_label), run_time=2)
        self.play(GrowFromCenter(self.p_dot), *self.say(f"How steep is it at x = {a}?"))
        self.wait_lines(2)

    def draw_first_secant(self) -> None:
        self.next_section("One secant")
        self.play(GrowFromCenter(self.q_dot), *self.say("Add a second point, h further on."))
        self.play(Create(self.secant), Create(self.run_line), Create(self.rise_line),
                  FadeIn(self.h_label), run_time=1.5)
        self.play(FadeIn(self.slope_readout, self.h_readout))
        self.play(FadeIn(self.header, self.rule, self.rows[0]))
        self.wait_lines(2)

    def shrink_h(self) -> None:
        self.next_section("Shrink h")
        self.play(*self.say("What happens as h shrinks?", color=self.colors.highlight))
        self.wait_lines(2)
        for index, secant in enumerate(self.facts.secants[1:], start=1):
            self.play(self.h.animate.set_value(secant.h), run_time=self.slide_time,
                      rate_func=smooth)
            self.play(FadeIn(self.rows[index], shift=0.1 * UP), run_time=0.6)
            self.wait_lines(1)
        self.play(*self.say(f"The slopes close in on {number(self.facts.slope)}."))
        self.wait_lines(2)

    def show_algebra(self) -> None:
        self.next_section("The algebra")
        first = self.algebra[0]
        self.play(FadeOut(self.header, self.rule, self.rows), FadeIn(first),
                  *self.say("Write the slope with h left in it."))
        self.wait_lines(1)
        current = first
        for line in self.algebra[1:]:
            self.play(FadeTransform(current, line), run_time=1.0)
            current = line
            self.wait_lines(1)
        self.algebra_shown = current
        self.wait_lines(1)

    def reveal_tangent(self) -> None:
        facts = self.facts
        self.next_section("The tangent")
        self.play(self.h.animate.set_value(final_step([s.h for s in facts.secants])),
                  run_time=2.5, rate_func=linear)
        for mobject in (self.q_dot, self.secant, self.slope_readout):
            mobject.clear_updaters()  # from here on the readout shows the exact derivative
        exact = VGroup(
            MathTex(r"\text{slope} =", font_size=FORMULA_SIZE, color=self.colors.secant),
            DecimalNumber(facts.slope, num_decimal_places=self.slope_decimals,
                          font_size=FORMULA_SIZE, color=self.colors.secant),
        ).arrange(RIGHT, buff=0.2).move_to(self.slope_readout, aligned_edge=LEFT)
        self.remove(self.slope_readout)
        self.add(exact)
        self.play(Create(self.tangent), FadeOut(self.run_line, self.rise_line, self.h_label),
                  run_time=1.5)
        self.play(FadeOut(self.algebra_shown), FadeIn(self.tangent_label),
                  *self.say(f"Tangent slope: f'({number(facts.x)}) = {number(facts.slope)}"))
        self.wait_lines(2)

    def conclude(self) -> None:
        self.next_section("Takeaway")
        self.play(FadeOut(self.secant, self.q_dot, self.h_readout),
                  *self.say("Derivative = limit of secant slopes", color=self.colors.highlight))
        self.wait_lines(3)


__all__ = ["BaselineSecantScene"]
