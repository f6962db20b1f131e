"""Where things go on screen, for each aspect ratio.

Every layout keeps a safe margin of 5% on each side and leaves the bottom 12% of the frame to
the player's captions. Within that, it places a title band, a graph box, a panel for readouts,
tables and formulas, and a prose box for at most two short lines. Wide frames put the panel
beside the graph; tall and square frames stack them.

The frame is always 8 units high (Manim's default); its width follows the aspect.

Examples
--------
>>> wide = Layout.for_aspect("16:9")
>>> round(wide.frame_width, 3), wide.graph.right <= wide.panel.left
(14.222, True)
>>> tall = Layout.for_aspect("9:16")
>>> tall.graph.bottom >= tall.panel.top
True
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from derivanim.config import ASPECT_RATIOS

FRAME_HEIGHT = 8.0
SAFE_MARGIN = 0.05
"""Fraction of each side kept empty."""
CAPTION_BAND = 0.12
"""Fraction of the frame height at the bottom left to the player's captions."""
MIN_GLYPH = 0.035
"""Smallest glyph (digit or capital height) allowed in prose and readouts, as a fraction of the
frame height: 12.6 pixels of a 640 x 360 embed."""
MIN_TICK_GLYPH = 0.025
"""Smallest digit allowed in an axis' tick labels, as a fraction of the frame height (9 pixels of
a 640 x 360 embed)."""
GRAPH_SHARE = 0.64
"""Share of the body's width the graph box takes in wide frames; the side column keeps the rest
(its readouts, formulas and two prose lines need about a third of the width)."""
PANEL_ROW = 0.575
"""Height of one formula row of a stacked frame's panel (a readout at the legibility floor with
room for a fraction's bar)."""
TITLE_ROOM = {"square": 0.95, "tall": 1.4}
"""The most a stacked frame's title band takes: two prose lines in a square frame, three short
ones in a tall frame."""
ASPECTS = ASPECT_RATIOS
"""Width and height ratio of each frame shape (the course settings define them)."""


@dataclass(frozen=True)
class Box:
    """An axis-aligned rectangle in scene units."""

    left: float
    right: float
    bottom: float
    top: float

    @property
    def width(self) -> float:
        """Horizontal size."""
        return self.right - self.left

    @property
    def height(self) -> float:
        """Vertical size."""
        return self.top - self.bottom

    @property
    def center(self) -> np.ndarray:
        """Centre point (x, y, 0).

        Examples
        --------
        >>> Box(0, 2, 0, 4).center.tolist()
        [1.0, 2.0, 0.0]
        """
        return np.array([(self.left + self.right) / 2, (self.bottom + self.top) / 2, 0.0])

    def contains(self, other: Box, tolerance: float = 1e-6) -> bool:
        """Tell whether ``other`` lies inside this box.

        Examples
        --------
        >>> Box(0, 4, 0, 4).contains(Box(1, 2, 1, 5))
        False
        """
        return (
            other.left >= self.left - tolerance
            and other.right <= self.right + tolerance
            and other.bottom >= self.bottom - tolerance
            and other.top <= self.top + tolerance
        )

    def split_rows(self, *fractions: float, gap: float = 0.0) -> list[Box]:
        """Cut the box into rows from the top, with heights in the given proportions.

        Examples
        --------
        >>> [round(b.height, 2) for b in Box(0, 1, 0, 3).split_rows(2, 1)]
        [2.0, 1.0]
        """
        total = sum(fractions)
        usable = self.height - gap * (len(fractions) - 1)
        rows, top = [], self.top
        for fraction in fractions:
            height = usable * fraction / total
            rows.append(Box(self.left, self.right, top - height, top))
            top -= height + gap
        return rows


