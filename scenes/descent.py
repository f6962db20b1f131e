"""Gradient descent: follow the slope downhill, one step at a time.

Storyboard: pose the question (which way is downhill, and how far should we step?), write the
update rule w_next = w - eta dL/dw, take one step on the curve (the tangent's slope says which way,
eta says how far), slide along the curve to watch the step flip and vanish at the bottom, run
descent once per configured learning rate (side by side in wide frames, one after another in tall
and square ones) with each outcome labelled from the facts, show backprop as the chain rule run
backwards through a small computation graph, and end on the takeaway.

Render the default lesson with ``manim -ql scenes/descent.py DescentScene``.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import ClassVar, Literal

import numpy as np
import sympy
from manim import (
    DOWN,
    LEFT,
    RIGHT,
    UP,
    Animation,
    Arrow,
    Create,
    FadeIn,
    FadeOut,
    GrowArrow,
    GrowFromCenter,
    Group,
    Line,
    MathTex,
    Mobject,
    MoveAlongPath,
    Text,
    ValueTracker,
    VGroup,
    VMobject,
    Write,
    smooth,
)

from derivanim.descent import DescentFacts, DescentRun, Gradients
from derivanim.numbers import format_number, number
from derivanim.sampling import numeric_function
from derivanim.viewport import Viewport, fit_viewport
from scenes.kit.layout import Box, Layout
from scenes.kit.lesson_scene import LessonScene
from scenes.kit.text import (
    BODY_SIZE,
    FONT,
    LABEL_SIZE,
    PROSE_SIZE,
    GlyphSet,
    Readout,
    baseline_of,
    formula,
    lighten,
    number_label,
)
from scenes.kit.theme import Theme
from scenes.kit.plot import AXIS_WIDTH, Plot, dot
from derivanim.numbers import tick_values
from scenes.kit.fit import boxes_touch, fit_width

Direction = Literal["left", "right", "flat"]
HOP_SAMPLES = 17
"""Points sampled along each hop's arc (for the ball's path and its trail)."""
FLAT_ARROW = 0.12
"""A step arrow shorter than this (scene units) is shown as "flat: no step"."""
ROW_GAP = 0.15
"""Space between a readout's name and its number."""


# ---- pure helpers ----------------------------------------------------------------------------
def step_direction(slope: float, tolerance: float = 1e-9) -> Direction:
    """Which way gradient descent steps, given the slope under it.

    Examples
    --------
    >>> step_direction(-6.0), step_direction(3.6), step_direction(0.0)
    ('right', 'left', 'flat')
    """
    if abs(slope) <= tolerance:
        return "flat"
    return "right" if slope < 0 else "left"


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


def alternates(steps: Sequence[float]) -> bool:
    """Whether a trajectory jumps back and forth (each move reverses the one before).

    Examples
    --------
    >>> alternates([-1, 5.6, -2.32, 7.18]), alternates([1, 2, 4, 8]), alternates([0])
    (True, False, False)
    """
    moves = [b - a for a, b in zip(steps, steps[1:])]
    return len(moves) > 1 and all(a * b < 0 for a, b in zip(moves, moves[1:]))


def outcome_line(run: DescentRun) -> str:
    """What the prose says when a run ends.

    Examples
    --------
    >>> from derivanim.descent import DescentRun
    >>> outcome_line(DescentRun(1.1, "diverges", (-1, 5.6, -2.32), (10, 14, 20), (-6, 7, -9)))
    'Each overshoot grows: it flies off.'
    >>> outcome_line(DescentRun(1.0, "diverges", (1, 2, 4), (1, 4, 16), (-1, -2, -4)))
    'It runs away: it flies off.'
    """
    lines = {
        "converges": "It settles smoothly.",
        "oscillates": "Overshoots, then settles.",
        "cycles": "It bounces back and forth forever.",
        "diverges": ("Each overshoot grows: it flies off." if alternates(run.steps)
                     else "It runs away: it flies off."),
    }
    return lines[run.outcome]


def outcome_caption(run: DescentRun) -> str:
    """How the caption tells a run's outcome, after "eta = ...".

    Examples
    --------
    >>> from derivanim.descent import DescentRun
    >>> outcome_caption(DescentRun(0.2, "converges", (-1, 0.2), (10, 4.24), (-6, -3.6)))
    'takes steady steps downhill and converges'
    """
    captions = {
        "converges": "takes steady steps downhill and converges",
        "oscillates": "overshoots the bottom and jumps from side to side, but the jumps shrink: "
                      "it oscillates while converging",
        "cycles": "jumps exactly as far back each time and cycles between two points forever",
        "diverges": ("overshoots by more every time and diverges" if alternates(run.steps)
                     else "keeps speeding up in the same direction and diverges"),
    }
    return captions[run.outcome]


def readout_decimals(values: Sequence[float]) -> int:
    """Decimals that show a run's parameter values to about 4 significant digits.

    Examples
    --------
    >>> readout_decimals([-1.0, 1.982]), readout_decimals([5.6, -16.58]), readout_decimals([-30, 2])
    (3, 2, 2)
    >>> readout_decimals([107970.0])
    0
    """
    biggest = max(abs(v) for v in values)
    for decimals, limit in ((3, 10.0), (2, 100.0), (1, 1000.0)):
        if biggest < limit:
            return decimals
    return 0


def exit_point(start: tuple[float, float], end: tuple[float, float],
               view: Viewport) -> tuple[float, float]:
    """Where the segment from a point inside the window towards ``end`` leaves the window.

    ``end`` may be astronomically far away (a diverging run); the arithmetic stays finite.

    Examples
    --------
    >>> view = Viewport((0.0, 4.0, 1.0), (0.0, 4.0, 1.0))
    >>> exit_point((1, 1), (9, 1), view), exit_point((2, 2), (2, 1e300), view)
    ((4.0, 1.0), (2.0, 4.0))
    >>> exit_point((1, 1), (2, 2), view)
    (2.0, 2.0)
    """
    (x0, y0), (x1, y1) = (float(start[0]), float(start[1])), (float(end[0]), float(end[1]))
    t = 1.0
    for (low, high), a, b in ((view.x_range[:2], x0, x1), (view.y_range[:2], y0, y1)):
        delta = b - a
        if delta > 0 and b > high:
            t = min(t, (high - a) / delta)
        elif delta < 0 and b < low:
            t = min(t, (low - a) / delta)
    t = max(t, 0.0)
    return (x0 + t * (x1 - x0), y0 + t * (y1 - y0))


def hop_arc(start: np.ndarray, end: np.ndarray, lift: float,
            samples: int = HOP_SAMPLES) -> np.ndarray:
    """Points of a hop from ``start`` to ``end``: the chord raised by a parabola of height ``lift``.

    Examples
    --------
    >>> arc = hop_arc(np.zeros(3), np.array([2.0, 0.0, 0.0]), 0.5, samples=3)
    >>> arc.tolist()
    [[0.0, 0.0, 0.0], [1.0, 0.5, 0.0], [2.0, 0.0, 0.0]]
    """
    s = np.linspace(0.0, 1.0, samples)
    points = start[None, :] + s[:, None] * (end - start)[None, :]
    points[:, 1] += lift * 4.0 * s * (1.0 - s)
    points[0], points[-1] = start, end
    return points


