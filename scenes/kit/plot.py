"""Plots: axes fitted into a box, curves that break at discontinuities, lines clipped to the
axes' box, point markers, and plots whose tick labels sit on the box's edges.

Every plot is built once; animations move what is drawn on it by changing points in place.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
import sympy
from manim import (
    DOWN,
    LEFT,
    RIGHT,
    UP,
    Axes,
    Circle,
    Dot,
    Line,
    MathTex,
    VGroup,
    VMobject,
)

from derivanim.numbers import exact_decimals, format_number, tick_values
from derivanim.sampling import continuous_pieces
from derivanim.ticks import label_every, labelled
from derivanim.viewport import Viewport, clip_line, clip_pieces
from scenes.kit.fit import boxes_touch
from scenes.kit.layout import Box
from scenes.kit.text import LABEL_SIZE, GlyphSet, Readout, tick_label
from scenes.kit.theme import Theme

CURVE_WIDTH = 5.0
AXIS_WIDTH = 2.0
MIN_TICK_GAP = 0.45
"""Smallest distance between neighbouring y tick labels of an :class:`EdgePlot`, in scene units
(digits are ~0.29 high)."""
DOT_ROOM = 0.15
"""Least room beside the axes' ends of :func:`aligned_plots`, so a dot at either end stays
inside the frame."""


class Plot(VGroup):
    """Axes fitted into a box, with number labels from shared glyphs and helpers to draw on them.

    Parameters
    ----------
    view : Viewport
        The ranges and tick steps.
    box : Box
        Where the whole plot (axes and labels) must fit.
    theme : Theme
        Colours.
    glyphs : GlyphSet
        Shared digit outlines for the tick labels.
    x_label, y_label : str
        Axis names in TeX.
    """

    def __init__(self, view: Viewport, box: Box, theme: Theme, glyphs: GlyphSet,
                 x_label: str = "x", y_label: str = "y") -> None:
        super().__init__()
        self.view = view
        self.theme = theme
        label_room_x = glyphs.height * 1.8
        label_room_y = max(glyphs.width_of(self._longest_label(view.y_range)), 0.3) + 0.25
        width = box.width - label_room_y - 0.2  # the axis names sit inside the axes' ends
        height = box.height - label_room_x - 0.2
        self.axes = Axes(
            x_range=list(view.x_range), y_range=list(view.y_range),
            x_length=width, y_length=height, tips=False,
            axis_config={"color": theme.axes, "stroke_width": AXIS_WIDTH, "tick_size": 0.06},
        )
        self.add(self.axes)
        self.labels = VGroup(*self._tick_labels(glyphs, theme))
        self.add(self.labels)
        self.x_name = MathTex(x_label, font_size=LABEL_SIZE, color=theme.muted)
        self.y_name = MathTex(y_label, font_size=LABEL_SIZE, color=theme.muted)
        self.add(self.x_name, self.y_name)
        self._place_names()
        # Fit: the axes' drawing box sits inside `box`, labels included.
        self.move_to(box.center)
        overflow_left = box.left - self.get_left()[0]
        overflow_bottom = box.bottom - self.get_bottom()[1]
        self.shift(max(overflow_left, 0) * RIGHT + max(overflow_bottom, 0) * UP)

    @staticmethod
    def _longest_label(axis_range: Sequence[float]) -> str:
        low, high, step = axis_range
        decimals = exact_decimals(step, most=6)
        texts = [f"{v:.{decimals}f}" for v in tick_values(low, high, step)]
        return max(texts, key=len)

    def _tick_labels(self, glyphs: GlyphSet, theme: Theme) -> list[Readout]:
        labels: list[Readout] = []
        x_low, x_high, x_step = self.view.x_range
        y_low, y_high, y_step = self.view.y_range
        x_axis_y = min(max(0.0, y_low), y_high)
        y_axis_x = min(max(0.0, x_low), x_high)
        x_values = tick_values(x_low, x_high, x_step)
        spacing = self.axes.x_axis.get_unit_size() * x_step
        widest = max(glyphs.width_of(f"{v:.{exact_decimals(x_step, most=6)}f}") for v in x_values)
        every = max(1, math.ceil((widest + 0.2) / spacing))
        for index, value in enumerate(x_values):
            if index % every or abs(value - y_axis_x) < 1e-12:
                continue  # no label where the y-axis stands: its own labels are there
            label = tick_label(glyphs, value, exact_decimals(x_step, most=6), theme.muted)
            label.move_anchor_to(np.zeros(3))
            label.next_to(self.axes.c2p(value, x_axis_y), DOWN, buff=0.14)
            labels.append(label)
        x_labels = list(labels)
        y_spacing = self.axes.y_axis.get_unit_size() * y_step
        every_y = max(1, math.ceil(glyphs.height * 1.6 / y_spacing))
        for index, value in enumerate(tick_values(y_low, y_high, y_step)):
            if index % every_y or abs(value - x_axis_y) < 1e-12:
                continue
            label = tick_label(glyphs, value, exact_decimals(y_step, most=6), theme.muted)
            label.next_to(self.axes.c2p(y_axis_x, value), LEFT, buff=0.14)
            if not any(boxes_touch(label, other, 0.05) for other in x_labels):
                labels.append(label)  # near the corner, the x-axis label wins
        return labels

    def _place_names(self) -> None:
        x_axis_y = min(max(0.0, self.view.y_range[0]), self.view.y_range[1])
        y_axis_x = min(max(0.0, self.view.x_range[0]), self.view.x_range[1])
        self.x_name.next_to(self.axes.c2p(self.view.x_range[1], x_axis_y), UP + RIGHT, buff=0.1)
        self.x_name.shift(LEFT * self.x_name.width)
        self.y_name.next_to(self.axes.c2p(y_axis_x, self.view.y_range[1]), RIGHT, buff=0.15)
        self.y_name.shift(DOWN * self.y_name.height * 0.5)

    def c2p(self, x: float, y: float) -> np.ndarray:
        """Scene point of graph coordinates (x, y)."""
        return self.axes.c2p(x, y)

    def curve(self, expression: sympy.Expr, variable: sympy.Symbol, color: str,
              width: float = CURVE_WIDTH, samples: int = 1201) -> VGroup:
        """Draw f over the x range, clipped to the box, with gaps where it breaks.

        Returns
        -------
        VGroup
            One polyline per continuous, visible piece.
        """
        x_low, x_high = self.view.x_range[:2]
        pieces = clip_pieces(continuous_pieces(expression, variable, x_low, x_high, samples), self.view)
        group = VGroup()
        for piece in pieces:
            path = VMobject(stroke_color=color, stroke_width=width)
            path.set_points_as_corners(self.c2p_many(piece.x, piece.y))
            group.add(path)
        return group

    def c2p_many(self, xs: np.ndarray, ys: np.ndarray) -> np.ndarray:
        """Scene points (N x 3) of many graph coordinates at once (axes are linear)."""
        x0, y0 = self.view.x_range[0], self.view.y_range[0]
        origin = self.axes.c2p(x0, y0)
        unit_x = self.axes.c2p(x0 + 1, y0) - origin
        unit_y = self.axes.c2p(x0, y0 + 1) - origin
        xs = np.asarray(xs, dtype=float) - x0
        ys = np.asarray(ys, dtype=float) - y0
        return origin + np.outer(xs, unit_x) + np.outer(ys, unit_y)

    def line_through(self, x0: float, y0: float, slope: float, color: str,
                     width: float = 4.0) -> Line:
        """A line through (x0, y0) with the given slope, clipped to the axes' box."""
        line = Line(ORIGIN_POINT, RIGHT_POINT, color=color, stroke_width=width)
        self.set_line(line, x0, y0, slope)
        return line

    def set_line(self, line: Line, x0: float, y0: float, slope: float) -> None:
        """Move a line in place to pass through (x0, y0) with the given slope, clipped to the box.

        A line that misses the box collapses to a point (invisible) rather than being removed.
        """
        segment = clip_line(x0, y0, slope, self.view)
        if segment is None:
            centre = self.c2p(x0, min(max(y0, self.view.y_range[0]), self.view.y_range[1]))
            line.put_start_and_end_on(centre, centre + 1e-6 * RIGHT)
            return
        (xa, ya), (xb, yb) = segment
        line.put_start_and_end_on(self.c2p(xa, ya), self.c2p(xb, yb))

    def inside(self, x: float, y: float) -> bool:
        """Tell whether graph point (x, y) is inside the visible window."""
        return self.view.contains(x, y)


