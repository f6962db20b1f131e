"""The secant lesson in-process: ours against the peer baseline, and against the floor.

Each render runs in its own process (:mod:`bench.worker`) and is timed inside it, from
building the scene to closing the video, so process start-up and imports are left out and
both scenes are measured the same way. Ours and the baseline alternate, and their ratio is
taken pair by pair: a busy spell on the machine slows both halves of a pair alike.
"""

from __future__ import annotations

import json
import math
import shutil
import statistics
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bench.timing import PYTHON, ROOT, Series, median, paired_ratios, run_timed

TIMEOUT = 3600.0
"""Seconds after which one measurement is given up."""

Say = Callable[[str], None]


def _worker(command: str, work: Path, result: Path | None, *options: str) -> dict[str, Any]:
    """Run one worker command; return its JSON result, or ``{"error": ...}``."""
    args = [PYTHON, "-m", "bench.worker", command, "--work", str(work), *options]
    if result is not None:
        args += ["--result", str(result)]
        result.unlink(missing_ok=True)  # never read a previous run's figures
    run = run_timed(args, cwd=ROOT, timeout=TIMEOUT)
    if not run.ok:
        lines = run.output.strip().splitlines()
        return {"error": f"exit {run.returncode}: {(lines[-1] if lines else 'no output')[:200]}"}
    if result is None:
        return {}
    try:
        return dict(json.loads(result.read_text()))
    except (OSError, ValueError) as error:
        return {"error": f"no result: {error}"}


def warm_tex(work: Path, say: Say) -> str:
    """Fill the TeX cache with both scenes' formulas (dry run); return an error or ``""``."""
    say("secant: warming the TeX cache with both scenes (dry run)")
    outcome = _worker("warm", work / "warm", None)
    shutil.rmtree(work / "warm", ignore_errors=True)
    return str(outcome.get("error", ""))


@dataclass
class PairFigures:
    """Ours and the baseline at one quality, measured in alternation."""

    quality: str
    ours: Series = field(default_factory=Series)
    baseline: Series = field(default_factory=Series)
    waited: Series = field(default_factory=Series)
    video_ours: float = math.nan
    video_baseline: float = math.nan
    drawn: int = 0

    @property
    def ratios(self) -> list[float]:
        """baseline / ours for each pair."""
        return paired_ratios(self.ours.values, self.baseline.values)

    @property
    def ratio(self) -> float:
        """Median of the per-pair ratios."""
        return median(self.ratios)


def render_pairs(quality: str, repeat: int, work: Path, say: Say) -> PairFigures:
    """Render ours then the baseline, ``repeat`` times, each in a fresh process."""
    figures = PairFigures(quality)
    for index in range(repeat):
        for which in ("ours", "baseline"):
            folder = work / f"{which}-{quality}-{index}"
            result = _worker("render", folder, work / f"{which}.json",
                             "--scene", which, "--quality", quality)
            series = figures.ours if which == "ours" else figures.baseline
            if "error" in result:
                series.add(math.nan, str(result["error"]))
                say(f"secant {which} {quality}: failed ({result['error']})")
            else:
                series.add(float(result["seconds"]))
                if which == "ours":
                    figures.video_ours = float(result["video_seconds"])
                    figures.waited.add(float(result["waited"]))
                    figures.drawn = int(result["drawn"])
                else:
                    figures.video_baseline = float(result["video_seconds"])
                say(f"secant {which} {quality}: {float(result['seconds']):.1f} s "
                    f"for {float(result['video_seconds']):.1f} s of video")
            shutil.rmtree(folder, ignore_errors=True)
    return figures


@dataclass
class FloorFigures:
    """Encode-only and raster-only times for the secant lesson at one quality."""

    quality: str
    encode: Series = field(default_factory=Series)
    raster: Series = field(default_factory=Series)
    frames: int = 0
    drawn: int = 0
    raster_ms: float = math.nan
    encoder: str = ""
    error: str = ""
    size_ratio: float = math.nan
    """MP4 bytes with our encoder settings / with Manim's defaults, for the same frames."""


def floor_figures(quality: str, repeat: int, work: Path, say: Say) -> FloorFigures:
    """Measure the floor in one worker process (see :mod:`bench.floor`)."""
    figures = FloorFigures(quality)
    say(f"secant floor {quality}: rendering ours once keeping its frames, then timing "
        f"encode-only and raster-only {repeat} time(s)")
    folder = work / f"floor-{quality}"
    result = _worker("floor", folder, work / "floor.json", "--quality", quality,
                     "--repeat", str(repeat))
    shutil.rmtree(folder, ignore_errors=True)
    if "error" in result:
        figures.error = str(result["error"])
        say(f"secant floor {quality}: failed ({figures.error})")
        return figures
    for value in result["encode"]:
        figures.encode.add(float(value))
    for value in result["raster"]:
        figures.raster.add(float(value))
    figures.frames, figures.drawn = int(result["frames"]), int(result["drawn"])
    figures.raster_ms = float(result["raster_ms_per_frame"])
    figures.encoder = str(result["encoder"])
    figures.size_ratio = int(result["ours_bytes"]) / int(result["manim_bytes"])
    say(f"secant floor {quality}: encode {statistics.median(result['encode']):.1f} s, "
        f"raster {statistics.median(result['raster']):.1f} s ({figures.drawn} drawn frames)")
    return figures


def ours_only(quality: str, repeat: int, work: Path, say: Say) -> Series:
    """Ours alone, ``repeat`` times (when the pairs were not measured at this quality)."""
    series = Series()
    for index in range(repeat):
        folder = work / f"ours-{quality}-{index}"
        result = _worker("render", folder, work / "ours.json", "--scene", "ours",
                         "--quality", quality)
        shutil.rmtree(folder, ignore_errors=True)
        if "error" in result:
            series.add(math.nan, str(result["error"]))
        else:
            series.add(float(result["seconds"]))
            say(f"secant ours {quality}: {float(result['seconds']):.1f} s")
    return series


def profile_figures(quality: str, work: Path, say: Say) -> dict[str, Any]:
    """Our secant scene once under cProfile (see :mod:`bench.hotspots`)."""
    say(f"secant profile {quality}: one render of ours under cProfile")
    folder = work / f"profile-{quality}"
    result = _worker("profile", folder, work / "profile.json", "--quality", quality)
    shutil.rmtree(folder, ignore_errors=True)
    result["quality"] = quality
    return result
