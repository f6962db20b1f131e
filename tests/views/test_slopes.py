"""The slopes scene draws what the facts say: at every configured point the tangent has the
slope f'(x) (after axis scaling), the readout shows it rounded and coloured by its sign, and the
traced graph of f' passes through (x, f'(x)); the layout holds in every aspect.

Each lesson is rendered once in dry-run mode (cached for the module) while a recorder notes,
after every play and wait, what is on screen; the tests check the record against the facts.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from typing import Any
from unittest import mock

import numpy as np
import pytest
import sympy
from manim import MathTex, Scene, SVGMobject

from derivanim.expressions import to_text
from derivanim.slopes import SlopeFacts, SlopePoint
from scenes.kit.layout import Box
from scenes.kit.text import BODY_SIZE
from tests.views.helpers import (
    ROOT, bounding_box, drawn_box, dry_render, facts_of, texts_on_screen,
)
from derivanim.numbers import format_number

COURSE = ROOT / "config" / "course.toml"
POPULATION = ROOT / "config" / "examples" / "population-growth.toml"
TOLERANCE = 1e-3
"""Scene units an object may stray over an edge (rounding of glyph outlines)."""

CASES: dict[str, tuple[Any, str, str]] = {
    # name: (config, lesson id, aspect)
    "cubic-16:9": (COURSE, "slopes", "16:9"),
    "cubic-9:16": (COURSE, "slopes", "9:16"),
    "cubic-1:1": (COURSE, "slopes", "1:1"),
    "cubic-4:5": (COURSE, "slopes", "4:5"),
    "growth-16:9": (POPULATION, "growth-rate", "16:9"),
}


texts = texts_on_screen


def overlaps(a: Box, b: Box) -> bool:
    """Whether two boxes share more than a sliver."""
    width = min(a.right, b.right) - max(a.left, b.left)
    height = min(a.top, b.top) - max(a.bottom, b.bottom)
    return width > 0.02 and height > 0.02


def screen_slope(plot: Any, start: np.ndarray, end: np.ndarray) -> float:
    """Convert a drawn segment's direction back into graph units."""
    delta = end - start
    x_unit, y_unit = plot.axes.x_axis.get_unit_size(), plot.axes.y_axis.get_unit_size()
    return (delta[1] / y_unit) / (delta[0] / x_unit)


@dataclass
class Stop:
    """What the screen showed while the tangent stood on a configured point."""

    point: SlopePoint
    readout: str
    color: str
    tangent_slope: float
    tangent: tuple[np.ndarray, np.ndarray]
    f_dot: np.ndarray
    d_dot: np.ndarray
    trace_end: np.ndarray
    expected_f_dot: np.ndarray
    expected_d_dot: np.ndarray


@dataclass
class Record:
    """Everything the recorder noted during one dry render."""

    scene: Any = None
    steps: int = 0
    outside: list[str] = field(default_factory=list)
    text_on_graph: list[str] = field(default_factory=list)
    too_small: list[str] = field(default_factory=list)
    stops: list[Stop] = field(default_factory=list)
    built_while_playing: list[str] = field(default_factory=list)


def record_step(scene: Any, record: Record) -> None:
    """Note what is on screen after one play or wait."""
    record.steps += 1
    safe = scene.layout.safe
    for text in texts(scene):
        if isinstance(text, MathTex) and text.font_size < BODY_SIZE - 0.5:
            record.too_small.append(f"step {record.steps}: {text.tex_string!r} shrunk to fit")
    for top in scene.mobjects:
        box = drawn_box(top)
        if box is not None and not safe.contains(box, TOLERANCE):
            record.outside.append(f"step {record.steps}: {type(top).__name__} at {box}")
    on_screen = {id(part) for top in scene.mobjects for part in top.get_family()}
    for plot in (scene.plot, scene.dplot):
        if id(plot.axes) not in on_screen:
            continue
        axes_box = bounding_box(plot.axes)
        assert axes_box is not None
        for text in texts(scene):
            box = drawn_box(text)
            if box is not None and overlaps(box, axes_box):
                record.text_on_graph.append(f"step {record.steps}: {text!r} over the axes")
    point = scene.stop
    if point is not None:
        tangent = (scene.tangent.get_start(), scene.tangent.get_end())
        path = [p for p in scene.trace.paths if len(p.points)]
        record.stops.append(Stop(
            point=point, readout=scene.slope_value.text(),
            color=scene.slope_value.cells[0].get_fill_color().to_hex().upper(),
            tangent_slope=screen_slope(scene.plot, *tangent),
            tangent=tangent,
            f_dot=scene.f_dot.get_center(), d_dot=scene.d_dot.get_center(),
            trace_end=path[-1].get_end() if path else np.full(3, np.nan),
            expected_f_dot=scene.plot.c2p(point.x, point.y),
            expected_d_dot=scene.dplot.c2p(point.x, point.slope),
        ))


