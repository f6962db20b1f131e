"""Backpropagation: a loss as a computation graph, a forward pass and our own reverse pass.

The graph is read off the expression tree. Leaves are the parameters, the inputs and the
constants; every inner node is one operation a learner can name (a sum, a difference, a
product, a quotient, a power, a function). sympy's n-ary sums are folded back into
differences, so ``(y - w*x - b)^2`` reads as ``wx``, ``ŷ = wx + b``, ``r = y − ŷ``,
``L = r²`` rather than as sympy's ``(-b - w*x + y)**2``.

The forward pass computes each node's value from its operands, exactly. Each edge carries the
local derivative of the node it feeds with respect to the node it comes from. The reverse pass
walks the nodes from the loss back to the leaves: a node's gradient is the sum, over its
outgoing edges, of the edge's local derivative times the gradient of the node it feeds. The
result is checked against ``sympy.diff`` of the whole loss before it is returned.

Examples
--------
>>> from derivanim.expressions import parse_expression
>>> loss = parse_expression("(y - w*x - b)^2", variable=("w", "b", "x", "y"))
>>> graph = backprop_facts(loss, {"w": 0.5, "b": 0}, {"x": 2, "y": 3}, 0.1)
>>> [(node.name, node.value) for node in graph.nodes if node.role == "operation"]
[('wx', 1.0), ('ŷ', 1.0), ('r', 2.0), ('L', 4.0)]
>>> graph.gradients, [(step.name, step.after) for step in graph.update]
({'w': -8.0, 'b': -4.0}, [('w', 1.3), ('b', 0.4)])
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

import sympy

from derivanim.analysis import PRECISION, exact, to_float
from derivanim.errors import FieldError
from derivanim.expressions import symbol, to_text
from derivanim.graph_terms import Operation, describe, fold
from derivanim.numbers import number

Role = Literal["parameter", "input", "constant", "operation"]
DEFAULT_FUNCTION = "(y - w*x - b)^2"
DEFAULT_PARAMETERS = {"w": 0.5, "b": 0.0}
DEFAULT_INPUTS = {"x": 2.0, "y": 3.0}
DEFAULT_LEARNING_RATE = 0.1
AGREEMENT = 1e-20
"""Relative difference allowed between our gradient and sympy's (both at 50 digits)."""


@dataclass(frozen=True)
class GraphNode:
    """One node of the computation graph, with its forward value and its gradient.

    Attributes
    ----------
    key : str
        Stable id (``"w"`` for a symbol, ``"#3"`` for an operation, ``"#c0"`` for a constant: no
        symbol can take the key of an operation).
    role : str
        parameter | input | constant | operation.
    name, latex : str
        What the node is called on screen (``"ŷ"``, ``r"\\hat{y}"``).
    formula, formula_latex : str
        Its definition from its operands (``"ŷ = wx + b"``); the name alone for a leaf.
    operation : str
        What it computes (add, sub, mul, square, tanh, ...); empty for a leaf.
    operands : tuple of str
        The keys of the nodes it is computed from, in order.
    value : float
        Its forward value.
    gradient : float
        dL/d(node), from the reverse pass.
    layer : int
        How far along the graph it sits (leaves 0 or later; the loss last).
    """

    key: str
    role: Role
    name: str
    latex: str
    formula: str
    formula_latex: str
    operation: str
    operands: tuple[str, ...]
    value: float
    gradient: float
    layer: int


@dataclass(frozen=True)
class GraphEdge:
    """An edge from an operand to the operation it feeds, with its local derivative.

    Attributes
    ----------
    source, target : str
        Node keys: the operand and the operation.
    slot : int
        Which operand of ``target`` it is.
    local : float
        d(target)/d(source) at the forward values.
    """

    source: str
    target: str
    slot: int
    local: float


@dataclass(frozen=True)
class UpdateStep:
    """One parameter's gradient-descent step: after = before - learning_rate * gradient."""

    name: str
    before: float
    gradient: float
    after: float


@dataclass(frozen=True)
class BackpropFacts:
    """Everything a backprop lesson shows.

    Attributes
    ----------
    loss : str
        The loss as text.
    value : float
        L at the configured values.
    learning_rate : float
        eta of the update step.
    nodes : tuple of GraphNode
        In forward order: every operand before the operations it feeds; the loss last.
    edges : tuple of GraphEdge
        In backward order: grouped by source, sources in reverse forward order.
    gradients : dict of str to float
        dL/dp for each parameter p, in config order.
    update : tuple of UpdateStep
        One step of descent on each parameter.
    loss_after : float or None
        L at the updated parameters (None when L is undefined there).
    """

    loss: str
    value: float
    learning_rate: float
    nodes: tuple[GraphNode, ...]
    edges: tuple[GraphEdge, ...]
    gradients: dict[str, float]
    update: tuple[UpdateStep, ...]
    loss_after: float | None

    def node(self, key: str) -> GraphNode:
        """The node with key ``key``."""
        return next(node for node in self.nodes if node.key == key)

    def outgoing(self, key: str) -> tuple[GraphEdge, ...]:
        """The edges leaving node ``key`` (towards the operations it feeds)."""
        return tuple(edge for edge in self.edges if edge.source == key)

    def incoming(self, key: str) -> tuple[GraphEdge, ...]:
        """The edges into node ``key``, in operand order."""
        return tuple(sorted((e for e in self.edges if e.target == key), key=lambda e: e.slot))


