"""Drawing on a descent plot: axes framed along the window's edges, and a step arrow that moves
every frame.

A descent plot's curve, ball and trails cross w = 0 and L = 0 all the time, so its axes are drawn
as a frame around the data instead of through it; the arrows that show a step (or a runaway
leaving the window) are rebuilt every frame and so are made of two plain outlines.
"""

from __future__ import annotations

import numpy as np
from manim import DOWN, LEFT, RIGHT, UP, Line, VGroup, VMobject

from derivanim.descent_geometry import restored_tick
from derivanim.numbers import tick_values
from scenes.kit.fit import boxes_touch
from scenes.kit.layout import Box
from scenes.kit.plot import AXIS_WIDTH, Plot
from scenes.kit.text import GlyphSet, Readout, tick_label
from scenes.kit.theme import Theme


class StepArrow(VGroup):
    """A straight arrow whose ends move in place, cheaply, every frame.

    Parameters
    ----------
    color : str
        Stroke and tip colour.
    width : float
        Stroke width of the shaft.
    tip_length : float
        Length of the tip in scene units (shorter arrows get shorter tips).
    """

    def __init__(self, color: str, width: float = 6.0, tip_length: float = 0.24) -> None:
        self.shaft = VMobject(stroke_color=color, stroke_width=width)
        self.head = VMobject(stroke_width=0, fill_color=color, fill_opacity=1.0)
        super().__init__(self.shaft, self.head)
        self.tip_length = tip_length
        self.start_point = np.zeros(3)
        self.end_point = np.zeros(3)
        self.put(np.zeros(3), np.zeros(3))

    @property
    def length(self) -> float:
        """Distance from tail to tip."""
        return float(np.linalg.norm(self.end_point - self.start_point))

    def put(self, start: np.ndarray, end: np.ndarray) -> StepArrow:
        """Move the arrow to run from ``start`` to ``end`` (a zero-length arrow draws nothing)."""
        start, end = np.asarray(start, dtype=float), np.asarray(end, dtype=float)
        self.start_point, self.end_point = start.copy(), end.copy()
        length = self.length
        if length < 1e-9:
            self.shaft.set_points_as_corners([start, start])
            self.head.set_points_as_corners([start, start, start, start])
            return self
        direction = (end - start) / length
        normal = np.array([-direction[1], direction[0], 0.0])
        tip = min(self.tip_length, 0.6 * length)
        base = end - tip * direction
        self.shaft.set_points_as_corners([start, base + 0.3 * tip * direction])
        half = 0.5 * tip
        self.head.set_points_as_corners([end, base + half * normal, base - half * normal, end])
        return self


def frame_axes(plot: Plot, box: Box, glyphs: GlyphSet, theme: Theme) -> VGroup:
    """Redraw a plot's axes as a frame along its left and bottom edges, labels outside the data.

    A descent plot's curve, ball and trails cross w = 0 and L = 0 all the time; with the kit's
    axes the tick labels sit on those lines, under the data. Here the two axis lines are hidden
    and drawn again at the window's left and bottom edges, the labels move with them, the zeros
    the kit leaves out at the old crossing come back, the names go just outside the frame's ends,
    and the plot is re-centred in its box. Graph coordinates (``plot.c2p``) are unchanged.

    Returns
    -------
    VGroup
        The frame's two lines and their ticks (already added to the plot).
    """
    x_low, x_high, x_step = plot.view.x_range
    y_low, y_high, y_step = plot.view.y_range
    y_axis_x = min(max(0.0, x_low), x_high)
    x_axis_y = min(max(0.0, y_low), y_high)
    to_left = plot.c2p(x_low, 0.0) - plot.c2p(y_axis_x, 0.0)
    to_bottom = plot.c2p(0.0, y_low) - plot.c2p(0.0, x_axis_y)
    axis_x = plot.c2p(y_axis_x, 0.0)[0]
    x_labels: dict[float, Readout] = {}
    y_labels: dict[float, Readout] = {}
    for label in plot.labels:
        value = float(label.value)
        beside_y_axis = (abs(label.get_center()[1] - plot.c2p(0.0, value)[1]) < 1e-6
                         and label.get_right()[0] < axis_x)
        (y_labels if beside_y_axis else x_labels)[round(value, 9)] = label
    for label in x_labels.values():
        label.shift(to_bottom)
    for label in y_labels.values():
        label.shift(to_left)
    decimals_x = next(iter(x_labels.values())).decimals if x_labels else 0
    decimals_y = next(iter(y_labels.values())).decimals if y_labels else 0
    for value in restored_tick(x_labels, y_axis_x, x_low, x_high):
        label = tick_label(glyphs, value, decimals_x, theme.muted)
        label.next_to(plot.c2p(value, y_low), DOWN, buff=0.14)
        if x_labels:
            label.align_to(next(iter(x_labels.values())), UP)
        x_labels[round(value, 9)] = label
        plot.labels.add(label)
    for value in restored_tick(y_labels, x_axis_y, y_low, y_high):
        label = tick_label(glyphs, value, decimals_y, theme.muted)
        label.next_to(plot.c2p(x_low, value), LEFT, buff=0.14)
        y_labels[round(value, 9)] = label
        plot.labels.add(label)
    for key, label in list(y_labels.items()):  # at the corner the w labels win
        if any(boxes_touch(label, other, 0.05) for other in x_labels.values()):
            plot.labels.remove(label)
            del y_labels[key]
    for axis in (plot.axes.x_axis, plot.axes.y_axis):
        axis.set_stroke(opacity=0.0)
    corner, right, top = plot.c2p(x_low, y_low), plot.c2p(x_high, y_low), plot.c2p(x_low, y_high)
    style = {"color": theme.axes, "stroke_width": AXIS_WIDTH}
    ticks = VGroup(
        *[Line(plot.c2p(x, y_low), plot.c2p(x, y_low) + 0.07 * UP, **style)
          for x in tick_values(x_low, x_high, x_step)],
        *[Line(plot.c2p(x_low, y), plot.c2p(x_low, y) + 0.07 * RIGHT, **style)
          for y in tick_values(y_low, y_high, y_step)],
    )
    frame = VGroup(Line(corner, right, **style), Line(corner, top, **style), ticks)
    plot.add(frame)
    plot.x_name.next_to(right, RIGHT, buff=0.12)
    plot.y_name.next_to(top, UP + RIGHT, buff=0.08)
    plot.move_to(box.center)
    plot.shift(max(box.left - plot.get_left()[0], 0.0) * RIGHT
               + max(box.bottom - plot.get_bottom()[1], 0.0) * UP)
    return frame

