"""Forward and central differences in float64 against the exact derivative (LESSONS.md 9)."""

from __future__ import annotations

import math

import pytest
from conftest import expr, make_lesson

from derivanim import error_plot, numerics_words
from derivanim.error_plot import error_point, error_view
from derivanim.errors import FieldError, LessonError
from derivanim.expressions import symbol
from derivanim.facts import lesson_facts
from derivanim.numerics import (
    EPS,
    central_difference,
    float64_function,
    forward_difference,
    numerics_facts,
)

X = symbol("x")


@pytest.fixture(scope="module")
def sine():
    return numerics_facts(expr("sin(x)"), X, 1.2)


def test_exact_derivative_of_sine_at_1_2(sine):
    assert f"{sine.slope:.6f}" == "0.362358"
    assert sine.slope == 0.36235775447667357  # cos(6/5) correctly rounded
    assert abs(sine.slope - math.cos(1.2)) < 1e-16  # cos of the float nearest 1.2
    assert sine.slope_exact == "cos(6/5)"
    assert (sine.second, sine.third) == pytest.approx((-math.sin(1.2), -math.cos(1.2)), rel=1e-15)


def test_forward_quotients_at_the_table_steps_are_the_secant_table(sine):
    assert [row.h for row in sine.table] == [1, 0.3, 0.1, 0.03, 0.01]
    assert [round(row.quotient, 4) for row in sine.table] == [-0.1235, 0.2182, 0.3152, 0.3483, 0.3577]
    errors = [row.error for row in sine.table]
    assert errors == sorted(errors, reverse=True)


def test_steps_run_from_a_tenth_down_to_ten_to_the_minus_15(sine):
    assert [step.exponent for step in sine.steps] == list(range(-1, -16, -1))
    assert [step.h for step in sine.steps] == [float(f"1e{k}") for k in range(-1, -16, -1)]


def test_quotients_are_computed_in_float64_as_a_program_would(sine):
    a = 1.2
    for step in sine.steps:
        h = step.h
        assert step.forward == (math.sin(a + h) - math.sin(a)) / h
        assert step.central == (math.sin(a + h) - math.sin(a - h)) / (2 * h)
        assert step.forward_error == abs(step.forward - sine.slope)
        assert step.central_error == abs(step.central - sine.slope)


def test_forward_error_falls_like_h_with_the_lessons_figures(sine):
    assert [f"{s.forward_error:.1e}" for s in sine.steps[:3]] == ["4.7e-02", "4.7e-03", "4.7e-04"]
    ratios = [a.forward_error / b.forward_error for a, b in zip(sine.steps[:6], sine.steps[1:7])]
    assert ratios == pytest.approx([10] * 6, rel=0.02)  # slope 1 on log-log axes


def test_central_error_falls_like_h_squared_with_the_lessons_figures(sine):
    assert [f"{s.central_error:.1e}" for s in sine.steps[:3]] == ["6.0e-04", "6.0e-06", "6.0e-08"]
    ratios = [a.central_error / b.central_error for a, b in zip(sine.steps[:3], sine.steps[1:4])]
    assert ratios == pytest.approx([100] * 3, rel=0.01)  # slope 2


def test_best_steps_and_their_errors(sine):
    assert (sine.best_forward.exponent, sine.best_forward.h) == (-8, 1e-8)
    assert f"{sine.best_forward.error:.0e}" == "4e-10"
    assert (sine.best_central.exponent, sine.best_central.h) == (-5, 1e-5)
    assert f"{sine.best_central.error:.0e}" == "2e-12"


def test_below_the_best_step_both_errors_climb_back(sine):
    by_exponent = {step.exponent: step for step in sine.steps}
    assert by_exponent[-15].forward_error > 1e3 * sine.best_forward.error
    assert by_exponent[-15].central_error > 1e3 * sine.best_central.error
    assert by_exponent[-12].forward_error > by_exponent[-10].forward_error > sine.best_forward.error