def point_on(path: np.ndarray, fraction: float) -> tuple[np.ndarray, int]:
    """The point a fraction of the way along a sampled path, and the last sample before it.

    Examples
    --------
    >>> path = np.array([[0.0, 0, 0], [1, 0, 0], [2, 0, 0]])
    >>> point, index = point_on(path, 0.75)
    >>> point.tolist(), index
    ([1.5, 0.0, 0.0], 1)
    """
    u = min(max(fraction, 0.0), 1.0) * (len(path) - 1)
    index = min(int(u), len(path) - 2)
    t = u - index
    return path[index] * (1.0 - t) + path[index + 1] * t, index


def hop_steps(count: int) -> Callable[[float], float]:
    """A rate function for ``count`` hops in one animation: each eases in and out on its own.

    Examples
    --------
    >>> rate = hop_steps(4)
    >>> [rate(t) for t in (0.0, 0.25, 0.5, 1.0)], bool(0.25 < rate(0.3) < 0.5)
    ([0.0, 0.25, 0.5, 1.0], True)
    """
    def rate(t: float) -> float:
        position = min(max(t, 0.0), 1.0) * count
        whole = min(math.floor(position), count - 1)
        return float((whole + smooth(position - whole)) / count)

    return rate


@dataclass(frozen=True)
class BackpropChain:
    """The local derivatives of the reference model's loss L = (y - w x - b)^2 at one point.

    Attributes
    ----------
    prediction : float
        y_hat = w x + b.
    upstream : float
        dL/dy_hat = -2 (y - y_hat).
    by_w, by_b : float
        dy_hat/dw = x and dy_hat/db = 1.
    """

    prediction: float
    upstream: float
    by_w: float
    by_b: float


def backprop_chain(gradients: Gradients) -> BackpropChain:
    """Split the reference gradients into the local factors the chain rule multiplies.

    The values come from the facts' inputs; the products are checked against the facts' own
    gradients, so the picture can never disagree with the numbers.

    Raises
    ------
    ValueError
        If the facts are not of the linear neuron's squared error (then this picture is wrong).

    Examples
    --------
    >>> from derivanim.descent import reference_backprop
    >>> chain = backprop_chain(reference_backprop())
    >>> chain.prediction, chain.upstream, chain.upstream * chain.by_w, chain.upstream * chain.by_b
    (1.0, -4.0, -8.0, -4.0)
    """
    try:
        w, b, x, y = (gradients.at[name] for name in ("w", "b", "x", "y"))
        expected_w, expected_b = gradients.gradients["w"], gradients.gradients["b"]
    except KeyError as missing:
        raise ValueError(f"backprop picture needs w, b, x, y: {missing} is missing") from None
    prediction = w * x + b
    chain = BackpropChain(prediction=prediction, upstream=-2.0 * (y - prediction), by_w=x, by_b=1.0)
    agree = (math.isclose(chain.upstream * chain.by_w, expected_w, rel_tol=1e-9, abs_tol=1e-12)
             and math.isclose(chain.upstream * chain.by_b, expected_b, rel_tol=1e-9, abs_tol=1e-12)
             and math.isclose((y - prediction) ** 2, gradients.value, rel_tol=1e-9, abs_tol=1e-12))
    if not agree:
        raise ValueError(f"backprop facts are not those of (y - w*x - b)^2: {gradients.loss}")
    return chain


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


def shed(mobject: Mobject) -> Mobject:
    """Drop the parsed SVG path every glyph keeps after it is built.

    Manim's glyphs (``VMobjectFromSVGPath``) hold their svgelements ``Path`` for good, and every
    animation that copies a formula deep-copies those paths: about 0.7 ms per glyph, 25 times
    the cost of copying the outlines themselves. The path is only needed while building.

    Examples
    --------
    >>> from manim import VMobject
    >>> part = VMobject()
    >>> part.path_obj = object()
    >>> shed(part).path_obj is None
    True
    """
    for part in mobject.get_family():
        if getattr(part, "path_obj", None) is not None:
            part.path_obj = None
    return mobject


def tex(source: str, theme: Theme, font_size: float = LABEL_SIZE,
        color: str | None = None) -> MathTex:
    """A formula from the kit, made cheap to animate (see :func:`shed`)."""
    return shed(formula(source, theme, font_size, color))  # type: ignore[return-value]


def word(text: str, color: str, font_size: float = PROSE_SIZE) -> Text:
    """A short word or phrase set once, as prose is (Pango text)."""
    built = lighten(Text(text, font=FONT, font_size=font_size, color=color))
    return shed(built)  # type: ignore[return-value]


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


# ---- small widgets ---------------------------------------------------------------------------
class Fade(Animation):
    """Fade mobjects in or out by scaling their opacities in place, without copying them.

    Manim's FadeIn and FadeOut deep-copy what they fade; a plot with its ticks, labels and a
    1200-point curve has hundreds of parts, and copying it costs more than drawing it. This
    scales the opacity columns of the parts' colour arrays instead, and restores them when it
    ends, so a faded-out mobject comes back with its own colours (parts kept invisible on
    purpose stay invisible).

    Parameters
    ----------
    *mobjects : Mobject
        What to fade.
    appear : bool
        True to fade in (the mobjects are added), False to fade out (they are removed).
    **kwargs
        Passed to :class:`~manim.Animation` (``run_time``, ``rate_func``).
    """

    def __init__(self, *mobjects: Mobject, appear: bool, **kwargs: object) -> None:
        group = mobjects[0] if len(mobjects) == 1 else Group(*mobjects)
        super().__init__(group, introducer=appear, remover=not appear,
                         **kwargs)  # type: ignore[arg-type]
        self.appear = appear
        self.saved: list[tuple[VMobject, np.ndarray, np.ndarray, np.ndarray]] = []

    def create_starting_mobject(self) -> Mobject:
        """No copy: the opacities saved in :meth:`begin` are all this animation needs."""
        return self.mobject

    def begin(self) -> None:
        """Remember every part's opacities, then start from fully faded (or fully shown)."""
        self.saved = [
            (part, part.fill_rgbas[:, 3].copy(), part.stroke_rgbas[:, 3].copy(),
             part.background_stroke_rgbas[:, 3].copy())
            for part in self.mobject.get_family() if isinstance(part, VMobject)
        ]
        super().begin()

    def _scale(self, factor: float) -> None:
        for part, fill, stroke, background in self.saved:
            part.fill_rgbas[:, 3] = fill * factor
            part.stroke_rgbas[:, 3] = stroke * factor
            part.background_stroke_rgbas[:, 3] = background * factor

    def interpolate_mobject(self, alpha: float) -> None:
        """Scale every part's opacities by the eased progress."""
        level = self.rate_func(alpha)
        self._scale(level if self.appear else 1.0 - level)

    def clean_up_from_scene(self, scene: object) -> None:
        """Remove faded-out mobjects and give them back their opacities."""
        super().clean_up_from_scene(scene)  # type: ignore[arg-type]
        if not self.appear:
            self._scale(1.0)


