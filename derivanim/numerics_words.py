"""What the numerics lesson says, built from its facts: powers of ten and small errors as
captions write them, which guides are missing and why, and how the errors behave.

Examples
--------
>>> from derivanim.expressions import parse_expression, symbol
>>> from derivanim.numerics import numerics_facts
>>> facts = numerics_facts(parse_expression("sin(x)"), symbol("x"), 1.2)
>>> power_text(facts.best_forward.exponent), scientific_text(facts.best_forward.error)
('10⁻⁸', '4.4 × 10⁻¹⁰')
"""

from __future__ import annotations

import math

from derivanim.analysis import show
from derivanim.error_plot import zero_errors
from derivanim.numerics import NumericsFacts

SUPERSCRIPTS = str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹")


def power_text(exponent: int) -> str:
    """10 to a power, as a caption writes it.

    Examples
    --------
    >>> power_text(-8), power_text(-15)
    ('10⁻⁸', '10⁻¹⁵')
    """
    return "10" + str(exponent).translate(SUPERSCRIPTS)


def scientific(value: float, digits: int = 2) -> tuple[str, int]:
    """A positive number as a mantissa of ``digits`` significant digits and a power of ten.

    Examples
    --------
    >>> scientific(4.36e-10), scientific(0.0466), scientific(9.99e-5)
    (('4.4', -10), ('4.7', -2), ('1.0', -4))
    """
    mantissa, exponent = f"{value:.{digits - 1}e}".split("e")
    return mantissa, int(exponent)


def scientific_text(value: float) -> str:
    """A small error as a caption writes it: ``4.4 × 10⁻¹⁰``, or ``0`` when it is exactly 0.

    Examples
    --------
    >>> scientific_text(4.36e-10), scientific_text(0.0)
    ('4.4 × 10⁻¹⁰', '0')
    """
    if value == 0:
        return "0"
    mantissa, exponent = scientific(value)
    return f"{mantissa} × {power_text(exponent)}"


def scientific_latex(value: float) -> str:
    r"""A small error in TeX: ``4.4 \times 10^{-10}``, or ``0``.

    Examples
    --------
    >>> scientific_latex(2.43e-12)
    '2.4 \\times 10^{-12}'
    """
    if value == 0:
        return "0"
    mantissa, exponent = scientific(value)
    return rf"{mantissa} \times 10^{{{exponent}}}"


def guide_notes(facts: NumericsFacts) -> list[str]:
    """Why a guide line is missing, one sentence each (empty when all three are drawn).

    Examples
    --------
    >>> from derivanim.expressions import parse_expression, symbol
    >>> from derivanim.numerics import numerics_facts
    >>> for line in guide_notes(numerics_facts(parse_expression("x^2"), symbol("x"), 3)):
    ...     print(line)
    f‴(3) = 0: the central error has no h² term, it shrinks faster (no guide of slope 2).
    """
    n = facts.notation
    a = show(facts.x)
    notes = []
    if facts.forward_guide is None:
        notes.append(_missing(f"{n.name}″({a})", facts.second, "the forward error has no h term", 1))
    if facts.central_guide is None:
        notes.append(_missing(f"{n.name}‴({a})", facts.third, "the central error has no h² term", 2))
    if facts.roundoff is None:
        notes.append(f"{n.name}({a}) = 0: round-off is far below ε/h (no floor line).")
    return notes


def _missing(name: str, value: float, consequence: str, order: int) -> str:
    if math.isnan(value):
        return f"{name} does not exist: no guide of slope {order}."
    return f"{name} = 0: {consequence}, it shrinks faster (no guide of slope {order})."


def climbs_back(facts: NumericsFacts, name: str) -> bool:
    """Whether a method's error grows again below its best step (round-off taking over).

    Examples
    --------
    >>> from derivanim.expressions import parse_expression, symbol
    >>> from derivanim.numerics import numerics_facts
    >>> x = symbol("x")
    >>> climbs_back(numerics_facts(parse_expression("sin(x)"), x, 1.2), "forward")
    True
    >>> climbs_back(numerics_facts(parse_expression("x^2"), x, 0), "forward")
    False
    """
    best = getattr(facts, f"best_{name}")
    return getattr(facts.steps[-1], f"{name}_error") > 10 * best.error


