"""The course's frames encoded as Manim would encode them: the yardstick of issue 16.

Each lesson of the default course is rendered once in a worker process keeping its frames
(:mod:`bench.worker` ``manim-encode``); the same frames are then converted from RGBA frame by
frame and encoded with Manim's default MP4 settings (libx264, crf 23, preset medium, yuv420p),
timed alone. The course's render wall time (the ``course`` section, ``--jobs 2``, in the same
run) over the sum of those encode times says how the whole render compares with merely
encoding its frames the way Manim does.
"""

from __future__ import annotations

import math
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from bench.secant_runs import Say, _worker


@dataclass
class ManimEncodeFigures:
    """Manim-default encode-only seconds of every lesson of the course at one quality."""

    quality: str
    seconds: dict[str, float] = field(default_factory=dict)
    frames: dict[str, int] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)

    @property
    def total(self) -> float:
        """The whole course (NaN when a lesson failed).

        Examples
        --------
        >>> ManimEncodeFigures("low", {"a": 1.5, "b": 2.0}).total
        3.5
        >>> math.isnan(ManimEncodeFigures("low", {"a": 1.5}, errors={"b": "x"}).total)
        True
        """
        return math.nan if self.errors else sum(self.seconds.values())


def manim_encodes(lesson_ids: list[str], quality: str, work: Path, say: Say) -> ManimEncodeFigures:
    """Time Manim's default encoder on each lesson's frames, one worker process per lesson."""
    figures = ManimEncodeFigures(quality)
    for lesson_id in lesson_ids:
        folder = work / f"manim-encode-{quality}-{lesson_id}"
        result = _worker("manim-encode", folder, work / "manim-encode.json",
                         "--lesson", lesson_id, "--quality", quality)
        shutil.rmtree(folder, ignore_errors=True)
        if "error" in result:
            figures.errors[lesson_id] = str(result["error"])
            say(f"manim-encode {lesson_id} {quality}: failed ({result['error']})")
            continue
        figures.seconds[lesson_id] = float(result["encode"])
        figures.frames[lesson_id] = int(result["frames"])
        say(f"manim-encode {lesson_id} {quality}: {float(result['encode']):.1f} s for "
            f"{int(result['frames'])} frames")
    return figures
