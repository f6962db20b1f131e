"""Value tables: two columns of numbers under TeX headers, revealed row by row."""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
from manim import Line, VGroup, VMobject

from scenes.kit.text import LABEL_SIZE, GlyphSet, formula, number_label
from scenes.kit.theme import Theme


class ValueTable(VGroup):
    """A two-column table of numbers with TeX headers; rows can be revealed one by one.

    Parameters
    ----------
    headers : pair of str
        TeX of the two column headers.
    rows : sequence of pairs of float or None
        The values (None shows as a dash).
    decimals : pair of int
        Decimals of each column.
    """

    def __init__(self, headers: tuple[str, str], rows: Sequence[tuple[float | None, float | None]],
                 decimals: tuple[int, int], theme: Theme, glyphs: GlyphSet,
                 colors: tuple[str, str] | None = None, row_height: float | None = None) -> None:
        super().__init__()
        colors = colors or (theme.text, theme.text)
        head = [formula(h, theme, LABEL_SIZE, color=c) for h, c in zip(headers, colors)]
        step = row_height or glyphs.height * 1.55
        cells: list[list[VMobject]] = []
        for row in rows:
            cells.append([
                _cell(value, digits, color, glyphs, theme)
                for value, digits, color in zip(row, decimals, colors)
            ])
        widths = [
            max([head[c].width] + [cells[r][c].width for r in range(len(rows))]) for c in range(2)
        ]
        gap = 0.6
        column_x = [widths[0] / 2, widths[0] + gap + widths[1] / 2]
        for c in range(2):
            head[c].move_to(np.array([column_x[c], 0.0, 0.0]))
        self.header = VGroup(*head)
        rule = Line(np.array([-0.1, -step * 0.55, 0]), np.array([sum(widths) + gap + 0.1, -step * 0.55, 0]),
                    color=theme.muted, stroke_width=2)
        self.rule = rule
        self.rows = VGroup()
        for r, row_cells in enumerate(cells):
            y = -step * (r + 1.25)
            for c, cell in enumerate(row_cells):
                cell.move_to(np.array([column_x[c], y, 0.0]))
            self.rows.add(VGroup(*row_cells))
        self.add(self.header, rule, self.rows)


def _cell(value: float | None, decimals: int, color: str, glyphs: GlyphSet, theme: Theme) -> VMobject:
    if value is None or not math.isfinite(value):
        return formula(r"\text{--}" if value is None else (r"\infty" if value > 0 else r"-\infty"),
                       theme, LABEL_SIZE, color=color)
    return number_label(glyphs, value, decimals, color)