def fade_in(*mobjects: Mobject, **kwargs: object) -> Fade:
    """Fade in without copying (see :class:`Fade`)."""
    return Fade(*mobjects, appear=True, **kwargs)


def fade_out(*mobjects: Mobject, **kwargs: object) -> Fade:
    """Fade out without copying (see :class:`Fade`)."""
    return Fade(*mobjects, appear=False, **kwargs)


class StepArrow(VGroup):
    """A straight arrow whose ends move in place, cheaply, every frame.

    Parameters
    ----------
    color : str
        Stroke and tip colour.
    width : float
        Stroke width of the shaft.
    tip_length : float
        Length of the tip in scene units (shorter arrows get shorter tips).
    """

    def __init__(self, color: str, width: float = 6.0, tip_length: float = 0.24) -> None:
        self.shaft = VMobject(stroke_color=color, stroke_width=width)
        self.head = VMobject(stroke_width=0, fill_color=color, fill_opacity=1.0)
        super().__init__(self.shaft, self.head)
        self.tip_length = tip_length
        self.start_point = np.zeros(3)
        self.end_point = np.zeros(3)
        self.put(np.zeros(3), np.zeros(3))

    @property
    def length(self) -> float:
        """Distance from tail to tip."""
        return float(np.linalg.norm(self.end_point - self.start_point))

    def put(self, start: np.ndarray, end: np.ndarray) -> StepArrow:
        """Move the arrow to run from ``start`` to ``end`` (a zero-length arrow draws nothing)."""
        start, end = np.asarray(start, dtype=float), np.asarray(end, dtype=float)
        self.start_point, self.end_point = start.copy(), end.copy()
        length = self.length
        if length < 1e-9:
            self.shaft.set_points_as_corners([start, start])
            self.head.set_points_as_corners([start, start, start, start])
            return self
        direction = (end - start) / length
        normal = np.array([-direction[1], direction[0], 0.0])
        tip = min(self.tip_length, 0.6 * length)
        base = end - tip * direction
        self.shaft.set_points_as_corners([start, base + 0.3 * tip * direction])
        half = 0.5 * tip
        self.head.set_points_as_corners([end, base + half * normal, base - half * normal, end])
        return self


def frame_axes(plot: Plot, box: Box, glyphs: GlyphSet, theme: Theme) -> VGroup:
    """Redraw a plot's axes as a frame along its left and bottom edges, labels outside the data.

    A descent plot's curve, ball and trails cross w = 0 and L = 0 all the time; with the kit's
    axes the tick labels sit on those lines, under the data. Here the two axis lines are hidden
    and drawn again at the window's left and bottom edges, the labels move with them, the zeros
    the kit leaves out at the old crossing come back, the names go just outside the frame's ends,
    and the plot is re-centred in its box. Graph coordinates (``plot.c2p``) are unchanged.

    Returns
    -------
    VGroup
        The frame's two lines and their ticks (already added to the plot).
    """
    x_low, x_high, x_step = plot.view.x_range
    y_low, y_high, y_step = plot.view.y_range
    y_axis_x = min(max(0.0, x_low), x_high)
    x_axis_y = min(max(0.0, y_low), y_high)
    to_left = plot.c2p(x_low, 0.0) - plot.c2p(y_axis_x, 0.0)
    to_bottom = plot.c2p(0.0, y_low) - plot.c2p(0.0, x_axis_y)
    axis_x = plot.c2p(y_axis_x, 0.0)[0]
    x_labels: dict[float, Readout] = {}
    y_labels: dict[float, Readout] = {}
    for label in plot.labels:
        value = float(label.value)
        beside_y_axis = (abs(label.get_center()[1] - plot.c2p(0.0, value)[1]) < 1e-6
                         and label.get_right()[0] < axis_x)
        (y_labels if beside_y_axis else x_labels)[round(value, 9)] = label
    for label in x_labels.values():
        label.shift(to_bottom)
    for label in y_labels.values():
        label.shift(to_left)
    decimals_x = next(iter(x_labels.values())).decimals if x_labels else 0
    decimals_y = next(iter(y_labels.values())).decimals if y_labels else 0
    for value in _restored(x_labels, y_axis_x, x_low, x_high):
        label = number_label(glyphs, value, decimals_x, theme.muted)
        label.next_to(plot.c2p(value, y_low), DOWN, buff=0.14)
        if x_labels:
            label.align_to(next(iter(x_labels.values())), UP)
        x_labels[round(value, 9)] = label
        plot.labels.add(label)
    for value in _restored(y_labels, x_axis_y, y_low, y_high):
        label = number_label(glyphs, value, decimals_y, theme.muted)
        label.next_to(plot.c2p(x_low, value), LEFT, buff=0.14)
        y_labels[round(value, 9)] = label
        plot.labels.add(label)
    for key, label in list(y_labels.items()):  # at the corner the w labels win
        if any(boxes_touch(label, other, 0.05) for other in x_labels.values()):
            plot.labels.remove(label)
            del y_labels[key]
    for axis in (plot.axes.x_axis, plot.axes.y_axis):
        axis.set_stroke(opacity=0.0)
    corner, right, top = plot.c2p(x_low, y_low), plot.c2p(x_high, y_low), plot.c2p(x_low, y_high)
    style = {"color": theme.axes, "stroke_width": AXIS_WIDTH}
    ticks = VGroup(
        *[Line(plot.c2p(x, y_low), plot.c2p(x, y_low) + 0.07 * UP, **style)
          for x in tick_values(x_low, x_high, x_step)],
        *[Line(plot.c2p(x_low, y), plot.c2p(x_low, y) + 0.07 * RIGHT, **style)
          for y in tick_values(y_low, y_high, y_step)],
    )
    frame = VGroup(Line(corner, right, **style), Line(corner, top, **style), ticks)
    plot.add(frame)
    plot.x_name.next_to(right, RIGHT, buff=0.12)
    plot.y_name.next_to(top, UP + RIGHT, buff=0.08)
    plot.move_to(box.center)
    plot.shift(max(box.left - plot.get_left()[0], 0.0) * RIGHT
               + max(box.bottom - plot.get_bottom()[1], 0.0) * UP)
    return frame


def _restored(labelled: dict[float, Readout], value: float, low: float, high: float) -> list[float]:
    """The label the kit left out where the axes crossed, if it belongs to the labels' rhythm.

    Examples
    --------
    >>> _restored({-4.0: None, -2.0: None, 2.0: None}, 0.0, -4, 4)
    [0.0]
    >>> _restored({-3.0: None, 3.0: None}, 0.0, -3, 3)
    []
    """
    if not low <= value <= high or round(value, 9) in labelled or len(labelled) < 2:
        return []
    values = sorted(labelled)
    spacing = min(b - a for a, b in zip(values, values[1:]))
    offset = (value - values[0]) / spacing
    return [value] if abs(offset - round(offset)) < 1e-6 else []


