"""Awkward functions: each one renders a readable lesson at 480p15 or is refused clearly.

Discontinuities in view, huge and tiny scales, constant and linear functions, a fast
oscillation, a kink away from the point and a descent that overflows are rendered together in
one course (one command, two workers); each lesson's video is then checked on its own. The
functions that cannot be drawn readably are refused before any rendering, with the field and
the reason.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from scenes.kit.theme import THEMES
from scenes.pipeline.probe import probe
from tests.views.bundle import bundle_problems, run

pytestmark = pytest.mark.xdist_group("awkward")

COURSE = '''\
[course]
title = "Awkward functions"
quality = "low"

[[lessons]]
id = "tan-periods"
kind = "slopes"
function = "tan(x)"
x_range = [-7, 7]
points = [-2, 0, 1]

[[lessons]]
id = "reciprocal"
kind = "secant"
function = "1/x"
x_range = [-3, 3]
point = 1

[[lessons]]
id = "huge"
kind = "secant"
function = "exp(10x)"
point = 0.5
h = [0.2, 0.1, 0.05]

[[lessons]]
id = "tiny"
kind = "slopes"
function = "1e-6 * x^2"

[[lessons]]
id = "constant"
kind = "stretch"
function = "3"

[[lessons]]
id = "linear"
kind = "secant"
function = "2x + 1"
point = 1

[[lessons]]
id = "fast"
kind = "slopes"
function = "sin(50x)"

[[lessons]]
id = "kink"
kind = "secant"
function = "abs(x - 1)"
point = 3


[[lessons]]
id = "overflow"
kind = "descent"
function = "w^4"
start = 3
learning_rates = [0.1, 1, 10]
steps = 10

[[lessons]]
id = "steep-edges"
kind = "slopes"
function = "exp(10x)"
points = [-1, 0, 0.5]
'''
LESSONS = ("tan-periods", "reciprocal", "huge", "tiny", "constant", "linear", "fast", "kink",
           "overflow", "steep-edges")


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict]:
    folder = tmp_path_factory.mktemp("awkward")
    (folder / "course.toml").write_text(COURSE)
    result = run("--config", str(folder / "course.toml"), "--out", str(folder / "out"))
    assert result.returncode == 0, result.stdout + result.stderr
    assert f"{len(LESSONS)} rendered, 0 unchanged, 0 failed" in result.stdout
    manifest = json.loads((folder / "out" / "manifest.json").read_text())
    return folder / "out", {lesson["id"]: lesson for lesson in manifest["lessons"]}


@pytest.mark.parametrize("lesson_id", LESSONS)
def test_an_awkward_function_renders_a_whole_lesson(rendered, lesson_id):
    out, lessons = rendered
    entry = lessons[lesson_id]
    assert bundle_problems(out) == []
    info = probe(out / lesson_id / f"{lesson_id}.mp4")  # decodes every frame
    # (beats hold until their captions read at 20 characters a second: descent runs ~95 s)
    assert info.frames == entry["frames"] and 30 < info.duration < 120
    poster = np.asarray(Image.open(out / lesson_id / f"{lesson_id}.jpg").convert("RGB"))
    background = np.array([int(THEMES["dark"].background[i:i + 2], 16) for i in (1, 3, 5)])
    drawn = (np.abs(poster.astype(int) - background).max(axis=2) > 40).mean()
    assert drawn > 0.02, f"only {drawn:.2%} of the poster differs from the background"


@pytest.mark.parametrize("lesson, message", [
    ('kind = "secant"\nfunction = "exp(10x)"\npoint = 0.5',
     "lesson 'secant': h[0]: f(2.5) = 7.20049e+10 is too large to draw"),
    ('kind = "secant"\nfunction = "1/x"\npoint = 0.000001',
     "lesson 'secant': point: f'(1e-06) = -1e+12 is too large to draw"),
    ('kind = "slopes"\nfunction = "exp(10x)"',
     "lesson 'slopes': points[2]: f(1.5) = 3.26902e+06 is too large to draw"),
    ('kind = "secant"\nfunction = "1/x"\npoint = 0',
     "lesson 'secant': point:"),
])
def test_what_cannot_be_drawn_readably_is_refused_before_rendering(tmp_path, lesson, message):
    config = tmp_path / "course.toml"
    config.write_text(f"[[lessons]]\n{lesson}\n")
    result = run("--config", str(config), "--out", str(tmp_path / "out"))
    assert result.returncode == 2
    assert message in result.stderr
    assert not (tmp_path / "out").exists()
