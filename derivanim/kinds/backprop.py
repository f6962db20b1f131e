"""The ``backprop`` kind: the chain rule run backwards through a computation graph.

Examples
--------
>>> from derivanim.facts import example
>>> print("\\n".join(KIND.summary(example(kind="backprop", function="(y - w*x - b)^2").facts)))
At w = 0.5, b = 0, x = 2, y = 3: L = 4.
Forward: wx = 1, ŷ = wx + b = 1, r = y - ŷ = 2, L = r² = 4.
Backward: dL/dr = 4, dL/dŷ = -4, dL/db = -4, dL/dwx = -4, dL/dw = -8.
One step with learning rate 0.1: w = 0.5 → 1.3, b = 0 → 0.4 (L = 4 → 0).
"""

from __future__ import annotations

import re
from typing import Literal

import sympy
from pydantic import Field

from derivanim.backprop import (
    DEFAULT_INPUTS,
    DEFAULT_LEARNING_RATE,
    DEFAULT_PARAMETERS,
    BackpropFacts,
    backprop_facts,
)
from derivanim.errors import ExpressionError
from derivanim.expressions import CONSTANTS, FUNCTIONS
from derivanim import suggest
from derivanim.scripts import backprop as backprop_script
from derivanim.kinds.base import FiniteFloat, Kind, LessonConfig, PositiveFloat
from derivanim.numbers import number
from derivanim.practice import Question, choice, numeric, signed

NAME = re.compile(r"^[A-Za-z][A-Za-z0-9_]{0,15}$")
"""A parameter or input name: a letter, then letters, digits or underscores (16 at most)."""


class BackpropLesson(LessonConfig):
    """``kind = "backprop"``: a loss in named parameters and inputs, forward and backward."""

    kind: Literal["backprop"]
    fixed_names = ("a backprop lesson names its parameters and inputs; it takes no variable "
                   "or name")
    variable: str = "w"
    parameters: dict[str, FiniteFloat] = Field(default_factory=lambda: dict(DEFAULT_PARAMETERS),
                                               min_length=1, max_length=6)
    inputs: dict[str, FiniteFloat] = Field(default_factory=lambda: dict(DEFAULT_INPUTS),
                                           max_length=6)
    learning_rate: PositiveFloat = DEFAULT_LEARNING_RATE
    default_title = "Backprop: the chain rule run backwards"

    def function_label(self) -> str:
        """The map's name in summaries."""
        return "L"

    def names(self) -> tuple[str, ...]:
        """The loss may use the parameters and the inputs."""
        return (*self.parameters, *self.inputs)

    def parse(self) -> sympy.Basic:
        """The loss, after checking the names: identifiers that are not functions or
        constants, parameters and inputs apart, every one of them used by the loss.

        Raises
        ------
        ExpressionError
            Naming ``parameters.<name>``, ``inputs.<name>`` or ``function``.
        """
        for group, names in (("parameters", self.parameters), ("inputs", self.inputs)):
            for name in names:
                field = f"{group}.{name}"
                if not NAME.match(name):
                    raise ExpressionError(field, "a name is a letter followed by letters, "
                                                 "digits or underscores (16 at most)")
                if name in FUNCTIONS or name in CONSTANTS:
                    raise ExpressionError(field, f"{name!r} already names a function or constant")
        for name in self.inputs:
            if name in self.parameters:
                raise ExpressionError(f"inputs.{name}", f"{name!r} is also a parameter")
        expression = super().parse()
        used = {s.name for s in expression.free_symbols}
        for group, names in (("parameters", self.parameters), ("inputs", self.inputs)):
            for name in names:
                if name not in used:
                    raise ExpressionError(f"{group}.{name}",
                                          f"{name!r} does not appear in the function")
        return expression


def facts(lesson: BackpropLesson, expression: sympy.Expr,
          variable: sympy.Symbol) -> BackpropFacts:
    """The backprop facts of a lesson."""
    return backprop_facts(expression, lesson.parameters, lesson.inputs, lesson.learning_rate)


