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
import sympy
from manim import (
    DOWN,
    LEFT,
    RIGHT,
    UP,
    Arrow,
    Create,
    DashedLine,
    FadeIn,
    FadeOut,
    FadeTransform,
    GrowFromCenter,
    Mobject,
    ValueTracker,
    VGroup,
    Write,
    smooth,
)

from derivanim.limits import LimitFacts, TableRow
from derivanim.numbers import format_number, number
from derivanim.sampling import NumericFunction, numeric_function
from derivanim.viewport import Viewport, fit_viewport
from scenes.kit.layout import Box
from scenes.kit.lesson_scene import LessonScene
from scenes.kit.text import BODY_SIZE, GlyphSet, Readout, formula, number_label
from scenes.kit.theme import Theme
from scenes.kit.widgets import Plot, ValueTable, dot, open_circle
from derivanim.numbers import exact_decimals, tick_values
from scenes.kit.fit import first_fitting, fit_width

MIN_TICK_GAP = 0.45
"""Smallest distance between neighbouring y tick labels, in scene units (digits are ~0.29 high)."""
ARROW_LENGTH = 0.45
"""Length of the arrow that marks a point whose value is off the chart."""
VALUE_DECIMALS = 4
"""Decimals of every value of f shown (table and readout)."""
ROW_STEP = 0.62
"""Distance between the baselines of the two readout rows."""
HUGE = 1e5
"""Values beyond this are not walked into: the readout would need too many digits."""


# ---- pure helpers ------------------------------------------------------------------------
def label_every(spacing: float, room: float) -> int:
    """Label every n-th tick so that labels ``room`` wide (or high) fit ``spacing`` apart.

    Examples
    --------
    >>> label_every(0.6, 0.45), label_every(0.27, 0.45), label_every(0.1, 0.45)
    (1, 2, 5)
    """
    return max(1, math.ceil(room / spacing - 1e-9))


def labelled(value: float, low: float, high: float, step: float, every: int) -> bool:
    """Whether a tick gets a label: every n-th tick, counted from 0 when 0 is in range.

    Examples
    --------
    >>> [v for v in tick_values(-0.2, 1.2, 0.2) if labelled(v, -0.2, 1.2, 0.2, 2)]
    [0.0, 0.4, 0.8, 1.2]
    """
    origin = 0.0 if low <= 0.0 <= high else low
    return round((value - origin) / step) % every == 0


class EdgePlot(Plot):
    """A :class:`Plot` whose tick labels sit outside the axes' box, on its left and bottom edges.

    The kit's plot writes its labels beside the axes lines, which cross the middle of the box
    whenever 0 is inside a range; there a curve (sin(x)/x near its peak at x = 0, a cubic through
    the origin) runs over them. Here the axes lines stay where 0 is, with their ticks, and the
    numbers and the axis names move out to the box's edges, where no curve can reach them.

    Parameters
    ----------
    view, box, theme, glyphs, x_label, y_label
        As for :class:`Plot`.
    names : bool
        Whether to draw the axis names (tight layouts leave them out).
    """

    def __init__(self, view: Viewport, box: Box, theme: Theme, glyphs: GlyphSet,
                 x_label: str = "x", y_label: str = "y", names: bool = True) -> None:
        super().__init__(view, box, theme, glyphs, x_label, y_label)
        if not names:
            self.remove(self.x_name, self.y_name)

    def _tick_labels(self, glyphs: GlyphSet, theme: Theme) -> list[Readout]:
        labels: list[Readout] = []
        (x_low, x_high, x_step), (y_low, y_high, y_step) = self.view.x_range, self.view.y_range
        x_decimals, y_decimals = exact_decimals(x_step, most=6), exact_decimals(y_step, most=6)
        x_values = tick_values(x_low, x_high, x_step)
        widest = max(glyphs.width_of(format_number(v, x_decimals)) for v in x_values)
        x_every = label_every(self.axes.x_axis.get_unit_size() * x_step, widest + 0.15)
        y_every = label_every(self.axes.y_axis.get_unit_size() * y_step, MIN_TICK_GAP)
        for value in x_values:
            if labelled(value, x_low, x_high, x_step, x_every):
                label = number_label(glyphs, value, x_decimals, theme.muted)
                label.next_to(self.axes.c2p(value, y_low), DOWN, buff=0.14)
                labels.append(label)
        for value in tick_values(y_low, y_high, y_step)[1:]:  # the corner belongs to the x labels
            if labelled(value, y_low, y_high, y_step, y_every):
                label = number_label(glyphs, value, y_decimals, theme.muted)
                label.next_to(self.axes.c2p(x_low, value), LEFT, buff=0.14)
                labels.append(label)
        return labels

    def _place_names(self) -> None:
        x_axis_y = min(max(0.0, self.view.y_range[0]), self.view.y_range[1])
        y_axis_x = min(max(0.0, self.view.x_range[0]), self.view.x_range[1])
        self.x_name.next_to(self.axes.c2p(self.view.x_range[1], x_axis_y), RIGHT, buff=0.12)
        self.y_name.next_to(self.axes.c2p(y_axis_x, self.view.y_range[1]), UP, buff=0.1)