@dataclass
class _Building:
    """A node while the graph is built: its operation and exact numbers."""

    key: str
    role: Role
    expression: sympy.Expr
    operation: Operation | None
    operands: list[str]
    value: sympy.Expr = sympy.Integer(0)
    locals: tuple[sympy.Expr, ...] = ()
    gradient: sympy.Expr = sympy.Integer(0)


def _finite_real(value: sympy.Expr) -> bool:
    if value.has(sympy.nan, sympy.zoo, sympy.oo, -sympy.oo):
        return False
    numeric = sympy.N(value, PRECISION)
    if not numeric.is_Number:
        real, imaginary = numeric.as_real_imag()
        return bool(imaginary == 0 and real.is_Number and real.is_finite)
    return bool(numeric.is_finite and numeric.is_real)


class _Graph:
    """Builds the folded graph of a loss, one node per distinct subexpression."""

    def __init__(self, parameters: Mapping[str, float], inputs: Mapping[str, float]) -> None:
        self.parameters, self.inputs = parameters, inputs
        self.nodes: dict[str, _Building] = {}
        self.by_expression: dict[sympy.Expr, str] = {}
        self.order: list[str] = []

    def add(self, expression: sympy.Expr) -> str:
        """The key of the node computing ``expression`` (built with its operands if new)."""
        if expression in self.by_expression:
            return self.by_expression[expression]
        if isinstance(expression, sympy.Symbol):
            role: Role = "parameter" if expression.name in self.parameters else "input"
            node = _Building(expression.name, role, expression, None, [])
        elif not expression.free_symbols:
            node = _Building(f"#c{sum(n.role == 'constant' for n in self.nodes.values())}",
                             "constant", expression, None, [])
        else:
            operation, parts = fold(expression)
            operands = [self.add(part) for part in parts]
            node = _Building(f"#{sum(n.role == 'operation' for n in self.nodes.values())}",
                             "operation", expression, operation, operands)
        self.nodes[node.key] = node
        self.by_expression[expression] = node.key
        self.order.append(node.key)
        return node.key

    def blame(self, node: _Building) -> tuple[str, str]:
        """The field to name when ``node`` fails (a symbol of the operand that made it fail:
        the divisor of a quotient, the argument of a function), and the values it depends on."""
        assert node.operation is not None
        culprit = self.nodes[node.operands[1 if node.operation.name == "div" else 0]]
        names = {s.name for s in culprit.expression.free_symbols} or \
            {s.name for s in node.expression.free_symbols}
        fields = [f"parameters.{p}" for p in self.parameters if p in names]
        fields += [f"inputs.{i}" for i in self.inputs if i in names]
        values = {**self.parameters, **self.inputs}
        where = ", ".join(f"{n} = {number(values[n])}" for n in values if n in names)
        return fields[0], where

    def forward(self, values: Mapping[str, float]) -> None:
        """Compute every node's value exactly, refusing a value L is undefined at."""
        for key in self.order:
            node = self.nodes[key]
            if node.role in ("parameter", "input"):
                node.value = exact(values[key])
            elif node.role == "constant":
                node.value = node.expression
            else:
                assert node.operation is not None
                operands = [self.nodes[k].value for k in node.operands]
                node.value = node.operation.apply(operands)
                if not _finite_real(node.value):
                    field, where = self.blame(node)
                    raise FieldError(field, f"L is undefined at {where} "
                                            f"({to_text(node.expression)} is not a real number there)")
                node.locals = node.operation.locals(operands)
                if not all(_finite_real(d) for d in node.locals):
                    field, where = self.blame(node)
                    raise FieldError(field, f"L is not differentiable at {where} "
                                            f"({to_text(node.expression)} has no slope there)")

    def backward(self) -> None:
        """Our reverse pass: each node's gradient is the sum over its outgoing edges of the
        edge's local derivative times the gradient of the node the edge feeds."""
        feeds: dict[str, list[tuple[str, int]]] = {key: [] for key in self.order}
        for key in self.order:
            for slot, operand in enumerate(self.nodes[key].operands):
                feeds[operand].append((key, slot))
        root = self.order[-1]
        for key in reversed(self.order):
            node = self.nodes[key]
            if key == root:
                node.gradient = sympy.Integer(1)
                continue
            node.gradient = sympy.Add(*[self.nodes[t].locals[s] * self.nodes[t].gradient
                                        for t, s in feeds[key]])

    def layers(self) -> dict[str, int]:
        """Operations one layer after their latest operand; leaves just before their first use."""
        layer: dict[str, int] = {}
        for key in self.order:
            operands = self.nodes[key].operands
            layer[key] = 1 + max((layer[k] for k in operands), default=-1)
        for key in self.order:
            users = [layer[k] for k in self.order if key in self.nodes[k].operands]
            if not self.nodes[key].operands and users:
                layer[key] = min(users) - 1
        return layer


