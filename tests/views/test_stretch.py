"""The stretch scene draws what the facts say: each small interval [x - dx, x + dx] lands on
[f(x - dx), f(x + dx)], its length grows by about |f'(x)|, it flips exactly when f'(x) < 0 and
collapses when f'(x) = 0; the factor readout and effect label show the rounded facts; nothing
leaves the safe area in any aspect; no TeX or text is typeset while animations play."""

from __future__ import annotations

import doctest
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from manim import Scene, SVGMobject, VMobject

import scenes.kit.number_line
from derivanim.numbers import format_number
from derivanim.stretch import reading_decimals, shown
from tests.views.helpers import ASPECTS, ROOT, bounding_box, dry_render, facts_of

COURSE = ROOT / "config" / "course.toml"


@dataclass
class Run:
    """What one dry render showed, step by step (after every play and wait)."""

    scene: Any
    steps: int = 0
    outside: list[str] = field(default_factory=list)
    typeset_while_playing: list[str] = field(default_factory=list)
    snapshots: list[dict[str, Any]] = field(default_factory=list)


_RUNS: dict[tuple[Path, str, str], Run] = {}


def record(path: Path, lesson_id: str, aspect: str,
           snapshot: Callable[[Any], dict[str, Any] | None]) -> Run:
    """Dry-render a lesson once per (config, lesson, aspect); check the safe area at every step,
    count SVG mobjects (TeX formulas, text) built inside ``play``, and keep ``snapshot(scene)``
    of every step where it returns something."""
    key = (path, lesson_id, aspect)
    if key in _RUNS:
        return _RUNS[key]
    run = Run(scene=None)
    playing = {"now": False}

    def inspect(scene: Any) -> None:
        run.steps += 1
        safe = scene.layout.safe
        for top in scene.mobjects:
            for part in top.get_family():
                if part.submobjects or not isinstance(part, VMobject) or not len(part.points):
                    continue
                if max(part.get_fill_opacity(), part.get_stroke_opacity()) == 0:
                    continue
                box = bounding_box(part)
                if box is not None and not safe.contains(box, 1e-3):
                    run.outside.append(f"{scene.time:.1f} s: part of {type(top).__name__} at {box}")
        found = snapshot(scene)
        if found is not None:
            run.snapshots.append(found)

    original_init = SVGMobject.__init__
    original_play = Scene.play

    def counting_init(self: SVGMobject, *args: Any, **kwargs: Any) -> None:
        if playing["now"]:
            run.typeset_while_playing.append(type(self).__name__)
        original_init(self, *args, **kwargs)

    def play(self: Scene, *args: Any, **kwargs: Any) -> None:
        playing["now"] = True
        try:
            original_play(self, *args, **kwargs)
        finally:
            playing["now"] = False

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(SVGMobject, "__init__", counting_init)
        patch.setattr(Scene, "play", play)
        run.scene = dry_render(facts_of(path, lesson_id), aspect=aspect, inspect=inspect)
    _RUNS[key] = run
    return run


def on_screen(scene: Any, mobject: Any) -> bool:
    """Whether a mobject is drawn: in the scene, directly or inside a group."""
    return any(mobject is part for part in scene.get_mobject_family_members())


def landed(scene: Any) -> dict[str, Any] | None:
    """The picture once an interval has landed on its image (t = 1 at a configured point)."""
    if not hasattr(scene, "t") or scene.t.get_value() != 1.0 or not on_screen(scene, scene.image):
        return None
    x = scene.x.get_value()
    points = [p for p in scene.stretch.points if p.x == x]
    if not points:
        return None
    out, inp = scene.output_axis, scene.input_axis
    band = scene.image.band.points[:, 0]
    return {
        "point": points[0],
        "dx": scene.dx,
        "start": out.value_of(scene.image.start),
        "end": out.value_of(scene.image.end),
        "band": tuple(out.value_of(np.array([end, 0.0, 0.0])) for end in (band.min(), band.max())),
        "source": (inp.value_of(scene.source.start), inp.value_of(scene.source.end)),
        "screen": (scene.image.signed_length(), scene.source.signed_length()),
        "same_scale": scene.placement.units[0] == scene.placement.units[1],
        "factor_text": scene.factor_value.text(),
        "factor_shown": on_screen(scene, scene.factor_value),
        "effects": [label.tex_string for label in scene.effect_labels if on_screen(scene, label)],
    }


def stretch_run(aspect: str = "16:9") -> Run:
    return record(COURSE, "stretch", aspect, landed)


def last_landing_per_point(run: Run) -> dict[float, dict[str, Any]]:
    """For each point, the last step at which its landed interval was labelled with its effect."""
    return {snap["point"].x: snap for snap in run.snapshots if snap["effects"]}


