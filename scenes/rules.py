"""Derivative rules are compressed proofs, read off the expression tree.

Storyboard: pose the question (what built this function?), read the top of its expression
tree (the operation and its parts), derive it rule by rule from the leaves up, each step
naming its rule (the steps are typeset before anything plays and revealed one by one, paged
when the box is full; a derivation too long to show whole shows its top levels and says so).
A product f·g is then pictured as a rectangle of sides f and g: nudging x grows the sides by
df and dg, adding the strips f dg and g df and a corner df dg that shrinks faster than the
strips as the nudge shrinks (its numbers shown settling). The common mistake f'·g' is shown
with its numbers beside the true derivative. The lesson ends on its takeaway.

The rectangle beat appears only when the facts have a rectangle (the top of the tree is a
product whose sides are positive and grow at the point), the mistake only for a product.

Render the default lesson with ``manim -ql scenes/rules.py RulesScene``.
"""

from __future__ import annotations

from typing import ClassVar

import numpy as np
from manim import (
    DOWN,
    LEFT,
    RIGHT,
    UP,
    FadeIn,
    FadeOut,
    Line,
    MathTex,
    Mobject,
    ValueTracker,
    VGroup,
)

from derivanim.expressions import parse_expression
from derivanim.numbers import exact_decimals, format_number, number, significant_decimals
from derivanim.rules import (
    Rectangle,
    RulesFacts,
    part_names,
    rule_phrases,
    steps_note,
)
from derivanim.sampling import numeric_function
from scenes.kit.fit import boxes_touch, first_fitting
from scenes.kit.layout import Box
from scenes.kit.lesson_scene import LessonScene
from scenes.kit.motion import in_turn
from scenes.kit.product_rectangle import ProductRectangle
from scenes.kit.rows import baseline_at, rows_height, stack_rows
from scenes.kit.step_blocks import page_blocks, step_block, term_rows
from scenes.kit.text import BODY_SIZE, Readout, formula
from scenes.kit.trackers import drive

MAX_PARTS = 4
"""Most parts the tree reading shows under its top node (more are elided)."""


