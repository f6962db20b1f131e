"""Our reverse pass against PyTorch's autograd, on random expressions and random values.

torch is a test dependency (the ``dev`` extra), never a runtime one. It is imported at the top
of this module on purpose: without it the module fails to import and the test fails, it does
not skip.
"""

from __future__ import annotations

import random

import pytest
import sympy
import torch

from derivanim.backprop import backprop_facts
from derivanim.errors import FieldError
from derivanim.expressions import parse_expression

NAMES = ("w", "b", "v", "x", "y")
PARAMETERS = ("w", "b", "v")
UNARY = ("sin({})", "cos({})", "tanh({})", "exp({}/3)", "log(1 + ({})^2)", "({})^2", "({})^3",
         "sqrt(2 + ({})^2)", "-({})", "atan({})", "1/(1 + exp(-({})))")
BINARY = ("({}) + ({})", "({}) - ({})", "({})*({})", "({})/(1 + ({})^2)")
TORCH = {sympy.sin: torch.sin, sympy.cos: torch.cos, sympy.tanh: torch.tanh,
         sympy.exp: torch.exp, sympy.log: torch.log, sympy.atan: torch.atan}


def random_expression(rng: random.Random, depth: int) -> str:
    """A random loss text in the named symbols, ``depth`` operations deep at most."""
    if depth == 0 or rng.random() < 0.2:
        return rng.choice([*NAMES, *NAMES, "2", "0.5"])
    if rng.random() < 0.5:
        return rng.choice(UNARY).format(random_expression(rng, depth - 1))
    return rng.choice(BINARY).format(random_expression(rng, depth - 1),
                                     random_expression(rng, depth - 1))


def to_torch(expression: sympy.Expr, leaves: dict[str, torch.Tensor]) -> torch.Tensor:
    """Evaluate a sympy expression with torch operations (so autograd records it)."""
    if expression.is_Symbol:
        return leaves[expression.name]
    if expression.is_Number or expression.is_NumberSymbol:
        return torch.tensor(float(expression), dtype=torch.float64)
    args = [to_torch(arg, leaves) for arg in expression.args]
    if expression.is_Add:
        return sum(args[1:], args[0])
    if expression.is_Mul:
        product = args[0]
        for arg in args[1:]:
            product = product * arg
        return product
    if expression.is_Pow:
        return torch.pow(args[0], args[1])
    return TORCH[type(expression)](args[0])


@pytest.mark.parametrize("seed", range(25))
def test_gradients_equal_pytorch_autograd(seed: int):
    rng = random.Random(seed)
    while True:
        loss = parse_expression(random_expression(rng, 4), variable=NAMES)
        used = [n for n in NAMES if sympy.Symbol(n, real=True) in loss.free_symbols]
        if any(n in PARAMETERS for n in used):
            break
    for _ in range(20):  # draw again where L is undefined (none of these seeds needs it)
        values = {n: round(rng.uniform(-2, 2), 3) for n in used}
        parameters = {n: values[n] for n in used if n in PARAMETERS}
        inputs = {n: values[n] for n in used if n not in PARAMETERS}
        try:
            facts = backprop_facts(loss, parameters, inputs, 0.1)
            break
        except FieldError:
            continue
    else:
        raise AssertionError(f"no defined values found for {loss}")
    leaves = {n: torch.tensor(v, dtype=torch.float64, requires_grad=True)
              for n, v in values.items()}
    value = to_torch(loss, leaves)
    value.backward()
    assert facts.value == pytest.approx(value.item(), rel=1e-10, abs=1e-12)
    for name, gradient in facts.gradients.items():
        assert gradient == pytest.approx(leaves[name].grad.item(), rel=1e-9, abs=1e-12), name
    for name in inputs:
        node = next(n for n in facts.nodes if n.key == name)
        assert node.gradient == pytest.approx(leaves[name].grad.item(), rel=1e-9, abs=1e-12)


def test_the_default_loss_against_pytorch():
    w, b = (torch.tensor(v, dtype=torch.float64, requires_grad=True) for v in (0.5, 0.0))
    ((3.0 - w * 2.0 - b) ** 2).backward()
    loss = parse_expression("(y - w*x - b)^2", variable=("w", "b", "x", "y"))
    facts = backprop_facts(loss, {"w": 0.5, "b": 0}, {"x": 2, "y": 3}, 0.1)
    assert facts.gradients == {"w": w.grad.item(), "b": b.grad.item()} == {"w": -8.0, "b": -4.0}
