"""Render a course into its bundle: skip what is unchanged, render the rest in parallel.

For every selected lesson the parent process computes a cache key (:mod:`derivanim.fingerprint`).
A lesson whose key matches its entry in the existing ``manifest.json``, and whose files there
still match their recorded sizes and hashes, is not rendered again. The others are rendered in
worker processes (:func:`scenes.pipeline.runner.render_job`), several lessons per process so that Manim
is imported once per worker. As each lesson finishes, ``manifest.json`` and ``index.html`` are
rewritten (atomically) so they always describe the files that stand in the folder.

Nothing here imports Manim; the workers do.
"""

from __future__ import annotations

import ctypes
import json
import multiprocessing
import os
import shutil
import signal
import sys
import tempfile
import threading
import time
from concurrent.futures import Future, ProcessPoolExecutor, as_completed
from dataclasses import asdict
from multiprocessing.managers import SyncManager
from pathlib import Path
from queue import Empty
from collections.abc import Mapping, Sequence
from typing import Any

from rich.console import Console

import derivanim
import scenes
from derivanim.config import CourseConfig, RenderSettings
from derivanim.facts import LessonFacts
from derivanim.fingerprint import code_version, lesson_key
from derivanim.manifest import course_manifest, manifest_text, merge, read_manifest, verify_lesson
from derivanim.page import course_page
from derivanim.publish import folder_lock, publish_text, swap_folder, sweep_partial_files
from derivanim.schemas import facts_schema, manifest_schema
from scenes.pipeline.faults import COURSE, checkpoint
from scenes.pipeline.progress import CourseProgress, summary_table
from scenes.pipeline.runner import LessonJob, LessonResult, render_job, throttled
from scenes.pipeline.voice_piper import resolve

PROGRESS_INTERVAL = 0.25
"""Seconds between two progress reports of a worker."""


def render_course(config: CourseConfig, facts: tuple[LessonFacts, ...], settings: RenderSettings,
                  out: Path, jobs: int, console: Console | None = None, cluster: str = "") -> int:
    """Bring ``out/`` up to date for the selected lessons, rendering them in ``jobs`` local
    worker processes or, when ``cluster`` names one, as tasks of a Dask cluster
    (:mod:`scenes.pipeline.cluster`).

    Returns the exit status: 0 when every lesson is up to date, 1 when a lesson failed, 2 when
    a lesson failed because of the machine (a full disk, a read-only folder) rather than itself.
    """
    console = console or Console(soft_wrap=True)  # long messages stay on one line in logs
    started = time.perf_counter()
    sweep_stale_scratch()
    with folder_lock(out, on_wait=lambda message: console.print(message, highlight=False)):
        sweep_partial_files(out)
        results = _bring_up_to_date(config, facts, settings, out, jobs, console, cluster)

    order = {item.lesson.id: index for index, item in enumerate(facts)}
    results.sort(key=lambda result: order[result.lesson_id])
    console.print(summary_table(results))
    failed = [result for result in results if not result.ok]
    rendered = sum(1 for result in results if result.ok and not result.cached)
    console.print(f"{rendered} rendered, {len(results) - rendered - len(failed)} unchanged, "
                  f"{len(failed)} failed; bundle in {out}/ ({time.perf_counter() - started:.1f} s)",
                  highlight=False)
    if any(result.environment for result in failed):
        return 2
    return 1 if failed else 0


def render_keys(facts: Sequence[LessonFacts], settings: RenderSettings, code: str,
                environ: Mapping[str, str]) -> tuple[dict[str, str], str]:
    """The cache key of every lesson, and the narrator's fallback note (empty when none).

    A narrated lesson's key records who will really speak on this machine (engine, voice and
    model), so a lesson the espeak-ng fallback narrated is rendered again once Piper is there.
    """
    keyed = asdict(settings)
    note = ""
    if settings.narrate:
        speaker = resolve(settings.voice[0], settings.voice[3], environ)
        keyed["speaker"] = {**speaker.credit(), "model": speaker.model}
        note = speaker.note
    keys = {item.lesson.id: lesson_key(item.lesson.model_dump(mode="json"), keyed, code)
            for item in facts}
    return keys, note


