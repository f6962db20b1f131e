"""The arithmetic of descent pictures: window, slide, hops, runaway exits and restored ticks."""

from __future__ import annotations

import numpy as np
import pytest
from conftest import expr

from derivanim.descent import descent_facts
from derivanim.descent_geometry import (
    HOP_SAMPLES,
    descent_window,
    exit_point,
    hop_arc,
    hop_lift,
    point_on,
    restored_tick,
    sweep_end,
)
from derivanim.expressions import symbol
from derivanim.viewport import Viewport

W = symbol("w")
LOSS = expr("(w - 2)^2 + 1", "w")
BOX = Viewport((0.0, 4.0, 1.0), (0.0, 4.0, 1.0))


def test_the_window_holds_every_settled_step_but_not_the_runaway():
    facts = descent_facts(LOSS, W, -1, [0.2, 0.8, 1.1], 10)
    view = descent_window(facts, LOSS, W)
    settled = [w for run in facts.runs[:2] for w in run.steps]
    for run in facts.runs[:2]:
        assert all(view.contains(w, loss) for w, loss in zip(run.steps, run.losses))
    assert not all(view.contains(w, loss) for w, loss in zip(facts.runs[2].steps,
                                                             facts.runs[2].losses))
    assert view.x_range[0] <= min(settled) and max(settled) <= view.x_range[1]


def test_an_authors_window_is_widened_only_as_far_as_it_must():
    facts = descent_facts(LOSS, W, -1, [0.2], 10)
    wide = descent_window(facts, LOSS, W, (-3.0, 6.0))
    assert wide.x_range[0] <= -3.0 and wide.x_range[1] >= 6.0
    narrow = descent_window(facts, LOSS, W, (0.0, 1.0))
    assert narrow.x_range[0] <= -1.0 and narrow.x_range[1] >= max(facts.runs[0].steps)


def test_the_slide_ends_past_the_bottom_inside_the_window():
    view = Viewport((-4.0, 4.0, 1.0), (0.0, 16.0, 4.0))
    assert sweep_end(lambda w: w ** 2, view, -1.0) == pytest.approx(1.0)
    assert sweep_end(lambda w: w ** 2, view, -4.0) == pytest.approx(4.0 - 0.64)
    assert sweep_end(lambda w: w ** 2, view, 4.0) == pytest.approx(-4.0 + 0.64)
    assert sweep_end(lambda w: np.full_like(w, np.nan), view, 0.5) == 0.5


def test_a_runaway_leaves_through_the_edge_it_heads_for():
    assert exit_point((1, 1), (9, 1), BOX) == (4.0, 1.0)
    assert exit_point((1, 1), (-7, 1), BOX) == (0.0, 1.0)
    assert exit_point((2, 2), (2, 1e300), BOX) == (2.0, 4.0)
    assert exit_point((2, 2), (6, 6), BOX) == (4.0, 4.0)
    assert exit_point((3, 1), (1e300, 1e300), BOX) == pytest.approx((4.0, 2.0))
    assert exit_point((1, 1), (2, 3), BOX) == (2.0, 3.0)


def test_a_hop_starts_and_ends_exactly_on_its_landings():
    start, end = np.array([0.3, 1.0, 0.0]), np.array([2.7, 0.5, 0.0])
    arc = hop_arc(start, end, 0.4)
    assert len(arc) == HOP_SAMPLES
    assert (arc[0] == start).all() and (arc[-1] == end).all()
    middle = arc[HOP_SAMPLES // 2]
    assert middle[1] == pytest.approx(0.75 + 0.4)
    assert (hop_arc(start, end, 0.0)[:, 1] <= 1.0).all()


def test_a_hop_rises_with_its_length_but_stays_under_the_ceiling():
    start = np.zeros(3)
    assert hop_lift(start, np.array([1.0, 0.0, 0.0]), 5.0) == pytest.approx(0.3)
    assert hop_lift(start, np.array([10.0, 0.0, 0.0]), 5.0) == 0.6
    assert hop_lift(start, np.array([1.0, 0.0, 0.0]), 0.1) == pytest.approx(0.1)
    assert hop_lift(start, np.array([1.0, 2.0, 0.0]), 1.0) == 0.0


def test_a_point_part_way_along_a_path():
    path = np.array([[0.0, 0, 0], [1, 0, 0], [1, 2, 0]])
    assert point_on(path, 0.0)[0].tolist() == [0.0, 0.0, 0.0]
    point, index = point_on(path, 0.75)
    assert point.tolist() == [1.0, 1.0, 0.0] and index == 1
    point, index = point_on(path, 1.5)
    assert point.tolist() == [1.0, 2.0, 0.0] and index == 1


def test_the_zero_tick_comes_back_only_on_the_labels_rhythm():
    assert restored_tick({-4.0: None, -2.0: None, 2.0: None}, 0.0, -4, 4) == [0.0]
    assert restored_tick([-3.0, 3.0], 0.0, -3, 3) == []
    assert restored_tick([-2.0, 0.0, 2.0], 0.0, -2, 2) == []
    assert restored_tick([1.0, 2.0], 0.0, 1, 2) == []
    assert restored_tick([2.0], 0.0, -2, 2) == []
