"""Zooming a graph onto one point as h shrinks: local linearity.

Seen from far away, a secant through (a, f(a)) and (a + h, f(a + h)) shrinks into a few pixels as
h gets small. Magnify the window around the point in step with h and the secant, its two points
and its rise and run keep their size on screen, while the curve around the point, seen over an
ever narrower stretch, straightens into the tangent.

The zoom is the same in x and in y (shapes and on-screen slopes do not change), except where
the full view's scales make a sloping tangent look flat (a view stretched tall by a blow-up
elsewhere): then y is magnified up to :data:`MOST_TILT` times more, so the rise shows. Each axis
is magnified about one fixed point, so everything inside the window at the start and at the end
of a zoom stays inside it all the way through.

Examples
--------
>>> from derivanim.viewport import Viewport
>>> view = Viewport((0.0, 6.0, 1.0), (-10.0, 40.0, 10.0))
>>> round(zoom_factor(view, h=0.25, rise=2.25 * 0.25), 12)
7.2
>>> [round(v, 12) for v in zoom_window(view, 2.0, 4.0, 0.25, 0.5625, progress=1.0).centre]
[2.125, 4.28125]
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from derivanim.viewport import Viewport

RUN_SHARE = 0.3
"""Fraction of the window's width the run h takes when fully zoomed."""
RISE_SHARE = 0.5
"""Largest fraction of the window's height the rise takes when fully zoomed."""
MOST = 1e5
"""Largest magnification (keeps the window far wider than the spacing of floats)."""
FLAT = 0.25
"""A tangent that climbs less than this share of the view's height per share of its width
looks flat."""
MOST_TILT = 100.0
"""Most extra magnification of y over x (it stays bounded, so the curve still straightens as
the zoom deepens)."""


@dataclass(frozen=True)
class Window:
    """The part of the plane a zoomed graph shows.

    Attributes
    ----------
    x_low, x_high, y_low, y_high : float
        Its edges.
    """

    x_low: float
    x_high: float
    y_low: float
    y_high: float

    @classmethod
    def of(cls, view: Viewport) -> Window:
        """The window of a full (unzoomed) view.

        Examples
        --------
        >>> Window.of(Viewport((0.0, 6.0, 1.0), (-10.0, 40.0, 10.0)))
        Window(x_low=0.0, x_high=6.0, y_low=-10.0, y_high=40.0)
        """
        return cls(view.x_range[0], view.x_range[1], view.y_range[0], view.y_range[1])

    @property
    def width(self) -> float:
        """Its width in x units."""
        return self.x_high - self.x_low

    @property
    def height(self) -> float:
        """Its height in y units."""
        return self.y_high - self.y_low

    @property
    def centre(self) -> tuple[float, float]:
        """Its middle point."""
        return ((self.x_low + self.x_high) / 2, (self.y_low + self.y_high) / 2)

    def contains(self, x: float, y: float, tolerance: float = 1e-9) -> bool:
        """Tell whether (x, y) is inside, edges included (to a fraction of the window's size).

        Examples
        --------
        >>> Window(0.0, 1.0, 0.0, 1.0).contains(1.0, 0.5), Window(0.0, 1.0, 0.0, 1.0).contains(2, 0)
        (True, False)
        """
        dx, dy = tolerance * self.width, tolerance * self.height
        return (self.x_low - dx <= x <= self.x_high + dx
                and self.y_low - dy <= y <= self.y_high + dy)

    def viewport(self) -> Viewport:
        """The window as a viewport (tick steps are not used by clipping; they are its size).

        Examples
        --------
        >>> Window(0.0, 2.0, 1.0, 2.0).viewport()
        Viewport(x_range=(0.0, 2.0, 2.0), y_range=(1.0, 2.0, 1.0))
        """
        return Viewport((self.x_low, self.x_high, self.width),
                        (self.y_low, self.y_high, self.height))