def summary(facts: BackpropFacts) -> list[str]:
    """What a backprop lesson shows, in a few sentences."""
    inputs = [n for n in facts.nodes if n.role == "input"]
    at = ", ".join([*(f"{s.name} = {number(s.before)}" for s in facts.update),
                    *(f"{n.name} = {number(n.value)}" for n in inputs)])
    operations = [n for n in facts.nodes if n.role == "operation"]
    backward = [n for n in reversed(facts.nodes) if n.role in ("operation", "parameter")
                and n is not facts.nodes[-1]]
    steps = ", ".join(f"{s.name} = {number(s.before)} → {number(s.after)}" for s in facts.update)
    after = f" (L = {number(facts.value)} → {number(facts.loss_after)})" \
        if facts.loss_after is not None else ""
    return [
        f"At {at}: L = {number(facts.value)}.",
        "Forward: " + ", ".join(f"{n.formula} = {number(n.value)}" for n in operations) + ".",
        "Backward: " + ", ".join(f"dL/d{n.name} = {number(n.gradient)}" for n in backward) + ".",
        f"One step with learning rate {number(facts.learning_rate)}: {steps}{after}.",
    ]


def chapters(facts: BackpropFacts) -> dict[str, str]:
    """The lesson's beats."""
    return {"question": "The question", "graph": "The computation graph",
            "forward": "Forward pass", "backward": "Backward pass", "update": "One update step",
            "takeaway": "Takeaway"}


def practice(facts: BackpropFacts) -> list[Question]:
    """Compute the first parameter's gradient and its value after one step, and tell the sign
    of another parameter's gradient.

    Examples
    --------
    >>> from derivanim.facts import example
    >>> for q in practice(example(kind="backprop", function="(y - w*x - b)^2").facts):
    ...     print(q.question, "->", q.answer)
    At w = 0.5, b = 0, x = 2, y = 3, what is dL/dw? -> -8.0
    With learning rate 0.1, what is w after one step of gradient descent? -> 1.3
    Is dL/db positive, negative or zero? -> negative
    """
    inputs = [n for n in facts.nodes if n.role == "input"]
    at = ", ".join([*(f"{s.name} = {signed(s.before)}" for s in facts.update),
                    *(f"{n.name} = {signed(n.value)}" for n in inputs)])
    first = facts.update[0]
    rate = number(facts.learning_rate)
    gradient = signed(first.gradient) if first.gradient >= 0 else f"({signed(first.gradient)})"
    questions = [
        numeric(f"At {at}, what is dL/d{first.name}?", first.gradient,
                f"The backward pass multiplies the local slopes on the way from L back to "
                f"{first.name}: dL/d{first.name} = {signed(first.gradient)}.",
                reveal="Backward pass"),
        numeric(f"With learning rate {rate}, what is {first.name} after one step of gradient "
                "descent?", first.after,
                f"{first.name} − {rate} × dL/d{first.name} = {signed(first.before)} − {rate} × "
                f"{gradient} = {signed(first.after)}.", reveal="One update step"),
    ]
    other = facts.update[1] if len(facts.update) > 1 else first
    sign = "zero" if other.gradient == 0 else ("positive" if other.gradient > 0 else "negative")
    effect = {"positive": f"raising {other.name} raises L, so the step lowers it",
              "negative": f"raising {other.name} lowers L, so the step raises it",
              "zero": f"a small change of {other.name} leaves L as it is"}[sign]
    questions.append(choice(
        f"Is dL/d{other.name} positive, negative or zero?", ("positive", "negative", "zero"),
        sign, f"dL/d{other.name} = {signed(other.gradient)}: {effect}.",
        reveal="Backward pass"))
    return questions


KIND = Kind(name="backprop", lesson=BackpropLesson, facts_type=BackpropFacts, facts=facts,
            summary=summary, chapters=chapters, scene="scenes.backprop:BackpropScene",
            suggest=suggest.not_for_one_function(suggest.BACKPROP),
            function_name="L",
            practice=practice,
            script=backprop_script.script)
