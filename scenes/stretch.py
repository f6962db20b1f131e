"""The derivative as a local stretch factor: f carries the input number line onto the output.

Storyboard: pose the question (what does f do to a tiny piece of the line?), show f carrying a
handful of points from the input line down to their images, then for each configured point
carry a small interval [x - dx, x + dx] down onto its image [f(x - dx), f(x + dx)] while the
factor f'(x) and its effect (stretch, squish, flip, collapse) appear, sweep x along the line to
see the factor change, and end on the takeaway.

The pieces of this picture (a number line with its own scale, an interval drawn as an arrow so
its orientation shows, a translucent beam from an interval to its image, the choice of a small
but honest dx) are shared with the chain-rule scene.

Render the default lesson with ``manim -ql scenes/stretch.py StretchScene``.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import ClassVar

import numpy as np
import sympy
from manim import (
    DOWN,
    LEFT,
    RIGHT,
    UP,
    Animation,
    Create,
    Dot,
    FadeIn,
    FadeOut,
    LaggedStart,
    Line,
    MathTex,
    Mobject,
    ValueTracker,
    VGroup,
    VMobject,
    smooth,
)

from derivanim.numbers import format_number, number
from derivanim.sampling import NumericFunction, numeric_function
from derivanim.stretch import StretchFacts, StretchPoint
from derivanim.viewport import nice_step
from scenes.kit.layout import Box
from scenes.kit.lesson_scene import LessonScene
from scenes.kit.motion import keep_fresh
from scenes.kit.text import BODY_SIZE, LABEL_SIZE, GlyphSet, Readout, formula, number_label
from scenes.kit.theme import Theme
from derivanim.numbers import exact_decimals

Range = tuple[float, float, float]
"""(low, high, tick step) of a number line."""
BAND_WIDTH = 10.0
"""Stroke width of a highlighted interval (0.1 scene units thick)."""


# ---- small pure helpers -------------------------------------------------------------------
def reading_decimals(value: float) -> int:
    """Decimals that show a factor for reading: 2, or 4 for a fraction that needs them.

    Examples
    --------
    >>> [reading_decimals(v) for v in (3.0, 0.5, -2.0, 0.0, 0.1304237, 140.68359375)]
    [2, 2, 2, 2, 4, 2]
    """
    if abs(value) >= 1 or math.isclose(value, round(value, 2), rel_tol=0, abs_tol=1e-12):
        return 2
    return 4


def shown(value: float) -> str:
    """A factor as prose and labels write it: the readout's digits, trailing zeros dropped.

    Examples
    --------
    >>> shown(46.89453125), shown(0.1304237), shown(3.0), shown(140.68359375), shown(0.3130169)
    ('46.89', '0.1304', '3', '140.68', '0.313')
    """
    return number(value, reading_decimals(value))


def padded_range(low: float, high: float, ticks: int = 7, pad: float = 0.04) -> Range:
    """Widen [low, high] by a small margin and snap it outward to half a nice tick step.

    The line's ends land on multiples of half the step, so the padding stays small; ticks sit
    on whole multiples of the step.

    Examples
    --------
    >>> padded_range(-2, 3), padded_range(0, 9)
    ((-2.5, 3.5, 1.0), (-1.0, 10.0, 2.0))
    >>> padded_range(5, 5)
    (3.5, 6.5, 0.5)
    """
    if not high > low:
        low, high = low - max(1.0, abs(low)) / 4, high + max(1.0, abs(high)) / 4
    margin = pad * (high - low)
    low, high = low - margin, high + margin
    step = nice_step(high - low, ticks)
    half = step / 2
    snapped_low = math.floor(low / half + 1e-9) * half
    snapped_high = math.ceil(high / half - 1e-9) * half
    return float(round(snapped_low, 12)), float(round(snapped_high, 12)), step


def honest_half_width(
    maps: Sequence[tuple[NumericFunction, float]],
    points: Sequence[float],
    candidates: Sequence[float],
    tolerance: float = 0.05,
) -> float:
    """The widest half-width dx whose intervals land with lengths true to the derivative.

    For each (function, derivative) pair and point x, the image [g(x - dx), g(x + dx)] must
    be defined and have a signed length within ``tolerance`` of g'(x) * 2 dx (relative to
    the factor, or to 0.1 for factors smaller than that). The smallest candidate is the
    fallback.

    Examples
    --------
    >>> square = lambda v: np.asarray(v) ** 2
    >>> honest_half_width([(square, 3.0)], [1.5], [0.2, 0.1])
    0.2
    >>> cube = lambda v: np.asarray(v) ** 3
    >>> honest_half_width([(cube, 0.0)], [0.0], [0.4, 0.2, 0.1, 0.05])
    0.05
    """
    for dx in candidates:
        honest = True
        for (function, slope), x in zip(maps, points):
            ends = function(np.array([x - dx, x + dx], dtype=float))
            if not np.all(np.isfinite(ends)):
                honest = False
                break
            ratio = float(ends[1] - ends[0]) / (2 * dx)
            if abs(ratio - slope) > tolerance * max(0.1, abs(slope)):
                honest = False
                break
        if honest:
            return float(dx)
    return float(candidates[-1])


def readout_slots(values: Sequence[float], decimals: int) -> int:
    """Characters a readout needs to show every value of a list.

    Examples
    --------
    >>> readout_slots([3.0, -2.0, 0.5], 2), readout_slots([140.68], 2)
    (5, 6)
    """
    return max(len(format_number(v, decimals)) for v in values if math.isfinite(v))


def size_phrase(magnitude: float) -> str:
    """What a factor's size does to a length, in plain words (for prose).

    Examples
    --------
    >>> [size_phrase(m) for m in (3, 2, 0.5, 1)]
    ['triples', 'doubles', 'halves', 'keeps its length']
    >>> size_phrase(2.7), size_phrase(0.1304237)
    ('stretches 2.7 times', 'shrinks to 0.1304 of its length')
    """
    words = {2.0: "doubles", 3.0: "triples", 4.0: "quadruples", 0.5: "halves",
             1.0: "keeps its length"}
    for value, word in words.items():
        if math.isclose(magnitude, value, rel_tol=1e-9):
            return word
    if magnitude > 1:
        return f"stretches {shown(magnitude)} times"
    return f"shrinks to {shown(magnitude)} of its length"


def effect_sentence(point: StretchPoint, short: bool = False) -> str:
    """The prose line that names what f does near a point, from its facts.

    Examples
    --------
    >>> effect_sentence(StretchPoint(-1.0, 1.0, -2.0, "flip", "stretch"))
    'It flips and doubles: factor -2.'
    >>> effect_sentence(StretchPoint(0.0, 0.0, 0.0, "collapse", "collapse"))
    'It collapses to a point: factor 0.'
    >>> effect_sentence(StretchPoint(2.0, 0.7, 1/3, "squish", "squish"), short=True)
    'It squishes: factor 0.3333.'
    """
    if point.effect == "collapse":
        verb = "collapses to a point"
    elif short:
        verb = {"flip": "flips", "keep": "keeps its length"}.get(point.effect, point.effect + "es")
    elif point.effect == "flip":
        verb = "flips and " + size_phrase(abs(point.factor))
    else:
        verb = size_phrase(abs(point.factor))
    return f"It {verb}: factor {shown(point.factor)}."


def effect_tex(point: StretchPoint, short: bool = False) -> str:
    r"""The on-screen effect label of a point, in TeX (its number is the rounded fact).

    Examples
    --------
    >>> effect_tex(StretchPoint(1.5, 2.25, 3.0, "stretch", "stretch"))
    '\\text{stretch} \\times 3'
    >>> effect_tex(StretchPoint(-1.0, 1.0, -2.0, "flip", "stretch"))
    '\\text{flip and stretch} \\times 2'
    >>> effect_tex(StretchPoint(-1.0, 1.0, -2.0, "flip", "stretch"), short=True)
    '\\text{flip}, \\times 2'
    """
    size = shown(abs(point.factor))
    if point.effect == "collapse":
        return r"\text{collapse}" if short else r"\text{collapse to a point}"
    if point.effect == "keep":
        return r"\text{same length}"
    if point.effect == "flip":
        if point.size == "keep":
            return r"\text{flip}" if short else r"\text{flip, same length}"
        if short:
            return rf"\text{{flip}}, \times {size}"
        return rf"\text{{flip and {point.size}}} \times {size}"
    return rf"\text{{{point.effect}}} \times {size}"


def label_every(clear: Callable[[int], bool]) -> int:
    """Label every n-th tick, n in 1, 2, 5, 10, 20, 50, ...: the smallest n whose labels clear
    each other (``clear(n)``).

    Examples
    --------
    >>> label_every(lambda n: n >= 1), label_every(lambda n: n >= 2), label_every(lambda n: n > 2)
    (1, 2, 5)
    """
    for scale in (1, 10, 100, 1000):
        for base in (1, 2, 5):
            if clear(base * scale):
                return base * scale
    return 10000




def drive(scene: LessonScene, tracker: ValueTracker, value: float, run_time: float,
          *others: Animation) -> None:
    """Animate a tracker (updaters redraw the picture from it), then take it off the scene.

    A tracker is invisible, but Manim adds it to the scene when it is animated and it keeps
    its value as a point; removing it keeps the scene's contents to what is drawn. The
    updaters run once more at the end, so the picture shows the tracker's final value even
    when Manim skips the animation (``manim -s``).
    """
    scene.play(tracker.animate.set_value(value), *others, run_time=run_time, rate_func=smooth)
    scene.remove(tracker)
    scene.update_mobjects(0)  # the final state, even when Manim skips animations (-s)


ROW_GAP = 0.14
"""Vertical gap between stacked formula rows."""


def stack_rows(rows: Sequence[Mobject], left: float, top: float, gap: float = ROW_GAP) -> float:
    """Place rows one under another, left-aligned, from ``top`` down; return their bottom."""
    for row in rows:
        row.move_to(np.array([left + row.width / 2, top - row.height / 2, 0.0]))
        top -= row.height + gap
    return top + gap


def rows_height(rows: Sequence[Mobject], gap: float = ROW_GAP) -> float:
    """Height of rows stacked by :func:`stack_rows`."""
    return sum(row.height for row in rows) + gap * (len(rows) - 1)


def baseline_at(tex: MathTex, index: int) -> float:
    """The baseline of a formula: the bottom of its glyph ``index`` (one that rests on it)."""
    return float(tex[0][index].get_bottom()[1])


# ---- widgets --------------------------------------------------------------------------------
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
            label = number_label(glyphs, value, decimals, theme.muted)
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


def sample_piece(x: float, dx: float, count: int = 9) -> np.ndarray:
    """Sample points of the piece [x - dx, x + dx], ends included.

    Examples
    --------
    >>> sample_piece(1.0, 0.5, 3).tolist()
    [0.5, 1.0, 1.5]
    """
    return np.linspace(x - dx, x + dx, count)


def carried(source: np.ndarray, target: np.ndarray, t: float) -> np.ndarray:
    """Points part-way (``t`` from 0 to 1) from their places on one line to their images."""
    return (1.0 - t) * source + t * target


# ---- the scene ------------------------------------------------------------------------------
class StretchScene(LessonScene):
    """A small interval around each point lands on its image, stretched by f'(x)."""

    kind = "stretch"
    slide_time: ClassVar[float] = 1.2
    """Seconds to slide the interval from one point to the next."""
    travel_time: ClassVar[float] = 2.0
    """Seconds for an interval to travel down onto its image."""
    sweep_time: ClassVar[float] = 5.0
    """Seconds to sweep x across the whole input line."""
    half_widths: ClassVar[tuple[float, ...]] = (0.2, 0.15, 0.12, 0.08, 0.05, 0.02)
    """Candidate half-widths dx, as fractions of the input tick step (widest honest one wins)."""
    honesty: ClassVar[float] = 0.05
    """Largest relative error allowed between an image's length and |f'(x)| * 2dx."""
    connector_count: ClassVar[int] = 8
    """Most connectors drawn from input points to their images."""
    wide_panel_height: ClassVar[float] = 1.95
    """Least height kept below the lines in wide frames for the panel's three rows."""

    def construct(self) -> None:
        self.build()
        self.pose_question()
        self.show_the_map()
        for index in range(len(self.stretch.points)):
            self.carry_interval(index)
        self.sweep_x()
        self.conclude()

    # ---- build every object once --------------------------------------------------------
    def build(self) -> None:
        """Compute the picture's numbers and build every mobject the lesson shows."""
        facts: StretchFacts = self.facts.facts  # type: ignore[assignment]
        self.stretch = facts
        theme = self.theme
        expression, variable = self.facts.expression, self.facts.variable
        self.f = numeric_function(expression, variable)
        self.f_prime = numeric_function(sympy.diff(expression, variable), variable)
        low, high = facts.input_range
        xs = [p.x for p in facts.points]
        step = padded_range(low, high)[2]
        self.dx = honest_half_width(
            [(self.f, p.factor) for p in facts.points], xs,
            [fraction * step for fraction in self.half_widths], self.honesty,
        )
        self.input_range = padded_range(min(low, min(xs) - self.dx), max(high, max(xs) + self.dx))
        images = [float(v) for x in xs for v in self.f(sample_piece(x, self.dx))]
        out_low = min([facts.output_range[0], *images])
        out_high = max([facts.output_range[1], *images])
        self.output_range = padded_range(out_low, out_high)
        self.build_panel()
        self.place_lines()
        self.build_connectors()
        self.x = ValueTracker(facts.points[0].x)
        self.t = ValueTracker(0.0)
        self.source = IntervalArrow(theme.highlight)
        self.image = IntervalArrow(theme.highlight)
        self.beam = Beam(theme.highlight)
        self.point_dot = Dot(radius=0.08, color=theme.highlight)
        self.arrange_panel()
        self.add_updaters()

    def lines_box(self) -> Box:
        """Where the two lines go: the full width in wide frames, the graph box when stacked.

        Wide frames leave room below the lines for three panel rows beside the prose.
        """
        layout = self.layout
        if layout.stacked:
            return layout.graph
        rows = [self.f_label, self.factor_row, max(self.effect_labels, key=lambda m: m.height)]
        room = max(self.wide_panel_height, rows_height(rows) + 0.55)
        return Box(layout.safe.left, layout.safe.right, layout.safe.bottom + room,
                   layout.graph.top)

    def place_lines(self) -> None:
        """Build the input line (labels above) and the output line (labels below)."""
        box = self.lines_box()
        theme, glyphs = self.theme, self.glyphs
        names = (r"x", r"f(x)")
        ranges = (self.input_range, self.output_range)
        reach = [NumberAxis.overhangs(r, glyphs) for r in ranges]
        name_room = max(formula(n, theme, LABEL_SIZE).width for n in names) + 0.3
        left = box.left + name_room + max(r[0] for r in reach)
        width = box.right - max(r[1] for r in reach) - 0.1 - left
        heights = (box.top - 0.55, box.bottom + 0.55)
        self.placement = place_two_lines(ranges, left, width, heights)
        starts, units = self.placement.starts, self.placement.units
        self.input_axis = NumberAxis(self.input_range, starts[0], units[0], theme.input_line,
                                     names[0], theme, glyphs, labels_up=True)
        self.output_axis = NumberAxis(self.output_range, starts[1], units[1], theme.output_line,
                                      names[1], theme, glyphs, labels_up=False)

    def build_connectors(self) -> None:
        """Thin lines from a few input points to their images: f carries the line."""
        low, high = self.stretch.input_range
        step = self.input_range[2]
        first = math.ceil(low / step - 1e-9)
        last = math.floor(high / step + 1e-9)
        values = [round(k * step, 10) for k in range(first, last + 1)]
        while len(values) > self.connector_count:
            values = values[::2]
        if len(values) < 3:
            values = [float(v) for v in np.linspace(low, high, 5)]
        self.connector_values = values
        self.connectors = VGroup()
        for value in values:
            image = float(self.f(np.array(value)))
            line = Line(self.input_axis.point_of(value), self.output_axis.point_of(image),
                        color=self.theme.muted, stroke_width=2, stroke_opacity=0.55)
            self.connectors.add(line)

    def build_panel(self) -> None:
        """The function, the factor readout, the effect labels and the x readout."""
        theme, glyphs = self.theme, self.glyphs
        facts = self.stretch
        factors = [p.factor for p in facts.points]
        sweep = self.f_prime(np.linspace(*facts.input_range, 401))
        slots = max(readout_slots(factors, 4), readout_slots([*sweep, *factors], 2))
        self.f_label = formula(rf"f(x) = {self.facts.function_latex}", theme, BODY_SIZE,
                               theme.function)
        self.factor_name = formula(r"f'(x) =", theme, BODY_SIZE, theme.derivative)
        self.factor_value = Readout(glyphs, factors[0], reading_decimals(factors[0]), slots,
                                    theme.derivative)
        self.factor_value.move_anchor_to(np.array(
            [self.factor_name.get_right()[0] + 0.2, baseline_at(self.factor_name, 3), 0.0]))
        self.factor_row = VGroup(self.factor_name, self.factor_value)
        self.x_name = formula(r"x =", theme, BODY_SIZE, theme.input_line)
        self.x_value = Readout(glyphs, facts.points[0].x, 2,
                               readout_slots(list(facts.input_range), 2) + 1, theme.input_line)
        self.x_value.move_anchor_to(np.array(
            [self.x_name.get_right()[0] + 0.2, baseline_at(self.x_name, 0), 0.0]))
        self.x_row = VGroup(self.x_name, self.x_value)
        width = self.layout.panel.width if self.layout.stacked else \
            self.layout.prose.left - 0.4 - self.layout.safe.left
        self.effect_labels = [self.effect_label(p, width) for p in facts.points]

    def arrange_panel(self) -> None:
        """Wide frames: the function, the factor and the effect (or x) under the lines, left of
        the prose. Stacked frames: the function alone, later the factor above the effect."""
        tallest = max(self.effect_labels, key=lambda m: m.height)
        if self.layout.stacked:
            box = self.layout.panel
            self.f_label.move_to(np.array([box.left + self.f_label.width / 2, box.center[1], 0.0]))
            top = min(box.center[1] + rows_height([self.factor_row, tallest]) / 2, box.top + 0.1)
        else:
            top = stack_rows([self.f_label], self.layout.safe.left, self.lines_box().bottom - 0.25)
            top -= ROW_GAP
        left = self.layout.panel.left if self.layout.stacked else self.layout.safe.left
        below = stack_rows([self.factor_row], left, top) - ROW_GAP
        for row in (*self.effect_labels, self.x_row):
            stack_rows([row], left, below)

    def effect_label(self, point: StretchPoint, width: float) -> MathTex:
        """The effect of f near a point, in words and the rounded factor (short if need be)."""
        label = formula(effect_tex(point), self.theme, BODY_SIZE, self.theme.highlight)
        if label.width > width:
            label = formula(effect_tex(point, short=True), self.theme, BODY_SIZE,
                            self.theme.highlight)
        return label

    def add_updaters(self) -> None:
        """Redraw the piece, its image, the beam and the readouts from the trackers x and t."""
        inputs, outputs = self.input_axis, self.output_axis

        def follow(_: object) -> None:
            x, t = self.x.get_value(), self.t.get_value()
            piece = sample_piece(x, self.dx)
            source = inputs.points_of(piece)
            now = carried(source, outputs.points_of(self.f(piece)), t)
            if not np.all(np.isfinite(now)):
                return
            self.source.place(source[0], source[-1])
            order = np.argsort(now[:, 0])
            self.image.place(now[0], now[-1], now[order[0]], now[order[-1]])
            self.beam.set_corners(source[0], source[-1], now[-1], now[0])
            slope = float(self.f_prime(np.array(x)))
            if math.isfinite(slope):
                self.factor_value.set_value(slope)
            self.x_value.set_value(x)

        self.follow = follow
        self.source.add_updater(follow)
        keep_fresh(self.image, self.beam, self.factor_value, self.x_value)
        follow(None)

    def show_factor(self, value: float, decimals: int) -> None:
        """Show a factor with the decimals that read it best (fixed while x sweeps)."""
        self.factor_value.decimals = decimals
        self.factor_value.value = float("nan")
        self.factor_value.set_value(value)

    # ---- beats --------------------------------------------------------------------------
    def pose_question(self) -> None:
        self.beat(
            "The question",
            "Think of f as a machine that moves points: every x on the top line is carried to "
            "f(x) on the bottom line. What happens to a tiny piece of the line near one point?",
        )
        title = self.title_text(self.lesson.title)
        axes = (self.input_axis, self.output_axis)
        self.play(FadeIn(title), *[Create(a.line) for a in axes],
                  *[FadeIn(a.ticks) for a in axes], run_time=1.5)
        self.play(*[FadeIn(a.labels, a.name_tex) for a in axes], FadeIn(self.f_label))
        self.play(*self.say("What does f do to a tiny piece?"))
        self.pause(2)

    def show_the_map(self) -> None:
        pairs = [(v, float(self.f(np.array(v)))) for v in self.connector_values]
        examples = ", ".join(f"{number(v)} goes to {number(fv)}" for v, fv in pairs[:3])
        scale_note = ("" if self.placement.mode != "separate" else
                      " The two lines are drawn at different scales: read the tick labels.")
        self.beat(
            "f carries the line",
            f"f sends each input on the top line to its output on the bottom line: {examples}."
            + scale_note,
        )
        self.play(LaggedStart(*[Create(c) for c in self.connectors], lag_ratio=0.15),
                  run_time=2.0)
        self.play(*self.say("f carries each x to f(x) below."))
        self.pause(1.5)

    def carry_interval(self, index: int) -> None:
        point = self.stretch.points[index]
        length = 2 * self.dx
        self.beat(
            f"x = {number(point.x)}",
            f"Take a small piece around x = {number(point.x)}, of length {number(length)}. "
            f"f carries it to a piece of length about {number(abs(point.factor) * length)}: "
            f"{effect_sentence(point)[3:].rstrip('.')}. That factor is f'({number(point.x)}).",
        )
        if index == 0:
            self.x.set_value(point.x)
            self.follow(None)
            self.add(self.beam)
            outgoing = [FadeOut(self.f_label)] if self.layout.stacked else []
            self.play(FadeIn(self.source, self.image), *outgoing, *self.say_piece(point))
            self.play(FadeIn(self.factor_name, self.factor_value), run_time=0.8)
        else:
            self.play(*self.previous_result_out(), run_time=0.6)
            self.t.set_value(0.0)
            self.follow(None)
            self.add(self.beam, self.image)
            self.show_factor(self.factor_value.value, 2)
            drive(self, self.x, point.x, self.slide_time, *self.say_piece(point))
        self.show_factor(point.factor, reading_decimals(point.factor))
        self.pause(1)
        drive(self, self.t, 1.0, self.travel_time)
        landing = [FadeIn(self.effect_labels[index])]
        if point.effect == "collapse":
            self.point_dot.move_to(self.output_axis.point_of(point.y))
            landing.append(FadeIn(self.point_dot, scale=2.0))
        self.shown_effect = self.effect_labels[index]
        self.play(*landing, *self.say_first(effect_sentence(point),
                                       effect_sentence(point, short=True),
                                       f"Factor {shown(point.factor)}."))
        self.pause(2)

    def say_piece(self, point: StretchPoint) -> list[Animation]:
        """Prose that introduces the piece around a point."""
        x = number(point.x)
        return self.say_first(f"Take a small piece around x = {x}.",
                         f"A small piece at x = {x}.", "Take a small piece.")

    def previous_result_out(self) -> list[Animation]:
        """Fade out the last image, its beam, its effect label (and the collapse dot)."""
        leaving = [self.image, self.beam, self.shown_effect]
        if self.point_dot in self.get_mobject_family_members():
            leaving.append(self.point_dot)
        return [FadeOut(m) for m in leaving]

    def sweep_x(self) -> None:
        low, high = self.stretch.input_range
        start, end = low + self.dx, high - self.dx
        self.beat(
            "It changes with x",
            "Slide the piece along the line. The factor f'(x) changes as x moves: "
            "the same function stretches in one place, squishes in another and flips where it "
            "decreases. The derivative is a local stretch factor.",
        )
        outgoing = [FadeOut(self.shown_effect)]
        if self.point_dot in self.get_mobject_family_members():
            outgoing.append(FadeOut(self.point_dot))
        self.show_factor(self.factor_value.value, 2)
        self.play(*outgoing, FadeIn(self.x_name, self.x_value),
                  *self.say("Now slide x along the line."), run_time=0.8)
        first = abs(self.x.get_value() - start) / (high - low) * self.sweep_time
        drive(self, self.x, start, max(first, 0.5))
        drive(self, self.x, end, self.sweep_time)
        self.play(*self.say("The factor is local: it changes with x."))
        self.pause(1.5)

    def conclude(self) -> None:
        self.beat(
            "Takeaway",
            "Near each x, f stretches tiny lengths by |f'(x)|, and flips them when f'(x) is "
            "negative. In two dimensions the same idea returns: a smooth map of the plane "
            "stretches a tiny square's area by |det J|, and a negative determinant flips it.",
        )
        self.play(*self.say("f'(x) is the local stretch factor.", color=self.theme.highlight))
        self.pause(3)
