"""A derivative computed with numbers, and where float64 breaks it.

Storyboard: pose the question (can numbers alone find f'(a)?), recall the secant table (forward
quotients closing in on f'(a)), write the forward and central quotients, plot their errors
against h on log-log axes (falling like h and h^2, then climbing back as round-off takes over),
draw the slope-1 and slope-2 guides and the round-off floor, name the best h of each method,
and end on the bridge to automatic differentiation.

Render the default lesson with ``manim -ql scenes/numerics.py NumericsScene``.
"""

from __future__ import annotations

from typing import ClassVar

import numpy as np
from manim import (
    DOWN,
    LEFT,
    RIGHT,
    UP,
    Circle,
    Create,
    DashedLine,
    FadeIn,
    FadeOut,
    GrowFromCenter,
    LaggedStart,
    VGroup,
    VMobject,
    Write,
)

from derivanim.numbers import exact_decimals, number
from derivanim.error_plot import error_point, error_view
from derivanim.numerics import NumericsFacts
from derivanim.numerics_words import (
    error_story,
    guide_notes,
    guide_story,
    power_text,
    scientific_text,
)
from derivanim.viewport import Viewport
from scenes.kit.layout import Box
from scenes.kit.lesson_scene import LessonScene
from scenes.kit.log_plot import LogLogPlot
from scenes.kit.motion import in_turn
from scenes.kit.plot import dot, open_circle
from scenes.kit.table import ValueTable
from scenes.kit.text import BODY_SIZE, formula

ROW_GAP = 0.3
"""Vertical gap between panel rows."""


