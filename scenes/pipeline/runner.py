"""Render one lesson in a worker process and publish its files atomically.

A worker renders its lesson with Manim into a private temporary folder (Manim's settings are
process-wide, so every lesson gets its own process and settings), streaming the frames straight
into the videos (:mod:`scenes.pipeline.writer`). It then checks every video (decoded to its last frame,
frame count and duration compared with what was rendered, MP4 index first; every packet
read, the frames from the last keyframe decoded), makes the poster,
the GIF when asked, the captions, the chapter track and ``facts.json``, and publishes each file
into a staging folder ``out/.staging-<id>-*/`` under a temporary name that is renamed into place
only once it is complete. The parent process (:mod:`scenes.pipeline.course`) decides what to render, swaps
each finished staging folder with ``out/<id>/`` in one step and writes the course files.

Nothing here imports Manim at module level, so the parent can pickle jobs without loading it.
"""

from __future__ import annotations

import contextlib
import errno
import importlib
import json
import math
import os
import shutil
import tempfile
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from derivanim.captions import caption_cues, chapter_cues, to_srt, to_vtt
from derivanim.config import QUALITY_PRESETS, RenderSettings
from derivanim.facts import LessonFacts, facts_document, lesson_document, lesson_facts
from derivanim.kinds import Lesson, kind_of
from derivanim.manifest import file_entry, lesson_entry
from derivanim.page import EMBED, embed_page
from derivanim.report import summary_lines
from derivanim.scripts import script_for
from derivanim.transcript import transcript_html, transcript_text
from derivanim.publish import STAGING_PREFIX, publish_file, publish_text
from scenes.pipeline.faults import checkpoint
from scenes.kit.tex_cache import CACHE_DIR, install_tex_lock

QUALITY = QUALITY_PRESETS
"""Short side in pixels and frames per second of each quality preset."""


@dataclass(frozen=True)
class LessonJob:
    """Everything a worker needs to render one lesson."""

    lesson: Lesson
    settings: RenderSettings
    out: Path
    key: str = ""


@dataclass
class LessonResult:
    """What happened to one lesson: its manifest entry when it was published."""

    lesson_id: str
    ok: bool
    seconds: float
    entry: dict[str, Any] = field(default_factory=dict)
    error: str = ""
    cached: bool = False
    environment: bool = False
    """The failure came from the machine (disk full, folder not writable), not the lesson."""
    staging: str = ""
    """The folder in ``out/`` holding the lesson's finished files, waiting to go live."""


Progress = Callable[[str, float, str], None]
"""Told (lesson id, seconds of video rendered so far, current beat) while a lesson renders."""


def throttled(send: Progress, interval: float) -> Progress:
    """``send`` called at most once every ``interval`` seconds (the other reports are dropped):
    how a worker process keeps its progress messages to a few a second.

    Examples
    --------
    >>> sent = []
    >>> report = throttled(lambda *message: sent.append(message), interval=60.0)
    >>> report("secant", 0.0, "starting"); report("secant", 0.5, "The question")
    >>> sent
    [('secant', 0.0, 'starting')]
    """
    last = -math.inf

    def report(lesson_id: str, seconds: float, beat: str) -> None:
        nonlocal last
        now = time.monotonic()
        if now - last >= interval:
            last = now
            send(lesson_id, seconds, beat)

    return report


def scene_class(kind: str) -> type:
    """The scene class that draws a lesson kind, as its registry entry names it.

    Examples
    --------
    >>> scene_class("secant").__name__
    'SecantScene'
    """
    module, _, name = kind_of(kind).scene.partition(":")
    return getattr(importlib.import_module(module), name)


def manim_settings(quality: str, aspect: str, media_dir: Path, name: str) -> dict[str, Any]:
    """Manim config values for one render.

    Examples
    --------
    >>> s = manim_settings("low", "9:16", Path("/tmp/m"), "secant")
    >>> s["pixel_width"], s["pixel_height"], s["frame_rate"], round(s["frame_width"], 2)
    (480, 854, 15, 4.5)
    """
    from derivanim.config import pixel_size
    from scenes.kit.layout import FRAME_HEIGHT

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