def _check_against_sympy(loss: sympy.Expr, graph: _Graph, values: Mapping[str, float]) -> None:
    """Raise if our reverse pass disagrees with ``sympy.diff`` for any parameter or input."""
    at = {symbol(name): exact(value) for name, value in values.items()}
    for name in values:
        ours = sympy.N(graph.nodes[name].gradient, PRECISION)
        theirs = sympy.N(sympy.diff(loss, symbol(name)).subs(at), PRECISION)
        if not (theirs.is_Number and abs(ours - theirs) <= AGREEMENT * max(1, abs(theirs))):
            raise ArithmeticError(f"reverse pass gives dL/d{name} = {ours}, sympy.diff {theirs}")


def backprop_facts(
    loss: sympy.Expr,
    parameters: Mapping[str, float],
    inputs: Mapping[str, float],
    learning_rate: float,
) -> BackpropFacts:
    """Build the graph of ``loss``, run it forward and backward, and take one descent step.

    Parameters
    ----------
    loss : sympy.Expr
        The loss, in real symbols named as the parameters and inputs.
    parameters, inputs : mapping of str to float
        The values of the parameters (which the step updates) and of the data.
    learning_rate : float
        eta > 0.

    Returns
    -------
    BackpropFacts

    Raises
    ------
    FieldError
        Naming ``parameters.<name>`` or ``inputs.<name>`` when L is undefined or has no
        slope at the configured values.
    ArithmeticError
        If the reverse pass disagrees with ``sympy.diff`` (a bug, never a user error).

    Examples
    --------
    >>> from derivanim.expressions import parse_expression
    >>> loss = parse_expression("log(w) + x", variable=("w", "x"))
    >>> backprop_facts(loss, {"w": -1}, {"x": 1}, 0.1)
    Traceback (most recent call last):
    ...
    derivanim.errors.FieldError: parameters.w: L is undefined at w = -1 (log(w) is not a real number there)
    """
    values = {**parameters, **inputs}
    graph = _Graph(parameters, inputs)
    graph.add(loss)
    graph.forward(values)
    graph.backward()
    _check_against_sympy(loss, graph, values)
    names = describe({k: (n.role, n.expression, n.operation, n.operands)
                      for k, n in graph.nodes.items()}, graph.order, set(inputs))
    layer = graph.layers()
    order = sorted(graph.order, key=lambda key: layer[key])  # still operands first
    nodes = tuple(
        GraphNode(key=key, role=n.role, name=names[key].name, latex=names[key].latex,
                  formula=names[key].formula, formula_latex=names[key].formula_latex,
                  operation=n.operation.name if n.operation else "", operands=tuple(n.operands),
                  value=to_float(n.value), gradient=to_float(n.gradient), layer=layer[key])
        for key, n in ((k, graph.nodes[k]) for k in order)
    )
    edges = tuple(
        GraphEdge(source=operand, target=target, slot=slot,
                  local=to_float(graph.nodes[target].locals[slot]))
        for source in reversed(order)
        for target in order
        for slot, operand in enumerate(graph.nodes[target].operands) if operand == source
    )
    eta = exact(learning_rate)
    update = tuple(UpdateStep(name=p, before=float(v), gradient=to_float(graph.nodes[p].gradient),
                              after=to_float(exact(v) - eta * graph.nodes[p].gradient))
                   for p, v in parameters.items())
    return BackpropFacts(
        loss=to_text(loss),
        value=to_float(graph.nodes[graph.order[-1]].value),
        learning_rate=float(learning_rate),
        nodes=nodes,
        edges=edges,
        gradients={p: to_float(graph.nodes[p].gradient) for p in parameters},
        update=update,
        loss_after=_loss_after(loss, graph, parameters, inputs, eta),
    )


def _loss_after(loss: sympy.Expr, graph: _Graph, parameters: Mapping[str, float],
                inputs: Mapping[str, float], eta: sympy.Expr) -> float | None:
    """L at the stepped parameters, at 50 digits (the stepped values are exact but can be long
    expressions; a value within 1e-30 of 0 is 0, as an exact minimum at the step would be)."""
    at = {symbol(p): sympy.N(exact(v) - eta * graph.nodes[p].gradient, PRECISION)
          for p, v in parameters.items()}
    at.update({symbol(i): exact(v) for i, v in inputs.items()})
    value = sympy.N(loss.subs(at), PRECISION)
    if not _finite_real(value):
        return None
    number = float(sympy.re(value))
    return 0.0 if abs(number) < 1e-30 else number