@dataclass(frozen=True)
class Layout:
    """The regions of the frame for one aspect ratio.

    Attributes
    ----------
    aspect : str
        "16:9", "9:16", "1:1" or "4:5".
    frame_width, frame_height : float
        The frame in scene units.
    safe : Box
        Everything drawn stays in here (margins and caption band excluded).
    title, graph, panel, prose : Box
        The title band, the graph, readouts/tables/formulas, and the prose lines.
    stacked : bool
        True when the panel sits below the graph rather than beside it.
    """

    aspect: str
    frame_width: float
    frame_height: float
    safe: Box
    title: Box
    graph: Box
    panel: Box
    prose: Box
    stacked: bool

    @property
    def min_glyph(self) -> float:
        """Smallest allowed glyph height in scene units."""
        return MIN_GLYPH * self.frame_height

    @property
    def min_tick_glyph(self) -> float:
        """Smallest allowed tick-label digit height in scene units.

        Examples
        --------
        >>> round(Layout.for_aspect("9:16").min_tick_glyph, 3), round(Layout.for_aspect("9:16").min_glyph, 3)
        (0.2, 0.28)
        """
        return MIN_TICK_GLYPH * self.frame_height

    @classmethod
    def for_aspect(cls, aspect: str, graph_share: float = GRAPH_SHARE,
                   title_height: float | None = None, panel_rows: int = 2) -> Layout:
        """Build the layout of one aspect ratio.

        ``graph_share`` is the graph box's share of the body's width in wide frames (a lesson
        whose side panel holds a wide row of readouts asks for less); stacked frames ignore it.
        In stacked frames the graph takes the height the text rows do not need: the title band
        is ``title_height`` high (the height of the title as set, at most the band's room,
        :data:`TITLE_ROOM`; the whole room when omitted) and the panel holds ``panel_rows``
        formula rows of :data:`PANEL_ROW`. Wide frames ignore both.

        Examples
        --------
        >>> square = Layout.for_aspect("1:1")
        >>> square.safe.contains(square.graph) and square.safe.contains(square.prose)
        True
        >>> wide, roomy = Layout.for_aspect("16:9"), Layout.for_aspect("16:9", graph_share=0.58)
        >>> round(wide.graph.width, 3), round(roomy.panel.width, 3)
        (7.992, 5.176)
        >>> tall = Layout.for_aspect("9:16")
        >>> snug = Layout.for_aspect("9:16", title_height=0.5, panel_rows=1)
        >>> round(tall.graph.height, 3), round(snug.graph.height, 3), round(snug.panel.height, 3)
        (2.54, 4.015, 0.575)
        >>> Layout.for_aspect("9:16", title_height=3.0).title.height  # never above the room
        1.4
        """
        if panel_rows < 1:
            raise ValueError(f"a panel holds at least one row, not {panel_rows}")
        w_ratio, h_ratio = ASPECTS[aspect]
        height = FRAME_HEIGHT
        width = height * w_ratio / h_ratio
        margin_x, margin_y = SAFE_MARGIN * width, SAFE_MARGIN * height
        safe = Box(
            -width / 2 + margin_x,
            width / 2 - margin_x,
            -height / 2 + CAPTION_BAND * height,
            height / 2 - margin_y,
        )
        gap = 0.2
        if w_ratio > h_ratio:
            title, body = safe.split_rows(0.75, safe.height - 0.75, gap=gap)
            split = body.left + graph_share * body.width
            graph = Box(body.left, split - gap, body.bottom, body.top)
            side = Box(split + gap, body.right, body.bottom, body.top)
            prose_height = 1.0  # two prose lines
            panel, prose = side.split_rows(side.height - prose_height - gap, prose_height, gap=gap)
            return cls(aspect, width, height, safe, title, graph, panel, prose, stacked=False)
        room = TITLE_ROOM["square" if w_ratio == h_ratio else "tall"]
        title_height = room if title_height is None else min(room, title_height)
        panel_height, prose_height = PANEL_ROW * panel_rows, 0.95  # formula rows; two prose lines
        graph_height = safe.height - title_height - panel_height - prose_height - 3 * gap
        title, graph, panel, prose = safe.split_rows(
            title_height, graph_height, panel_height, prose_height, gap=gap
        )
        return cls(aspect, width, height, safe, title, graph, panel, prose, stacked=True)
