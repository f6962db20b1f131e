"""A log-log plot: axes along the bottom and left edges of a box, ticks at whole powers of ten.

Manim's axes cross where 0 is; on log-log axes of small errors every coordinate is negative,
so they would meet at the top right. This plot keeps its axis lines on the bottom and left
edges, labels each tick with its power of ten (``-8`` for 10^-8) in shared glyphs, and maps
graph coordinates (log10 h, log10 error) linearly into the box.
"""

from __future__ import annotations

import math

import numpy as np
from manim import DOWN, LEFT, RIGHT, UP, DashedLine, Line, MathTex, VGroup

from derivanim.ticks import label_every
from derivanim.viewport import Viewport, clip_line
from scenes.kit.layout import Box
from scenes.kit.plot import AXIS_WIDTH, DOT_ROOM
from scenes.kit.text import LABEL_SIZE, GlyphSet, Readout, tick_label
from scenes.kit.theme import Theme

TICK = 0.06
"""Half the length of a tick mark."""
LABEL_GAP = 0.14
"""Space between a tick and its label."""
MIN_LABEL_GAP = 0.45
"""Least vertical distance between neighbouring y labels."""


class LogLogPlot(VGroup):
    """Axes for (log10 h, log10 error) fitted into ``box``, names and labels included.

    Parameters
    ----------
    view : Viewport
        (low, high, tick step) of log10 h and of log10 error.
    box : Box
        Where the whole plot must fit.
    theme : Theme
        Colours.
    glyphs : GlyphSet
        Shared digit outlines for the tick labels.
    x_label, y_label : str
        Axis names in TeX.
    """

    def __init__(self, view: Viewport, box: Box, theme: Theme, glyphs: GlyphSet,
                 x_label: str, y_label: str) -> None:
        super().__init__()
        self.view = view
        (x_low, x_high, x_step), (y_low, y_high, y_step) = view.x_range, view.y_range
        self.x_name = MathTex(x_label, font_size=LABEL_SIZE, color=theme.muted)
        self.y_name = MathTex(y_label, font_size=LABEL_SIZE, color=theme.muted)
        y_values = [v for v in whole_ticks(y_low, y_high, y_step) if v > y_low + 1e-9]
        widest = max(glyphs.width_of(f"{v:.0f}") for v in y_values) if y_values else 0.3
        left = box.left + widest + LABEL_GAP + TICK
        bottom = box.bottom + self.x_name.height + glyphs.height + 2 * LABEL_GAP + 0.1
        top = box.top - self.y_name.height - 0.15
        self.frame_box = Box(left, box.right - DOT_ROOM, bottom, top)
        """The axes' drawing box: graph coordinates map onto it."""
        frame = self.frame_box
        corner = np.array([frame.left, frame.bottom, 0.0])
        self.axes = VGroup(
            Line(corner, np.array([frame.right, frame.bottom, 0.0]), color=theme.axes,
                 stroke_width=AXIS_WIDTH),
            Line(corner, np.array([frame.left, frame.top, 0.0]), color=theme.axes,
                 stroke_width=AXIS_WIDTH),
        )
        labels: list[Readout] = []
        x_values = whole_ticks(x_low, x_high, x_step)
        x_every = label_every(self.unit_x * x_step, max(glyphs.width_of(f"{v:.0f}") for v in x_values) + 0.2)
        for index, value in enumerate(x_values):
            point = self.c2p(value, y_low)
            self.axes.add(Line(point + TICK * DOWN, point + TICK * UP, color=theme.axes,
                               stroke_width=AXIS_WIDTH))
            if index % x_every == 0:
                label = tick_label(glyphs, value, 0, theme.muted)
                label.next_to(point, DOWN, buff=LABEL_GAP)
                labels.append(label)
        y_every = label_every(self.unit_y * y_step, MIN_LABEL_GAP)
        for index, value in enumerate(y_values):
            point = self.c2p(x_low, value)
            self.axes.add(Line(point + TICK * LEFT, point + TICK * RIGHT, color=theme.axes,
                               stroke_width=AXIS_WIDTH))
            if index % y_every == 0:
                label = tick_label(glyphs, value, 0, theme.muted)
                label.next_to(point, LEFT, buff=LABEL_GAP)
                labels.append(label)
        self.labels = VGroup(*labels)
        self.x_name.next_to(np.array([frame.right, box.bottom, 0.0]), UP + LEFT, buff=0)
        self.y_name.next_to(np.array([frame.left, box.top, 0.0]), DOWN + RIGHT, buff=0)
        self.add(self.axes, self.labels, self.x_name, self.y_name)

    @property
    def unit_x(self) -> float:
        """Scene units per unit of log10 h."""
        low, high = self.view.x_range[:2]
        return self.frame_box.width / (high - low)

    @property
    def unit_y(self) -> float:
        """Scene units per unit of log10 error."""
        low, high = self.view.y_range[:2]
        return self.frame_box.height / (high - low)

    def c2p(self, x: float, y: float) -> np.ndarray:
        """Scene point of graph coordinates (log10 h, log10 error)."""
        return np.array([self.frame_box.left + (x - self.view.x_range[0]) * self.unit_x,
                         self.frame_box.bottom + (y - self.view.y_range[0]) * self.unit_y, 0.0])

    def guide(self, x0: float, y0: float, slope: float, color: str,
              width: float = 3.0) -> DashedLine | None:
        """A dashed straight line through (x0, y0) with the given slope in graph units,
        clipped to the axes' box (None when it misses the box)."""
        segment = clip_line(x0, y0, slope, self.view)
        if segment is None:
            return None
        (xa, ya), (xb, yb) = segment
        return DashedLine(self.c2p(xa, ya), self.c2p(xb, yb), color=color, stroke_width=width,
                          dash_length=0.12)


def whole_ticks(low: float, high: float, step: float) -> list[float]:
    """The multiples of ``step`` from ``low`` to ``high``: whole powers of ten on a log axis.

    Examples
    --------
    >>> whole_ticks(-15.5, -0.5, 2.0)
    [-14.0, -12.0, -10.0, -8.0, -6.0, -4.0, -2.0]
    """
    first, last = math.ceil(low / step - 1e-9), math.floor(high / step + 1e-9)
    return [float(k * step) for k in range(first, last + 1)]
