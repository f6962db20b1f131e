"""Sweeps expand one lesson template over lists of values into lessons with stable ids, and a
bad combination is refused naming the sweep and the combination."""

from __future__ import annotations

import subprocess
import sys

import pytest

from derivanim.config import load_course, parse_course
from derivanim.errors import ConfigError, LessonError
from derivanim.facts import course_facts
from derivanim.sweeps import MAX_ID, expand_sweeps, slug
from tests.views.helpers import ROOT

CATALOGUE = ROOT / "config" / "examples" / "catalogue.toml"


def sweep(**vary: list[object]) -> dict[str, object]:
    return {"sweeps": [{"id": "sec", "lesson": {"kind": "secant"}, "vary": vary}]}


def test_the_catalogue_has_twelve_lessons_of_three_kinds():
    config = load_course(CATALOGUE)
    assert len(config.lessons) == 12
    assert [lesson.kind for lesson in config.lessons] == ["secant"] * 6 + ["slopes"] * 2 + ["descent"] * 4
    first = config.lesson("secant-x3-3x-1p5")
    assert (first.function, first.point, first.h) == ("x^3 - 3x", 1.5, (1.0, 0.5, 0.25))
    assert first.title == "Secants of x^3 - 3x at x = 1.5"
    assert config.origin("secant-x3-3x-1p5") == "sweep 'secant' (function = x^3 - 3x, point = 1.5)"
    assert config.lesson("descent-4-0p9-1p05").learning_rates == (0.9, 1.05)
    assert len(course_facts(config)) == 12


def test_ids_are_stable_when_values_are_added():
    before = parse_course(sweep(function=["x^2", "sin(x)"], point=[1]))
    after = parse_course(sweep(function=["x^3", "x^2", "sin(x)"], point=[1, 2]))
    assert {lesson.id for lesson in before.lessons} <= {lesson.id for lesson in after.lessons}
    for lesson in before.lessons:
        assert after.lesson(lesson.id) == lesson


def test_the_files_own_lessons_come_first_and_ids_stay_unique():
    data = {"lessons": [{"kind": "limit", "function": "sin(x)/x", "point": 0}],
            **sweep(function=["x^2"], point=[1, 2])}
    assert [lesson.id for lesson in parse_course(data).lessons] == ["limit", "sec-x2-1", "sec-x2-2"]
    clash = {"lessons": [{"id": "sec-x2-1", "kind": "secant", "function": "x", "point": 0}],
             **sweep(function=["x^2"], point=[1])}
    with pytest.raises(ConfigError, match=r"from sweep 'sec' \(function = x\^2, point = 1\): id"):
        parse_course(clash)


def test_long_values_get_a_short_unique_id():
    long_one, long_two = "x^3 - 3x + 2x^2 - 7x^4 + 11x^5 - x^6 + 1", "x^3 - 3x + 2x^2 - 7x^4 + 11x^5 - x^6 + 2"
    expanded, _ = expand_sweeps(sweep(function=[long_one, long_two], point=[1]))
    ids = [lesson["id"] for lesson in expanded["lessons"]]
    assert len(set(ids)) == 2 and all(len(i) <= MAX_ID for i in ids)
    assert parse_course(sweep(function=[long_one, long_two], point=[1]))  # valid slugs


@pytest.mark.parametrize(("vary", "message"), [
    ({"function": ["x^2", "log(x)"], "point": [1, -1]},
     r"lesson 'sec-log-x-m1' from sweep 'sec' \(function = log\(x\), point = -1\): point: "),
    ({"function": ["x^2", "sin(y)"], "point": [1]},
     r"lesson 'sec-sin-y-1' from sweep 'sec' \(function = sin\(y\), point = 1\): function: unknown name 'y'"),
    ({"function": ["x^2"], "point": [1], "hh": [1]}, r"from sweep 'sec' .*: hh: unknown field"),
    ({"function": [], "point": [1]}, r"sweeps\[0\]\.vary\.function: must be a non-empty list"),
    ({"kind": ["slopes"]}, r"sweeps\[0\]\.vary\.kind: is also fixed by the template"),
])
def test_a_bad_combination_names_the_sweep_and_its_values(vary, message):
    with pytest.raises((ConfigError, LessonError), match=message):
        course_facts(parse_course(sweep(**vary)))


def test_too_many_combinations_are_refused_before_any_work():
    with pytest.raises(ConfigError, match=r"sweeps\[0\]\.vary: makes 1024 lessons \(limit 1000"):
        parse_course(sweep(function=["x"] * 32, point=list(range(32))))


def test_check_refuses_a_bad_sweep_with_exit_2(tmp_path):
    path = tmp_path / "bad.toml"
    path.write_text(CATALOGUE.read_text().replace('"sin(x)"]', '"sqrt(x)"]\npoint = [-1]', 1)
                    .replace("point = [0.5, 1.5]\n", "", 1))
    result = subprocess.run([sys.executable, "render.py", "--check", "--config", str(path)],
                            cwd=ROOT, capture_output=True, text=True, timeout=120, check=False)
    assert result.returncode == 2, result.stdout
    assert "lesson 'secant-x2-m1' from sweep 'secant' (function = x^2, point = -1)" not in result.stderr
    assert "from sweep 'secant' (function = sqrt(x), point = -1): point:" in result.stderr
    assert str(path) in result.stderr


def test_slugs_read_like_the_values():
    assert slug("exp(-x^2)") == "exp-mx2" and slug(1.0) == "1" and slug(True) == "true"
    assert slug("x^2 + 1") != slug("x^2 - 1") != slug("x^2.1")


def test_values_that_read_alike_get_distinct_ids():
    ids = [lesson.id for lesson in parse_course(sweep(function=["x^2*3", "x^2(3)"], point=[1])).lessons]
    assert len(set(ids)) == 2 and all(i.startswith("sec-x2-3-1-") for i in ids)
