"""Prose is set in one or two even lines that never break inside a formula or a bracket."""

from __future__ import annotations

import numpy as np
import pytest

from derivanim.captions import OPERATORS, atoms
from scenes.kit.text import BalancedProse
from scenes.kit.theme import THEMES

SENTENCES = (
    "What does f do near x = 0?",
    "At x = 1.5 the slope f′(1.5) = 3.75 is positive.",
    "The quotient (f(x + h) - f(x)) / h tends to 4.",
    "Near x = -1 the factor is -2: flipped and doubled.",
)


@pytest.fixture(scope="module")
def setter() -> BalancedProse:
    return BalancedProse(THEMES["dark"])


def test_no_break_inside_a_formula_at_any_width(setter):
    """Wherever a break between formulas fits, the break is there, never inside one."""
    seen_two_lines = 0
    for sentence in SENTENCES:
        for width in np.linspace(3.0, 9.0, 25):
            try:
                setter.split(atoms(sentence), float(width))
            except ValueError:
                continue  # a formula wider than half a line: the fallback test's case
            texts = [line.original_text for line in setter.set(sentence, float(width))]
            assert " ".join(texts).split() == sentence.split()
            if len(texts) == 2:
                seen_two_lines += 1
                first, second = texts[0].split(), texts[1].split()
                assert first[-1] not in OPERATORS and second[0] not in OPERATORS, texts
                assert texts[0].count("(") == texts[0].count(")"), texts
    assert seen_two_lines > 20  # the widths above do force breaks


def test_a_formula_longer_than_half_a_line_still_sets(setter):
    """When no break between formulas fits, the words break after all rather than fail."""
    sentence = "So f(x + h) - f(x) = 2xh + h² here."
    width = 0.7 * setter.set(sentence, 100.0).width  # the formula alone is wider than this
    lines = setter.set(sentence, width)
    assert len(lines) == 2 and all(line.width <= width + 1e-6 for line in lines)