def test_predicted_truncation_and_round_off(sine):
    assert sine.forward_guide.order == 1
    assert sine.forward_guide.coefficient == pytest.approx(math.sin(1.2) / 2, rel=1e-15)
    assert sine.central_guide.order == 2
    assert sine.central_guide.coefficient == pytest.approx(math.cos(1.2) / 6, rel=1e-15)
    assert sine.roundoff.order == -1 and sine.eps == EPS == 2.220446049250313e-16
    assert sine.roundoff.coefficient == pytest.approx(EPS * math.sin(1.2), rel=1e-15)
    # the guides predict the large-h errors to a few percent
    for step in sine.steps[:4]:
        assert step.forward_error == pytest.approx(sine.forward_guide.at(step.h), rel=0.02)
        assert step.central_error == pytest.approx(sine.central_guide.at(step.h), rel=0.01)


def test_seed_check_central_difference_of_x_squared():
    f = float64_function(expr("x^2"), X)
    assert central_difference(f, 1.0, 1e-5) == pytest.approx(2.0, abs=1e-10)
    assert central_difference(f, 3.0, 1e-5) == pytest.approx(6.0, abs=1e-10)
    assert forward_difference(f, 3.0, 0.5) == 6.5


def test_x_squared_has_no_slope_2_guide_and_says_why():
    facts = numerics_facts(expr("x^2"), X, 3)
    assert facts.third == 0 and facts.central_guide is None
    assert facts.forward_guide.coefficient == 1.0
    assert numerics_words.guide_notes(facts) == [
        "f‴(3) = 0: the central error has no h² term, it shrinks faster (no guide of slope 2)."]
    central = {step.exponent: step.central for step in facts.steps}
    assert central[-5] == pytest.approx(6.0, abs=1e-10)


def test_a_line_has_neither_truncation_guide():
    facts = numerics_facts(expr("2x + 1"), X, 0.5)
    assert facts.forward_guide is None and facts.central_guide is None
    assert len(numerics_words.guide_notes(facts)) == 2


def test_f_of_a_equal_to_zero_has_no_round_off_floor():
    facts = numerics_facts(expr("sin(x)"), X, 0)
    assert facts.roundoff is None and facts.forward_guide is None  # f''(0) = 0 as well
    assert "f(0) = 0: round-off is far below ε/h (no floor line)." in numerics_words.guide_notes(facts)


def test_exp_at_0_example():
    facts = numerics_facts(expr("exp(x)"), X, 0)
    assert facts.slope == 1.0 and facts.slope_exact == "1"
    assert (facts.best_forward.exponent, facts.best_central.exponent) == (-8, -5)
    assert facts.forward_guide.coefficient == 0.5
    assert facts.central_guide.coefficient == pytest.approx(1 / 6)


def test_an_exactly_zero_error_is_kept_as_zero_and_drawn_clipped_on_the_floor():
    facts = numerics_facts(expr("x^2"), X, 0)  # central: (h² - h²)/(2h) = 0 exactly
    assert [s.central_error for s in facts.steps] == [0.0] * 15
    assert [s.forward_error for s in facts.steps] == pytest.approx([s.h for s in facts.steps])
    assert error_plot.zero_errors(facts) == 15
    assert facts.best_central.error == 0.0 and facts.best_central.exponent == -1
    view = error_view(facts)
    exact = next(s for s in facts.steps if s.central_error == 0)
    assert error_point(view, exact.exponent, 0.0) == (float(exact.exponent), view.floor, True)


def test_every_error_exactly_zero_still_has_a_window():
    facts = numerics_facts(expr("x"), X, 0)  # (h - 0)/h = 1 exactly
    assert error_plot.zero_errors(facts) == 30
    view = error_view(facts)
    assert view.y_range[0] < view.y_range[1] and view.floor == view.y_range[0]


def test_error_view_holds_every_nonzero_error_with_a_decade_below(sine):
    view = error_view(sine)
    low, high, step = view.y_range
    logs = [math.log10(e) for s in sine.steps for e in (s.forward_error, s.central_error)]
    assert low <= min(logs) - 1 and max(logs) <= high
    assert view.floor == low and step == 2.0
    assert view.x_range == (-15.5, -0.5, 2.0)