def zoom_factor(view: Viewport, h: float, rise: float, run_share: float = RUN_SHARE,
                rise_share: float = RISE_SHARE, most: float = MOST) -> float:
    """How many times to magnify the view so a secant of run ``h`` and rise ``rise`` fills it.

    The run takes ``run_share`` of the window's width, unless the rise would then take more than
    ``rise_share`` of its height (a steep secant); never less than 1 (no zooming out), never more
    than ``most``.

    Examples
    --------
    >>> view = Viewport((0.0, 6.0, 1.0), (-10.0, 40.0, 10.0))
    >>> round(zoom_factor(view, h=0.01, rise=0.0401), 12)
    180.0
    >>> zoom_factor(view, h=2, rise=12)   # the first secant already fills the view
    1.0
    >>> zoom_factor(view, h=0.01, rise=1.0)   # steep: the rise decides
    25.0
    """
    width = view.x_range[1] - view.x_range[0]
    height = view.y_range[1] - view.y_range[0]
    factor = run_share * width / abs(h)
    if rise != 0:
        factor = min(factor, rise_share * height / abs(rise))
    return float(min(max(factor, 1.0), most))


def tilt(view: Viewport, slope: float, h: float, rise: float,
         rise_share: float = RISE_SHARE) -> float:
    """Extra magnification of y over x, so a tangent the full view shows flat climbs visibly.

    1 for a tangent that already climbs :data:`FLAT` or more of the height per share of the
    width, and for an exactly flat one (its secants' rise truly vanishes); otherwise what makes
    it climb :data:`FLAT`, at most :data:`MOST_TILT`, and never so much that the fully zoomed
    rise would take more than ``rise_share`` of the height.

    Examples
    --------
    >>> steep = Viewport((-1.0, 1.0, 0.5), (-4e5, 4e5, 1e5))   # exp(10x) at 0.5, slope 1484
    >>> round(tilt(steep, 1484.13, h=0.05, rise=96.6), 2)
    67.38
    >>> view = Viewport((0.0, 6.0, 1.0), (-10.0, 40.0, 10.0))
    >>> tilt(view, 4.0, 0.25, 1.0625), tilt(view, 0.0, 0.25, 0.0)
    (1.0, 1.0)
    >>> round(tilt(view, 1.0, 0.25, 0.28), 6)   # exp at 0 in this view: climbs 0.12 of a share
    2.083333
    """
    width = view.x_range[1] - view.x_range[0]
    height = view.y_range[1] - view.y_range[0]
    climb = abs(slope) * width / height
    if slope == 0 or climb >= FLAT:
        return 1.0
    extra = min(FLAT / climb, MOST_TILT)
    if rise != 0:
        extra = min(extra, rise_share * height / (abs(rise) * zoom_factor(view, h, rise)))
    return float(max(extra, 1.0))


def zoom_window(view: Viewport, a: float, fa: float, h: float, rise: float,
                progress: float, slope: float = 0.0) -> Window:
    """The window shown ``progress`` of the way (0 to 1) into the zoom onto the secant.

    At 0 it is the full view; at 1 it is the view magnified :func:`zoom_factor` times and
    centred on the middle of the secant's rise-and-run triangle. In between, the magnification
    grows geometrically (each step of ``progress`` zooms by the same ratio) about the one point
    of the view that stays still on screen, so the triangle, inside at both ends, stays inside.

    Parameters
    ----------
    view : Viewport
        The full view.
    a, fa : float
        The point (a, f(a)).
    h, rise : float
        The secant's run and rise, f(a + h) - f(a).
    progress : float
        0 (not zoomed) to 1 (fully zoomed).
    slope : float
        f'(a), for the :func:`tilt` of a tangent the full view shows flat (0: no tilt).

    Examples
    --------
    >>> view = Viewport((0.0, 6.0, 1.0), (-10.0, 40.0, 10.0))
    >>> zoom_window(view, 2.0, 4.0, 0.25, 0.5625, 0.0) == Window.of(view)
    True
    >>> full = zoom_window(view, 2.0, 4.0, 0.25, 0.5625, 1.0)
    >>> round(full.width, 12), round(full.height, 12)
    (0.833333333333, 6.944444444444)
    """
    full = Window.of(view)
    scale = zoom_factor(view, h, rise)
    if scale <= 1.0 or progress <= 0.0:
        return full
    progress = min(float(progress), 1.0)
    target = (a + h / 2, fa + rise / 2)

    def edges(low: float, high: float, middle: float, most: float) -> tuple[float, float]:
        # The fixed point: magnifying `most` times about it puts the triangle's middle in the
        # middle of the window.
        fixed = (most * middle - (low + high) / 2) / (most - 1)
        now = most ** progress
        return fixed + (low - fixed) / now, fixed + (high - fixed) / now

    x_low, x_high = edges(full.x_low, full.x_high, target[0], scale)
    y_low, y_high = edges(full.y_low, full.y_high, target[1],
                          scale * tilt(view, slope, h, rise))
    return Window(x_low, x_high, y_low, y_high)


