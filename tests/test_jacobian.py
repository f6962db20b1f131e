"""The Jacobian lesson's math: every number of LESSONS.md 8, the sampled grid and its image, the
squares and parallelograms, and the refusals (before any rendering)."""

from __future__ import annotations

import json
import subprocess
import sys

import numpy as np
import pytest
import sympy
from conftest import REPO, make_lesson

from derivanim.errors import ConfigError, FieldError, LessonError
from derivanim.expressions import symbol
from derivanim.facts import example, lesson_facts
from derivanim.jacobian import (
    DEFAULT_MAP,
    DEFAULT_POINTS,
    EDGE_SAMPLES,
    HONESTY,
    jacobian_facts,
    line_values,
    parse_map,
    plane_function,
    square_boundary,
    view_bounds,
)
from derivanim.jacobian_words import area_phrase, effect_sentence, effect_tex, matrix_tex, shown
from derivanim.kinds import kind_of, names

X, Y = symbol("x"), symbol("y")
EXPECTED = [  # LESSONS.md 8: point, J, det J, effect (and size)
    ((1.0, 1.0), ((2.0, -1.0), (1.0, 2.0)), 5.0, "stretch", "stretch"),
    ((-0.5, 0.25), ((-1.0, -1.0), (1.0, 0.5)), 0.5, "squish", "squish"),
    ((-1.0, 1.0), ((-2.0, -1.0), (1.0, 2.0)), -3.0, "flip", "stretch"),  # flip, and triple
    ((-0.5, 0.5), ((-1.0, -1.0), (1.0, 1.0)), 0.0, "collapse", "collapse"),
    ((0.0, 0.0), ((0.0, -1.0), (1.0, 0.0)), 1.0, "keep", "keep"),
]


@pytest.fixture(scope="module")
def default():
    return jacobian_facts(parse_map(DEFAULT_MAP), DEFAULT_POINTS)


def test_defaults_are_lessons_md():
    assert DEFAULT_MAP == ("x^2 - y", "x + y^2")
    assert DEFAULT_POINTS == ((1, 1), (-0.5, 0.25), (-1, 1), (-0.5, 0.5), (0, 0))


def test_the_jacobian_and_its_determinant_are_exact(default):
    assert default.map == ("x^2 - y", "x + y^2")
    assert default.jacobian == (("2*x", "-1"), ("1", "2*y"))
    assert default.determinant == "4*x*y + 1"


@pytest.mark.parametrize("index", range(5))
def test_every_point_of_lessons_md(default, index):
    (x, y), matrix, det, effect, size = EXPECTED[index]
    point = default.points[index]
    assert (point.x, point.y) == (x, y)
    assert point.matrix == matrix
    assert point.det == det
    assert (point.effect, point.size) == (effect, size)
    assert point.image == (x**2 - y, x + y**2)


def test_j_and_det_agree_with_sympy_exactly(default):
    F = sympy.Matrix([X**2 - Y, X + Y**2])
    J = F.jacobian([X, Y])
    assert sympy.expand(J.det()) == 4 * X * Y + 1
    for point in default.points:
        at = {X: sympy.Rational(repr(point.x)), Y: sympy.Rational(repr(point.y))}
        assert [[float(v) for v in row] for row in J.subs(at).tolist()] == \
            [list(row) for row in point.matrix]
        assert float(J.det().subs(at)) == point.det


def test_the_grid_image_is_f_of_the_grid(default):
    u, v = sympy.lambdify((X, Y), X**2 - Y), sympy.lambdify((X, Y), X + Y**2)
    assert default.x_range == (-1.5, 1.5, 0.5) and default.y_range == (-0.5, 1.5, 0.5)
    assert len(default.grid) == len(line_values(default.x_range)) + len(line_values(default.y_range))
    for line in default.grid:
        assert len(line.points) == len(line.image) >= 30
        for (x, y), (a, b) in zip(line.points, line.image):
            assert (a, b) == pytest.approx((u(x, y), v(x, y)), abs=1e-12)
    verticals = {line.points[0][0] for line in default.grid[:7]}
    assert verticals == {-1.5, -1.0, -0.5, 0.0, 0.5, 1.0, 1.5}


def test_each_parallelogram_is_j_times_the_squares_edges(default):
    h = default.half_side
    assert 0 < h <= 0.3 * default.x_range[2]
    for point in default.points:
        square, shape = np.array(point.square), np.array(point.parallelogram)
        assert square == pytest.approx(np.array(
            [[point.x - h, point.y - h], [point.x + h, point.y - h],
             [point.x + h, point.y + h], [point.x - h, point.y + h]]))
        J = np.array(point.matrix)
        for i in range(4):
            edge, image = square[(i + 1) % 4] - square[i], shape[(i + 1) % 4] - shape[i]
            assert image == pytest.approx(J @ edge, abs=1e-12)
        assert shape.mean(axis=0) == pytest.approx(point.image, abs=1e-12)


def signed_area(corners: np.ndarray) -> float:
    x, y = corners[:, 0], corners[:, 1]
    return 0.5 * float(np.sum(x * np.roll(y, -1) - np.roll(x, -1) * y))


