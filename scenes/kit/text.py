"""Typography: prose lines, formulas, and numbers drawn from glyphs built once.

Numbers change every frame in these lessons (slopes converging, a tangent's slope sweeping).
Building TeX, Text or a DecimalNumber per frame costs milliseconds; a :class:`Readout` instead
typesets the digits 0-9, the point and the minus sign once, and on each change copies the
right glyph outlines into a fixed set of slots (microseconds). Digits share one advance width,
so a converging readout settles instead of jittering.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

import numpy as np
from manim import DOWN, MathTex, Text, VGroup, VMobject

from derivanim.captions import atoms
from derivanim.numbers import format_number
from scenes.kit.theme import Theme
from derivanim.title_width import PROSE_SIZE, TITLE_SIZE

FONT = "DejaVu Sans"
# Title size 36 (Pango text): capitals 0.36 units high, 4.5% of the 8-unit frame. Prose size 30:
# capitals and digits 0.30-0.32 units high, 3.8-3.9% of the frame. (Defined with the title
# width estimate, which must not import Manim.)
BODY_SIZE = 40
"""Formula size (TeX): digits 0.29 units high, 3.6% of the frame."""
LABEL_SIZE = 40
"""Size of numbers and labels on axes and in tables (TeX glyphs), as for formulas."""
GLYPH_CHARS = "0123456789.-"


def lighten(mobject: VMobject) -> VMobject:
    """Drop the SVG data Manim keeps on text and formulas after building them.

    The id index holds a second reference to every glyph and each glyph keeps its parsed SVG
    path, so each copy an animation makes (FadeIn, Transform) deep-copied all of it; once the
    glyphs' points exist neither is needed.
    """
    for part in mobject.get_family():
        if getattr(part, "id_to_vgroup_dict", None):
            part.id_to_vgroup_dict = {}
        if getattr(part, "path_obj", None) is not None:
            part.path_obj = None  # the parsed SVG path: not needed once the points exist
    return mobject


def _wrap(words: list[str], widths: dict[str, float], space: float, budget: float) -> list[list[str]]:
    """Greedy word wrap with estimated widths.

    Not :mod:`textwrap`: it measures lines in characters, and these words have measured widths.
    """
    lines: list[list[str]] = []
    used = 0.0
    for word in words:
        if lines and used + space + widths[word] <= budget:
            lines[-1].append(word)
            used += space + widths[word]
        else:
            lines.append([word])
            used = widths[word]
    return lines


def prose(text: str, theme: Theme, width: float, font_size: float = PROSE_SIZE,
          color: str | None = None, max_lines: int = 2) -> VGroup:
    """Set a short sentence in at most ``max_lines`` lines that fit ``width``.

    Words are wrapped greedily, never breaking inside a formula (``det J`` / ``= 1``) when the
    formulas fit a line whole; the lines are centred on each other.

    Raises
    ------
    ValueError
        If the text does not fit in ``max_lines`` lines at this size (scenes keep their
        on-screen prose short; the captions carry the rest).
    """
    if len(atoms(text)) < len(text.split()):  # it holds formulas: break between them first
        try:
            return _wrapped(atoms(text), theme, width, font_size, color, max_lines, text)
        except ValueError:
            pass  # a formula too long for a line: break between words after all
    return _wrapped(text.split(), theme, width, font_size, color, max_lines, text)


def _wrapped(words: list[str], theme: Theme, width: float, font_size: float, color: str | None,
             max_lines: int, text: str) -> VGroup:
    """The pieces ``words`` wrapped greedily into centred lines no wider than ``width``."""
    space = (Text("a a", font=FONT, font_size=font_size).width
             - Text("aa", font=FONT, font_size=font_size).width)
    widths = {word: Text(word, font=FONT, font_size=font_size).width for word in set(words)}
    for budget in np.linspace(width * 0.98, width * 0.8, 5):
        lines = _wrap(words, widths, space, float(budget))
        if len(lines) > max_lines:
            break
        rendered = [
            lighten(Text(" ".join(line), font=FONT, font_size=font_size, color=color or theme.text))
            for line in lines
        ]
        if all(line.width <= width + 1e-6 for line in rendered):
            break
    else:
        raise ValueError(f"a line is wider than {width:.2f} units: {text!r}")
    if len(lines) > max_lines:
        raise ValueError(f"prose does not fit in {max_lines} lines of width {width:.2f}: {text!r}")
    group = VGroup(*rendered).arrange(DOWN, buff=0.1)
    return group


def word(text: str, color: str, font_size: float = PROSE_SIZE) -> Text:
    """A short word or phrase set once, as prose is (Pango text)."""
    built = Text(text, font=FONT, font_size=font_size, color=color)
    return lighten(built)  # type: ignore[return-value]


class BalancedProse:
    """Sets short prose in one line, or two lines split where they come out most even.

    The greedy wrap of :func:`prose` leaves one word alone on the second line of a sentence a
    little wider than its box; this tries every break and keeps the one whose longer line is
    shortest. A break after punctuation is preferred when it is nearly as even, and a break
    inside a formula (``x =`` / ``0``) or a bracket is not made unless nothing else fits
    (:func:`derivanim.captions.atoms` says where a break may go).

    Each word is measured once (a Pango text per distinct word) and remembered, so a lesson's
    sentences, which share many words, cost little to set.

    Parameters
    ----------
    theme : Theme
        Colours (the text colour unless one is given).
    font_size : float
        Prose size.
    """

    pause_bonus: ClassVar[float] = 0.3
    """A break after punctuation may leave its line this much longer (scene units)."""

    def __init__(self, theme: Theme, font_size: float = PROSE_SIZE) -> None:
        self.theme = theme
        self.font_size = font_size
        self.widths: dict[str, float] = {}
        self.space = (Text("a a", font=FONT, font_size=font_size).width
                      - Text("aa", font=FONT, font_size=font_size).width)

    def width_of(self, word: str) -> float:
        """A word's width when set (measured once)."""
        if word not in self.widths:
            self.widths[word] = Text(word, font=FONT, font_size=self.font_size).width
        return self.widths[word]

    def split(self, words: list[str], width: float) -> list[list[str]]:
        """One line if it fits, else the two-line split with the shorter longest line.

        Raises
        ------
        ValueError
            If no split into two lines fits ``width``.
        """
        sizes = [self.width_of(w) for w in words]

        def measure(part: list[float]) -> float:
            return sum(part) + self.space * (len(part) - 1)

        budget = 0.97 * width
        if measure(sizes) <= budget:
            return [words]
        splits = [(max(measure(sizes[:i]), measure(sizes[i:])), i) for i in range(1, len(words))]
        fitting = [(longest - (self.pause_bonus if words[i - 1][-1] in ",:;.?!" else 0.0), i)
                   for longest, i in splits if longest <= budget]
        if not fitting:
            raise ValueError(f"prose does not fit in 2 lines of width {width:.2f}: "
                             f"{' '.join(words)!r}")
        cut = min(fitting)[1]
        return [words[:cut], words[cut:]]

    def set(self, text: str, width: float, color: str | None = None) -> VGroup:
        """The text in at most two centred lines no wider than ``width``.

        Raises
        ------
        ValueError
            If it does not fit.
        """
        try:  # break between formulas, never inside one ("x =" / "0?")
            chosen = self.split(atoms(text), width)
        except ValueError:  # a formula too long for half a line: break between words after all
            chosen = self.split(text.split(), width)
        lines = [
            lighten(Text(" ".join(line), font=FONT, font_size=self.font_size,
                         color=color or self.theme.text))
            for line in chosen
        ]
        if any(line.width > width + 1e-6 for line in lines):
            raise ValueError(f"a line is wider than {width:.2f} units: {text!r}")
        return VGroup(*lines).arrange(DOWN, buff=0.14)


