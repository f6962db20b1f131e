"""The zoom onto a secant (derivanim.zoom): the window as h shrinks, the magnification, where
points land, and how far the curve strays from its tangent."""

from __future__ import annotations

import numpy as np
import pytest
import sympy
from conftest import expr

from derivanim.expressions import symbol
from derivanim.sampling import numeric_function
from derivanim.viewport import Viewport, fit_viewport
from derivanim.zoom import (
    MOST,
    RISE_SHARE,
    RUN_SHARE,
    Window,
    FLAT,
    MOST_TILT,
    bend_pixels,
    land,
    magnification,
    tilt,
    zoom_factor,
    zoom_window,
)

X = symbol("x")
VIEW = Viewport((0.0, 8.0, 1.0), (-16.0, 48.0, 8.0))
"""x^2 at 2 with its h: widths and heights are powers of two, so the arithmetic is exact."""
CASES = {
    "x^2 at 2": ("x^2", 2.0, [2, 1, 0.5, 0.25]),
    "sin at 1.2": ("sin(x)", 1.2, [1, 0.3, 0.1, 0.03, 0.01]),
    "x^3 at 0": ("x^3", 0.0, [2, 1, 0.5, 0.25]),
    "exp at 0": ("exp(x)", 0.0, [2, 1, 0.5, 0.25]),
    "1/x near its pole": ("1/x", 0.3, [0.2, 0.1, 0.05]),
    "exp(10x)": ("exp(10x)", 0.5, [0.2, 0.1, 0.05]),
}


def test_run_takes_its_share_of_the_width():
    assert zoom_factor(VIEW, h=0.25, rise=1.0625) == RUN_SHARE * 8 / 0.25
    assert zoom_factor(VIEW, h=0.25, rise=0.0) == RUN_SHARE * 8 / 0.25


def test_steep_rise_limits_the_zoom():
    assert zoom_factor(VIEW, h=0.25, rise=4.0) == RISE_SHARE * 64 / 4.0
    assert zoom_factor(VIEW, h=-0.25, rise=-4.0) == RISE_SHARE * 64 / 4.0


def test_zoom_never_shrinks_the_view_nor_exceeds_its_cap():
    assert zoom_factor(VIEW, h=4.0, rise=32.0) == 1.0
    assert zoom_factor(VIEW, h=1e-12, rise=1e-12) == MOST


def test_no_progress_is_the_full_view_and_full_progress_centres_the_triangle():
    assert zoom_window(VIEW, 2.0, 4.0, 0.25, 1.0625, 0.0) == Window.of(VIEW)
    window = zoom_window(VIEW, 2.0, 4.0, 0.25, 1.0625, 1.0)
    scale = zoom_factor(VIEW, 0.25, 1.0625)
    assert window.centre == pytest.approx((2.125, 4.53125), abs=1e-12)
    assert window.width == pytest.approx(8 / scale, rel=1e-12)
    assert window.height == pytest.approx(64 / scale, rel=1e-12)
    assert magnification(VIEW, window) == pytest.approx(scale, rel=1e-12)


def test_zoom_grows_geometrically_about_one_still_point():
    scale = zoom_factor(VIEW, 0.25, 1.0625)
    windows = [zoom_window(VIEW, 2.0, 4.0, 0.25, 1.0625, p) for p in (0.0, 0.25, 0.5, 0.75, 1.0)]
    factors = [magnification(VIEW, w) for w in windows]
    expected = [scale ** p for p in (0.0, 0.25, 0.5, 0.75, 1.0)]
    np.testing.assert_allclose(factors, expected, rtol=1e-12)
    # The still point lands on itself in every window.
    still = [(scale * t - c) / (scale - 1) for t, c in zip((2.125, 4.53125), (4.0, 16.0))]
    for window in windows:
        lx, ly = land(VIEW, window, still[0], still[1])
        assert (float(lx), float(ly)) == pytest.approx(tuple(still), abs=1e-12)


def test_land_maps_the_window_onto_the_view():
    window = Window(1.0, 3.0, 2.0, 10.0)
    xs, ys = land(VIEW, window, np.array([1.0, 3.0, 2.0]), np.array([2.0, 10.0, 6.0]))
    assert xs.tolist() == [0.0, 8.0, 4.0]
    assert ys.tolist() == [-16.0, 48.0, 16.0]


