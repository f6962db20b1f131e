"""Practice questions: what a learner is asked after (or before) a lesson's reveal.

Every kind computes its questions from its own facts (:attr:`derivanim.kinds.Kind.practice`), so
a user's own function gets its own questions and their answers always agree with the video. A
question is either numeric (an answer with a stated tolerance) or a choice among a few words
(a sign, an effect, an outcome); each carries a one-line "why" shown after the answer.

The course page and the embed page check answers in the browser with the same rule as
:func:`accepts`: a number within the tolerance, or the chosen word.

Examples
--------
>>> q = numeric("h shrinks to 0.5: what is the secant slope?", 4.5, "Rise 2.25 over run 0.5.")
>>> q.tolerance, accepts(q, "4.5"), accepts(q, " 4.49 "), accepts(q, "4.4"), accepts(q, "four")
(0.05, True, True, False, False)
>>> c = choice("f'(0.25) = 0.5: stretch, squish, flip or collapse?", EFFECTS, "squish",
...            "|0.5| < 1 shrinks a small piece.")
>>> accepts(c, "squish"), accepts(c, "stretch"), document([c])[0]["choices"]
(True, False, ['stretch', 'squish', 'flip', 'collapse'])
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass
from typing import Any

from derivanim.numbers import number

EFFECTS = ("stretch", "squish", "flip", "collapse")
"""What a derivative does to a small piece of the number line, as a learner picks it."""

SIGNS = ("rising", "falling", "flat")
"""How a curve goes at a point, as a learner picks it."""


@dataclass(frozen=True)
class Question:
    """One practice question.

    Attributes
    ----------
    question : str
        What the learner is asked, in a sentence.
    answer : float or str
        The number expected, or the right one of ``choices``.
    why : str
        One line that explains the answer, shown once the learner has answered.
    choices : tuple of str
        The words to choose from (empty for a numeric question).
    tolerance : float
        How far a numeric answer may be from ``answer`` and still count (0 for a choice).
    reveal : str
        The title of the chapter whose beat shows the answer ("" when none does): a learner
        may predict before it, and check after it.
    """

    question: str
    answer: float | str
    why: str
    choices: tuple[str, ...] = ()
    tolerance: float = 0.0
    reveal: str = ""


def tolerance_for(value: float) -> float:
    """The tolerance of a numeric answer: half a unit of its second significant digit.

    So 4.5 accepts 4.45 to 4.55, and 0.313 accepts 0.31; a zero accepts up to 0.005.

    Examples
    --------
    >>> tolerance_for(4.5), tolerance_for(0.313), tolerance_for(-16.58), tolerance_for(0.0)
    (0.05, 0.005, 0.5, 0.005)
    """
    if value == 0 or not math.isfinite(value):
        return 0.005
    return float(f"{0.5 * 10.0 ** (math.floor(math.log10(abs(value))) - 1):.1e}")


def numeric(question: str, answer: float, why: str, tolerance: float | None = None,
            reveal: str = "") -> Question:
    """A question answered with a number (tolerance from :func:`tolerance_for` unless given).

    Raises
    ------
    ValueError
        When the answer is not a finite number (no question can ask for it).

    Examples
    --------
    >>> numeric("f'(2)?", 4.0, "2x at 2.").tolerance
    0.05
    >>> numeric("f(0)?", float("nan"), "")
    Traceback (most recent call last):
    ...
    ValueError: a numeric answer must be finite (got nan)
    """
    if not math.isfinite(answer):
        raise ValueError(f"a numeric answer must be finite (got {answer})")
    width = tolerance_for(answer) if tolerance is None else tolerance
    return Question(question=question, answer=float(answer), why=why, tolerance=width,
                    reveal=reveal)


def choice(question: str, choices: Sequence[str], answer: str, why: str,
           reveal: str = "") -> Question:
    """A question answered by picking one of ``choices``.

    Raises
    ------
    ValueError
        When the answer is not one of the choices.

    Examples
    --------
    >>> choice("Sign?", SIGNS, "up", "")
    Traceback (most recent call last):
    ...
    ValueError: answer 'up' is not one of rising, falling, flat
    """
    if answer not in choices:
        raise ValueError(f"answer {answer!r} is not one of {', '.join(choices)}")
    return Question(question=question, answer=answer, why=why, choices=tuple(choices),
                    reveal=reveal)


_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")


def read_number(text: str) -> float | None:
    """A learner's number: decimal or ``a/b``, with a minus sign written either way.

    Examples
    --------
    >>> read_number("4.5"), read_number("−3"), read_number("1/4"), read_number("x"), read_number("1/0")
    (4.5, -3.0, 0.25, None, None)
    """
    cleaned = text.strip().replace("\u2212", "-").replace(" ", "")
    top, slash, bottom = cleaned.partition("/")
    if not _NUMBER.match(top) or (slash and not _NUMBER.match(bottom)):
        return None
    if not slash:
        return float(top)
    return float(top) / float(bottom) if float(bottom) else None


def accepts(question: Question, given: str) -> bool:
    """Whether ``given`` answers the question (the rule the pages' script applies too)."""
    if question.choices:
        return given.strip() == question.answer
    value = read_number(given)
    return value is not None and abs(value - float(question.answer)) <= question.tolerance + 1e-12


def document(questions: Iterable[Question]) -> list[dict[str, Any]]:
    """The questions as JSON-ready objects (the facts' ``practice`` list)."""
    return [{**asdict(item), "choices": list(item.choices)} for item in questions]


def no_practice(facts: Any) -> list[Question]:
    """The practice of a kind that asks nothing yet."""
    return []


def signed(value: float) -> str:
    """A number for a question's text, with a minus sign that reads as one.

    Examples
    --------
    >>> signed(-6.0), signed(0.1304237)
    ('−6', '0.1304')
    """
    return number(value).replace("-", "\u2212")


def schema() -> dict[str, Any]:
    """The JSON Schema of a lesson's ``practice`` list (a new copy on every call).

    Examples
    --------
    >>> schema()["items"]["required"][:2]
    ['question', 'answer']
    """
    return {
        "type": "array",
        "items": {
            "type": "object",
            "required": ["question", "answer", "tolerance", "why", "choices", "reveal"],
            "additionalProperties": False,
            "properties": {
                "question": {"type": "string"}, "answer": {"type": ["number", "string"]},
                "tolerance": {"type": "number", "minimum": 0}, "why": {"type": "string"},
                "choices": {"type": "array", "items": {"type": "string"}},
                "reveal": {"type": "string"},
            },
        },
    }
