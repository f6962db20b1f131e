"""The jacobian scene draws what the facts say: the carried grid is F of the grid, each drawn
parallelogram's edges are J times the drawn square's edges (in plane units, through the view's
one scale), the carried square is F of the square, the panel shows the rounded J and det J, and
everything stays inside the safe area in every aspect."""

from __future__ import annotations

import doctest
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pytest
import sympy

import scenes.kit.plane
from derivanim.expressions import symbol
from derivanim.jacobian import square_boundary
from derivanim.jacobian_words import matrix_tex, shown
from derivanim.speech import leftover_symbols, say
from tests.views.helpers import ASPECTS, ROOT, bounding_box, dry_render, facts_of, visible

COURSE = ROOT / "config" / "course.toml"
FOLD = ROOT / "config" / "examples" / "jacobian-fold.toml"
X, Y = symbol("x"), symbol("y")


def drawn_corners(path: Any) -> np.ndarray:
    """The corner points of a polyline as drawn (the anchors of its cubic pieces)."""
    return np.vstack([path.points[::4], path.points[-1:]])


def on_screen(scene: Any, mobject: Any) -> bool:
    return any(mobject is part for part in scene.get_mobject_family_members())


@dataclass
class Run:
    scene: Any = None
    steps: int = 0
    outside: list[str] = field(default_factory=list)
    grids: dict[float, list[np.ndarray]] = field(default_factory=dict)
    squares: dict[int, np.ndarray] = field(default_factory=dict)
    landed: dict[int, dict[str, Any]] = field(default_factory=dict)


_RUNS: dict[tuple[str, str, str], Run] = {}


def run_of(aspect: str = "16:9", path: Any = COURSE, lesson: str = "jacobian") -> Run:
    """Dry-render a lesson once per aspect and keep what was drawn at each step."""
    key = (str(path), lesson, aspect)
    if key in _RUNS:
        return _RUNS[key]
    run = Run()

    def inspect(scene: Any) -> None:
        run.steps += 1
        safe = scene.layout.safe
        for top in scene.mobjects:
            for part in top.get_family():
                if part.submobjects or not visible(part):
                    continue
                box = bounding_box(part)
                if box is not None and not safe.contains(box, 1e-3):
                    run.outside.append(f"{scene.time:.1f} s: {type(top).__name__} at {box}")
        t = scene.t.get_value()
        if on_screen(scene, scene.grid) and t in (0.0, 1.0):
            run.grids[t] = [drawn_corners(path) for path in scene.grid.paths]
        index = scene.active
        sheet = scene.sheets[index]
        if t == 0.0 and on_screen(scene, sheet):
            run.squares[index] = drawn_corners(sheet.paths[0])
        if on_screen(scene, scene.parallelograms[index]):
            panel = [*scene.point_rows[index]]
            if scene.layout.stacked:
                panel += [*scene.det_rows[index]]
            run.landed[index] = {
                "parallelogram": drawn_corners(scene.parallelograms[index]),
                "sheet": drawn_corners(sheet.paths[0]),
                "panel": {m.tex_string: on_screen(scene, m) for m in panel},
            }

    run.scene = dry_render(facts_of(path, lesson), aspect=aspect, inspect=inspect)
    _RUNS[key] = run
    return run


def plane_values(scene: Any, points: np.ndarray) -> np.ndarray:
    return np.array([scene.view.value_of(p) for p in points])


def F_of(scene: Any, points: np.ndarray) -> np.ndarray:
    """F at plane points, evaluated by sympy from the parsed map (not the lesson's samples)."""
    functions = [sympy.lambdify((X, Y), c) for c in scene.facts.expression]
    return np.array([[float(f(x, y)) for f in functions] for x, y in points])


@pytest.mark.parametrize("aspect", ASPECTS)
def test_each_drawn_parallelogram_is_j_times_the_drawn_square(aspect):
    run = run_of(aspect)
    points = run.scene.jacobian.points
    assert set(run.squares) == set(run.landed) == set(range(len(points)))
    for index, point in enumerate(points):
        square = plane_values(run.scene, run.squares[index][:-1:8])  # the four corners
        shape = plane_values(run.scene, run.landed[index]["parallelogram"][:4])
        J = np.array(point.matrix)
        for i in range(4):
            drawn_edge = square[(i + 1) % 4] - square[i]
            assert shape[(i + 1) % 4] - shape[i] == pytest.approx(J @ drawn_edge, abs=1e-9)
        assert shape.mean(axis=0) == pytest.approx(point.image, abs=1e-9), "centred on F(p)"
        side = square[1] - square[0]
        assert side == pytest.approx([2 * run.scene.jacobian.half_side, 0], abs=1e-9)
        # one scale on both axes: the scene edges are J times the scene edges too
        scene_square = run.squares[index][:-1:8, :2]
        scene_shape = run.landed[index]["parallelogram"][:4, :2]
        assert scene_shape[1] - scene_shape[0] == pytest.approx(
            J @ (scene_square[1] - scene_square[0]), abs=1e-9)


