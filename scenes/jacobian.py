"""The Jacobian as the local stretch factor of a map of the plane.

Storyboard: pose the question (what does F do to a tiny square near a point?), let F carry the
whole grid to its curved image, then for each configured point flatten the grid back, draw a
tiny square there and carry it with the grid: it lands on a curved patch that is almost the
parallelogram J times the square's edges, while J, det J and the effect (stretch, squish, flip,
collapse, keep) appear; link back to the one-dimensional stretch lesson and end on the
takeaway.

Every curve drawn is a polyline of samples computed by :mod:`derivanim.jacobian` (the grid, its
image, each square's true image, each parallelogram); the grid morphs by interpolating those
samples (:class:`scenes.kit.plane.MorphingPaths`), never by re-plotting. The wording comes from
:mod:`derivanim.jacobian_words`.

Render the default lesson with ``manim -ql scenes/jacobian.py JacobianScene``.
"""

from __future__ import annotations

from typing import ClassVar

import numpy as np
import sympy
from manim import (
    DOWN,
    LEFT,
    Animation,
    Create,
    Dot,
    FadeIn,
    FadeOut,
    Line,
    MathTex,
    ValueTracker,
    VGroup,
    VMobject,
)

from derivanim.jacobian import (
    JacobianFacts,
    JacobianPoint,
    square_boundary,
    view_bounds,
)
from derivanim.jacobian_words import (
    effect_sentence,
    effect_tex,
    matrix_tex,
    matrix_words,
    point_text,
    shown,
)
from derivanim.numbers import exact_decimals, number
from derivanim.plane_grid import multiples
from derivanim.viewport import nice_step
from scenes.kit.fit import fit_width
from scenes.kit.layout import Box
from scenes.kit.lesson_scene import LessonScene
from scenes.kit.motion import in_turn, keep_fresh
from scenes.kit.plane import EdgeArrow, MorphingPaths, PlaneView
from scenes.kit.rows import stack_rows
from scenes.kit.text import BODY_SIZE, formula, tick_label
from scenes.kit.trackers import drive


