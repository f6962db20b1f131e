"""A numerics lesson the math refuses is refused by ``render.py --check`` before rendering."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from conftest import REPO


@pytest.mark.parametrize(
    ("function", "point", "reason"),
    [
        ("sqrt(x)", "-1", "point: x = -1 is outside the domain of f (f(x) is not a real number there)"),
        ("abs(x)", "0", "point: f is not differentiable at x = 0 (slope from the left -1, from the right 1)"),
    ],
)
def test_check_refuses_a_point_without_a_derivative(tmp_path, function, point, reason):
    path = tmp_path / "bad.toml"
    path.write_text(f'[[lessons]]\nid = "steps"\nkind = "numerics"\nfunction = "{function}"\n'
                    f"point = {point}\n", encoding="utf-8")
    completed = subprocess.run([sys.executable, "render.py", "--check", "--config", str(path)],
                               cwd=REPO, capture_output=True, text=True, timeout=120, check=False)
    assert completed.returncode == 2, completed.stderr
    assert completed.stderr == f"error: {path}: lesson 'steps': {reason}\n"
    assert completed.stdout == ""


def test_check_json_prints_the_lessons_numbers():
    completed = subprocess.run([sys.executable, "render.py", "--check", "--json"], cwd=REPO,
                               capture_output=True, text=True, timeout=120, check=False)
    assert completed.returncode == 0, completed.stderr
    lesson = next(item for item in json.loads(completed.stdout)["lessons"] if item["kind"] == "numerics")
    facts = lesson["facts"]
    assert round(facts["slope"], 6) == 0.362358
    assert [round(row["quotient"], 4) for row in facts["table"]] == [-0.1235, 0.2182, 0.3152, 0.3483, 0.3577]
    assert [f"{s['forward_error']:.1e}" for s in facts["steps"][:2]] == ["4.7e-02", "4.7e-03"]
    assert [f"{s['central_error']:.1e}" for s in facts["steps"][:2]] == ["6.0e-04", "6.0e-06"]
    assert facts["best_forward"]["h"] == 1e-8 and facts["best_central"]["h"] == 1e-5
