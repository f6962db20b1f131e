"""The command line: --check, --check --json, and clear exit-2 refusals without tracebacks."""

from __future__ import annotations

import json
import resource
import subprocess
import sys

import pytest
from click.testing import CliRunner
from conftest import REPO

from derivanim.kinds import names
from render import main

IDS = list(names())  # the default course teaches every kind once, in registry order
BAD_SECANT = '[[lessons]]\nid = "sec"\nkind = "secant"\nfunction = "1/x"\npoint = 0\n'


@pytest.fixture
def run(monkeypatch):
    """Invoke the CLI from the repository root, keeping stdout and stderr apart."""
    monkeypatch.chdir(REPO)

    def invoke(*args: str):
        return CliRunner().invoke(main, list(args))

    return invoke


def test_check_summarises_every_lesson(run):
    result = run("--check")
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("config/course.toml: Derivatives, from limits to backpropagation\n")
    assert f"{len(IDS)} lesson(s) valid" in result.stdout
    for lesson_id in IDS:
        assert f"\n{lesson_id} ({lesson_id}): " in result.stdout
    for line in [
        "  h = 0.25: second point x = 2.25, secant slope 4.25.",
        "  Tangent line y = 4x - 4: slope 4 (exactly 4).",
        "  Near x = -1: factor -2, flipped and stretched.",
        "  At x = 1.2: u = 1.44, inner slope 2.4 × outer slope 0.1304 = 0.313.",
        "  A hole at x = 0: f(0) is undefined or out of line, yet the limit exists.",
        "  Learning rate 1.1: diverges (w = -16.5752 after 10 steps).",
    ]:
        assert line in result.stdout.splitlines()
    assert result.stderr == ""


