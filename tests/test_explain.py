"""``render.py explain``: one function in, a course out, every lesson's parameters chosen so
its lesson shows what the kind teaches, and the kinds that do not apply named with a reason."""

from __future__ import annotations

import subprocess
import sys
import tomllib

import pytest

from derivanim.config import load_course, parse_course
from derivanim.explain import plan_course, survey, toml_text
from derivanim.facts import course_facts, example
from tests.views.helpers import ROOT


def planned(function: str, at: float | None = None) -> dict[str, dict]:
    plan = plan_course(function, at)
    lessons = {lesson["kind"]: lesson for lesson in plan.lessons}
    assert len(lessons) == len(plan.lessons)  # one lesson per kind
    assert all(reason.strip() for _, reason in plan.skipped)
    facts = course_facts(parse_course(plan.document()))  # every lesson computes
    assert len(facts) == len(plan.lessons)
    return lessons


def facts_of(lesson: dict) -> object:
    return example(**{key: value for key, value in lesson.items() if key != "id"}).facts


def test_a_cubic_gets_its_critical_points_its_effects_and_every_descent_outcome():
    lessons = planned("x^3 - 3x")
    assert set(lessons) == {"limit", "secant", "slopes", "rules", "stretch", "numerics", "descent"}
    assert {-1, 1} <= set(lessons["slopes"]["points"])
    slopes = facts_of(lessons["slopes"]).points
    assert {p.sign for p in slopes} >= {"zero", "positive"} and max(abs(p.slope) for p in slopes) > 5
    effects = [p.effect for p in facts_of(lessons["stretch"]).points]
    assert len(set(effects)) == len(effects) >= 3 and "collapse" in effects
    outcomes = [run.outcome for run in facts_of(lessons["descent"]).runs]
    assert outcomes == ["converges", "oscillates", "diverges"]
    secant = facts_of(lessons["secant"])
    assert 0.3 <= abs(secant.slope) <= 6


def test_a_composition_at_a_point_uses_the_point():
    lessons = planned("sin(x^2)", at=1.2)
    assert lessons["chain"]["point"] == lessons["secant"]["point"] == 1.2
    chain = facts_of(lessons["chain"])
    assert (chain.outer, chain.inner) == ("sin(u)", "x^2")
    errors = [abs(s.slope - facts_of(lessons["secant"]).slope)
              for s in facts_of(lessons["secant"]).secants]
    assert errors == sorted(errors, reverse=True)  # the secants close in on the tangent


def test_a_function_without_a_minimum_skips_descent_and_says_why():
    plan = plan_course("exp(-x^2)")
    assert dict(plan.skipped)["descent"] == "f has no minimum in [-4, 4] that a descent could reach"
    assert "chain" in {lesson["kind"] for lesson in plan.lessons}


def test_a_hole_is_where_the_limit_lesson_goes_and_the_stretch_line_avoids_it():
    lessons = planned("sin(x)/x")
    assert lessons["limit"]["point"] == 0 and facts_of(lessons["limit"]).behaviour == "removable"
    low, high = lessons["stretch"]["input_range"]
    assert not low <= 0 <= high


def test_points_off_the_domain_and_kinks_are_never_chosen():
    assert all(p > 0 for p in planned("log(x)")["slopes"]["points"])
    assert survey("abs(x)").critical == ()  # a kink is not a flat point
    assert 0 not in planned("abs(x)")["slopes"]["points"]


def test_toml_text_reads_back_to_the_same_document():
    document = {"course": {"title": 'A "quoted" \\ title'},
                "lessons": [{"kind": "secant", "function": "x^2", "point": 1.5, "h": [1, 0.5]}]}
    assert tomllib.loads(toml_text(document)) == document


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "render.py", *args], cwd=ROOT, capture_output=True,
                          text=True, timeout=300, check=False)


def test_explain_writes_a_course_an_author_can_edit(tmp_path):
    path = tmp_path / "course.toml"
    result = run("explain", "exp(-x^2)", "--write", str(path))
    assert result.returncode == 0, result.stderr
    assert "skipped descent: f has no minimum" in result.stderr
    config = load_course(path)
    assert [lesson.lesson.kind for lesson in course_facts(config)] == \
        [lesson["kind"] for lesson in plan_course("exp(-x^2)").lessons]
    assert path.read_text().startswith('# Made by: render.py explain "exp(-x^2)"')


def test_explain_passes_render_options_on_and_refuses_bad_input():
    checked = run("explain", "sin(x^2)", "--at", "1.2", "--check", "--json")
    assert checked.returncode == 0, checked.stderr
    assert '"kind": "chain"' in checked.stdout
    bad = run("explain", "sin(y)")
    assert bad.returncode == 2 and "error: function: unknown name 'y'" in bad.stderr


@pytest.mark.parametrize("function", ["x^3 - 3x", "sin(x^2)", "exp(-x^2)", "1/x", "tan(x)"])
def test_every_planned_lesson_computes(function):
    planned(function)