def formula(tex: str, theme: Theme, font_size: float = BODY_SIZE, color: str | None = None) -> MathTex:
    """Typeset a formula in the theme's text colour."""
    return lighten(MathTex(tex, font_size=font_size, color=color or theme.text))


@dataclass(frozen=True)
class _Glyph:
    points: np.ndarray
    width: float
    advance: float


class GlyphSet:
    """The outlines of ``0-9 . -`` at one font size, typeset once for a whole scene."""

    def __init__(self, font_size: float = LABEL_SIZE) -> None:
        tex = MathTex(GLYPH_CHARS, font_size=font_size)[0]
        baseline = float(tex[0].get_bottom()[1])
        lefts = [float(glyph.get_left()[0]) for glyph in tex]
        digit_advance = float(np.mean(np.diff(lefts[:10])))
        gap = 0.25 * digit_advance
        self.height = float(tex[0].height)
        self.glyphs: dict[str, _Glyph] = {}
        for char, glyph in zip(GLYPH_CHARS, tex):
            points = glyph.points.copy()
            points[:, 0] -= float(glyph.get_left()[0])
            points[:, 1] -= baseline
            width = float(glyph.width)
            advance = digit_advance if char.isdigit() else width + gap
            self.glyphs[char] = _Glyph(points, width, advance)

    def __deepcopy__(self, memo: dict) -> GlyphSet:
        """Glyph sets are never changed after they are built: copies of mobjects share them."""
        return self

    def width_of(self, text: str) -> float:
        """Width of a number string set with these glyphs.

        Raises
        ------
        KeyError
            If the text has a character other than ``0-9 . -``.
        """
        return sum(self.glyphs[c].advance for c in text[:-1]) + (self.glyphs[text[-1]].width if text else 0)


