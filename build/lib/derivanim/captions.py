"""Captions and chapters from a lesson's beats: SubRip (.srt) and WebVTT (.vtt) text.

Each beat of a scene has a caption and a time span. A caption longer than two lines of about
42 characters (the usual broadcast limit) is split into several cues at word boundaries, each
given a share of the beat's time in proportion to its length, so a viewer never faces a wall
of text. Chapters are one cue per beat, named by the beat.

Examples
--------
>>> cues = caption_cues([("Intro", "Short one.", 0.0, 2.0)])
>>> print(to_vtt(cues))
WEBVTT
<BLANKLINE>
1
00:00:00.000 --> 00:00:02.000
Short one.
<BLANKLINE>
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

LINE_LENGTH = 42
"""Longest caption line, in characters."""
LINES_PER_CUE = 2


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
    millis = int(round(seconds * 1000))
    hours, millis = divmod(millis, 3_600_000)
    minutes, millis = divmod(millis, 60_000)
    secs, millis = divmod(millis, 1000)
    return f"{hours:02d}:{minutes:02d}:{secs:02d}{separator}{millis:03d}"


def wrap(text: str, width: int = LINE_LENGTH) -> list[str]:
    """Greedy word wrap into lines of at most ``width`` characters (longer words stand alone).

    Examples
    --------
    >>> wrap("The slopes close in on four as h shrinks towards zero.", 20)
    ['The slopes close in', 'on four as h shrinks', 'towards zero.']
    """
    lines: list[str] = []
    for word in text.split():
        if lines and len(lines[-1]) + 1 + len(word) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return lines


def split_caption(text: str, start: float, end: float) -> list[Cue]:
    """Split one beat's caption into cues of at most two lines, timed by their length.

    Examples
    --------
    >>> cues = split_caption("a " * 60, 0.0, 10.0)
    >>> len(cues), cues[0].start, cues[-1].end
    (2, 0.0, 10.0)
    >>> all(len(line) <= LINE_LENGTH for cue in cues for line in cue.text.splitlines())
    True
    """
    lines = wrap(text)
    chunks = [lines[i:i + LINES_PER_CUE] for i in range(0, len(lines), LINES_PER_CUE)] or [[""]]
    sizes = [sum(len(line) for line in chunk) or 1 for chunk in chunks]
    total = sum(sizes)
    cues = []
    moment = start
    for index, (chunk, size) in enumerate(zip(chunks, sizes)):
        finish = end if index == len(chunks) - 1 else moment + (end - start) * size / total
        cues.append(Cue(moment, finish, "\n".join(chunk)))
        moment = finish
    return cues


def caption_cues(beats: Iterable[tuple[str, str, float, float]]) -> list[Cue]:
    """Cues for every beat ``(name, caption, start, end)`` that has a caption and a duration."""
    cues: list[Cue] = []
    for _name, caption, start, end in beats:
        if caption.strip() and end > start:
            cues.extend(split_caption(caption, start, end))
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
