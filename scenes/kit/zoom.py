"""A zoom of a plot's data window: the axes' box stays where it is, the part of the plane it
shows shrinks, and what is drawn on it (the curve, lines, points) is redrawn for that window.

With the Cairo renderer this is cheaper than a moving camera: only the curve is resampled (a few
hundred numpy samples a frame), nothing is typeset, and everything outside the plot (readouts,
tables, prose) stays exactly where it is. The window itself comes from :mod:`derivanim.zoom`.
"""

from __future__ import annotations

import numpy as np
import sympy
from manim import RIGHT, Line, VGroup, VMobject

from derivanim.sampling import NumericFunction, continuous_pieces
from derivanim.viewport import clip_line, clip_pieces
from derivanim.zoom import Window, land, magnification
from scenes.kit.plot import Plot

SAMPLES = 241
"""Samples of the curve across a zoomed window (the window is narrow: the curve is smooth in it)."""


class Lens:
    """Draws on a :class:`~scenes.kit.plot.Plot` as if its axes showed another window.

    Parameters
    ----------
    plot : Plot
        The plot; its axes and full view are never changed.
    expression, variable : sympy objects
        The function drawn by :meth:`redraw`.
    function : callable
        Its compiled form (:func:`derivanim.sampling.numeric_function`).

    Examples
    --------
    >>> from derivanim.expressions import parse_expression, symbol
    >>> from derivanim.sampling import numeric_function
    >>> from derivanim.viewport import Viewport
    >>> from scenes.kit.layout import Layout
    >>> from scenes.kit.text import GlyphSet
    >>> from scenes.kit.theme import THEMES
    >>> x, f = symbol("x"), parse_expression("x^2")
    >>> plot = Plot(Viewport((0.0, 6.0, 1.0), (-10.0, 40.0, 10.0)),
    ...             Layout.for_aspect("16:9").graph, THEMES["dark"], GlyphSet())
    >>> lens, curve = Lens(plot, f, x, numeric_function(f, x)), plot.curve(f, x, "#FFFFFF")
    >>> lens.window = Window(1.5, 2.5, 0.0, 5.0)   # six times closer, around (2, 2.5)
    >>> bool(np.allclose(lens.c2p(2.0, 2.5), plot.c2p(3.0, 15.0))), round(lens.factor, 9)
    (True, 6.0)
    >>> lens.redraw(curve)   # resampled across the window: x from 1.5 to about 2.24
    >>> len(curve.submobjects[0].points) > 100
    True
    """

    def __init__(self, plot: Plot, expression: sympy.Expr, variable: sympy.Symbol,
                 function: NumericFunction) -> None:
        self.plot = plot
        self.expression = expression
        self.variable = variable
        self.function = function
        self.full = Window.of(plot.view)
        self.window = self.full
        self._full_curves: dict[int, list[np.ndarray]] = {}

    @property
    def zoomed(self) -> bool:
        """Whether the lens shows less than the full view."""
        return self.window != self.full

    @property
    def factor(self) -> float:
        """How many times the current window magnifies the full view."""
        return magnification(self.plot.view, self.window)

    def c2p(self, x: float, y: float) -> np.ndarray:
        """Scene point of graph coordinates (x, y) in the current window."""
        if not self.zoomed:
            return self.plot.c2p(x, y)
        lx, ly = land(self.plot.view, self.window, x, y)
        return self.plot.c2p(float(lx), float(ly))

    def set_line(self, line: Line, x0: float, y0: float, slope: float) -> None:
        """Move a line in place through (x0, y0) with ``slope``, clipped to the window."""
        if not self.zoomed:
            self.plot.set_line(line, x0, y0, slope)
            return
        segment = clip_line(x0, y0, slope, self.window.viewport())
        if segment is None:
            centre = self.c2p(*self.window.centre)
            line.put_start_and_end_on(centre, centre + 1e-6 * RIGHT)
            return
        (xa, ya), (xb, yb) = segment
        line.put_start_and_end_on(self.c2p(xa, ya), self.c2p(xb, yb))

    def redraw(self, curve: VGroup) -> None:
        """Redraw a curve drawn by :meth:`Plot.curve` for the current window, in place.

        Unzoomed, the curve gets back exactly the points it was built with. Zoomed, it is
        resampled across the window and clipped to it; its pieces are reused (extra ones are
        emptied, missing ones added), so the curve is never rebuilt.
        """
        key = id(curve)
        if key not in self._full_curves:
            self._full_curves[key] = [piece.points.copy() for piece in curve.submobjects]
        if not self.zoomed:
            original = self._full_curves[key]
            for index, piece in enumerate(curve.submobjects):
                if index < len(original):
                    piece.set_points(original[index].copy())
                else:
                    piece.clear_points()
            return
        window = self.window
        pieces = clip_pieces(
            continuous_pieces(self.expression, self.variable, window.x_low, window.x_high,
                              SAMPLES, function=self.function),
            window.viewport())
        template = curve.submobjects[0]
        while len(curve.submobjects) < len(pieces):
            curve.add(VMobject(stroke_color=template.get_stroke_color(),
                               stroke_width=template.get_stroke_width()))
        for index, piece in enumerate(curve.submobjects):
            if index < len(pieces):
                xs, ys = land(self.plot.view, window, pieces[index].x, pieces[index].y)
                piece.set_points_as_corners(self.plot.c2p_many(xs, ys))
            else:
                piece.clear_points()
