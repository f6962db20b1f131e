"""Captions and chapters from a lesson's beats: SubRip (.srt) and WebVTT (.vtt) text.

Each beat of a scene has a caption and a time span. Its formulas are first written for the
eye (:func:`derivanim.readable.readable`: ``x²``, ``2x``, ``g′(x)``), then it is cut into cues
by the usual broadcast and streaming rules:

* a cue holds at most :data:`LINES_PER_CUE` lines of at most :data:`LINE_LENGTH` characters;
* cues end at sentence boundaries first: whole sentences that fit together share a cue; a
  sentence too long for one cue is cut at its clause boundaries (a comma, colon, semicolon or
  dash outside brackets), and only a clause too long for one cue is cut between words;
* no line and no cue is ever broken inside a number or a formula: the words around ``=``,
  ``+``, ``-``, ``·``, ``/`` and ``→`` and everything inside brackets stay together (only a
  formula longer than a whole line is broken, between its words);
* the beat's caption time is shared out over its cues in proportion to their characters, so
  every cue of a beat is read at the same speed;
* every cue lasts at least :data:`MIN_SECONDS`: a cue that would be shorter is merged with a
  neighbour when the two fit in one cue, and otherwise given the second, taken from the others.

The reading speed of a beat's cues is its characters over its caption time. Where the beat
is long enough that is at most :data:`MAX_CHARS_PER_SECOND`; where a beat is shorter than its
caption needs, no split can help (a cue shown for less time is read faster), so the caption
keeps all its text, in as few full cues as the line limits allow, and reads faster than 20
characters a second: :func:`reading_speed` tells how fast. A beat too short to give each of
its cues a second shares the time it has in proportion. Chapters are one cue per beat.

Examples
--------
>>> cues = caption_cues([("Intro", "Short one: x^2.", 0.0, 2.0)])
>>> print(to_vtt(cues))
WEBVTT
<BLANKLINE>
1
00:00:00.000 --> 00:00:02.000
Short one: x².
<BLANKLINE>
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from derivanim.readable import readable

LINE_LENGTH = 42
"""Longest caption line, in characters."""
LINES_PER_CUE = 2
"""Most lines a cue shows at once."""
MIN_SECONDS = 1.0
"""Shortest time a cue stays on screen, where its beat has that much time to give."""
MAX_CHARS_PER_SECOND = 20.0
"""Fastest comfortable reading speed, in characters per second (spaces counted)."""

OPERATORS = frozenset({"=", "+", "-", "−", "·", "×", "/", "→", "≤", "≥", "≠", "<", ">", "≈"})
"""Signs a formula is never broken beside."""

_SENTENCE_END = re.compile(r"[.?!]$")
_CLAUSE_END = re.compile(r"[,;:]$")
_DASHES = frozenset({"—", "–", "--"})
_CLINGING = frozenset({"a", "an", "the", "of", "to", "in", "on", "at", "by", "for", "and", "or",
                       "with", "from", "is"})
"""Words a line should not end on: they belong with the words after them."""


@dataclass(frozen=True)
class Cue:
    """One timed piece of text."""

    start: float
    end: float
    text: str


def timestamp(seconds: float, separator: str = ".") -> str:
    """Format seconds as ``HH:MM:SS.mmm`` (VTT) or ``HH:MM:SS,mmm`` (SRT).

    Examples
    --------
    >>> timestamp(3725.5), timestamp(0.0456, ",")
    ('01:02:05.500', '00:00:00,046')
    """
    millis = round(seconds * 1000)
    hours, millis = divmod(millis, 3_600_000)
    minutes, millis = divmod(millis, 60_000)
    secs, millis = divmod(millis, 1000)
    return f"{hours:02d}:{minutes:02d}:{secs:02d}{separator}{millis:03d}"


def _depth(word: str) -> int:
    """How many more brackets a word opens than it closes."""
    return word.count("(") + word.count("[") - word.count(")") - word.count("]")


def atoms(text: str) -> list[str]:
    """The text's words, glued into pieces that no line or cue break may split.

    A break is allowed between two words only outside brackets and away from a formula's
    signs, so numbers and formulas such as ``x = 0`` or ``f(-0.5) = 0.9589`` stay whole.

    Examples
    --------
    >>> atoms("At x = 0 the slope, f′(0) = 3 - 1, is (0, 1).")
    ['At', 'x = 0', 'the', 'slope,', 'f′(0) = 3 - 1,', 'is', '(0, 1).']
    """
    pieces: list[str] = []
    depth = 0
    glue = False
    for word in text.split():
        if pieces and (glue or depth > 0 or word in OPERATORS):
            pieces[-1] += " " + word
        else:
            pieces.append(word)
        depth = max(0, depth + _depth(word))
        glue = word in OPERATORS
    return pieces


def sentences(text: str) -> list[str]:
    """The text cut after each ``.``, ``?`` or ``!`` that ends a word outside brackets.

    Examples
    --------
    >>> sentences("Is it 0.5? Yes: f(0.5) = 1. A hole at (0. 1) stays.")
    ['Is it 0.5?', 'Yes: f(0.5) = 1.', 'A hole at (0. 1) stays.']
    """
    return _cut(text, lambda word: bool(_SENTENCE_END.search(word)))


def clauses(sentence: str) -> list[str]:
    """A sentence cut after each comma, colon or semicolon outside brackets, and at dashes.

    Examples
    --------
    >>> clauses("It reads f(-1) = 0.8415, f(0, 1) = 2: they settle — slowly.")
    ['It reads f(-1) = 0.8415,', 'f(0, 1) = 2:', 'they settle', '— slowly.']
    """
    pieces = _cut(sentence, lambda word: bool(_CLAUSE_END.search(word)))
    split: list[str] = []
    for piece in pieces:
        words: list[str] = []
        for word in piece.split():
            if word in _DASHES and words:
                split.append(" ".join(words))
                words = []
            words.append(word)
        split.append(" ".join(words))
    return split


def _cut(text: str, ends: Callable[[str], bool]) -> list[str]:
    """Cut the text after every top-level word for which ``ends(word)`` is true."""
    pieces: list[str] = []
    words: list[str] = []
    depth = 0
    for word in text.split():
        words.append(word)
        depth = max(0, depth + _depth(word))
        if depth == 0 and ends(word):
            pieces.append(" ".join(words))
            words = []
    if words:
        pieces.append(" ".join(words))
    return pieces


def layout(pieces: Sequence[str], width: int = LINE_LENGTH) -> list[str] | None:
    """The pieces set as the lines of one cue, or None when they need more than two lines.

    One line when they fit in one; otherwise the break of two lines of at most ``width``
    characters that keeps the lines closest in length, preferring a break after a
    punctuation mark and avoiding one after an article, a preposition or a conjunction.

    Examples
    --------
    >>> layout(["How", "steep", "is", "it?", "A", "slope", "needs", "two", "points."], 26)
    ['How steep is it?', 'A slope needs two points.']
    >>> layout(["far", "too", "many", "words", "for", "two", "lines"], 8) is None
    True
    """
    whole = " ".join(pieces)
    if len(whole) <= width:
        return [whole]
    best: tuple[float, list[str]] | None = None
    for cut in range(1, len(pieces)):
        top, bottom = " ".join(pieces[:cut]), " ".join(pieces[cut:])
        if len(top) > width or len(bottom) > width:
            continue
        score = abs(len(top) - len(bottom)) - (width / 3 if top[-1] in ".?!,;:" else 0)
        score += width / 4 if top.rsplit(" ", 1)[-1].lower() in _CLINGING else 0
        if best is None or score < best[0]:
            best = (score, [top, bottom])
    return best[1] if best else None


def fits(pieces: Sequence[str]) -> bool:
    """Whether the pieces fit in one cue.

    Examples
    --------
    >>> fits(["x = 0"]), fits(["word"] * 30)
    (True, False)
    """
    return layout(pieces) is not None


def _words(pieces: Sequence[str]) -> list[str]:
    """The pieces, with any piece longer than a line (a very long formula) cut into its words."""
    return [word for piece in pieces
            for word in ([piece] if len(piece) <= LINE_LENGTH else piece.split())]


def _pack(groups: Sequence[list[str]]) -> list[list[str]]:
    """Neighbouring groups of pieces joined into the fewest cues, as even in length as can be.

    Each cue is a run of whole groups that fits; among the partitions with the fewest cues the
    one with the smallest sum of squared cue lengths wins (no short stray cue at the end).

    Examples
    --------
    >>> [" ".join(c) for c in _pack([["The slope points uphill,"], ["so we go the other way;"],
    ...                              ["eta,"], ["the learning rate,"], ["scales how far."]])]
    ['The slope points uphill, so we go the other way;', 'eta, the learning rate, scales how far.']
    """
    best: list[tuple[int, int, int]] = [(0, 0, 0)]  # (cues, sum of squares, start of last cue)
    for end in range(1, len(groups) + 1):
        options = []
        for begin in range(end - 1, -1, -1):
            run = [piece for group in groups[begin:end] for piece in group]
            if begin < end - 1 and not fits(run):
                break
            cues, squares, _ = best[begin]
            options.append((cues + 1, squares + len(" ".join(run)) ** 2, begin))
        best.append(min(options))
    cut: list[list[str]] = []
    end = len(groups)
    while end > 0:
        begin = best[end][2]
        cut.append([piece for group in groups[begin:end] for piece in group])
        end = begin
    return cut[::-1]


def chunks(text: str, boundaries: bool = True) -> list[list[str]]:
    """The caption cut into the pieces of its cues, by sentences, then clauses, then words.

    With ``boundaries`` false it is cut into the fewest cues the line limits allow, between
    any words (formulas still whole): the fallback for a beat too short for more cues.

    Examples
    --------
    >>> [" ".join(c) for c in chunks("How steep is this curve exactly at x = 1.2? "
    ...                              "A slope needs two points, and here we have only one.")]
    ['How steep is this curve exactly at x = 1.2?', 'A slope needs two points, and here we have only one.']
    """
    if not boundaries:
        return _pack([[word] for word in _words(atoms(text))])
    whole: list[list[str]] = []
    cut: list[list[str]] = []
    for sentence in sentences(text):
        pieces = atoms(sentence)
        if fits(pieces):
            whole.append(pieces)
            continue
        cut += _pack(whole) if whole else []
        whole = []
        run: list[list[str]] = []
        for clause in clauses(sentence):
            clause_pieces = atoms(clause)
            if fits(clause_pieces):
                run.append(clause_pieces)
                continue
            cut += _pack(run) if run else []
            run = []
            cut += _pack([[word] for word in _words(clause_pieces)])
        cut += _pack(run) if run else []
    return cut + (_pack(whole) if whole else [])


def _share(sizes: Sequence[int], seconds: float) -> list[float]:
    """Seconds for each cue: in proportion to its size, but at least MIN_SECONDS where possible."""
    if seconds < MIN_SECONDS * len(sizes):
        return [seconds * size / sum(sizes) for size in sizes]
    pinned: set[int] = set()
    while True:
        free = seconds - MIN_SECONDS * len(pinned)
        rest = sum(size for index, size in enumerate(sizes) if index not in pinned)
        shares = [MIN_SECONDS if index in pinned else free * size / rest
                  for index, size in enumerate(sizes)]
        short = {index for index, share in enumerate(shares) if share < MIN_SECONDS - 1e-9}
        if not short:
            return shares
        pinned |= short


def split_caption(text: str, start: float, end: float) -> list[Cue]:
    """Split one beat's (readable) caption into cues of at most two lines, timed by length.

    Examples
    --------
    >>> cues = split_caption("a " * 60, 0.0, 10.0)
    >>> len(cues), cues[0].start, cues[-1].end
    (2, 0.0, 10.0)
    >>> all(len(line) <= LINE_LENGTH for cue in cues for line in cue.text.splitlines())
    True
    >>> [c.text for c in split_caption("Is it? Yes. " + "And then a longer sentence " * 3, 0, 3)]
    ['Is it? Yes.', 'And then a longer sentence And then a\\nlonger sentence And then a longer sentence']
    """
    groups = chunks(text) or [[""]]
    if end - start < MIN_SECONDS * len(groups):
        groups = chunks(text, boundaries=False) or [[""]]
    while len(groups) > 1:
        sizes = [len(" ".join(group)) or 1 for group in groups]
        shares = _share(sizes, end - start)
        short = min(range(len(groups)), key=lambda index: shares[index])
        if shares[short] >= MIN_SECONDS - 1e-9:
            break
        partners = [i for i in (short - 1, short + 1) if 0 <= i < len(groups)
                    and fits(groups[min(i, short)] + groups[max(i, short)])]
        if not partners:
            break
        other = min(partners, key=lambda index: sizes[index])
        low = min(other, short)
        groups[low:low + 2] = [groups[low] + groups[low + 1]]
    sizes = [len(" ".join(group)) or 1 for group in groups]
    cues = []
    moment = start
    for index, (group, share) in enumerate(zip(groups, _share(sizes, end - start))):
        finish = end if index == len(groups) - 1 else moment + share
        lines = layout(group) or [" ".join(group)]
        cues.append(Cue(moment, finish, "\n".join(lines)))
        moment = finish
    return cues


def reading_seconds(caption: str) -> float:
    """How long a caption must stay up for every one of its cues to be read at
    :data:`MAX_CHARS_PER_SECOND` (and to last :data:`MIN_SECONDS`), in steps of 0.05 s.

    Examples
    --------
    >>> reading_seconds("How steep is x^2 at x = 2?")
    1.25
    >>> reading_seconds("Yes.")
    1.0
    >>> text = "Is it? Yes. " + "And then a longer sentence " * 3
    >>> seconds = reading_seconds(text)
    >>> max(reading_speed(cue) for cue in split_caption(readable(text), 0, seconds)) <= 20
    True
    """
    text = readable(caption)
    if not text.strip():
        return 0.0
    seconds = max(MIN_SECONDS, len(text) / MAX_CHARS_PER_SECOND)
    for _ in range(400):  # 20 s more at most: a cue is never that far off the average
        cues = split_caption(text, 0.0, seconds)
        if all(reading_speed(cue) <= MAX_CHARS_PER_SECOND + 1e-9 and
               cue.end - cue.start >= MIN_SECONDS - 1e-9 for cue in cues):
            break
        seconds = round(seconds + 0.05, 2)
    return seconds


def reading_speed(cue: Cue) -> float:
    """Characters per second a cue asks of its reader (line breaks count as spaces).

    Examples
    --------
    >>> reading_speed(Cue(1.0, 3.0, "twenty\\ncharacters!!!"))
    10.0
    """
    return len(cue.text) / max(cue.end - cue.start, 1e-9)


def caption_cues(beats: Iterable[tuple[str, str, float, float]]) -> list[Cue]:
    """Cues for every beat ``(name, caption, start, end)`` that has a caption and a duration.

    Examples
    --------
    >>> [c.text for c in caption_cues([("a", "g'(x) = 2*x.", 0.0, 2.0), ("b", " ", 2.0, 3.0)])]
    ['g′(x) = 2x.']
    """
    cues: list[Cue] = []
    for _name, caption, start, end in beats:
        if caption.strip() and end > start:
            cues.extend(split_caption(readable(caption), start, end))
    return cues


def chapter_cues(beats: Iterable[tuple[str, str, float, float]]) -> list[Cue]:
    """One chapter cue per beat, named after it.

    Examples
    --------
    >>> chapter_cues([("Question", "...", 0.0, 4.0), ("Answer", "...", 4.0, 9.5)])[1]
    Cue(start=4.0, end=9.5, text='Answer')
    """
    return [Cue(start, end, name) for name, _caption, start, end in beats if end > start]


def to_vtt(cues: Sequence[Cue]) -> str:
    """WebVTT text for the cues (what browsers' ``<track>`` elements read)."""
    blocks = ["WEBVTT\n"]
    for index, cue in enumerate(cues, start=1):
        blocks.append(f"{index}\n{timestamp(cue.start)} --> {timestamp(cue.end)}\n{cue.text}\n")
    return "\n".join(blocks)


def to_srt(cues: Sequence[Cue]) -> str:
    """SubRip text for the cues (what most video platforms and LMS uploads accept).

    Examples
    --------
    >>> print(to_srt([Cue(0.0, 1.5, "Hello")]))
    1
    00:00:00,000 --> 00:00:01,500
    Hello
    <BLANKLINE>
    """
    blocks = [
        f"{index}\n{timestamp(cue.start, ',')} --> {timestamp(cue.end, ',')}\n{cue.text}\n"
        for index, cue in enumerate(cues, start=1)
    ]
    return "\n".join(blocks)
