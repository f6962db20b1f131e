"""A plane a map carries: one scale on both axes, lines that morph to their images, edge arrows.

A map of the plane is drawn in one coordinate plane (:class:`PlaneView`, with the same scale on
both axes, so a square looks square and areas look what they are). A grid line or the boundary
of a tiny square is a polyline of precomputed samples; :class:`MorphingPaths` moves every
polyline part of the way from its samples to their images (``t`` from 0 to 1) by interpolating
the points in place, so a frame costs a few array operations, never a re-plot. An
:class:`EdgeArrow` marks an edge's direction, so a flipped parallelogram shows its turn.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

import numpy as np
from manim import RIGHT, UP, Line, ManimColor, VGroup, VMobject, interpolate_color

from scenes.kit.layout import Box


class PlaneView:
    """Plane coordinates (x, y) fitted into a box at one scale, centred.

    Parameters
    ----------
    bounds : (x_low, x_high, y_low, y_high)
        The part of the plane that must show.
    box : Box
        Where it goes on screen.

    Examples
    --------
    >>> view = PlaneView((-1.0, 1.0, 0.0, 4.0), Box(0.0, 8.0, 0.0, 4.0))
    >>> view.unit, view.point_of(0.0, 2.0).tolist(), view.value_of(view.point_of(0.5, 1.0))
    (1.0, [4.0, 2.0, 0.0], (0.5, 1.0))
    """

    def __init__(self, bounds: Sequence[float], box: Box) -> None:
        x_low, x_high, y_low, y_high = (float(v) for v in bounds)
        self.bounds = (x_low, x_high, y_low, y_high)
        self.unit = min(box.width / (x_high - x_low), box.height / (y_high - y_low))
        centre = box.center
        self.centre_value = np.array([(x_low + x_high) / 2, (y_low + y_high) / 2])
        self.centre = np.array([centre[0], centre[1], 0.0])

    def point_of(self, x: float, y: float) -> np.ndarray:
        """Scene point of plane coordinates (x, y)."""
        return self.points_of(np.array([[x, y]], dtype=float))[0]

    def points_of(self, values: np.ndarray) -> np.ndarray:
        """Scene points (N x 3) of many (x, y) pairs (N x 2) at once."""
        values = np.asarray(values, dtype=float).reshape(-1, 2)
        offsets = (values - self.centre_value) * self.unit
        return self.centre + np.outer(offsets[:, 0], RIGHT) + np.outer(offsets[:, 1], UP)

    def value_of(self, point: np.ndarray) -> tuple[float, float]:
        """Plane coordinates of a scene point (the inverse of :meth:`point_of`)."""
        offset = (np.asarray(point, dtype=float)[:2] - self.centre[:2]) / self.unit
        return float(offset[0] + self.centre_value[0]), float(offset[1] + self.centre_value[1])

    def box(self) -> Box:
        """The scene box the bounds fill (inside the box the view was fitted to)."""
        x_low, x_high, y_low, y_high = self.bounds
        low, high = self.point_of(x_low, y_low), self.point_of(x_high, y_high)
        return Box(float(low[0]), float(high[0]), float(low[1]), float(high[1]))


class MorphingPaths(VGroup):
    """Polylines that move from their sample points to their images as ``t`` goes 0 -> 1.

    Parameters
    ----------
    sources, targets : sequence of numpy.ndarray
        Scene points (N x 3) of each polyline at t = 0 and at t = 1 (same N for a pair).
    colors : (str, str)
        Stroke colour at t = 0 and at t = 1 (blended in between).
    width : float
        Stroke width.
    fill_opacity : float
        Fill the closed polylines (a square and its image) with their colour at this opacity.
    """

    def __init__(self, sources: Sequence[np.ndarray], targets: Sequence[np.ndarray],
                 colors: tuple[str, str], width: float = 2.5, fill_opacity: float = 0.0) -> None:
        self.sources = [np.asarray(s, dtype=float) for s in sources]
        self.targets = [np.asarray(t, dtype=float) for t in targets]
        self.colors = colors
        self.paths = [VMobject(stroke_color=colors[0], stroke_width=width,
                               fill_color=colors[0], fill_opacity=fill_opacity)
                      for _ in self.sources]
        super().__init__(*self.paths)
        self.t = -1.0
        self.set_time(0.0)

    def set_time(self, t: float) -> MorphingPaths:
        """Put every polyline ``t`` of the way to its image (cheap: arrays only)."""
        t = float(t)
        if t == self.t:
            return self
        self.t = t
        color = interpolate_color(ManimColor(self.colors[0]), ManimColor(self.colors[1]),
                                  min(max(t, 0.0), 1.0))
        for path, source, target in zip(self.paths, self.sources, self.targets):
            path.set_points_as_corners((1.0 - t) * source + t * target)
            path.set_stroke(color=color)
            path.set_fill(color=color)
        return self

    def points_now(self, index: int) -> np.ndarray:
        """The corner points of polyline ``index`` as drawn now (N x 3)."""
        return (1.0 - self.t) * self.sources[index] + self.t * self.targets[index]


class EdgeArrow(VGroup):
    """A straight edge with an arrowhead at its end, moved in place (shrinks with short edges).

    The head's point sits exactly on the edge's end, so the drawn edge is the true edge.
    """

    tip_length: ClassVar[float] = 0.16
    tip_width: ClassVar[float] = 0.16

    def __init__(self, color: str, width: float = 5.0) -> None:
        self.shaft = Line(np.zeros(3), RIGHT, color=color, stroke_width=width)
        self.tip = VMobject(fill_color=color, fill_opacity=1.0, stroke_width=0)
        super().__init__(self.shaft, self.tip)
        self.start = np.zeros(3)
        self.end = RIGHT.astype(float)
        self.place(np.zeros(3), RIGHT * 0.5)

    def place(self, start: np.ndarray, end: np.ndarray) -> EdgeArrow:
        """Move the arrow to run from ``start`` to ``end``."""
        self.start = np.array(start, dtype=float)
        self.end = np.array(end, dtype=float)
        length = float(np.linalg.norm(self.end - self.start))
        if length < 1e-9:
            self.shaft.set_points_as_corners(np.array([self.start, self.start]))
            self.tip.set_points_as_corners(np.array([self.end, self.end, self.end, self.end]))
            return self
        direction = (self.end - self.start) / length
        normal = np.array([-direction[1], direction[0], 0.0])
        size = min(self.tip_length, 0.5 * length)
        back = self.end - direction * size
        half = normal * self.tip_width * 0.5 * size / self.tip_length
        self.shaft.set_points_as_corners(np.array([self.start, back]))
        self.tip.set_points_as_corners(np.array([self.end, back + half, back - half, self.end]))
        return self