ORIGIN_POINT = np.zeros(3)
RIGHT_POINT = np.array([1.0, 0.0, 0.0])


def open_circle(point: np.ndarray, theme: Theme, color: str, radius: float = 0.09) -> Circle:
    """A hollow dot: a value the function approaches but does not take."""
    circle = Circle(radius=radius, color=color, stroke_width=4)
    circle.set_fill(theme.background, opacity=1.0)
    circle.move_to(point)
    return circle


def dot(point: np.ndarray, color: str, radius: float = 0.09) -> Dot:
    """A solid point marker."""
    return Dot(point, radius=radius, color=color)


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
                label = tick_label(glyphs, value, x_decimals, theme.muted)
                label.next_to(self.axes.c2p(value, y_low), DOWN, buff=0.14)
                labels.append(label)
        for value in tick_values(y_low, y_high, y_step)[1:]:  # the corner belongs to the x labels
            if labelled(value, y_low, y_high, y_step, y_every):
                label = tick_label(glyphs, value, y_decimals, theme.muted)
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


def aligned_plots(views: Sequence[Viewport], regions: Sequence[Box], theme: Theme, glyphs: GlyphSet,
                  y_labels: Sequence[str], names: bool, x_label: str = "x") -> list[EdgePlot]:
    """Plots stacked one above the other whose x axes line up exactly.

    Each plot's labels take their own room on the left; the axes all start and end at the
    same screen x, so a point of the upper graph sits straight above the same x below.
    """
    plots = [fit_plot(view, region, theme, glyphs, x_label, label, names)
             for view, region, label in zip(views, regions, y_labels)]
    gutters = []
    for plot in plots:
        x_low, x_high = plot.view.x_range[:2]
        gutters.append((plot.c2p(x_low, 0)[0] - plot.get_left()[0],
                        plot.get_right()[0] - plot.c2p(x_high, 0)[0]))
    left = min(r.left for r in regions) + max(DOT_ROOM, *(g[0] for g in gutters))
    right = max(r.right for r in regions) - max(DOT_ROOM, *(g[1] for g in gutters))
    aligned = []
    for view, region, label, (gutter_left, gutter_right) in zip(views, regions, y_labels, gutters):
        box = Box(left - gutter_left, right + gutter_right, region.bottom, region.top)
        plot = fit_plot(view, box, theme, glyphs, x_label, label, names)
        plot.shift(RIGHT * (left - plot.c2p(view.x_range[0], 0)[0]))
        aligned.append(plot)
    return aligned
