"""The secant scene draws what the facts say: secants through points on the curve, a slope
readout that matches the facts at every configured h, and a tangent of slope f'(a)."""

from __future__ import annotations

import numpy as np
import pytest

from derivanim.numbers import number
from tests.views.helpers import ROOT, dry_render, facts_of

COURSE = ROOT / "config" / "course.toml"
SINE = ROOT / "config" / "examples" / "sine-secant.toml"


def screen_slope(plot, start: np.ndarray, end: np.ndarray) -> float:
    """Convert a drawn segment's direction back into graph units."""
    x_unit = plot.axes.x_axis.get_unit_size()
    y_unit = plot.axes.y_axis.get_unit_size()
    delta = end - start
    return (delta[1] / y_unit) / (delta[0] / x_unit)


@pytest.mark.parametrize(("path", "lesson_id"), [(COURSE, "secant"), (SINE, "sine-secant")])
def test_secants_stop_on_the_curve_with_the_facts_slope(path, lesson_id):
    facts = facts_of(path, lesson_id)
    secants = {round(s.h, 12): s for s in facts.facts.secants}
    seen: dict[float, str] = {}

    def inspect(scene) -> None:
        if not hasattr(scene, "h") or not scene.q_dot.updaters:
            return
        h = round(scene.h.get_value(), 12)
        if h in secants:
            s = secants[h]
            np.testing.assert_allclose(scene.q_dot.get_center(), scene.plot.c2p(s.x2, s.y2), atol=1e-9)
            drawn = screen_slope(scene.plot, scene.secant.get_start(), scene.secant.get_end())
            assert drawn == pytest.approx(s.slope, rel=1e-6)
            seen[h] = scene.slope_value.text()

    scene = dry_render(facts, inspect=inspect)
    assert set(seen) == set(secants), "every configured h is shown"
    for h, text in seen.items():
        assert float(text) == pytest.approx(secants[h].slope, abs=0.5 * 10 ** -scene.decimals)
    tangent = scene.tangent
    drawn = screen_slope(scene.plot, tangent.get_start(), tangent.get_end())
    assert drawn == pytest.approx(facts.facts.slope, rel=1e-9)
    assert scene.slope_value.text() == f"{facts.facts.slope:.{scene.decimals}f}"
    tangent_point = scene.plot.c2p(facts.facts.x, facts.facts.y)
    # The tangent passes through (a, f(a)): the point is collinear with the drawn segment.
    cross = np.cross(tangent.get_end() - tangent.get_start(), tangent_point - tangent.get_start())
    assert abs(cross[2]) < 1e-9


def test_tangent_label_states_the_rounded_equation():
    facts = facts_of(COURSE, "secant")
    scene = dry_render(facts)
    assert scene.tangent_label.tex_string == "y = 4x - 4"
    assert number(facts.facts.slope) == "4"
