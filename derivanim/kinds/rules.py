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
from derivanim.kinds.base import Point, Kind, LessonConfig
from derivanim.scripts import rules as rules_script
from derivanim.numbers import number
from derivanim.practice import Question, choice, numeric, signed
from derivanim.readable import readable
from derivanim.rules import RulesFacts, rules_facts


class RulesLesson(LessonConfig):
    """``kind = "rules"``: the derivation of the function, rule by rule."""

    kind: Literal["rules"]
    fixed_names = ("a rules lesson writes its rules with f and g for the parts of the function; "
                   "it takes no variable or name")
    point: Point = 1.0
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


OTHER_RULES = ("product", "chain", "sum", "quotient", "power")
"""Rules offered as wrong choices when the derivation itself uses too few different ones."""


def practice(facts: RulesFacts) -> list[Question]:
    """Name the rule at the top of the tree, find f′ at the point, and (for a product) the
    value of the naive f′·g′.

    Examples
    --------
    >>> from derivanim.facts import example
    >>> for q in practice(example(kind="rules", function="x^2*sin(x)").facts):
    ...     print(q.question, "->", round(q.answer, 4) if q.tolerance else q.answer)
    Which rule do you apply first to x²sin(x), at the top of its tree? -> product
    f(x) = x²sin(x): what is f′(1)? -> 2.2232
    What does the naive f′·g′ give at x = 1? -> 1.0806
    >>> practice(example(kind="rules", function="x^3").facts)[0].choices
    ('chain', 'power', 'product', 'sum')
    """
    whole, rule, at = readable(facts.steps[-1].expression), facts.tree.rule, facts.at
    others = [r for r in dict.fromkeys(s.rule for s in facts.steps) if r != rule][:3]
    others += [r for r in OTHER_RULES if r != rule and r not in others][:max(0, 3 - len(others))]
    x = signed(at.x)
    questions = [
        choice(f"Which rule do you apply first to {whole}, at the top of its tree?",
               tuple(sorted([rule, *others])), rule,
               f"At the top, {whole} needs the {rule} rule: {facts.tree.form}.", reveal="What built it?"),
        numeric(f"f(x) = {whole}: what is f′({x})?", at.slope,
                f"f′(x) = {readable(facts.derivative)}, so f′({x}) = {signed(at.slope)}.",
                reveal="A common mistake" if facts.mistake is not None else "Rule by rule"),
    ]
    if facts.mistake is not None:
        wrong = facts.mistake
        questions.append(numeric(
            f"What does the naive f′·g′ give at x = {x}?", wrong.naive_value,
            f"f′·g′ = {readable(wrong.naive)} gives {signed(wrong.naive_value)}, not "
            f"f′({x}) = {signed(wrong.true_value)}: the product rule adds f′·g and f·g′.",
            reveal="A common mistake"))
    return questions


KIND = Kind(name="rules", lesson=RulesLesson, facts_type=RulesFacts, facts=facts,
            summary=summary, chapters=chapters, scene="scenes.rules:RulesScene",
            suggest=suggest.rules,
            practice=practice,
            script=rules_script.script)