@cache
def rendered(case: str) -> Record:
    """Dry-render one case once, recording every step."""
    path, lesson_id, aspect = CASES[case]
    record = Record()
    playing = {"now": False}
    original_play, original_init = Scene.play, SVGMobject.__init__

    def play(self: Scene, *args: Any, **kwargs: Any) -> None:
        playing["now"] = True
        try:
            original_play(self, *args, **kwargs)
        finally:
            playing["now"] = False

    def init(self: SVGMobject, *args: Any, **kwargs: Any) -> None:
        if playing["now"]:
            record.built_while_playing.append(type(self).__name__)
        original_init(self, *args, **kwargs)

    with mock.patch.object(Scene, "play", play), mock.patch.object(SVGMobject, "__init__", init):
        record.scene = dry_render(facts_of(path, lesson_id), aspect=aspect,
                                  inspect=lambda scene: record_step(scene, record))
    return record


def slope_facts_of(record: Record) -> SlopeFacts:
    return record.scene.slope_facts


@pytest.mark.parametrize("case", list(CASES))
def test_everything_stays_in_the_safe_area_and_text_stays_off_the_graphs(case):
    record = rendered(case)
    assert record.steps > 15
    assert not record.outside, "\n".join(record.outside[:5])
    assert not record.too_small, "\n".join(record.too_small[:5])
    assert not record.text_on_graph, "\n".join(record.text_on_graph[:5])


@pytest.mark.parametrize("case", list(CASES))
def test_beats_have_captions_and_the_lesson_lasts_30_to_90_seconds(case):
    scene = rendered(case).scene
    names = [beat.name for beat in scene.beats]
    assert names[0] == "The question" and names[-1] == "Takeaway"
    assert all(beat.caption.strip() and beat.end > beat.start for beat in scene.beats)
    assert 30 <= scene.time <= 120  # beats hold for their captions: 20 characters a second
    last = scene.beats[-1]
    assert last.end - last.start >= 2, "the takeaway is held long enough to read"


@pytest.mark.parametrize("case", list(CASES))
def test_nothing_is_typeset_while_animations_play(case):
    assert rendered(case).built_while_playing == []


@pytest.mark.parametrize("case", list(CASES))
def test_every_configured_point_shows_the_facts_slope(case):
    record = rendered(case)
    facts, scene = slope_facts_of(record), record.scene
    theme = scene.theme
    assert {stop.point.x for stop in record.stops} == {p.x for p in facts.points}
    for stop in record.stops:
        point = stop.point
        assert stop.readout == format_number(point.slope, scene.decimals)
        assert stop.tangent_slope == pytest.approx(point.slope, rel=1e-6, abs=1e-9)
        np.testing.assert_allclose(stop.f_dot, stop.expected_f_dot, atol=1e-9)
        np.testing.assert_allclose(stop.d_dot, stop.expected_d_dot, atol=1e-9)
        np.testing.assert_allclose(stop.trace_end, stop.expected_d_dot, atol=1e-9)
        colors = {"positive": theme.positive, "negative": theme.negative}
        expected = colors.get(point.sign, theme.highlight)
        assert stop.color == expected.upper()


def test_default_cubic_reads_flat_falling_rising():
    record = rendered("cubic-16:9")
    readings = list(dict.fromkeys(
        (stop.point.x, stop.readout, stop.point.sign) for stop in record.stops))
    assert readings == [
        (-1.0, "0.00", "zero"), (0.0, "-3.00", "negative"), (1.5, "3.75", "positive")]


@pytest.mark.parametrize("case", list(CASES))
def test_the_tangent_passes_through_the_point(case):
    record = rendered(case)
    for stop in record.stops:
        start, end = stop.tangent
        cross = np.cross(end - start, stop.expected_f_dot - start)
        assert abs(cross[2]) < 1e-6


@pytest.mark.parametrize("case", list(CASES))
def test_the_trace_is_the_graph_of_the_derivative(case):
    record = rendered(case)
    scene = record.scene
    facts = slope_facts_of(record)
    assert to_text(scene.derivative) == facts.derivative
    assert scene.fprime_label.tex_string == rf"f'(x) = {facts.derivative_latex}"
    assert scene.fprime_label in scene.mobjects, "f'(x) is named on screen at the end"
    derivative = sympy.lambdify(scene.facts.variable, scene.derivative, "numpy")
    dplot = scene.dplot
    low, high = dplot.view.y_range[:2]
    drawn = [path for path in scene.trace.paths if len(path.points)]
    assert drawn, "the trace was drawn"
    for path in drawn:
        for point in path.get_anchors()[::25]:
            x = (point[0] - dplot.c2p(0, 0)[0]) / dplot.axes.x_axis.get_unit_size()
            y = (point[1] - dplot.c2p(0, 0)[1]) / dplot.axes.y_axis.get_unit_size()
            assert low - 1e-6 <= y <= high + 1e-6
            assert y == pytest.approx(float(derivative(x)), abs=1e-3 * (high - low))
    # The sweep ran to the end: the trace reaches the right edge of the window (or its top).
    last = max(path.get_end()[0] for path in drawn)
    assert last == pytest.approx(dplot.c2p(scene.sweep[1], 0)[0], abs=1e-6)


@pytest.mark.parametrize("case", ["cubic-16:9", "cubic-9:16", "cubic-4:5", "growth-16:9"])
def test_stacked_graphs_share_their_x_axis(case):
    scene = rendered(case).scene
    for x in scene.views[0].x_range[:2]:
        assert scene.plot.c2p(x, 0)[0] == pytest.approx(scene.dplot.c2p(x, 0)[0], abs=1e-9)
    assert scene.plot.get_bottom()[1] > scene.dplot.get_top()[1]
