"""The numerics scene draws what the facts say: each error point at (log10 h, log10 error)
after the axes' scaling, the error curves through those points, guides of slope 1 and 2 and a
round-off floor of slope -1 through their predicted values, the best h ringed and named, and
exactly-zero errors drawn hollow on the bottom edge."""

from __future__ import annotations

import math
import re

import numpy as np
import pytest
from manim import Circle, Dot

from derivanim.config import parse_course
from derivanim.facts import lesson_facts
from derivanim.speech import leftover_symbols, say
from tests.views.helpers import ROOT, dry_render, facts_of

COURSE = ROOT / "config" / "course.toml"
EXP = ROOT / "config" / "examples" / "numerics-exp.toml"


def graph_point(plot, point: np.ndarray) -> tuple[float, float]:
    """Convert a scene point back into (log10 h, log10 error) from the drawn axis lines."""
    x_axis, y_axis = plot.axes[0], plot.axes[1]
    (x_low, x_high), (y_low, y_high) = plot.view.x_range[:2], plot.view.y_range[:2]
    left, right = x_axis.get_start()[0], x_axis.get_end()[0]
    bottom, top = y_axis.get_start()[1], y_axis.get_end()[1]
    return (x_low + (point[0] - left) / (right - left) * (x_high - x_low),
            y_low + (point[1] - bottom) / (top - bottom) * (y_high - y_low))


def slope_of(plot, line) -> float:
    (xa, ya), (xb, yb) = graph_point(plot, line.get_start()), graph_point(plot, line.get_end())
    return (yb - ya) / (xb - xa)


def made_up(function: str, point: float):
    course = parse_course({"lessons": [{"kind": "numerics", "function": function, "point": point}]})
    return lesson_facts(course.lessons[0])


@pytest.fixture(scope="module")
def sine_scene():
    return dry_render(facts_of(COURSE, "numerics"))


@pytest.mark.parametrize("name", ["forward", "central"])
def test_error_points_sit_at_log_h_and_log_error(sine_scene, name):
    scene, steps = sine_scene, sine_scene.numerics.steps
    markers = scene.points[name]["markers"]
    assert len(markers) == len(steps) == 15
    for marker, step in zip(markers, steps):
        assert isinstance(marker, Dot)
        x, y = graph_point(scene.plot, marker.get_center())
        assert x == pytest.approx(math.log10(step.h), abs=1e-9)
        assert y == pytest.approx(math.log10(getattr(step, f"{name}_error")), abs=1e-9)


@pytest.mark.parametrize("name", ["forward", "central"])
def test_the_error_curve_passes_through_the_points(sine_scene, name):
    parts = sine_scene.points[name]
    corners = parts["path"].get_anchors()
    for marker in parts["markers"]:
        gaps = np.linalg.norm(corners - marker.get_center(), axis=1)
        assert gaps.min() < 1e-9


def test_guides_have_slopes_1_and_2_and_the_floor_minus_1(sine_scene):
    scene, facts = sine_scene, sine_scene.numerics
    guides = scene.guides
    assert set(guides) == {"forward", "central", "roundoff"}
    assert slope_of(scene.plot, guides["forward"]) == pytest.approx(1.0, rel=1e-9)
    assert slope_of(scene.plot, guides["central"]) == pytest.approx(2.0, rel=1e-9)
    assert slope_of(scene.plot, guides["roundoff"]) == pytest.approx(-1.0, rel=1e-9)
    for name, guide in (("forward", facts.forward_guide), ("central", facts.central_guide),
                        ("roundoff", facts.roundoff)):
        x, y = graph_point(scene.plot, guides[name].get_start())
        assert y == pytest.approx(math.log10(guide.at(10.0 ** x)), abs=1e-9)


def test_the_best_steps_are_ringed_and_named(sine_scene):
    scene, facts = sine_scene, sine_scene.numerics
    for ring, best in zip(scene.best_marks, (facts.best_forward, facts.best_central)):
        x, y = graph_point(scene.plot, ring.get_center())
        assert (x, y) == pytest.approx((best.exponent, math.log10(best.error)), abs=1e-9)
    texts = [label.tex_string for label in scene.best_labels]
    assert texts[0].endswith("h = 10^{-8}") and texts[1].endswith("h = 10^{-5}")


def test_the_table_rows_are_the_secant_quotients(sine_scene):
    rows = sine_scene.table.rows
    assert [row[1].text() for row in rows] == ["-0.1235", "0.2182", "0.3152", "0.3483", "0.3577"]