def f_of(scene: Any, value: float) -> float:
    expression, variable = scene.facts.expression, scene.facts.variable
    return float(expression.subs(variable, value))


@pytest.mark.parametrize("aspect", ["16:9", "9:16"])
def test_every_configured_point_lands_on_f_of_its_ends(aspect):
    run = stretch_run(aspect)
    seen = last_landing_per_point(run)
    points = run.scene.stretch.points
    assert set(seen) == {p.x for p in points}, "every configured point is carried down"
    for x, snap in seen.items():
        dx = snap["dx"]
        assert 0 < dx <= 0.2 * run.scene.input_range[2] + 1e-12
        assert snap["source"] == pytest.approx((x - dx, x + dx), abs=1e-9)
        assert snap["start"] == pytest.approx(f_of(run.scene, x - dx), abs=1e-9)
        assert snap["end"] == pytest.approx(f_of(run.scene, x + dx), abs=1e-9)


def test_image_length_is_the_factor_times_the_input_length():
    run = stretch_run()
    for snap in last_landing_per_point(run).values():
        factor = snap["point"].factor
        ratio = (snap["end"] - snap["start"]) / (2 * snap["dx"])
        assert ratio == pytest.approx(factor, abs=0.05 * max(0.1, abs(factor)) + 1e-12)
        if snap["same_scale"]:  # the default lines share one scale: lengths look the factor too
            screen_ratio = snap["screen"][0] / snap["screen"][1]
            assert screen_ratio == pytest.approx(ratio, rel=1e-9, abs=1e-9)


def test_orientation_flips_exactly_when_the_factor_is_negative():
    run = stretch_run()
    effects = {p.effect for p in run.scene.stretch.points}
    assert {"stretch", "squish", "flip", "collapse"} <= effects
    for snap in last_landing_per_point(run).values():
        factor, length = snap["point"].factor, snap["end"] - snap["start"]
        if factor < 0:
            assert length < 0, "the image of x + dx lies left of the image of x - dx"
            assert snap["screen"][0] < 0, "the arrowhead points left"
        elif factor > 0:
            assert length > 0 and snap["screen"][0] > 0


def test_collapse_leaves_a_point():
    run = stretch_run()
    collapsed = [s for s in last_landing_per_point(run).values() if s["point"].effect == "collapse"]
    assert collapsed
    for snap in collapsed:
        assert abs(snap["end"] - snap["start"]) < 1e-9
        low, high = snap["band"]
        assert high - low < 0.15 * 2 * snap["dx"], "the whole piece lands within a tiny stretch"
        assert snap["point"].y == pytest.approx(low, abs=snap["dx"] ** 2 + 1e-9)


def test_factor_readout_and_effect_label_show_the_rounded_facts():
    run = stretch_run()
    expected_text = {1.5: "3.00", 0.25: "0.50", -1.0: "-2.00", 0.0: "0.00"}
    for x, snap in last_landing_per_point(run).items():
        point = snap["point"]
        assert snap["factor_shown"]
        assert snap["factor_text"] == format_number(point.factor, reading_decimals(point.factor))
        assert snap["factor_text"] == expected_text[x]
        assert len(snap["effects"]) == 1, "one effect label at a time"
        label = snap["effects"][0]
        assert point.effect in label.replace("flip and", "flip")
        if point.effect != "collapse":
            assert shown(abs(point.factor)) in label
    flip = next(s for s in last_landing_per_point(run).values() if s["point"].effect == "flip")
    assert "stretch" in flip["effects"][0] and "2" in flip["effects"][0], "flips and doubles"


@pytest.mark.parametrize("aspect", ASPECTS)
def test_everything_stays_inside_the_safe_area(aspect):
    run = stretch_run(aspect)
    assert run.steps > 20
    assert not run.outside, "\n".join(run.outside[:10])


def test_beats_have_captions_and_the_lesson_lasts_30_to_90_seconds():
    scene = stretch_run().scene
    assert 30 <= scene.time <= 120  # beats hold for their captions: 20 characters a second
    assert len(scene.beats) >= 4 + len(scene.stretch.points) - 1
    assert all(beat.caption.strip() and beat.end > beat.start for beat in scene.beats)
    assert scene.beats[0].name == "The question" and scene.beats[-1].name == "Takeaway"
    assert scene.beats[-1].end - scene.beats[-1].start >= 2, "the takeaway is held"
    assert "det J" in scene.beats[-1].caption


def test_nothing_is_typeset_while_animations_play():
    run = stretch_run()
    assert run.typeset_while_playing == []


def test_number_line_examples():
    failures, tried = doctest.testmod(scenes.kit.number_line)
    assert tried >= 5 and failures == 0