def test_the_carried_grid_is_f_of_the_grid():
    run = run_of()
    scene = run.scene
    assert set(run.grids) == {0.0, 1.0}
    for line, flat, carried in zip(scene.jacobian.grid, run.grids[0.0], run.grids[1.0]):
        points = np.array(line.points)
        assert plane_values(scene, flat) == pytest.approx(points, abs=1e-9)
        assert plane_values(scene, carried) == pytest.approx(F_of(scene, points), abs=1e-9)


def test_the_carried_square_is_f_of_the_square():
    run = run_of()
    scene = run.scene
    for index, point in enumerate(scene.jacobian.points):
        boundary = square_boundary(point.x, point.y, scene.jacobian.half_side)
        drawn = plane_values(scene, run.landed[index]["sheet"])
        assert drawn == pytest.approx(F_of(scene, boundary), abs=1e-9)


@pytest.mark.parametrize("aspect", ["16:9", "9:16"])
def test_the_panel_shows_the_rounded_j_and_det_j(aspect):
    run = run_of(aspect)
    for index, point in enumerate(run.scene.jacobian.points):
        panel = run.landed[index]["panel"]
        assert any(matrix_tex(point.matrix) in tex for tex in panel)
        assert any(rf"\det J = {shown(point.det)}" in tex for tex in panel)
        assert any(point.effect in tex for tex in panel)
    flip = run.landed[2]["panel"]
    assert any(r"\times 3" in tex for tex in flip), "flips and triples"


def test_the_fold_example_changes_sign_across_the_fold():
    run = run_of(path=FOLD, lesson="jacobian-fold")
    effects = [p.effect for p in run.scene.jacobian.points]
    assert effects == ["stretch", "squish", "collapse", "flip", "flip"]
    assert set(run.landed) == set(range(5))
    for index, point in enumerate(run.scene.jacobian.points):
        shape = plane_values(run.scene, run.landed[index]["parallelogram"][:4])
        x, y = shape[:, 0], shape[:, 1]
        area = 0.5 * float(np.sum(x * np.roll(y, -1) - np.roll(x, -1) * y))
        assert area == pytest.approx(point.det * (2 * run.scene.jacobian.half_side) ** 2, abs=1e-9)


@pytest.mark.parametrize("aspect", ASPECTS)
def test_everything_stays_inside_the_safe_area(aspect):
    run = run_of(aspect)
    assert run.steps > 20
    assert not run.outside, "\n".join(run.outside[:10])


def test_beats_captions_and_length():
    scene = run_of().scene
    assert 30 <= scene.time <= 120  # beats hold for their captions: 20 characters a second
    assert [beat.key for beat in scene.beats] == list(scene.chapters)
    assert all(beat.caption.strip() and beat.end > beat.start for beat in scene.beats)
    assert scene.beats[-1].end - scene.beats[-1].start >= 2, "the takeaway is held"
    assert "stretch lesson" in scene.beats[-2].caption
    for beat in scene.beats:
        assert leftover_symbols(say(beat.caption)) == [], beat.caption


def test_plane_examples():
    failures, tried = doctest.testmod(scenes.kit.plane)
    assert tried >= 2 and failures == 0


AWKWARD = """\
[[lessons]]
id = "constant"
kind = "jacobian"
map = ["1", "2"]
points = [[0, 0]]

[[lessons]]
id = "polar"
kind = "jacobian"
map = ["x*cos(y)", "x*sin(y)"]
points = [[1, 0], [2, 1.5], [0.5, 3]]

[[lessons]]
id = "steep"
kind = "jacobian"
map = ["exp(3x)", "y"]
points = [[1, 0], [-1, 0]]
"""


@pytest.mark.parametrize("lesson", ["constant", "polar", "steep"])
def test_awkward_maps_render_inside_the_safe_area(tmp_path_factory, lesson):
    """A constant map (everything collapses to a point), a polar map (det J = x) and a steep
    one (the image is 90 units wide) still draw a lesson with every square and parallelogram."""
    path = tmp_path_factory.mktemp("awkward") / "awkward.toml"
    path.write_text(AWKWARD)
    run = run_of("9:16", path=path, lesson=lesson)
    assert not run.outside, "\n".join(run.outside[:10])
    assert set(run.landed) == set(range(len(run.scene.jacobian.points)))
    for index, point in enumerate(run.scene.jacobian.points):
        shape = plane_values(run.scene, run.landed[index]["parallelogram"][:4])
        assert shape == pytest.approx(np.array(point.parallelogram), abs=1e-6)
