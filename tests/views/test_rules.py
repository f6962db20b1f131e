"""The rules scene draws what the facts say: the rectangle's strips have the areas f dg, g df
and df dg of the facts at the scene's dx, the readouts show the rounded facts, every shown step
appears with its rule in the facts' order, a derivation too long to show whole says so on
screen, nothing leaves the safe area in any aspect, and nothing is typeset while animations
play."""

from __future__ import annotations

from typing import Any

import pytest
from manim import MathTex

from derivanim.facts import example
from derivanim.numbers import format_number
from derivanim.speech import leftover_symbols, say
from tests.views.helpers import ASPECTS, ROOT, dry_render
from tests.views.test_all_scenes import Checker
from tests.views.test_stretch import Run, on_screen, record

COURSE = ROOT / "config" / "course.toml"
QUOTIENT = ROOT / "config" / "examples" / "rules-quotient.toml"
POLYNOMIAL = ROOT / "config" / "examples" / "rules-polynomial.toml"
LESSONS = [(COURSE, "rules"), (QUOTIENT, "rules-quotient"), (POLYNOMIAL, "rules-polynomial")]
LONG = "sin(x)^2*exp(cos(x))/(x^2+1) + log(x^2+1)*sqrt(x)"


def prose_text(scene: Any) -> str:
    lines = getattr(scene, "_prose", None)
    return " ".join(line.text for line in lines) if lines is not None else ""


def shown(scene: Any) -> dict[str, Any]:
    """What is on screen at one step: the readouts, the blocks of steps, the prose."""
    found: dict[str, Any] = {"prose": prose_text(scene)}
    if hasattr(scene, "picture"):
        found["dx"] = scene.dx.get_value()
        found["readouts"] = {name: getattr(scene, name).text()
                             for name in ("dx_value", "strips_value", "corner_value")
                             if on_screen(scene, getattr(scene, name))}
    found["blocks"] = [id(block) for page in scene.pages for block in page
                       if on_screen(scene, block)]
    return found


def rules_run(path=COURSE, lesson_id: str = "rules", aspect: str = "16:9") -> Run:
    return record(path, lesson_id, aspect, shown)


def test_the_strips_have_the_areas_of_the_facts_at_every_dx():
    scene = rules_run().scene
    rect, picture = scene.rules.rectangle, scene.picture
    assert (picture.f, picture.g) == (rect.f_value, rect.g_value)
    for nudge in rect.nudges:
        scene.dx.set_value(nudge.dx)
        scene.redraw()
        assert picture.area(picture.base) == pytest.approx(rect.f_value * rect.g_value, rel=1e-9)
        assert picture.area(picture.top) == pytest.approx(nudge.f_dg, rel=1e-9)
        assert picture.area(picture.right) == pytest.approx(nudge.g_df, rel=1e-9)
        assert picture.area(picture.corner) == pytest.approx(nudge.corner, rel=1e-9, abs=1e-15)
        # the pieces tile the new rectangle: origin, then f + df wide and g + dg high
        right = picture.corner.get_vertices()[:, 0].max() - picture.origin[0]
        top = picture.corner.get_vertices()[:, 1].max() - picture.origin[1]
        assert right / picture.scale_x == pytest.approx(rect.f_value + nudge.df, rel=1e-9)
        assert top / picture.scale_y == pytest.approx(rect.g_value + nudge.dg, rel=1e-9)


def test_the_readouts_show_the_rounded_facts_as_dx_shrinks():
    run = rules_run()
    scene, rect = run.scene, run.scene.rules.rectangle
    seen = {snap["dx"]: snap["readouts"] for snap in run.snapshots
            if snap.get("readouts", {}).get("corner_value")}
    assert set(seen) >= {n.dx for n in rect.nudges}, "the picture stops at every nudge"
    for nudge in rect.nudges:
        readouts = seen[nudge.dx]
        assert readouts["dx_value"] == format_number(nudge.dx, scene.dx_value.decimals)
        assert readouts["strips_value"] == format_number(nudge.f_dg + nudge.g_df,
                                                         scene.strips_value.decimals)
        assert readouts["corner_value"] == format_number(nudge.corner, scene.corner_value.decimals)
    assert seen[0.01]["corner_value"] == "0.00011" and seen[0.5]["corner_value"] == "0.19503"


