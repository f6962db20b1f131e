"""What a descent lesson says about its numbers: outcomes, steps, and how readouts are written.

The descent scene tells each run's outcome twice (a short line on screen, a longer clause in the
captions), reads the first step aloud from the facts, and writes parameter values and chain-rule
factors. Every phrase is built here from the facts alone, so it can be checked without drawing.

Examples
--------
>>> from derivanim.descent import DescentRun
>>> run = DescentRun(0.2, "converges", (-1.0, 0.2), (10.0, 4.24), (-6.0, -3.6))
>>> outcome_line(run), slope_reveal(run.slopes[0]), readout_decimals(run.steps)
('It settles smoothly.', 'Negative slope: step right.', 3)
"""

from __future__ import annotations

from collections.abc import Sequence

from derivanim.descent import LOSS, DescentRun, Direction, step_direction
from derivanim.notation import Notation
from derivanim.numbers import number


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


def learning_rates_caption(runs: Sequence[DescentRun]) -> str:
    """The caption of the beat that runs descent once per learning rate.

    Examples
    --------
    >>> run = DescentRun(0.2, "converges", (-1, 0.2), (10, 4.24), (-6, -3.6))
    >>> learning_rates_caption([run])[:60]
    'Now let the rule run for 1 steps, once per learning rate: et'
    """
    steps = len(runs[0].steps) - 1
    told = "; ".join(f"eta = {number(run.learning_rate)} {outcome_caption(run)}" for run in runs)
    return (f"Now let the rule run for {steps} steps, once per learning rate: {told}. "
            "Same curve, same rule: only the step size changed.")


def next_run_question(previous_rate: float, rate: float) -> str:
    """The question asked before a run, after a run at ``previous_rate``.

    Examples
    --------
    >>> next_run_question(0.2, 0.8), next_run_question(0.8, 0.2), next_run_question(1, 1)
    ('What does a bigger step do?', 'What does a smaller step do?', 'The same step again?')
    """
    change = rate - previous_rate
    return ("What does a bigger step do?" if change > 0 else
            "What does a smaller step do?" if change < 0 else "The same step again?")


def first_step_flatter(run: DescentRun) -> bool:
    """Whether the curve is flatter after the first step than before it.

    Examples
    --------
    >>> first_step_flatter(DescentRun(0.2, "converges", (-1, 0.2), (10, 4.24), (-6, -3.6)))
    True
    """
    return len(run.slopes) > 1 and abs(run.slopes[1]) < abs(run.slopes[0])


def one_step_caption(run: DescentRun, hops: bool, n: Notation = LOSS) -> str:
    """The caption of the first step: the slope, the way it points, and the step it makes.

    ``hops`` says whether the scene shows the step taken (then the caption tells what the slope
    is like where it lands).

    Examples
    --------
    >>> run = DescentRun(0.2, "converges", (-1.0, 0.2), (10.0, 4.24), (-6.0, -3.6))
    >>> one_step_caption(run, hops=False).split(": ")[-1]
    'eta = 0.2 times 6 is a step of 1.2, to w = 0.2. '
    >>> one_step_caption(run, hops=True).split(". ")[-1]
    'There the curve is flatter, so the next step is shorter.'
    """
    w0, s0, eta = run.steps[0], run.slopes[0], run.learning_rate
    w1 = run.steps[1] if len(run.steps) > 1 else run.steps[0]
    direction = step_direction(s0)
    way = {"right": "to the right", "left": "to the left", "flat": "nowhere"}[direction]
    sign = {"right": "negative", "left": "positive", "flat": "zero"}[direction]
    after = ("There the curve is flatter, so the next step is shorter." if first_step_flatter(run)
             else "There the curve is steeper, so the next step is longer.")
    return (f"At {n.variable} = {number(w0)} the tangent line has slope {number(s0)}. A {sign} "
            f"slope means the loss goes down {way}, so the rule steps {way}: eta = "
            f"{number(eta)} times {number(abs(s0))} is a step of {number(abs(eta * s0))}, to "
            f"{n.variable} = {number(w1)}. "
            + (after if hops else ""))


def slope_reveal(slope: float) -> str:
    """The line that answers "which way should the first step go?".

    Examples
    --------
    >>> slope_reveal(3.6), slope_reveal(0.0)
    ('Positive slope: step left.', 'Slope 0: no step.')
    """
    reveals: dict[Direction, str] = {
        "right": "Negative slope: step right.",
        "left": "Positive slope: step left.",
        "flat": "Slope 0: no step.",
    }
    return reveals[step_direction(slope)]


def sweep_summary(flips: bool, moved: bool, before: float, after: float,
                  end_slope: float) -> str:
    """The line that sums up the slide along the curve.

    Parameters
    ----------
    flips : bool
        Whether the slide crossed a bottom (the slope changed sign).
    moved : bool
        Whether there was anywhere to slide.
    before, after : float
        The steepness (absolute slope) where the slide starts and ends.
    end_slope : float
        The slope where the slide ends: past a bottom, the line says which way the step
        now points, as the screen shows it.

    Examples
    --------
    >>> sweep_summary(False, True, 6.0, 2.0, -2.0), sweep_summary(False, False, 0.0, 0.0, 0.0)
    ('Flatter slope, shorter step.', 'Slope 0: flat ground, no step.')
    >>> sweep_summary(True, True, 6.0, 6.0, 6.0)
    'Positive slope: step left.'

    """
    if flips:
        return slope_reveal(end_slope)
    if not moved:
        flat = step_direction(before) == "flat"
        return "Slope 0: flat ground, no step." if flat else "The step points downhill."
    return "Steeper slope, longer step." if after > before else "Flatter slope, shorter step."


def readout_decimals(values: Sequence[float]) -> int:
    """Decimals that show a run's parameter values to about 4 significant digits.

    The biggest value decides (a wider number gets fewer decimals), by plain comparisons with
    10, 100 and 1000; :func:`derivanim.numbers.significant_decimals` lets the smallest value
    decide and takes logarithms, which disagree just below those powers of ten.

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


def signed_factor(value: float) -> str:
    """A factor as TeX, negatives in brackets (for "times (-4)").

    Examples
    --------
    >>> signed_factor(2.0), signed_factor(-4.0)
    ('2', '(-4)')
    """
    text = number(value)
    return f"({text})" if text.startswith("-") else text