class RulesScene(LessonScene):
    """The function derived rule by rule; a product also as a growing rectangle."""

    kind = "rules"
    step_time: ClassVar[float] = 1.0
    """Seconds for a step to appear."""
    steps_seconds: ClassVar[float] = 18.0
    """The steps beat lasts about this long at least (short derivations hold each step longer)."""
    nudge_time: ClassVar[float] = 1.2
    """Seconds for the nudge to shrink to its next value."""
    label_room: ClassVar[float] = 0.65
    """Room left of and below the rectangle for its side labels."""

    def construct(self) -> None:
        self.build()
        self.pose_question()
        self.read_tree()
        self.derive_steps()
        if self.rules.rectangle is not None:
            self.picture_product()
        if self.rules.mistake is not None:
            self.show_mistake()
        self.conclude()

    # ---- build every object once --------------------------------------------------------
    def build(self) -> None:
        """Typeset every formula and build every picture the lesson shows."""
        self.rules: RulesFacts = self.facts.facts  # type: ignore[assignment]
        theme, panel = self.theme, self.layout.panel
        function = self.rules.steps[-1].expression_latex
        fallback = self.fitting_rows([r"f(x) = \dots"])  # a function too long for the panel
        assert fallback is not None
        self.function_tex = (self.fitting_rows([rf"f(x) = {function}"])
                             or self.fitting_rows(["f(x)", f"= {function}"])
                             or self.fitting_rows(["f(x)", *term_rows(
                                 self.rules.function_lines, panel.width, theme)])
                             or fallback)
        self.panel_now: list[Mobject] = [self.function_tex]
        whole = self.rules.steps[-1]
        self.result_tex = (self.fitting_rows([rf"f'(x) = {whole.result_latex}"])
                           or self.fitting_rows(["f'(x)", rf"= {whole.result_latex}"])
                           or self.fitting_rows(["f'(x)", *term_rows(whole.result_lines,
                                                                     panel.width, theme)]))
        self.build_tree()
        self.build_steps()
        if self.rules.rectangle is not None:
            self.build_rectangle(self.rules.rectangle)
        if self.rules.mistake is not None:
            self.build_mistake()

    def fitting_rows(self, texts: list[str]) -> VGroup | None:
        """Rows of formulas stacked at the panel's top-left, if each fits its width."""
        panel = self.layout.panel
        rows = [formula(tex, self.theme) for tex in texts]
        if any(row.width > panel.width for row in rows) or rows_height(rows) > panel.height:
            return None
        top = panel.top if not self.layout.stacked else panel.center[1] + rows_height(rows) / 2
        stack_rows(rows, panel.left, top)
        return VGroup(*rows)

    def build_tree(self) -> None:
        """The top node of the tree, named by its rule, and its parts joined to it by lines."""
        theme, box, tree = self.theme, self.layout.graph, self.rules.tree
        self.tree_root = formula(rf"\text{{{tree.rule}}}", theme, BODY_SIZE, theme.highlight)
        parts = list(tree.parts_latex) or [self.rules.steps[-1].expression_latex]
        names = list(part_names(tree.rule, len(tree.parts_latex))) or [""]
        if len(parts) > MAX_PARTS:
            parts, names = [*parts[:MAX_PARTS - 1], r"\cdots"], [*names[:MAX_PARTS - 1], ""]
        letters = ("f", "g", "h", "k")
        options = [[f"{n} = {p}" if n else p for n, p in zip(names, parts)],
                   [n or p for n, p in zip(names, parts)],
                   [n or (p if p == r"\cdots" else letters[i]) for i, (n, p) in
                    enumerate(zip(names, parts))]]
        built: list[MathTex] = []
        for option in options:
            built = [formula(tex, theme) for tex in option]
            if all(part.width <= box.width for part in built):
                break
        row = VGroup(*built).arrange(RIGHT, buff=0.7)
        if row.width <= box.width:
            row.next_to(self.tree_root, DOWN, buff=0.9)
            lines = [Line(self.tree_root.get_bottom(), part.get_top(), buff=0.12) for part in built]
        else:
            row.arrange(DOWN, buff=0.3, aligned_edge=LEFT)
            row.next_to(self.tree_root, DOWN, buff=0.5).align_to(self.tree_root, LEFT).shift(0.6 * RIGHT)
            lines = [Line(self.tree_root.get_corner(DOWN + LEFT) + 0.2 * RIGHT,
                          part.get_left(), buff=0.12) for part in built]
        self.tree_parts = row
        self.tree_lines = VGroup(*[line.set_color(theme.muted) for line in lines])
        self.tree = VGroup(self.tree_root, self.tree_lines, self.tree_parts).move_to(box.center)

    def build_steps(self) -> None:
        """Each shown step as a block of rows, placed on pages of the graph box."""
        box, steps = self.layout.graph, self.rules.steps
        blocks = []
        for index in self.rules.shown:
            block = step_block(steps[index], box.width, self.theme, box.height)
            if block is not None:
                blocks.append((index, block))
        self.pages = page_blocks([block for _, block in blocks], box)
        placed = {id(block) for page in self.pages for block in page}
        self.step_of = {id(block): steps[index] for index, block in blocks if id(block) in placed}
        self.note = steps_note(len(self.step_of), len(steps))

    def build_rectangle(self, rect: Rectangle) -> None:
        """The rectangle f by g at the first nudge, its side labels and the panel's readouts."""
        theme, box = self.theme, self.layout.graph
        x = self.facts.variable
        self.f_of = numeric_function(parse_expression(rect.f), x)
        self.g_of = numeric_function(parse_expression(rect.g), x)
        self.a = self.rules.at.x
        first = rect.nudges[0]
        self.dx = ValueTracker(first.dx)
        self.build_readouts(rect)
        if self.layout.stacked:  # the dx row sits above the picture
            box = Box(box.left, box.right, box.bottom, box.top - self.dx_row.height - 0.25)
            self.dx_row.move_to(np.array([box.center[0], self.layout.graph.top
                                          - self.dx_row.height / 2, 0.0]))
        room = self.label_room
        width, height = rect.f_value + first.df, rect.g_value + first.dg
        sx, sy = (box.width - room - 0.1) / width, (box.height - room - 0.1) / height
        scale = min(sx, sy)  # one scale keeps the rectangle's proportions true ...
        # ... unless a side would be a sliver: then that axis stretches (at most 2.5 times)
        self.sx = min(sx, 2.5 * scale) if width * scale < 0.35 * (box.width - room) else scale
        self.sy = min(sy, 2.5 * scale) if height * scale < 0.35 * (box.height - room) else scale
        spare_x = box.width - room - width * self.sx
        spare_y = box.height - room - height * self.sy
        origin = np.array([box.left + room + spare_x / 2, box.bottom + room + spare_y / 2, 0.0])
        self.picture = ProductRectangle(rect.f_value, rect.g_value, origin, self.sx, self.sy, theme)
        self.build_side_labels(rect, origin)
        self.picture.add_updater(lambda _: self.redraw())  # a function: copies share it
        self.redraw()

    def build_side_labels(self, rect: Rectangle, origin: np.ndarray) -> None:
        """f and g on the rectangle's sides, df and dg on the strips' (dropped if they crowd)."""
        theme, first = self.theme, rect.nudges[0]
        base_w, base_h = rect.f_value * self.sx, rect.g_value * self.sy
        below, left = origin[1] - 0.3, origin[0] - 0.3
        f_label = first_fitting([rf"f = {rect.f_latex}", "f"], base_w, theme, theme.function)
        self.f_label = f_label.move_to(np.array([origin[0] + base_w / 2, below, 0.0]))
        self.g_label = formula("g", theme, BODY_SIZE, theme.function).move_to(
            np.array([left, origin[1] + base_h / 2, 0.0]))
        self.df_label = formula("df", theme, BODY_SIZE, theme.secant).move_to(
            np.array([origin[0] + base_w + first.df * self.sx / 2, below, 0.0]))
        self.dg_label = formula("dg", theme, BODY_SIZE, theme.tangent).move_to(
            np.array([left, origin[1] + base_h + first.dg * self.sy / 2, 0.0]))
        self.dg_label.shift(RIGHT * min(0.0, self.dg_label.get_left()[0] - self.layout.graph.left))
        crowded = (boxes_touch(self.f_label, self.df_label, 0.1)
                   or boxes_touch(self.g_label, self.dg_label, 0.05)
                   or self.dg_label.get_left()[0] < self.layout.graph.left - 1e-6)
        self.nudge_labels = VGroup() if crowded else VGroup(self.df_label, self.dg_label)
        self.side_labels = VGroup(self.f_label, self.g_label)

    def build_readouts(self, rect: Rectangle) -> None:
        """dx, the strips' area f dg + g df and the corner's df dg, as readouts."""
        theme, glyphs, panel = self.theme, self.glyphs, self.layout.panel
        nudges = rect.nudges

        def row(options: list[str], values: list[float], color: str,
                decimals: int | None = None) -> tuple[VGroup, Readout]:
            if decimals is None:
                decimals = significant_decimals(values, 3, least=2, most=5)
            slots = max(len(format_number(v, decimals)) for v in values) + 1
            widest = panel.width - glyphs.width_of("0" * slots) - 0.2
            name = first_fitting(options, widest, theme, color)
            readout = Readout(glyphs, values[0], decimals, slots, color)
            readout.move_anchor_to(np.array([name.get_right()[0] + 0.2, baseline_at(name, 0), 0.0]))
            return VGroup(name, readout), readout

        dx_values = [n.dx for n in nudges]
        self.dx_row, self.dx_value = row([r"dx ="], dx_values, theme.text,
                                         max(exact_decimals(v) for v in dx_values))
        self.strips_row, self.strips_value = row(
            [r"\text{strips } f\,dg + g\,df =", r"\text{strips} ="],
            [n.f_dg + n.g_df for n in nudges], theme.secant)
        self.corner_row, self.corner_value = row(
            [r"\text{corner } df\,dg =", r"\text{corner} ="], [n.corner for n in nudges],
            theme.highlight)
        rows = [self.strips_row, self.corner_row]
        if not self.layout.stacked:
            rows = [self.dx_row, *rows]
            stack_rows(rows, panel.left, self.function_tex.get_bottom()[1] - 0.45)
        else:
            stack_rows(rows, panel.left, panel.center[1] + rows_height(rows) / 2)
        self.readout_rows = VGroup(*rows)

    def redraw(self) -> None:
        """Grow the rectangle's strips and update the readouts for the tracker's dx."""
        dx = self.dx.get_value()
        f0, g0 = self.picture.f, self.picture.g
        df = float(self.f_of(np.array([self.a + dx]))[0]) - f0
        dg = float(self.g_of(np.array([self.a + dx]))[0]) - g0
        self.picture.grow(df, dg)
        self.dx_value.set_value(dx)
        self.strips_value.set_value(f0 * dg + g0 * df)
        self.corner_value.set_value(df * dg)

    def build_mistake(self) -> None:
        """The naive f'·g' with its number, the true derivative below with its."""
        theme, box, wrong = self.theme, self.layout.graph, self.rules.mistake
        assert wrong is not None
        naive, true = number(wrong.naive_value), number(wrong.true_value)
        at = number(self.rules.at.x)

        naive_options = [[rf"f'\,g' = {wrong.naive_latex} = {naive}"],
                         [rf"f'\,g' = {wrong.naive_latex}", rf"= {wrong.naive_at_latex} = {naive}"],
                         [rf"f'\,g' = {wrong.naive_latex}", rf"= {naive}"],
                         [rf"f'({at})\,g'({at}) = {naive}"]]
        true_options = [[rf"(f\,g)'({at}) = {wrong.true_at_latex} = {true}"],
                        [rf"(f\,g)'({at}) = {wrong.true_at_latex}", rf"= {true}"],
                        [rf"(f\,g)'({at}) =", rf"{wrong.true_at_latex} = {true}"],
                        [rf"(f\,g)'({at}) = {true}"]]
        gap = 0.3
        chosen: tuple[list[MathTex], list[MathTex]] | None = None
        for naive_texts in naive_options:
            naive_rows = [formula(tex, theme, BODY_SIZE, theme.negative) for tex in naive_texts]
            if any(row.width > box.width for row in naive_rows):
                continue
            for true_texts in true_options:
                true_rows = [formula(tex, theme, BODY_SIZE, theme.positive) for tex in true_texts]
                tall = rows_height(naive_rows) + gap + rows_height(true_rows)
                if all(row.width <= box.width for row in true_rows) and tall <= box.height:
                    chosen = (naive_rows, true_rows)
                    break
            if chosen:
                break
        if chosen is None:  # the shortest rows, whatever they need
            chosen = ([formula(naive_options[-1][0], theme, BODY_SIZE, theme.negative)],
                      [formula(true_options[-1][0], theme, BODY_SIZE, theme.positive)])
        naive_rows, true_rows = chosen
        self.naive_rows, self.true_rows = VGroup(*naive_rows), VGroup(*true_rows)
        top = box.center[1] + (rows_height(naive_rows) + gap + rows_height(true_rows)) / 2
        bottom = stack_rows(naive_rows, box.left, min(top, box.top))
        stack_rows(true_rows, box.left, bottom - gap)

    # ---- beats --------------------------------------------------------------------------
    def pose_question(self) -> None:
        self.beat(
            "question",
            f"f(x) = {self.facts.function}. Before differentiating, ask one question: what "
            "operation built this function?",
        )
        self.play(FadeIn(self.title_text(self.lesson.title)), FadeIn(self.function_tex),
                  run_time=1.5)
        self.play(*self.say("What built this function?"))
        self.pause(2)

    def read_tree(self) -> None:
        tree = self.rules.tree
        parts = " and ".join(tree.parts) if tree.parts else self.facts.function
        self.beat(
            "tree",
            f"Read the expression tree from the top. At the top sits a {tree.rule}, of "
            f"{parts}. That operation decides the rule: {tree.form}.",
        )
        self.play(FadeIn(self.tree_root), run_time=0.8)
        self.play(*[FadeIn(line) for line in self.tree_lines], FadeIn(self.tree_parts),
                  *self.say_first(f"At the top: a {tree.rule}.", "At the top:", color=None),
                  run_time=1.2)
        self.pause(1)
        self.play(*self.say_first(*rule_phrases(self.rules.steps[-1])))
        self.pause(2)

    def derive_steps(self) -> None:
        facts = self.rules
        self.beat(
            "steps",
            "Now apply one rule per node, from the leaves up; each step names its rule. "
            f"The last step is the whole function: f′(x) = {facts.derivative}, "
            "the same as sympy's derivative, written the way the rules build it.",
        )
        count = sum(len(page) for page in self.pages)
        hold = max(1.2, self.steps_seconds / max(count, 1) - self.step_time)
        leaving: list = [FadeOut(self.tree)]
        if self.note:
            self.play(*self.say_first(*self.note), run_time=1.0)
            self.pause(2)
        for page in self.pages:
            for index, block in enumerate(page):
                step = self.step_of[id(block)]
                self.play(in_turn(leaving, [FadeIn(block, shift=0.1 * DOWN)]),
                          *self.say_first(*rule_phrases(step)), run_time=self.step_time)
                leaving = []
                self.wait(hold)
            leaving = [FadeOut(*page)]
        self.steps_shown = leaving
        self.play(*self.say_first("The same as sympy's answer, in the rule's form.",
                                  "Equal to sympy's answer."))
        self.pause(2)

    def picture_product(self) -> None:
        rect = self.rules.rectangle
        assert rect is not None
        first, last = rect.nudges[0], rect.nudges[-1]
        self.beat(
            "rectangle",
            f"Picture the product as a rectangle of sides f = {rect.f} and g = {rect.g}. "
            f"Nudge x by dx = {number(first.dx)}: the sides grow by df and dg, adding a strip "
            "f dg, a strip g df and a corner df dg. As dx shrinks the strips shrink like dx, "
            f"the corner like dx squared: at dx = {number(last.dx)} the corner is "
            f"{number(last.corner)} against {number(last.f_dg + last.g_df)} for the strips.",
        )
        panel_out: list = [FadeOut(self.function_tex)] if self.layout.stacked else []
        self.panel_now = [*([] if self.layout.stacked else [self.function_tex]), self.readout_rows]
        self.play(in_turn([*self.steps_shown, *panel_out],
                          [FadeIn(self.picture), FadeIn(self.side_labels), FadeIn(self.nudge_labels),
                           FadeIn(self.readout_rows), *([FadeIn(self.dx_row)] if self.layout.stacked else [])]),
                  *self.say_first("New area: f dg + g df + df dg.", "f dg + g df + df dg"),
                  run_time=1.5)
        self.pause(2)
        self.play(FadeOut(self.nudge_labels),
                  *self.say_first("Shrink dx: the corner vanishes faster.", "The corner vanishes."),
                  run_time=1.0)
        for nudge in rect.nudges[1:]:
            drive(self, self.dx, nudge.dx, self.nudge_time)
            self.wait(0.8)
        self.pause(1)

    def show_mistake(self) -> None:
        wrong, at = self.rules.mistake, self.rules.at
        assert wrong is not None
        self.beat(
            "mistake",
            f"A common mistake: multiplying the two derivatives. f′·g′ = {wrong.naive} gives "
            f"{number(wrong.naive_value)} at x = {number(at.x)}, but the true derivative is "
            f"{number(wrong.true_value)}.",
        )
        leaving: list = []
        if self.rules.rectangle is not None:
            leaving = [FadeOut(self.picture, self.side_labels)]
            if self.layout.stacked:
                leaving.append(FadeOut(self.dx_row))
        else:
            leaving = self.steps_shown
        self.play(in_turn(leaving, [FadeIn(self.naive_rows)]),
                  *self.say_first("Not f′·g′: that misses both strips.", "Not f′·g′."),
                  run_time=1.2)
        self.pause(2)
        self.play(FadeIn(self.true_rows, shift=0.1 * UP),
                  *self.say_first("The product rule gives the true slope.", "The true slope."))
        self.pause(2)

    def conclude(self) -> None:
        self.beat(
            "takeaway",
            "Each rule is a proof done once: ask what built the function, apply that rule, "
            "and let the rules carry you node by node to the derivative.",
        )
        swap = [] if self.result_tex is None else [
            in_turn([FadeOut(*self.panel_now)], [FadeIn(self.result_tex)])]
        self.play(*swap, *self.say_first("Ask what built it; apply that rule.", "What built it?",
                                         color=self.theme.highlight), run_time=1.2)
        self.pause(3)
