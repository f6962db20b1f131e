"""The secant scene draws what the facts say: secants through points on the curve, a slope
readout that matches the facts at every configured h, and a tangent of slope f'(a)."""

from __future__ import annotations

import numpy as np
import pytest
from manim import DL, UR

from derivanim.config import parse_course
from derivanim.facts import lesson_facts
from derivanim.numbers import number
from derivanim.zoom import Window, bend_pixels
from tests.views.helpers import ROOT, dry_render, facts_of

COURSE = ROOT / "config" / "course.toml"
SINE = ROOT / "config" / "examples" / "sine-secant.toml"


def screen_slope(plot, start: np.ndarray, end: np.ndarray) -> float:
    """Convert a drawn segment's direction back into graph units."""
    x_unit = plot.axes.x_axis.get_unit_size()
    y_unit = plot.axes.y_axis.get_unit_size()
    delta = end - start
    return (delta[1] / y_unit) / (delta[0] / x_unit)


@pytest.mark.parametrize(("path", "lesson_id"), [(COURSE, "secant"), (SINE, "sine-secant")])
def test_secants_stop_on_the_curve_with_the_facts_slope(path, lesson_id):
    facts = facts_of(path, lesson_id)
    secants = {round(s.h, 12): s for s in facts.facts.secants}
    seen: dict[float, str] = {}

    def inspect(scene) -> None:
        if not hasattr(scene, "h") or not scene.q_dot.updaters:
            return
        h = round(scene.h.get_value(), 12)
        if h in secants:
            s = secants[h]
            drawn_q = scene.q_dot.get_center()
            np.testing.assert_allclose(drawn_q, scene.lens.c2p(s.x2, s.y2), atol=1e-9)
            drawn = screen_slope(scene.plot, scene.secant.get_start(), scene.secant.get_end())
            assert drawn == pytest.approx(s.slope, rel=1e-6)
            seen[h] = scene.slope_value.text()

    scene = dry_render(facts, inspect=inspect)
    assert set(seen) == set(secants), "every configured h is shown"
    for h, text in seen.items():
        assert float(text) == pytest.approx(secants[h].slope, abs=0.5 * 10 ** -scene.decimals)
    tangent = scene.tangent
    drawn = screen_slope(scene.plot, tangent.get_start(), tangent.get_end())
    assert drawn == pytest.approx(facts.facts.slope, rel=1e-9)
    assert scene.slope_value.text() == f"{facts.facts.slope:.{scene.decimals}f}"
    tangent_point = scene.plot.c2p(facts.facts.x, facts.facts.y)
    # The tangent passes through (a, f(a)): the point is collinear with the drawn segment.
    cross = np.cross(tangent.get_end() - tangent.get_start(), tangent_point - tangent.get_start())
    assert abs(cross[2]) < 1e-9


def test_tangent_label_states_the_rounded_equation():
    facts = facts_of(COURSE, "secant")
    scene = dry_render(facts)
    assert scene.tangent_label.tex_string == "y = 4x - 4"
    assert number(facts.facts.slope) == "4"


# ---- the zoom beat: local linearity ------------------------------------------------------
AWKWARD = {
    "cube-at-0": {"function": "x^3", "point": 0},
    "exp-at-0": {"function": "exp(x)", "point": 0},
    "near-pole": {"function": "1/x", "point": 0.3, "h": [0.2, 0.1, 0.05]},
    "steep": {"function": "exp(10x)", "point": 0.5, "h": [0.2, 0.1, 0.05]},
}


def lesson_of(fields: dict) -> object:
    """Facts of a secant lesson given by its TOML fields."""
    return lesson_facts(parse_course({"lessons": [{"id": "zoomed", "kind": "secant", **fields}]})
                        .lessons[0])


def distance_to_curve(point: np.ndarray, curve) -> float:
    """Scene distance from a point to the drawn curve (its pieces are polylines)."""
    best = np.inf
    for piece in curve.submobjects:
        if len(piece.points) < 2:
            continue
        starts, ends = piece.points[:-1, :2], piece.points[1:, :2]
        along = ends - starts
        lengths = np.maximum(np.sum(along * along, axis=1), 1e-300)
        t = np.clip(np.sum((point[:2] - starts) * along, axis=1) / lengths, 0.0, 1.0)
        nearest = starts + t[:, None] * along
        best = min(best, float(np.min(np.linalg.norm(nearest - point[:2], axis=1))))
    return best


def axes_box(scene) -> tuple[np.ndarray, np.ndarray]:
    (x0, x1), (y0, y1) = scene.view.x_range[:2], scene.view.y_range[:2]
    return scene.plot.c2p(x0, y0), scene.plot.c2p(x1, y1)