def hop_lift(start: np.ndarray, end: np.ndarray, ceiling: float) -> float:
    """How high a hop arcs: in proportion to its length, never above ``ceiling``.

    Examples
    --------
    >>> start = np.zeros(3)
    >>> hop_lift(start, np.array([1.0, 0, 0]), 5.0), hop_lift(start, np.array([4.0, 0, 0]), 0.2)
    (0.3, 0.2)
    """
    span = float(np.linalg.norm(end - start))
    return float(max(min(0.3 * span, 0.6, ceiling - max(start[1], end[1])), 0.0))


@dataclass(frozen=True)
class RunBoxes:
    """Where one run is drawn: a strip for its labels, its plot, and a row for its readouts."""

    strip: Box
    plot: Box
    readouts: Box


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
        self.eta = tex(rf"\eta = {number(run.learning_rate)}", theme)
        self.outcome = word(run.outcome, outcome_color(run.outcome, theme))
        self.step_name = tex(r"\text{step}", theme, color=theme.muted)
        self.w_name = tex(r"w =", theme, color=theme.muted)
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


class BackpropDiagram(VGroup):
    """The computation graph of the reference model: w and b feed y_hat = w x + b, which feeds L.

    Under each node sits its forward value and, after the backward pass, its gradient. The
    backward pass adds arrows pointing back, each labelled with the local derivative it
    multiplies by.

    Parameters
    ----------
    box : Box
        The region to fill.
    facts : Gradients
        The reference gradients.
    chain : BackpropChain
        Their local factors.
    theme : Theme
        Colours.
    """

    def __init__(self, box: Box, facts: Gradients, chain: BackpropChain, theme: Theme) -> None:
        super().__init__()
        names = {"w": "w", "b": "b", "yhat": r"\hat y", "L": "L"}
        self.nodes = {key: tex(source, theme, BODY_SIZE + 12) for key, source in names.items()}
        values = {"w": facts.at["w"], "b": facts.at["b"], "yhat": chain.prediction,
                  "L": facts.value}
        self.values = {key: tex(number(v), theme, color=theme.muted) for key, v in values.items()}
        grads = {"w": facts.gradients["w"], "b": facts.gradients["b"], "yhat": chain.upstream}
        self.gradients = {key: tex(number(v), theme, color=theme.highlight)
                          for key, v in grads.items()}
        stack = (max(n.height for n in self.nodes.values()) / 2 + 0.12
                 + max(v.height for v in self.values.values()) + 0.1
                 + max(g.height for g in self.gradients.values()))
        node_half = max(n.height for n in self.nodes.values()) / 2
        spread = max(min(1.5, (box.height - node_half - stack) / 2), 0.6)
        margin = max(0.5, 0.12 * box.width)
        cx, cy = box.center[0], box.center[1] + (stack - node_half) / 2
        places = {
            "w": (box.left + margin, cy + spread), "b": (box.left + margin, cy - spread),
            "yhat": (cx, cy), "L": (box.right - margin, cy),
        }
        for key, (x, y) in places.items():
            self.nodes[key].move_to(np.array([x, y, 0.0]))
            self.values[key].next_to(self.nodes[key], DOWN, buff=0.12)
            if key in self.gradients:
                self.gradients[key].next_to(self.values[key], DOWN, buff=0.1)
        # y_hat's labels lean right, under the arrow to L, away from the factor under b's arrow.
        lean = self.nodes["yhat"].get_right()[0] - 0.05
        for label in (self.values["yhat"], self.gradients["yhat"]):
            label.shift((lean - label.get_left()[0]) * RIGHT)
        edges = [("w", "yhat", 1.0), ("b", "yhat", -1.0), ("yhat", "L", 1.0)]
        factors = {"w": chain.by_w, "b": chain.by_b, "yhat": chain.upstream}
        self.forward = VGroup()
        self.backward: dict[str, Arrow] = {}
        self.factors: dict[str, MathTex] = {}
        for tail, head, side in edges:
            start = self.nodes[tail].get_right() + 0.1 * RIGHT
            end = self.nodes[head].get_left() + 0.1 * LEFT
            along = (end - start) / np.linalg.norm(end - start)
            outward = side * np.array([-along[1], along[0], 0.0])
            self.forward.add(Arrow(start, end, buff=0.05, color=theme.muted, stroke_width=4,
                                   max_tip_length_to_length_ratio=0.15))
            back = Arrow(end + 0.22 * outward, start + 0.22 * outward, buff=0.1,
                         color=theme.highlight, stroke_width=4,
                         max_tip_length_to_length_ratio=0.15)
            self.backward[tail] = back
            label = tex(rf"\times {_signed(factors[tail])}", theme, color=theme.highlight)
            # Factors on the arrows into y_hat sit nearer their tail, clear of y_hat's labels.
            anchor = back.point_from_proportion(0.7 if head == "yhat" else 0.5)
            label.next_to(anchor, outward, buff=0.22)
            self.factors[tail] = label
        self.add(*self.nodes.values(), self.forward, *self.values.values())

    def forward_parts(self) -> list[Mobject]:
        """The nodes, forward arrows and forward values."""
        return [*self.nodes.values(), self.forward, *self.values.values()]


def _signed(value: float) -> str:
    """A factor as TeX, negatives in brackets.

    Examples
    --------
    >>> _signed(2.0), _signed(-4.0)
    ('2', '(-4)')
    """
    text = number(value)
    return f"({text})" if text.startswith("-") else text


class BalancedProse:
    """Sets short prose in one line, or two lines split where they come out most even.

    A break after punctuation is preferred when it is nearly as even.

    Each word is measured once (a Pango text per distinct word) and remembered, so a lesson's
    sentences, which share many words, cost little to set.

    Parameters
    ----------
    theme : Theme
        Colours (the text colour unless one is given).
    font_size : float
        Prose size.
    """

    pause_bonus: ClassVar[float] = 0.3
    """A break after punctuation may leave its line this much longer (scene units)."""

    def __init__(self, theme: Theme, font_size: float = PROSE_SIZE) -> None:
        self.theme = theme
        self.font_size = font_size
        self.widths: dict[str, float] = {}
        self.space = (Text("a a", font=FONT, font_size=font_size).width
                      - Text("aa", font=FONT, font_size=font_size).width)

    def width_of(self, word: str) -> float:
        """A word's width when set (measured once)."""
        if word not in self.widths:
            self.widths[word] = Text(word, font=FONT, font_size=self.font_size).width
        return self.widths[word]

    def split(self, words: list[str], width: float) -> list[list[str]]:
        """One line if it fits, else the two-line split with the shorter longest line.

        Raises
        ------
        ValueError
            If no split into two lines fits ``width``.
        """
        sizes = [self.width_of(w) for w in words]

        def measure(part: list[float]) -> float:
            return sum(part) + self.space * (len(part) - 1)

        budget = 0.97 * width
        if measure(sizes) <= budget:
            return [words]
        splits = [(max(measure(sizes[:i]), measure(sizes[i:])), i) for i in range(1, len(words))]
        fitting = [(longest - (self.pause_bonus if words[i - 1][-1] in ",:;.?!" else 0.0), i)
                   for longest, i in splits if longest <= budget]
        if not fitting:
            raise ValueError(f"prose does not fit in 2 lines of width {width:.2f}: "
                             f"{' '.join(words)!r}")
        cut = min(fitting)[1]
        return [words[:cut], words[cut:]]

    def set(self, text: str, width: float, color: str | None = None) -> VGroup:
        """The text in at most two centred lines no wider than ``width``.

        Raises
        ------
        ValueError
            If it does not fit.
        """
        lines = [
            shed(lighten(Text(" ".join(line), font=FONT, font_size=self.font_size,
                              color=color or self.theme.text)))
            for line in self.split(text.split(), width)
        ]
        if any(line.width > width + 1e-6 for line in lines):
            raise ValueError(f"a line is wider than {width:.2f} units: {text!r}")
        return VGroup(*lines).arrange(DOWN, buff=0.14)


