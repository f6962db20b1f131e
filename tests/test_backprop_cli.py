"""A bad backprop lesson is refused by ``render.py --check`` before anything renders: exit 2,
one line naming the file, the lesson id, the field and the reason."""

from __future__ import annotations

import pytest
from click.testing import CliRunner
from conftest import REPO

from render import main

LESSON = ('[[lessons]]\nid = "bp"\nkind = "backprop"\nfunction = "{function}"\n'
          "parameters = {{{parameters}}}\ninputs = {{x = 2, y = 3}}\n")


@pytest.mark.parametrize(("function", "parameters", "message"), [
    ("(y - w*x)^2", "w = 0.5, b = 0", "parameters.b: 'b' does not appear in the function"),
    ("log(w) + (y - w*x)^2", "w = -1",
     "parameters.w: L is undefined at w = -1 (log(w) is not a real number there)"),
])
def test_a_bad_backprop_lesson_exits_2_naming_file_lesson_field_and_reason(
        monkeypatch, tmp_path, function, parameters, message):
    monkeypatch.chdir(REPO)
    path = tmp_path / "bad.toml"
    path.write_text(LESSON.format(function=function, parameters=parameters), encoding="utf-8")
    result = CliRunner().invoke(main, ["--check", "--config", str(path)])
    assert result.exit_code == 2, result.output
    assert result.stderr == f"error: {path}: lesson 'bp': {message}\n"
    assert result.stdout == "" and "Traceback" not in result.output


def test_the_two_layer_example_checks(monkeypatch):
    monkeypatch.chdir(REPO)
    result = CliRunner().invoke(main, ["--check", "--config",
                                       "config/examples/backprop-two-layer.toml"])
    assert result.exit_code == 0, result.output
    assert "backprop-two-layer (backprop): " in result.stdout
    assert "Forward: wx = 0.5, u₁ = tanh(wx) = 0.4621" in result.stdout