def error_story(facts: NumericsFacts) -> tuple[str, str, str]:
    """How the plotted errors behave: a caption sentence, a short line for the screen, and a
    shorter fallback.

    Examples
    --------
    >>> from derivanim.expressions import parse_expression, symbol
    >>> from derivanim.numerics import numerics_facts
    >>> x = symbol("x")
    >>> error_story(numerics_facts(parse_expression("sin(x)"), x, 1.2))[1]
    'Smaller h helps, until it hurts.'
    >>> print(error_story(numerics_facts(parse_expression("x^2"), x, 0))[0])
    The forward error falls as h shrinks. Errors of exactly 0 have no logarithm: they are drawn hollow on the bottom edge.
    """
    both = climbs_back(facts, "forward") and climbs_back(facts, "central")
    either = climbs_back(facts, "forward") or climbs_back(facts, "central")
    if both:
        caption = "Both errors fall as h shrinks, until they turn and climb back up."
        short = ("Smaller h helps, until it hurts.", "Down, then up.")
    elif either:
        turning = "forward" if climbs_back(facts, "forward") else "central"
        caption = f"The errors fall as h shrinks; the {turning} one turns and climbs back up."
        short = ("Smaller h helps, until it hurts.", "Down, then up.")
    else:
        falling = [name for name in ("forward", "central")
                   if any(getattr(s, f"{name}_error") > 0 for s in facts.steps)]
        if falling:
            subject = "Both errors fall" if len(falling) == 2 else f"The {falling[0]} error falls"
            caption = f"{subject} as h shrinks."
        else:
            caption = "Both errors are exactly 0 here."
        short = ("Smaller h, smaller error.", "Smaller h helps.")
    if zero_errors(facts):
        caption += (" Errors of exactly 0 have no logarithm: they are drawn hollow on the "
                    "bottom edge.")
        short = ("Hollow: error exactly 0, drawn at the bottom edge.", "Hollow: error exactly 0.")
    return caption, *short


def guide_story(facts: NumericsFacts) -> tuple[str, str, str]:
    """What the guide lines predict: a caption, a short line for the screen, and a fallback.

    Examples
    --------
    >>> from derivanim.expressions import parse_expression, symbol
    >>> from derivanim.numerics import numerics_facts
    >>> story = guide_story(numerics_facts(parse_expression("sin(x)"), symbol("x"), 1.2))
    >>> print(story[0])
    Truncation predicts the fall: the forward error is about h/2 times |f″|, slope 1; the central error about h²/6 times |f‴|, slope 2. Below, round-off of about ε/h takes over.
    >>> story[1:]
    ('Truncation: slopes 1 and 2. Round-off: ε/h.', 'Slopes 1 and 2, then ε/h.')
    """
    n = facts.notation
    parts, slopes = [], []
    if facts.forward_guide is not None:
        parts.append(f"the forward error is about h/2 times |{n.name}″|, slope 1")
        slopes.append("1")
    if facts.central_guide is not None:
        parts.append(f"the central error about h²/6 times |{n.name}‴|, slope 2")
        slopes.append("2")
    sentences = ["Truncation predicts the fall: " + "; ".join(parts) + "."] if parts else []
    if facts.roundoff is not None:
        sentences.append("Below, round-off of about ε/h takes over.")
    sentences += guide_notes(facts)
    if zero_errors(facts) == 2 * len(facts.steps):
        sentences.append("Here float64 gets every quotient exactly right, so no error reaches "
                         "these lines.")
    slope_words = " and ".join(slopes)
    noun = "slopes" if len(slopes) > 1 else "slope"
    if slopes and facts.roundoff is not None:
        short = (f"Truncation: {noun} {slope_words}. Round-off: ε/h.",
                 f"{noun.capitalize()} {slope_words}, then ε/h.")
    elif slopes:
        short = (f"Truncation: {noun} {slope_words}.", f"{noun.capitalize()} {slope_words}.")
    elif facts.roundoff is not None:
        short = ("Round-off: ε/h.", "ε/h")
    else:
        short = ("No guide lines here.", "No guides.")
    return " ".join(sentences), *short
