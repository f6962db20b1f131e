"""Render validated lessons to ``out/<id>/<id>.mp4``, in worker processes, publishing atomically.

Each lesson renders in its own process and its own temporary media folder (Manim's settings
are process-wide). The finished video is copied next to its destination under a temporary
name, decoded to its last frame and checked against the frame count the scene rendered, and
only then renamed into place, so an interrupted run never leaves a truncated video where a
good one stood. Captions (``.srt`` and ``.vtt``), the chapter track (``.chapters.vtt``, one
chapter per beat) and ``facts.json`` are published the same way.
"""

from __future__ import annotations

import importlib
import json
import os
import shutil
import tempfile
import time
import traceback
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from derivanim.captions import caption_cues, chapter_cues, to_srt, to_vtt
from derivanim.config import CourseConfig, Lesson
from derivanim.facts import LessonFacts, lesson_document, lesson_facts
from scenes.kit.tex_cache import CACHE_DIR, install_tex_lock

if TYPE_CHECKING:
    from derivanim.cli import RenderOptions

QUALITY = {
    "low": (480, 15),
    "medium": (720, 30),
    "high": (1080, 60),
    "production": (1440, 60),
    "fourk": (2160, 60),
}
"""Short side in pixels and frames per second of each quality preset."""


@dataclass(frozen=True)
class LessonJob:
    """Everything a worker needs to render one lesson."""

    lesson: Lesson
    quality: str
    aspect: str
    theme: str
    out: Path


@dataclass
class LessonResult:
    """What happened to one lesson."""

    lesson_id: str
    ok: bool
    seconds: float
    duration: float = 0.0
    frames: int = 0
    size: int = 0
    error: str = ""
    files: list[str] = field(default_factory=list)


def scene_class(kind: str) -> type:
    """The scene class that draws a lesson kind: ``scenes/<kind>.py``, class ``<Kind>Scene``.

    Examples
    --------
    >>> scene_class("secant").__name__
    'SecantScene'
    """
    module = importlib.import_module(f"scenes.{kind}")
    return getattr(module, f"{kind.capitalize()}Scene")


def manim_settings(quality: str, aspect: str, media_dir: Path, name: str) -> dict[str, Any]:
    """Manim config values for one render.

    Examples
    --------
    >>> s = manim_settings("low", "9:16", Path("/tmp/m"), "secant")
    >>> s["pixel_width"], s["pixel_height"], s["frame_rate"], round(s["frame_width"], 2)
    (480, 854, 15, 4.5)
    """
    from scenes.kit.layout import FRAME_HEIGHT, pixel_size

    short_side, fps = QUALITY[quality]
    width, height = pixel_size(aspect, short_side)
    return {
        "pixel_width": width,
        "pixel_height": height,
        "frame_rate": fps,
        "frame_height": FRAME_HEIGHT,
        "frame_width": FRAME_HEIGHT * width / height,
        "media_dir": str(media_dir),
        "tex_dir": str(CACHE_DIR),
        "output_file": name,
        "disable_caching": True,
        "write_to_movie": True,
        "verbosity": "WARNING",
        "progress_bar": "none",
    }


def count_frames(path: Path) -> tuple[int, float]:
    """Decode a video to its last frame; return the frame count and its duration in seconds.

    Raises
    ------
    ValueError
        If the file has no video stream or cannot be decoded to the end.
    """
    import av

    with av.open(str(path)) as container:
        if not container.streams.video:
            raise ValueError(f"{path.name}: no video stream")
        stream = container.streams.video[0]
        frames = 0
        last_time = 0.0
        for frame in container.decode(stream):
            frames += 1
            if frame.time is not None:
                last_time = float(frame.time)
        rate = float(stream.average_rate or 0) or 1.0
    return frames, last_time + 1.0 / rate


def publish(source: Path, destination: Path, check: Any = None) -> None:
    """Copy ``source`` beside ``destination`` under a temporary name, check it, rename it in.

    Parameters
    ----------
    source, destination : Path
        The file to publish and where it goes.
    check : callable, optional
        Called with the temporary copy; raises if the copy is not good. The destination is
        untouched when it raises.
    """
    destination.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{destination.name}.", suffix=".part",
                                         dir=destination.parent)
    os.close(handle)
    temp_path = Path(temporary)
    try:
        shutil.copyfile(source, temp_path)
        with open(temp_path, "rb+") as stream:
            os.fsync(stream.fileno())
        if check is not None:
            check(temp_path)
        os.chmod(temp_path, 0o644)
        os.replace(temp_path, destination)
    finally:
        temp_path.unlink(missing_ok=True)


