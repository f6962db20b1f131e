"""One function, many local slopes: the derivative is a new function.

Storyboard: pose the question (how steep is f at each x?), put a tangent on the curve and
plot its slope on a second graph, sweep the tangent along the curve while the slope graph is
traced point by point, stop at each configured point to read the slope's sign (positive:
increasing; negative: decreasing; zero: flat, a peak or dip may be near), finish the trace,
name the traced curve f'(x) with its formula, and end on the takeaway.

Render the default lesson with ``manim -ql scenes/slopes.py SlopesScene``.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import ClassVar

import numpy as np
import sympy
from manim import (
    DOWN,
    LEFT,
    RIGHT,
    UP,
    Animation,
    Create,
    FadeIn,
    FadeOut,
    GrowFromCenter,
    Indicate,
    MathTex,
    ValueTracker,
    VGroup,
    VMobject,
    Write,
    smooth,
)

from derivanim.numbers import format_number, number
from derivanim.sampling import continuous_pieces, numeric_function
from derivanim.slopes import SlopeFacts, SlopePoint, reading, slope_decimals, sweep_range
from derivanim.viewport import Viewport, clip_pieces, fit_viewport, nice_step
from scenes.kit.fit import fit_width
from scenes.kit.layout import Box
from scenes.kit.lesson_scene import LessonScene
from scenes.kit.motion import in_turn
from scenes.kit.plot import CURVE_WIDTH, aligned_plots, dot, fit_plot
from scenes.kit.text import BODY_SIZE, Readout, formula

PLOT_GAP = 0.45
"""Space between the two plots stacked one above the other, in scene units."""
SIDE_GAP = 0.8
"""Space between the two plots side by side (square frames): the upper plot's x name is there."""
TRACE_SAMPLES = 801
"""Samples of f' along the sweep, from which the traced path grows."""
SLOPE_BASELINE_GLYPH = 3
"""The glyph of ``f'(x) =`` that rests on the baseline: the x (f and the brackets descend)."""


class Trace(VGroup):
    """The graph of f' drawn point by point: one path per continuous piece, grown in place.

    Parameters
    ----------
    pieces : list of (N x 3) arrays
        Screen points of each visible, continuous piece, in increasing x.
    xs : list of arrays
        The x of each point.
    color : str
        Stroke colour.
    """

    def __init__(self, pieces: Sequence[np.ndarray], xs: Sequence[np.ndarray], color: str) -> None:
        self.paths = [VMobject(stroke_color=color, stroke_width=CURVE_WIDTH) for _ in pieces]
        super().__init__(*self.paths)
        self.pieces = list(pieces)
        self.xs = list(xs)
        self.full = [False] * len(self.paths)

    def grow_to(self, x: float, end: np.ndarray | None) -> None:
        """Show the graph up to ``x``; ``end`` is the exact screen point at ``x`` (if visible)."""
        for index, (path, points, xs) in enumerate(zip(self.paths, self.pieces, self.xs)):
            if x >= xs[-1]:
                if not self.full[index]:
                    path.set_points_as_corners(points)
                    self.full[index] = True
                continue
            self.full[index] = False
            count = int(np.searchsorted(xs, x, side="right"))
            if count == 0:
                path.clear_points()
                continue
            shown = points[:count]
            if end is not None:
                shown = np.vstack([shown, end])
            if len(shown) < 2:
                path.clear_points()
            else:
                path.set_points_as_corners(shown)


