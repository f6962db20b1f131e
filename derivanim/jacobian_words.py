"""How the jacobian lesson words what F does near a point: the area factor in prose, labels and
captions (the numbers are the rounded facts of :mod:`derivanim.jacobian`).

Examples
--------
>>> from derivanim.jacobian import DEFAULT_MAP, DEFAULT_POINTS, jacobian_facts, parse_map
>>> facts = jacobian_facts(parse_map(DEFAULT_MAP), DEFAULT_POINTS)
>>> effect_sentence(facts.points[2]), matrix_words(facts.points[2].matrix)
('It flips and triples areas: det J = -3.', 'rows -2, -1 and 1, 2')
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from derivanim.jacobian import JacobianPoint
from derivanim.numbers import number
from derivanim.stretch import shown as stretch_shown


def shown(value: float) -> str:
    """A determinant or matrix entry as labels and prose write it (at most 2 decimals, or 4
    for a small fraction that needs them).

    Examples
    --------
    >>> shown(5.0), shown(-3.0), shown(0.5), shown(0.1304237), shown(-0.0)
    ('5', '-3', '0.5', '0.1304', '0')
    """
    return stretch_shown(value)


def point_text(point: JacobianPoint) -> str:
    """A point as prose writes it.

    Examples
    --------
    >>> point_text(JacobianPoint(-0.5, 0.25, (0, 0), ((0, 0), (0, 0)), 0, "collapse",
    ...                          "collapse", (), (), ()))
    '(-0.5, 0.25)'
    """
    return f"({number(point.x)}, {number(point.y)})"


def area_phrase(magnitude: float) -> str:
    """What |det J| does to areas, in plain words.

    Examples
    --------
    >>> [area_phrase(m) for m in (3, 2, 0.5, 1, 5, 0.2)]
    ['triples areas', 'doubles areas', 'halves areas', 'keeps areas', 'stretches areas 5 times', 'squishes areas to 0.2 of their size']
    """
    words = {2.0: "doubles areas", 3.0: "triples areas", 4.0: "quadruples areas",
             0.5: "halves areas", 1.0: "keeps areas"}
    for value, word in words.items():
        if math.isclose(magnitude, value, rel_tol=1e-9):
            return word
    if magnitude > 1:
        return f"stretches areas {shown(magnitude)} times"
    return f"squishes areas to {shown(magnitude)} of their size"


def effect_sentence(point: JacobianPoint, short: bool = False) -> str:
    """The prose line that names what F does near a point.

    Examples
    --------
    >>> from derivanim.jacobian import DEFAULT_MAP, DEFAULT_POINTS, jacobian_facts, parse_map
    >>> facts = jacobian_facts(parse_map(DEFAULT_MAP), DEFAULT_POINTS)
    >>> [effect_sentence(p) for p in facts.points]  # doctest: +NORMALIZE_WHITESPACE
    ['It stretches areas 5 times: det J = 5.', 'It halves areas: det J = 0.5.',
     'It flips and triples areas: det J = -3.', 'It collapses the square: det J = 0.',
     'It keeps areas: det J = 1.']
    >>> effect_sentence(facts.points[2], short=True)
    'It flips: det J = -3.'
    """
    if point.effect == "collapse":
        verb = "collapses the square"
    elif short:
        verb = {"flip": "flips", "keep": "keeps areas", "stretch": "stretches",
                "squish": "squishes"}[point.effect]
    elif point.effect == "flip":
        verb = "flips and " + area_phrase(abs(point.det))
    else:
        verb = area_phrase(abs(point.det))
    return f"It {verb}: det J = {shown(point.det)}."


def effect_tex(point: JacobianPoint) -> str:
    r"""The on-screen effect label of a point, in TeX (its number is the rounded fact).

    Examples
    --------
    >>> from derivanim.jacobian import DEFAULT_MAP, DEFAULT_POINTS, jacobian_facts, parse_map
    >>> facts = jacobian_facts(parse_map(DEFAULT_MAP), DEFAULT_POINTS)
    >>> [effect_tex(p) for p in facts.points]  # doctest: +NORMALIZE_WHITESPACE
    ['\\text{stretch, area} \\times 5', '\\text{squish, area} \\times 0.5',
     '\\text{flip, area} \\times 3', '\\text{collapse, area } 0', '\\text{keep area}']
    """
    size = shown(abs(point.det))
    if point.effect == "collapse":
        return r"\text{collapse, area } 0"
    if point.effect == "keep":
        return r"\text{keep area}"
    if point.effect == "flip" and point.size == "keep":
        return r"\text{flip, same area}"
    return rf"\text{{{point.effect}, area}} \times {size}"


def matrix_tex(matrix: Sequence[Sequence[float]]) -> str:
    r"""J at a point as a TeX matrix, entries rounded for reading.

    Examples
    --------
    >>> matrix_tex(((2.0, -1.0), (1.0, 2.0)))
    '\\begin{pmatrix} 2 & -1 \\\\ 1 & 2 \\end{pmatrix}'
    """
    rows = [" & ".join(shown(v) for v in row) for row in matrix]
    return r"\begin{pmatrix} " + r" \\ ".join(rows) + r" \end{pmatrix}"


def matrix_words(matrix: Sequence[Sequence[float]]) -> str:
    """J at a point for a caption: its rows in words.

    Examples
    --------
    >>> matrix_words(((2.0, -1.0), (1.0, 2.0)))
    'rows 2, -1 and 1, 2'
    """
    first, second = (", ".join(shown(v) for v in row) for row in matrix)
    return f"rows {first} and {second}"
