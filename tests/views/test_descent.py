"""The descent scene draws what the facts say, in every aspect.

One dry run per aspect checks, after every play and wait: each ball rests exactly on
(w_k, L(w_k)) of its run's facts at every hop and never leaves its plot's window; the step and
w readouts show the rounded facts; the one-step tangent has the slope L'(w) of the facts after
axis scaling; every drawn object stays inside the safe area; no two texts overlap; and nothing
is typeset while an animation plays. A loss that overflows within its steps stays on screen.
"""

from __future__ import annotations

import doctest
import itertools
from dataclasses import dataclass, field

import numpy as np
import pytest
from manim import MathTex, Scene, SVGMobject, Text, ValueTracker, VMobject
from manim.mobject.text import tex_mobject

import derivanim.descent_geometry
import derivanim.descent_words
import scenes.kit.descent_plot
import scenes.kit.descent_runs
import scenes.kit.motion
from derivanim.captions import reading_seconds
from derivanim.config import parse_course
from derivanim.facts import LessonFacts, lesson_facts
from scenes.descent import DescentScene
from scenes.kit.descent_runs import outcome_color
from scenes.kit.layout import Box
from scenes.kit.text import BalancedProse
from tests.views.helpers import (
    ASPECTS, ROOT, bounding_box, dry_render, facts_of, texts_on_screen, visible,
)
from derivanim.numbers import format_number

COURSE = ROOT / "config" / "course.toml"
OVERFLOWING = {"kind": "descent", "function": "w^4", "start": 2, "learning_rates": [0.1, 1.0]}
"""w^4 from w = 2 with eta = 1 jumps to -30, then 107970, and overflows within ten steps."""


def screen_slope(plot, start: np.ndarray, end: np.ndarray) -> float:
    """Convert a drawn segment's direction back into graph units."""
    delta = end - start
    rise = delta[1] / plot.axes.y_axis.get_unit_size()
    return rise / (delta[0] / plot.axes.x_axis.get_unit_size())


def window(plot) -> Box:
    """The plot's visible window in scene units."""
    low = plot.c2p(plot.view.x_range[0], plot.view.y_range[0])
    high = plot.c2p(plot.view.x_range[1], plot.view.y_range[1])
    return Box(float(low[0]), float(high[0]), float(low[1]), float(high[1]))


def point_box(point: np.ndarray) -> Box:
    """A box around a single point."""
    return Box(float(point[0]), float(point[0]), float(point[1]), float(point[1]))