# ---- the scene --------------------------------------------------------------------------
class SlopesScene(LessonScene):
    """A tangent sweeps along f while its slope is traced as a second graph: f'."""

    kind = "slopes"
    sweep_time: ClassVar[float] = 8.0
    """Seconds the tangent would take to sweep the whole x range."""
    shortest_slide: ClassVar[float] = 1.0
    """Fewest seconds for one slide of the tangent."""
    draw_time: ClassVar[float] = 2.0
    """Seconds to draw the curve."""
    swap_time: ClassVar[float] = 1.0
    """Seconds to swap what the panel shows."""

    def construct(self) -> None:
        self.build()
        self.pose_question()
        self.first_tangent()
        for point in self.stops:
            self.read_slope(point)
        self.finish_trace()
        self.name_derivative()
        self.conclude()

    # ---- build every object once --------------------------------------------------------
    def build(self) -> None:
        """Build every object of the lesson, placed, before anything plays."""
        facts: SlopeFacts = self.facts.facts  # type: ignore[assignment]
        self.slope_facts = facts
        self.n = n = facts.notation
        theme = self.theme
        expression, variable = self.facts.expression, self.facts.variable
        self.derivative = sympy.diff(expression, variable)
        self.f = numeric_function(expression, variable)
        self.df = numeric_function(self.derivative, variable)
        self.stops = sorted(facts.points, key=lambda p: p.x)
        self.known = {p.x: p for p in facts.points}
        self.stop: SlopePoint | None = None

        self.f_label = formula(rf"{n.function} = {self.facts.function_latex}", theme, BODY_SIZE,
                               theme.function)
        self.fprime_label = formula(rf"{n.slope_tex(n.variable)} = {facts.derivative_latex}", theme, BODY_SIZE,
                                    theme.derivative)
        self.views = self.fit_views()
        self.build_readouts()
        self.place_plots()
        self.curve = self.plot.curve(expression, variable, theme.function)
        self.trace = self.build_trace()

        x0 = self.sweep[0]
        self.x = ValueTracker(x0)
        self.f_dot = dot(self.plot.c2p(x0, 0), theme.tangent)
        self.d_dot = dot(self.dplot.c2p(x0, 0), theme.derivative)
        self.tangent = self.plot.line_through(x0, 0, 0, theme.tangent, width=5)
        self.sign_color = ""
        self.f_dot.add_updater(lambda _m: self.follow())
        self.follow()

    def build_readouts(self) -> None:
        """``x = ...`` and ``f'(x) = ...``, with slots for every value of the sweep."""
        theme = self.theme
        self.decimals = slope_decimals([p.slope for p in self.slope_facts.points])
        self.x_name = formula(rf"{self.n.variable} =", theme, BODY_SIZE, theme.muted)
        self.slope_name = formula(rf"{self.n.slope_tex(self.n.variable)} =", theme, BODY_SIZE,
                                  theme.derivative)
        low, high = self.sweep
        xs = np.linspace(low, high, TRACE_SAMPLES)
        slopes = self.df(xs)
        texts = [format_number(s, self.decimals) for s in slopes[np.isfinite(slopes)]]
        texts += [format_number(p.slope, self.decimals) for p in self.slope_facts.points]
        self.slope_width = max(self.glyphs.width_of(t) for t in texts)
        x_slots = max(len(format_number(x, 2)) for x in (low, high)) + 1
        self.x_value = Readout(self.glyphs, 0.0, 2, slots=x_slots, color=theme.muted)
        self.slope_value = Readout(self.glyphs, 0.0, self.decimals, slots=max(map(len, texts)) + 1,
                                   color=theme.derivative)
        self.slope_row = VGroup(self.slope_name, self.slope_value)
        self.x_row = VGroup(self.x_name, self.x_value)

    def fit_views(self) -> tuple[Viewport, Viewport]:
        """The windows of f and of f': the same x range, each its own y range."""
        expression, variable = self.facts.expression, self.facts.variable
        xs = [p.x for p in self.slope_facts.points]
        if self.lesson.x_range is not None:
            low, high = self.lesson.x_range
            step = nice_step(high - low)
        else:
            low, high, step = sweep_range(xs)
        ys = [p.y for p in self.slope_facts.points]
        view = fit_viewport(expression, variable, xs, [low, high], ys)
        slopes = [p.slope for p in self.slope_facts.points]
        dview = fit_viewport(self.derivative, variable, xs, [low, high], [0.0, *slopes])
        self.sweep = (low, high)
        x_range = (low, high, step)
        return Viewport(x_range, view.y_range), Viewport(x_range, dview.y_range)

    def place_plots(self) -> None:
        """Both plots, and the readouts and formulas, for this layout."""
        layout, theme, glyphs = self.layout, self.theme, self.glyphs
        view, dview = self.views
        graph, panel = layout.graph, layout.panel
        x, fprime = self.n.variable, self.n.slope_tex(self.n.variable)
        readout_width = self.slope_name.width + 0.2 + self.slope_width
        self.band: Box | None = None
        if not layout.stacked:
            top, bottom = graph.split_rows(1.0, 1.0, gap=PLOT_GAP)
            self.plot, self.dplot = aligned_plots((view, dview), (top, bottom), theme, glyphs,
                                                  ("y", fprime), names=True, x_label=x)
            self.arrange_panel(readout_width)
            return
        if layout.frame_width >= layout.frame_height:  # square frames: the graphs side by side
            middle = graph.center[0]
            left = Box(graph.left, middle - SIDE_GAP / 2, graph.bottom, graph.top)
            right = Box(middle + SIDE_GAP / 2, graph.right, graph.bottom, graph.top)
            self.plot = fit_plot(view, left, theme, glyphs, x, "y")
            self.dplot = fit_plot(dview, right, theme, glyphs, x, fprime)
            self.band = panel
        else:  # tall frames: f above, the readout band, f' below
            heights = [self.f_label.height, self.fprime_label.height, self.slope_name.height]
            band_height = max(heights) + 0.2
            region = Box(graph.left, graph.right, panel.bottom, graph.top)
            plot_height = (region.height - band_height - 2 * 0.1) / 2
            top = Box(region.left, region.right, region.top - plot_height, region.top)
            bottom = Box(region.left, region.right, region.bottom, region.bottom + plot_height)
            self.band = Box(region.left, region.right, bottom.top + 0.1, top.bottom - 0.1)
            self.plot, self.dplot = aligned_plots((view, dview), (top, bottom), theme, glyphs,
                                                  ("y", fprime), names=False, x_label=x)
        self.arrange_band(readout_width)

    def arrange_panel(self, readout_width: float) -> None:
        """Wide frames: the formula, x, the slope, then f'(x), down the side panel."""
        panel = self.layout.panel
        for mobject in (self.f_label, self.fprime_label):
            fit_width(mobject, panel.width)
        self.f_label.next_to(np.array([panel.left, panel.top, 0.0]), DOWN + RIGHT, buff=0)
        self.slope_name.next_to(self.f_label, DOWN, aligned_edge=LEFT, buff=1.1)
        self.x_name.next_to(self.slope_name, UP, aligned_edge=RIGHT, buff=0.4)
        self._anchor(self.x_value, self.x_name, 0)
        self._anchor(self.slope_value, self.slope_name, SLOPE_BASELINE_GLYPH)
        self.fprime_label.next_to(self.f_label, DOWN, aligned_edge=LEFT, buff=0.5)
        self.show_x = True

    def arrange_band(self, readout_width: float) -> None:
        """Stacked frames: one row; f's formula beside the readout if both fit, else in turn."""
        band = self.band
        assert band is not None
        self.show_x = False
        slot_width = max(readout_width, self.fprime_label.width)
        self.side_by_side = self.f_label.width + 0.6 + slot_width <= band.width
        middle = band.center[1]
        if self.side_by_side:
            self.f_label.move_to(np.array([band.left + self.f_label.width / 2, middle, 0.0]))
            slot_left = band.right - slot_width
            self.slope_name.move_to(np.array([slot_left + self.slope_name.width / 2, middle, 0.0]))
            self.fprime_label.move_to(
                np.array([slot_left + self.fprime_label.width / 2, middle, 0.0]))
        else:
            for mobject in (self.f_label, self.fprime_label):
                fit_width(mobject, band.width)
                mobject.move_to(band.center)
            left = band.center[0] - readout_width / 2
            self.slope_name.move_to(np.array([left + self.slope_name.width / 2, middle, 0.0]))
        self._anchor(self.slope_value, self.slope_name, SLOPE_BASELINE_GLYPH)

    @staticmethod
    def _anchor(value: Readout, name: MathTex, glyph: int) -> None:
        """Put a readout right of its name, on the baseline of the name's glyph ``glyph``."""
        baseline = float(name[0][glyph].get_bottom()[1])
        value.move_anchor_to(np.array([name.get_right()[0] + 0.2, baseline, 0.0]))

    def build_trace(self) -> Trace:
        """The path of f' that the sweep grows, from samples clipped to f''s window."""
        low, high = self.sweep
        variable = self.facts.variable
        pieces = clip_pieces(continuous_pieces(self.derivative, variable, low, high, TRACE_SAMPLES,
                                               function=self.df), self.dplot.view)
        return Trace([self.dplot.c2p_many(p.x, p.y) for p in pieces], [p.x for p in pieces],
                     self.theme.derivative)

    # ---- the updater --------------------------------------------------------------------
    def values_at(self, x: float) -> tuple[float, float]:
        """f(x) and f'(x): the facts at a configured point, numeric values elsewhere."""
        if x in self.known:
            point = self.known[x]
            return point.y, point.slope
        return float(self.f(np.array([x]))[0]), float(self.df(np.array([x]))[0])

    def follow(self) -> None:
        """Updater: move the tangent, both dots, the trace and the readouts to the tracker's x."""
        x = float(self.x.get_value())
        y, slope = self.values_at(x)
        plot, dplot = self.plot, self.dplot
        if math.isfinite(y) and math.isfinite(slope):
            self.f_dot.move_to(plot.c2p(x, self._clamp(y, plot.view)))
            plot.set_line(self.tangent, x, y, slope)
            self.d_dot.move_to(dplot.c2p(x, self._clamp(slope, dplot.view)))
            inside = dplot.inside(x, slope)
            self.trace.grow_to(x, dplot.c2p(x, slope) if inside else None)
            self.slope_value.set_value(slope)
            self.recolor(slope)
        self.x_value.set_value(x)

    @staticmethod
    def _clamp(value: float, view: Viewport) -> float:
        return min(max(value, view.y_range[0]), view.y_range[1])

    def recolor(self, slope: float) -> None:
        """Colour the slope's value by its sign as shown (rounded to zero reads as flat)."""
        shown = float(format_number(slope, self.decimals))
        theme = self.theme
        color = theme.positive if shown > 0 else theme.negative if shown < 0 else theme.highlight
        if color != self.sign_color:
            self.slope_value.set_fill(color)
            self.sign_color = color

    def settle(self, x: float) -> None:
        """Put the tangent exactly on ``x`` and refresh everything that follows it."""
        self.x.set_value(x)
        self.follow()

    def slide_to(self, x: float) -> None:
        """Sweep the tangent to ``x`` at the scene's pace, then settle exactly there."""
        low, high = self.sweep
        distance = abs(x - float(self.x.get_value()))
        run_time = max(self.shortest_slide, self.sweep_time * distance / (high - low))
        self.stop = None
        self.play(self.x.animate.set_value(x), run_time=run_time, rate_func=smooth)
        self.settle(x)

    # ---- beats --------------------------------------------------------------------------
    def pose_question(self) -> None:
        self.beat(
            "question",
            f"Here is {self.n.function} = {self.lesson.function}. It rises, falls and rises again. "
            f"How steep is it at each {self.n.variable}? One number per point is not enough: "
            "every point has its own slope.",
        )
        title = self.title_text(self.lesson.title)
        plot = self.plot
        self.play(FadeIn(title), Create(plot.axes), FadeIn(plot.labels),
                  FadeIn(VGroup(*[m for m in (plot.x_name, plot.y_name) if m in plot.submobjects])),
                  run_time=1.5)
        self.play(Create(self.curve), Write(self.f_label), run_time=self.draw_time)
        self.play(*self.say(f"How steep is {self.n.name} at each {self.n.variable}?"))
        self.pause(2)

    def first_tangent(self) -> None:
        x0 = number(self.sweep[0])
        self.beat(
            "graph",
            f"Put a tangent line on the curve at {self.n.at(x0)}. Its slope says how steep "
            f"{self.n.name} is there. Below, we plot that slope as a point, and keep plotting it "
            f"as the tangent moves: the slope graph {self.n.slope_tex(self.n.variable)}.",
        )
        shown: list[Animation] = [FadeIn(self.slope_row)]
        if self.show_x:
            shown.append(FadeIn(self.x_row))
        leaving = [FadeOut(self.f_label)] if self.band is not None and not self.side_by_side else []
        self.play(Create(self.tangent), GrowFromCenter(self.f_dot), in_turn(leaving, shown),
                  *self.say_first(f"The tangent shows how steep {self.n.name} is here.",
                                  f"The tangent: how steep {self.n.name} is."),
                  run_time=1.5)
        self.pause(1)
        dplot = self.dplot
        names = [m for m in (dplot.x_name, dplot.y_name) if m in dplot.submobjects]
        self.play(Create(dplot.axes), FadeIn(dplot.labels, *names), GrowFromCenter(self.d_dot),
                  *self.say_first(f"Below: that slope, plotted at each {self.n.variable}.",
                           "Below: the slope, as a graph."),
                  run_time=1.5)
        self.add(self.trace)
        self.bring_to_front(self.d_dot)
        self.pause(2)

    def read_slope(self, point: SlopePoint) -> None:
        line, caption = reading(point, self.n)
        self.beat(f"point {self.stops.index(point)}", caption)
        self.slide_to(point.x)
        self.stop = point
        color = {"positive": self.theme.positive, "negative": self.theme.negative}.get(
            point.sign, self.theme.highlight)
        self.play(Indicate(self.d_dot, color=color), *self.say_first(*line, color=color))
        self.pause(2)

    def finish_trace(self) -> None:
        self.beat(
            "sweep",
            f"Keep sweeping to the end. Every {self.n.variable} has its own slope, and together "
            "the slopes trace out a whole new curve.",
        )
        self.play(*self.say(f"Every {self.n.variable} has its own slope."))
        self.slide_to(self.sweep[1])
        self.pause(1)

    def name_derivative(self) -> None:
        derivative, n = self.slope_facts.derivative.replace("*", ""), self.n
        self.beat(
            "derivative",
            f"That new curve is the derivative of {n.name}, written {n.name}'. For "
            f"{n.function} = {self.lesson.function} it is {n.slope_tex(n.variable)} = {derivative}: "
            f"a formula for the slope at every {n.variable}.",
        )
        readouts = VGroup(self.slope_row, *([self.x_row] if self.show_x else []))
        self.play(FadeOut(readouts), run_time=self.swap_time / 2)
        self.play(Write(self.fprime_label),
                  Indicate(self.trace, color=self.theme.highlight, scale_factor=1.0),
                  *self.say(f"The slopes form a new function: {self.n.name}'."), run_time=1.5)
        self.pause(2)

    def conclude(self) -> None:
        self.beat(
            "takeaway",
            f"The takeaway: the derivative is a function of its own. Feed it any {self.n.variable} "
            f"and it returns the slope of {self.n.name} there: positive where {self.n.name} rises, "
            "negative where it falls, zero where it is flat.",
        )
        self.play(*self.say("The derivative is a new function.",
                            color=self.theme.highlight))
        self.pause(3)
