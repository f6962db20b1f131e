"""Number lines a map carries a piece between: the axis, the piece, the beam, two-line layout.

A map f from one number line to another is drawn as two (or more) horizontal lines, each with
its own scale: a :class:`NumberAxis`. A small piece of a line is an :class:`IntervalArrow` (a
band with an arrowhead, so a flipped piece points the other way), and a translucent
:class:`Beam` joins it to its image. :func:`place_two_lines` puts an input and an output line
at one shared scale whenever that stays readable, so lengths look what they are.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import ClassVar

import numpy as np
from manim import DOWN, LEFT, RIGHT, UP, Line, VGroup, VMobject

from derivanim.number_lines import Range, label_every
from derivanim.numbers import exact_decimals, format_number
from scenes.kit.text import LABEL_SIZE, GlyphSet, formula, tick_label
from scenes.kit.theme import Theme

BAND_WIDTH = 10.0
"""Stroke width of a highlighted interval (0.1 scene units thick)."""


class NumberAxis(VGroup):
    """A horizontal number line with its own scale, ticks, glyph labels and a TeX name.

    Parameters
    ----------
    value_range : (low, high, step)
        The values shown; ticks sit on whole multiples of ``step``.
    start : numpy.ndarray
        Scene point of ``low``.
    unit : float
        Scene units per unit of value.
    color : str
        The line's colour.
    name : str
        TeX name drawn left of the line.
    theme : Theme
        The lesson's colours (the tick labels are muted).
    glyphs : GlyphSet
        The digit glyphs the tick labels are drawn with (and measured by, to space them).
    labels_up : bool
        Put the tick labels above the line (so the space below stays free) or below it.
    """

    tick_size: ClassVar[float] = 0.08

    def __init__(self, value_range: Range, start: np.ndarray, unit: float, color: str, name: str,
                 theme: Theme, glyphs: GlyphSet, labels_up: bool = False) -> None:
        super().__init__()
        self.low, self.high, self.step = value_range
        self.origin = np.array(start, dtype=float)
        self.unit = float(unit)
        self.line = Line(self.point_of(self.low), self.point_of(self.high), color=color,
                         stroke_width=3)
        first = math.ceil(self.low / self.step - 1e-9)
        count = int(math.floor(self.high / self.step + 1e-9)) - first + 1
        values = [round((first + i) * self.step, 10) for i in range(count)]
        self.ticks = VGroup(*[
            Line(self.point_of(v) + UP * self.tick_size, self.point_of(v) + DOWN * self.tick_size,
                 color=color, stroke_width=2)
            for v in values
        ])
        decimals = exact_decimals(self.step, most=6)
        texts = {v: format_number(v, decimals) for v in values}
        every = label_every(lambda n: self._labels_clear(
            [(self.point_of(v)[0], glyphs.width_of(texts[v])) for k, v in zip(
                range(first, first + count), values) if k % n == 0]))
        self.labels = VGroup()
        side = UP if labels_up else DOWN
        for index, value in enumerate(values):
            if (first + index) % every:
                continue
            label = tick_label(glyphs, value, decimals, theme.muted)
            label.next_to(self.point_of(value) + side * self.tick_size, side, buff=0.1)
            self.labels.add(label)
        self.name_tex = formula(name, theme, LABEL_SIZE, color=color)
        left_end = min([self.line.get_left()[0], *(lbl.get_left()[0] for lbl in self.labels)])
        self.name_tex.next_to(np.array([left_end, self.origin[1], 0.0]), LEFT, buff=0.25)
        self.add(self.line, self.ticks, self.labels, self.name_tex)

    @staticmethod
    def _labels_clear(labels: list[tuple[float, float]], gap: float = 0.2) -> bool:
        """Whether labels (centre x, width), left to right, keep ``gap`` between neighbours.

        The default gap is a digit and a bit: with less, "-2" and "0" side by side read as
        "-20".
        """
        return all(b[0] - a[0] >= (a[1] + b[1]) / 2 + gap for a, b in zip(labels, labels[1:]))

    @staticmethod
    def overhangs(value_range: Range, glyphs: GlyphSet) -> tuple[float, float]:
        """How far tick labels can reach beyond the line's left and right ends (at most).

        Examples
        --------
        >>> glyphs = GlyphSet.__new__(GlyphSet)  # a stand-in: every glyph 0.2 wide
        >>> glyphs.width_of = lambda text: 0.2 * len(text)
        >>> [round(v, 6) for v in NumberAxis.overhangs((-1.4, 1.0, 0.2), glyphs)]
        [0.4, 0.3]
        >>> NumberAxis.overhangs((-1.5, 1.5, 1.0), glyphs)
        (0.0, 0.0)
        """
        low, high, step = value_range
        decimals = exact_decimals(step, most=6)
        ends = []
        for value in (low, high):
            on_tick = abs(value / step - round(value / step)) < 1e-9
            ends.append(glyphs.width_of(format_number(value, decimals)) / 2 if on_tick else 0.0)
        return ends[0], ends[1]

    def point_of(self, value: float) -> np.ndarray:
        """Scene point of one value."""
        return self.origin + RIGHT * (float(value) - self.low) * self.unit

    def points_of(self, values: np.ndarray) -> np.ndarray:
        """Scene points (N x 3) of many values at once."""
        offsets = (np.asarray(values, dtype=float) - self.low) * self.unit
        return self.origin + np.outer(offsets, RIGHT)

    def value_of(self, point: np.ndarray) -> float:
        """The value at a scene point of the line (the inverse of :meth:`point_of`)."""
        return self.low + float(point[0] - self.origin[0]) / self.unit



class IntervalArrow(VGroup):
    """A highlighted piece of a number line, with an arrowhead that shows its orientation.

    The band covers the piece; the head's point sits exactly on the image of the piece's
    right-hand end, so the drawn length is the true length and a flipped piece points left.
    A piece shorter than the head shrinks the head with it (a collapsed piece has none).
    """

    tip_length: ClassVar[float] = 0.2
    tip_width: ClassVar[float] = 0.26

    def __init__(self, color: str, band_width: float = BAND_WIDTH) -> None:
        self.band = VMobject(stroke_color=color, stroke_width=band_width)
        self.tip = VMobject(fill_color=color, fill_opacity=1.0, stroke_width=0)
        super().__init__(self.band, self.tip)
        self.start = np.zeros(3)
        self.end = np.zeros(3)
        self.place(np.zeros(3), RIGHT * 0.5)

    def place(self, start: np.ndarray, end: np.ndarray, low: np.ndarray | None = None,
              high: np.ndarray | None = None) -> IntervalArrow:
        """Move the piece in place.

        Parameters
        ----------
        start, end : numpy.ndarray
            Where the piece's left end (x - dx) and right end (x + dx) are now.
        low, high : numpy.ndarray, optional
            The extent of the band when the piece folds over (the image of a neighbourhood of a
            turning point); ``start`` and ``end`` otherwise.
        """
        self.start = np.array(start, dtype=float)
        self.end = np.array(end, dtype=float)
        a = self.start if low is None else np.asarray(low, dtype=float)
        b = self.end if high is None else np.asarray(high, dtype=float)
        self.band.set_points_as_corners(np.array([a, b]))
        length = float(self.end[0] - self.start[0])
        direction = RIGHT if length >= 0 else LEFT
        size = min(self.tip_length, abs(length))
        half = UP * self.tip_width * 0.5 * size / self.tip_length
        back = self.end - direction * size
        self.tip.set_points_as_corners(np.array([self.end, back + half, back - half, self.end]))
        return self

    def signed_length(self) -> float:
        """Horizontal distance from the left end's image to the right end's (< 0 if flipped)."""
        return float(self.end[0] - self.start[0])


class Beam(VMobject):
    """A translucent quadrilateral joining an interval to its image (a bow tie when it flips)."""

    def __init__(self, color: str, opacity: float = 0.22) -> None:
        super().__init__(fill_color=color, fill_opacity=opacity, stroke_width=0)
        self.set_corners(np.zeros(3), RIGHT * 0.01, RIGHT * 0.01 + DOWN * 0.01, DOWN * 0.01)
        self.z_index = -1

    def set_corners(self, a: np.ndarray, b: np.ndarray, c: np.ndarray, d: np.ndarray) -> Beam:
        """Move the beam in place: a, b on the upper interval, c, d the lower (c below b)."""
        self.set_points_as_corners(np.array([a, b, c, d, a], dtype=float))
        return self


@dataclass(frozen=True)
class LinePlacement:
    """Where two number lines go: their scene start points and scales.

    Attributes
    ----------
    starts : pair of numpy.ndarray
        Scene points of each line's low end.
    units : pair of float
        Scene units per value on each line.
    mode : str
        aligned (one shared coordinate: the same value sits at the same height above the other),
        scaled (same scale, centred) or separate (each line its own scale).
    """

    starts: tuple[np.ndarray, np.ndarray]
    units: tuple[float, float]
    mode: str


def place_two_lines(ranges: tuple[Range, Range], left: float, width: float,
                    heights: tuple[float, float], min_share: float = 0.3,
                    min_length: float = 1.2) -> LinePlacement:
    """Fit two number lines into a width, at the same scale when that stays readable.

    Same scale keeps lengths honest: a piece twice as long on the output line *looks* twice
    as long. One shared coordinate is best (then the map's motion reads directly); failing
    that, the same scale, centred; and when one range dwarfs the other (the shorter line would
    get less than ``min_share`` of the width, or less than ``min_length`` scene units), each
    line gets its own scale.

    Examples
    --------
    >>> p = place_two_lines(((-2.5, 3.5, 1.0), (-1.0, 10.0, 2.0)), 0.0, 12.5, (1.0, -1.0))
    >>> p.mode, p.units[0] == p.units[1], float(p.starts[0][0]), float(p.starts[1][0])
    ('aligned', True, 0.0, 1.5)
    >>> place_two_lines(((0.0, 1.0, 0.2), (0.0, 100.0, 20.0)), 0.0, 10.0, (1.0, -1.0)).mode
    'separate'
    """
    spans = [r[1] - r[0] for r in ranges]
    union_low = min(r[0] for r in ranges)
    union = max(r[1] for r in ranges) - union_low
    longest = max(spans)

    def readable(unit: float) -> bool:
        return min(spans) * unit >= max(min_share * width, min_length)

    if union <= 1.5 * longest and readable(width / union):
        unit = width / union
        starts = [np.array([left + (r[0] - union_low) * unit, h, 0.0])
                  for r, h in zip(ranges, heights)]
        return LinePlacement((starts[0], starts[1]), (unit, unit), "aligned")
    if readable(width / longest):
        unit = width / longest
        starts = [np.array([left + (width - s * unit) / 2, h, 0.0]) for s, h in zip(spans, heights)]
        return LinePlacement((starts[0], starts[1]), (unit, unit), "scaled")
    starts = [np.array([left, h, 0.0]) for h in heights]
    return LinePlacement((starts[0], starts[1]), (width / spans[0], width / spans[1]), "separate")