def test_tick_labels_are_whole_powers_at_their_ticks(sine_scene):
    plot = sine_scene.plot
    x_axis_y = plot.axes[0].get_start()[1]
    for label in plot.labels:
        value = label.value
        assert value == int(value)
        centre = label.get_center()
        if centre[1] < x_axis_y:  # an x label, below the axis
            assert graph_point(plot, centre)[0] == pytest.approx(value, abs=1e-6)
        else:
            assert graph_point(plot, centre)[1] == pytest.approx(value, abs=0.05)


def test_exact_zero_errors_are_hollow_on_the_floor_and_said():
    facts = made_up("x^2", 0)  # central: (h² - h²)/(2h) is exactly 0 in float64
    scene = dry_render(facts, aspect="9:16")
    view = scene.view
    for marker in scene.points["central"]["markers"]:
        assert isinstance(marker, Circle) and not isinstance(marker, Dot)
        assert graph_point(scene.plot, marker.get_center())[1] == pytest.approx(view.floor, abs=1e-9)
    assert all(isinstance(m, Dot) for m in scene.points["forward"]["markers"])
    assert "central" not in scene.guides  # f''' = 0: no guide of slope 2
    guides = next(beat for beat in scene.beats if beat.key == "guides")
    assert "f‴(0) = 0" in guides.caption and "no guide of slope 2" in guides.caption


def test_exp_example_in_a_tall_frame():
    scene = dry_render(facts_of(EXP, "numerics-exp"), aspect="9:16")
    facts = scene.numerics
    assert slope_of(scene.plot, scene.guides["forward"]) == pytest.approx(1.0, rel=1e-9)
    assert slope_of(scene.plot, scene.guides["central"]) == pytest.approx(2.0, rel=1e-9)
    for marker, step in zip(scene.points["forward"]["markers"], facts.steps):
        x, y = graph_point(scene.plot, marker.get_center())
        assert (x, y) == pytest.approx((step.exponent, math.log10(step.forward_error)), abs=1e-9)
    assert [beat.key for beat in scene.beats] == list(scene.chapters)
    assert 30 <= scene.time <= 120  # beats hold for their captions: 20 characters a second


def test_every_caption_is_said_in_words(sine_scene):
    scene = sine_scene
    for beat in scene.beats:
        spoken = say(beat.caption)
        assert leftover_symbols(spoken) == [], beat.caption
        assert not re.search(r"\d", spoken), spoken
    assert "10⁻⁸" in next(b.caption for b in scene.beats if b.key == "best")


@pytest.mark.parametrize(("theme", "aspect"), [("light", "4:5"), ("high-contrast", "1:1")])
def test_other_themes_and_aspects_draw_the_same_points(theme, aspect):
    scene = dry_render(facts_of(COURSE, "numerics"), aspect=aspect, theme=theme)
    assert scene.theme.name == theme
    for name in ("forward", "central"):
        for marker, step in zip(scene.points[name]["markers"], scene.numerics.steps):
            x, y = graph_point(scene.plot, marker.get_center())
            assert (x, y) == pytest.approx(
                (step.exponent, math.log10(getattr(step, f"{name}_error"))), abs=1e-9)
            assert marker.get_color().to_hex().lower() == scene.colors[name].lower()
    assert scene.layout.safe.contains(scene.plot.frame_box)


@pytest.mark.parametrize(("function", "point"), [("x", 0), ("5", 1), ("exp(5x)", 1), ("x^2", 0)])
def test_awkward_functions_stay_readable_in_a_tall_frame(function, point):
    """Every error exactly 0 (a line, a constant), errors far above 1, a whole method at 0."""
    from tests.views.test_all_scenes import Checker

    checker = Checker()
    scene = dry_render(made_up(function, point), aspect="9:16", inspect=checker)
    assert not checker.problems, "\n".join(checker.problems[:5])
    assert 30 <= scene.time <= 120  # beats hold for their captions: 20 characters a second
    for name in ("forward", "central"):
        for marker, step in zip(scene.points[name]["markers"], scene.numerics.steps):
            error = getattr(step, f"{name}_error")
            y = graph_point(scene.plot, marker.get_center())[1]
            if error == 0:
                assert y == pytest.approx(scene.view.floor, abs=1e-9)
            else:
                assert y == pytest.approx(math.log10(error), abs=1e-9)
