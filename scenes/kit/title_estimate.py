"""How wide a title will be, estimated without Manim, so ``--check`` stays quick.

Widths come from ``title_glyphs.json`` (measured once with Manim's own text engine by
``scripts/measure_title_glyphs.py``). A title whose estimate leaves a clear margin in the
title band surely fits; only the others are measured with Manim (:mod:`scenes.kit.titles`).
This module imports neither Manim nor anything that does.

Examples
--------
>>> round(estimated_width("Secant lines become the tangent", TITLE_SIZE), 2)
7.68
>>> surely_fits("Secant lines become the tangent", "16:9"), surely_fits("x" * 80, "16:9")
(True, False)
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

from scenes.kit.layout import Layout

TITLE_SIZE = 36
"""Title size (Pango text): capitals 0.36 units high, 4.5% of the 8-unit frame."""
PROSE_SIZE = 30
"""Prose size (Pango text): capitals and digits 0.30-0.32 units high, 3.8-3.9% of the frame;
titles too long for one line at title size are set at it."""
MARGIN = 0.9
"""A title surely fits when its estimated width is at most this share of the band's."""
TABLE = Path(__file__).with_name("title_glyphs.json")


@cache
def advances() -> dict[str, float]:
    """Each measured character's advance width at font size 1, in scene units."""
    return json.loads(TABLE.read_text(encoding="utf-8"))["advances"]


def estimated_width(text: str, font_size: float) -> float:
    """The text's width when set on one line (unknown characters count as the widest)."""
    table = advances()
    widest = max(table.values())
    return font_size * sum(table.get(character, widest) for character in text)


def surely_fits(title: str, aspect: str) -> bool:
    """Whether the title fits on one line of the aspect's title band with a clear margin, at
    title size or else at prose size (one line at either is lower than every band)."""
    return estimated_width(title, PROSE_SIZE) <= MARGIN * Layout.for_aspect(aspect).title.width
