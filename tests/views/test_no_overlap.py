"""Text never lies on text, and nothing leaves the safe area, not even for a moment: while every
animation of every lesson plays, in every aspect, no two visible texts, formulas or readouts
share an area, and every visible drawn object stays inside the safe margins and out of the
caption band.

The readability checks of ``test_all_scenes`` look at the screen after each ``play``; this one
looks inside the animations, at every frame of a dry run at :data:`FRAME_RATE` frames a second
(a one-second crossfade is seen at 0, 0.2, 0.4, 0.6 and 0.8 of its way), which is where a
crossfade of two sentences in one place shows, or a dot, a line or a label swept past the frame's
edge in the middle of a move.
"""

from __future__ import annotations

import itertools
from typing import Any

import pytest
from manim import MathTex, Mobject, Text, VMobject

from scenes.kit.layout import Box, Layout
from tests.views.helpers import (
    ASPECTS,
    all_lessons,
    lessons_in_aspects,
    bounding_box,
    drawn_box,
    dry_render,
    facts_of,
    texts_on_screen,
    visible,
)

LESSONS = all_lessons()
IN_ASPECTS = lessons_in_aspects()
FRAME_RATE = 5
"""Frames a second of the dry run: fine enough to catch a crossfade of a second or less."""
MIN_OPACITY = 0.1
"""A text fainter than this does not count as visible."""
SHARE = 0.02
"""Two texts overlap when they share more than this fraction of the smaller one's box."""
TOLERANCE = 0.02
"""How far (scene units) a drawn object may poke past the safe area: a stroke's half width."""


def escapes(box: Box, layout: Layout, tolerance: float = TOLERANCE) -> list[str]:
    """Where a drawn box leaves the safe area: the margins it crosses, or the caption band.

    Examples
    --------
    >>> wide = Layout.for_aspect("16:9")
    >>> escapes(Box(0, 1, 0, 1), wide)
    []
    >>> escapes(Box(-7.2, 0, -3.9, -3.0), wide)
    ['left margin', 'caption band']
    """
    safe, found = layout.safe, []
    if box.left < safe.left - tolerance:
        found.append("left margin")
    if box.right > safe.right + tolerance:
        found.append("right margin")
    if box.top > safe.top + tolerance:
        found.append("top margin")
    if box.bottom < safe.bottom - tolerance:
        found.append("caption band")
    return found


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
    """Looks at every frame of every ``play`` and collects each pair of texts that overlap, and
    each drawn object that leaves the safe area."""

    def __init__(self) -> None:
        self.problems: dict[tuple[str, str], str] = {}
        """First sighting of each overlapping pair: (name, name) -> where it was seen."""
        self.outside: dict[tuple[str, str], str] = {}
        """First sighting of each object outside the safe area: (name, where) -> when and box."""
        self.frames = 0

    def attach(self, scene: Any) -> None:
        """Check the screen after every frame the scene advances to, inside its animations."""
        original = scene.update_to_time

        def update_to_time(t: float) -> None:
            original(t)
            self.check(scene, t)

        scene.update_to_time = update_to_time

    def check(self, scene: Any, t: float) -> None:
        """Record each pair of visible texts whose boxes intersect at this frame, and each
        visible object outside the safe area."""
        self.frames += 1
        self.check_bounds(scene, t)
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


    def check_bounds(self, scene: Any, t: float) -> None:
        """Record each top-level object whose visible leaves reach outside the safe area."""
        for top in scene.mobjects:
            leaves = [p for p in top.get_family() if not p.submobjects and visible(p, MIN_OPACITY)]
            if not leaves:
                continue
            box = bounding_box(VMobject().add(*leaves))
            for where in escapes(box, scene.layout):
                name = describe(top)
                self.outside.setdefault(
                    (name, where), f"at {float(scene.time):.2f} s (+{t:.2f} s into a play): "
                    f"{name} in the {where}: x {box.left:.2f}..{box.right:.2f}, "
                    f"y {box.bottom:.2f}..{box.top:.2f} (safe {scene.layout.safe})")


@pytest.mark.parametrize(("path", "lesson_id", "kind", "aspect"), IN_ASPECTS,
                         ids=[f"{p.stem}-{i}-{a}" for p, i, _, a in IN_ASPECTS])
def test_no_text_overlaps_text_during_animations(path, lesson_id, kind, aspect):
    checker = FrameChecker()
    dry_render(facts_of(path, lesson_id), aspect=aspect, frame_rate=FRAME_RATE,
               setup=checker.attach)
    assert checker.frames > 50, "the dry run stepped through the animations"
    assert not checker.problems, "\n".join(checker.problems.values())
    assert not checker.outside, "\n".join(checker.outside.values())
