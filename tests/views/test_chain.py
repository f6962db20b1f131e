"""The chain scene draws what the facts say: the interval around x lands on [g(x - dx), g(x + dx)]
on the u line and on [f(g(x - dx)), f(g(x + dx))] on the y line, both fit their (zoomed) lines,
the readouts show the rounded u, g'(x), f'(u) and their product, the formulas come from the
expression tree, nothing leaves the safe area, and nothing is typeset while animations play."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

from derivanim.numbers import format_number
from derivanim.stretch import reading_decimals
from tests.views.helpers import ASPECTS, ROOT
from tests.views.test_stretch import Run, on_screen, record

COURSE = ROOT / "config" / "course.toml"
POWER = ROOT / "config" / "examples" / "power-chain.toml"
LESSONS = [(COURSE, "chain"), (POWER, "power-chain")]


def shown_numbers(scene: Any) -> dict[str, Any] | None:
    """The readouts and number-carrying formulas on screen at one step."""
    readouts = {
        name: getattr(scene, name).text()
        for name in ("g_value", "f_value", "product_g", "product_f", "total_value")
        if on_screen(scene, getattr(scene, name))
    }
    labels = [tex.tex_string for tex in (scene.g_name, scene.f_name) if on_screen(scene, tex)]
    if not readouts and not labels:
        return None
    trackers = (scene.t1.get_value(), scene.t2.get_value())
    return {"readouts": readouts, "labels": labels, "t": trackers}


def chain_run(path=COURSE, lesson_id: str = "chain", aspect: str = "16:9") -> Run:
    return record(path, lesson_id, aspect, shown_numbers)


def values_on(scene: Any, index: int, arrow: Any) -> tuple[float, float]:
    """The values under an interval arrow's two ends (x - dx's image, x + dx's image)."""
    return scene.value_on(index, arrow.start), scene.value_on(index, arrow.end)


@pytest.mark.parametrize(("path", "lesson_id"), LESSONS)
def test_intervals_land_on_the_images_of_their_ends(path, lesson_id):
    scene = chain_run(path, lesson_id).scene
    at, dx = scene.chain.at, scene.dx
    expression, variable = scene.facts.expression, scene.facts.variable
    inner = scene.g
    assert scene.t1.get_value() == 1.0 and scene.t2.get_value() == 1.0
    ends = np.array([at.x - dx, at.x + dx])
    assert values_on(scene, 0, scene.x_arrow) == pytest.approx(tuple(ends), abs=1e-9)
    u_ends = tuple(float(v) for v in inner(ends))
    y_ends = tuple(float(expression.subs(variable, v)) for v in ends)
    assert values_on(scene, 1, scene.u_arrow) == pytest.approx(u_ends, rel=1e-9, abs=1e-9)
    assert values_on(scene, 2, scene.y_arrow) == pytest.approx(y_ends, rel=1e-9, abs=1e-9)
    # lengths grow by the local factors: g' from x to u, f'(u) from u to y, their product overall
    u_length = u_ends[1] - u_ends[0]
    y_length = y_ends[1] - y_ends[0]
    assert u_length / (2 * dx) == pytest.approx(at.inner_slope, rel=0.05)
    assert y_length / u_length == pytest.approx(at.outer_slope, rel=0.05)
    assert y_length / (2 * dx) == pytest.approx(at.total, rel=0.05)


@pytest.mark.parametrize(("path", "lesson_id"), LESSONS)
def test_each_line_holds_its_interval_with_nice_ticks(path, lesson_id):
    scene = chain_run(path, lesson_id).scene
    centres = (scene.chain.at.x, scene.chain.at.inner_value, scene.chain.at.outer_value)
    for index, arrow in enumerate((scene.x_arrow, scene.u_arrow, scene.y_arrow)):
        low, high, step = scene.ranges[index]
        mantissa = step / 10 ** np.floor(np.log10(step))
        assert round(mantissa, 9) in (1.0, 2.0, 5.0)
        assert 4 <= (high - low) / step <= 9
        values = values_on(scene, index, arrow)
        assert low < min(values) and max(values) < high
        assert low < centres[index] < high


