"""Rows of a panel: formulas and readouts stacked one under another, left-aligned.

A lesson's panel lists a few rows (a formula, a name with its readout, an effect label) from a
top edge down, with a small gap between them; :func:`rows_height` says how much room a stack
takes before it is placed, and :func:`baseline_at` gives a formula's baseline so a readout can
sit on the same line as its name.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from manim import MathTex, Mobject

ROW_GAP = 0.14
"""Vertical gap between stacked formula rows."""


def stack_rows(rows: Sequence[Mobject], left: float, top: float, gap: float = ROW_GAP) -> float:
    """Place rows one under another, left-aligned, from ``top`` down; return their bottom.

    Examples
    --------
    >>> from manim import Square
    >>> rows = [Square(side_length=1.0), Square(side_length=0.5)]
    >>> bottom = stack_rows(rows, 0.0, 2.0, gap=0.25)
    >>> float(round(bottom, 6)), rows[1].get_center().round(6).tolist()
    (0.25, [0.25, 0.5, 0.0])
    """
    for row in rows:
        row.move_to(np.array([left + row.width / 2, top - row.height / 2, 0.0]))
        top -= row.height + gap
    return top + gap


def rows_height(rows: Sequence[Mobject], gap: float = ROW_GAP) -> float:
    """Height of rows stacked by :func:`stack_rows`.

    Examples
    --------
    >>> from manim import Square
    >>> float(round(rows_height([Square(side_length=1.0), Square(side_length=0.5)], gap=0.25), 6))
    1.75
    """
    return sum(row.height for row in rows) + gap * (len(rows) - 1)


def baseline_at(tex: MathTex, index: int) -> float:
    """The baseline of a formula: the bottom of its glyph ``index`` (one that rests on it)."""
    return float(tex[0][index].get_bottom()[1])
