"""Renders through the command line, as a user runs them: ``render.py ... --out DIR --jobs N``.

Every render is a fresh process timed from start to exit, into a fresh output folder, so the
render cache (which skips a lesson whose files in ``--out`` are up to date) never helps: that
is what "cold" means here. The TeX cache in ``~/.cache/derivanim/tex`` stays warm. The video's
length is read from the published MP4.
"""

from __future__ import annotations

import math
import shutil
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from bench.timing import PYTHON, ROOT, Series, Timed, run_timed
from derivanim.config import DEFAULT_CONFIG, load_course

TIMEOUT = 3600.0
"""Seconds after which one render is given up (reported as a failed run)."""

Say = Callable[[str], None]
"""Where progress lines go."""


def course_ids(config: Path = ROOT / DEFAULT_CONFIG) -> list[str]:
    """The lesson ids of a course, in order (the default course's unless told otherwise)."""
    return [lesson.id for lesson in load_course(config).lessons]


def render_command(ids: Sequence[str], quality: str, out: Path, jobs: int) -> list[str]:
    """The command line of one render.

    Examples
    --------
    >>> render_command(["secant"], "low", Path("/tmp/x"), 1)[1:]
    ['render.py', 'secant', '--quality', 'low', '--out', '/tmp/x', '--jobs', '1']
    """
    return [PYTHON, "render.py", *ids, "--quality", quality, "--out", str(out), "--jobs", str(jobs)]


def video_seconds(path: Path) -> float:
    """Length of a video in seconds (frames over frame rate), NaN when it cannot be read."""
    import av

    try:
        with av.open(str(path)) as container:
            stream = container.streams.video[0]
            rate = float(stream.average_rate or 0)
            if stream.frames and rate:
                return stream.frames / rate
            if stream.duration is not None and stream.time_base is not None:
                return float(stream.duration * stream.time_base)
            frames = sum(1 for _ in container.decode(stream))
            return frames / rate if rate else math.nan
    except (OSError, IndexError, ValueError):
        return math.nan


def bundle_seconds(out: Path, ids: Sequence[str]) -> float:
    """Total length of the lessons' videos published in ``out`` (NaN if one is missing)."""
    return sum(video_seconds(out / lesson_id / f"{lesson_id}.mp4") for lesson_id in ids)


def fresh_folder(work: Path, label: str) -> Path:
    """A new, empty output folder under ``work``."""
    work.mkdir(parents=True, exist_ok=True)
    return Path(tempfile.mkdtemp(prefix=f"{label}-", dir=work))


def _failure(run: Timed) -> str:
    last = run.output.strip().splitlines()[-1:] or ["no output"]
    return f"exit {run.returncode}: {last[0][:160]}"


@dataclass
class RenderFigures:
    """Cold renders of one selection of lessons at one quality and job count."""

    label: str
    quality: str
    jobs: int
    wall: Series = field(default_factory=Series)
    video: Series = field(default_factory=Series)

    @property
    def rtf(self) -> float:
        """Real-time factor: median render wall seconds per second of video."""
        video = self.video.median
        return self.wall.median / video if video and not math.isnan(video) else math.nan


def cold_render(figures: RenderFigures, ids: Sequence[str], work: Path, say: Say,
                keep: bool = False) -> Path | None:
    """Render ``ids`` once into a fresh folder and add the figures; return the folder if kept."""
    out = fresh_folder(work, f"{figures.label}-{figures.quality}-j{figures.jobs}")
    run = run_timed(render_command(ids, figures.quality, out, figures.jobs), timeout=TIMEOUT)
    seconds = bundle_seconds(out, ids) if run.ok else math.nan
    if run.ok and not math.isnan(seconds):
        figures.wall.add(run.seconds)
        figures.video.add(seconds)
        say(f"{figures.label} {figures.quality} --jobs {figures.jobs}: {run.seconds:.1f} s "
            f"for {seconds:.1f} s of video")
    else:
        figures.wall.add(math.nan, _failure(run))
        say(f"{figures.label} {figures.quality} --jobs {figures.jobs}: failed ({_failure(run)})")
    if keep and run.ok:
        return out
    shutil.rmtree(out, ignore_errors=True)
    return None


