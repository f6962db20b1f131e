"""A beat's script cut into lines that are both a caption cue and one breath of the voice.

Narrated captions should be what the voice says (WCAG 2.2 1.2.2: captions carry the speech),
each cue starting when its words are heard. This module does the cutting and the timing; the
scenes and the mix do not use it yet (they still speak and caption a beat as a whole).

The script is written in caption notation (``f(x) = x^2``). :func:`script_lines` cuts it by
the caption rules of :func:`derivanim.captions.chunks` (whole sentences, as many to a cue as
fit, then clauses, never inside a formula), and each piece becomes one :class:`Line`: the text
a cue shows (written for the eye) and the text the voice is given (said in words by
:func:`derivanim.speech.say`). When the synthesiser speaks every line on its own, the length of
each is known exactly, and :func:`line_times` lays them end to end with a short pause after
each: a cue starts where its line's speech starts, by construction, and stays up long enough
to be read.

Examples
--------
>>> lines = script_lines("How steep is f(x) = x^2 at x = 2? A slope needs two points, "
...                      "and a secant line through two points of the curve has one.")
>>> [line.shown for line in lines]  # doctest: +NORMALIZE_WHITESPACE
['How steep is f(x) = x² at x = 2?', 'A slope needs two points,',
 'and a secant line through two points of the curve has one.']
>>> lines[0].said
'How steep is f of x equals x squared at x equals two?'
>>> [(round(start, 2), round(end, 2)) for start, end in line_times(lines, [2.5, 1.2, 3.0])]
[(0.0, 2.85), (2.85, 4.25), (4.25, 7.6)]
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from derivanim.captions import MAX_CHARS_PER_SECOND, MIN_SECONDS, chunks
from derivanim.readable import readable
from derivanim.speech import say

SENTENCE_PAUSE = 0.35
"""Seconds of quiet after a line that ends a sentence."""
CLAUSE_PAUSE = 0.2
"""Seconds of quiet after a line that ends at a comma, colon or semicolon."""
BREATH_PAUSE = 0.15
"""Seconds of quiet after a line cut between words (a clause too long for one cue)."""


@dataclass(frozen=True)
class Line:
    """One cue of a narrated beat and the words the voice says for it.

    Attributes
    ----------
    shown : str
        The cue's text, formulas written for the eye (``x²``, ``f′(x)``).
    said : str
        What the synthesiser is given: the same words with the math said aloud. A line cut
        inside a clause ends on a comma, so the voice keeps going instead of closing a sentence.
    pause : float
        Seconds of quiet after the line, before the next one is spoken.
    """

    shown: str
    said: str
    pause: float


def script_lines(script: str) -> list[Line]:
    """The script (caption notation) cut into the lines of its cues.

    Examples
    --------
    >>> [(line.shown, line.pause) for line in script_lines("At x = 0.5, f'(x) = 2*x is 1.")]
    [('At x = 0.5, f′(x) = 2x is 1.', 0.35)]
    >>> long = ("The second point slides toward the first while a table fills with every "
    ...         "value of h and the slope of its secant line")
    >>> [line.said for line in script_lines(long)]  # doctest: +NORMALIZE_WHITESPACE
    ['The second point slides toward the first while a table,',
     'fills with every value of h and the slope of its secant line']
    >>> script_lines("  ")
    []
    """
    lines = []
    cut = chunks(script)
    for index, pieces in enumerate(cut):
        written = " ".join(pieces)
        said = say(written)
        if written[-1] in ".?!":
            pause = SENTENCE_PAUSE
        elif written[-1] in ",;:":
            pause = CLAUSE_PAUSE
        else:
            pause = BREATH_PAUSE
            if index < len(cut) - 1:  # the voice goes on into the next line
                said += ","
        lines.append(Line(shown=readable(written), said=said, pause=pause))
    return lines


def line_times(lines: Sequence[Line], seconds: Sequence[float]) -> list[tuple[float, float]]:
    """When each line's cue starts and ends, from the start of its beat, given how long the
    voice takes to say each line (``seconds``).

    A line is spoken when the previous cue ends; its cue lasts while it is said and paused
    after, and longer where that is needed to read it at
    :data:`~derivanim.captions.MAX_CHARS_PER_SECOND` or to last
    :data:`~derivanim.captions.MIN_SECONDS` (the voice then waits too).

    Examples
    --------
    >>> lines = [Line("Yes.", "Yes.", 0.35), Line("A" * 60, "A", 0.35)]
    >>> line_times(lines, [0.4, 2.0])
    [(0.0, 1.0), (1.0, 4.0)]
    """
    if len(lines) != len(seconds):
        raise ValueError(f"{len(lines)} lines but {len(seconds)} speech lengths")
    times = []
    moment = 0.0
    for line, said in zip(lines, seconds):
        length = max(said + line.pause, MIN_SECONDS, len(line.shown) / MAX_CHARS_PER_SECOND)
        times.append((moment, moment + length))
        moment += length
    return times