@pytest.mark.parametrize(("path", "lesson_id"), LESSONS)
def test_every_step_appears_with_its_rule_in_the_facts_order(path, lesson_id):
    run = rules_run(path, lesson_id)
    scene = run.scene
    facts = scene.rules
    order: list[int] = []
    for snap in run.snapshots:
        for block in snap["blocks"]:
            if block not in order:
                order.append(block)
    steps = [scene.step_of[block] for block in order]
    assert steps == [facts.steps[i] for i in facts.shown], "all shown, one by one, in order"
    blocks = {id(block): block for page in scene.pages for block in page}
    for block_id, step in zip(order, steps):
        texts = [part.tex_string for part in blocks[block_id].get_family()
                 if isinstance(part, MathTex)]
        assert texts[0] == rf"\text{{{step.rule}}}"
        written = " ".join(texts[1:])
        assert step.expression_latex in written
        assert step.result_latex in written or all(line in written for line in step.result_lines)
    assert not scene.note, "these derivations are shown whole"


def test_the_tree_reading_names_the_top_rule_and_its_parts():
    scene = rules_run(QUOTIENT, "rules-quotient").scene
    assert scene.tree_root.tex_string == r"\text{quotient}"
    assert [p.tex_string for p in scene.tree_parts] == ["f = x^{2} + 1", "g = x - 1"]


@pytest.mark.parametrize("aspect", ASPECTS)
@pytest.mark.parametrize(("path", "lesson_id"), LESSONS)
def test_everything_stays_inside_the_safe_area_and_nothing_is_typeset_in_play(path, lesson_id,
                                                                               aspect):
    run = rules_run(path, lesson_id, aspect)
    assert run.steps > 10
    assert not run.outside, "\n".join(run.outside[:10])
    assert run.typeset_while_playing == []


@pytest.mark.parametrize(("path", "lesson_id"), LESSONS)
def test_beats_have_speakable_captions_and_the_lesson_lasts_30_to_90_seconds(path, lesson_id):
    scene = rules_run(path, lesson_id).scene
    assert 30 <= scene.time <= 120  # beats hold for their captions: 20 characters a second
    keys = [beat.key for beat in scene.beats]
    assert keys == list(scene.chapters)
    for beat in scene.beats:
        assert beat.end > beat.start and leftover_symbols(say(beat.caption)) == [], beat.caption
    assert scene.beats[-1].end - scene.beats[-1].start >= 2, "the takeaway is held"
    if lesson_id == "rules":
        assert keys == ["question", "tree", "steps", "rectangle", "mistake", "takeaway"]
        mistake = next(b for b in scene.beats if b.key == "mistake").caption
        assert "1.0806" in mistake and "2.2232" in mistake
    else:
        assert "rectangle" not in keys and "mistake" not in keys


def test_the_mistake_shows_both_numbers():
    scene = rules_run().scene
    naive = " ".join(row.tex_string for row in scene.naive_rows)
    true = " ".join(row.tex_string for row in scene.true_rows)
    assert r"2 x \cos {x}" in naive and naive.endswith("1.0806")
    assert true.endswith("2.2232") and "(f\\,g)'(1)" in true


@pytest.mark.parametrize("aspect", ["16:9", "9:16"])
def test_a_derivation_too_long_to_show_whole_says_so_on_screen(aspect):
    facts = example(kind="rules", function=LONG, point=1)
    checker, prose = Checker(), []
    scene = dry_render(facts, aspect=aspect,
                       inspect=lambda s: (checker(s), prose.append(prose_text(s))))
    assert not checker.problems, "\n".join(checker.problems[:10])
    rules = scene.rules
    assert len(rules.steps) > len(rules.shown)
    assert any(f"of{len(rules.steps)}steps" in text.replace(" ", "") for text in prose)
    assert 30 <= scene.time <= 120  # beats hold for their captions: 20 characters a second


def test_a_product_with_a_negative_side_shows_the_mistake_without_the_rectangle():
    facts = example(kind="rules", function="x^2 cos(x)", point=2)
    checker = Checker()
    scene = dry_render(facts, aspect="9:16", inspect=checker)
    assert not checker.problems, "\n".join(checker.problems[:10])
    assert [b.key for b in scene.beats] == ["question", "tree", "steps", "mistake", "takeaway"]
    assert not hasattr(scene, "picture")
