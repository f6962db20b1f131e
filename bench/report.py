"""The results as markdown: one table per section, targets printed beside the figures.

Examples
--------
>>> figure(1234.5), figure(0.1234), figure(float("nan"))
('1234.5', '0.123', '–')
>>> Target("RTF", 0.8, "at most").shown, Target("RTF", 0.8, "at most").met(0.5)
('≤ 0.8', 'yes')
>>> table(["a", "b"], [["1", "2"]])
'| a | b |\\n| --- | --- |\\n| 1 | 2 |'
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bench.cli_runs import RenderFigures, RerunFigures
from bench.cluster_runs import ClusterFigures
from bench.encode_runs import ManimEncodeFigures
from bench.secant_runs import FloorFigures, PairFigures
from bench.timing import Series


def figure(value: float, unit: str = "") -> str:
    """A number to about three significant digits (an en dash when there is none)."""
    if value is None or math.isnan(value):
        return "–"
    if abs(value) >= 10:
        text = f"{value:.1f}"
    elif abs(value) >= 1:
        text = f"{value:.2f}"
    else:
        text = f"{value:.3f}"
    return text + unit


def table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    """A markdown table."""
    lines = ["| " + " | ".join(header) + " |", "| " + " | ".join("---" for _ in header) + " |"]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines)


@dataclass(frozen=True)
class Target:
    """A figure the project aims for."""

    what: str
    limit: float
    sense: str  # "at most" or "at least"
    unit: str = ""

    @property
    def shown(self) -> str:
        """The target as printed."""
        sign = "≤" if self.sense == "at most" else "≥"
        return f"{sign} {self.limit:g}{self.unit}"

    def met(self, value: float) -> str:
        """``yes``, ``no``, or an en dash when nothing was measured."""
        if value is None or math.isnan(value):
            return "–"
        good = value <= self.limit if self.sense == "at most" else value >= self.limit
        return "yes" if good else "no"


COURSE_HIGH = Target("default course at 1080p60, --jobs 2, cold: RTF", 0.8, "at most")
COURSE_LOW = Target("default course at 480p15, cold: RTF", 0.15, "at most")
RERUN = Target("unchanged re-run (cache hit): wall", 2.0, "at most", " s")
CHECK = Target("render.py --check: wall", 1.0, "at most", " s")
BASELINE = Target("secant: baseline / ours", 2.5, "at least", "×")
FLOOR = Target("secant: ours / encode-only floor", 1.1, "at most", "×")
MANIM_ENCODE = Target("default course, --jobs 2, cold: render wall / Manim-default encode-only",
                      0.5, "at most", "×")
SIZE = Target("MP4 size: ours / Manim's default encoder, same frames", 1.1, "at most", "×")

RTF_TARGETS = {"high": COURSE_HIGH, "low": COURSE_LOW}
"""The course RTF target of a quality, where there is one."""
CLUSTER = Target("catalogue: --cluster local:2 / local pool --jobs 2", 1.1, "at most", "×")
NEW_KIND = Target("lesson RTF / mean RTF of the first six lessons", 1.15, "at most", "×")
ESTABLISHED = ("limit", "secant", "slopes", "stretch", "chain", "descent")
"""The lessons of the six kinds the course began with: the yardstick for the kinds added later."""


def established_rtf(lessons: Sequence[RenderFigures], quality: str) -> float:
    """The mean RTF of the :data:`ESTABLISHED` lessons measured at ``quality`` (NaN if none).

    Examples
    --------
    >>> from bench.timing import Series
    >>> def lesson(label, wall, video):
    ...     item = RenderFigures(label, "low", 1, Series(), Series())
    ...     item.wall.add(wall); item.video.add(video)
    ...     return item
    >>> established_rtf([lesson("limit", 10, 40), lesson("secant", 30, 40),
    ...                  lesson("rules", 99, 40)], "low")
    0.5
    """
    rtfs = [item.rtf for item in lessons if item.quality == quality and item.label in ESTABLISHED
            and not math.isnan(item.rtf)]
    return sum(rtfs) / len(rtfs) if rtfs else math.nan


@dataclass
class Results:
    """Everything one benchmark run measured (a section left out stays empty).

    It also carries the little state sections share: the course folder the re-run reuses and
    whether the TeX cache was warmed.
    """

    header: list[str] = field(default_factory=list)
    machine: list[tuple[str, str]] = field(default_factory=list)
    lessons: list[RenderFigures] = field(default_factory=list)
    course: list[RenderFigures] = field(default_factory=list)
    manim_encodes: list[ManimEncodeFigures] = field(default_factory=list)
    rerun: RerunFigures | None = None
    check: Series | None = None
    pairs: list[PairFigures] = field(default_factory=list)
    floors: list[FloorFigures] = field(default_factory=list)
    ours_alone: dict[str, Series] = field(default_factory=dict)
    profiles: list[dict[str, Any]] = field(default_factory=list)
    cluster: list[ClusterFigures] = field(default_factory=list)
    kept: Path | None = None
    """The course folder kept for the unchanged re-run (deleted by it)."""
    warmed: bool = False
    """Whether the TeX cache was warmed for the secant scenes in this run."""
    notes: list[str] = field(default_factory=list)

    def ours_seconds(self, quality: str) -> float:
        """Our in-process secant render at a quality: from the pairs, else measured alone."""
        for pair in self.pairs:
            if pair.quality == quality and not math.isnan(pair.ours.median):
                return pair.ours.median
        alone = self.ours_alone.get(quality)
        return alone.median if alone is not None else math.nan


def _runs(series: Series) -> str:
    text = series.spread or "–"
    return text + (f" ({'; '.join(series.notes)})" if series.notes else "")


def _lesson_section(results: Results) -> str:
    rows = []
    for item in results.lessons:
        ratio = item.rtf / established_rtf(results.lessons, item.quality)
        rows.append([item.label, item.quality, figure(item.video.median), figure(item.wall.median),
                     figure(item.rtf), figure(ratio, "×"), "", _runs(item.wall)])
    for quality in dict.fromkeys(item.quality for item in results.lessons):
        chosen = [item for item in results.lessons if item.quality == quality]
        video = sum(item.video.median for item in chosen)
        wall = sum(item.wall.median for item in chosen)
        target = RTF_TARGETS.get(quality)
        rows.append([f"**all {len(chosen)}** (sum)", quality, figure(video), figure(wall),
                     figure(wall / video if video else math.nan),
                     "", f"{target.shown} ({target.met(wall / video if video else math.nan)})"
                     if target else "", ""])
    return "## Each lesson, cold, `--jobs 1`\n\n" + table(
        ["lesson", "quality", "video s", "wall s (median)", "RTF", "RTF / first six",
         "course target", "runs (wall s)"], rows)


def _course_section(results: Results) -> str:
    rows = []
    for item in results.course:
        single = next((other for other in results.course
                       if other.quality == item.quality and other.jobs == 1), None)
        speedup = single.wall.median / item.wall.median if single and item.jobs != 1 else math.nan
        target = RTF_TARGETS.get(item.quality) if item.jobs == 2 else None
        rows.append([item.quality, str(item.jobs), figure(item.video.median),
                     figure(item.wall.median), figure(item.rtf),
                     figure(speedup, "×") if item.jobs != 1 else "1×",
                     f"{target.shown} ({target.met(item.rtf)})" if target else "", _runs(item.wall)])
    return "## Whole course, cold\n\n" + table(
        ["quality", "--jobs", "video s", "wall s (median)", "RTF", "speedup", "target", "runs (wall s)"],
        rows)


def _cache_section(results: Results) -> str:
    rows = []
    if results.rerun is not None:
        rerun = results.rerun
        hits = sum(rerun.hits)
        note = f"{hits} of {len(rerun.hits)} runs were cache hits (no video rewritten)"
        if rerun.primed:
            note += f"; {rerun.primed}"
        rows.append([f"unchanged re-run (same `--out`, {rerun.quality}, `--jobs 2`)",
                     figure(rerun.wall.median), f"{RERUN.shown} ({RERUN.met(rerun.wall.median)})",
                     note, _runs(rerun.wall)])
    if results.check is not None:
        rows.append(["`render.py --check`", figure(results.check.median),
                     f"{CHECK.shown} ({CHECK.met(results.check.median)})", "", _runs(results.check)])
    return "## Cache hit and check\n\n" + table(
        ["command", "wall s (median)", "target", "notes", "runs (wall s)"], rows)


def _pair_section(results: Results) -> str:
    rows = []
    for pair in results.pairs:
        rows.append([
            pair.quality, f"{figure(pair.video_ours)} / {figure(pair.video_baseline)}",
            figure(pair.ours.median), figure(pair.baseline.median),
            figure(pair.ratio, "×"), f"{BASELINE.shown} ({BASELINE.met(pair.ratio)})",
            ", ".join(figure(r) for r in pair.ratios) or "–",
            "; ".join(pair.ours.notes + pair.baseline.notes),
        ])
    return ("## Secant lesson: ours against the peer baseline\n\n"
            "In-process renders through the same path (Manim's `tempconfig` with "
            "`scenes.pipeline.runner.manim_settings`, the renderer's file writer), ours and "
            "`bench/baseline_secant.py` alternating, each in a fresh process.\n\n" + table(
                ["quality", "video s (ours / baseline)", "ours s", "baseline s",
                 "baseline / ours (median of pairs)", "target", "per-pair ratios", "errors"],
                rows))


def _floor_section(results: Results) -> str:
    rows = []
    encoders = set()
    for floor in results.floors:
        ours = results.ours_seconds(floor.quality)
        encode = floor.encode.median
        ratio = ours / encode if encode else math.nan
        encoders.add(floor.encoder)
        rows.append([
            floor.quality, f"{floor.drawn} / {floor.frames}", figure(ours), figure(encode),
            figure(ratio, "×"), f"{FLOOR.shown} ({FLOOR.met(ratio)})",
            figure(floor.raster.median), figure(floor.raster_ms),
            figure(floor.raster_ms * floor.frames / 1000), floor.error,
        ])
    text = ("## Secant lesson: the floor\n\n"
            "Encode-only: the drawn frames, already in memory as RGBA, converted and encoded "
            "with the renderer's settings (a held frame converted once, encoded once per video "
            "frame). Raster-only: the final frame drawn by Cairo, from a blank frame, once per "
            "drawn frame.\n\n" + table(
                ["quality", "frames (drawn / video)", "ours s", "encode-only s", "ours / encode",
                 "target", "raster × drawn s", "raster ms / frame", "raster × video frames s",
                 "errors"], rows))
    if encoders - {""}:
        text += "\n\nEncoder: " + "; ".join(sorted(encoders - {""})) + "."
    return text


def _where_time_goes(results: Results) -> str:
    lines = []
    for floor in results.floors:
        ours = results.ours_seconds(floor.quality)
        pair = next((p for p in results.pairs if p.quality == floor.quality), None)
        parts = [f"{floor.quality}: our render takes {figure(ours)} s"]
        if not math.isnan(floor.encode.median):
            parts.append(f"encoding alone {figure(floor.encode.median)} s")
        if not math.isnan(floor.raster.median):
            parts.append(f"rasterising the final frame once per drawn frame "
                         f"{figure(floor.raster.median)} s")
        if pair is not None and not math.isnan(pair.waited.median):
            parts.append(f"the render thread waited on the encoder {figure(pair.waited.median)} s")
        cli = next((item for item in results.lessons
                    if item.label == "secant" and item.quality == floor.quality), None)
        if cli is not None and not math.isnan(cli.wall.median) and not math.isnan(ours):
            parts.append(f"the command line adds {figure(cli.wall.median - ours)} s (process "
                         "start, imports, facts, checking the video, poster, captions)")
        lines.append("- " + "; ".join(parts) + ".")
    return "## Where the time goes\n\n" + "\n".join(lines) if lines else ""


def _profile_section(results: Results) -> str:
    parts = ["## Secant lesson under cProfile\n\n"
             "One render of ours with Python's profiler on: it slows Python code more than C "
             "(Cairo, x264), and the activities overlap, so read the shares as rough."]
    for item in results.profiles:
        if "error" in item:
            parts.append(f"{item['quality']}: failed ({item['error']})")
            continue
        total = float(item["seconds"])
        rows = [[label, figure(seconds), figure(100 * seconds / total if total else math.nan, " %")]
                for label, seconds in item["activities"]]
        parts.append(f"### {item['quality']}: {figure(total)} s under the profiler for "
                     f"{figure(float(item['video_seconds']))} s of video\n\n"
                     + table(["activity", "cumulative s", "share"], rows))
        parts.append("<details><summary>Top functions by own time</summary>\n\n```\n"
                     + "\n".join(item["top"]) + "\n```\n</details>")
    return "\n\n".join(parts)


def _targets(results: Results) -> str:
    rows = []
    for item in results.course:
        target = RTF_TARGETS.get(item.quality)
        if target is not None and item.jobs == 2:
            rows.append([target.what, figure(item.rtf), target.shown, target.met(item.rtf)])
    for encode in results.manim_encodes:
        ratio = _manim_encode_ratio(results, encode)
        rows.append([f"{MANIM_ENCODE.what} ({encode.quality})", figure(ratio, "×"),
                     MANIM_ENCODE.shown, MANIM_ENCODE.met(ratio)])
    for item in results.lessons:
        if item.label not in ESTABLISHED and item.quality == "high":
            ratio = item.rtf / established_rtf(results.lessons, item.quality)
            rows.append([f"{item.label}: {NEW_KIND.what} (high)", figure(ratio, "×"),
                         NEW_KIND.shown, NEW_KIND.met(ratio)])
    for item in results.cluster:
        rows.append([f"{CLUSTER.what} ({item.quality})", figure(item.overhead, "×"), CLUSTER.shown,
                     CLUSTER.met(item.overhead)])
    if results.rerun is not None:
        rows.append([RERUN.what, figure(results.rerun.wall.median, " s"), RERUN.shown,
                     RERUN.met(results.rerun.wall.median)])
    if results.check is not None:
        rows.append([CHECK.what, figure(results.check.median, " s"), CHECK.shown,
                     CHECK.met(results.check.median)])
    for pair in results.pairs:
        rows.append([f"{BASELINE.what} ({pair.quality})", figure(pair.ratio, "×"), BASELINE.shown,
                     BASELINE.met(pair.ratio)])
    for floor in results.floors:
        ours = results.ours_seconds(floor.quality)
        ratio = ours / floor.encode.median if floor.encode.median else math.nan
        rows.append([f"{FLOOR.what} ({floor.quality})", figure(ratio, "×"), FLOOR.shown,
                     FLOOR.met(ratio)])
        rows.append([f"{SIZE.what} ({floor.quality})", figure(floor.size_ratio, "×"), SIZE.shown,
                     SIZE.met(floor.size_ratio)])
    return "## Against the targets\n\n" + table(["figure", "measured", "target", "met"], rows)


def _manim_encode_ratio(results: Results, encode: ManimEncodeFigures) -> float:
    """The course's ``--jobs 2`` wall time over the Manim-default encode-only time, or NaN."""
    course = next((item for item in results.course
                   if item.quality == encode.quality and item.jobs == 2), None)
    if course is None or not encode.total:
        return math.nan
    return course.wall.median / encode.total


