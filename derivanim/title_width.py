"""How wide a title will be, estimated without Manim, so ``--check`` stays quick.

Widths come from ``assets/title_glyphs.json``: each character's advance in the title font and
each aspect's title band width, measured once with Manim's own text engine and the scenes'
layout by ``scripts/measure_title_glyphs.py`` (a test measures again and fails when the table
is stale). A title whose estimate leaves a clear margin in the band surely fits; only the
others are measured with Manim (:mod:`scenes.kit.titles`).

Examples
--------
>>> round(estimated_width("Secant lines become the tangent", TITLE_SIZE), 2)
8.28
>>> surely_fits("Secant lines become the tangent", "16:9"), surely_fits("x" * 80, "16:9")
(True, False)
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any

TITLE_SIZE = 36
"""Title size (Pango text): capitals 0.36 units high, 4.5% of the 8-unit frame."""
PROSE_SIZE = 30
"""Prose size (Pango text): capitals and digits 0.30-0.32 units high, 3.8-3.9% of the frame;
titles too long for one line at title size are set at it."""
MARGIN = 0.9
"""A title surely fits when its estimated width is at most this share of the band's."""
TABLE = "title_glyphs.json"
"""The measured widths, a file of ``derivanim/assets``."""


@cache
def table() -> dict[str, Any]:
    """The measured table: ``font``, ``advances`` (per character, at font size 1, in scene
    units) and ``bands`` (each aspect's title band width, in scene units)."""
    text = resources.files("derivanim").joinpath("assets", TABLE).read_text(encoding="utf-8")
    return json.loads(text)


def advances() -> dict[str, float]:
    """Each measured character's advance width at font size 1, in scene units."""
    return table()["advances"]


def estimated_width(text: str, font_size: float) -> float:
    """The text's width when set on one line (unknown characters count as the widest)."""
    widths = advances()
    widest = max(widths.values())
    return font_size * sum(widths.get(character, widest) for character in text)


def surely_fits(title: str, aspect: str) -> bool:
    """Whether the title fits on one line of the aspect's title band with a clear margin, at
    title size or else at prose size (one line at either is lower than every band)."""
    return estimated_width(title, PROSE_SIZE) <= MARGIN * table()["bands"][aspect]
