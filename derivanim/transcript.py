"""A lesson's transcript: its script beat by beat, with timestamps and the formulas as text.

The transcript is what a viewer reads instead of (or beside) the video: each beat's chapter
title with the moment it starts, the beat's caption whole (not cut into cues) with its
formulas made readable (:func:`derivanim.readable.readable`), and the lesson's summary lines at
the end. It comes as plain text (``<id>.transcript.txt``) and as a small self-contained,
accessible HTML page (``<id>.transcript.html``: a language, a title, one heading per chapter,
no scripts and nothing loaded from anywhere).

Examples
--------
>>> beats = [("The question", "How steep is x^2 at x = 2?", 0.0, 5.2),
...          ("The answer", "f'(2) = 4.", 5.2, 65.0)]
>>> print(transcript_text("Slopes", beats, ["The slope is 2*x^1, so 4."]))
Slopes
======
<BLANKLINE>
0:00  The question
How steep is x² at x = 2?
<BLANKLINE>
0:05  The answer
f′(2) = 4.
<BLANKLINE>
In short
--------
- The slope is 2x¹, so 4.
<BLANKLINE>
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Sequence

from derivanim.numbers import clock
from derivanim.readable import readable

Beat = tuple[str, str, float, float]
"""One beat as the pipeline records it: (chapter title, caption, start, end) in seconds."""

STYLE = ("body{font:1.05rem/1.6 system-ui,sans-serif;max-width:42rem;margin:2rem auto;"
         "padding:0 1rem}h2{font-size:1.1rem;margin-top:1.6rem}"
         "time{font-variant-numeric:tabular-nums;margin-right:.5em}")
"""The page's only styling, inline."""

POLICY = "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'"
"""The page's Content-Security-Policy: it loads nothing and runs nothing."""


def duration(seconds: float) -> str:
    """A moment as an HTML ``<time datetime>`` duration.

    Examples
    --------
    >>> duration(65.25), duration(0)
    ('PT1M5S', 'PT0S')
    """
    minutes, secs = divmod(int(max(0.0, seconds)), 60)
    return f"PT{minutes}M{secs}S" if minutes else f"PT{secs}S"


def _paragraph(caption: str) -> str:
    """A caption as one readable paragraph (whitespace collapsed)."""
    return " ".join(readable(caption).split())


def transcript_text(title: str, beats: Iterable[Beat], summary: Sequence[str] = (),
                    scripts: Sequence[str] = ()) -> str:
    """The plain-text transcript: the title, then each beat's start, chapter, caption and
    script (what the narrator says, describing what appears; given even for a silent lesson).

    Beats without a caption keep their heading; the summary lines (made readable too) close
    it as a list.

    Examples
    --------
    >>> print(transcript_text("S", [("Start", "x^2", 0.0, 2.0)], scripts=["A curve is drawn."]))
    S
    =
    <BLANKLINE>
    0:00  Start
    x²
    Described: A curve is drawn.
    <BLANKLINE>
    """
    heading = " ".join(title.split()) or "Transcript"
    parts = [f"{heading}\n{'=' * len(heading)}\n"]
    for index, (chapter, caption, start, _end) in enumerate(beats):
        start = round(start, 3)  # to the millisecond, as the manifest and chapters give it
        text = _paragraph(caption)
        said = _said(scripts, index)
        parts.append(f"{clock(start)}  {chapter}\n" + (f"{text}\n" if text else "")
                     + (f"Described: {said}\n" if said else ""))
    lines = [_paragraph(line) for line in summary if line.strip()]
    if lines:
        parts.append("In short\n--------\n" + "".join(f"- {line}\n" for line in lines))
    return "\n".join(parts)


def _said(scripts: Sequence[str], index: int) -> str:
    """The script of beat ``index``, whitespace collapsed; empty when there is none."""
    return " ".join(scripts[index].split()) if index < len(scripts) else ""


def transcript_html(title: str, beats: Iterable[Beat], summary: Sequence[str] = (),
                    video: str = "", scripts: Sequence[str] = ()) -> str:
    """The transcript as a small self-contained HTML page.

    Parameters
    ----------
    title : str
        The lesson's title (the page's ``<title>`` and ``<h1>``).
    beats : iterable of (chapter, caption, start, end)
        The lesson's beats, in order: one ``<section>`` with an ``<h2>`` (its start as a
        ``<time>`` and its chapter title) and the caption as a paragraph each.
    summary : sequence of str
        The lesson's summary lines, listed at the end under "In short".
    video : str
        The video's file name beside the page, linked from it when given.
    scripts : sequence of str
        Each beat's script (what the narrator says, describing what appears), shown after
        its caption.

    Returns
    -------
    str
        The HTML text; all text is escaped.

    Examples
    --------
    >>> page = transcript_html("Slopes <3", [("Start", "x^2", 65.0, 70.0)], video="a.mp4")
    >>> "<title>Slopes &lt;3: transcript</title>" in page, '<time datetime="PT1M5S">1:05</time>' in page
    (True, True)
    >>> "<script" in page, "x²" in page, 'href="a.mp4"' in page
    (False, True, True)
    """
    name = " ".join(title.split()) or "Lesson"
    sections = []
    for index, (chapter, caption, start, _end) in enumerate(beats, start=1):
        start = round(start, 3)  # to the millisecond, as the manifest and chapters give it
        text = _paragraph(caption)
        body = f"\n  <p>{html.escape(text)}</p>" if text else ""
        said = _said(scripts, index - 1)
        if said:
            body += f'\n  <p class="described">{html.escape(said)}</p>'
        sections.append(
            f'<section aria-labelledby="beat-{index}">\n'
            f'  <h2 id="beat-{index}"><time datetime="{duration(start)}">{clock(start)}</time>'
            f"{html.escape(chapter)}</h2>{body}\n</section>")
    lines = [_paragraph(line) for line in summary if line.strip()]
    if lines:
        items = "".join(f"\n  <li>{html.escape(line)}</li>" for line in lines)
        sections.append(f'<section aria-labelledby="summary">\n  <h2 id="summary">In short</h2>'
                        f"\n  <ul>{items}\n  </ul>\n</section>")
    link = (f'\n<p><a href="{html.escape(video, quote=True)}">Watch the video</a></p>'
            if video else "")
    body = "\n".join(sections)
    return f"""<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<meta http-equiv="Content-Security-Policy" content="{POLICY}">
<title>{html.escape(name)}: transcript</title>
<style>{STYLE}</style>
</head>
<body>
<main>
<h1>{html.escape(name)}</h1>
<p>Transcript of the video, chapter by chapter, with the time each chapter starts.</p>{link}
{body}
</main>
</body>
</html>
"""
