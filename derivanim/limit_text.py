"""What a limit lesson writes: TeX and sentences built from its facts.

The formulas (plugging the point in, the one-sided limits, the answer) and the lines and
captions of each beat depend only on the :class:`~derivanim.limits.LimitFacts`, so they are
decided here, where they can be checked without drawing anything.

Examples
--------
>>> from derivanim.expressions import parse_expression, symbol
>>> from derivanim.limits import limit_facts
>>> facts = limit_facts(parse_expression("sin(x)/x"), symbol("x"), 0)
>>> conclusion_latex(facts), heading("left", facts.left)[1]
('\\\\lim_{x \\\\to 0} f(x) = 1', 'Left: heading for 1.')
>>> agreement_words(facts)[0]
('Both sides agree on 1.', 'Both sides agree.')
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import sympy

from derivanim.limits import LimitFacts, TableRow
from derivanim.notation import Notation
from derivanim.numbers import number


def point_text(point: float) -> str:
    """The point as it appears inside a formula (negative points in parentheses).

    Examples
    --------
    >>> point_text(0.0), point_text(-1.0), point_text(0.5)
    ('0', '(-1)', '0.5')
    """
    text = number(point)
    return f"({text})" if point < 0 else text


def plug_in_latex(expression: sympy.Expr, variable: sympy.Symbol, point: float,
                  value: float | None, n: Notation = Notation()) -> tuple[tuple[str, str], str]:
    """What plugging the point into f gives, as TeX, and which case it is.

    Returns
    -------
    tex : pair of str
        ``f(a) = <f with a written in> = <outcome>``, and ``f(a) = <outcome>`` for frames too
        narrow for the first.
    case : {"value", "zero-over-zero", "over-zero", "undefined"}
        A number, 0/0, c/0, or no number for another reason.

    Examples
    --------
    >>> from derivanim.expressions import parse_expression, symbol
    >>> x = symbol("x")
    >>> (full, short), case = plug_in_latex(parse_expression("sin(x)/x"), x, 0, None)
    >>> full
    'f(0) = \\\\frac{\\\\sin{\\\\left(0 \\\\right)}}{0} = \\\\frac{0}{0}'
    >>> short, case
    ('f(0) = \\\\frac{0}{0}', 'zero-over-zero')
    >>> plug_in_latex(parse_expression("1/x"), x, 0, None)[1]
    'over-zero'
    >>> plug_in_latex(parse_expression("x^2"), x, -1, 1.0)[0]
    ('f(-1) = (-1)^{2} = 1', 'f(-1) = 1')
    """
    written = sympy.latex(expression, symbol_names={variable: point_text(point)})
    name = rf"{n.name}({number(point)})"
    if value is not None:
        outcome, case = number(value), "value"
    else:
        numerator, denominator = sympy.fraction(expression)
        at = sympy.nsimplify(point)
        top = sympy.N(numerator.subs(variable, at))
        bottom = sympy.N(denominator.subs(variable, at))
        if bottom == 0 and top.is_number and top.is_finite and top.is_real:
            outcome = rf"\frac{{{number(float(top))}}}{{0}}"
            case = "zero-over-zero" if top == 0 else "over-zero"
        else:
            outcome, case = r"\text{undefined}", "undefined"
    if written == outcome:  # already reads c/0: say nothing twice
        return (rf"{name} = {written}", rf"{name} = {outcome}"), case
    return (rf"{name} = {written} = {outcome}", rf"{name} = {outcome}"), case


def _limit_value_latex(value: float | None, short: bool = False) -> str:
    if value is None:
        return r"\text{none}" if short else r"\text{no single value}"
    if math.isinf(value):
        return r"+\infty" if value > 0 else r"-\infty"
    return number(value)


def side_latex(point: float, side: int, value: float | None, n: Notation = Notation()) -> tuple[str, str]:
    """The one-sided limit as TeX: where f heads as x approaches from one side.

    Returns the full form and a compact one, for frames too narrow for the first.

    Examples
    --------
    >>> side_latex(0, -1, -1.0)[0]
    'x \\\\to 0^{-} \\\\colon\\\\; f(x) \\\\to -1'
    >>> side_latex(0, 1, math.inf)[1]
    '0^{+} \\\\colon\\\\; f \\\\to +\\\\infty'
    >>> side_latex(2, 1, None)[0]
    'x \\\\to 2^{+} \\\\colon\\\\; \\\\text{no single value}'
    >>> side_latex(2, 1, None)[1]
    '2^{+} \\\\colon\\\\; \\\\text{none}'
    """
    end = rf"{number(point)}^{{{'-' if side < 0 else '+'}}} \colon\; "
    if value is None:
        return rf"{n.variable} \to {end}" + _limit_value_latex(value), end + _limit_value_latex(value, True)
    full = rf"{n.variable} \to {end}{n.function} \to {_limit_value_latex(value)}"
    return full, rf"{end}{n.name} \to {_limit_value_latex(value)}"


def conclusion_latex(facts: LimitFacts) -> str:
    """The answer as TeX: the limit, or why there is none.

    Examples
    --------
    >>> from derivanim.expressions import parse_expression, symbol
    >>> from derivanim.limits import limit_facts
    >>> x = symbol("x")
    >>> conclusion_latex(limit_facts(parse_expression("sin(x)/x"), x, 0))
    '\\\\lim_{x \\\\to 0} f(x) = 1'
    >>> conclusion_latex(limit_facts(parse_expression("abs(x)/x"), x, 0))
    '\\\\text{no limit}'
    """
    n = facts.notation
    a = number(facts.point)
    if facts.behaviour == "continuous":
        return rf"\lim_{{{n.variable} \to {a}}} {n.function} = {number(facts.limit)} = {n.name}({a})"
    if facts.behaviour == "removable":
        return rf"\lim_{{{n.variable} \to {a}}} {n.function} = {number(facts.limit)}"
    return {
        "jump": r"\text{no limit}",
        "infinite": r"\text{no finite limit}",
    }.get(facts.behaviour, r"\text{no limit}")


def heading(side: str, value: float | None) -> tuple[str, str]:
    """A short sentence on where one side heads, and a shorter one for narrow frames.

    Examples
    --------
    >>> heading("left", 1.0)
    ('From the left: heading for 1.', 'Left: heading for 1.')
    >>> heading("right", math.inf)[0], heading("left", None)[1]
    ('From the right: growing without bound.', 'Left: no single value.')
    """
    short = side.capitalize()
    if value is None:
        return f"From the {side}: no single value emerges.", f"{short}: no single value."
    if math.isinf(value):
        trend = "growing" if value > 0 else "falling"
        return f"From the {side}: {trend} without bound.", f"{short}: {trend} without bound."
    target = number(value)
    return f"From the {side}: heading for {target}.", f"{short}: heading for {target}."



def plug_in_words(case: str, point: float, value: float | None, n: Notation = Notation()) -> tuple[tuple[str, str], str]:
    """What the plug-in beat says: a line for the screen (and a shorter one) and a caption.

    Parameters
    ----------
    case : {"value", "zero-over-zero", "over-zero", "undefined"}
        What plugging in gave, as :func:`plug_in_latex` reports it.
    point : float
        The point plugged in.
    value : float or None
        f at the point (used when ``case`` is ``"value"``).

    Examples
    --------
    >>> plug_in_words("zero-over-zero", 0.0, None)[0]
    ('Plugging in x = 0 gives 0/0: no value.', 'Plugging in gives 0/0: no value.')
    >>> plug_in_words("value", 3.0, 9.0)[0]
    ('Plugging in gives 9. And nearby?', 'f(3) = 9. And nearby?')
    >>> plug_in_words("over-zero", 0.0, None)[0][1]
    'Plugging in gives no value.'
    """
    a = number(point)
    if case == "value":
        caption = (f"The obvious first try is to plug in {a}: {n.name}({a}) = {number(value)}. "
                   "But the value at the point does not tell us what happens near it.")
        return (f"Plugging in gives {number(value)}. And nearby?",
                f"{n.name}({a}) = {number(value)}. And nearby?"), caption
    if case == "zero-over-zero":
        caption = (f"The obvious first try is to plug in {a}. Top and bottom both become 0, "
                   "and 0 over 0 is not a number: the formula is silent at the point itself.")
        return (f"Plugging in {n.variable} = {a} gives 0/0: no value.",
                "Plugging in gives 0/0: no value."), caption
    caption = (f"The obvious first try is to plug in {a}. That gives no number at all: "
               f"{n.name} is undefined at {a}. So we look at the points around it instead.")
    return (f"Plugging in {n.variable} = {a} gives no value.", "Plugging in gives no value."), caption


def approach_words(side: int, rows: Sequence[TableRow], n: Notation = Notation()) -> tuple[tuple[str, str], str]:
    """What the walk in from one side asks on screen (and shorter), and its caption.

    Parameters
    ----------
    side : {-1, 1}
        -1 for the walk from the left, 1 from the right.
    rows : sequence of TableRow
        The table's rows on that side, in the order the walk visits them.

    Examples
    --------
    >>> rows = [TableRow(-1.0, 0.5), TableRow(-0.5, None)]
    >>> ask, caption = approach_words(-1, rows)
    >>> ask
    ('From the left: guess where f heads.', 'From the left: guess!')
    >>> caption.endswith("the values read 0.5, undefined.")
    True
    >>> approach_words(1, rows)[0][1]
    'From the right: same place?'
    """
    values = ", ".join(number(row.value) for row in rows)
    if side < 0:
        caption = (f"First question: what do nearby values do? Walk in from the left. "
                   f"Guess first, then watch: the values read {values}.")
        return (f"From the left: guess where {n.name} heads.", "From the left: guess!"), caption
    caption = (f"Now from the right. Will the values head to the same place? "
               f"They read {values}.")
    return ("Now from the right. Same place?", "From the right: same place?"), caption


def agreement_words(facts: LimitFacts) -> tuple[tuple[str, str], str]:
    """Whether both sides agree: a line for the screen (and a shorter one) and a caption.

    Examples
    --------
    >>> from derivanim.expressions import parse_expression, symbol
    >>> from derivanim.limits import limit_facts
    >>> x = symbol("x")
    >>> agreement_words(limit_facts(parse_expression("abs(x)/x"), x, 0))[0]
    ('Left: -1. Right: 1. They disagree.', 'The two sides disagree.')
    >>> agreement_words(limit_facts(parse_expression("1/x^2"), x, 0))[0][1]
    'The values blow up.'
    """
    n = facts.notation
    a = number(facts.point)
    if facts.behaviour in ("continuous", "removable"):
        lines = (f"Both sides agree on {number(facts.limit)}.", "Both sides agree.")
        caption = ("Second question: do both sides agree? Yes. From the left and from the "
                   f"right, {n.name} heads for {number(facts.limit)}.")
    elif facts.behaviour == "jump":
        lines = (f"Left: {number(facts.left)}. Right: {number(facts.right)}. They disagree.",
                 "The two sides disagree.")
        caption = (f"Second question: do both sides agree? No. From the left {n.name} heads for "
                   f"{number(facts.left)}, from the right for {number(facts.right)}.")
    elif facts.behaviour == "infinite":
        lines = ("The values blow up: nothing to agree on.", "The values blow up.")
        caption = (f"Second question: do both sides agree? Near {a} the values grow without "
                   "bound, so there is no number for the two sides to agree on.")
    else:
        lines = ("No single value emerges to compare.", "No single value emerges.")
        caption = (f"Second question: do both sides agree? Near {a} the values never settle, "
                   "so there is no single value on each side to compare.")
    return lines, caption


def answer_words(facts: LimitFacts) -> tuple[tuple[str, ...], str]:
    """The answer: lines for the screen, longest first (the first that fits is shown), and a
    caption.

    Examples
    --------
    >>> from derivanim.expressions import parse_expression, symbol
    >>> from derivanim.limits import limit_facts
    >>> x = symbol("x")
    >>> answer_words(limit_facts(parse_expression("sin(x)/x"), x, 0))[0]
    ('The limit is 1, though f(0) is missing.', 'Limit 1; f(0) is missing.', 'The limit is 1.')
    >>> answer_words(limit_facts(parse_expression("x^2"), x, 3))[0][1]
    'Limit 9, and f(3) = 9.'
    """
    n = facts.notation
    a = number(facts.point)
    limit = number(facts.limit)
    question = "Third question: does a stable value emerge?"
    options: tuple[str, ...]
    if facts.behaviour == "continuous":
        options = (f"The limit is {limit}, and so is {n.name}({a}).",
                   f"Limit {limit}, and {n.name}({a}) = {limit}.")
        caption = (f"{question} Yes: the limit is {limit}, and here it matches {n.name}({a}), so the "
                   f"graph has no surprise at {a}.")
    elif facts.behaviour == "removable":
        options = (f"The limit is {limit}, though {n.name}({a}) is missing.",
                   f"Limit {limit}; {n.name}({a}) is missing.", f"The limit is {limit}.")
        caption = (f"{question} Yes: {limit}. The graph has a hole at ({a}, {limit}): the "
                   "limit is about approaching, not arriving.")
    elif facts.behaviour == "jump":
        options = ("No limit: the sides disagree.",)
        caption = (f"{question} Each side settles, but on different values, so there is "
                   "no limit.")
    elif facts.behaviour == "infinite":
        options = (f"No limit: {n.name} grows without bound.", "No limit: it blows up.")
        caption = (f"{question} No: near {a} the values grow without bound, off the chart. "
                   "There is no finite limit.")
    else:
        options = ("No stable value: no limit.",)
        caption = (f"{question} No: however close to {a} we look, the values keep changing. "
                   "There is no limit.")
    return options, caption


def takeaway_words(facts: LimitFacts) -> tuple[tuple[str, ...], str]:
    """The takeaway: lines for the screen, longest first, and a caption.

    Examples
    --------
    >>> from derivanim.expressions import parse_expression, symbol
    >>> from derivanim.limits import limit_facts
    >>> x = symbol("x")
    >>> takeaway_words(limit_facts(parse_expression("x^2"), x, 3))[0]
    ('Where f heads is where it is: continuous.', 'Limit = value: continuous.')
    >>> takeaway_words(limit_facts(parse_expression("abs(x)/x"), x, 0))[0][-1]
    'No shared value: no limit.'
    """
    n = facts.notation
    lines: tuple[str, ...]
    if facts.behaviour == "continuous":
        lines = (f"Where {n.name} heads is where it is: continuous.", "Limit = value: continuous.")
        caption = ("The takeaway: a limit is the value that nearby values settle on, from "
                   f"both sides. Here it equals {n.name}({number(facts.point)}): that is what "
                   "continuous means.")
    elif facts.exists:
        lines = (f"A limit is where {n.name} heads, not where it is.", f"A limit is where {n.name} heads.")
        caption = ("The takeaway: a limit is the value that nearby values settle on, from both "
                   "sides. It does not care what happens at the point itself.")
    else:
        lines = ("A limit needs both sides to settle on one number.",
                 "Both sides must settle on one number.", "No shared value: no limit.")
        caption = ("The takeaway: a limit exists only when the values from both sides settle "
                   "on one and the same number. Here they do not.")
    return lines, caption