@dataclass(frozen=True)
class Regions:
    """Where each part of the lesson goes, for one layout.

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


# ---- the scene -------------------------------------------------------------------------------
class DescentScene(LessonScene):
    """Gradient descent steps against the slope; the learning rate decides how far."""

    kind = "descent"
    hop_time: ClassVar[float] = 0.5
    """Longest time of one hop, in seconds."""
    hop_budget: ClassVar[float] = 14.0
    """Seconds of hopping shared by all the runs (many steps make quicker hops)."""
    one_by_one: ClassVar[float] = 0.25
    """Hops at least this long get a play each; quicker ones run together in one play."""
    sweep_time: ClassVar[float] = 3.0
    """Seconds to slide the point across the bottom of the curve."""
    strip_height: ClassVar[float] = 0.45
    """Height of the label strip above a side-by-side plot, and of its readout row."""
    column_gap: ClassVar[float] = 0.5
    """Space between side-by-side plots."""

    def construct(self) -> None:
        """The storyboard: one method per beat."""
        self.build()
        self.pose_question()
        self.show_update_rule()
        self.take_one_step()
        self.read_the_slope_sign()
        self.compare_learning_rates()
        self.backprop_in_one_line()
        self.conclude()

    # ---- build every object once --------------------------------------------------------
    def build(self) -> None:
        """Compute the window and build every object of the lesson, once."""
        self.prose_setter = BalancedProse(self.theme)
        self.title = self.title_text(self.lesson.title)
        facts: DescentFacts = self.facts.facts  # type: ignore[assignment]
        self.descent = facts
        expression, variable = self.facts.expression, self.facts.variable
        self.loss = numeric_function(expression, variable)
        self.slope = numeric_function(sympy.diff(expression, variable), variable)
        settled = [run for run in facts.runs if run.outcome != "diverges"]
        focus = [facts.start] + [w for run in settled for w in run.steps]
        heights = [facts.runs[0].losses[0]] + [loss for run in settled for loss in run.losses]
        x_range = self.lesson.x_range
        if x_range is not None:  # the author's window, widened to hold the start if it must be
            x_range = (min(x_range[0], min(focus)), max(x_range[1], max(focus)))
        self.view = fit_viewport(expression, variable, focus, x_range, extra_y=heights)
        self.run_labels = [RunLabels(run, self.view, self.glyphs, self.theme) for run in facts.runs]
        self.regions = self.plan_regions(self.layout)
        self.build_one_step()
        self.build_runs()
        self.build_summary()
        self.build_backprop()

    def plan_regions(self, layout: Layout) -> Regions:
        """Choose where everything goes: runs side by side when they fit, else one at a time."""
        count = len(self.descent.runs)
        if layout.stacked:
            rows = layout.panel.split_rows(1.0, 1.0, gap=0.1)
            boxes = RunBoxes(rows[0], layout.graph, rows[1])
            return Regions(layout.graph, rows, [boxes] * count, False, None, layout.graph)
        region = Box(layout.safe.left, layout.safe.right, layout.prose.top + 0.25, layout.graph.top)
        cells = columns(region, count, self.column_gap)
        needed = max(max(r.header_width(), r.row_width()) for r in self.run_labels)
        if count > 1 and cells[0].width >= needed:
            gap = 0.08
            runs = [RunBoxes(*cell.split_rows(self.strip_height,
                                              cell.height - 2 * (self.strip_height + gap),
                                              self.strip_height, gap=gap))
                    for cell in cells]
            home = Box(layout.safe.left, layout.graph.right, layout.safe.bottom,
                       region.bottom - 0.1)
            return Regions(layout.graph, [], runs, True, home, None)
        panel = layout.panel
        header, readouts, summary = panel.split_rows(0.5, 0.5, max(panel.height - 1.3, 0.5),
                                                     gap=0.15)
        boxes = RunBoxes(header, layout.graph, readouts)
        return Regions(layout.graph, [], [boxes] * count, False, None, summary)

    def build_one_step(self) -> None:
        """The big plot with its ball, tangent, step arrow, words and readouts."""
        theme = self.theme
        facts = self.descent
        self.plot = Plot(self.view, self.regions.plot, theme, self.glyphs, x_label="w", y_label="L")
        frame_axes(self.plot, self.regions.plot, self.glyphs, theme)
        self.curve = self.plot.curve(self.facts.expression, self.facts.variable, theme.function)
        self.demo = min(facts.runs, key=lambda run: run.learning_rate)
        self.w0, self.l0, self.s0 = self.demo.steps[0], self.demo.losses[0], self.demo.slopes[0]
        self.probe = ValueTracker(self.w0)
        self.ball = dot(self.plot.c2p(self.w0, self.l0), theme.text, radius=0.1)
        self.tangent = self.plot.line_through(self.w0, self.l0, self.s0, theme.tangent, width=4)
        self.arrow = StepArrow(theme.highlight)
        self.directions: dict[Direction, Text] = {
            "right": word("step right", theme.highlight),
            "left": word("step left", theme.highlight),
            "flat": word("flat: no step", theme.highlight),
        }
        self.direction_label = VGroup(*self.directions.values())
        self.sweep_end = self.choose_sweep_end()
        sweep = np.linspace(min(self.w0, self.sweep_end), max(self.w0, self.sweep_end), 201)
        slopes = np.abs(self.slope(sweep))
        widest = max(float(np.nanmax(slopes)) if np.any(np.isfinite(slopes)) else 0.0,
                     *(abs(s) for s in self.demo.slopes[:2]))
        self.slope_decimals = 2 if widest < 1000 else 0
        self.slope_name = tex(r"dL/dw =", theme)
        self.slope_value = Readout(self.glyphs, self.s0, self.slope_decimals,
                                   slots=len(format_number(-widest, self.slope_decimals)) + 1,
                                   color=self.slope_color(self.s0))
        self.slope_width = self.glyphs.width_of(format_number(-widest, self.slope_decimals))
        self.function_label = tex(rf"L(w) = {self.facts.function_latex}", theme, BODY_SIZE,
                                  theme.function)
        rule = (r"w_{\text{next}} = w - \eta\, dL/dw" if self.layout.stacked
                else r"w_{\text{next}} = w - \eta\,\frac{dL}{dw}")
        self.update_rule = tex(rule, theme, BODY_SIZE)
        self.first_hop: VMobject | None = None
        if len(self.demo.steps) > 1 and self.demo.steps[1] != self.w0 and self.view.contains(
                self.demo.steps[1], self.demo.losses[1]):
            start = self.plot.c2p(self.w0, self.l0)
            end = self.plot.c2p(self.demo.steps[1], self.demo.losses[1])
            ceiling = self.plot.c2p(self.view.x_range[0], self.view.y_range[1])[1] - 0.15
            self.first_hop = VMobject()
            self.first_hop.set_points_as_corners(hop_arc(start, end, hop_lift(start, end, ceiling)))
        self.arrange_one_step()
        self.show_probe(self.w0)

    def arrange_one_step(self) -> None:
        """Wide frames stack the panel from the top; tall ones use its two rows."""
        panel, rows = self.layout.panel, self.regions.rows
        fit_width(self.function_label, panel.width)
        fit_width(self.update_rule, panel.width)
        if not rows:
            corner = np.array([panel.left, panel.top, 0.0])
            self.function_label.next_to(corner, DOWN + RIGHT, buff=0)
            self.update_rule.next_to(self.function_label, DOWN, aligned_edge=LEFT, buff=0.5)
            baseline = self.update_rule.get_bottom()[1] - 0.55 - self.glyphs.height
            place_pair(self.slope_name, self.slope_value, panel.left, baseline)
            return
        self.function_label.move_to(panel.center)
        self.update_rule.move_to(rows[0].center)
        row = self.slope_name.width + ROW_GAP + self.slope_width
        place_pair(self.slope_name, self.slope_value, rows[1].center[0] - row / 2,
                   rows[1].center[1] - self.glyphs.height / 2)

    def choose_sweep_end(self) -> float:
        """Where the slide across the bottom ends: past the lowest point, as far again."""
        low, high = self.view.x_range[:2]
        xs = np.linspace(low, high, 801)
        ys = self.loss(xs)
        if not np.any(np.isfinite(ys)):
            return self.w0
        bottom = float(xs[int(np.nanargmin(ys))])
        inset = 0.08 * (high - low)
        return float(min(max(2 * bottom - self.w0, low + inset), high - inset))

    def slope_color(self, slope: float) -> str:
        """Slopes are coloured by sign: rising positive, falling negative."""
        colors = {"left": self.theme.positive, "right": self.theme.negative,
                  "flat": self.theme.text}
        return colors[step_direction(slope)]

    def show_probe(self, w: float) -> None:
        """Put the ball, its tangent, the step arrow and its words at parameter ``w``."""
        plot, eta = self.plot, self.demo.learning_rate
        loss = float(self.loss(np.array(w)))
        slope = float(self.slope(np.array(w)))
        if not (math.isfinite(loss) and math.isfinite(slope) and self.view.contains(w, loss)):
            return  # off the curve's domain or its window: leave everything where it was
        here = plot.c2p(w, loss)
        self.ball.move_to(here)
        plot.set_line(self.tangent, w, loss, slope)
        self.slope_value.set_value(slope)
        color = self.slope_color(slope)
        if color != self.slope_value.cells[0].get_fill_color().to_hex():
            for cell in self.slope_value.cells:
                cell.set_fill(color, opacity=1.0)
        low, high = self.view.x_range[:2]
        target = min(max(w - eta * slope, low), high)
        self.arrow.put(here, plot.c2p(target, loss))
        direction = step_direction(slope) if self.arrow.length >= FLAT_ARROW else "flat"
        for key, label in self.directions.items():
            label.set_opacity(1.0 if key == direction else 0.0)
        self.place_direction_label(direction, here)

    def place_direction_label(self, direction: Direction, ball: np.ndarray) -> None:
        """Above the ball, reaching out the way the step goes, kept inside the plot's window."""
        label = self.directions[direction]
        width, height = label.width, label.height
        x = {"right": ball[0] + 0.05 + width / 2, "left": ball[0] - 0.05 - width / 2,
             "flat": ball[0]}[direction]
        low = self.plot.c2p(self.view.x_range[0], self.view.y_range[0])
        high = self.plot.c2p(self.view.x_range[1], self.view.y_range[1])
        x = min(max(x, low[0] + width / 2 + 0.1), high[0] - width / 2)
        y = ball[1] + 0.3 + height / 2
        if y + height / 2 > high[1]:  # no room above the ball: go below it
            y = ball[1] - 0.3 - height / 2
        for each in self.directions.values():
            each.move_to(np.array([x, y, 0.0]))

    def build_runs(self) -> None:
        """One plot, ball, trail and label set per learning rate; the hop time fits the budget."""
        theme, regions = self.theme, self.regions
        self.runs: list[RunView] = []
        for run, labels, boxes in zip(self.descent.runs, self.run_labels, regions.runs):
            plot = Plot(self.view, boxes.plot, theme, self.glyphs, x_label="w", y_label="L")
            frame_axes(plot, boxes.plot, self.glyphs, theme)
            curve = plot.curve(self.facts.expression, self.facts.variable, theme.function,
                               width=4 if regions.side_by_side else 5)
            centred = self.layout.stacked
            labels.place_header(boxes.strip, centred)
            labels.place_readouts(boxes.readouts, centred)
            view = RunView(run, plot, curve, labels, theme)
            view.update()
            self.runs.append(view)
        total_hops = sum(view.hop_count for view in self.runs) or 1
        self.hop_seconds = min(self.hop_time, self.hop_budget / total_hops)

    def build_summary(self) -> None:
        """A table of eta and outcome, one row per run (for frames that show runs one at a time)."""
        theme = self.theme
        rows = VGroup()
        for run in self.descent.runs:
            rows.add(VGroup(tex(rf"\eta = {number(run.learning_rate)}", theme),
                            word(run.outcome, outcome_color(run.outcome, theme))))
        eta_width = max(row[0].width for row in rows)
        box = self.regions.summary
        step = 0.55 if box is None else min(0.6, box.height / max(len(rows), 1))
        for index, row in enumerate(rows):
            y = -index * step
            row[0].move_to(np.array([row[0].width / 2, y, 0.0]))
            row[1].move_to(np.array([eta_width + 0.5 + row[1].width / 2, y, 0.0]))
            sit_on_baseline(row[1], row[0])
        self.summary = rows
        if box is not None:
            rows.move_to(box.center)

    def build_backprop(self) -> None:
        """The computation graph, the model's lines and the gradients' lines."""
        theme, layout = self.theme, self.layout
        facts = self.descent.backprop
        self.chain = backprop_chain(facts)
        self.diagram = BackpropDiagram(layout.graph, facts, self.chain, theme)
        x, y = number(facts.at["x"]), number(facts.at["y"])
        if layout.stacked:
            model = [rf"\hat y = wx + b,\ \ x = {x}", rf"L = (y - \hat y)^2,\ \ y = {y}"]
        else:
            model = [r"\hat y = wx + b", r"L = (y - \hat y)^2", rf"x = {x},\ \ y = {y}"]
        self.model_lines = VGroup(*[tex(line, theme) for line in model])
        results = [rf"\partial L / \partial {name} = {number(facts.gradients[name])}"
                   for name in ("w", "b")]
        self.result_lines = VGroup(*[tex(line, theme, color=theme.highlight) for line in results])
        panel = layout.panel
        self.model_lines.arrange(DOWN, buff=0.25, aligned_edge=LEFT)
        self.result_lines.arrange(DOWN, buff=0.25, aligned_edge=LEFT)
        if layout.stacked:
            for group in (self.model_lines, self.result_lines):
                fit_width(group, panel.width)
                group.move_to(panel.center)
        else:
            self.model_lines.next_to(np.array([panel.left, panel.top, 0.0]), DOWN + RIGHT, buff=0)
            self.result_lines.next_to(self.model_lines, DOWN, aligned_edge=LEFT, buff=0.5)

    # ---- beats --------------------------------------------------------------------------
    def pose_question(self) -> None:
        """The loss, the starting point, and the question: which way, and how far?"""
        self.beat(
            "The question",
            "Training a model means making a loss small. Here the loss L depends on one "
            f"number, w, and we start at w = {number(self.w0)}. We can't see the whole curve, "
            "only how steep it is where we stand. Which way is downhill, and how far should we "
            "step?",
        )
        self.play(FadeIn(self.title), fade_in(self.plot), run_time=1.5)
        self.play(Create(self.curve), Write(self.function_label), run_time=1.5)
        self.play(GrowFromCenter(self.ball), *self.say("Which way is downhill? How far?"))
        self.pause(2)

    def show_update_rule(self) -> None:
        """The rule w_next = w - eta dL/dw."""
        self.beat(
            "The update rule",
            "Gradient descent answers with one rule: the next w is the current w minus eta times "
            "the slope dL/dw. The slope points uphill, so we go the other way; eta, the learning "
            "rate, scales how far.",
        )
        outgoing = [FadeOut(self.function_label)] if self.regions.rows else []
        self.play(*outgoing, Write(self.update_rule),
                  *self.say("Step against the slope, scaled by η."), run_time=1.5)
        self.pause(2)

    def take_one_step(self) -> None:
        """Read the slope at the start, predict the step's direction, then take the step."""
        demo, theme = self.demo, self.theme
        eta = demo.learning_rate
        w1 = demo.steps[1] if len(demo.steps) > 1 else demo.steps[0]
        direction = step_direction(self.s0)
        way = {"right": "to the right", "left": "to the left", "flat": "nowhere"}[direction]
        sign = {"right": "negative", "left": "positive", "flat": "zero"}[direction]
        size = abs(eta * self.s0)
        flatter = len(demo.slopes) > 1 and abs(demo.slopes[1]) < abs(self.s0)
        after = ("There the curve is flatter, so the next step is shorter." if flatter
                 else "There the curve is steeper, so the next step is longer.")
        self.beat(
            "One step",
            f"At w = {number(self.w0)} the tangent line has slope {number(self.s0)}. A {sign} "
            f"slope means the loss goes down {way}, so the rule steps {way}: eta = "
            f"{number(eta)} times {number(abs(self.s0))} is a step of {number(size)}, to "
            f"w = {number(w1)}. "
            + (after if self.first_hop is not None else ""),
        )
        self.play(Create(self.tangent), FadeIn(self.slope_name, self.slope_value),
                  *self.say("Which way should the first step go?", color=theme.highlight),
                  run_time=1.5)
        self.pause(2)
        reveal = {
            "right": "Negative slope: step right.",
            "left": "Positive slope: step left.",
            "flat": "Slope 0: no step.",
        }[direction]
        self.play(Create(self.arrow), FadeIn(self.direction_label), *self.say(reveal), run_time=1.2)
        self.pause(1.5)
        if self.first_hop is None:
            return
        self.play(MoveAlongPath(self.ball, self.first_hop),
                  FadeOut(self.tangent, self.arrow, self.direction_label),
                  *self.say(f"Step: {number(eta)} × {number(abs(self.s0))} = {number(size)}"),
                  run_time=1.2)
        self.probe.set_value(w1)
        self.show_probe(w1)
        self.pause(1.5)
        self.play(Create(self.tangent), FadeIn(self.arrow, self.direction_label),
                  *self.say("Flatter here: a shorter step." if flatter
                            else "Steeper here: a longer step."),
                  run_time=1.2)
        self.pause(1)

    def read_the_slope_sign(self) -> None:
        """Slide along the curve: the step follows the slope's sign and shrinks where it is flat."""
        flips = self.sweep_flips()
        self.beat(
            "Slope sign",
            "The same rule works anywhere on the curve. Where the slope is positive the step "
            "points left; at the bottom the slope is zero and the step shrinks to nothing. A zero "
            "slope means flat ground: here, the minimum." if flips else
            "The same rule works anywhere on the curve: the step always points downhill, against "
            "the slope, and its length follows the steepness.",
        )
        start = self.probe.get_value()
        if abs(self.sweep_end - start) > 1e-9:
            follow: Callable[[Mobject], None] = lambda _: self.show_probe(self.probe.get_value())
            self.tangent.add_updater(follow)
            slide = ("Past the bottom, the step flips." if flips
                     else "Slide along: the step follows.")
            self.play(self.probe.animate.set_value(self.sweep_end), *self.say(slide),
                      run_time=self.sweep_time, rate_func=smooth)
            self.tangent.remove_updater(follow)
        self.play(*self.say(self.sweep_summary(start, flips)))
        self.pause(2)

    def sweep_summary(self, start: float, flips: bool) -> str:
        """The line that sums up the slide (or, with nowhere to slide, the start)."""
        if flips:
            return "At the bottom: slope 0, no step."
        before, after = np.abs(self.slope(np.array([start, self.sweep_end])))
        if abs(self.sweep_end - start) <= 1e-9:
            flat = step_direction(float(before)) == "flat"
            return "Slope 0: flat ground, no step." if flat else "The step points downhill."
        return "Steeper slope, longer step." if after > before else "Flatter slope, shorter step."

    def sweep_flips(self) -> bool:
        """Whether the slide crosses a bottom, where the slope changes sign."""
        ends = self.slope(np.array([self.probe.get_value(), self.sweep_end]))
        return bool(np.all(np.isfinite(ends)) and ends[0] * ends[1] < 0)

    def compare_learning_rates(self) -> None:
        """Run descent once per learning rate, predicting before each bigger step."""
        runs, theme, regions = self.runs, self.theme, self.regions
        brisk = min(1.0, 3 / len(runs))  # more runs, shorter pauses: the lesson stays under 90 s
        steps = len(self.descent.runs[0].steps) - 1
        told = "; ".join(f"eta = {number(v.run.learning_rate)} {outcome_caption(v.run)}"
                         for v in runs)
        self.beat(
            "Learning rates",
            f"Now let the rule run for {steps} steps, once per learning rate: {told}. "
            "Same curve, same rule: only the step size changed.",
        )
        one_step = [self.plot, self.curve, self.ball, self.tangent, self.arrow,
                    self.direction_label, self.slope_name, self.slope_value, self.function_label]
        leaving = [m for m in one_step if self.showing(m)]
        if regions.side_by_side:
            moves = []
            if regions.formula_home is not None:
                moves.append(self.update_rule.animate.move_to(regions.formula_home.center))
            self.play(fade_out(*leaving), *moves, run_time=1.0)
            self.play(fade_in(*[VGroup(view.plot, view.curve, view.labels.eta) for view in runs]),
                      run_time=1.2)
        else:
            self.play(fade_out(*leaving, self.update_rule), run_time=1.0)
        previous: RunView | None = None
        for view in runs:
            if previous is None:
                line = f"{steps} steps, η = {number(view.run.learning_rate)}"
            else:
                change = view.run.learning_rate - previous.run.learning_rate
                line = ("What does a bigger step do?" if change > 0 else
                        "What does a smaller step do?" if change < 0 else "The same step again?")
                if not regions.side_by_side:
                    self.play(fade_out(previous.everything()), run_time=0.6)
            entering = (VGroup(view.trail, view.ball, *view.labels.readout_parts())
                        if regions.side_by_side else view.frame())
            color = None if previous is None else theme.highlight
            self.play(fade_in(entering), *self.say(line, color=color), run_time=1.0)
            self.pause((2 if previous is not None else 1) * brisk)
            self.hop_through(view)
            ending = [Create(view.escape_arrow)] if view.escape_arrow is not None else []
            self.play(*ending, FadeIn(view.labels.outcome, scale=1.2),
                      *self.say(outcome_line(view.run)), run_time=0.8)
            self.pause(1.5 * brisk)
            previous = view
        if regions.summary is not None and previous is not None:
            leaving_run = [fade_out(previous.everything())] if self.layout.stacked else []
            self.play(*leaving_run, fade_in(self.summary), run_time=1.0)
            self.pause(1.5)

    def hop_through(self, view: RunView) -> None:
        """Play a run's hops: a play each (a beat per landing), or one play for many quick ones."""
        if self.hop_seconds >= self.one_by_one:
            for k in range(view.hop_count):
                self.play(view.progress.animate.set_value(k + 1), run_time=self.hop_seconds,
                          rate_func=smooth)
        elif view.hop_count:
            self.play(view.progress.animate.set_value(view.hop_count),
                      run_time=self.hop_seconds * view.hop_count,
                      rate_func=hop_steps(view.hop_count))

    def backprop_in_one_line(self) -> None:
        """Many parameters' slopes from one backward pass of the chain rule."""
        facts = self.descent.backprop
        chain, diagram = self.chain, self.diagram
        at = facts.at
        self.beat(
            "Backprop",
            "Real models have many parameters, and each needs its own slope. Backpropagation gets "
            "them all in one backward pass: the chain rule, applied from the loss back through the "
            f"computation graph. For the loss (y - w x - b)^2 at w = {number(at['w'])}, "
            f"b = {number(at['b'])}, x = {number(at['x'])}, y = {number(at['y'])}, the loss is "
            f"{number(facts.value)}. Its slope with respect to the prediction is "
            f"{number(chain.upstream)}; times x that gives dL/dw = {number(facts.gradients['w'])}, "
            f"and times 1 it gives dL/db = {number(facts.gradients['b'])}.",
        )
        self.play(fade_out(*self.scenery()), run_time=0.8)
        self.play(fade_in(*diagram.forward_parts(), self.model_lines),
                  *self.say("Many parameters: w and b."), run_time=1.5)
        self.pause(1.5)
        self.play(GrowArrow(diagram.backward["yhat"]),
                  FadeIn(diagram.factors["yhat"], diagram.gradients["yhat"]),
                  *self.say("Chain rule, run backwards."), run_time=1.2)
        self.pause(1.5)
        self.play(GrowArrow(diagram.backward["w"]), GrowArrow(diagram.backward["b"]),
                  FadeIn(diagram.factors["w"], diagram.factors["b"],
                         diagram.gradients["w"], diagram.gradients["b"]), run_time=1.2)
        self.pause(1)
        swap = [FadeOut(self.model_lines)] if self.layout.stacked else []
        self.play(*swap, FadeIn(self.result_lines), *self.say("Backprop: every slope at once."))
        self.pause(2)

    def conclude(self) -> None:
        """Bring back the runs (or their outcomes) and hold the takeaway."""
        self.beat(
            "Takeaway",
            "The slope tells you which way is downhill. The learning rate decides how far you "
            "trust that local straight line: too little and progress is slow, too much and you "
            "overshoot or fly off.",
        )
        self.play(fade_out(*self.scenery()), run_time=0.8)
        self.play(fade_in(*self.takeaway_mobjects()),
                  *self.say("η: how far you trust the local line.", color=self.theme.highlight),
                  run_time=1.2)
        self.pause(3)

    # ---- helpers -------------------------------------------------------------------------
    def say(self, text: str, color: str | None = None) -> list:
        """Replace the prose lines (as :meth:`LessonScene.say`), in balanced lines.

        The kit wraps greedily, so a sentence a little wider than the box leaves one word alone
        on its second line; :class:`BalancedProse` splits where the two lines come out most even
        (and measures each word once per scene). Text it cannot set goes to the kit's own say.
        """
        box = self.layout.prose
        try:
            new = self.prose_setter.set(text, box.width, color)
        except ValueError:
            animations = super().say(text, color)
            shed(self._prose)  # type: ignore[arg-type]
            return animations
        new.move_to(box.center)
        animations: list = [FadeIn(new, shift=0.15 * DOWN)]
        if self._prose is not None:
            animations.append(FadeOut(self._prose))
        self._prose = new
        return animations

    def title_text(self, text: str) -> VGroup:
        """The lesson title (as :meth:`LessonScene.title_text`), made cheap to animate."""
        return shed(super().title_text(text))  # type: ignore[return-value]

    def showing(self, mobject: Mobject) -> bool:
        """Tell whether a mobject is on screen (alone or inside a group the scene holds)."""
        return any(mobject is part for top in self.mobjects for part in top.get_family())

    def scenery(self) -> list[Mobject]:
        """Everything on screen except the title and the prose (what a new beat clears away)."""
        keep = {id(self.title), id(self._prose)}
        return [m for m in self.mobjects if id(m) not in keep]

    def takeaway_mobjects(self) -> list[Mobject]:
        """The closing picture: the runs side by side, or their outcome table."""
        regions = self.regions
        if regions.side_by_side:
            return [*[view.everything() for view in self.runs], self.update_rule]
        if self.layout.stacked:
            self.update_rule.move_to(self.layout.panel.center)
            return [self.summary, self.update_rule]
        return [self.runs[-1].everything(), self.summary]