def test_the_parallelogram_has_det_j_times_the_squares_area_and_flips_with_it(default):
    for point in default.points:
        square, shape = signed_area(np.array(point.square)), signed_area(np.array(point.parallelogram))
        assert square > 0
        assert shape == pytest.approx(point.det * square, abs=1e-12)
        assert np.sign(shape) == np.sign(point.det)


def test_the_true_image_of_each_square_is_sampled_and_close_to_its_parallelogram(default):
    F = plane_function(parse_map(DEFAULT_MAP))
    for point in default.points:
        boundary = square_boundary(point.x, point.y, default.half_side)
        image = np.array(point.square_image)
        assert image.shape == (4 * EDGE_SAMPLES + 1, 2)
        assert image == pytest.approx(F(boundary[:, 0], boundary[:, 1]), abs=1e-12)
        corners = image[:-1:EDGE_SAMPLES]
        shape = np.array(point.parallelogram)
        size = max(np.max(np.linalg.norm(shape - point.image, axis=1)),
                   default.half_side * np.sqrt(2))
        assert np.max(np.linalg.norm(corners - shape, axis=1)) <= HONESTY * size
    # the default map is quadratic: a corner misses its parallelogram by exactly (h^2, h^2)
    first = default.points[0]
    h = default.half_side
    assert np.array(first.square_image[0]) - np.array(first.parallelogram[0]) == \
        pytest.approx([h**2, h**2], abs=1e-12)


def test_the_view_holds_the_grid_its_image_and_every_square(default):
    x_low, x_high, y_low, y_high = view_bounds(default)
    pieces = [np.array(line.points + line.image) for line in default.grid]
    pieces += [np.array(p.square_image + p.parallelogram) for p in default.points]
    found = np.vstack(pieces)
    assert np.all(found[:, 0] > x_low) and np.all(found[:, 0] < x_high)
    assert np.all(found[:, 1] > y_low) and np.all(found[:, 1] < y_high)


def test_a_fold_changes_the_sign_of_det_j():
    facts = jacobian_facts(parse_map(["x^2", "y"]), [(1, 0.5), (0, 0.5), (-1, -0.5)])
    assert facts.determinant == "2*x"
    assert [(p.det, p.effect) for p in facts.points] == [
        (2.0, "stretch"), (0.0, "collapse"), (-2.0, "flip")]


# ---- refusals ------------------------------------------------------------------------------
@pytest.mark.parametrize(("map_", "points", "field", "reason"), [
    (["log(x)", "y"], [(1, 1), (-1, 1)], "points[1]",
     "(-1, 1) is outside the domain of F (map[0] = log(x) is not a real number there)"),
    (["log(x)", "y"], [(0, 1)], "points[0]", "F blows up at (0, 1) (map[0] = log(x) is singular there)"),
    (["1/x", "y"], [(0, 0)], "points[0]", "F blows up at (0, 0)"),
    (["x", "sqrt(y)"], [(1, -1)], "points[0]", "outside the domain of F (map[1] = sqrt(y)"),
    (["abs(x)", "y"], [(0, 1)], "points[0]",
     "F is not differentiable at (0, 1): map[0] = abs(x) has no slope in x there"),
    (["x", "y^(1/3)"], [(1, 0)], "points[0]", "F is not differentiable at (1, 0)"),
])
def test_points_where_f_is_undefined_or_not_differentiable_are_refused(map_, points, field, reason):
    with pytest.raises(FieldError) as caught:
        jacobian_facts(parse_map(map_), points)
    assert caught.value.field == field and reason in caught.value.reason


def test_a_grid_outside_the_domain_and_a_point_outside_the_grid_are_refused():
    with pytest.raises(FieldError, match="F is not defined and finite across the grid") as caught:
        jacobian_facts(parse_map(["sqrt(x)", "y"]), [(1, 0)], x_range=(-1, 2))
    assert caught.value.field == "x_range"
    with pytest.raises(FieldError, match="y = 3 lies outside y_range") as outside:
        jacobian_facts(parse_map(["x", "y"]), [(0, 3)], y_range=(-1, 1))
    assert outside.value.field == "points[0]"


def test_the_lesson_config():
    lesson = make_lesson(kind="jacobian", map=["x^2 - y", "x + y^2"])
    assert lesson.points == DEFAULT_POINTS and lesson.x_range is None and lesson.y_range is None
    assert lesson.names() == ("x", "y")
    assert lesson.parse() == sympy.ImmutableMatrix([X**2 - Y, X + Y**2])
    assert lesson.function_text(lesson.parse()) == "(x^2 - y, x + y^2)"
    assert lesson.title == "The Jacobian stretches the plane"
    assert kind_of("jacobian").function_name == "F(x, y)"
    assert names().index("jacobian") == names().index("chain") + 1


