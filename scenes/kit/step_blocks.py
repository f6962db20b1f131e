"""Rule steps set as blocks of formula rows that fit a width, and paged into a box.

A step reads ``rule: (expression)' = result``. In a narrow frame it breaks into rows: the
rule's name, then the equation, then the equation split after its left side, then the result
split between its terms. A block that fits no way is left out (the scene says so).
"""

from __future__ import annotations

from collections.abc import Sequence

from manim import MathTex, VGroup

from derivanim.rule_engine import Step
from scenes.kit.layout import Box
from scenes.kit.rows import ROW_GAP, rows_height, stack_rows
from scenes.kit.text import BODY_SIZE, formula
from scenes.kit.theme import Theme

BLOCK_GAP = 0.3
"""Vertical gap between two steps' blocks."""
LABEL_GAP = 0.3
"""Gap between a rule's name and its equation on one row."""


def _side_by_side(left: MathTex, right: MathTex) -> VGroup:
    right.next_to(left, buff=LABEL_GAP)
    if right.height < 1.5 * left.height:  # a line of text: share the bottom (else centred)
        right.align_to(left, direction=[0, -1, 0])
    return VGroup(left, right)


def term_rows(lines: Sequence[str], width: float, theme: Theme) -> list[str]:
    """A result's terms (``= first``, then each signed term) gathered greedily into as few
    rows as fit ``width`` (a single term wider than that stays a row of its own)."""
    rows: list[str] = []
    for index, line in enumerate(lines):
        piece = f"= {line}" if index == 0 else line
        if rows and formula(f"{rows[-1]} {piece}", theme).width <= width:
            rows[-1] = f"{rows[-1]} {piece}"
        else:
            rows.append(piece)
    return rows


def _grouped(lines: Sequence[str], width: float, theme: Theme) -> list[MathTex] | None:
    """The result's rows as formulas, or None when one is still too wide."""
    built = [formula(row, theme) for row in term_rows(lines, width, theme)]
    return built if all(row.width <= width for row in built) else None


def step_block(step: Step, width: float, theme: Theme, height: float) -> VGroup | None:
    """A step's rows (each a formula, or the rule's name beside a formula) no wider than
    ``width`` and no taller together than ``height``, or None when no arrangement fits.

    Tried in order: everything on one row; the name above the equation; the name beside the
    left side, the result below; name, left side and result on three rows; the result split
    between its terms.
    """
    lhs = rf"\left({step.expression_latex}\right)'"
    rhs = f"= {step.result_latex}"

    def label() -> MathTex:
        return formula(rf"\text{{{step.rule}}}", theme, BODY_SIZE, theme.muted)

    def fits(rows: list[VGroup | MathTex]) -> bool:
        return all(row.width <= width + 1e-6 for row in rows) and rows_height(rows) <= height

    whole = formula(f"{lhs} {rhs}", theme)
    left, right = formula(lhs, theme), formula(rhs, theme)
    split = _grouped(step.result_lines, width, theme) or []
    candidates = [
        lambda: [_side_by_side(label(), whole)],
        lambda: [label(), whole],
        lambda: [_side_by_side(label(), left), right],
        lambda: [label(), left, right],
        lambda: [_side_by_side(label(), left), *split] if split else [],
        lambda: [label(), left, *split] if split else [],
    ]
    for build in candidates:
        rows = build()
        if rows and fits(rows):
            return VGroup(*rows)
    return None


def page_blocks(blocks: Sequence[VGroup], box: Box) -> list[list[VGroup]]:
    """Place blocks from the top of ``box`` down, starting a new page when the next one would
    pass its bottom; a block taller than the box is left out.

    Returns
    -------
    list of list of VGroup
        The pages, each a list of placed blocks.
    """
    pages: list[list[VGroup]] = [[]]
    top = box.top
    for block in blocks:
        height = rows_height(list(block))
        if height > box.height + 1e-6:
            continue
        if pages[-1] and top - height < box.bottom - 1e-6:
            pages.append([])
            top = box.top
        stack_rows(list(block), box.left, top, ROW_GAP)
        pages[-1].append(block)
        top -= height + BLOCK_GAP
    return [page for page in pages if page]
