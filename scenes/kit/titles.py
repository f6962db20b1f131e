"""Lesson titles fitted to the title band, and the check that runs before any rendering.

A title is set in one line at title size if it fits, else at prose size, else in two or three
lines; the tall frames' band holds three prose lines only when their gaps close a little. A
title that fits none of these is refused by :func:`title_problems` when the course is checked,
so a long title fails in a second, naming the lesson, not after minutes of rendering.

Examples
--------
>>> title_problems([("secant", "Secant lines become the tangent")], "9:16")
[]
>>> long = "Why secant lines through two nearby points become the tangent line"
>>> title_problems([("secant", long)], "16:9")[0][:79]
"lesson 'secant': title: does not fit the 16:9 title band (66 characters; this o"
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterable

from manim import DOWN, VGroup, tempconfig

from scenes.kit.layout import Layout
from scenes.kit.text import PROSE_SIZE, TITLE_SIZE, prose
from scenes.kit.theme import THEMES, Theme



def fit_title(text: str, layout: Layout, theme: Theme) -> VGroup:
    """The title set to fit ``layout``'s title band, centred in it.

    A three-line title at prose size is 1.41 units high with the kit's line spacing, just over
    the 1.40-unit title band of tall frames; closing its line gaps by a few hundredths keeps it
    readable there.

    Raises
    ------
    ValueError
        If the title does not fit the band at any of the sizes tried.
    """
    box = layout.title
    attempts = [(TITLE_SIZE, 1), (PROSE_SIZE, 1), (TITLE_SIZE, 2), (PROSE_SIZE, 2), (PROSE_SIZE, 3)]
    for size, lines in attempts:
        try:
            candidate = prose(text, theme, box.width, font_size=size, max_lines=lines)
        except ValueError:
            continue
        if candidate.height <= box.height + 1e-6:
            return candidate.move_to(box.center)
    return _tight_title(text, layout, theme).move_to(box.center)


def _tight_title(text: str, layout: Layout, theme: Theme) -> VGroup:
    """Three full-size prose lines set a little tighter, or a clear error."""
    box = layout.title
    refusal = ValueError(f"title does not fit the {layout.aspect} title band: {text!r}")
    try:
        group = prose(text, theme, box.width, font_size=PROSE_SIZE, max_lines=3)
    except ValueError:
        raise refusal from None
    if len(group) > 1:
        room = box.height - sum(line.height for line in group)
        group.arrange(DOWN, buff=max(0.03, room / (len(group) - 1)))
    if group.height > box.height + 1e-6:
        raise refusal
    return group


def longest_fitting(layout: Layout, theme: Theme) -> int:
    """About how many characters of ordinary words fit the band (for the refusal's hint)."""
    words = "the secant line becomes a tangent as h shrinks toward zero again and again".split()
    best = 0
    for count in range(1, len(words) + 1):
        text = " ".join(words[:count])
        try:
            fit_title(text, layout, theme)
        except ValueError:
            break
        best = len(text)
    return best


def title_problems(lessons: Iterable[tuple[str, str]], aspect: str) -> list[str]:
    """One message per lesson (id, title) whose title does not fit ``aspect``'s title band."""
    layout, theme = Layout.for_aspect(aspect), THEMES["dark"]  # colours do not change sizes
    problems = []
    with tempfile.TemporaryDirectory() as media, tempconfig({"media_dir": media}):
        # a private text cache: the shared one may be half-written by a render running now
        for lesson_id, title in lessons:
            try:
                fit_title(title, layout, theme)
            except ValueError:
                problems.append(
                    f"lesson {lesson_id!r}: title: does not fit the {aspect} title band "
                    f"({len(title)} characters; this one fits about "
                    f"{longest_fitting(layout, theme)}): shorten it")
    return problems