def publish_text(text: str, destination: Path) -> None:
    """Publish a small text file atomically."""
    destination.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile("w", encoding="utf-8", dir=destination.parent,
                                     prefix=f".{destination.name}.", suffix=".part",
                                     delete=False) as stream:
        stream.write(text)
        stream.flush()
        os.fsync(stream.fileno())
    os.chmod(stream.name, 0o644)
    os.replace(stream.name, destination)


def render_video(facts: LessonFacts, quality: str, aspect: str, theme: str,
                 media_dir: Path) -> tuple[Path, int, Any]:
    """Render one lesson's scene with Manim; return the movie, its frame count and the scene."""
    from manim import tempconfig

    settings = manim_settings(quality, aspect, media_dir, facts.lesson.id)
    install_tex_lock()
    with tempconfig(settings):
        scene = scene_class(facts.lesson.kind)(facts=facts, theme=theme)
        scene.render()
        movie = Path(scene.renderer.file_writer.movie_file_path)
        frames = int(round(scene.time * settings["frame_rate"]))
    return movie, frames, scene


def render_job(job: LessonJob) -> LessonResult:
    """Render and publish one lesson (runs in a worker process)."""
    started = time.perf_counter()
    lesson_id = job.lesson.id
    try:
        facts = lesson_facts(job.lesson)
        folder = job.out / lesson_id
        with tempfile.TemporaryDirectory(prefix=f"derivanim-{lesson_id}-") as media:
            movie, expected, scene = render_video(facts, job.quality, job.aspect, job.theme, Path(media))
            measured: dict[str, float] = {}

            def check_video(path: Path) -> None:
                frames, duration = count_frames(path)
                if abs(frames - expected) > 1:
                    raise ValueError(f"{path.name}: decoded {frames} frames, rendered {expected}")
                measured.update(frames=frames, duration=duration)

            target = folder / f"{lesson_id}.mp4"
            publish(movie, target, check_video)
        beats = [(b.name, b.caption, b.start, b.end) for b in scene.beats]
        texts = {
            f"{lesson_id}.srt": to_srt(caption_cues(beats)),
            f"{lesson_id}.vtt": to_vtt(caption_cues(beats)),
            f"{lesson_id}.chapters.vtt": to_vtt(chapter_cues(beats)),
            "facts.json": json.dumps(lesson_document(facts), indent=2) + "\n",
        }
        for name, text in texts.items():
            publish_text(text, folder / name)
        return LessonResult(
            lesson_id, True, time.perf_counter() - started,
            duration=measured["duration"], frames=int(measured["frames"]),
            size=target.stat().st_size, files=[str(target), *(str(folder / n) for n in texts)],
        )
    except Exception as error:  # noqa: BLE001 - one lesson's failure must not stop the others
        detail = "".join(traceback.format_exception_only(type(error), error)).strip()
        return LessonResult(lesson_id, False, time.perf_counter() - started, error=detail)


def render_course(config: CourseConfig, facts: tuple[LessonFacts, ...], options: RenderOptions,
                  config_path: Path, overrides: tuple[str, ...]) -> int:
    """Render every selected lesson; return the exit status (0 all good, 1 any failed)."""
    jobs = [
        LessonJob(item.lesson, options.quality, options.aspect, options.theme, options.out)
        for item in facts
    ]
    unsupported = [f for f in options.formats if f != "mp4"]
    if unsupported or options.transparent or options.narrate:
        click.echo("note: only mp4 output is built so far; --format/--transparent/--narrate "
                   "are accepted but not produced yet", err=True)
    started = time.perf_counter()
    results: list[LessonResult] = []
    workers = max(1, min(options.jobs, len(jobs)))
    if workers == 1:
        for job in jobs:
            results.append(render_job(job))
            _report(results[-1])
    else:
        with ProcessPoolExecutor(max_workers=workers) as pool:
            futures = [pool.submit(render_job, job) for job in jobs]
            for future in as_completed(futures):
                results.append(future.result())
                _report(results[-1])
    failed = [r for r in results if not r.ok]
    click.echo(f"{len(results) - len(failed)} of {len(results)} lesson(s) rendered into "
               f"{options.out}/ in {time.perf_counter() - started:.1f} s")
    for result in failed:
        click.echo(f"failed: {result.lesson_id}: {result.error}", err=True)
    return 1 if failed else 0


def _report(result: LessonResult) -> None:
    if result.ok:
        click.echo(f"  {result.lesson_id}: {result.duration:.1f} s of video, "
                   f"{result.size / 1e6:.1f} MB, rendered in {result.seconds:.1f} s")
    else:
        click.echo(f"  {result.lesson_id}: FAILED ({result.error})", err=True)
