"""The derivative as a local stretch factor between an input and an output number line."""

from __future__ import annotations

import math

import numpy as np
import pytest
import sympy
from conftest import expr

from derivanim.errors import FieldError
from derivanim.expressions import symbol
from derivanim.number_lines import (
    carried,
    honest_half_width,
    label_every,
    padded_range,
    sample_piece,
)
from derivanim.stretch import (
    DEFAULT_INPUT_RANGE,
    DEFAULT_POINTS,
    StretchPoint,
    effect_of,
    effect_sentence,
    effect_tex,
    piece_phrases,
    reading_decimals,
    readout_slots,
    shown,
    size_of,
    size_phrase,
    stretch_facts,
)

X = symbol("x")


def test_x_squared_stretches_squishes_flips_and_collapses():
    facts = stretch_facts(expr("x^2"), X, [1.5, 0.25, -1, 0], (-2, 3))
    assert [(p.x, p.y, p.factor, p.effect, p.size) for p in facts.points] == [
        (1.5, 2.25, 3.0, "stretch", "stretch"),
        (0.25, 0.0625, 0.5, "squish", "squish"),
        (-1.0, 1.0, -2.0, "flip", "stretch"),
        (0.0, 0.0, 0.0, "collapse", "collapse"),
    ]


def test_defaults_are_the_reference_course():
    assert DEFAULT_POINTS == (1.5, 0.25, -1.0, 0.0)
    assert DEFAULT_INPUT_RANGE == (-2.0, 3.0)


def test_output_line_holds_f_over_the_input_line():
    facts = stretch_facts(expr("x^2"), X, [1.5], (-2, 3))
    assert facts.input_range == (-2.0, 3.0)
    assert facts.output_range == (0.0, 9.0)


@pytest.mark.parametrize(
    ("function", "factor", "effect", "size"),
    [
        ("x", 1.0, "keep", "keep"),
        ("-x", -1.0, "flip", "keep"),
        ("-3x", -3.0, "flip", "stretch"),  # flips and triples
        ("-x/4", -0.25, "flip", "squish"),
        ("5", 0.0, "collapse", "collapse"),
    ],
)
def test_effects_of_linear_maps(function, factor, effect, size):
    point = stretch_facts(expr(function), X, [1], (-2, 3)).points[0]
    assert (point.factor, point.effect, point.size) == (factor, effect, size)


def test_effect_and_size_of_exact_factors():
    assert [effect_of(sympy.Integer(k)) for k in (3, -2, 0, 1, -1)] == [
        "stretch", "flip", "collapse", "keep", "flip"
    ]
    assert size_of(sympy.cos(sympy.Rational(36, 25))) == "squish"  # f'(u) of the chain lesson


def test_a_point_off_the_input_line_is_refused():
    with pytest.raises(FieldError) as caught:
        stretch_facts(expr("x^2"), X, [1.5, 5], (-2, 3))
    assert str(caught.value) == "points[1]: x = 5 lies outside input_range [-2, 3]"


def test_a_kink_is_refused_at_its_point():
    with pytest.raises(FieldError) as caught:
        stretch_facts(expr("abs(x)"), X, [0], (-2, 3))
    assert caught.value.field == "points[0]"


def test_an_input_line_leaving_the_domain_is_refused():
    with pytest.raises(FieldError) as caught:
        stretch_facts(expr("sqrt(x)"), X, [1], (-2, 3))
    assert str(caught.value) == (
        "input_range: f is not defined and finite across [-2, 3]; choose a range inside its domain"
    )


@pytest.mark.parametrize("function", ["1/x", "tan(x)", "abs(x)/x"])
def test_an_input_line_across_a_pole_or_jump_is_refused(function):
    # No sample lands exactly on 0 in [-1, 2], so every sample of 1/x is finite: the check must
    # still see the break rather than report an output line from -400 to 800.
    with pytest.raises(FieldError) as caught:
        stretch_facts(expr(function), X, [1], (-1, 2))
    assert str(caught.value) == (
        "input_range: f breaks inside [-1, 2] (it jumps or blows up); "
        "choose a range where it is continuous"
    )


def test_a_steep_but_continuous_map_is_accepted():
    facts = stretch_facts(expr("exp(3x)"), X, [0], (-2, 3))
    assert facts.points[0].factor == 3.0
    assert facts.output_range[1] == pytest.approx(float(sympy.exp(9)), rel=1e-12)


