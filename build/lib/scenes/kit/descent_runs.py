"""The runs of a descent lesson: one plot, ball, trail and set of labels per learning rate.

Each run of gradient descent gets its own :class:`RunView`: a plot, the loss curve, a ball that
hops from w_k to w_(k+1) along raised arcs (driven by one ValueTracker), its trail, and the
:class:`RunLabels` (eta, the outcome word, the step count and w readouts). Frames that show the
runs one after another end on an outcome table instead (:func:`outcome_table`).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import ClassVar

import numpy as np
from manim import RIGHT, UP, MathTex, Mobject, Text, ValueTracker, VGroup, VMobject

from derivanim.descent import DescentRun
from derivanim.descent_geometry import exit_point, hop_arc, hop_lift, point_on
from derivanim.descent_words import readout_decimals
from derivanim.numbers import format_number, number
from derivanim.viewport import Viewport
from scenes.kit.descent_plot import StepArrow
from scenes.kit.layout import Box
from scenes.kit.plot import Plot, dot
from scenes.kit.text import GlyphSet, Readout, baseline_of, formula, word
from scenes.kit.theme import Theme

ROW_GAP = 0.15
"""Space between a readout's name and its number."""


def outcome_color(outcome: str, theme: Theme) -> str:
    """The colour of a run's outcome label: settled runs green, runaway runs red.

    Examples
    --------
    >>> from scenes.kit.theme import THEMES
    >>> dark = THEMES["dark"]
    >>> outcome_color("converges", dark) == dark.positive
    True
    >>> outcome_color("diverges", dark) == dark.negative
    True
    """
    colors = {
        "converges": theme.positive,
        "oscillates": theme.secant,
        "cycles": theme.highlight,
        "diverges": theme.negative,
    }
    return colors[outcome]


def columns(box: Box, count: int, gap: float) -> list[Box]:
    """Cut a box into ``count`` equal columns, left to right.

    Examples
    --------
    >>> [(c.left, c.right) for c in columns(Box(0, 10, 0, 1), 2, gap=2)]
    [(0.0, 4.0), (6.0, 10.0)]
    """
    width = (box.width - gap * (count - 1)) / count
    lefts = [box.left + i * (width + gap) for i in range(count)]
    return [Box(left, left + width, box.bottom, box.top) for left in lefts]


def sit_on_baseline(text: Text, label: MathTex) -> None:
    """Move a word vertically so it rests on the baseline of a label that ends in a digit.

    Outcome words start with a letter without a descender (c, o, d); eta labels end in a digit.
    """
    baseline = float(label[0][-1].get_bottom()[1])
    text.shift((baseline - float(text[0].get_bottom()[1])) * UP)


def place_pair(name: MathTex, value: Readout, left: float, baseline: float) -> None:
    """Put a readout's name with its left edge at ``left`` and the number right after it."""
    name.shift(np.array([left - name.get_left()[0], baseline - baseline_of(name), 0.0]))
    value.move_anchor_to(np.array([name.get_right()[0] + ROW_GAP, baseline, 0.0]))


@dataclass(frozen=True)
class RunBoxes:
    """Where one run is drawn: a strip for its labels, its plot, and a row for its readouts."""

    strip: Box
    plot: Box
    readouts: Box


@dataclass(frozen=True)
class Regions:
    """Where each part of a descent lesson goes, for one layout.

    Attributes
    ----------
    plot : Box
        The one-step plot.
    rows : list of Box
        Stacked frames: the panel's two rows (formula, then readouts). Empty in wide frames,
        where the panel stacks its lines from the top.
    runs : list of RunBoxes
        One per run (all equal when the runs play one after another).
    side_by_side : bool
        True when every run has its own plot on screen at once.
    formula_home : Box or None
        Where the update rule stays during the runs (None: it leaves).
    summary : Box or None
        Where the table of outcomes goes (None: the side-by-side plots are the summary).
    """

    plot: Box
    rows: list[Box]
    runs: list[RunBoxes]
    side_by_side: bool
    formula_home: Box | None
    summary: Box | None