def fit_plot(view: Viewport, region: Box, theme: Theme, glyphs: GlyphSet,
             x_label: str = "x", y_label: str = "y", names: bool = True) -> EdgePlot:
    """A plot with edge labels that fills ``region`` exactly (labels included), centred in it.

    The kit's plot reserves room for its labels by estimate; this builds the plot once to
    measure it, then rebuilds it (at most twice more) in a box grown or shrunk by the difference.
    """
    box = region
    plot = EdgePlot(view, box, theme, glyphs, x_label, y_label, names)
    for _ in range(3):
        grow_w, grow_h = region.width - plot.width, region.height - plot.height
        if abs(grow_w) < 1e-3 and abs(grow_h) < 1e-3:
            break
        box = Box(box.left, box.right + grow_w, box.bottom, box.top + grow_h)
        plot = EdgePlot(view, box, theme, glyphs, x_label, y_label, names)
    plot.shift(region.center - plot.get_center())
    return plot


def point_text(point: float) -> str:
    """The point as it appears inside a formula (negative points in parentheses).

    Examples
    --------
    >>> point_text(0.0), point_text(-1.0), point_text(0.5)
    ('0', '(-1)', '0.5')
    """
    text = number(point)
    return f"({text})" if point < 0 else text


def plug_in_latex(expression: sympy.Expr, variable: sympy.Symbol, point: float,
                  value: float | None) -> tuple[tuple[str, str], str]:
    """What plugging the point into f gives, as TeX, and which case it is.

    Returns
    -------
    tex : pair of str
        ``f(a) = <f with a written in> = <outcome>``, and ``f(a) = <outcome>`` for frames too
        narrow for the first.
    case : {"value", "zero-over-zero", "over-zero", "undefined"}
        A number, 0/0, c/0, or no number for another reason.

    Examples
    --------
    >>> from derivanim.expressions import parse_expression, symbol
    >>> x = symbol("x")
    >>> (full, short), case = plug_in_latex(parse_expression("sin(x)/x"), x, 0, None)
    >>> full
    'f(0) = \\\\frac{\\\\sin{\\\\left(0 \\\\right)}}{0} = \\\\frac{0}{0}'
    >>> short, case
    ('f(0) = \\\\frac{0}{0}', 'zero-over-zero')
    >>> plug_in_latex(parse_expression("1/x"), x, 0, None)[1]
    'over-zero'
    >>> plug_in_latex(parse_expression("x^2"), x, -1, 1.0)[0]
    ('f(-1) = (-1)^{2} = 1', 'f(-1) = 1')
    """
    written = sympy.latex(expression, symbol_names={variable: point_text(point)})
    name = rf"f({number(point)})"
    if value is not None:
        outcome, case = number(value), "value"
    else:
        numerator, denominator = sympy.fraction(expression)
        at = sympy.nsimplify(point)
        top = sympy.N(numerator.subs(variable, at))
        bottom = sympy.N(denominator.subs(variable, at))
        if bottom == 0 and top.is_number and top.is_finite and top.is_real:
            outcome = rf"\frac{{{number(float(top))}}}{{0}}"
            case = "zero-over-zero" if top == 0 else "over-zero"
        else:
            outcome, case = r"\text{undefined}", "undefined"
    if written == outcome:  # already reads c/0: say nothing twice
        return (rf"{name} = {written}", rf"{name} = {outcome}"), case
    return (rf"{name} = {written} = {outcome}", rf"{name} = {outcome}"), case


