"""Fitting drawn things into the room they have: shrink to a width, pick the first that fits,
and tell whether two things would touch."""

from __future__ import annotations

from collections.abc import Sequence

from manim import MathTex, Mobject

from scenes.kit.text import BODY_SIZE, formula
from scenes.kit.theme import Theme


def fit_width(mobject: Mobject, width: float) -> Mobject:
    """Shrink ``mobject`` to ``width`` when it is wider (a long user function); never enlarge.

    Examples
    --------
    >>> from manim import Square
    >>> float(round(fit_width(Square(side_length=4), 3).width, 6)), float(fit_width(Square(), 3).width)
    (3.0, 2.0)
    """
    if mobject.width > width:
        mobject.scale_to_fit_width(width)
    return mobject


def first_fitting(options: Sequence[str], width: float, theme: Theme,
                  color: str | None = None, font_size: float = BODY_SIZE) -> MathTex:
    """The first of several formulas (TeX) that fits ``width`` at full size, else the last one
    shrunk to fit."""
    candidate = None
    for tex in options:
        candidate = formula(tex, theme, font_size, color)
        if candidate.width <= width:
            return candidate
    if candidate is None:
        raise ValueError("first_fitting needs at least one formula")
    return fit_width(candidate, width)  # type: ignore[return-value]


def boxes_touch(a: Mobject, b: Mobject, margin: float) -> bool:
    """Whether the bounding boxes of two mobjects come within ``margin`` of each other.

    Examples
    --------
    >>> from manim import RIGHT, Square
    >>> boxes_touch(Square(), Square().shift(2.1 * RIGHT), 0.05)
    False
    >>> boxes_touch(Square(), Square().shift(2.1 * RIGHT), 0.2)
    True
    """
    apart_x = (a.get_right()[0] + margin < b.get_left()[0]
               or b.get_right()[0] + margin < a.get_left()[0])
    apart_y = (a.get_top()[1] + margin < b.get_bottom()[1]
               or b.get_top()[1] + margin < a.get_bottom()[1])
    return not (apart_x or apart_y)