class RunLabels:
    """The text of one run: its eta, its outcome word, and its step and w readouts.

    Parameters
    ----------
    run : DescentRun
        The facts of the run.
    view : Viewport
        The plot's window: the readout shows w up to the first step that leaves it.
    glyphs : GlyphSet
        Shared digit outlines.
    theme : Theme
        Colours.

    Attributes
    ----------
    shown : list of float or None
        What the w readout shows after each hop (None: too long to show; it keeps the last).
    """

    max_slots: ClassVar[int] = 8
    """Widest w readout; a runaway value that needs more is not shown (the ball is at the edge)."""

    def __init__(self, run: DescentRun, view: Viewport, glyphs: GlyphSet, theme: Theme) -> None:
        self.eta = formula(rf"\eta = {number(run.learning_rate)}", theme)
        self.outcome = word(run.outcome, outcome_color(run.outcome, theme))
        self.step_name = formula(r"\text{step}", theme, color=theme.muted)
        self.w_name = formula(r"w =", theme, color=theme.muted)
        reach = next((k for k in range(1, len(run.steps))
                      if not view.contains(run.steps[k], run.losses[k])), len(run.steps) - 1)
        values = run.steps[: reach + 1]
        self.decimals = readout_decimals(values)
        texts = [format_number(w, self.decimals) for w in values]
        self.shown: list[float | None] = [w if len(t) <= self.max_slots else None
                                          for w, t in zip(values, texts)]
        fitting = [t for t in texts if len(t) <= self.max_slots]
        self.step_value = Readout(glyphs, 0, decimals=0, slots=len(str(reach)), color=theme.text)
        self.w_value = Readout(glyphs, run.steps[0], decimals=self.decimals,
                               slots=max(len(t) for t in fitting), color=theme.text)
        self.step_width = glyphs.width_of(str(reach))
        self.w_width = max(glyphs.width_of(t) for t in fitting)
        self.glyph_height = glyphs.height

    def header_width(self) -> float:
        """Width of the eta label and the outcome word side by side."""
        return self.eta.width + 0.35 + self.outcome.width

    def row_width(self) -> float:
        """Width of the step and w readouts in one row."""
        return (self.step_name.width + ROW_GAP + self.step_width + 0.45
                + self.w_name.width + ROW_GAP + self.w_width)

    def place_header(self, strip: Box, centred: bool) -> None:
        """eta, then the outcome word right after it, at the strip's left or centre."""
        left = strip.center[0] - self.header_width() / 2 if centred else strip.left
        y = strip.center[1]
        self.eta.move_to(np.array([left + self.eta.width / 2, y, 0.0]))
        self.outcome.next_to(self.eta, RIGHT, buff=0.35)
        sit_on_baseline(self.outcome, self.eta)

    def place_readouts(self, box: Box, centred: bool) -> None:
        """The step count and w in one row, at the box's left or centre."""
        left = box.center[0] - self.row_width() / 2 if centred else box.left
        baseline = box.center[1] - self.glyph_height / 2
        place_pair(self.step_name, self.step_value, left, baseline)
        w_left = self.step_name.get_right()[0] + ROW_GAP + self.step_width + 0.45
        place_pair(self.w_name, self.w_value, w_left, baseline)

    def readout_parts(self) -> list[Mobject]:
        """The readouts and their names."""
        return [self.step_name, self.step_value, self.w_name, self.w_value]