@pytest.fixture
def facts_json(run):
    result = run("--check", "--json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


DESIGN_KEYS = {
    "limit": {"limit", "left", "right", "exists", "behaviour", "table"},
    "secant": {"derivative", "quotient", "tangent", "secants"},
    "slopes": {"derivative", "points"},
    "rules": {"steps", "derivative"},
    "stretch": {"points"},
    "chain": {"outer", "inner", "derivative", "at"},
    "jacobian": {"jacobian", "determinant", "points", "grid"},
    "numerics": {"steps", "best_forward", "best_central"},
    "descent": {"runs"},
    "backprop": {"nodes", "edges", "gradients", "update"},
}


def test_check_json_has_the_design_keys_for_every_kind(facts_json):
    lessons = facts_json["lessons"]
    assert [lesson["id"] for lesson in lessons] == IDS
    for lesson in lessons:
        assert {"id", "kind", "function", "facts"} <= set(lesson)
        facts = lesson["facts"]
        assert DESIGN_KEYS[lesson["kind"]] <= set(facts), lesson["kind"]
    by_kind = {lesson["kind"]: lesson["facts"] for lesson in lessons}
    assert all({"x", "value"} <= set(row) for row in by_kind["limit"]["table"])
    assert set(by_kind["secant"]["tangent"]) == {"slope", "intercept"}
    assert all({"h", "x2", "slope"} <= set(s) for s in by_kind["secant"]["secants"])
    assert all({"x", "y", "slope", "sign"} <= set(p) for p in by_kind["slopes"]["points"])
    assert all({"x", "factor", "effect"} <= set(p) for p in by_kind["stretch"]["points"])
    assert {"x", "inner_value", "outer_slope", "inner_slope", "total"} <= set(by_kind["chain"]["at"])
    assert all({"learning_rate", "outcome", "steps"} <= set(r) for r in by_kind["descent"]["runs"])


def test_check_json_numbers_are_the_reference_numbers(facts_json):
    by_id = {lesson["id"]: lesson["facts"] for lesson in facts_json["lessons"]}
    assert [s["slope"] for s in by_id["secant"]["secants"]] == [6.0, 5.0, 4.5, 4.25]
    assert [p["slope"] for p in by_id["slopes"]["points"]] == [0.0, -3.0, 3.75]
    assert [p["factor"] for p in by_id["stretch"]["points"]] == [3.0, 0.5, -2.0, 0.0]
    assert by_id["descent"]["runs"][2]["outcome"] == "diverges"


def test_lesson_ids_select_lessons(run):
    result = run("--check", "--json", "chain", "secant")
    assert result.exit_code == 0, result.output
    assert [lesson["id"] for lesson in json.loads(result.stdout)["lessons"]] == ["chain", "secant"]


def test_set_overrides_reach_the_facts(run):
    result = run("--check", "--json", "--set", "secant.point=1.5", "--set", "secant.function=x^3", "secant")
    assert result.exit_code == 0, result.output
    facts = json.loads(result.stdout)["lessons"][0]["facts"]
    assert facts["tangent"] == {"slope": 6.75, "intercept": -6.75}


def test_example_config_checks(run):
    result = run("--check", "--config", "config/examples/sine-secant.toml")
    assert result.exit_code == 0, result.output
    assert "sine-secant (secant): " in result.stdout
    assert ": slope 0.3624 (exactly cos(6/5))." in result.stdout


def assert_refused(result, message):
    assert result.exit_code == 2, result.output
    assert result.stderr == f"error: {message}\n"
    assert result.stdout == ""
    assert "Traceback" not in result.output
    assert isinstance(result.exception, SystemExit)


def test_unusable_lesson_exits_2_naming_file_lesson_and_field(run, tmp_path):
    path = tmp_path / "bad.toml"
    path.write_text(BAD_SECANT, encoding="utf-8")
    assert_refused(
        run("--check", "--config", str(path)),
        f"{path}: lesson 'sec': point: f is singular at x = 0 (it blows up there)",
    )


def test_invalid_config_exits_2(run, tmp_path):
    path = tmp_path / "bad.toml"
    path.write_text(BAD_SECANT.replace("point = 0", 'point = "abc"'), encoding="utf-8")
    assert_refused(run("--check", "--json", "--config", str(path)),
                   f"{path}: lesson 'sec': point: unknown name 'abc' (a point is a number: it has no variable)")


def test_toml_syntax_error_exits_2(run, tmp_path):
    path = tmp_path / "bad.toml"
    path.write_text("[[lessons]\n", encoding="utf-8")
    result = run("--check", "--config", str(path))
    assert result.exit_code == 2
    assert result.stderr.startswith(f"error: {path}: line 1, column 10: invalid TOML: ")
    assert "Traceback" not in result.output


def test_missing_config_exits_2(run, tmp_path):
    path = tmp_path / "none.toml"
    assert_refused(run("--check", "--config", str(path)), f"{path}: file not found")


def test_unknown_lesson_id_exits_2(run):
    assert_refused(
        run("--check", "tangent"),
        "config/course.toml: no lesson has the id 'tangent' "
        f"(ids: {', '.join(IDS)})",
    )


@pytest.mark.parametrize(
    ("override", "message"),
    [
        ("secant.point=0 ", None),  # valid: x^2 has a tangent at 0
        ("nope.point=1", ("--set: nope.point=1: no lesson has the id 'nope' "
                          f"(ids: {', '.join(IDS)})")),
        ("secantpoint=1", "--set: secantpoint=1: expected LESSON_ID.FIELD=VALUE or course.FIELD=VALUE"),
        ("course.theme=neon",
         "config/course.toml: [course]: theme: Input should be 'dark', 'light' or 'high-contrast'"),
        ("secant.function=abs(x)", None),  # valid at the default point 2
        ("slopes.function=abs(x)",
         ("config/course.toml: lesson 'slopes': points[1]: f is not differentiable at x = 0 "
          "(slope from the left -1, from the right 1)")),
    ],
)
def test_set_overrides_are_validated(run, override, message):
    result = run("--check", "--set", override)
    if message is None:
        assert result.exit_code == 0, result.output
    else:
        assert_refused(result, message)


def test_json_without_check_is_a_usage_error(run):
    result = run("--json")
    assert result.exit_code == 2
    assert "--json only works together with --check" in result.stderr
    assert "Traceback" not in result.output


def test_unknown_option_value_is_a_usage_error(run):
    result = run("--check", "--quality", "ultra")
    assert result.exit_code == 2
    assert "Invalid value for '--quality'" in result.stderr


def run_render_py(*args: str, seconds: float) -> tuple[subprocess.CompletedProcess, float]:
    """Run render.py from the repository root; return its result and the CPU seconds it used.

    The time limit is checked on the child's CPU time (user + system), which does not depend on
    what else the machine is doing; the wall clock only guards against a hang.
    """
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    completed = subprocess.run(
        [sys.executable, "render.py", *args],
        cwd=REPO, capture_output=True, text=True, timeout=4 * seconds, check=False,
    )
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return completed, cpu


def test_render_py_check_json_runs_from_the_repo_root():
    completed, cpu = run_render_py("--check", "--json", seconds=5)
    assert completed.returncode == 0, completed.stderr
    assert [lesson["id"] for lesson in json.loads(completed.stdout)["lessons"]] == IDS
    assert cpu < 5


def test_render_py_bad_config_exits_2_quickly_without_traceback(tmp_path):
    path = tmp_path / "bad.toml"
    path.write_text(BAD_SECANT.replace('"1/x"', '"__import__(x)"'), encoding="utf-8")
    completed, cpu = run_render_py("--check", "--config", str(path), seconds=3)
    assert completed.returncode == 2
    assert completed.stderr.startswith(
        f"error: {path}: lesson 'sec': function: unknown function '__import__'"
    )
    assert "Traceback" not in completed.stderr
    assert completed.stdout == ""
    assert cpu < 3