def _bring_up_to_date(config: CourseConfig, facts: tuple[LessonFacts, ...],
                      settings: RenderSettings, out: Path, jobs: int,
                      console: Console, cluster: str = "") -> list[LessonResult]:
    """Skip the lessons that are up to date, render the others; their results."""
    code = code_version(Path(package.__file__).parent for package in (derivanim, scenes))
    keys, note = render_keys(facts, settings, code, os.environ)
    if note:  # once per run, not once per lesson
        console.print(note, markup=False, highlight=False)
    previous = read_manifest(out / "manifest.json")
    known = {entry["id"]: entry for entry in (previous or {}).get("lessons", ())}
    results: list[LessonResult] = []
    todo: list[LessonJob] = []
    for item in facts:
        lesson = item.lesson
        key = keys[lesson.id]
        entry = known.get(lesson.id)
        if entry is not None and entry.get("key") == key and not verify_lesson(out, entry):
            results.append(LessonResult(lesson.id, True, 0.0, entry=entry, cached=True))
        else:
            todo.append(LessonJob(lesson, settings, out, key))

    bundle = _Bundle(config, settings, out, previous, [result.entry for result in results])
    with CourseProgress(console, [item.lesson.id for item in facts]) as progress:
        for result in results:
            progress.finished(result)
        if todo:
            timing: dict[str, float] = {}
            if cluster:
                from scenes.pipeline.cluster import render_on_cluster  # imports distributed

                say = lambda text: console.print(text, markup=False, highlight=False)  # noqa: E731
                rendered = render_on_cluster(todo, cluster, progress, say, timing)
            else:
                rendered = _run(todo, jobs, progress)
            publishing = time.perf_counter()
            for result in rendered:
                results.append(result)
                progress.finished(result)
                bundle.add(result)
            if cluster:
                timing["publish"] = time.perf_counter() - publishing
                console.print(
                    f"cluster: {len(todo)} task(s); this process spent {timing['connect']:.1f} s "
                    f"reaching the workers, {timing['receive']:.2f} s receiving files and "
                    f"{timing['publish']:.2f} s publishing", highlight=False)
        bundle.write()
    return results


def sweep_stale_scratch(folder: Path | None = None) -> list[Path]:
    """Remove the scratch folders of workers that no longer run (killed renders leave them).

    A worker's scratch folder is named by :func:`scenes.pipeline.runner.scratch_prefix`, with its
    process id; a folder whose process is gone is removed.
    """
    removed = []
    for path in Path(folder or tempfile.gettempdir()).glob("derivanim-*-*-*"):
        pid = path.name.split("-")[1]
        if pid.isdigit() and not process_alive(int(pid)) and path.is_dir():
            shutil.rmtree(path, ignore_errors=True)
            removed.append(path)
    return removed


