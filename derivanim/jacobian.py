"""The Jacobian: the local stretch factor of a map of the plane, and the pictures that show it.

A map F(x, y) = (u(x, y), v(x, y)) carries a grid to a curved grid. Near a point p it acts like
the linear map J(p), the matrix of partial derivatives: a tiny square at p lands, to first
order, on the parallelogram spanned by J times the square's edges, whose area is |det J| times
the square's. det J > 1 stretches areas, 0 < det J < 1 squishes them, det J < 0 also flips the
orientation, det J = 0 collapses the square onto a segment, and det J = 1 keeps its area: the
one-dimensional stretch lesson again (:mod:`derivanim.stretch`), with det J for f'(x).

Everything the lesson draws is computed here: the grid lines as sampled polylines and their
images under F, the square at each point, its parallelogram and the true (sampled) image of the
square.

Examples
--------
>>> from derivanim.expressions import parse_expression
>>> F = parse_map(("x^2 - y", "x + y^2"))
>>> facts = jacobian_facts(F, [(1, 1), (-0.5, 0.25), (-1, 1), (-0.5, 0.5), (0, 0)])
>>> facts.jacobian, facts.determinant
((('2*x', '-1'), ('1', '2*y')), '4*x*y + 1')
>>> [(p.det, p.effect) for p in facts.points]
[(5.0, 'stretch'), (0.5, 'squish'), (-3.0, 'flip'), (0.0, 'collapse'), (1.0, 'keep')]
>>> facts.points[0].matrix
((2.0, -1.0), (1.0, 2.0))
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
import sympy

from derivanim.analysis import MAX_SHOWN, exact, show, slope_at, to_float
from derivanim.errors import FieldError
from derivanim.expressions import parse_expression, symbol, to_text
from derivanim.numbers import number
from derivanim.plane_grid import Range, grid_range, grid_step, line_values
from derivanim.stretch import Effect, Size, effect_of, size_of

Point = tuple[float, float]
PlaneFunction = Callable[[np.ndarray, np.ndarray], np.ndarray]
"""A vectorised map of the plane: (xs, ys) -> N x 2 images, NaN where it is undefined."""

VARIABLES = ("x", "y")
DEFAULT_MAP = ("x^2 - y", "x + y^2")
"""The map of LESSONS.md 8."""
DEFAULT_POINTS: tuple[Point, ...] = ((1.0, 1.0), (-0.5, 0.25), (-1.0, 1.0), (-0.5, 0.5),
                                     (0.0, 0.0))
"""Where the default map stretches, squishes, flips, collapses and keeps areas."""
LINE_SAMPLES = 41
"""Samples along each grid line (its image is a polyline through their images)."""
EDGE_SAMPLES = 8
"""Samples along each edge of a tiny square (its true image is sampled as finely)."""
HALF_SIDES = (0.3, 0.25, 0.2, 0.15, 0.1, 0.05, 0.02)
"""Candidate half-sides of the tiny square, as fractions of the grid step (widest honest wins)."""
HONESTY = 0.15
"""Largest distance allowed between the square's true image and its parallelogram, as a
fraction of the parallelogram's (or the square's, if larger) size."""


@dataclass(frozen=True)
class GridLine:
    """One line of the grid, sampled, and its image under F.

    Attributes
    ----------
    points : tuple of (x, y)
        Samples along the line, in order.
    image : tuple of (u, v)
        F of each sample: the curved line the grid line becomes.
    """

    points: tuple[Point, ...]
    image: tuple[Point, ...]


@dataclass(frozen=True)
class JacobianPoint:
    """What F does near one point.

    Attributes
    ----------
    x, y : float
        The point p.
    image : (float, float)
        F(p).
    matrix : ((float, float), (float, float))
        J(p), rows (du/dx, du/dy) and (dv/dx, dv/dy).
    det : float
        det J(p): the signed area factor.
    effect : str
        stretch | squish | flip | collapse | keep (flip whenever det J < 0).
    size : str
        What |det J| does to areas, ignoring orientation (det -3 flips and triples: effect
        'flip', size 'stretch').
    square : tuple of (x, y)
        The tiny square's corners, counter-clockwise from (x - h, y - h).
    parallelogram : tuple of (u, v)
        F(p) + J(p) (corner - p) for each corner: the square's first-order image.
    square_image : tuple of (u, v)
        F of the square's sampled boundary (from its first corner, counter-clockwise, closed).
    """

    x: float
    y: float
    image: Point
    matrix: tuple[Point, Point]
    det: float
    effect: Effect
    size: Size
    square: tuple[Point, ...]
    parallelogram: tuple[Point, ...]
    square_image: tuple[Point, ...]


@dataclass(frozen=True)
class JacobianFacts:
    """Everything a jacobian lesson shows.

    Attributes
    ----------
    map : (str, str)
        u(x, y) and v(x, y) as the user types them.
    jacobian : ((str, str), (str, str))
        The Jacobian matrix, exact, as text.
    determinant : str
        det J, simplified, as text.
    x_range, y_range : (low, high, step)
        The grid: lines at ``low``, ``high`` and the multiples of ``step`` between.
    half_side : float
        Half the side of every tiny square.
    points : tuple of JacobianPoint
        The configured points, in order.
    grid : tuple of GridLine
        The vertical lines (x fixed) left to right, then the horizontal lines bottom to top.
    """

    map: tuple[str, str]
    jacobian: tuple[tuple[str, str], tuple[str, str]]
    determinant: str
    x_range: Range
    y_range: Range
    half_side: float
    points: tuple[JacobianPoint, ...]
    grid: tuple[GridLine, ...]


def parse_map(texts: Sequence[str]) -> sympy.ImmutableMatrix:
    """Parse the two components of a map of the plane (fields ``map[0]`` and ``map[1]``).

    Examples
    --------
    >>> parse_map(["x^2 - y", "x + y^2"])
    Matrix([
    [x**2 - y],
    [x + y**2]])
    >>> parse_map(["x", "z"])
    Traceback (most recent call last):
    ...
    derivanim.errors.ExpressionError: map[1]: unknown name 'z' (the variables are x, y)
    """
    return sympy.ImmutableMatrix([parse_expression(text, variable=VARIABLES, field=f"map[{i}]")
                                  for i, text in enumerate(texts)])


def map_text(expression: sympy.MatrixBase) -> str:
    """A map written as a user types it, as one pair.

    Examples
    --------
    >>> map_text(parse_map(["x^2 - y", "x + y^2"]))
    '(x^2 - y, x + y^2)'
    """
    return "(" + ", ".join(to_text(component) for component in expression) + ")"


def plane_function(expression: sympy.MatrixBase) -> PlaneFunction:
    """Compile a map of the plane into a vectorised numpy function (NaN off its domain).

    Examples
    --------
    >>> F = plane_function(parse_map(["sqrt(x)", "x*y"]))
    >>> F(np.array([4.0, -1.0]), np.array([2.0, 3.0]))
    array([[ 2.,  8.],
           [nan, -3.]])
    """
    x, y = symbol("x"), symbol("y")
    compiled = [sympy.lambdify((x, y), component, modules="numpy") for component in expression]

    def evaluate(xs: np.ndarray, ys: np.ndarray) -> np.ndarray:
        xs, ys = np.broadcast_arrays(np.asarray(xs, dtype=float), np.asarray(ys, dtype=float))
        columns = []
        with np.errstate(all="ignore"):
            for function in compiled:
                value = np.asarray(function(xs.astype(complex), ys.astype(complex)), dtype=complex)
                value = np.broadcast_to(value, xs.shape)
                real = value.real.astype(float)
                bad = (np.abs(value.imag) > 1e-9 * (1.0 + np.abs(real))) | ~np.isfinite(real)
                columns.append(np.where(bad, np.nan, real))
        return np.stack(columns, axis=-1)

    return evaluate


def _where(a: sympy.Expr, b: sympy.Expr) -> str:
    return f"({show(a)}, {show(b)})"


def _check_defined(expression: sympy.MatrixBase, a: sympy.Expr, b: sympy.Expr,
                   field: str) -> None:
    """Refuse a point where a component of F is undefined, infinite or not real."""
    x, y = symbol("x"), symbol("y")
    for index, component in enumerate(expression):
        value = component.subs({x: a, y: b})
        name = f"map[{index}] = {to_text(component)}"
        if value.has(sympy.nan):
            raise FieldError(field, f"F is undefined at {_where(a, b)} ({name} gives 0/0 there)")
        if value.has(sympy.zoo, sympy.oo, -sympy.oo):
            raise FieldError(field, f"F blows up at {_where(a, b)} ({name} is singular there)")
        numeric = sympy.N(value, 50)
        if not numeric.is_Number and numeric.as_real_imag()[1] != 0:
            raise FieldError(field, f"{_where(a, b)} is outside the domain of F "
                                    f"({name} is not a real number there)")
        if not (numeric.is_Number and numeric.is_finite and numeric.is_real):
            raise FieldError(field, f"F has no numeric value at {_where(a, b)} ({name})")


def jacobian_at(expression: sympy.MatrixBase, a: sympy.Expr, b: sympy.Expr,
                field: str) -> sympy.Matrix:
    """J(a, b), exact where sympy finds it, each partial checked by one-sided slopes.

    Raises
    ------
    FieldError
        Where F is undefined or one of its partial derivatives does not exist.

    Examples
    --------
    >>> jacobian_at(parse_map(["x^2 - y", "x + y^2"]), exact(1), exact(1), "points[0]")
    Matrix([
    [2, -1],
    [1,  2]])
    >>> jacobian_at(parse_map(["abs(x)", "y"]), exact(0), exact(1), "points[0]")
    Traceback (most recent call last):
    ...
    derivanim.errors.FieldError: points[0]: F is not differentiable at (0, 1): map[0] = abs(x) has no slope in x there (slope from the left -1, from the right 1)
    """
    _check_defined(expression, a, b, field)
    x, y = symbol("x"), symbol("y")
    rows = []
    for index, component in enumerate(expression):
        row = []
        for variable, other, at, fixed in ((x, y, a, b), (y, x, b, a)):
            piece = component.subs(other, fixed)
            try:
                row.append(slope_at(piece, variable, at, field))
            except FieldError as error:
                why = error.reason.split(" (", 1)[1] if " (" in error.reason else error.reason
                raise FieldError(field, f"F is not differentiable at {_where(a, b)}: "
                                        f"map[{index}] = {to_text(component)} has no slope in "
                                        f"{variable.name} there ({why}") from None
        rows.append(row)
    return sympy.Matrix(rows)


def sample_grid(F: PlaneFunction, x_side: Range, y_side: Range,
                samples: int = LINE_SAMPLES) -> tuple[GridLine, ...]:
    """The grid's lines, sampled, with their images (vertical lines first).

    Raises
    ------
    FieldError
        For ``x_range`` when F is not defined and finite across the grid.

    Examples
    --------
    >>> lines = sample_grid(plane_function(parse_map(["2x", "y"])), (0, 1, 1), (0, 1, 1), 3)
    >>> len(lines), lines[1].points, lines[1].image
    (4, ((1.0, 0.0), (1.0, 0.5), (1.0, 1.0)), ((2.0, 0.0), (2.0, 0.5), (2.0, 1.0)))
    """
    lines = []
    along_y = np.linspace(y_side[0], y_side[1], samples)
    along_x = np.linspace(x_side[0], x_side[1], samples)
    for value in line_values(x_side):
        lines.append((np.full(samples, value), along_y))
    for value in line_values(y_side):
        lines.append((along_x, np.full(samples, value)))
    found = []
    for xs, ys in lines:
        image = F(xs, ys)
        if not np.all(np.isfinite(image)) or np.max(np.abs(image)) > MAX_SHOWN:
            raise FieldError(
                "x_range",
                f"F is not defined and finite across the grid [{number(x_side[0])}, "
                f"{number(x_side[1])}] x [{number(y_side[0])}, {number(y_side[1])}]; choose "
                "x_range and y_range inside its domain",
            )
        found.append(GridLine(points=_pairs(np.column_stack([xs, ys])), image=_pairs(image)))
    return tuple(found)


def _pairs(points: np.ndarray) -> tuple[Point, ...]:
    return tuple((float(p[0]), float(p[1])) for p in points)


def square_boundary(x: float, y: float, h: float, per_edge: int = EDGE_SAMPLES) -> np.ndarray:
    """Samples of the boundary of the square [x - h, x + h] x [y - h, y + h], counter-clockwise
    from its lower-left corner, closed (the first point repeated at the end).

    Examples
    --------
    >>> square_boundary(0.0, 0.0, 1.0, per_edge=1).tolist()
    [[-1.0, -1.0], [1.0, -1.0], [1.0, 1.0], [-1.0, 1.0], [-1.0, -1.0]]
    """
    corners = np.array([[x - h, y - h], [x + h, y - h], [x + h, y + h], [x - h, y + h]])
    steps = np.linspace(0.0, 1.0, per_edge, endpoint=False)
    edges = [corners[i] + np.outer(steps, corners[(i + 1) % 4] - corners[i]) for i in range(4)]
    return np.vstack([*edges, corners[:1]])


def linear_image(centre: Point, image: Point, matrix: np.ndarray, points: np.ndarray) -> np.ndarray:
    """F(p) + J (q - p) for each point q: the first-order image of points near p.

    Examples
    --------
    >>> linear_image((1, 1), (0, 2), np.array([[2, -1], [1, 2]]), np.array([[1.5, 1.0]])).tolist()
    [[1.0, 2.5]]
    """
    offsets = np.asarray(points, dtype=float) - np.asarray(centre, dtype=float)
    return np.asarray(image, dtype=float) + offsets @ np.asarray(matrix, dtype=float).T


def honest_half_side(F: PlaneFunction, points: Sequence[JacobianPoint], step: float,
                     fractions: Sequence[float] = HALF_SIDES, honesty: float = HONESTY) -> float:
    """The widest half-side h whose squares land close to their parallelograms at every point.

    Close: no sample of the true image lies farther from its first-order image than
    ``honesty`` times the size of the picture (the parallelogram's largest corner offset, or
    the square's half-diagonal if that is larger). The smallest candidate wins if none is.

    Examples
    --------
    >>> facts = jacobian_facts(parse_map(["x^2 - y", "x + y^2"]), [(1, 1)])
    >>> honest_half_side(plane_function(parse_map(["x^2 - y", "x + y^2"])), facts.points, 0.5)
    0.15
    """
    for fraction in fractions:
        h = fraction * step
        if all(_square_error(F, p, h) <= honesty for p in points):
            return float(h)
    return float(fractions[-1] * step)


def _square_error(F: PlaneFunction, point: JacobianPoint, h: float) -> float:
    boundary = square_boundary(point.x, point.y, h)
    true = F(boundary[:, 0], boundary[:, 1])
    linear = linear_image((point.x, point.y), point.image, np.array(point.matrix), boundary)
    size = max(float(np.max(np.linalg.norm(linear - np.array(point.image), axis=1))),
               h * math.sqrt(2))
    if not np.all(np.isfinite(true)):
        return math.inf
    return float(np.max(np.linalg.norm(true - linear, axis=1))) / size


def simplest_determinant(matrix: sympy.MatrixBase, most_ops: int = 60) -> sympy.Expr:
    """det J in its shortest form among a few cheap ones: as computed, expanded with common
    factors pulled out, and (for a short trigonometric one) with sin^2 + cos^2 = 1 applied.

    Examples
    --------
    >>> x, y = symbol("x"), symbol("y")
    >>> [simplest_determinant(parse_map(m).jacobian([x, y]))
    ...  for m in (["x^2 - y", "x + y^2"], ["x*cos(y)", "x*sin(y)"])]
    [4*x*y + 1, x]
    """
    computed = matrix.det()
    candidates = [computed, sympy.factor_terms(sympy.expand(computed))]
    expanded = candidates[1]
    if expanded.has(sympy.sin, sympy.cos) and sympy.count_ops(expanded) <= most_ops:
        candidates.append(sympy.trigsimp(expanded))
    return min(candidates, key=sympy.count_ops)


def jacobian_facts(
    expression: sympy.MatrixBase,
    points: Sequence[Sequence[float]],
    x_range: Sequence[float] | None = None,
    y_range: Sequence[float] | None = None,
) -> JacobianFacts:
    """Compute J, det J and its effect at each point, the grid and its image, and each point's
    tiny square, its parallelogram and its true image.

    Parameters
    ----------
    expression : sympy.Matrix
        The map (u, v), from :func:`parse_map`.
    points : sequence of (x, y)
        Where to look; F must be defined and differentiable there, inside the grid.
    x_range, y_range : pair of float, optional
        The grid's extent; chosen around the points when omitted.

    Raises
    ------
    FieldError
        For ``points[i]`` where F is undefined or not differentiable (or outside the grid),
        and for ``x_range`` if F is not finite across the grid.
    """
    x, y = symbol("x"), symbol("y")
    matrix = sympy.ImmutableMatrix(expression).jacobian([x, y])
    determinant = simplest_determinant(matrix)
    F = plane_function(expression)
    rows: list[JacobianPoint] = []
    step = grid_step([(p[0], p[1]) for p in points], x_range, y_range)
    x_side = grid_range([p[0] for p in points], x_range, step)
    y_side = grid_range([p[1] for p in points], y_range, step)
    for index, (px, py) in enumerate(points):
        field = f"points[{index}]"
        for value, (low, high, _), name in ((px, x_side, "x"), (py, y_side, "y")):
            if not low <= value <= high:
                raise FieldError(field, f"{name} = {value:g} lies outside {name}_range "
                                        f"[{low:g}, {high:g}]")
        a, b = exact(px), exact(py)
        J = jacobian_at(expression, a, b, field)
        det = sympy.simplify(J[0, 0] * J[1, 1] - J[0, 1] * J[1, 0])
        entries = [[to_float(J[i, j]) for j in range(2)] for i in range(2)]
        for value in (*entries[0], *entries[1], to_float(det)):
            if not math.isfinite(value) or abs(value) > MAX_SHOWN:
                raise FieldError(field, f"J at {_where(a, b)} is too large to draw "
                                        f"(entries up to {MAX_SHOWN:.0e}); choose another point")
        image = F(np.array(float(a)), np.array(float(b)))
        rows.append(JacobianPoint(
            x=float(a), y=float(b), image=(float(image[0]), float(image[1])),
            matrix=((entries[0][0], entries[0][1]), (entries[1][0], entries[1][1])),
            det=to_float(det), effect=effect_of(det), size=size_of(det),
            square=(), parallelogram=(), square_image=(),
        ))
    h = honest_half_side(F, rows, step)
    rows = [_with_square(F, point, h) for point in rows]
    grid = sample_grid(F, x_side, y_side)
    return JacobianFacts(
        map=(to_text(expression[0]), to_text(expression[1])),
        jacobian=tuple(tuple(to_text(matrix[i, j]) for j in range(2))  # type: ignore[misc]
                       for i in range(2)),
        determinant=to_text(determinant),
        x_range=x_side, y_range=y_side, half_side=h, points=tuple(rows), grid=grid,
    )


def _with_square(F: PlaneFunction, point: JacobianPoint, h: float) -> JacobianPoint:
    boundary = square_boundary(point.x, point.y, h)
    corners = boundary[:-1:EDGE_SAMPLES]
    linear = linear_image((point.x, point.y), point.image, np.array(point.matrix), corners)
    true = F(boundary[:, 0], boundary[:, 1])
    return JacobianPoint(
        x=point.x, y=point.y, image=point.image, matrix=point.matrix, det=point.det,
        effect=point.effect, size=point.size, square=_pairs(corners),
        parallelogram=_pairs(linear), square_image=_pairs(true),
    )


def view_bounds(facts: JacobianFacts, pad: float = 0.04) -> tuple[float, float, float, float]:
    """The part of the plane the lesson shows: the grid, its image, and every square's image
    and parallelogram, with a small margin (x_low, x_high, y_low, y_high).

    Examples
    --------
    >>> facts = jacobian_facts(parse_map(DEFAULT_MAP), DEFAULT_POINTS)
    >>> [round(v, 2) for v in view_bounds(facts)]
    [-1.71, 2.96, -1.71, 3.96]
    """
    found = [np.array(line.points + line.image) for line in facts.grid]
    found += [np.array(p.parallelogram + p.square_image) for p in facts.points]
    stacked = np.vstack(found)
    stacked = stacked[np.all(np.isfinite(stacked), axis=1)]
    low, high = stacked.min(axis=0), stacked.max(axis=0)
    margin = pad * float(max(high - low))
    return (float(low[0] - margin), float(high[0] + margin), float(low[1] - margin),
            float(high[1] + margin))