class JacobianScene(LessonScene):
    """A tiny square at each point lands on a parallelogram: J times its edges, area |det J|."""

    kind = "jacobian"
    map_time: ClassVar[float] = 2.5
    """Seconds for F to carry the whole grid."""
    flatten_time: ClassVar[float] = 1.0
    """Seconds for the grid to flatten back before a new square."""
    carry_time: ClassVar[float] = 2.0
    """Seconds for a square to travel onto its image."""

    def construct(self) -> None:
        self.build()
        self.pose_question()
        self.show_the_map()
        for index in range(len(self.jacobian.points)):
            self.carry_square(index)
        self.link_back()
        self.conclude()

    # ---- build every object once --------------------------------------------------------
    def build(self) -> None:
        """Compute the picture's scene points and build every mobject the lesson shows."""
        facts: JacobianFacts = self.facts.facts  # type: ignore[assignment]
        self.jacobian = facts
        theme = self.theme
        self.view = PlaneView(view_bounds(facts), self.plane_box(facts))
        view = self.view
        sources = [view.points_of(np.array(line.points)) for line in facts.grid]
        targets = [view.points_of(np.array(line.image)) for line in facts.grid]
        self.backdrop = VGroup(*[
            VMobject(stroke_color=theme.axes, stroke_width=1.5, stroke_opacity=0.45)
            .set_points_as_corners(points) for points in sources])
        self.grid = MorphingPaths(sources, targets, (theme.input_line, theme.output_line), 2.5)
        self.axes = self.build_axes()
        self.t = ValueTracker(0.0)
        self.sheets = [self.sheet(point) for point in facts.points]
        self.parallelograms = [self.parallelogram(point) for point in facts.points]
        self.square_arrows = [self.arrows(np.array(point.square)) for point in facts.points]
        self.image_arrows = [self.arrows(np.array(point.parallelogram), theme.tangent)
                             for point in facts.points]
        self.point_dots = [Dot(view.point_of(p.x, p.y), radius=0.06, color=theme.highlight)
                           for p in facts.points]
        self.build_panel()
        self.add_updaters()

    def plane_box(self, facts: JacobianFacts) -> Box:
        """Where the plane goes: the graph box, a little inset. Stacked frames, whose graph box
        is short, also take the title band when the flat grid stays below it (the title then
        leaves before F carries the grid up into the band)."""
        graph, title = self.layout.graph, self.layout.title
        box = Box(graph.left + 0.1, graph.right - 0.1, graph.bottom + 0.1, graph.top - 0.1)
        self.title_leaves = False
        if self.layout.stacked:
            taller = Box(box.left, box.right, box.bottom, title.top)
            grid_top = max(y for line in facts.grid for _, y in line.points)
            if PlaneView(view_bounds(facts), taller).point_of(0.0, grid_top)[1] < title.bottom - 0.1:
                self.title_leaves = True
                return taller
        return box

    def build_axes(self) -> VGroup:
        """The x and y axes through the origin, where the view shows it, with a few muted
        tick labels (none in the title band while the title is there)."""
        x_low, x_high, y_low, y_high = self.view.bounds
        theme, view = self.theme, self.view
        lines, labels = VGroup(), VGroup()
        step = nice_step(max(x_high - x_low, y_high - y_low), 5)
        decimals = exact_decimals(step, most=3)
        room = view.box()
        keep_below = self.layout.title.bottom if self.title_leaves else room.top

        def label(value: float, at: np.ndarray, side: np.ndarray) -> None:
            mark = tick_label(self.glyphs, value, decimals, theme.muted).next_to(at, side, 0.1)
            if (mark.get_left()[0] >= room.left and mark.get_right()[0] <= room.right
                    and mark.get_bottom()[1] >= room.bottom and mark.get_top()[1] <= keep_below):
                labels.add(mark)

        if y_low < 0 < y_high:
            lines.add(Line(view.point_of(x_low, 0), view.point_of(x_high, 0),
                           color=theme.axes, stroke_width=2))
            for value in multiples(x_low, x_high, step):
                if value:
                    label(value, view.point_of(value, 0), DOWN)
        if x_low < 0 < x_high:
            lines.add(Line(view.point_of(0, y_low), view.point_of(0, y_high),
                           color=theme.axes, stroke_width=2))
            for value in multiples(y_low, y_high, step):
                if value:
                    label(value, view.point_of(0, value), LEFT)
        return VGroup(lines, labels)

    def sheet(self, point: JacobianPoint) -> MorphingPaths:
        """A point's tiny square, carried with the grid onto its true (sampled) image."""
        boundary = square_boundary(point.x, point.y, self.jacobian.half_side)
        image = np.array(point.square_image)
        finite = np.all(np.isfinite(image), axis=1)
        image[~finite] = boundary[~finite]
        return MorphingPaths([self.view.points_of(boundary)], [self.view.points_of(image)],
                             (self.theme.highlight, self.theme.highlight), 3.0, fill_opacity=0.3)

    def parallelogram(self, point: JacobianPoint) -> VMobject:
        """J times the square's edges, placed at F(p): the square's first-order image."""
        corners = self.view.points_of(np.array(point.parallelogram))
        shape = VMobject(stroke_color=self.theme.tangent, stroke_width=4)
        shape.set_points_as_corners(np.vstack([corners, corners[:1]]))
        return shape

    def arrows(self, corners: np.ndarray, color: str | None = None) -> VGroup:
        """The first edge (thick) and second edge (thin) from the first corner: their turn
        shows the orientation."""
        points = self.view.points_of(corners)
        color = color or self.theme.highlight
        first = EdgeArrow(color, 6.0).place(points[0], points[1])
        second = EdgeArrow(color, 3.0).place(points[0], points[3])
        return VGroup(first, second)

    def build_panel(self) -> None:
        """The map, J and det J at each point (with the effect), and the one-dimensional link."""
        theme, layout = self.theme, self.layout
        u, v = (sympy.latex(c) for c in self.facts.expression)
        width = layout.panel.width
        options = [rf"F(x, y) = \left({u},\ {v}\right)",
                   rf"\begin{{aligned}} u &= {u} \\ v &= {v} \end{{aligned}}"]
        self.f_label = self.fitting(options, width, theme.function)
        self.point_rows: list[VGroup] = []
        self.det_rows: list[VGroup] = []
        """Stacked frames only: det J and the effect, which follow J in its place."""
        for point in self.jacobian.points:
            matrix = rf"J = {matrix_tex(point.matrix)}"
            det = rf"\det J = {shown(point.det)}"
            if layout.stacked:
                row = VGroup(self.fitting([matrix], width, theme.derivative))
                self.det_rows.append(VGroup(self.fitting([det], width, theme.highlight),
                                            self.fitting([effect_tex(point)], width,
                                                         theme.highlight)))
            else:
                row = VGroup(self.fitting([matrix], width, theme.derivative),
                             self.fitting([det], width, theme.highlight),
                             self.fitting([effect_tex(point)], width, theme.highlight))
            self.point_rows.append(row)
        pairs = [(r"\text{1-D: } |f'(x)| \text{ stretches lengths}",
                  r"\text{2-D: } |\det J| \text{ stretches areas}"),
                 (r"\text{1-D: } |f'(x)| \to \text{lengths}",
                  r"\text{2-D: } |\det J| \to \text{areas}")]
        for one, two in pairs:  # both lines in the same form: the long one if both fit
            self.link_label = formula(one, theme, BODY_SIZE, theme.text)
            self.link_label_2 = formula(two, theme, BODY_SIZE, theme.derivative)
            if max(self.link_label.width, self.link_label_2.width) <= width:
                break
        fit_width(self.link_label, width)
        fit_width(self.link_label_2, width)
        self.arrange_panel()

    def fitting(self, options: list[str], width: float, color: str) -> MathTex:
        """The first formula that fits the width at full size, else the last one shrunk."""
        candidate = None
        for tex in options:
            candidate = formula(tex, self.theme, BODY_SIZE, color)
            if candidate.width <= width:
                return candidate
        return fit_width(candidate, width)  # type: ignore[return-value, arg-type]

    def arrange_panel(self) -> None:
        """Wide frames: the map on top of the panel, each point's rows under it. Stacked frames:
        the map alone, then each point's row in its place."""
        box = self.layout.panel
        if self.layout.stacked:
            for row in (self.f_label, *self.point_rows):
                row.move_to(np.array([box.left + row.width / 2, box.center[1], 0.0]))
            for row in self.det_rows:
                stack_rows(list(row), box.left, box.top)
                row.move_to(np.array([row.get_center()[0], box.center[1], 0.0]))
            links = VGroup(self.link_label, self.link_label_2)
            stack_rows([self.link_label, self.link_label_2], box.left, box.top)
            links.move_to(np.array([links.get_center()[0], box.center[1], 0.0]))
            return
        below = stack_rows([self.f_label], box.left, box.top) - 0.35
        for row in self.point_rows:
            stack_rows(list(row), box.left, below)
        stack_rows([self.link_label, self.link_label_2], box.left, below)

    def add_updaters(self) -> None:
        """Prepare the updater that moves the grid and the current square from the tracker t
        (attached only while they move, so the pauses between are still frames)."""
        self.active = 0

        def follow(_: object) -> None:
            t = self.t.get_value()
            self.grid.set_time(t)
            self.sheets[self.active].set_time(t)

        self.follow = follow

    def move(self, value: float, run_time: float, *others: Animation) -> None:
        """Carry (or flatten) the grid and the current square to ``t = value``."""
        sheet = self.sheets[self.active]
        self.grid.add_updater(self.follow)
        keep_fresh(sheet)
        drive(self, self.t, value, run_time, *others)
        self.grid.clear_updaters()
        sheet.clear_updaters()
        self.follow(None)

    # ---- beats --------------------------------------------------------------------------
    def pose_question(self) -> None:
        self.beat(
            "question",
            f"F(x, y) = {self.facts.function} moves every point of the plane to a new point. "
            "What does it do to a tiny square near one point?",
        )
        title = self.title_text(self.lesson.title)
        self.title = title
        self.play(FadeIn(title), Create(self.backdrop), FadeIn(self.axes), run_time=1.5)
        self.play(FadeIn(self.grid), FadeIn(self.f_label))
        self.play(*self.say_first("What does F do to a tiny square?", "What happens to a tiny square?",
                                  "And a tiny square?"))
        self.pause(2)

    def show_the_map(self) -> None:
        self.beat(
            "map",
            "F carries the whole grid at once: each line bends, each cell becomes a curved patch.",
        )
        if self.title_leaves:
            self.play(FadeOut(self.title), run_time=0.6)
        self.move(1.0, self.map_time,
                  *self.say_first("F carries the grid to a curved grid.", "F curves the grid."))
        self.pause(2)

    def carry_square(self, index: int) -> None:
        point = self.jacobian.points[index]
        side = number(2 * self.jacobian.half_side)
        self.beat(
            f"point {index}",
            f"A tiny square at {point_text(point)}, side {side}, lands on almost a "
            f"parallelogram: J times its edges, J with {matrix_words(point.matrix)}. "
            f"{effect_sentence(point)}",
        )
        if index == 0:
            leaving = [FadeOut(self.f_label)] if self.layout.stacked else []
        else:
            leaving = [FadeOut(m) for m in self.shown_result(index - 1)]
        if leaving:
            self.play(*leaving, run_time=0.6)
        self.active = index
        self.move(0.0, self.flatten_time,
                  *self.say_first(f"A tiny square at {point_text(point)}.", "A tiny square."))
        self.play(FadeIn(self.sheets[index]), FadeIn(self.square_arrows[index]),
                  FadeIn(self.point_dots[index]), run_time=0.8)
        self.pause(1)
        self.move(1.0, self.carry_time, FadeOut(self.square_arrows[index]),
                  FadeOut(self.point_dots[index]))
        self.play(Create(self.parallelograms[index]), FadeIn(self.image_arrows[index]),
                  FadeIn(self.point_rows[index]),
                  *self.say_first(effect_sentence(point), effect_sentence(point, short=True),
                                  f"det J = {shown(point.det)}."))
        if self.layout.stacked:
            self.pause(1.5)
            self.play(in_turn([FadeOut(self.point_rows[index])], [FadeIn(self.det_rows[index])]))
            self.pause(1.5)
        else:
            self.pause(2)

    def shown_result(self, index: int) -> list[VMobject]:
        """What the beat of point ``index`` left on screen."""
        panel = self.det_rows[index] if self.layout.stacked else self.point_rows[index]
        return [self.sheets[index], self.parallelograms[index], self.image_arrows[index], panel]

    def link_back(self) -> None:
        self.beat(
            "link",
            "The stretch lesson again, one dimension up: f'(x) stretched lengths, det J "
            "stretches areas; a negative sign flips, zero collapses.",
        )
        leaving = [FadeOut(m) for m in self.shown_result(len(self.jacobian.points) - 1)]
        self.play(in_turn(leaving, [FadeIn(self.link_label)]),
                  *self.say_first("In one dimension, f′(x) stretched lengths.",
                                  "In 1-D, f′(x) stretched lengths.", "f′(x) stretched lengths."))
        self.pause(1.5)
        self.play(FadeIn(self.link_label_2),
                  *self.say_first("Here det J stretches areas.", "det J stretches areas."))
        self.pause(2)

    def conclude(self) -> None:
        self.beat(
            "takeaway",
            "Near each point a smooth map acts like its Jacobian J: tiny areas scale by "
            "|det J|, and a negative determinant flips them.",
        )
        self.play(*self.say_first("det J is the local area factor.", "det J: the area factor.",
                                  color=self.theme.highlight))
        self.pause(3.5)
