"""The product rule's picture: a rectangle of sides f and g, grown by df and dg.

The rectangle's corner sits at a fixed origin; its width is f and its height g, in scene
units per unit of ``scale_x`` and ``scale_y``. Nudging x adds a strip g·df on the right, a
strip f·dg on top and a corner df·dg; :meth:`ProductRectangle.grow` redraws the three from
new df and dg (it moves points of existing polygons: nothing is built while animations play).
"""

from __future__ import annotations

import numpy as np
from manim import Polygon, VGroup

from scenes.kit.theme import Theme


def _corners(left: float, bottom: float, width: float, height: float) -> list[np.ndarray]:
    return [np.array([left, bottom, 0.0]), np.array([left + width, bottom, 0.0]),
            np.array([left + width, bottom + height, 0.0]), np.array([left, bottom + height, 0.0])]


class ProductRectangle(VGroup):
    """Area f·g and the pieces a nudge adds to it.

    Parameters
    ----------
    f, g : float
        The sides (positive).
    origin : numpy.ndarray
        The bottom-left corner in scene units.
    scale_x, scale_y : float
        Scene units per unit of f and of g.
    theme : Theme
        Colours: the rectangle in the function's colour, the strips g·df and f·dg in the
        secant's and the tangent's, the corner highlighted.

    Examples
    --------
    >>> from scenes.kit.theme import THEMES
    >>> picture = ProductRectangle(1.0, 0.5, np.zeros(3), 2.0, 4.0, THEMES["dark"])
    >>> picture.grow(0.25, 0.1)
    >>> [round(picture.area(p), 6) for p in (picture.base, picture.right, picture.top, picture.corner)]
    [0.5, 0.125, 0.1, 0.025]
    """

    def __init__(self, f: float, g: float, origin: np.ndarray, scale_x: float, scale_y: float,
                 theme: Theme) -> None:
        super().__init__()
        self.f, self.g = f, g
        self.origin = np.array(origin, dtype=float)
        self.scale_x, self.scale_y = scale_x, scale_y

        def piece(color: str, opacity: float) -> Polygon:
            return Polygon(*_corners(0, 0, 1, 1), color=color, fill_color=color,
                           fill_opacity=opacity, stroke_width=2)

        self.base = piece(theme.function, 0.35)
        self.right = piece(theme.secant, 0.55)
        self.top = piece(theme.tangent, 0.55)
        self.corner = piece(theme.highlight, 0.85)
        self.add(self.base, self.right, self.top, self.corner)
        self.grow(0.0, 0.0)

    def grow(self, df: float, dg: float) -> None:
        """Redraw the strips and the corner for side growths df and dg."""
        left, bottom = float(self.origin[0]), float(self.origin[1])
        width, height = self.f * self.scale_x, self.g * self.scale_y
        extra_x, extra_y = df * self.scale_x, dg * self.scale_y
        self.base.set_points_as_corners([*_corners(left, bottom, width, height)[:4],
                                         np.array([left, bottom, 0.0])])
        for polygon, corners in (
            (self.right, _corners(left + width, bottom, extra_x, height)),
            (self.top, _corners(left, bottom + height, width, extra_y)),
            (self.corner, _corners(left + width, bottom + height, extra_x, extra_y)),
        ):
            polygon.set_points_as_corners([*corners, corners[0]])

    def area(self, polygon: Polygon) -> float:
        """A piece's area in units of f·g (scene area divided by both scales)."""
        points = polygon.get_vertices()
        width = float(points[:, 0].max() - points[:, 0].min())
        height = float(points[:, 1].max() - points[:, 1].min())
        return width * height / (self.scale_x * self.scale_y)