def test_a_big_factor_zooms_its_line_out_instead_of_leaving_it():
    scene = chain_run(POWER, "power-chain").scene
    spans = [high - low for low, high, _ in scene.ranges]
    assert spans[0] == pytest.approx(spans[1]), "x and u share a scale: g' = 3 fits"
    assert spans[2] > 10 * spans[1], "the y line zooms out to hold a piece ~47 times longer"
    assert scene.zoomed(2) and not scene.zoomed(1)
    second = next(b for b in scene.beats if b.name == "Second stretch")
    assert "zoomed out" in second.caption


@pytest.mark.parametrize(("path", "lesson_id", "expected"), [
    (COURSE, "chain", {"g_value": "2.40", "f_value": "0.1304", "total_value": "0.3130",
                       "u": "1.44", "x": "1.2"}),
    (POWER, "power-chain", {"g_value": "3.00", "f_value": "46.89", "total_value": "140.68",
                            "u": "1.75", "x": "0.5"}),
])
def test_readouts_show_the_rounded_facts(path, lesson_id, expected):
    run = chain_run(path, lesson_id)
    at = run.scene.chain.at
    facts = {"g_value": at.inner_slope, "f_value": at.outer_slope, "total_value": at.total,
             "product_g": at.inner_slope, "product_f": at.outer_slope}
    seen: dict[str, set[str]] = {}
    labels: set[str] = set()
    for snap in run.snapshots:
        for name, text in snap["readouts"].items():
            seen.setdefault(name, set()).add(text)
        labels.update(snap["labels"])
    for name, value in facts.items():
        assert seen[name] == {format_number(value, reading_decimals(value))}, name
    for name in ("g_value", "f_value", "total_value"):
        assert seen[name] == {expected[name]}
    assert rf"g'({expected['x']}) =" in labels
    assert rf"f'({expected['u']}) =" in labels, "u = g(x) is shown where f' is evaluated"
    # the factors appear only once their intervals have landed
    for snap in run.snapshots:
        if "g_value" in snap["readouts"]:
            assert snap["t"][0] == 1.0
        if "f_value" in snap["readouts"]:
            assert snap["t"][1] == 1.0


@pytest.mark.parametrize(("path", "lesson_id"), LESSONS)
def test_formulas_come_from_the_expression_tree(path, lesson_id):
    scene = chain_run(path, lesson_id).scene
    facts = scene.chain
    assert scene.inner_tex.tex_string.endswith(facts.inner_latex)
    assert scene.outer_tex.tex_string.endswith(facts.outer_latex)
    edges = [label.tex_string for label in scene.graph.edge_labels]
    assert edges[0].endswith(facts.inner_derivative_latex)
    assert edges[1].endswith(facts.outer_derivative_latex)
    assert scene.rule_rows[1].tex_string == f"= {facts.chain_latex}"
    if lesson_id == "power-chain":
        assert (facts.outer_latex, facts.inner_latex) == ("u^{5}", "3 x^{2} + 1")


@pytest.mark.parametrize("aspect", ASPECTS)
def test_everything_stays_inside_the_safe_area(aspect):
    run = chain_run(aspect=aspect)
    assert run.steps > 15
    assert not run.outside, "\n".join(run.outside[:10])


@pytest.mark.parametrize("aspect", ["16:9", "9:16"])
def test_a_zoomed_lesson_stays_inside_the_safe_area(aspect):
    run = chain_run(POWER, "power-chain", aspect)
    assert not run.outside, "\n".join(run.outside[:10])


@pytest.mark.parametrize(("path", "lesson_id"), LESSONS)
def test_beats_have_captions_and_the_lesson_lasts_30_to_90_seconds(path, lesson_id):
    scene = chain_run(path, lesson_id).scene
    assert 30 <= scene.time <= 120  # beats hold for their captions: 20 characters a second
    names = [beat.name for beat in scene.beats]
    assert names[0] == "The question" and names[-1] == "Takeaway"
    assert "The chain rule" in names
    assert all(beat.caption.strip() and beat.end > beat.start for beat in scene.beats)
    assert scene.beats[-1].end - scene.beats[-1].start >= 2, "the takeaway is held"
    rule = next(b for b in scene.beats if b.name == "The chain rule")
    assert "evaluated at the inside" in rule.caption and "derivative of the inside" in rule.caption


@pytest.mark.parametrize(("path", "lesson_id"), LESSONS)
def test_nothing_is_typeset_while_animations_play(path, lesson_id):
    assert chain_run(path, lesson_id).typeset_while_playing == []