class ZoomWatch:
    """Looks at every frame of the zoom beat and records what the tests check."""

    def __init__(self) -> None:
        self.frames: list[dict] = []
        self.before: dict | None = None

    def attach(self, scene) -> None:
        original = scene.update_to_time

        def update_to_time(t: float) -> None:
            original(t)
            self.look(scene)

        scene.update_to_time = update_to_time

    @staticmethod
    def fixed(scene) -> dict:
        """Where the readouts and the table are."""
        return {"slope": scene.slope_value.anchor, "h": scene.h_value.anchor,
                "table": scene.table.get_center(), "f": scene.f_label.get_center()}

    def look(self, scene) -> None:
        if not hasattr(scene, "lens") or not scene.q_dot.updaters:
            return
        if not scene.lens.zoomed:
            if not self.frames:
                self.before = self.fixed(scene)
            return
        x2, y2 = scene.second_point()
        low, high = axes_box(scene)
        self.frames.append({
            "zoom": scene.zoom.get_value(), "factor": scene.lens.factor,
            "window": scene.lens.window,
            "p": scene.p_dot.get_center(), "q": scene.q_dot.get_center(),
            "p_on_curve": distance_to_curve(scene.p_dot.get_center(), scene.curve),
            "q_on_curve": distance_to_curve(scene.q_dot.get_center(), scene.curve),
            "q_expected": scene.lens.c2p(x2, y2), "low": low, "high": high,
            "run": scene.run_line.get_length(), "h_label": scene.h_label.height,
            "label_box": (scene.h_label.get_corner(DL), scene.h_label.get_corner(UR)),
            "fixed": self.fixed(scene),
        })


ZOOMED = [(COURSE, "secant", "16:9"), (COURSE, "secant", "9:16"),
          (SINE, "sine-secant", "16:9"), (SINE, "sine-secant", "9:16")]


@pytest.fixture(scope="module", params=ZOOMED, ids=[f"{i}-{a}" for _, i, a in ZOOMED])
def zoom_beat(request):
    path, lesson_id, aspect = request.param
    watch = ZoomWatch()
    scene = dry_render(facts_of(path, lesson_id), aspect=aspect, frame_rate=5, setup=watch.attach)
    return scene, watch


def test_zoom_magnifies_many_times(zoom_beat):
    scene, watch = zoom_beat
    assert len(watch.frames) > 20, "the zoom beat lasts seconds"
    assert max(f["factor"] for f in watch.frames) > 20
    assert any(beat.key == "zoom" for beat in scene.beats)


def assert_secant_on_curve_in_view(frame: dict) -> None:
    """The zoomed secant's ends: q where the lens puts it, both within a stroke's half width of
    a drawn vertex of the curve (its samples are dense), and both inside the graph's box."""
    np.testing.assert_allclose(frame["q"], frame["q_expected"], atol=1e-9)
    assert frame["p_on_curve"] < 1e-3 and frame["q_on_curve"] < 1e-3
    for point in (frame["p"], frame["q"]):
        assert np.all(point[:2] >= frame["low"][:2] - 1e-9)
        assert np.all(point[:2] <= frame["high"][:2] + 1e-9)


def test_zoomed_secant_ends_lie_on_the_drawn_curve_inside_the_view(zoom_beat):
    _, watch = zoom_beat
    for frame in watch.frames:
        assert_secant_on_curve_in_view(frame)


def test_fully_zoomed_triangle_and_h_label_stay_large(zoom_beat):
    scene, watch = zoom_beat
    deep = [f for f in watch.frames if f["zoom"] == 1.0]
    assert deep, "the zoom reaches its full depth"
    for frame in deep:
        width = frame["high"][0] - frame["low"][0]
        assert frame["run"] >= 0.2 * width, "the run keeps a fifth of the graph's width or more"
        assert frame["h_label"] >= scene.layout.min_glyph
        bottom_left, top_right = frame["label_box"]
        assert np.all(bottom_left[:2] >= frame["low"][:2])
        assert np.all(top_right[:2] <= frame["high"][:2])


def test_readouts_do_not_move_while_zooming(zoom_beat):
    _, watch = zoom_beat
    assert watch.before is not None
    for frame in watch.frames:
        for name, where in frame["fixed"].items():
            np.testing.assert_allclose(where, watch.before[name], atol=1e-9, err_msg=name)


def test_curve_straightens_into_the_tangent(zoom_beat):
    scene, watch = zoom_beat
    facts = scene.secant_facts
    deepest = max(watch.frames, key=lambda f: f["factor"])
    per_unit = 1080 / min(scene.layout.frame_width, scene.layout.frame_height)  # at 1080p
    pixels = per_unit * (deepest["high"][1] - deepest["low"][1])
    full = bend_pixels(scene.f, facts.x, facts.y, facts.slope, Window.of(scene.view), pixels)
    zoomed = bend_pixels(scene.f, facts.x, facts.y, facts.slope, deepest["window"], pixels)
    # Zoomed, the curve strays from its tangent by under 1.5% of the graph's height (x^2 at 2:
    # about a pixel at 1080p; sin at 1.2, where h stops at 0.01: about 8 of 655), and by a
    # fiftieth or less of how far it strays in the full view.
    assert zoomed < 0.015 * pixels and zoomed < full / 50, (full, zoomed)


@pytest.mark.parametrize("name", sorted(AWKWARD))
def test_any_function_gets_the_zoom(name):
    watch = ZoomWatch()
    scene = dry_render(lesson_of(AWKWARD[name]), frame_rate=3, setup=watch.attach)
    assert watch.frames and max(f["factor"] for f in watch.frames) > 5
    for frame in watch.frames:
        assert_secant_on_curve_in_view(frame)
    assert scene.lens.window == Window.of(scene.view), "the zoom ends back on the full view"