@dataclass
class Watcher:
    """Checks the screen after every play and wait; records what it saw."""

    facts: LessonFacts
    problems: list[str] = field(default_factory=list)
    landings: dict[int, set[int]] = field(default_factory=dict)
    tangents: dict[float, float] = field(default_factory=dict)
    outcomes_shown: set[int] = field(default_factory=set)
    steps: int = 0

    def __call__(self, scene: DescentScene) -> None:
        self.steps += 1
        self.check_runs(scene)
        self.check_tangent(scene)
        self.check_safe_area(scene)
        self.check_texts_apart(scene)

    def check_runs(self, scene: DescentScene) -> None:
        for index, view in enumerate(scene.runs):
            if not scene.showing(view.ball):
                continue
            run, labels = view.run, view.labels
            centre = view.ball.get_center()
            if not window(view.plot).contains(point_box(centre), 1e-6):
                self.problems.append(f"step {self.steps}: run {index} ball left its plot: {centre}")
            progress = view.progress.get_value()
            k = int(round(progress))
            if abs(progress - k) > 1e-9:
                continue
            if k < len(view.landings):
                expected = view.plot.c2p(run.steps[k], run.losses[k])
                if not np.allclose(centre, expected, atol=1e-9):
                    self.problems.append(f"run {index} hop {k}: ball at {centre}, not {expected}")
            shown = labels.step_value.text()
            if shown != str(k):
                self.problems.append(f"run {index} hop {k}: step shows {shown!r}")
            if labels.shown[k] is not None:
                text = labels.w_value.text()
                if text != format_number(run.steps[k], labels.decimals) or abs(
                        float(text) - run.steps[k]) > 0.5 * 10 ** -labels.decimals + 1e-12:
                    self.problems.append(f"run {index} hop {k}: w {text!r} vs {run.steps[k]}")
            self.landings.setdefault(index, set()).add(k)
            if scene.showing(labels.outcome):
                self.outcomes_shown.add(index)

    def check_tangent(self, scene: DescentScene) -> None:
        if not scene.showing(scene.tangent) or scene.showing(scene.runs[0].plot):
            return
        w = scene.probe.get_value()
        demo = scene.demo
        for k in range(min(2, len(demo.steps))):
            if w == demo.steps[k]:
                start, end = scene.tangent.get_start(), scene.tangent.get_end()
                self.tangents[w] = screen_slope(scene.plot, start, end)
                through = scene.plot.c2p(demo.steps[k], demo.losses[k])
                (dx, dy), (px, py) = (end - start)[:2], (through - start)[:2]
                if abs(dx * py - dy * px) > 1e-9:
                    self.problems.append(f"tangent at w = {w} misses (w, L(w))")

    def check_safe_area(self, scene: DescentScene) -> None:
        safe = scene.layout.safe
        for top in scene.mobjects:
            if isinstance(top, ValueTracker):
                continue
            drawn = [part for part in top.get_family() if visible(part) and not part.submobjects]
            if not drawn:
                continue
            box = bounding_box(VMobject().add(*drawn))
            if not safe.contains(box, 0.01):
                self.problems.append(f"step {self.steps}: {type(top).__name__} outside safe: {box}")

    def check_texts_apart(self, scene: DescentScene) -> None:
        for a, b in itertools.combinations(texts_on_screen(scene), 2):
            box_a, box_b = bounding_box(a), bounding_box(b)
            width = min(box_a.right, box_b.right) - max(box_a.left, box_b.left)
            height = min(box_a.top, box_b.top) - max(box_a.bottom, box_b.bottom)
            smaller = min(box_a.width * box_a.height, box_b.width * box_b.height)
            if width > 0 and height > 0 and width * height > 0.01 * smaller + 1e-4:
                self.problems.append(f"step {self.steps}: {_name(a)} overlaps {_name(b)}")


def _name(mobject) -> str:
    if isinstance(mobject, Text):
        return f"text {mobject.original_text!r}"
    if isinstance(mobject, MathTex):
        return f"formula {mobject.tex_string!r}"
    return f"readout {mobject.text()!r}"


@pytest.fixture
def typeset_while_playing(monkeypatch) -> list[str]:
    """Records every formula or text built (and every TeX compilation) during a play call."""
    built: list[str] = []
    playing = {"now": False}
    original_init, original_tex = SVGMobject.__init__, tex_mobject.tex_to_svg_file

    def counting_init(self, *args, **kwargs):
        if playing["now"]:
            built.append(type(self).__name__)
        original_init(self, *args, **kwargs)

    def counting_tex(expression, *args, **kwargs):
        if playing["now"]:
            built.append(f"TeX {expression!r}")
        return original_tex(expression, *args, **kwargs)

    original_play = Scene.play

    def play(self, *args, **kwargs):
        playing["now"] = True
        try:
            return original_play(self, *args, **kwargs)
        finally:
            playing["now"] = False

    monkeypatch.setattr(SVGMobject, "__init__", counting_init)
    monkeypatch.setattr(tex_mobject, "tex_to_svg_file", counting_tex)
    monkeypatch.setattr(Scene, "play", play)
    return built


def render_and_watch(facts: LessonFacts, aspect: str) -> tuple[DescentScene, Watcher]:
    watcher = Watcher(facts)
    scene = dry_render(facts, aspect=aspect, inspect=watcher)
    assert watcher.steps > 20
    assert not watcher.problems, "\n".join(dict.fromkeys(watcher.problems))
    return scene, watcher