def lesson_renders(ids: Sequence[str], qualities: Sequence[str], repeat: int, work: Path,
                   say: Say) -> list[RenderFigures]:
    """Each lesson on its own, cold, ``--jobs 1``, at each quality, ``repeat`` times.

    The repeats go round all lessons and qualities in turn, so a busy spell on the machine
    spreads over many figures instead of spoiling one.
    """
    table = {(q, i): RenderFigures(i, q, 1) for q in qualities for i in ids}
    for _ in range(repeat):
        for quality in qualities:
            for lesson_id in ids:
                cold_render(table[quality, lesson_id], [lesson_id], work, say)
    return [table[q, i] for q in qualities for i in ids]


def course_renders(ids: Sequence[str], qualities: Sequence[str], jobs: Sequence[int],
                   repeat: int, work: Path, say: Say,
                   keep: tuple[str, int] | None = None) -> tuple[list[RenderFigures], Path | None]:
    """The whole course, cold, at each quality and job count, ``repeat`` times.

    Returns the figures and, when ``keep`` names a (quality, jobs) pair, the output folder of
    its last good run (for the unchanged re-run).
    """
    table = {(q, j): RenderFigures("course", q, j) for q in qualities for j in jobs}
    kept: Path | None = None
    for _ in range(repeat):
        for quality in qualities:
            for count in jobs:
                folder = cold_render(table[quality, count], ids, work, say,
                                     keep=(quality, count) == keep)
                if folder is not None:
                    if kept is not None:
                        shutil.rmtree(kept, ignore_errors=True)
                    kept = folder
    return [table[q, j] for q in qualities for j in jobs], kept


def _stamps(out: Path) -> dict[str, int]:
    return {str(path.relative_to(out)): path.stat().st_mtime_ns
            for path in out.rglob("*") if path.is_file()}


@dataclass
class RerunFigures:
    """An unchanged course rendered again into the same folder."""

    quality: str
    wall: Series = field(default_factory=Series)
    hits: list[bool] = field(default_factory=list)
    primed: str = ""


def unchanged_reruns(ids: Sequence[str], quality: str, out: Path | None, repeat: int,
                     work: Path, say: Say) -> RerunFigures:
    """Render the course again into a folder it was just rendered into, ``repeat`` times.

    A run counts as a cache hit when no video in the folder was rewritten. Without a folder
    from the course figures, the course is first rendered once (untimed here) to make one.
    """
    figures = RerunFigures(quality)
    if out is None:
        primer = RenderFigures("course", quality, 2)
        out = cold_render(primer, ids, work, say, keep=True)
        figures.primed = f"course first rendered in {primer.wall.median:.1f} s"
        if out is None:
            figures.wall.add(math.nan, "the first render failed: " + "; ".join(primer.wall.notes))
            return figures
    for _ in range(repeat):
        videos_before = {k: v for k, v in _stamps(out).items() if k.endswith(".mp4")}
        run = run_timed(render_command(ids, quality, out, 2), timeout=TIMEOUT)
        videos_after = {k: v for k, v in _stamps(out).items() if k.endswith(".mp4")}
        hit = run.ok and videos_before == videos_after and bool(videos_before)
        figures.hits.append(hit)
        figures.wall.add(run.seconds if run.ok else math.nan, "" if run.ok else _failure(run))
        say(f"unchanged re-run: {run.seconds:.2f} s ({'cache hit' if hit else 'rendered again'})")
    shutil.rmtree(out, ignore_errors=True)
    return figures


def check_runs(repeat: int, say: Say) -> Series:
    """``render.py --check`` on the default course, ``repeat`` times."""
    series = Series()
    for _ in range(repeat):
        run = run_timed([PYTHON, "render.py", "--check"], timeout=600)
        series.add(run.seconds if run.ok else math.nan, "" if run.ok else _failure(run))
        say(f"--check: {run.seconds:.2f} s")
    return series