def magnification(view: Viewport, window: Window) -> float:
    """How many times a window magnifies the full view in x (y may be magnified more: :func:`tilt`).

    Examples
    --------
    >>> magnification(Viewport((0.0, 6.0, 1.0), (0.0, 4.0, 1.0)), Window(1.0, 1.5, 2.0, 2.5))
    12.0
    """
    return (view.x_range[1] - view.x_range[0]) / window.width


def land(view: Viewport, window: Window, x: np.ndarray | float,
         y: np.ndarray | float) -> tuple[np.ndarray, np.ndarray]:
    """Where points of the window land in the full view's coordinates.

    A zoomed graph is drawn on the unzoomed axes: the point (x, y) of the window is drawn where
    the full view has the returned point. Works on arrays too.

    Examples
    --------
    >>> view = Viewport((0.0, 6.0, 1.0), (0.0, 4.0, 1.0))
    >>> [float(v) for v in land(view, Window(1.0, 1.5, 2.0, 2.5), 1.25, 2.5)]
    [3.0, 4.0]
    """
    (x0, x1), (y0, y1) = view.x_range[:2], view.y_range[:2]
    xs = x0 + (np.asarray(x, dtype=float) - window.x_low) * ((x1 - x0) / window.width)
    ys = y0 + (np.asarray(y, dtype=float) - window.y_low) * ((y1 - y0) / window.height)
    return xs, ys


def bend_pixels(function: Callable[[np.ndarray], np.ndarray], a: float, fa: float, slope: float,
                window: Window, pixels_high: float, samples: int = 401) -> float:
    """How far the curve strays from its tangent at a within the window, in pixels.

    The largest vertical gap between f and the tangent line over the window's x range, scaled
    to a window drawn ``pixels_high`` pixels tall. Below 1 the curve is straight to the pixel.

    Parameters
    ----------
    function : callable
        f, vectorised (NaN where undefined; those samples are skipped).
    a, fa, slope : float
        The point and f'(a).
    window : Window
        The part of the plane shown.
    pixels_high : float
        The window's height on screen, in pixels.

    Examples
    --------
    >>> square = lambda x: x ** 2
    >>> bend_pixels(square, 2.0, 4.0, 4.0, Window(1.0, 3.0, 0.0, 10.0), pixels_high=1000)
    100.0
    >>> bend_pixels(square, 2.0, 4.0, 4.0, Window(1.9, 2.1, 3.5, 4.5), pixels_high=1000)
    10.0
    """
    xs = np.linspace(window.x_low, window.x_high, samples)
    gaps = np.abs(np.asarray(function(xs), dtype=float) - (fa + slope * (xs - a)))
    gaps = gaps[np.isfinite(gaps)]
    if gaps.size == 0:
        return 0.0
    return float(round(gaps.max() * pixels_high / window.height, 9))