class NumericsScene(LessonScene):
    """Forward and central differences against h on log-log axes, computed in float64."""

    kind = "numerics"
    reveal_time: ClassVar[float] = 3.0
    """Seconds for one method's points to appear, largest h first."""

    def construct(self) -> None:
        self.build()
        self.pose_question()
        self.show_table()
        self.show_methods()
        self.plot_errors()
        self.draw_guides()
        self.name_best()
        self.conclude()

    # ---- build every object once --------------------------------------------------------
    def build(self) -> None:
        facts: NumericsFacts = self.facts.facts  # type: ignore[assignment]
        self.n = facts.notation
        self.numerics = facts
        theme, layout = self.theme, self.layout
        self.a = number(facts.x)
        self.colors = {"forward": theme.secant, "central": theme.derivative}
        self.f_label = formula(rf"{self.n.function} = {self.facts.function_latex}", theme, BODY_SIZE,
                               theme.function)
        self.exact_label = formula(rf"{self.n.name}'({self.a}) = {number(facts.slope)}", theme, BODY_SIZE,
                                   theme.tangent)
        self.table = self.build_table()
        self.methods = self.build_methods()
        view = error_view(facts)
        self.view = view
        plot_box = self.stage() if layout.stacked else layout.graph
        self.plot = LogLogPlot(Viewport(view.x_range, view.y_range), plot_box, theme,
                               self.glyphs, r"\log_{10} h", r"\log_{10} \text{error}")
        self.points = {name: self.build_points(name) for name in ("forward", "central")}
        self.guides = self.build_guides()
        self.legend = self.build_legend()
        self.guide_legend = self.build_guide_legend()
        self.best_marks, self.best_labels = self.build_best()
        self.arrange_panel()

    def stage(self) -> Box:
        """Where the table and the formulas go before the plot: the graph box, and in stacked
        frames the panel below it too."""
        graph, panel = self.layout.graph, self.layout.panel
        if not self.layout.stacked:
            return graph
        return Box(graph.left, graph.right, panel.bottom, graph.top)

    def build_table(self) -> ValueTable:
        """The secant table: h and the forward quotient, under the longest header that fits."""
        facts, theme = self.numerics, self.theme
        hs = [row.h for row in facts.table]
        decimals = 4 if max(abs(row.quotient) for row in facts.table) < 100 else 2
        table = None
        for header in (r"\text{forward quotient}", r"\text{forward}"):
            table = ValueTable((r"h", header), [(row.h, row.quotient) for row in facts.table],
                               (max(exact_decimals(h) for h in hs), decimals), theme,
                               self.glyphs, colors=(theme.muted, theme.secant))
            if table.width <= self.stage().width:
                break
        assert table is not None
        return table

    def build_methods(self) -> VGroup:
        """The two quotients, each under its name, stacked in the stage."""
        theme = self.theme
        forward, central = self.colors["forward"], self.colors["central"]
        group = VGroup(
            formula(r"\text{forward}", theme, BODY_SIZE, forward),
            formula(fr"\frac{{{self.n.name}({self.n.variable} + h) - {self.n.function}}}{{h}}", theme, BODY_SIZE, forward),
            formula(r"\text{central}", theme, BODY_SIZE, central),
            formula(fr"\frac{{{self.n.name}({self.n.variable} + h) - {self.n.name}({self.n.variable} - h)}}{{2h}}", theme, BODY_SIZE, central),
        )
        group.arrange(DOWN, buff=0.2)
        group[2].shift(0.25 * DOWN)
        group[3].shift(0.25 * DOWN)
        return group.move_to(self.stage().center)

    def build_points(self, name: str) -> dict[str, VGroup | VMobject]:
        """One method's error points (hollow where the error is exactly 0, drawn on the
        bottom edge) and the polyline through them, largest h first."""
        color, plot = self.colors[name], self.plot
        markers, corners = VGroup(), []
        for step in self.numerics.steps:
            x, y, clipped = error_point(self.view, step.exponent, getattr(step, f"{name}_error"))
            point = plot.c2p(x, y)
            corners.append(point)
            markers.add(open_circle(point, self.theme, color) if clipped else dot(point, color))
        path = VMobject(stroke_color=color, stroke_width=2.5, stroke_opacity=0.7)
        path.set_points_as_corners(np.array(corners))
        return {"markers": markers, "path": path}

    def build_guides(self) -> dict[str, DashedLine]:
        """The predicted errors as dashed lines: (h/2)|f''| (slope 1) and (h²/6)|f'''| (slope
        2) in their method's colour, and the round-off floor eps |f(a)|/h (slope -1)."""
        facts, guides = self.numerics, {}
        colors = {"forward": self.colors["forward"], "central": self.colors["central"],
                  "roundoff": self.theme.muted}
        for name, guide in (("forward", facts.forward_guide), ("central", facts.central_guide),
                            ("roundoff", facts.roundoff)):
            if guide is None:
                continue
            line = self.plot.guide(0.0, float(np.log10(guide.coefficient)), float(guide.order),
                                   colors[name])
            if line is not None:
                guides[name] = line
        return guides

    def build_legend(self) -> VGroup:
        """A row naming the two methods by their dots."""
        items = []
        for name in ("forward", "central"):
            items.append(VGroup(dot(np.zeros(3), self.colors[name]),
                                formula(rf"\text{{{name}}}", self.theme, BODY_SIZE,
                                        self.colors[name])).arrange(RIGHT, buff=0.15))
        return VGroup(*items).arrange(RIGHT, buff=0.45)

    def build_guide_legend(self) -> VGroup:
        """A row naming each drawn guide: h, h² and ε/h beside a dash of its colour."""
        texts = {"forward": "h", "central": "h^2", "roundoff": r"\varepsilon / h"}
        items = []
        for name, line in self.guides.items():
            sample = DashedLine(ORIGIN3, 0.45 * RIGHT, color=line.get_color(), stroke_width=3,
                                dash_length=0.1)
            label = formula(texts[name], self.theme, BODY_SIZE, line.get_color())
            items.append(VGroup(sample, label).arrange(RIGHT, buff=0.12))
        return VGroup(*items).arrange(RIGHT, buff=0.4) if items else VGroup()

    def build_best(self) -> tuple[VGroup, VGroup]:
        """A ring around each method's best point, and a line naming its h (the longer
        wording when both lines fit where they go)."""
        facts, theme = self.numerics, self.theme
        marks = VGroup()
        bests = (("forward", facts.best_forward), ("central", facts.best_central))
        for _, best in bests:
            x, y, _clipped = error_point(self.view, best.exponent, best.error)
            ring = Circle(radius=0.2, color=theme.highlight, stroke_width=4)
            marks.add(ring.move_to(self.plot.c2p(x, y)))
        box = self.rows_box()
        labels = VGroup()
        for wording in ("{name} best: ", "{name}: "):
            labels = VGroup(*[
                formula(rf"\text{{{wording.format(name=name)}}} h = 10^{{{best.exponent}}}",
                        theme, BODY_SIZE, self.colors[name]) for name, best in bests])
            if self.fit_rows(labels, box):
                break
        return marks, labels

    def rows_box(self) -> Box:
        """Where the legend and the best h go once the plot is up: the side panel below the
        formulas in wide frames; the title band in stacked ones (the plot takes the panel)."""
        return self.layout.title if self.layout.stacked else self.layout.panel

    @staticmethod
    def fit_rows(group: VGroup, box: Box) -> bool:
        """Arrange ``group`` in one row if it fits ``box``'s width, else one item a row;
        tell whether it fits the box."""
        group.arrange(RIGHT, buff=0.5)
        if group.width > box.width:
            group.arrange(DOWN, aligned_edge=LEFT, buff=0.2)
        return group.width <= box.width and group.height <= box.height

    def arrange_panel(self) -> None:
        """Wide frames stack every row in the side panel. Stacked frames show f and f'(a) in
        the panel's two rows; once the plot takes the panel's place, the legends and then the
        best h take the title band's."""
        box = self.layout.panel
        self.table.move_to(self.stage().center)
        if not self.layout.stacked:
            top_left = np.array([box.left, box.top, 0.0])
            rows = [self.f_label, self.exact_label, self.legend, self.guide_legend, self.best_labels]
            self.f_label.next_to(top_left, DOWN + RIGHT, buff=0)
            for above, row in zip(rows, rows[1:]):
                row.next_to(above, DOWN, aligned_edge=LEFT, buff=ROW_GAP + 0.1)
            return
        self.f_label.move_to(box.center + 0.3 * UP)
        self.exact_label.move_to(box.center + 0.3 * DOWN)
        band = self.rows_box()
        legends = VGroup(self.legend, self.guide_legend)
        self.fit_rows(legends, band)
        legends.move_to(band.center)
        self.best_labels.move_to(band.center)

    # ---- beats --------------------------------------------------------------------------
    def pose_question(self) -> None:
        facts = self.numerics
        self.beat(
            "question",
            f"Sympy knows {self.n.name}′({self.a}) = {number(facts.slope)} exactly. "
            "Can a computer find it with nothing but numbers?",
        )
        self.title = self.title_text(self.lesson.title)
        self.play(FadeIn(self.title), Write(self.f_label), run_time=1.5)
        self.play(FadeIn(self.exact_label),
                  *self.say_first(f"Can numbers alone find {self.n.name}′({self.a})?", "Numbers only?"))
        self.pause(2)

    def show_table(self) -> None:
        facts = self.numerics
        quotients = ", ".join(number(row.quotient) for row in facts.table)
        self.beat(
            "table",
            f"The secant table already does it: forward quotients {quotients} "
            f"close in on {number(facts.slope)} as h shrinks.",
        )
        leaving = [FadeOut(self.f_label, self.exact_label)] if self.layout.stacked else []
        entering = [FadeIn(self.table.header, self.table.rule)]
        self.play(in_turn(leaving, entering),
                  *self.say_first("Forward quotients close in as h shrinks.",
                                  "Forward quotients close in."))
        for row in self.table.rows:
            self.play(FadeIn(row, shift=0.1 * UP), run_time=0.9)
        self.pause(2)

    def show_methods(self) -> None:
        self.beat(
            "methods",
            "Two ways to turn a small step h into a slope: the forward quotient, and the "
            "central one, which looks both ways.",
        )
        self.play(in_turn([FadeOut(self.table)], [FadeIn(self.methods[0], self.methods[1])]),
                  *self.say_first("Forward: one step ahead.", "Forward"))
        self.pause(1)
        self.play(FadeIn(self.methods[2], self.methods[3]),
                  *self.say_first("Central: one step each way.", "Central"))
        self.pause(2)

    def plot_errors(self) -> None:
        facts, plot = self.numerics, self.plot
        first, last = facts.steps[0], facts.steps[-1]
        self.error_story = error_story(facts)
        self.beat(
            "errors",
            f"Now the error of each, computed in float64, for h from {power_text(first.exponent)} "
            f"down to {power_text(last.exponent)}, on log-log axes. {self.error_story[0]}",
        )
        leaving = [FadeOut(self.methods)]
        if self.layout.stacked:  # the legends take the title band, the plot the panel
            leaving.append(FadeOut(self.title))
        entering = [Create(plot.axes), FadeIn(plot.labels, plot.x_name, plot.y_name)]
        self.play(in_turn(leaving, entering), *self.say_first("Error against h, log-log.",
                                                              "Error against h"), run_time=1.5)
        self.play(FadeIn(self.legend))
        for name in ("forward", "central"):
            parts = self.points[name]
            self.play(Create(parts["path"]),
                      LaggedStart(*[GrowFromCenter(m) for m in parts["markers"]], lag_ratio=0.2),
                      run_time=self.reveal_time)
            self.pause(1)
        self.play(*self.say_first(*self.error_story[1:]))
        self.pause(2)

    def draw_guides(self) -> None:
        facts = self.numerics
        notes = guide_notes(facts)
        caption, *short = guide_story(facts)
        self.beat("guides", caption)
        lines = list(self.guides.values())
        if lines:
            self.play(*[Create(line) for line in lines], FadeIn(self.guide_legend),
                      *self.say_first(*short), run_time=2)
        else:
            self.play(*self.say_first(*short))
        self.pause(2)
        if notes:
            short = [note.split(":")[0] + ": no guide." for note in notes]
            self.play(*self.say_first(" ".join(short), short[0]))
            self.pause(2)

    def name_best(self) -> None:
        facts = self.numerics
        forward, central = facts.best_forward, facts.best_central
        self.beat(
            "best",
            f"Best forward step: h = {power_text(forward.exponent)}, error "
            f"{scientific_text(forward.error)}. Best central step: h = "
            f"{power_text(central.exponent)}, error {scientific_text(central.error)}.",
        )
        leaving = [FadeOut(self.legend, self.guide_legend)] if self.layout.stacked else []
        self.play(in_turn(leaving, [FadeIn(self.best_labels)]), *[Create(m) for m in self.best_marks],
                  *self.say_first(f"Best h: {power_text(forward.exponent)} and "
                                  f"{power_text(central.exponent)}.", "The best h"),
                  run_time=1.5)
        self.pause(3)

    def conclude(self) -> None:
        self.beat(
            "takeaway",
            "Frameworks do not use these quotients: automatic differentiation applies the "
            "chain rule to the formula and gets exact derivatives, with no h to choose. "
            "Backpropagation, later in the course, is exactly that.",
        )
        self.play(*self.say_first("Frameworks use the chain rule instead: exact, no h.",
                                  "Autodiff: the chain rule, exact.",
                                  "Autodiff: exact.", color=self.theme.highlight))
        self.pause(3)


ORIGIN3 = np.zeros(3)
