"""Gradient descent on a one-parameter loss, and the backprop reference gradients."""

from __future__ import annotations

import math
from fractions import Fraction
from itertools import pairwise

import pytest
from conftest import expr, make_lesson

from derivanim.descent import (
    DEFAULT_LEARNING_RATES,
    DEFAULT_START,
    DEFAULT_STEPS,
    classify,
    descend,
    descent_facts,
    gradients,
    reference_backprop,
    step_direction,
)
from derivanim.errors import LessonError
from derivanim.expressions import symbol
from derivanim.facts import lesson_facts

W = symbol("w")
LOSS = "(w - 2)^2 + 1"


def exact_trajectory(rate: str, start: int, steps: int) -> list[Fraction]:
    """w_next = w - eta * 2 (w - 2), in exact arithmetic."""
    eta = Fraction(rate)
    ws = [Fraction(start)]
    for _ in range(steps):
        ws.append(ws[-1] - eta * 2 * (ws[-1] - 2))
    return ws


@pytest.fixture(scope="module")
def runs():
    facts = descent_facts(expr(LOSS, "w"), W, -1, [0.2, 0.8, 1.0, 1.1, 0.5], 10)
    return {run.learning_rate: run for run in facts.runs}


@pytest.mark.parametrize(
    ("rate", "outcome"),
    [(0.2, "converges"), (0.8, "oscillates"), (1.0, "cycles"), (1.1, "diverges"), (0.5, "converges")],
)
def test_learning_rate_decides_the_outcome(runs, rate, outcome):
    assert runs[rate].outcome == outcome


def test_eta_1_bounces_between_minus_1_and_5_forever(runs):
    assert runs[1.0].steps == (-1.0, 5.0, -1.0, 5.0, -1.0, 5.0, -1.0, 5.0, -1.0, 5.0, -1.0)
    assert runs[1.0].losses == (10.0,) * 11
    assert runs[1.0].slopes == (-6.0, 6.0) * 5 + (-6.0,)


def test_eta_half_lands_on_the_minimum_in_one_step(runs):
    assert runs[0.5].steps == (-1.0, 2.0, 2.0, 2.0, 2.0, 2.0, 2.0, 2.0, 2.0, 2.0, 2.0)
    assert runs[0.5].losses[1:] == (1.0,) * 10


@pytest.mark.parametrize("rate", ["0.2", "0.8", "1.1"])
def test_first_steps_follow_the_update_rule(runs, rate):
    expected = exact_trajectory(rate, -1, 10)
    assert runs[float(rate)].steps == pytest.approx([float(v) for v in expected], rel=1e-13, abs=1e-13)


def test_first_steps_of_the_default_runs_read_as_on_screen(runs):
    assert [round(v, 4) for v in runs[0.2].steps[:5]] == [-1.0, 0.2, 0.92, 1.352, 1.6112]
    assert [round(v, 4) for v in runs[0.8].steps[:5]] == [-1.0, 3.8, 0.92, 2.648, 1.6112]
    assert [round(v, 4) for v in runs[1.1].steps[:5]] == [-1.0, 5.6, -2.32, 7.184, -4.2208]


def test_a_positive_slope_steps_left_and_a_negative_slope_steps_right(runs):
    for run in runs.values():
        for (w, following), slope in zip(pairwise(run.steps), run.slopes):
            assert math.copysign(1, following - w) == -math.copysign(1, slope) or slope == 0


def test_losses_and_slopes_match_each_step(runs):
    for run in runs.values():
        assert len(run.steps) == len(run.losses) == len(run.slopes) == 11
        for w, loss, slope in zip(run.steps, run.losses, run.slopes):
            assert loss == pytest.approx((w - 2) ** 2 + 1, rel=1e-15)
            assert slope == pytest.approx(2 * w - 4, rel=1e-15, abs=1e-15)


def test_divergence_grows_by_the_factor_one_minus_2_eta(runs):
    distances = [abs(w - 2) for w in runs[1.1].steps]
    ratios = [b / a for a, b in pairwise(distances)]
    assert ratios == pytest.approx([1.2] * 10, rel=1e-12)


