"""Which ticks of an axis get a number, so that labels never crowd."""

from __future__ import annotations

import pytest

from derivanim.numbers import tick_values
from derivanim.ticks import label_every, labelled


@pytest.mark.parametrize(
    ("spacing", "room", "every"),
    [(0.6, 0.45, 1), (0.45, 0.45, 1), (0.27, 0.45, 2), (0.225, 0.45, 2), (0.1, 0.45, 5)],
)
def test_labels_are_spread_just_enough_to_fit(spacing, room, every):
    assert label_every(spacing, room) == every
    assert every * spacing >= room - 1e-9  # labelled neighbours are at least `room` apart
    assert every == 1 or (every - 1) * spacing < room  # and no sparser than that


def test_zero_is_always_labelled_when_on_the_axis():
    for every in (1, 2, 3, 5):
        chosen = [v for v in tick_values(-1.4, 2.2, 0.2) if labelled(v, -1.4, 2.2, 0.2, every)]
        assert 0.0 in chosen
        assert all(round(v / 0.2) % every == 0 for v in chosen)


def test_without_zero_the_count_starts_at_the_low_end():
    chosen = [v for v in tick_values(2.0, 5.0, 0.5) if labelled(v, 2.0, 5.0, 0.5, 2)]
    assert chosen == [2.0, 3.0, 4.0, 5.0]