def test_a_tangent_the_view_shows_flat_is_tilted_up_within_bounds():
    tall = Viewport((0.0, 8.0, 1.0), (-512.0, 512.0, 128.0))
    # Slope 4 climbs 4 * 8 / 1024 = 1/32 of a share: tilted by FLAT / (1/32) = 8.
    assert tilt(tall, 4.0, h=0.25, rise=1.0) == FLAT * 32 == 8.0
    assert tilt(tall, 0.25, h=0.25, rise=0.0625) == MOST_TILT
    assert tilt(tall, 0.0, h=0.25, rise=0.0) == 1.0  # an exactly flat tangent stays flat
    assert tilt(VIEW, 4.0, h=0.25, rise=1.0625) == 1.0  # climbs half a share: not flat
    # Fully zoomed, y is magnified 8 times more than x, and the triangle is in the middle.
    window = zoom_window(tall, 2.0, 4.0, 0.25, 1.0, 1.0, slope=4.0)
    scale = zoom_factor(tall, 0.25, 1.0)
    assert window.width == pytest.approx(8 / scale, rel=1e-12)
    assert window.height == pytest.approx(1024 / (8 * scale), rel=1e-12)
    assert window.centre == pytest.approx((2.125, 4.5), abs=1e-12)


def test_tilt_never_pushes_the_rise_past_its_share():
    tall = Viewport((0.0, 8.0, 1.0), (-512.0, 512.0, 128.0))
    rise = 40.0  # a secant far steeper than its tangent
    scale = zoom_factor(tall, 0.25, rise)
    assert abs(rise) * scale * tilt(tall, 4.0, 0.25, rise) / 1024 == pytest.approx(0.5, rel=1e-12)


@pytest.mark.parametrize("name", sorted(CASES))
def test_both_points_stay_in_the_window_all_the_way_in_and_as_h_shrinks(name):
    text, a, steps = CASES[name]
    f = numeric_function(expr(text), X)
    fa = float(f(np.array(a)))
    slope = float(numeric_function(sympy.diff(expr(text), X), X)(np.array(a)))
    view = fit_viewport(expr(text), X, [a, *[a + h for h in steps]])
    last = steps[-1]

    def points(h: float) -> list[tuple[float, float]]:
        return [(a, fa), (a + h, float(f(np.array(a + h))))]

    for progress in np.linspace(0, 1, 21):  # the dive, at the last configured h
        window = zoom_window(view, a, fa, last, points(last)[1][1] - fa, progress, slope=slope)
        for x, y in points(last):
            if view.contains(x, y):
                assert window.contains(x, y), (progress, x, y)
    for h in np.geomspace(last, last / 25, 21):  # fully zoomed, following h
        window = zoom_window(view, a, fa, h, points(h)[1][1] - fa, 1.0, slope=slope)
        assert all(window.contains(x, y) for x, y in points(h)), h
        assert magnification(view, window) > 1


def test_bend_of_a_parabola_is_exact():
    square = lambda x: x ** 2  # noqa: E731
    # The gap to the tangent y = 4x - 4 is (x - 2)^2: 1 at the ends of [1, 3].
    assert bend_pixels(square, 2.0, 4.0, 4.0, Window(1.0, 3.0, 0.0, 8.0), pixels_high=800) == 100.0
    # Ten times narrower and ten times lower: a hundredth of the gap over a tenth of the height.
    assert bend_pixels(square, 2.0, 4.0, 4.0, Window(1.9, 2.1, 3.6, 4.4), pixels_high=800) == 10.0


def test_a_straight_line_does_not_bend_and_undefined_samples_are_skipped():
    assert bend_pixels(lambda x: 3 * x + 1, 0.0, 1.0, 3.0, Window(-1, 1, -2, 4), 500) == 0.0
    root = numeric_function(expr("sqrt(x)"), X)
    assert bend_pixels(root, 1.0, 1.0, 0.5, Window(-1.0, 1.0, 0.0, 2.0), 200) == pytest.approx(
        100 * 0.5, rel=1e-9)  # the largest gap, at x = 0: |0 - 0.5| of a height of 2