def process_alive(pid: int) -> bool:
    """Whether a process with this id exists (one we may not signal counts as alive)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


class _Bundle:
    """The live bundle: lessons go live one at a time, and the course files follow them.

    At every instant ``manifest.json`` names only files that stand in the folder with the
    sizes and hashes it records: before a lesson's folder is swapped for its new files, the
    manifest (and the page) are rewritten without that lesson, and after the swap with it.
    """

    def __init__(self, config: CourseConfig, settings: RenderSettings, out: Path,
                 previous: dict[str, Any] | None, cached: list[dict[str, Any]]) -> None:
        self.config = config
        self.settings = settings
        self.out = out
        self.order = [lesson.id for lesson in config.lessons]
        self.lessons = merge(previous, cached, self.order, root=out)
        self.schemas_written = False

    def add(self, result: LessonResult) -> None:
        """Make a rendered lesson's staged files live and record them."""
        if not result.ok or result.cached:
            return
        lesson_id = result.lesson_id
        self.lessons = [entry for entry in self.lessons if entry["id"] != lesson_id]
        self.write()  # the old files are no longer named while they are replaced
        checkpoint(lesson_id, "swap")
        old = swap_folder(Path(result.staging), self.out / lesson_id)
        checkpoint(lesson_id, "swapped")
        live = {entry["id"]: entry for entry in self.lessons}
        live[lesson_id] = result.entry
        self.lessons = [live[key] for key in self.order if key in live]
        self.write()
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)

    def write(self) -> None:
        """Publish ``manifest.json`` and ``index.html`` for the lessons live now (and, once a
        run, the JSON Schemas of the manifest and of the facts)."""
        if not self.schemas_written:
            for name, schema in (("manifest.schema.json", manifest_schema()),
                                 ("facts.schema.json", facts_schema())):
                text = json.dumps(schema, indent=2) + "\n"
                path = self.out / name
                if not path.is_file() or path.read_text(encoding="utf-8") != text:
                    publish_text(text, path)
            self.schemas_written = True
        settings = asdict(self.settings)
        settings["formats"] = list(settings["formats"])
        manifest = course_manifest(self.config.course.title, settings, self.lessons)
        publish_text(manifest_text(manifest), self.out / "manifest.json",
                     check=lambda path: checkpoint(COURSE, "publish:manifest.json"))
        publish_text(course_page(manifest, root=self.out), self.out / "index.html",
                     check=lambda path: checkpoint(COURSE, "publish:index.html"))


def _run(todo: list[LessonJob], jobs: int, progress: CourseProgress) -> list[LessonResult]:
    """Render the jobs in worker processes, relaying their progress; results in finishing order."""
    context = multiprocessing.get_context("spawn")  # a clean process: no inherited threads
    results: list[LessonResult] = []
    manager = SyncManager(ctx=context)
    manager.start(die_with_parent)  # its server process must not outlive us either
    with manager:
        queue = manager.Queue()
        done = threading.Event()
        relay = threading.Thread(target=_relay, args=(queue, progress, done), daemon=True)
        relay.start()
        workers = max(1, min(jobs, len(todo)))
        with ProcessPoolExecutor(max_workers=workers, mp_context=context,
                                 initializer=die_with_parent) as pool:
            futures: dict[Future[LessonResult], LessonJob] = {
                pool.submit(_work, job, queue): job for job in todo}
            for future in as_completed(futures):
                try:
                    results.append(future.result())
                except Exception as error:  # a worker process died (killed, out of memory)
                    job = futures[future]
                    results.append(LessonResult(job.lesson.id, False, 0.0,
                                                error=f"worker process failed: {error}"))
        done.set()
        relay.join()
    return results


def die_with_parent() -> None:
    """Have Linux kill this process when the course process dies (``PR_SET_PDEATHSIG``).

    Without it, a worker whose parent was killed would go on rendering and could publish a
    file after a newer run had recorded another in the manifest. Elsewhere it does nothing.
    """
    if not sys.platform.startswith("linux"):
        return
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    except (OSError, AttributeError):
        return
    if os.getppid() == 1:  # the parent died before the request took effect
        os.kill(os.getpid(), signal.SIGKILL)


PR_SET_PDEATHSIG = 1
"""Linux prctl option: the signal a process receives when its parent dies."""


def _work(job: LessonJob, queue: Any) -> LessonResult:
    """Worker entry point: render one lesson, reporting progress a few times a second."""
    report = throttled(lambda *message: queue.put(message), PROGRESS_INTERVAL)
    report(job.lesson.id, 0.0, "starting")
    return render_job(job, report)


def _relay(queue: Any, progress: CourseProgress, done: threading.Event) -> None:
    while not done.is_set():
        try:
            lesson_id, seconds, beat = queue.get(timeout=0.1)
        except (Empty, EOFError, OSError):
            continue
        progress.update(lesson_id, seconds, beat)
