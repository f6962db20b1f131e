"""A readable, plain-text summary of each lesson's facts (what ``render.py --check`` prints).

Examples
--------
>>> from derivanim.config import parse_course
>>> from derivanim.facts import lesson_facts
>>> config = parse_course({"lessons": [{"kind": "secant", "function": "x^2", "point": 2}]})
>>> print(summary(lesson_facts(config.lessons[0])))
secant (secant): Secant lines become the tangent
  f(x) = x^2, point x = 2, f(2) = 4
  difference quotient: h + 4
  h = 2: second point x = 4, slope 6
  h = 1: second point x = 3, slope 5
  h = 0.5: second point x = 2.5, slope 4.5
  h = 0.25: second point x = 2.25, slope 4.25
  tangent: slope 4 (exact: 4), y = 4x - 4
"""

from __future__ import annotations

from derivanim.chain import ChainFacts
from derivanim.descent import DescentFacts
from derivanim.expressions import to_text
from derivanim.facts import LessonFacts
from derivanim.limits import LimitFacts
from derivanim.numbers import line_equation, number
from derivanim.secants import SecantFacts
from derivanim.slopes import SlopeFacts
from derivanim.stretch import StretchFacts


def _limit(facts: LimitFacts) -> list[str]:
    lines = [
        f"  approaching x = {number(facts.point)}: f there is {number(facts.value)}",
        "  nearby values: " + ", ".join(f"f({number(r.x)}) = {number(r.value)}" for r in facts.table),
        f"  from the left {number(facts.left)}, from the right {number(facts.right)}",
        f"  behaviour: {facts.behaviour}; "
        + (f"limit {number(facts.limit)}" if facts.exists else "no (finite) limit"),
    ]
    return lines


def _secant(facts: SecantFacts) -> list[str]:
    lines = [f"  difference quotient: {facts.quotient.replace('*', '')}"]
    lines += [
        f"  h = {number(s.h)}: second point x = {number(s.x2)}, slope {number(s.slope)}"
        for s in facts.secants
    ]
    lines.append(
        f"  tangent: slope {number(facts.slope)} (exact: {facts.slope_exact}), "
        f"{line_equation(facts.tangent.slope, facts.tangent.intercept)}"
    )
    return lines


def _slopes(facts: SlopeFacts) -> list[str]:
    lines = [f"  f'(x) = {facts.derivative}"]
    lines += [
        f"  x = {number(p.x)}: f = {number(p.y)}, slope {number(p.slope)} ({p.sign})"
        for p in facts.points
    ]
    return lines


def _stretch(facts: StretchFacts) -> list[str]:
    low, high = facts.input_range
    lines = [
        f"  input line [{number(low)}, {number(high)}] maps onto "
        f"[{number(facts.output_range[0])}, {number(facts.output_range[1])}]"
    ]
    for p in facts.points:
        effect = p.effect if p.effect == p.size or p.effect != "flip" else f"flip and {p.size}"
        lines.append(f"  x = {number(p.x)}: factor {number(p.factor)} ({effect})")
    return lines


def _chain(facts: ChainFacts) -> list[str]:
    at = facts.at
    return [
        f"  outer f(u) = {facts.outer}, inner u = g(x) = {facts.inner}",
        f"  f'(u) = {facts.outer_derivative}, g'(x) = {facts.inner_derivative}",
        f"  dy/dx = {facts.derivative}",
        f"  at x = {number(at.x)}: u = {number(at.inner_value)}, g' = {number(at.inner_slope)}, "
        f"f'(u) = {number(at.outer_slope)}, total {number(at.total)}",
    ]


def _descent(facts: DescentFacts) -> list[str]:
    lines = [f"  L'(w) = {facts.derivative}, start w = {number(facts.start)}"]
    for run in facts.runs:
        path = ", ".join(number(w, 3) for w in run.steps[:6])
        more = ", ..." if len(run.steps) > 6 else ""
        lines.append(f"  eta = {number(run.learning_rate)}: {run.outcome} (w: {path}{more})")
    bp = facts.backprop
    grads = ", ".join(f"dL/d{name} = {number(value)}" for name, value in bp.gradients.items())
    at = ", ".join(f"{name} = {number(value)}" for name, value in bp.at.items())
    lines.append(f"  backprop: L = {bp.loss} at {at}: {grads}")
    return lines


def summary(item: LessonFacts) -> str:
    """Describe one lesson's facts in a few lines of plain text."""
    lesson = item.lesson
    facts = item.facts
    head = [f"{lesson.id} ({lesson.kind}): {lesson.title}"]
    name = "L(w)" if lesson.kind == "descent" else "f(x)"
    function = f"  {name} = {to_text(item.expression)}"
    if isinstance(facts, SecantFacts):
        function += f", point x = {number(facts.x)}, f({number(facts.x)}) = {number(facts.y)}"
    body: list[str]
    if isinstance(facts, LimitFacts):
        body = _limit(facts)
    elif isinstance(facts, SecantFacts):
        body = _secant(facts)
    elif isinstance(facts, SlopeFacts):
        body = _slopes(facts)
    elif isinstance(facts, StretchFacts):
        body = _stretch(facts)
    elif isinstance(facts, ChainFacts):
        body = _chain(facts)
    else:
        body = _descent(facts)
    return "\n".join([*head, function, *body])
