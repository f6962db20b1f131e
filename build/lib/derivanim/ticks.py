"""Which ticks of an axis get a number: every n-th one, so that the labels never crowd.

A label is ``room`` wide (or high); ticks stand ``spacing`` apart on screen. Labelling every
n-th tick, counted from 0 whenever 0 is on the axis, keeps the labels apart and always writes
the 0 itself.

Examples
--------
>>> every = label_every(0.27, 0.45)
>>> every, [v for v in (-0.4, -0.2, 0.0, 0.2, 0.4) if labelled(v, -0.4, 0.4, 0.2, every)]
(2, [-0.4, 0.0, 0.4])
"""

from __future__ import annotations

import math


def label_every(spacing: float, room: float) -> int:
    """Label every n-th tick so that labels ``room`` wide (or high) fit ``spacing`` apart.

    Examples
    --------
    >>> label_every(0.6, 0.45), label_every(0.27, 0.45), label_every(0.1, 0.45)
    (1, 2, 5)
    """
    return max(1, math.ceil(room / spacing - 1e-9))


def labelled(value: float, low: float, high: float, step: float, every: int) -> bool:
    """Whether a tick gets a label: every n-th tick, counted from 0 when 0 is in range.

    Examples
    --------
    >>> from derivanim.numbers import tick_values
    >>> [v for v in tick_values(-0.2, 1.2, 0.2) if labelled(v, -0.2, 1.2, 0.2, 2)]
    [0.0, 0.4, 0.8, 1.2]
    """
    origin = 0.0 if low <= 0.0 <= high else low
    return round((value - origin) / step) % every == 0
