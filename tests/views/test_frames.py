"""Golden frames: the last frame of each kind's default lesson, compared with a stored image
within a tolerance (anti-aliasing may differ by a few levels; a moved or missing object may not).

Regenerate after an intended visual change with ``DERIVANIM_UPDATE_GOLDEN=1 pytest tests/views/test_frames.py``
and look at the new images before committing them.
"""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from tests.views.helpers import ROOT, facts_of, last_frame

GOLDEN = Path(__file__).parent / "golden"
KINDS = ("limit", "secant", "slopes", "stretch", "chain", "jacobian", "numerics", "descent", "backprop")


def compare(actual: np.ndarray, expected: np.ndarray) -> tuple[float, float]:
    """Mean absolute difference (0-255) and the share of pixels off by more than 40 levels."""
    assert actual.shape == expected.shape, f"frame size {actual.shape} != {expected.shape}"
    difference = np.abs(actual.astype(int) - expected.astype(int)).max(axis=2)
    return float(difference.mean()), float((difference > 40).mean())


def test_comparison_detects_a_moved_object():
    """The tolerance is tight enough to notice a small shape moving by a few pixels."""
    frame = np.zeros((240, 426, 3), dtype=np.uint8)
    frame[100:120, 100:140] = 255
    moved = np.roll(frame, 6, axis=1)
    mean, share = compare(moved, frame)
    assert share > 0.002 or mean > 1.0


@pytest.mark.parametrize("kind", KINDS)
def test_last_frame_matches_golden(kind):
    frame = last_frame(facts_of(ROOT / "config" / "course.toml", kind))
    path = GOLDEN / f"{kind}.png"
    if os.environ.get("DERIVANIM_UPDATE_GOLDEN"):
        Image.fromarray(frame).save(path)
    assert path.exists(), f"no golden frame for {kind}: run with DERIVANIM_UPDATE_GOLDEN=1"
    mean, share = compare(frame, np.array(Image.open(path).convert("RGB")))
    assert mean < 1.5 and share < 0.002, f"{kind}: mean difference {mean:.2f}, {share:.2%} of pixels differ"
