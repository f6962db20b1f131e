"""Walkers: a dot that walks along a curve towards a point, and arrows at the chart's edge
while the values it stands on are off the chart.

Render-time drawing only; where the walk ends and where it leaves the chart are decided in
:mod:`derivanim.limits`.
"""

from __future__ import annotations

import math

import numpy as np
from manim import DOWN, RIGHT, UP, Arrow, Mobject, ValueTracker, VGroup

from derivanim.limits import edge_crossing
from derivanim.sampling import NumericFunction
from scenes.kit.plot import Plot, dot

ARROW_LENGTH = 0.45
"""Length of the arrow that marks a point whose value is off the chart."""


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
        low, high = self.plot.view.y_range[:2]
        return edge_crossing(xs, self.function(xs), low, high, edge)

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