@pytest.mark.parametrize("aspect", ASPECTS)
def test_default_lesson_draws_its_facts_in_every_aspect(aspect, typeset_while_playing):
    facts = facts_of(COURSE, "descent")
    scene, watcher = render_and_watch(facts, aspect)
    runs = facts.facts.runs
    assert [view.run for view in scene.runs] == list(runs)
    for index, view in enumerate(scene.runs):
        assert watcher.landings[index] == set(range(view.hop_count + 1)), f"run {index}: hops"
        assert index in watcher.outcomes_shown, f"run {index}: outcome shown once the run ended"
        assert view.labels.outcome.original_text == runs[index].outcome
        assert view.labels.outcome.get_fill_color().to_hex().lower() == \
            outcome_color(runs[index].outcome, scene.theme).lower()
        assert view.labels.eta.tex_string == rf"\eta = {runs[index].learning_rate:g}"
    assert [row[1].original_text for row in scene.summary] == [run.outcome for run in runs]
    # The defaults: 0.2 converges, 0.8 oscillates, 1.1 leaves the window at its third step.
    assert [run.outcome for run in runs] == ["converges", "oscillates", "diverges"]
    assert [view.escaped for view in scene.runs] == [False, False, True]
    assert scene.runs[2].hop_count == 3 and scene.runs[2].labels.w_value.text() == "7.184"
    demo = scene.demo
    expected = {demo.steps[0]: demo.slopes[0], demo.steps[1]: demo.slopes[1]}
    assert watcher.tangents == pytest.approx(expected, rel=1e-6)
    backprop = facts.facts.backprop
    assert backprop.gradients == {"w": -8.0, "b": -4.0}
    pointer = next(beat for beat in scene.beats if beat.key == "backprop")
    assert "dL/dw = -8 and dL/db = -4" in pointer.caption and "backprop lesson" in pointer.caption
    # one line, held only as long as its caption takes to read (at 20 characters a second),
    # give or take the frame a hold is rounded up by (the dry run draws 2 frames a second)
    assert pointer.end - pointer.start <= reading_seconds(pointer.caption) + 0.5 + 1e-9
    assert len(scene.beats) >= 6
    assert all(beat.caption.strip() and beat.end > beat.start for beat in scene.beats)
    assert 30 <= scene.time <= 120  # beats hold for their captions: 20 characters a second
    assert typeset_while_playing == []


def test_a_loss_that_overflows_stays_on_screen(typeset_while_playing):
    facts = lesson_facts(parse_course({"lessons": [OVERFLOWING]}).lessons[0])
    wild = facts.facts.runs[1]
    assert wild.outcome == "diverges" and len(wild.steps) < 11, "the run stops at the overflow"
    scene, watcher = render_and_watch(facts, "9:16")
    view = scene.runs[1]
    assert view.escaped and view.hop_count == 1
    assert view.labels.outcome.original_text == "diverges"
    edge = window(view.plot)
    tip = view.escape_arrow.end_point
    assert edge.contains(point_box(tip), 1e-9)
    gaps = (tip[0] - edge.left, edge.right - tip[0], tip[1] - edge.bottom, edge.top - tip[1])
    assert min(gaps) < 1e-9, "the arrow ends on the window's edge"
    assert view.labels.w_value.text() == format_number(wild.steps[1], view.labels.decimals)
    assert 30 <= scene.time <= 120  # beats hold for their captions: 20 characters a second
    assert typeset_while_playing == []


@pytest.mark.parametrize("width", [7.2, 5.76, 5.18, 4.05])
def test_prose_lines_come_out_even(width):
    """No sentence leaves a single word alone on its second line, in any aspect's prose box."""
    from scenes.kit.theme import THEMES

    setter = BalancedProse(THEMES["dark"])
    sentences = ("Step against the slope, scaled by η.", "Which way should the first step go?",
                 "η: how far you trust the local line.", "Each overshoot grows: it flies off.")
    for sentence in sentences:
        lines = setter.split(sentence.split(), width)
        assert len(lines) == 1 or min(len(line) for line in lines) >= 2, lines


HELPER_MODULES = (
    derivanim.descent_geometry, derivanim.descent_words,
    scenes.kit.descent_plot, scenes.kit.descent_runs, scenes.kit.motion,
)
"""Where the scene's helpers live: the pure ones in derivanim, the drawing ones in the kit."""


def test_helpers_doctests_pass():
    results = [doctest.testmod(module, optionflags=doctest.NORMALIZE_WHITESPACE)
               for module in HELPER_MODULES]
    assert sum(r.attempted for r in results) > 10 and sum(r.failed for r in results) == 0
