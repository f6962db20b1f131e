"""Scripts for the ear: what the narrator says in each beat, apart from the caption.

A caption is short and shows symbols; a script is said aloud, so it is written in full
sentences that describe what appears on screen (an audio description, WCAG 2.2 1.2.5) and
carries the lesson's numbers from its facts. Each kind's module here writes its sentences in
caption notation (``f(x) = x^2``, ``h = 0.5``) and :func:`spoken` puts every sentence through the
verbaliser (:func:`derivanim.speech.say`), so the voice hears words, never symbols. A kind
declares its scripts with :attr:`derivanim.kinds.Kind.script`.

Examples
--------
>>> from derivanim.facts import example
>>> lesson = example(kind="secant", function="x^2", point=2)
>>> print(script_for(lesson)["first"])  # doctest: +NORMALIZE_WHITESPACE
A secant line joins the point at x equals two to a second point h equals two to the right,
at x equals four, and a right triangle marks its run of two and its rise of twelve. Its slope,
rise over run, is six.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from derivanim.speech import say


def names(lesson: Any) -> tuple[str, str]:
    """The function's and the variable's names as a lesson writes them: ``("f", "x")``.

    This is the one place scripts take names from: the lesson's own letters
    (:meth:`derivanim.kinds.base.LessonConfig.notation`, ``variable = "t"`` and ``name = "s"``
    in a config), or, for a kind that names its own symbols (a map ``F(x, y)``), the kind's
    :attr:`~derivanim.kinds.Kind.function_name`.

    Examples
    --------
    >>> from derivanim.facts import example
    >>> names(example(kind="secant", function="x^2", point=2))
    ('f', 'x')
    >>> names(example(kind="secant", function="5t^2", point=1, variable="t", name="s"))
    ('s', 't')
    >>> names(example(kind="descent", function="(w - 2)^2"))
    ('L', 'w')
    """
    from derivanim.kinds import kind_of  # the registry imports the script modules

    config = lesson.lesson
    notation = config.notation()
    if config.function_label() == notation.function:
        return notation.name, notation.variable
    function, _, rest = kind_of(config.kind).function_name.partition("(")
    return function.strip(), rest.rstrip(")").strip()


def spoken(sentences: Mapping[str, str]) -> dict[str, str]:
    """Every beat's sentences, written in caption notation, said as words.

    Examples
    --------
    >>> spoken({"question": "How steep is f(x) = x^2 at x = 2?"})
    {'question': 'How steep is f of x equals x squared at x equals two?'}
    """
    return {key: say(text) for key, text in sentences.items()}


def script_for(lesson: Any) -> dict[str, str]:
    """A lesson's scripts, beat key -> what the voice says; empty for a kind without any."""
    from derivanim.kinds import kind_of

    writer = kind_of(lesson.lesson.kind).script
    return writer(lesson) if writer is not None else {}
