"""Reusable pictures: fitted axes with curves that break at discontinuities, lines clipped to
the axes' box, value tables, labelled number lines and a small computation graph.

Every widget is built once; animations move it by changing points in place.
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
    Arrow,
    Axes,
    Circle,
    Dot,
    Line,
    MathTex,
    NumberLine,
    VGroup,
    VMobject,
)

from derivanim.sampling import continuous_pieces
from derivanim.viewport import Viewport, clip_line, clip_pieces
from scenes.kit.layout import Box
from scenes.kit.text import LABEL_SIZE, GlyphSet, Readout, formula, number_label
from scenes.kit.theme import Theme
from derivanim.numbers import exact_decimals, tick_values
from scenes.kit.fit import boxes_touch

CURVE_WIDTH = 5.0
AXIS_WIDTH = 2.0


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
        width = box.width - label_room_y - 0.45
        height = box.height - label_room_x - 0.35
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
            label = number_label(glyphs, value, exact_decimals(x_step, most=6), theme.muted)
            label.move_anchor_to(np.zeros(3))
            label.next_to(self.axes.c2p(value, x_axis_y), DOWN, buff=0.14)
            labels.append(label)
        x_labels = list(labels)
        y_spacing = self.axes.y_axis.get_unit_size() * y_step
        every_y = max(1, math.ceil(glyphs.height * 1.6 / y_spacing))
        for index, value in enumerate(tick_values(y_low, y_high, y_step)):
            if index % every_y or abs(value - x_axis_y) < 1e-12:
                continue
            label = number_label(glyphs, value, exact_decimals(y_step, most=6), theme.muted)
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


class ValueTable(VGroup):
    """A two-column table of numbers with TeX headers; rows can be revealed one by one.

    Parameters
    ----------
    headers : pair of str
        TeX of the two column headers.
    rows : sequence of pairs of float or None
        The values (None shows as a dash).
    decimals : pair of int
        Decimals of each column.
    """

    def __init__(self, headers: tuple[str, str], rows: Sequence[tuple[float | None, float | None]],
                 decimals: tuple[int, int], theme: Theme, glyphs: GlyphSet,
                 colors: tuple[str, str] | None = None, row_height: float | None = None) -> None:
        super().__init__()
        colors = colors or (theme.text, theme.text)
        head = [formula(h, theme, LABEL_SIZE, color=c) for h, c in zip(headers, colors)]
        step = row_height or glyphs.height * 1.55
        cells: list[list[VMobject]] = []
        for row in rows:
            cells.append([
                _cell(value, digits, color, glyphs, theme)
                for value, digits, color in zip(row, decimals, colors)
            ])
        widths = [
            max([head[c].width] + [cells[r][c].width for r in range(len(rows))]) for c in range(2)
        ]
        gap = 0.6
        column_x = [widths[0] / 2, widths[0] + gap + widths[1] / 2]
        for c in range(2):
            head[c].move_to(np.array([column_x[c], 0.0, 0.0]))
        self.header = VGroup(*head)
        rule = Line(np.array([-0.1, -step * 0.55, 0]), np.array([sum(widths) + gap + 0.1, -step * 0.55, 0]),
                    color=theme.muted, stroke_width=2)
        self.rule = rule
        self.rows = VGroup()
        for r, row_cells in enumerate(cells):
            y = -step * (r + 1.25)
            for c, cell in enumerate(row_cells):
                cell.move_to(np.array([column_x[c], y, 0.0]))
            self.rows.add(VGroup(*row_cells))
        self.add(self.header, rule, self.rows)


def _cell(value: float | None, decimals: int, color: str, glyphs: GlyphSet, theme: Theme) -> VMobject:
    if value is None or not math.isfinite(value):
        return formula(r"\text{--}" if value is None else (r"\infty" if value > 0 else r"-\infty"),
                       theme, LABEL_SIZE, color=color)
    return number_label(glyphs, value, decimals, color)


class NumberLineStack(VGroup):
    """Labelled horizontal number lines stacked vertically (input above output).

    Parameters
    ----------
    ranges : sequence of (low, high, step)
        One per line, top to bottom.
    names : sequence of str
        TeX name of each line, drawn at its left end.
    colors : sequence of str
        Colour of each line.
    box : Box
        The region the stack fills.
    """

    def __init__(self, ranges: Sequence[tuple[float, float, float]], names: Sequence[str],
                 colors: Sequence[str], box: Box, theme: Theme, glyphs: GlyphSet) -> None:
        super().__init__()
        name_mobs = [formula(n, theme, LABEL_SIZE, color=c) for n, c in zip(names, colors)]
        name_width = max(m.width for m in name_mobs) + 0.3
        length = box.width - name_width - 0.3
        count = len(ranges)
        spacing = box.height / count
        self.lines: list[NumberLine] = []
        for index, ((low, high, step), name, color) in enumerate(zip(ranges, name_mobs, colors)):
            line = NumberLine(x_range=[low, high, step], length=length, color=color,
                              stroke_width=3, tick_size=0.07, include_tip=False)
            y = box.top - spacing * (index + 0.35)
            line.move_to(np.array([box.left + name_width + length / 2, y, 0.0]))
            name.next_to(line, LEFT, buff=0.3)
            labels = VGroup()
            decimals = exact_decimals(step, most=6)
            values = tick_values(low, high, step)
            widest = max(glyphs.width_of(f"{v:.{decimals}f}") for v in values)
            every = max(1, math.ceil((widest + 0.2) / (line.get_unit_size() * step)))
            for i, value in enumerate(values):
                if i % every:
                    continue
                label = number_label(glyphs, value, decimals, theme.muted)
                label.next_to(line.n2p(value), DOWN, buff=0.12)
                labels.add(label)
            self.lines.append(line)
            self.add(line, name, labels)

    def point(self, index: int, value: float) -> np.ndarray:
        """Scene point of ``value`` on line ``index``."""
        return self.lines[index].n2p(value)


class ComputationGraph(VGroup):
    """Nodes joined by labelled arrows, left to right: x --g--> u --f--> y.

    Parameters
    ----------
    nodes : sequence of str
        TeX of each node.
    edges : sequence of str
        TeX label above each arrow (one fewer than nodes).
    box : Box
        The region to fill.
    """

    def __init__(self, nodes: Sequence[str], edges: Sequence[str], box: Box, theme: Theme,
                 colors: Sequence[str]) -> None:
        super().__init__()
        self.nodes = VGroup(*[formula(n, theme, LABEL_SIZE + 4, color=c) for n, c in zip(nodes, colors)])
        self.edge_labels = VGroup(*[formula(e, theme, LABEL_SIZE) for e in edges])
        self.arrows = VGroup()
        count = len(nodes)
        span = box.width
        for index, node in enumerate(self.nodes):
            node.move_to(np.array([box.left + span * (index + 0.5) / count, box.center[1] - 0.2, 0.0]))
        for index, label in enumerate(self.edge_labels):
            start, end = self.nodes[index], self.nodes[index + 1]
            arrow = Arrow(start.get_right(), end.get_left(), buff=0.2, color=theme.muted,
                          stroke_width=4, max_tip_length_to_length_ratio=0.2)
            self.arrows.add(arrow)
            label.next_to(arrow, UP, buff=0.12)
        self.add(self.nodes, self.arrows, self.edge_labels)