def _limit_value_latex(value: float | None, short: bool = False) -> str:
    if value is None:
        return r"\text{none}" if short else r"\text{no single value}"
    if math.isinf(value):
        return r"+\infty" if value > 0 else r"-\infty"
    return number(value)


def side_latex(point: float, side: int, value: float | None) -> tuple[str, str]:
    """The one-sided limit as TeX: where f heads as x approaches from one side.

    Returns the full form and a compact one, for frames too narrow for the first.

    Examples
    --------
    >>> side_latex(0, -1, -1.0)[0]
    'x \\\\to 0^{-} \\\\colon\\\\; f(x) \\\\to -1'
    >>> side_latex(0, 1, math.inf)[1]
    '0^{+} \\\\colon\\\\; f \\\\to +\\\\infty'
    >>> side_latex(2, 1, None)[0]
    'x \\\\to 2^{+} \\\\colon\\\\; \\\\text{no single value}'
    >>> side_latex(2, 1, None)[1]
    '2^{+} \\\\colon\\\\; \\\\text{none}'
    """
    end = rf"{number(point)}^{{{'-' if side < 0 else '+'}}} \colon\; "
    if value is None:
        return rf"x \to {end}" + _limit_value_latex(value), end + _limit_value_latex(value, True)
    full = rf"x \to {end}f(x) \to {_limit_value_latex(value)}"
    return full, rf"{end}f \to {_limit_value_latex(value)}"


def conclusion_latex(facts: LimitFacts) -> str:
    """The answer as TeX: the limit, or why there is none.

    Examples
    --------
    >>> from derivanim.expressions import parse_expression, symbol
    >>> from derivanim.limits import limit_facts
    >>> x = symbol("x")
    >>> conclusion_latex(limit_facts(parse_expression("sin(x)/x"), x, 0))
    '\\\\lim_{x \\\\to 0} f(x) = 1'
    >>> conclusion_latex(limit_facts(parse_expression("abs(x)/x"), x, 0))
    '\\\\text{no limit}'
    """
    a = number(facts.point)
    if facts.behaviour == "continuous":
        return rf"\lim_{{x \to {a}}} f(x) = {number(facts.limit)} = f({a})"
    if facts.behaviour == "removable":
        return rf"\lim_{{x \to {a}}} f(x) = {number(facts.limit)}"
    return {
        "jump": r"\text{no limit}",
        "infinite": r"\text{no finite limit}",
    }.get(facts.behaviour, r"\text{no limit}")


def heading(side: str, value: float | None) -> tuple[str, str]:
    """A short sentence on where one side heads, and a shorter one for narrow frames.

    Examples
    --------
    >>> heading("left", 1.0)
    ('From the left: heading for 1.', 'Left: heading for 1.')
    >>> heading("right", math.inf)[0], heading("left", None)[1]
    ('From the right: growing without bound.', 'Left: no single value.')
    """
    short = side.capitalize()
    if value is None:
        return f"From the {side}: no single value emerges.", f"{short}: no single value."
    if math.isinf(value):
        trend = "growing" if value > 0 else "falling"
        return f"From the {side}: {trend} without bound.", f"{short}: {trend} without bound."
    target = number(value)
    return f"From the {side}: heading for {target}.", f"{short}: heading for {target}."


