"""Text never lies on text, not even for a moment: while every animation of every lesson plays,
in every aspect, no two visible texts, formulas or readouts share an area.

The readability checks of ``test_all_scenes`` look at the screen after each ``play``; this one
looks inside the animations, at every frame of a dry run at :data:`FRAME_RATE` frames a second
(a one-second crossfade is seen at 0, 0.2, 0.4, 0.6 and 0.8 of its way), which is where a
crossfade of two sentences in one place shows.
"""

from __future__ import annotations

import itertools
from typing import Any

import pytest
from manim import MathTex, Mobject, Text

from scenes.kit.layout import Box
from tests.views.helpers import (
    ASPECTS,
    all_lessons,
    lessons_in_aspects,
    drawn_box,
    dry_render,
    facts_of,
    texts_on_screen,
)

LESSONS = all_lessons()
IN_ASPECTS = lessons_in_aspects()
FRAME_RATE = 5
"""Frames a second of the dry run: fine enough to catch a crossfade of a second or less."""
MIN_OPACITY = 0.1
"""A text fainter than this does not count as visible."""
SHARE = 0.02
"""Two texts overlap when they share more than this fraction of the smaller one's box."""


def shared_area(a: Box, b: Box) -> float:
    """Area shared by two boxes.

    Examples
    --------
    >>> shared_area(Box(0, 2, 0, 2), Box(1, 3, 1, 3)), shared_area(Box(0, 1, 0, 1), Box(2, 3, 0, 1))
    (1.0, 0.0)
    """
    width = min(a.right, b.right) - max(a.left, b.left)
    height = min(a.top, b.top) - max(a.bottom, b.bottom)
    return float(max(width, 0) * max(height, 0))


def describe(mobject: Mobject) -> str:
    """A short name for a text, formula or readout, for the failure message."""
    if isinstance(mobject, Text):
        return f"text {mobject.text!r}"
    if isinstance(mobject, MathTex):
        return f"formula {mobject.tex_string!r}"
    text = getattr(mobject, "text", None)
    return f"readout {text()!r}" if callable(text) else type(mobject).__name__


class FrameChecker:
    """Looks at every frame of every ``play`` and collects each pair of texts that overlap."""

    def __init__(self) -> None:
        self.problems: dict[tuple[str, str], str] = {}
        """First sighting of each overlapping pair: (name, name) -> where it was seen."""
        self.frames = 0

    def attach(self, scene: Any) -> None:
        """Check the screen after every frame the scene advances to, inside its animations."""
        original = scene.update_to_time

        def update_to_time(t: float) -> None:
            original(t)
            self.check(scene, t)

        scene.update_to_time = update_to_time

    def check(self, scene: Any, t: float) -> None:
        """Record each pair of visible texts whose boxes intersect at this frame."""
        self.frames += 1
        boxed = []
        for text in texts_on_screen(scene, MIN_OPACITY):
            box = drawn_box(text, MIN_OPACITY)
            if box is not None and box.width * box.height > 0:
                boxed.append((text, box))
        for (a, box_a), (b, box_b) in itertools.combinations(boxed, 2):
            smaller = min(box_a.width * box_a.height, box_b.width * box_b.height)
            pair = (describe(a), describe(b))
            if pair[0] == pair[1]:
                continue  # a copy leaving its original (TransformFromCopy): the same text
            if shared_area(box_a, box_b) > SHARE * smaller + 1e-4:
                self.problems.setdefault(
                    pair, f"at {float(scene.time):.2f} s (+{t:.2f} s into a play): "
                          f"{pair[0]} overlaps {pair[1]}")


@pytest.mark.parametrize(("path", "lesson_id", "kind", "aspect"), IN_ASPECTS,
                         ids=[f"{p.stem}-{i}-{a}" for p, i, _, a in IN_ASPECTS])
def test_no_text_overlaps_text_during_animations(path, lesson_id, kind, aspect):
    checker = FrameChecker()
    dry_render(facts_of(path, lesson_id), aspect=aspect, frame_rate=FRAME_RATE,
               setup=checker.attach)
    assert checker.frames > 50, "the dry run stepped through the animations"
    assert not checker.problems, "\n".join(checker.problems.values())
