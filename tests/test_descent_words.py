"""What the descent lesson says: outcome wording, step captions, and readout decimals."""

from __future__ import annotations

import pytest

from derivanim.descent import DescentRun
from derivanim.descent_words import (
    alternates,
    first_step_flatter,
    learning_rates_caption,
    next_run_question,
    one_step_caption,
    outcome_caption,
    outcome_line,
    readout_decimals,
    signed_factor,
    slope_reveal,
    sweep_summary,
)

SMOOTH = DescentRun(0.2, "converges", (-1.0, 0.2, 0.92), (10.0, 4.24, 2.1664), (-6.0, -3.6, -2.16))
WILD = DescentRun(1.1, "diverges", (-1.0, 5.6, -2.32), (10.0, 13.96, 19.7), (-6.0, 7.2, -8.64))
RUNAWAY = DescentRun(1.0, "diverges", (1.0, 2.0, 4.0), (1.0, 4.0, 16.0), (-1.0, -2.0, -4.0))


def test_a_trajectory_alternates_only_when_every_move_reverses():
    assert alternates(WILD.steps) and not alternates(RUNAWAY.steps)
    assert not alternates([1.0, 2.0]) and not alternates([-1.0, 5.0, 6.0, 1.0])


@pytest.mark.parametrize(
    ("outcome", "line"),
    [("converges", "It settles smoothly."), ("oscillates", "Overshoots, then settles."),
     ("cycles", "It bounces back and forth forever.")],
)
def test_each_settled_outcome_has_its_line(outcome, line):
    assert outcome_line(DescentRun(0.5, outcome, (0.0,), (0.0,), (0.0,))) == line


def test_a_diverging_run_is_told_by_how_it_leaves():
    assert outcome_line(WILD) == "Each overshoot grows: it flies off."
    assert outcome_line(RUNAWAY) == "It runs away: it flies off."
    assert outcome_caption(WILD) == "overshoots by more every time and diverges"
    assert outcome_caption(RUNAWAY) == "keeps speeding up in the same direction and diverges"


def test_the_learning_rates_caption_tells_every_run_in_order():
    caption = learning_rates_caption([SMOOTH, WILD])
    assert caption.startswith("Now let the rule run for 2 steps, once per learning rate: ")
    assert "eta = 0.2 takes steady steps downhill and converges; eta = 1.1 overshoots" in caption
    assert caption.endswith("Same curve, same rule: only the step size changed.")


def test_the_question_before_a_run_follows_the_change_of_rate():
    assert next_run_question(0.2, 1.1) == "What does a bigger step do?"
    assert next_run_question(1.1, 0.8) == "What does a smaller step do?"
    assert next_run_question(0.8, 0.8) == "The same step again?"


def test_the_first_step_caption_reads_the_facts():
    caption = one_step_caption(SMOOTH, hops=True)
    assert caption == (
        "At w = -1 the tangent line has slope -6. A negative slope means the loss goes down to "
        "the right, so the rule steps to the right: eta = 0.2 times 6 is a step of 1.2, to "
        "w = 0.2. There the curve is flatter, so the next step is shorter."
    )
    assert first_step_flatter(SMOOTH) and not first_step_flatter(WILD)
    assert one_step_caption(WILD, hops=True).endswith("so the next step is longer.")
    single = DescentRun(0.2, "converges", (3.0,), (1.0,), (0.0,))
    assert "slope means the loss goes down nowhere" in one_step_caption(single, hops=False)
    assert one_step_caption(single, hops=False).endswith("to w = 3. ")


def test_the_reveal_follows_the_slope_sign():
    assert [slope_reveal(s) for s in (-1.0, 2.0, 0.0)] == [
        "Negative slope: step right.", "Positive slope: step left.", "Slope 0: no step."]


@pytest.mark.parametrize(
    ("flips", "moved", "before", "after", "end", "line"),
    [(True, True, 2.0, 2.0, 2.0, "Positive slope: step left."),
     (True, True, 2.0, 3.0, -3.0, "Negative slope: step right."),
     (False, True, 1.0, 3.0, 3.0, "Steeper slope, longer step."),
     (False, True, 3.0, 1.0, -1.0, "Flatter slope, shorter step."),
     (False, False, 0.0, 0.0, 0.0, "Slope 0: flat ground, no step."),
     (False, False, 2.0, 2.0, 2.0, "The step points downhill.")],
)
def test_the_slide_is_summed_up_from_its_slopes(flips, moved, before, after, end, line):
    """Past a bottom the line says which way the step now points, as the screen shows it."""
    assert sweep_summary(flips, moved, before, after, end) == line


@pytest.mark.parametrize(
    ("values", "decimals"),
    [([-1.0, 1.982], 3), ([5.6, -16.58], 2), ([-30.0, 2.0], 2), ([0.5, 16.58], 2),
     ([999.0], 1), ([1000.0], 0), ([107970.0], 0), ([0.0], 3)],
)
def test_readout_decimals_follow_the_biggest_value(values, decimals):
    assert readout_decimals(values) == decimals


def test_negative_factors_are_bracketed():
    assert [signed_factor(v) for v in (2.0, -4.0, 0.5, -0.25)] == ["2", "(-4)", "0.5", "(-0.25)"]