def test_a_run_that_blows_up_stops_with_finite_numbers():
    run = descend(expr("w^4", "w"), W, 3, 1.0, 10)
    assert run.outcome == "diverges"
    assert run.steps[:3] == (3.0, -105.0, 4630395.0)
    assert len(run.steps) < 11
    assert len(run.steps) == len(run.losses) == len(run.slopes)
    assert all(math.isfinite(v) for v in run.steps + run.losses + run.slopes)


def test_a_run_whose_loss_overflows_stops_before_the_overflow():
    run = descend(expr("exp(w^2)", "w"), W, 1, 1.0, 10)
    assert run.outcome == "diverges"
    assert len(run.steps) == len(run.losses) == len(run.slopes)
    assert all(math.isfinite(v) for v in run.steps + run.losses + run.slopes)


@pytest.mark.parametrize(
    ("steps", "overflowed", "outcome"),
    [
        ([-1, 0.2, 0.92, 1.352], False, "converges"),
        ([-1, 3.8, 0.92, 2.648], False, "oscillates"),
        ([-1, 5, -1, 5], False, "cycles"),
        ([-1, 5.6, -2.32, 7.184], False, "diverges"),
        ([2.0, 2.0, 2.0], False, "converges"),
        ([1.0], False, "converges"),
        ([1.0, 2.0], True, "diverges"),
    ],
)
def test_classify_reads_a_trajectory(steps, overflowed, outcome):
    assert classify(steps, overflowed) == outcome


def test_descent_facts_record_the_derivative_and_start():
    facts = descent_facts(expr(LOSS, "w"), W, -1, [0.2], 3)
    assert (facts.derivative, facts.start) == ("2*w - 4", -1.0)
    assert len(facts.runs[0].steps) == 4


def test_defaults_are_the_reference_course():
    assert (DEFAULT_START, DEFAULT_LEARNING_RATES, DEFAULT_STEPS) == (-1.0, (0.2, 0.8, 1.1), 10)


def test_backprop_reference_gives_minus_8_and_minus_4():
    backprop = reference_backprop()
    assert backprop.gradients == {"w": -8.0, "b": -4.0}
    assert backprop.value == 4.0
    assert backprop.at == {"w": 0.5, "b": 0.0, "x": 2.0, "y": 3.0}
    assert backprop.loss == "(-b - w*x + y)^2"


def test_gradients_of_another_point():
    loss = expr("(y - w*x - b)^2", ("w", "b", "x", "y"))
    result = gradients(loss, {"w": 1, "b": 1, "x": 2, "y": 3}, ["w", "b"])
    assert result.value == 0.0
    assert result.gradients == {"w": 0.0, "b": 0.0}


def test_a_learning_rate_that_leaves_the_domain_is_named():
    # L = log(w) + 1/w has its minimum at w = 1; eta = 20 overshoots from w = 2 to w = -3.
    lesson = make_lesson(kind="descent", function="log(w) + 1/w", start=2, learning_rates=[0.1, 20])
    with pytest.raises(LessonError) as caught:
        lesson_facts(lesson)
    assert (caught.value.lesson, caught.value.field) == ("descent", "learning_rates[1]")
    assert str(caught.value) == (
        "lesson 'descent': learning_rates[1]: eta = 20 steps to w = -3, outside the domain of L"
    )


def test_a_start_without_a_slope_is_refused():
    with pytest.raises(LessonError) as caught:
        lesson_facts(make_lesson(kind="descent", function="abs(w)", start=0))
    assert caught.value.field == "start"
    assert "not differentiable at w = 0" in str(caught.value)


@pytest.mark.parametrize(
    ("slope", "direction"),
    [(-6.0, "right"), (3.6, "left"), (0.0, "flat"), (1e-10, "flat"), (-2e-9, "right")],
)
def test_a_step_goes_against_the_slope(slope, direction):
    assert step_direction(slope) == direction