# ---- how the lesson reads and draws its numbers (no Manim) ----------------------------------
def test_factors_read_with_two_decimals_or_four_for_small_fractions():
    values = (3.0, -2.0, 0.5, 0.0, 0.25, 0.1304237)
    assert [reading_decimals(v) for v in values] == [2, 2, 2, 2, 2, 4]
    assert [shown(v) for v in (3.0, -2.0, 0.5, 0.1304237, 46.89453125)] == [
        "3", "-2", "0.5", "0.1304", "46.89"
    ]
    assert math.isclose(float(shown(0.5)), 0.5)


def test_readout_slots_fit_the_longest_finite_value():
    assert readout_slots([3.0, -2.0, 0.5], 2) == 5
    assert readout_slots([0.1304237, math.inf], 4) == 6


def test_the_reference_points_read_in_words():
    facts = stretch_facts(expr("x^2"), X, [1.5, 0.25, -1, 0], (-2, 3))
    assert [effect_sentence(p) for p in facts.points] == [
        "It triples: factor 3.",
        "It halves: factor 0.5.",
        "It flips and doubles: factor -2.",
        "It collapses to a point: factor 0.",
    ]
    assert [effect_tex(p) for p in facts.points] == [
        r"\text{stretch} \times 3",
        r"\text{squish} \times 0.5",
        r"\text{flip and stretch} \times 2",
        r"\text{collapse to a point}",
    ]
    assert [effect_sentence(p, short=True) for p in facts.points] == [
        "It stretches: factor 3.", "It squishes: factor 0.5.", "It flips: factor -2.",
        "It collapses to a point: factor 0.",
    ]


def test_keeping_the_length_has_its_own_words():
    keep = StretchPoint(1.0, 1.0, 1.0, "keep", "keep")
    mirror = StretchPoint(1.0, -1.0, -1.0, "flip", "keep")
    assert effect_sentence(keep) == "It keeps its length: factor 1."
    assert effect_sentence(keep, short=True) == "It keeps its length: factor 1."
    assert effect_tex(keep) == r"\text{same length}"
    assert (effect_tex(mirror), effect_tex(mirror, short=True)) == (
        r"\text{flip, same length}", r"\text{flip}"
    )
    assert size_phrase(4.0) == "quadruples"
    assert size_phrase(0.25) == "shrinks to 0.25 of its length"


def test_padded_ranges_hold_their_values_and_end_on_half_steps():
    for low, high in [(-2, 3), (0, 9), (0.0, 0.0625), (-400, 800), (5, 5)]:
        start, end, step = padded_range(low, high)
        assert start < low <= high < end
        half = step / 2
        assert start / half == pytest.approx(round(start / half))
        assert end / half == pytest.approx(round(end / half))


def test_labels_skip_ticks_in_1_2_5_steps():
    needed = (1, 2, 3, 6, 11, 30)  # labels clear once this many ticks apart
    assert [label_every(lambda n, k=k: n >= k) for k in needed] == [1, 2, 5, 10, 20, 50]


def test_the_honest_half_width_is_the_widest_whose_images_have_the_promised_length():
    square = lambda v: np.asarray(v, dtype=float) ** 2  # noqa: E731
    assert honest_half_width([(square, 3.0)], [1.5], [0.2, 0.1]) == 0.2  # exact for a parabola
    cube = lambda v: np.asarray(v, dtype=float) ** 3  # noqa: E731
    assert honest_half_width([(cube, 0.0)], [0.0], [0.4, 0.1]) == 0.1  # none is honest: fall back
    root = lambda v: np.sqrt(np.asarray(v, dtype=float))  # noqa: E731
    with np.errstate(invalid="ignore"):  # 2.0 leaves the domain: sqrt(-1) is nan
        assert honest_half_width([(root, 0.5)], [1.0], [2.0, 0.5, 0.1]) == 0.5


def test_a_piece_is_sampled_end_to_end_and_carried_in_a_straight_line():
    piece = sample_piece(1.0, 0.25)
    assert len(piece) == 9 and (piece[0], piece[-1]) == (0.75, 1.25)
    source, target = np.array([[0.0, 1.0, 0.0]]), np.array([[2.0, -1.0, 0.0]])
    assert carried(source, target, 0.0).tolist() == source.tolist()
    assert carried(source, target, 1.0).tolist() == target.tolist()
    assert carried(source, target, 0.5).tolist() == [[1.0, 0.0, 0.0]]


def test_the_piece_is_introduced_at_its_point():
    assert piece_phrases(1.5)[0] == "Take a small piece around x = 1.5."
    assert piece_phrases(0.25)[1] == "A small piece at x = 0.25."
    assert piece_phrases(0.0)[2] == "Take a small piece."