def render_video(facts: LessonFacts, settings: RenderSettings, media_dir: Path,
                 progress: Progress | None = None,
                 narrator: Any = None) -> tuple[dict[str, Path], int, Any]:
    """Render one lesson's scene; return its videos by extension, the frame count and the scene."""
    from manim import tempconfig
    from scenes.kit.theme import THEMES
    from scenes.pipeline.layers import LayerRenderer
    from scenes.pipeline.writer import StreamingFileWriter, stream_specs

    values = manim_settings(settings.quality, settings.aspect, media_dir, facts.lesson.id)
    if settings.transparent:
        values.update(transparent=True, background_opacity=0.0)
    fps = values["frame_rate"]
    install_tex_lock()
    with tempconfig(values):
        renderer = LayerRenderer(file_writer_class=StreamingFileWriter)
        scene = scene_class(facts.lesson.kind)(
            facts=facts, theme=settings.theme, renderer=renderer,
            narrator=narrator.seconds if narrator is not None else None)
        writer: StreamingFileWriter = renderer.file_writer
        lesson_id = facts.lesson.id

        def tell(frames: int) -> None:
            for second in range((frames - writer.last_repeat) // fps + 1, frames // fps + 1):
                checkpoint(lesson_id, f"second:{second}")
            if progress is not None:
                progress(lesson_id, frames / fps, scene.beats[-1].name if scene.beats else "")
        matte = _rgb(THEMES[settings.theme].background) if settings.transparent else None
        writer.configure(media_dir / "videos", stream_specs(settings.formats, settings.transparent),
                         matte=matte, progress=tell)
        try:
            scene.render()
        except BaseException:
            writer.abort()
            raise
    return dict(writer.outputs), writer.frames_written, scene


def poster_time(beats: list[tuple[str, str, float, float]], fps: float) -> float:
    """When the poster frame is taken: the last frame of the next-to-last beat.

    That is where a lesson has built its main picture and not yet started its recap.

    Examples
    --------
    >>> poster_time([("a", "", 0.0, 4.0), ("b", "", 4.0, 9.0), ("c", "", 9.0, 12.0)], 10)
    8.9
    >>> poster_time([("only", "", 0.0, 3.0)], 10)
    2.9
    """
    if not beats:
        return 0.0
    end = beats[-2][3] if len(beats) > 1 else beats[-1][3]
    return round(max(0.0, end - 1.0 / fps), 6)


def render_job(job: LessonJob, progress: Progress | None = None) -> LessonResult:
    """Render, check and publish one lesson (runs in a worker process); never raises."""
    from scenes.pipeline.probe import probe
    from scenes.pipeline.stills import extract_poster, make_gif
    from scenes.pipeline.voice import Narrator, Voice

    started = time.perf_counter()
    lesson_id = job.lesson.id
    staging: Path | None = None
    try:
        checkpoint(lesson_id, "start")
        facts = lesson_facts(job.lesson)
        with contextlib.ExitStack() as voices, tempfile.TemporaryDirectory(
                prefix=scratch_prefix(os.getpid(), lesson_id)) as scratch:
            media = Path(scratch)
            narrator = (voices.enter_context(Narrator(Voice(*job.settings.voice), announce=False))  # one Piper
                        if job.settings.narrate else None)
            if narrator is not None:  # the voice is made while the picture is drawn
                narrator.prepare(script_for(facts).values())
            videos, frames, scene = render_video(facts, job.settings, media, progress, narrator)
            checkpoint(lesson_id, "encoded")
            fps = manim_settings(job.settings.quality, job.settings.aspect, media, lesson_id)["frame_rate"]
            beats = [(b.name, b.caption, b.start, b.end) for b in scene.beats]
            spoken = [(b.name, b.caption, b.start, b.caption_end) for b in scene.beats]
            if narrator is not None:
                videos = narrate(videos, scene.beats, narrator, frames / fps, media)
            info = probe(videos["mp4"], decode="tail")  # just written: its end is what can fail
            _check_video(info, videos["mp4"], frames, fps, faststart=True)
            for extension, path in videos.items():
                if extension != "mp4":
                    _check_video(probe(path, decode="tail"), path, frames, fps,
                                 faststart=extension == "mov")
            checkpoint(lesson_id, "checked")
            files: dict[str, Path] = {f"{lesson_id}.{ext}": path for ext, path in videos.items()}
            extract_poster(videos["mp4"], poster_time(beats, fps), media / "poster.jpg")
            files[f"{lesson_id}.jpg"] = media / "poster.jpg"
            checkpoint(lesson_id, "poster")
            if "gif" in job.settings.formats:
                make_gif(videos["mp4"], media / "lesson.gif")
                files[f"{lesson_id}.gif"] = media / "lesson.gif"
                checkpoint(lesson_id, "gif")
            texts = {
                f"{lesson_id}.srt": to_srt(caption_cues(spoken)),
                f"{lesson_id}.vtt": to_vtt(caption_cues(spoken)),
                f"{lesson_id}.chapters.vtt": to_vtt(chapter_cues(beats)),
                f"{lesson_id}.transcript.txt": transcript_text(
                    job.lesson.title, beats, summary_lines(facts),
                    scripts=[b.script for b in scene.beats]),
                f"{lesson_id}.transcript.html": transcript_html(
                    job.lesson.title, beats, summary_lines(facts), video=f"{lesson_id}.mp4",
                    scripts=[b.script for b in scene.beats]),
                "facts.json": json.dumps(lesson_document(facts), indent=2) + "\n",
            }
            checkpoint(lesson_id, "rendered")
            staging = Path(tempfile.mkdtemp(prefix=f"{STAGING_PREFIX}{lesson_id}-", dir=job.out))
            staging.chmod(0o755)  # mkdtemp makes it private; the bundle is served to others
            for name, path in files.items():
                publish_file(path, staging / name, check=_stage(lesson_id, name))
            for name, text in texts.items():
                publish_text(text, staging / name, check=_stage(lesson_id, name))
        voice = narrator.speaker.credit() if narrator is not None else None
        entry = _lesson_entry(job, facts, info, beats, staging, [*files, *texts], voice=voice)
        # The embed page shows the lesson's other files, so it is made from their entry.
        publish_text(embed_page(entry, folder=staging), staging / EMBED,
                     check=_stage(lesson_id, EMBED))
        entry = _lesson_entry(job, facts, info, beats, staging, [*files, *texts, EMBED],
                              voice=voice)
        return LessonResult(lesson_id, True, time.perf_counter() - started, entry=entry,
                            staging=str(staging))
    except Exception as error:  # noqa: BLE001 - one lesson's failure must not stop the others
        if staging is not None:
            shutil.rmtree(staging, ignore_errors=True)
        detail = "".join(traceback.format_exception_only(type(error), error)).strip()
        return LessonResult(lesson_id, False, time.perf_counter() - started, error=detail,
                            environment=is_environment_error(error))


ENVIRONMENT_ERRNOS = frozenset({errno.ENOSPC, errno.EDQUOT, errno.EFBIG, errno.EROFS,
                                errno.EACCES, errno.EPERM})
"""Errors that say the machine cannot hold the output, whatever the lesson."""


def is_environment_error(error: BaseException) -> bool:
    """Whether a failure is the machine's (disk full, file too large, read-only, no permission).

    Examples
    --------
    >>> is_environment_error(OSError(errno.ENOSPC, "No space left on device"))
    True
    >>> is_environment_error(ValueError("decoded 10 frames, rendered 12"))
    False

    The encoding thread's errors arrive wrapped; their cause counts:

    >>> try:
    ...     try:
    ...         raise OSError(errno.EFBIG, "File too large")
    ...     except OSError as cause:
    ...         raise RuntimeError("video encoding failed") from cause
    ... except RuntimeError as wrapped:
    ...     is_environment_error(wrapped)
    True
    """
    seen: BaseException | None = error
    while seen is not None:
        if isinstance(seen, OSError) and seen.errno in ENVIRONMENT_ERRNOS:
            return True
        seen = seen.__cause__ or seen.__context__
    return False


def scratch_prefix(pid: int, lesson_id: str) -> str:
    """The name prefix of a worker's scratch folder in the system's temporary folder.

    It carries the worker's process id, so a later run can remove the scratch folders of
    workers that were killed (:func:`scenes.pipeline.course.sweep_stale_scratch`).

    Examples
    --------
    >>> scratch_prefix(4242, "secant")
    'derivanim-4242-secant-'
    """
    return f"derivanim-{pid}-{lesson_id}-"


def _stage(lesson_id: str, name: str) -> Callable[[Path], None]:
    """The fault-injection point just before ``name`` is renamed into place."""
    return lambda path: checkpoint(lesson_id, f"publish:{name}")


def narrate(videos: dict[str, Path], beats: list[Any], narrator: Any, seconds: float,
            media: Path) -> dict[str, Path]:
    """The videos with the narration track: each beat's script (its caption in words, as the
    scene asked for it) spoken from the beat's start, the whole track at -16 LUFS."""
    from scenes.pipeline.loudness import CEILING_DBTP, LIMITER_DBTP, encoded_true_peak, normalise
    from scenes.pipeline.voice import AUDIO_RATE, add_audio, mix, read_wav, resample

    segments = []
    for beat in beats:
        samples, rate = read_wav(narrator.speak(beat.script).path)
        segments.append((beat.start, resample(samples, rate)))
    mixed = mix(segments, seconds)
    ceiling = LIMITER_DBTP
    for _ in range(4):  # the encoder's overshoot decides how low the limiter must hold
        track = normalise(mixed, AUDIO_RATE, ceiling=ceiling)
        narrated = {}
        for extension, path in videos.items():
            narrated[extension] = media / f"narrated.{extension}"
            add_audio(path, track, narrated[extension])
        worst = max(encoded_true_peak(path) for path in narrated.values())
        if worst <= CEILING_DBTP:
            break
        ceiling -= worst - CEILING_DBTP + 0.3
    return narrated


def _check_video(info: Any, path: Path, frames: int, fps: float, faststart: bool) -> None:
    """Raise unless a finished video holds every rendered frame (and its index comes first);
    a narrated one must have sound for as long as its picture, within a frame."""
    if info.has_audio and abs(info.audio_duration - info.duration) > 1.0 / fps:
        raise ValueError(f"{path.name}: its sound lasts {info.audio_duration:.3f} s, its "
                         f"picture {info.duration:.3f} s")
    if info.frames != frames:
        raise ValueError(f"{path.name}: decoded {info.frames} frames, rendered {frames}")
    if abs(info.duration - frames / fps) > 1.0 / fps:
        raise ValueError(f"{path.name}: lasts {info.duration:.3f} s, rendered {frames / fps:.3f} s")
    if faststart and not info.faststart:
        raise ValueError(f"{path.name}: its index (moov) is not before its data")


ROLES = {"mp4": "video", "webm": "video", "mov": "video", "gif": "animation", "jpg": "poster",
         "srt": "captions", "vtt": "captions", "json": "facts", "txt": "transcript",
         "html": "transcript"}


def _lesson_entry(job: LessonJob, facts: LessonFacts, info: Any,
                  beats: list[tuple[str, str, float, float]], staging: Path,
                  names: list[str], voice: dict[str, str] | None = None) -> dict[str, Any]:
    """The lesson's manifest entry, hashing the files as staged (paths as they will be live);
    ``voice`` credits who spoke (None when silent)."""
    files = []
    for name in names:
        extension = name.rsplit(".", 1)[-1]
        role = ("chapters" if name.endswith(".chapters.vtt") else "embed" if name == EMBED
                else ROLES[extension])
        entry = file_entry(staging, name, role, extension)
        files.append({**entry, "path": f"{job.lesson.id}/{entry['path']}"})
    return lesson_entry(
        id=job.lesson.id, title=job.lesson.title, kind=job.lesson.kind,
        function=facts.function, narrated=job.settings.narrate,
        duration=info.duration, frames=info.frames, width=info.width, height=info.height,
        fps=float(info.fps), key=job.key, files=files,
        chapters=[(c.text, c.start, c.end) for c in chapter_cues(beats)],
        summary=summary_lines(facts), facts=facts_document(facts), voice=voice,
    )


def _rgb(colour: str) -> tuple[int, int, int]:
    """``"#12151C"`` as a red, green, blue triple.

    Examples
    --------
    >>> _rgb("#12151C")
    (18, 21, 28)
    """
    value = colour.lstrip("#")
    return int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16)
