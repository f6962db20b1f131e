"""Every lesson of every config in config/, in every aspect, builds a readable lesson:
inside the safe area, text large enough (the drawn glyphs of prose, readouts and tick labels
measured against the layout's floors), no text on text, captions on every beat, 30-90 s,
and no TeX or text typeset while animations play."""

from __future__ import annotations

import itertools

import pytest
from manim import MathTex, SVGMobject, Text, VMobject

from derivanim.kinds import kind_of
from scenes.kit.layout import Box
from scenes.kit.text import BODY_SIZE, PROSE_SIZE, Readout, TickLabel
from tests.views.helpers import (
    ASPECTS, all_lessons, lessons_in_aspects, bounding_box, dry_render, facts_of, texts_on_screen, visible,
)

LESSONS = all_lessons()
IN_ASPECTS = lessons_in_aspects()
TOLERANCE = 0.02


def _visible(mobject) -> bool:
    """Drawn at more than half opacity somewhere (a ValueTracker or an anchor is not)."""
    return any(visible(part, 0.5) for part in mobject.get_family())


TALL = set("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789bdfhklt")
"""Characters as tall as a capital: a text's size is read by these, not by its x-height."""


def tallest_glyph(mobject) -> float | None:
    """Height of the tallest drawn capital, digit or ascender of a text or readout: what a
    viewer reads its size by (None for a text of short letters only, such as "areas.")."""
    if isinstance(mobject, Text) and not TALL & set(mobject.text):
        return None  # (glyphs and characters do not pair up one to one: "fl" is one ligature)
    return max((part.height for part in mobject.get_family()
                if not part.submobjects and visible(part, 0.5)), default=0.0)


def overlap(a: Box, b: Box) -> float:
    """Area shared by two boxes."""
    width = min(a.right, b.right) - max(a.left, b.left)
    height = min(a.top, b.top) - max(a.bottom, b.bottom)
    return max(width, 0) * max(height, 0)


class Checker:
    """Inspects the screen after every play and wait; collects every problem found."""

    def __init__(self) -> None:
        self.problems: list[str] = []
        self.steps = 0

    def __call__(self, scene) -> None:
        self.steps += 1
        safe = scene.layout.safe
        for top in scene.mobjects:
            drawn = [part for part in top.get_family() if _visible(part) and not part.submobjects]
            box = bounding_box(VMobject().add(*drawn)) if drawn else None
            if box is not None and not safe.contains(box, TOLERANCE):
                self.problems.append(f"step {self.steps}: {type(top).__name__} outside the safe area: {box}")
        texts = texts_on_screen(scene, 0.5)
        for text in texts:
            if isinstance(text, Text) and text.font_size < PROSE_SIZE - 0.5:
                self.problems.append(f"step {self.steps}: text {text.text!r} at size {text.font_size:.1f}")
            if isinstance(text, MathTex) and text.font_size < BODY_SIZE - 0.5:
                self.problems.append(f"step {self.steps}: formula {text.tex_string!r} at size {text.font_size:.1f}")
        for text in texts:
            if isinstance(text, MathTex):
                continue  # formulas: measured by size above (a lone "x" has no tall glyph)
            tick = isinstance(text, TickLabel)
            floor = scene.layout.min_tick_glyph if tick else scene.layout.min_glyph
            tallest = tallest_glyph(text)
            if tallest is not None and tallest < floor * 0.98:
                what = "tick label" if tick else _name(text)
                name = f"{what} {text.text()!r}" if tick else what
                self.problems.append(f"step {self.steps}: {name} glyphs {tallest:.3f} high, "
                                     f"under {floor:.3f} ({floor / scene.layout.frame_height:.1%} of the frame)")
        for a, b in itertools.combinations(texts, 2):
            box_a, box_b = bounding_box(a), bounding_box(b)
            shared = overlap(box_a, box_b)
            if shared > 0.02 * min(box_a.width * box_a.height, box_b.width * box_b.height) + 1e-4:
                self.problems.append(f"step {self.steps}: {_name(a)} overlaps {_name(b)}")


def _name(mobject) -> str:
    if isinstance(mobject, Text):
        return f"text {mobject.text!r}"
    if isinstance(mobject, MathTex):
        return f"formula {mobject.tex_string!r}"
    return f"readout {mobject.text()!r}"


@pytest.mark.parametrize(("path", "lesson_id", "kind", "aspect"), IN_ASPECTS,
                         ids=[f"{p.stem}-{i}-{a}" for p, i, _, a in IN_ASPECTS])
def test_lesson_is_readable_in_every_aspect(path, lesson_id, kind, aspect):
    checker = Checker()
    scene = dry_render(facts_of(path, lesson_id), aspect=aspect, inspect=checker)
    assert checker.steps > 5
    first_seen = {problem.split(": ", 1)[1]: problem for problem in reversed(checker.problems)}
    assert not checker.problems, "\n".join(reversed(first_seen.values()))
    assert len(scene.beats) >= 4
    assert all(beat.caption.strip() and beat.end > beat.start for beat in scene.beats)
    declared = list(kind_of(kind).chapters(scene.facts.facts))
    order = [declared.index(beat.key) for beat in scene.beats]
    assert order == sorted(set(order)), "beats open in the kind's storyboard order, once each"
    assert 30 <= scene.time <= 120  # beats hold for their captions: 20 characters a second


@pytest.mark.parametrize("kind", sorted({kind for _, _, kind in LESSONS}))
def test_nothing_is_typeset_while_animations_play(kind, monkeypatch):
    path, lesson_id, _ = next(item for item in LESSONS if item[2] == kind)
    built_during_play: list[str] = []
    playing = {"now": False}
    original_init = SVGMobject.__init__

    def counting_init(self, *args, **kwargs):
        if playing["now"]:
            built_during_play.append(type(self).__name__)
        original_init(self, *args, **kwargs)

    monkeypatch.setattr(SVGMobject, "__init__", counting_init)

    def inspect(scene) -> None:
        pass

    facts = facts_of(path, lesson_id)
    from manim import Scene

    original_play = Scene.play

    def play(self, *args, **kwargs):
        playing["now"] = True
        try:
            return original_play(self, *args, **kwargs)
        finally:
            playing["now"] = False

    monkeypatch.setattr(Scene, "play", play)
    dry_render(facts, inspect=inspect)
    assert built_during_play == []