# ---- a dot that walks along the curve ---------------------------------------------------
class Walker:
    """A dot that walks along f's graph, driven by a ValueTracker, hidden when off the chart.

    While f(x) is off the chart, the dot hides and an arrow at the edge, where the curve left
    the chart, points the way the values went. Where f is undefined, the dot simply hides.

    Parameters
    ----------
    plot : Plot
        The axes the dot walks on.
    function : callable
        f, vectorised (NaN where undefined).
    known : dict of float to float or None
        Exact values (the facts) at the table's points, used whenever the dot stands on one.
    start : float
        Where the dot starts.
    side : {-1, 1}
        -1 when approaching from the left; the edge arrow sits on this side of the exit point.
    color : str
        Dot and arrow colour.
    """

    def __init__(self, plot: Plot, function: NumericFunction, known: dict[float, float | None],
                 start: float, side: int, color: str) -> None:
        self.plot = plot
        self.function = function
        self.known = known
        self.side = side
        self.tracker = ValueTracker(start)
        self.dot = dot(plot.c2p(start, plot.view.y_range[0]), color)
        self.up = Arrow(np.zeros(3), UP * ARROW_LENGTH, buff=0, color=color, stroke_width=5,
                        max_tip_length_to_length_ratio=0.4)
        self.down = Arrow(np.zeros(3), DOWN * ARROW_LENGTH, buff=0, color=color, stroke_width=5,
                          max_tip_length_to_length_ratio=0.4)
        self.marks = VGroup(self.dot, self.up, self.down)
        self.value: float | None = None
        self.last_inside: float | None = None
        self._shown: Mobject | None = self.up  # anything but the real state: forces the first _show
        self.update()

    @property
    def x(self) -> float:
        """Where the dot stands."""
        return float(self.tracker.get_value())

    def value_at(self, x: float) -> float | None:
        """f(x): the facts' value at a table point, else the numeric value (None if undefined)."""
        if x in self.known:
            return self.known[x]
        y = float(self.function(np.array([x]))[0])
        return y if math.isfinite(y) else None

    def _exit_x(self, x: float, edge: float) -> float:
        """Where the curve crossed ``edge`` between the last visible x and ``x`` (interpolated)."""
        assert self.last_inside is not None
        xs = np.linspace(self.last_inside, x, 65)
        ys = self.function(xs)
        low, high = self.plot.view.y_range[:2]
        outside = ~np.isfinite(ys) | (ys < low) | (ys > high)
        k = int(np.argmax(outside)) if outside.any() else len(xs) - 1
        k = max(k, 1)
        y0, y1 = float(ys[k - 1]), float(ys[k])
        if not (math.isfinite(y0) and math.isfinite(y1)) or y1 == y0:
            return float(xs[k - 1])
        t = min(max((edge - y0) / (y1 - y0), 0.0), 1.0)
        return float(xs[k - 1] + t * (xs[k] - xs[k - 1]))

    def _show(self, visible: Mobject | None) -> None:
        if visible is self._shown:
            return
        for mark in (self.dot, self.up, self.down):
            mark.set_opacity(1.0 if mark is visible else 0.0)
        self._shown = visible

    def update(self) -> None:
        """Place the dot (or the edge arrow) for the tracker's current x."""
        plot, x = self.plot, self.x
        (x_low, x_high), (low, high) = plot.view.x_range[:2], plot.view.y_range[:2]
        x_drawn = min(max(x, x_low), x_high)
        y = self.value_at(x)
        self.value = y
        if y is not None and low <= y <= high:
            self.last_inside = x
            self.dot.move_to(plot.c2p(x_drawn, y))
            self._show(self.dot)
            return
        if y is None or self.last_inside is None:
            park = plot.c2p(x_drawn, min(max(0.0, low), high))
            for mark in (self.dot, self.up, self.down):
                mark.move_to(park)
            self._show(None)
            return
        edge = high if y > high else low
        arrow = self.up if y > high else self.down
        exit_x = min(max(self._exit_x(x, edge), x_low), x_high)
        tip = plot.c2p(exit_x, edge)
        self.dot.move_to(tip + (DOWN if edge == high else UP) * self.dot.height / 2)
        offset = RIGHT * self.side * 0.3
        arrow.move_to(tip + offset - (UP if edge == high else DOWN) * ARROW_LENGTH / 2)
        self._show(arrow)


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
        self.closer = {side: self._closer_target(side, nearest) for side in (-1, 1)}

        self.f_label = formula(rf"f(x) = {self.facts.function_latex}", theme, BODY_SIZE,
                               theme.function)
        self.build_readouts()
        focus = [row.x for row in facts.table]
        extra = [v for v in (facts.limit, facts.left, facts.right, facts.value)
                 if v is not None and math.isfinite(v)]
        view = fit_viewport(expression, variable, focus, self.lesson.x_range, extra)
        self.plot = fit_plot(view, self.plot_region(), theme, self.glyphs)
        self.curve = self.plot.curve(expression, variable, theme.function)

        known = {row.x: row.value for row in facts.table}
        self.left = Walker(self.plot, self.f, known, left_rows[0].x, -1, theme.secant)
        self.right = Walker(self.plot, self.f, known, right_rows[0].x, 1, theme.secant)
        for walker in (self.left, self.right):
            walker.dot.add_updater(lambda _m, w=walker: self.follow(w))

        self.table_x_decimals = max(exact_decimals(row.x) for row in facts.table)
        self.table = ValueTable((r"x", r"f(x)"), [(row.x, row.value) for row in facts.table],
                                (self.table_x_decimals, VALUE_DECIMALS), theme, self.glyphs,
                                colors=(theme.muted, theme.secant))
        plug, self.plug_case = plug_in_latex(expression, variable, self.point, facts.value)
        self.plug = first_fitting(plug, self.layout.panel.width, theme)
        self.sides = VGroup(
            first_fitting(side_latex(self.point, -1, facts.left), self.layout.panel.width, theme),
            first_fitting(side_latex(self.point, 1, facts.right), self.layout.panel.width, theme),
        ).arrange(DOWN, aligned_edge=LEFT, buff=0.3)
        self.conclusion = formula(conclusion_latex(facts), theme, BODY_SIZE, theme.highlight)
        self.markers = self.build_markers()
        self.arrange()

    def _closer_target(self, side: int, nearest: float) -> float | None:
        """Where the last slide of one side ends, or None when f blows up on the way."""
        value = self.limit_facts.left if side < 0 else self.limit_facts.right
        if value is not None and math.isinf(value):
            return None
        start = self.point + side * nearest
        end = self.point + side * nearest / self.closer_factor
        ys = self.f(np.linspace(start, end, 400))
        if np.any(np.abs(ys[np.isfinite(ys)]) > HUGE):
            return None
        return end

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
        self.x_name = formula(r"x =", theme, BODY_SIZE, theme.muted)
        self.x_value = Readout(self.glyphs, stops[0], self.x_decimals,
                               slots=max(len(t) for t in x_texts) + 1, color=theme.muted)
        self.f_name = formula(r"f(x) =", theme, BODY_SIZE, theme.secant)
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
            "The question",
            f"Here is f(x) = {self.lesson.function}. What happens to its values as x gets close "
            f"to {a}? We will watch the values, not just the formula.",
        )
        title = self.title_text(self.lesson.title)
        plot = self.plot
        self.play(FadeIn(title), Create(plot.axes), FadeIn(plot.labels),
                  FadeIn(plot.x_name, plot.y_name), run_time=1.5)
        self.play(Create(self.curve), Write(self.f_label), run_time=self.draw_time)
        self.play(*self.say_first(f"What does f do near x = {a}?", "What does f do near here?"))
        self.pause(2)

    def plug_in(self) -> None:
        a, facts = number(self.point), self.limit_facts
        case = self.plug_case
        if case == "value":
            caption = (f"The obvious first try is to plug in {a}: f({a}) = {number(facts.value)}. "
                       "But the value at the point does not tell us what happens near it.")
            lines = (f"Plugging in gives {number(facts.value)}. And nearby?",
                     f"f({a}) = {number(facts.value)}. And nearby?")
        elif case == "zero-over-zero":
            caption = (f"The obvious first try is to plug in {a}. Top and bottom both become 0, "
                       "and 0 over 0 is not a number: the formula is silent at the point itself.")
            lines = (f"Plugging in x = {a} gives 0/0: no value.",
                     "Plugging in gives 0/0: no value.")
        else:
            caption = (f"The obvious first try is to plug in {a}. That gives no number at all: "
                       f"f is undefined at {a}. So we look at the points around it instead.")
            lines = (f"Plugging in x = {a} gives no value.", "Plugging in gives no value.")
        self.beat("Plug it in", caption)
        if self.layout.stacked:
            self.play(FadeTransform(self.f_label, self.plug), *self.say_first(*lines),
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
        values = ", ".join(number(row.value) for row in rows)
        if side < 0:
            caption = (f"First question: what do nearby values do? Walk in from the left. "
                       f"Guess first, then watch: the values read {values}.")
            ask = ("From the left: guess where f heads.", "From the left: guess!")
        else:
            caption = (f"Now from the right. Will the values head to the same place? "
                       f"They read {values}.")
            ask = ("Now from the right. Same place?", "From the right: same place?")
        self.beat(f"From the {name}", caption)
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
            self.play(*outgoing, *opening, run_time=self.swap_time)
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
        rows = ", ".join(f"f({number(row.x)}) = {number(row.value)}"
                         for row in self.limit_facts.table)
        self.beat("All the values", f"Here are the nearby values side by side: {rows}.")
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
        facts = self.limit_facts
        a = number(self.point)
        if facts.behaviour in ("continuous", "removable"):
            lines = (f"Both sides agree on {number(facts.limit)}.", "Both sides agree.")
            caption = ("Second question: do both sides agree? Yes. From the left and from the "
                       f"right, f heads for {number(facts.limit)}.")
        elif facts.behaviour == "jump":
            lines = (f"Left: {number(facts.left)}. Right: {number(facts.right)}. They disagree.",
                     "The two sides disagree.")
            caption = (f"Second question: do both sides agree? No. From the left f heads for "
                       f"{number(facts.left)}, from the right for {number(facts.right)}.")
        elif facts.behaviour == "infinite":
            lines = ("The values blow up: nothing to agree on.", "The values blow up.")
            caption = (f"Second question: do both sides agree? Near {a} the values grow without "
                       "bound, so there is no number for the two sides to agree on.")
        else:
            lines = ("No single value emerges to compare.", "No single value emerges.")
            caption = (f"Second question: do both sides agree? Near {a} the values never settle, "
                       "so there is no single value on each side to compare.")
        self.beat("Both sides", caption)
        outgoing = [FadeOut(self.readouts)]
        if not self.layout.stacked:
            outgoing.append(FadeOut(self.table))
        self.active = None
        self.play(*outgoing, FadeIn(self.sides), *self.say_first(*lines), run_time=self.swap_time)
        self.pause(2)

    def answer(self) -> None:
        facts = self.limit_facts
        a = number(self.point)
        limit = number(facts.limit)
        question = "Third question: does a stable value emerge?"
        options: tuple[str, ...]
        if facts.behaviour == "continuous":
            options = (f"The limit is {limit}, and so is f({a}).",
                       f"Limit {limit}, and f({a}) = {limit}.")
            caption = (f"{question} Yes: the limit is {limit}, and here it matches f({a}), so the "
                       f"graph has no surprise at {a}.")
        elif facts.behaviour == "removable":
            options = (f"The limit is {limit}, though f({a}) is missing.",
                       f"Limit {limit}; f({a}) is missing.", f"The limit is {limit}.")
            caption = (f"{question} Yes: {limit}. The graph has a hole at ({a}, {limit}): the "
                       "limit is about approaching, not arriving.")
        elif facts.behaviour == "jump":
            options = ("No limit: the sides disagree.",)
            caption = (f"{question} Each side settles, but on different values, so there is "
                       "no limit.")
        elif facts.behaviour == "infinite":
            options = ("No limit: f grows without bound.", "No limit: it blows up.")
            caption = (f"{question} No: near {a} the values grow without bound, off the chart. "
                       "There is no finite limit.")
        else:
            options = ("No stable value: no limit.",)
            caption = (f"{question} No: however close to {a} we look, the values keep changing. "
                       "There is no limit.")
        self.beat("The answer", caption)
        said = self.say_first(*options)
        walkers = VGroup(self.left.marks, self.right.marks)
        reveal = [FadeIn(marker) if isinstance(marker, DashedLine) else GrowFromCenter(marker)
                  for marker in self.markers]
        points_marked = any(not isinstance(m, DashedLine) for m in self.markers)
        hide = [FadeOut(walkers)] if points_marked else []
        if self.layout.stacked:
            self.play(*hide, *reveal, FadeOut(self.sides), FadeIn(self.conclusion), *said,
                      run_time=self.swap_time * 1.5)
        else:
            self.play(*hide, *reveal, FadeIn(self.conclusion), *said, run_time=self.swap_time * 1.5)
        self.pause(2)

    def conclude(self) -> None:
        facts = self.limit_facts
        lines: tuple[str, ...]
        if facts.behaviour == "continuous":
            lines = ("Where f heads is where it is: continuous.", "Limit = value: continuous.")
            caption = ("The takeaway: a limit is the value that nearby values settle on, from "
                       f"both sides. Here it equals f({number(self.point)}): that is what "
                       "continuous means.")
        elif facts.exists:
            lines = ("A limit is where f heads, not where it is.", "A limit is where f heads.")
            caption = ("The takeaway: a limit is the value that nearby values settle on, from both "
                       "sides. It does not care what happens at the point itself.")
        else:
            lines = ("A limit needs both sides to settle on one number.",
                     "Both sides must settle on one number.", "No shared value: no limit.")
            caption = ("The takeaway: a limit exists only when the values from both sides settle "
                       "on one and the same number. Here they do not.")
        self.beat("Takeaway", caption)
        self.play(*self.say_first(*lines, color=self.theme.highlight))
        self.pause(3)
