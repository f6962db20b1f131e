"""Layered positions for the nodes of a computation graph.

Each node sits in its layer (how far along the graph it is: leaves first, the loss last); the
position ``along`` the flow is its layer over the last layer, from 0 to 1. Across the flow,
the nodes of one layer are ordered by where the nodes they feed sit (an operation's first
operand before its second), from the loss back to the leaves, so edges cross as little as this
simple rule allows, and spread evenly, centred, in ``[0, 1]``. A scene maps ``along`` to x in
wide frames (the graph reads left to right) and to y in tall ones (top to bottom).

Examples
--------
>>> spots = layered([("w", 0, ()), ("x", 0, ()), ("wx", 1, ("w", "x")), ("b", 1, ()),
...                  ("y_hat", 2, ("wx", "b"))])
>>> {key: (spot.along, spot.across) for key, spot in spots.items()}["y_hat"]
(1.0, 0.5)
>>> spots["w"].across < spots["x"].across and spots["wx"].across < spots["b"].across
True
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

NodeSpec = tuple[str, int, Sequence[str]]
"""A node for :func:`layered`: its key, its layer and the keys of its operands."""


@dataclass(frozen=True)
class Spot:
    """Where a node sits: ``along`` the flow and ``across`` it, each in [0, 1]."""

    along: float
    across: float


def layered(nodes: Sequence[NodeSpec]) -> dict[str, Spot]:
    """Place every node of a graph in its layer (see the module's description).

    Parameters
    ----------
    nodes : sequence of (key, layer, operand keys)
        Every operand's key must be a node of the sequence.

    Returns
    -------
    dict of str to Spot

    Examples
    --------
    >>> layered([("L", 0, ())])["L"]
    Spot(along=0.0, across=0.5)
    """
    last = max(layer for _, layer, _ in nodes)
    by_layer: dict[int, list[str]] = {}
    for key, layer, _ in nodes:
        by_layer.setdefault(layer, []).append(key)
    widest = max(len(keys) for keys in by_layer.values())
    users: dict[str, list[tuple[str, int, int]]] = {key: [] for key, _, _ in nodes}
    for key, _, operands in nodes:
        for slot, operand in enumerate(operands):
            users[operand].append((key, slot, len(operands)))
    across: dict[str, float] = {}
    for layer in sorted(by_layer, reverse=True):
        keys = by_layer[layer]

        def pull(key: str) -> float:
            placed = [across[user] + 1e-3 * (slot - (count - 1) / 2)
                      for user, slot, count in users[key] if user in across]
            return sum(placed) / len(placed) if placed else 0.5

        keys = sorted(keys, key=pull)
        offset = (widest - len(keys)) / 2
        for index, key in enumerate(keys):
            across[key] = (offset + index + 0.5) / widest
    return {key: Spot(along=layer / last if last else 0.0, across=across[key])
            for key, layer, _ in nodes}
