"""The limit scene draws what the facts say, for every behaviour, in every aspect.

Each lesson is rendered once in dry-run mode (cached for the module) while a recorder notes,
after every play and wait, what is on screen: what left the safe area, what text overlaps the
graph, and, whenever a walking dot stands on a table point, the readouts and the dot's place.
The tests then check the record against the facts.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from functools import cache
from typing import Any
from unittest import mock

import numpy as np
import pytest
from manim import Circle, Dot, MathTex, Scene, SVGMobject

from derivanim.config import parse_course
from derivanim.facts import LessonFacts, lesson_facts
from derivanim.limits import LimitFacts
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


def constructed(function: str, point: float = 0.0) -> LessonFacts:
    """A limit lesson built from its fields, the way a course file would give it."""
    return lesson_facts(parse_course({"lessons": [{"kind": "limit", "function": function,
                                                   "point": point}]}).lessons[0])


CASES: dict[str, tuple[Any, str]] = {
    # name: (how to get the facts, aspect); every aspect is covered at least once.
    "sinc-16:9": (lambda: facts_of(COURSE, "limit"), "16:9"),
    "sinc-9:16": (lambda: facts_of(COURSE, "limit"), "9:16"),
    "jump-1:1": (lambda: facts_of(POPULATION, "jump"), "1:1"),
    "reciprocal-4:5": (lambda: constructed("1/x"), "4:5"),
    "inverse-square-16:9": (lambda: constructed("1/x^2"), "16:9"),
    "oscillating-9:16": (lambda: constructed("sin(1/x)"), "9:16"),
}


texts = texts_on_screen


def overlaps(a: Box, b: Box) -> bool:
    """Whether two boxes share more than a sliver."""
    width = min(a.right, b.right) - max(a.left, b.left)
    height = min(a.top, b.top) - max(a.bottom, b.bottom)
    return width > 0.02 and height > 0.02


@dataclass
class Stop:
    """What the screen showed while a dot stood on a table point."""

    x: float
    expected: float | None
    x_text: str
    f_text: str | None
    dot_visible: bool
    dot: np.ndarray
    on_curve: np.ndarray | None


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
    axes_box = bounding_box(scene.plot.axes)
    graph_on_screen = any(scene.plot.axes in top.get_family() for top in scene.mobjects)
    for text in texts(scene) if graph_on_screen else []:
        box = drawn_box(text)
        if box is not None and axes_box is not None and overlaps(box, axes_box):
            record.text_on_graph.append(f"step {record.steps}: {text!r} over the axes")
    walker, row = scene.active, scene.stop
    if walker is not None and row is not None:
        view = scene.plot.view
        inside = row.value is not None and view.y_range[0] <= row.value <= view.y_range[1]
        record.stops.append(Stop(
            x=row.x, expected=row.value, x_text=scene.x_value.text(),
            f_text=None if scene.dash_shown else scene.f_value.text(),
            dot_visible=walker.dot.get_fill_opacity() > 0, dot=walker.dot.get_center(),
            on_curve=scene.plot.c2p(row.x, row.value) if inside else None,
        ))


@cache
def rendered(case: str) -> Record:
    """Dry-render one case once, recording every step."""
    make_facts, aspect = CASES[case]
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
        record.scene = dry_render(make_facts(), aspect=aspect,
                                  inspect=lambda scene: record_step(scene, record))
    return record


def limit_facts_of(record: Record) -> LimitFacts:
    return record.scene.limit_facts


@pytest.mark.parametrize("case", list(CASES))
def test_everything_stays_in_the_safe_area_and_off_the_graph(case):
    record = rendered(case)
    assert record.steps > 20
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
def test_readouts_and_dots_at_every_table_point_match_the_facts(case):
    record = rendered(case)
    facts = limit_facts_of(record)
    scene = record.scene
    seen = {stop.x for stop in record.stops}
    assert seen == {row.x for row in facts.table}, "the dots stop at every table point"
    for stop in record.stops:
        assert stop.x_text == format_number(stop.x, scene.x_decimals)
        if stop.expected is None:
            assert stop.f_text is None and not stop.dot_visible
            continue
        assert stop.f_text == format_number(stop.expected, 4)
        if stop.on_curve is None:  # off the chart: the dot hides, an arrow shows the way
            assert not stop.dot_visible
        else:
            assert stop.dot_visible
            np.testing.assert_allclose(stop.dot, stop.on_curve, atol=1e-9)


@pytest.mark.parametrize("case", ["sinc-16:9", "sinc-9:16", "jump-1:1"])
def test_table_cells_are_the_rounded_facts(case):
    scene = rendered(case).scene
    facts = limit_facts_of(rendered(case))
    assert len(scene.table.rows) == len(facts.table)
    for row, cells in zip(facts.table, scene.table.rows):
        x_cell, value_cell = cells
        assert x_cell.text() == format_number(row.x, scene.table_x_decimals)
        if row.value is None:
            assert isinstance(value_cell, MathTex)
        else:
            assert value_cell.text() == format_number(row.value, 4)
    if case.startswith("sinc"):
        assert [cells[1].text() for cells in scene.table.rows] == [
            "0.8415", "0.9589", "0.9983", "0.9983", "0.9589", "0.8415"]


def test_removable_point_gets_an_open_circle_at_the_limit_and_a_gap_in_the_curve():
    scene = rendered("sinc-16:9").scene
    facts = limit_facts_of(rendered("sinc-16:9"))
    assert facts.behaviour == "removable" and facts.limit == 1.0
    circles = [m for m in scene.markers if isinstance(m, Circle) and not isinstance(m, Dot)]
    assert len(circles) == len(scene.markers) == 1
    np.testing.assert_allclose(circles[0].get_center(), scene.plot.c2p(0, 1), atol=1e-9)
    assert circles[0] in scene.mobjects, "the open circle is on screen at the end"
    # The curve breaks at x = 0: one piece ends left of the point, the other starts right of it.
    left, right = sorted(scene.curve, key=lambda piece: piece.get_start()[0])
    assert len(scene.curve) == 2
    assert left.get_end()[0] < scene.plot.c2p(0, 1)[0] < right.get_start()[0]
    assert scene.conclusion.tex_string == r"\lim_{x \to 0} f(x) = 1"
    assert scene.plug.tex_string.endswith(r"= \frac{0}{0}")


def test_jump_shows_both_one_sided_values():
    scene = rendered("jump-1:1").scene
    facts = limit_facts_of(rendered("jump-1:1"))
    assert (facts.behaviour, facts.left, facts.right) == ("jump", -1.0, 1.0)
    assert [line.tex_string for line in scene.sides] in (
        [r"x \to 0^{-} \colon\; f(x) \to -1", r"x \to 0^{+} \colon\; f(x) \to 1"],
        [r"0^{-} \colon\; f \to -1", r"0^{+} \colon\; f \to 1"])
    centres = sorted(tuple(np.round(m.get_center(), 9)) for m in scene.markers)
    expected = sorted(tuple(np.round(scene.plot.c2p(0, v), 9)) for v in (-1, 1))
    assert centres == expected
    assert "no limit" in scene.conclusion.tex_string


@pytest.mark.parametrize("case", ["reciprocal-4:5", "inverse-square-16:9"])
def test_blow_up_points_off_the_chart_and_says_no_finite_limit(case):
    record = rendered(case)
    scene, facts = record.scene, limit_facts_of(record)
    assert facts.behaviour == "infinite"
    signs = {-1: math.copysign(1, facts.left), 1: math.copysign(1, facts.right)}
    for walker in (scene.left, scene.right):
        arrow = scene_arrow(walker)
        assert arrow is not None, "an arrow marks where the values left the chart"
        pointing = np.sign(arrow.get_end()[1] - arrow.get_start()[1])
        assert pointing == signs[walker.side]
        assert not walker.dot.get_fill_opacity()
    assert scene.closer == {-1: None, 1: None}, "no walk into values too large to read"
    assert [line.tex_string.endswith(r"\infty") for line in scene.sides] == [True, True]
    assert scene.conclusion.tex_string == r"\text{no finite limit}"


def scene_arrow(walker: Any) -> Any:
    """The walker's edge arrow that is showing, if any."""
    shown = [arrow for arrow in (walker.up, walker.down) if arrow.get_stroke_opacity() > 0]
    return shown[0] if shown else None


def test_oscillation_has_no_stable_value():
    record = rendered("oscillating-9:16")
    scene, facts = record.scene, limit_facts_of(record)
    assert facts.behaviour == "oscillating"
    assert all(r"\text{no single value}" in line.tex_string or r"\text{none}" in line.tex_string
               for line in scene.sides)
    assert "no limit" in scene.conclusion.tex_string
    assert len(scene.markers) == 0
    # The dots walked in ten times closer than the table, on the curve all the way.
    for walker in (scene.left, scene.right):
        assert abs(walker.x) == pytest.approx(0.01)
        np.testing.assert_allclose(walker.dot.get_center(),
                                   scene.plot.c2p(walker.x, math.sin(1 / walker.x)), atol=1e-9)
