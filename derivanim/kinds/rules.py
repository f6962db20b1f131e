"""The ``rules`` kind: derivative rules are compressed proofs, read off the expression tree.

The lesson asks what operation built the function, then derives it rule by rule, node by
node (our rule engine, checked against sympy.diff). Its beats depend on the function: the
product's rectangle (sides f and g growing by df and dg) appears only when the top of the
tree is a product f·g whose sides are positive and grow at the point, and the common mistake
f'·g' only when the top is a product; for any other function those beats are left out (and
so are their chapters).

Examples
--------
>>> from derivanim.facts import example
>>> item = example(kind="rules", function="x^2*sin(x)").facts
>>> print("\\n".join(KIND.summary(item)))
x^2·sin(x) is a product: (f·g)′ = f′·g + f·g′.
power: (x^2)′ = 2·x.
sine: (sin(x))′ = cos(x).
product: (x^2·sin(x))′ = 2·x·sin(x) + x^2·cos(x).
f′(x) = 2·x·sin(x) + x^2·cos(x), equal to sympy.diff (checked symbolic).
At x = 1: f′ = 2.2232; the naive f′·g′ = 2·x·cos(x) gives 1.0806.
>>> list(KIND.chapters(item))
['question', 'tree', 'steps', 'rectangle', 'mistake', 'takeaway']
"""

from __future__ import annotations

from typing import Literal

import sympy

from derivanim import suggest
from derivanim.kinds.base import FiniteFloat, Kind, LessonConfig
from derivanim.numbers import number
from derivanim.rules import RulesFacts, rules_facts


class RulesLesson(LessonConfig):
    """``kind = "rules"``: the derivation of the function, rule by rule."""

    kind: Literal["rules"]
    point: FiniteFloat = 1.0
    default_title = "Derivative rules, read off the tree"


def facts(lesson: RulesLesson, expression: sympy.Expr, variable: sympy.Symbol) -> RulesFacts:
    """The rules facts of a lesson."""
    return rules_facts(expression, variable, lesson.point)


def _dotted(text: str) -> str:
    return text.replace("*", "·")


def summary(facts: RulesFacts) -> list[str]:
    """What a rules lesson shows, in a few sentences (one per step)."""
    tree, whole = facts.tree, facts.steps[-1]
    lines = [f"{_dotted(whole.expression)} is a {tree.rule}: {tree.form}."]
    lines += [f"{s.rule}: ({_dotted(s.expression)})′ = {_dotted(s.result)}." for s in facts.steps]
    lines.append(f"f′(x) = {_dotted(facts.derivative)}, equal to sympy.diff "
                 f"(checked {facts.check}).")
    at = f"At x = {number(facts.at.x)}: f′ = {number(facts.at.slope)}"
    if facts.mistake is not None:
        at += (f"; the naive f′·g′ = {_dotted(facts.mistake.naive)} gives "
               f"{number(facts.mistake.naive_value)}")
    return [*lines, at + "."]


def chapters(facts: RulesFacts) -> dict[str, str]:
    """The lesson's beats (the rectangle and the mistake only for a product)."""
    beats = {"question": "The question", "tree": "What built it?", "steps": "Rule by rule"}
    if facts.rectangle is not None:
        beats["rectangle"] = "The product as a rectangle"
    if facts.mistake is not None:
        beats["mistake"] = "A common mistake"
    return {**beats, "takeaway": "Takeaway"}


KIND = Kind(name="rules", lesson=RulesLesson, facts_type=RulesFacts, facts=facts,
            summary=summary, chapters=chapters, scene="scenes.rules:RulesScene",
            suggest=suggest.rules)