def _manim_encode_section(results: Results) -> str:
    parts = []
    for encode in results.manim_encodes:
        rows = [[lesson, str(encode.frames.get(lesson, "")),
                 figure(encode.seconds.get(lesson, math.nan)), encode.errors.get(lesson, "")]
                for lesson in [*encode.seconds, *encode.errors]]
        rows.append(["**course**", str(sum(encode.frames.values())), figure(encode.total), ""])
        parts.append(
            f"## The course's frames encoded with Manim's default settings ({encode.quality})\n\n"
            "Each lesson's frames, converted from RGBA frame by frame and encoded alone with "
            "libx264 crf 23, preset medium, yuv420p. Course render (`--jobs 2`, this run) / "
            f"this total: {figure(_manim_encode_ratio(results, encode), '×')} "
            f"(target {MANIM_ENCODE.shown}).\n\n"
            + table(["lesson", "frames", "encode-only s", "errors"], rows))
    return "\n\n".join(parts)


def _cluster_section(results: Results) -> str:
    parts = []
    for item in results.cluster:
        rows = [["local pool, --jobs 2", figure(item.pool.median), _runs(item.pool)],
                ["--cluster local:2", figure(item.cluster.median), _runs(item.cluster)],
                ["  of which: starting the cluster", figure(item.connect.median), _runs(item.connect)],
                ["  of which: receiving files", figure(item.receive.median), _runs(item.receive)],
                ["  of which: publishing", figure(item.publish.median), _runs(item.publish)]]
        projection = [[str(machines), str(lessons),
                       figure(item.projected_wall(machines, lessons) / 60, " min")]
                      for machines in (1, 10, 100) for lessons in (item.lessons, 1000)]
        parts.append(
            f"## Catalogue on a Dask cluster ({item.lessons} lessons, {figure(item.video)} s of "
            f"video, {item.quality})\n\n" + table(["run", "wall s (median)", "runs"], rows)
            + f"\n\nOverhead of the cluster: {figure(item.overhead, '×')} the local pool's time. "
            f"Worker time per lesson: {figure(item.task_seconds)} s; this process's serial part: "
            f"{figure(item.serial_per_lesson, ' s')} a lesson (receiving and publishing), so one "
            f"client can publish at most about {figure(item.lessons_per_hour())} lessons an hour. "
            "Projected wall time on machines like this one (two workers each; start-up and the "
            "serial part as measured; the network between machines would add the transfer of "
            "each lesson's files):\n\n"
            + table(["machines", "lessons", "projected wall"], projection))
    return "\n\n".join(parts)


def markdown(results: Results) -> str:
    """The whole results document."""
    parts = ["# derivanim benchmark", "\n".join(results.header), _targets(results),
             "## Machine\n\n" + table(["item", "value"], [[k, v] for k, v in results.machine])]
    if results.lessons:
        parts.append(_lesson_section(results))
    if results.course:
        parts.append(_course_section(results))
    if results.manim_encodes:
        parts.append(_manim_encode_section(results))
    if results.rerun is not None or results.check is not None:
        parts.append(_cache_section(results))
    if results.pairs:
        parts.append(_pair_section(results))
    if results.floors:
        parts.append(_floor_section(results))
    if results.profiles:
        parts.append(_profile_section(results))
    if results.cluster:
        parts.append(_cluster_section(results))
    where = _where_time_goes(results)
    if where:
        parts.append(where)
    if results.notes:
        parts.append("## Notes\n\n" + "\n".join(f"- {note}" for note in results.notes))
    return "\n\n".join(part for part in parts if part) + "\n"