class RunView:
    """Everything drawn for one run of descent, and the updater that moves its ball.

    Built once. ``progress`` (a ValueTracker) says where the ball is: ``k`` means resting on
    w_k, ``k + 0.5`` half-way through the hop from w_k to w_(k+1). A hop whose landing is
    outside the plot's window stops short of the window's edge, with an arrow pointing on.

    Parameters
    ----------
    run : DescentRun
        The facts of the run.
    plot : Plot
        Its axes (already placed).
    curve : VGroup
        The loss curve on those axes.
    labels : RunLabels
        Its name, outcome and readouts (placed by the scene).
    theme : Theme
        Colours.
    """

    def __init__(self, run: DescentRun, plot: Plot, curve: VGroup, labels: RunLabels,
                 theme: Theme) -> None:
        self.run = run
        self.plot = plot
        self.curve = curve
        self.labels = labels
        self.progress = ValueTracker(0.0)
        view = plot.view
        points = [plot.c2p(run.steps[0], run.losses[0])]
        self.hops: list[np.ndarray] = []
        self.escape_arrow: StepArrow | None = None
        ceiling = plot.c2p(view.x_range[0], view.y_range[1])[1] - 0.1
        for k in range(len(run.steps) - 1):
            here = (run.steps[k], run.losses[k])
            there = (run.steps[k + 1], run.losses[k + 1])
            start = points[-1]
            if view.contains(*there):
                end = plot.c2p(*there)
                self.hops.append(hop_arc(start, end, hop_lift(start, end, ceiling)))
                points.append(end)
                continue
            edge = plot.c2p(*exit_point(here, there, view))
            toward = edge - start
            distance = float(np.linalg.norm(toward))
            direction = toward / distance if distance > 1e-9 else np.array([1.0, 0.0, 0.0])
            arrow_length = min(0.45, 0.6 * distance)
            stop = edge - (arrow_length + 0.12) * direction
            if np.dot(stop - start, direction) < 0:
                stop = start
            self.hops.append(hop_arc(start, stop, 0.0))
            self.escape_arrow = StepArrow(theme.negative, width=5.0, tip_length=0.2)
            self.escape_arrow.put(edge - arrow_length * direction, edge)
            break
        self.landings = points
        self.ball = dot(points[0], theme.text, radius=0.08)
        self.trail = VMobject(stroke_color=theme.text, stroke_width=3, stroke_opacity=0.45)
        self.trail.set_points_as_corners([points[0], points[0]])
        self.ball.add_updater(lambda _: self.update())
        self._frame = VGroup(plot, curve, self.trail, self.ball, labels.eta,
                             *labels.readout_parts())
        self._whole = VGroup(self._frame, labels.outcome)
        if self.escape_arrow is not None:
            self._whole.add(self.escape_arrow)

    @property
    def hop_count(self) -> int:
        """Hops drawn (the last one may stop at the edge)."""
        return len(self.hops)

    @property
    def escaped(self) -> bool:
        """Whether the run leaves the window (its last hop stops at the edge)."""
        return self.escape_arrow is not None

    def position(self, progress: float) -> tuple[np.ndarray, np.ndarray]:
        """The ball's point and its trail's points at a given progress."""
        k = min(int(math.floor(progress + 1e-9)), self.hop_count)
        done = [hop[:-1] for hop in self.hops[:k]]
        if k == self.hop_count:
            here = self.hops[-1][-1] if self.hops else self.landings[0]
            trail = [*done, here[None, :]]
        elif progress - k < 1e-9:
            here = self.landings[k]
            trail = [*done, here[None, :]]
        else:
            here, index = point_on(self.hops[k], progress - k)
            trail = [*done, self.hops[k][: index + 1], here[None, :]]
        return here, np.vstack([self.landings[0][None, :], *trail])

    def landed(self) -> int:
        """The last w_k the ball has reached (or, after escaping, tried to reach)."""
        return min(int(math.floor(self.progress.get_value() + 1e-9)), self.hop_count)

    def update(self) -> None:
        """Move the ball and its trail; show the step count and the w it has reached."""
        here, points = self.position(self.progress.get_value())
        self.ball.move_to(here)
        self.trail.set_points_as_corners(points)
        k = self.landed()
        self.labels.step_value.set_value(k)
        shown = self.labels.shown[k] if k < len(self.labels.shown) else None
        if shown is not None:
            self.labels.w_value.set_value(shown)

    def frame(self) -> VGroup:
        """What appears when the run is introduced (the same group every time)."""
        return self._frame

    def everything(self) -> VGroup:
        """The run as it stands at its end (for bringing it back at the takeaway)."""
        return self._whole


def outcome_table(runs: list[DescentRun], box: Box | None, theme: Theme) -> VGroup:
    """A table of eta and outcome, one row per run, centred in ``box`` (if given)."""
    rows = VGroup()
    for run in runs:
        rows.add(VGroup(formula(rf"\eta = {number(run.learning_rate)}", theme),
                        word(run.outcome, outcome_color(run.outcome, theme))))
    eta_width = max(row[0].width for row in rows)
    step = 0.55 if box is None else min(0.6, box.height / max(len(rows), 1))
    for index, row in enumerate(rows):
        y = -index * step
        row[0].move_to(np.array([row[0].width / 2, y, 0.0]))
        row[1].move_to(np.array([eta_width + 0.5 + row[1].width / 2, y, 0.0]))
        sit_on_baseline(row[1], row[0])
    if box is not None:
        rows.move_to(box.center)
    return rows
