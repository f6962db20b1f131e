"""Gradient descent on a one-parameter loss, and gradients of a many-parameter loss.

Each step moves against the slope: w_next = w - eta * L'(w). A positive slope steps left, a
negative slope steps right, and the learning rate eta says how far the local line is trusted.

Examples
--------
>>> from derivanim.expressions import parse_expression, symbol
>>> w = symbol("w")
>>> loss = parse_expression("(w - 2)^2 + 1", variable="w")
>>> [run.outcome for run in descent_facts(loss, w, -1, [0.2, 0.8, 1.0, 1.1], 10).runs]
['converges', 'oscillates', 'cycles', 'diverges']
>>> descent_facts(loss, w, -1, [1.0], 4).runs[0].steps
(-1.0, 5.0, -1.0, 5.0, -1.0)
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

import sympy

from derivanim.analysis import exact, slope_at, to_float, value_at
from derivanim.errors import FieldError
from derivanim.expressions import parse_expression, symbol, to_text
from derivanim.notation import Notation

Outcome = Literal["converges", "oscillates", "diverges", "cycles"]
DEFAULT_START = -1.0
"""Where the default run starts."""
DEFAULT_LEARNING_RATES = (0.2, 0.8, 1.1)
"""Small (smooth convergence), larger (overshoots but settles), too large (diverges)."""
DEFAULT_STEPS = 10
"""Updates per run."""
OVERFLOW = 1e150
"""A parameter beyond this size counts as having diverged; the run stops there."""
SETTLED = 1e-12
"""A step smaller than this (relative to the parameter) counts as having converged."""


LOSS = Notation("L", "w")
"""A loss and its parameter, as descent writes them unless the lesson names its own."""


@dataclass(frozen=True)
class DescentRun:
    """One run of gradient descent.

    Attributes
    ----------
    learning_rate : float
        eta.
    outcome : str
        converges | oscillates (overshoots back and forth while settling) | cycles (bounces
        between values forever) | diverges.
    steps : tuple of float
        w_0 (the start), w_1, ...; shorter than requested when the run overflowed.
    losses : tuple of float
        L(w_k) for each entry of ``steps``.
    slopes : tuple of float
        L'(w_k) for each entry of ``steps``.
    """

    learning_rate: float
    outcome: Outcome
    steps: tuple[float, ...]
    losses: tuple[float, ...]
    slopes: tuple[float, ...]


@dataclass(frozen=True)
class Gradients:
    """Partial derivatives of a many-parameter loss at one point (the backprop picture).

    Attributes
    ----------
    loss : str
        The loss as text.
    at : dict of str to float
        The values of every variable.
    value : float
        The loss there.
    gradients : dict of str to float
        dL/dv for each variable v that is a parameter.
    """

    loss: str
    at: dict[str, float]
    value: float
    gradients: dict[str, float]


@dataclass(frozen=True)
class DescentFacts:
    """Everything a descent lesson shows.

    Attributes
    ----------
    derivative : str
        L'(w) as text.
    start : float
        w_0.
    runs : tuple of DescentRun
        One per learning rate, in the configured order.
    backprop : Gradients
        The one-line backprop example: gradients of a small model's loss.
    notation : Notation
        The lesson's letters (L and w unless its config names them).
    """

    derivative: str
    start: float
    runs: tuple[DescentRun, ...]
    backprop: Gradients
    notation: Notation = LOSS


def classify(steps: Sequence[float], overflowed: bool = False) -> Outcome:
    """Name what a trajectory does from how its step lengths and directions evolve.

    Parameters
    ----------
    steps : sequence of float
        The trajectory w_0, w_1, ...
    overflowed : bool
        True when the run stopped because the parameter blew up.

    Examples
    --------
    >>> classify([-1, 0.2, 0.92, 1.352])
    'converges'
    >>> classify([-1, 3.8, 0.92, 2.648])
    'oscillates'
    >>> classify([-1, 5, -1, 5])
    'cycles'
    >>> classify([-1, 5.6, -2.32, 7.184])
    'diverges'
    """
    if overflowed:
        return "diverges"
    moves = [b - a for a, b in zip(steps, steps[1:])]
    if len(moves) < 2:
        return "converges"
    scale = 1.0 + max(abs(w) for w in steps)
    if abs(moves[-1]) <= SETTLED * scale:
        return "converges"
    tail = moves[len(moves) // 2 - 1:] if len(moves) >= 4 else moves
    nonzero = [m for m in tail if m != 0.0]
    ratios = [abs(b / a) for a, b in zip(nonzero, nonzero[1:])]
    growth = math.exp(sum(math.log(r) for r in ratios) / len(ratios)) if ratios else 0.0
    alternating = all(a * b < 0 for a, b in zip(nonzero, nonzero[1:]))
    if growth > 1 + 1e-9:
        return "diverges"
    if alternating and growth >= 1 - 1e-9:
        return "cycles"
    return "oscillates" if alternating else "converges"


def descend(
    loss: sympy.Expr,
    variable: sympy.Symbol,
    start: float,
    learning_rate: float,
    steps: int,
    field: str = "learning_rates",
) -> DescentRun:
    """Run gradient descent from ``start``, stopping early if the parameter overflows.

    Parameters
    ----------
    loss : sympy.Expr
        The loss L(w).
    variable : sympy.Symbol
        Its parameter w.
    start : float
        w_0 (L must be differentiable there).
    learning_rate : float
        eta > 0.
    steps : int
        Number of updates.
    field : str
        The field named in errors when the trajectory leaves L's domain.

    Returns
    -------
    DescentRun

    Examples
    --------
    >>> from derivanim.expressions import parse_expression, symbol
    >>> w = symbol("w")
    >>> run = descend(parse_expression("exp(w)", variable="w"), w, 0, 1.0, 3)
    >>> [round(v, 4) for v in run.steps], run.outcome
    ([0.0, -1.0, -1.3679, -1.6225], 'converges')
    """
    value = sympy.lambdify(variable, loss, modules="math")
    slope = sympy.lambdify(variable, sympy.diff(loss, variable), modules="math")
    ws = [float(exact(start))]
    losses: list[float] = []
    slopes: list[float] = []
    overflowed = False
    while True:
        try:
            losses.append(float(value(ws[-1])))
            slopes.append(float(slope(ws[-1])))
        except OverflowError:
            overflowed = True
        except (ValueError, ZeroDivisionError, TypeError):
            raise FieldError(
                field,
                f"eta = {learning_rate:g} steps to w = {ws[-1]:.6g}, outside the domain of L",
            ) from None
        if overflowed or not math.isfinite(losses[-1] + slopes[-1]):
            overflowed = True
            del ws[-1], losses[len(ws):], slopes[len(ws):]
            break
        if len(ws) > steps:
            break
        following = ws[-1] - learning_rate * slopes[-1]
        if not math.isfinite(following) or abs(following) > OVERFLOW:
            overflowed = True
            break
        ws.append(following)
    return DescentRun(
        learning_rate=learning_rate,
        outcome=classify(ws, overflowed),
        steps=tuple(ws),
        losses=tuple(losses),
        slopes=tuple(slopes),
    )


def gradients(loss: sympy.Expr, at: Mapping[str, float], parameters: Sequence[str]) -> Gradients:
    """Differentiate a many-variable loss with respect to each parameter, at one point.

    Parameters
    ----------
    loss : sympy.Expr
        The loss, in real symbols named as the keys of ``at``.
    at : mapping of str to float
        A value for every variable of the loss.
    parameters : sequence of str
        The variables to differentiate by.

    Examples
    --------
    >>> from derivanim.expressions import parse_expression
    >>> loss = parse_expression("(y - w*x - b)^2", variable=("w", "b", "x", "y"))
    >>> g = gradients(loss, {"w": 0.5, "b": 0, "x": 2, "y": 3}, ["w", "b"])
    >>> g.value, g.gradients
    (4.0, {'w': -8.0, 'b': -4.0})
    """
    values = {symbol(name): exact(number) for name, number in at.items()}
    return Gradients(
        loss=to_text(loss),
        at={name: float(number) for name, number in at.items()},
        value=to_float(loss.subs(values)),
        gradients={name: to_float(sympy.diff(loss, symbol(name)).subs(values)) for name in parameters},
    )


def descent_facts(
    loss: sympy.Expr,
    variable: sympy.Symbol,
    start: float,
    learning_rates: Sequence[float],
    steps: int,
    backprop: Gradients | None = None,
) -> DescentFacts:
    """Run descent once per learning rate and label each run's outcome.

    Parameters
    ----------
    loss : sympy.Expr
        The loss L(w).
    variable : sympy.Symbol
        Its parameter w.
    start : float
        w_0, where L must be defined and differentiable.
    learning_rates : sequence of float
        One run per rate.
    steps : int
        Updates per run.
    backprop : Gradients, optional
        The backprop example to show; the reference model's when omitted.

    Returns
    -------
    DescentFacts
    """
    w0 = exact(start)
    value_at(loss, variable, w0, "start")
    slope_at(loss, variable, w0, "start")
    runs = tuple(
        descend(loss, variable, start, rate, steps, f"learning_rates[{index}]")
        for index, rate in enumerate(learning_rates)
    )
    return DescentFacts(
        derivative=to_text(sympy.diff(loss, variable)),
        start=float(w0),
        runs=runs,
        backprop=backprop or reference_backprop(),
    )


def reference_backprop() -> Gradients:
    """The backprop example of the default course: one linear neuron, squared error.

    Examples
    --------
    >>> reference_backprop().gradients
    {'w': -8.0, 'b': -4.0}
    """
    loss = parse_expression("(y - w*x - b)^2", variable=("w", "b", "x", "y"))
    return gradients(loss, {"w": 0.5, "b": 0.0, "x": 2.0, "y": 3.0}, ["w", "b"])


# ---- reading a step and a backward pass (what the descent scene draws) ------------------------
Direction = Literal["left", "right", "flat"]
"""Which way one step of descent goes along the w axis."""


def step_direction(slope: float, tolerance: float = 1e-9) -> Direction:
    """Which way gradient descent steps, given the slope under it.

    Examples
    --------
    >>> step_direction(-6.0), step_direction(3.6), step_direction(0.0)
    ('right', 'left', 'flat')
    """
    if abs(slope) <= tolerance:
        return "flat"
    return "right" if slope < 0 else "left"