@pytest.mark.parametrize(
    ("function", "point", "message"),
    [
        ("sqrt(x)", -1, "point: x = -1 is outside the domain of f (f(x) is not a real number there)"),
        ("1/x", 0, "point: f is singular at x = 0 (it blows up there)"),
        ("abs(x)", 0, "point: f is not differentiable at x = 0 (slope from the left -1, from the right 1)"),
    ],
)
def test_points_without_a_derivative_are_refused_as_the_secant_lesson_refuses_them(
        function, point, message):
    with pytest.raises(FieldError) as caught:
        numerics_facts(expr(function), X, point)
    assert str(caught.value) == message


def test_a_table_step_outside_the_domain_names_its_field():
    lesson = make_lesson(kind="numerics", function="sqrt(1 - x)", point=0, table_h=[0.5, 2])
    with pytest.raises(LessonError) as caught:
        lesson_facts(lesson)
    assert (caught.value.lesson, caught.value.field) == ("numerics", "table_h[1]")


def test_a_step_that_leaves_the_domain_in_float64_names_h_exponents():
    lesson = make_lesson(kind="numerics", function="sqrt(x)", point=0.05, table_h=[0.01])
    with pytest.raises(LessonError) as caught:
        lesson_facts(lesson)
    assert caught.value.field == "h_exponents"
    assert "x = 0.05 ± 1e-01" in caught.value.reason
    fine = make_lesson(kind="numerics", function="sqrt(x)", point=0.05, table_h=[0.01],
                       h_exponents=[-15, -2])
    assert lesson_facts(fine).facts.steps[0].exponent == -2


@pytest.mark.parametrize("exponents", [[-1, -15], [-3, -2], [-20, -1], [-5, 1]])
def test_bad_exponent_ranges_are_refused(exponents):
    with pytest.raises(Exception, match="h_exponents"):
        make_lesson(kind="numerics", function="sin(x)", point=1, h_exponents=exponents)


def test_defaults_are_the_lessons():
    lesson = make_lesson(kind="numerics", function="sin(x)", point=1.2)
    assert lesson.h_exponents == (-15, -1)
    assert lesson.table_h == (1, 0.3, 0.1, 0.03, 0.01)


def test_caption_numbers():
    assert numerics_words.power_text(-8) == "10⁻⁸"
    assert numerics_words.scientific_text(4.36e-10) == "4.4 × 10⁻¹⁰"
    assert numerics_words.scientific_latex(0.0) == "0"


def test_the_triple_prime_of_the_captions_is_said():
    from derivanim.speech import leftover_symbols, say

    assert say("f‴(3) = 0") == "f triple prime of three equals zero"
    assert leftover_symbols(say("about h²/6 times |f‴|")) == []


def test_the_story_of_the_errors_follows_the_numbers():
    sine = numerics_facts(expr("sin(x)"), X, 1.2)
    assert numerics_words.climbs_back(sine, "forward") and numerics_words.climbs_back(sine, "central")
    assert error_plot.zero_errors(sine) == 0
    caption, short, _ = numerics_words.error_story(sine)
    assert caption == "Both errors fall as h shrinks, until they turn and climb back up."
    line = numerics_facts(expr("x"), X, 0)  # every quotient exactly 1
    assert numerics_words.error_story(line)[0].startswith("Both errors are exactly 0 here.")
    square = numerics_facts(expr("x^2"), X, 3)
    caption, short, fallback = numerics_words.guide_story(square)
    assert "slope 2" not in caption.split("(")[0] and "no guide of slope 2" in caption
    assert (short, fallback) == ("Truncation: slope 1. Round-off: ε/h.", "Slope 1, then ε/h.")


def test_a_constant_says_its_quotients_are_exact():
    facts = numerics_facts(expr("5"), X, 1)
    assert error_plot.zero_errors(facts) == 30
    assert facts.roundoff is not None and facts.forward_guide is None
    caption = numerics_words.guide_story(facts)[0]
    assert caption.endswith("Here float64 gets every quotient exactly right, so no error "
                            "reaches these lines.")