@pytest.mark.parametrize(("fields", "message"), [
    ({"function": "x^2"}, "lesson 'jacobian': function: jacobian lessons take `map`, not `function`"),
    ({"map": ["x", "z"]}, "lesson 'jacobian': map[1]: unknown name 'z' (the variables are x, y)"),
    ({"map": ["9**9**9**9", "y"]}, "lesson 'jacobian': map[0]:"),
    ({"map": ["x"]}, "lesson 'jacobian': map"),
    ({"points": []}, "points"),
    ({"points": [[0, 0]] * 7}, "points"),
    ({"y_range": [1, 0]}, "y_range"),
])
def test_bad_configs_are_refused_naming_the_field(fields, message):
    with pytest.raises(ConfigError, match=None) as caught:
        make_lesson(**{"kind": "jacobian", "map": ["x", "y"], **fields})
    assert message in str(caught.value)


def test_one_to_six_points_are_accepted():
    for count in (1, 6):
        lesson = make_lesson(kind="jacobian", map=["x", "y"], points=[[k, 0] for k in range(count)])
        assert len(lesson_facts(lesson).facts.points) == count


def test_lesson_facts_name_the_lesson_when_the_math_refuses():
    lesson = make_lesson(id="log-map", kind="jacobian", map=["log(x)", "y"], points=[[-1, 1]])
    with pytest.raises(LessonError, match="lesson 'log-map': points\\[0\\]: \\(-1, 1\\) is outside"):
        lesson_facts(lesson)


# ---- words -----------------------------------------------------------------------------
def test_summary_and_chapters():
    item = example(kind="jacobian", map=["x^2 - y", "x + y^2"])
    kind = kind_of("jacobian")
    lines = kind.summary(item.facts)
    assert lines[1] == "J = [[2*x, -1], [1, 2*y]], det J = 4*x*y + 1."
    assert lines[2] == "Near (1, 1): J = [[2, -1], [1, 2]], det J = 5, stretched (areas x5)."
    assert "det J = -3, flipped and stretched (areas x3)" in lines[4]
    assert "det J = 0, collapsed onto a line" in lines[5]
    assert "det J = 1, areas kept" in lines[6]
    assert list(kind.chapters(item.facts)) == [
        "question", "map", "point 0", "point 1", "point 2", "point 3", "point 4", "link",
        "takeaway"]


def test_effect_words(default):
    assert [effect_sentence(p) for p in default.points] == [
        "It stretches areas 5 times: det J = 5.", "It halves areas: det J = 0.5.",
        "It flips and triples areas: det J = -3.", "It collapses the square: det J = 0.",
        "It keeps areas: det J = 1."]
    assert effect_tex(default.points[2]) == r"\text{flip, area} \times 3"
    assert matrix_tex(default.points[1].matrix) == \
        r"\begin{pmatrix} -1 & -1 \\ 1 & 0.5 \end{pmatrix}"
    assert area_phrase(0.25) == "squishes areas to 0.25 of their size"
    assert shown(-0.0) == "0"


# ---- the command line --------------------------------------------------------------------
def check(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(REPO / "render.py"), "--check", *args],
                          check=False, capture_output=True, text=True, cwd=REPO,
                          timeout=300)


def test_check_refuses_a_point_outside_the_domain_before_rendering(tmp_path):
    config = tmp_path / "bad.toml"
    config.write_text('[[lessons]]\nid = "log-map"\nkind = "jacobian"\n'
                      'map = ["log(x)", "y"]\npoints = [[1, 1], [-1, 1]]\n')
    result = check("--config", str(config))
    assert result.returncode == 2
    message = result.stderr + result.stdout
    assert str(config) in message and "lesson 'log-map'" in message
    assert "points[1]: (-1, 1) is outside the domain of F" in message
    assert "log(x) is not a real number there" in message


def test_check_json_prints_every_number_of_lessons_md():
    result = check("--json", "jacobian")
    assert result.returncode == 0, result.stderr
    lesson = json.loads(result.stdout)["lessons"][0]
    assert lesson["kind"] == "jacobian" and lesson["function"] == "(x^2 - y, x + y^2)"
    facts = lesson["facts"]
    assert facts["jacobian"] == [["2*x", "-1"], ["1", "2*y"]] and facts["determinant"] == "4*x*y + 1"
    found = [([p["x"], p["y"]], p["matrix"], p["det"], p["effect"]) for p in facts["points"]]
    assert found == [([x, y], [list(r) for r in m], d, e) for (x, y), m, d, e, _ in EXPECTED]
    assert len(facts["grid"]) == 12 and facts["grid"][0]["image"][0] == [2.75, -1.25]  # F(-1.5, -0.5)


def test_a_constant_map_collapses_squares_to_a_point_and_a_polar_map_simplifies():
    constant = example(kind="jacobian", map=["1", "2"], points=[[0, 0]])
    assert kind_of("jacobian").summary(constant.facts)[-1].endswith("collapsed to a point.")
    polar = example(kind="jacobian", map=["x*cos(y)", "x*sin(y)"], points=[[2, 1.5]])
    assert polar.facts.determinant == "x" and polar.facts.points[0].det == pytest.approx(2.0)
    assert polar.facts.points[0].effect == "stretch"