class Readout(VGroup):
    """A number that can change every frame at almost no cost.

    Parameters
    ----------
    glyphs : GlyphSet
        Shared glyph outlines.
    value : float
        The first value shown.
    decimals : int
        Digits after the point.
    slots : int
        Most characters ever shown (sign, digits, point).
    color : str
        Fill colour.
    align : {"left", "right"}
        Which edge stays put as the number's width changes.
    """

    def __init__(self, glyphs: GlyphSet, value: float, decimals: int = 2, slots: int = 8,
                 color: str = "#FFFFFF", align: str = "left") -> None:
        self.glyph_set = glyphs
        self.decimals = decimals
        self.align = align
        self.cells = [VMobject(fill_color=color, fill_opacity=1.0, stroke_width=0) for _ in range(slots)]
        # An invisible point on the baseline at the aligned edge. It belongs to the family, so
        # it moves with the readout however the readout (or a group holding it) is moved.
        self.anchor_mark = VMobject(fill_opacity=0.0, stroke_opacity=0.0, stroke_width=0)
        self.anchor_mark.set_points(np.zeros((4, 3)))
        super().__init__(*self.cells, self.anchor_mark)
        self.value = float("nan")
        self.set_value(value)

    @property
    def anchor(self) -> np.ndarray:
        """The baseline point at the aligned edge (left or right)."""
        return self.anchor_mark.points[0].copy()

    def move_anchor_to(self, point: np.ndarray) -> Readout:
        """Place the readout so its baseline's aligned edge sits at ``point``."""
        self.shift(np.array(point, dtype=float) - self.anchor)
        return self

    def set_value(self, value: float) -> Readout:
        """Show a new value (cheap: copies glyph outlines into the slots)."""
        value = float(value)
        if value == self.value:
            return self
        self.value = value
        return self._draw(format_number(value, self.decimals))

    def _draw(self, text: str) -> Readout:
        if len(text) > len(self.cells):
            raise ValueError(f"{text!r} needs more than {len(self.cells)} slots")
        anchor = self.anchor
        x = anchor[0] - (self.glyph_set.width_of(text) if self.align == "right" else 0.0)
        for index, cell in enumerate(self.cells):
            if index < len(text):
                glyph = self.glyph_set.glyphs[text[index]]
                cell.set_points(glyph.points + np.array([x, anchor[1], 0.0]))
                x += glyph.advance
            else:
                cell.clear_points()
        return self

    def text(self) -> str:
        """The characters currently shown."""
        return format_number(self.value, self.decimals)


def number_label(glyphs: GlyphSet, value: float, decimals: int, color: str) -> Readout:
    """A static number made of shared glyphs (for tables and tick labels: no TeX per number)."""
    text = format_number(value, decimals)
    return Readout(glyphs, value, decimals=decimals, slots=len(text), color=color)


class TickLabel(Readout):
    """A number on an axis: a :class:`Readout` that says what it is, so checks of legibility
    can hold tick labels to their own floor (:data:`scenes.kit.layout.MIN_TICK_GLYPH`)."""


def tick_label(glyphs: GlyphSet, value: float, decimals: int, color: str) -> TickLabel:
    """A static number on an axis, made of shared glyphs."""
    text = format_number(value, decimals)
    return TickLabel(glyphs, value, decimals=decimals, slots=len(text), color=color)


def baseline_of(tex: MathTex) -> float:
    """The baseline of a formula: the bottom of its first glyph.

    Formulas that sit beside a :class:`Readout` start with a letter that rests on the baseline
    (no descender), such as ``h =`` or ``\\text{slope} =``.
    """
    return float(tex[0][0].get_bottom()[1])

