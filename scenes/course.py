"""Render a course into its bundle: skip what is unchanged, render the rest in parallel.

For every selected lesson the parent process computes a cache key (:mod:`derivanim.fingerprint`).
A lesson whose key matches its entry in the existing ``manifest.json``, and whose files there
still match their recorded sizes and hashes, is not rendered again. The others are rendered in
worker processes (:func:`scenes.runner.render_job`), several lessons per process so that Manim
is imported once per worker. As each lesson finishes, ``manifest.json`` and ``index.html`` are
rewritten (atomically) so they always describe the files that stand in the folder.

Nothing here imports Manim; the workers do.
"""

from __future__ import annotations

import multiprocessing
import threading
import time
from concurrent.futures import Future, ProcessPoolExecutor, as_completed
from dataclasses import asdict
from pathlib import Path
from queue import Empty
from typing import Any

from rich.console import Console

import derivanim
import scenes
from derivanim.config import CourseConfig, RenderSettings
from derivanim.facts import LessonFacts
from derivanim.fingerprint import code_version, lesson_key
from derivanim.manifest import course_manifest, manifest_text, merge, read_manifest, verify_lesson
from derivanim.page import course_page
from derivanim.publish import publish_text
from scenes.progress import CourseProgress, summary_table
from scenes.runner import LessonJob, LessonResult, render_job

PROGRESS_INTERVAL = 0.25
"""Seconds between two progress reports of a worker."""


def render_course(config: CourseConfig, facts: tuple[LessonFacts, ...], settings: RenderSettings,
                  out: Path, jobs: int, console: Console | None = None) -> int:
    """Bring ``out/`` up to date for the selected lessons; return 0, or 1 if any lesson failed."""
    console = console or Console(soft_wrap=True)  # long messages stay on one line in logs
    started = time.perf_counter()
    code = code_version(Path(package.__file__).parent for package in (derivanim, scenes))
    previous = read_manifest(out / "manifest.json")
    known = {entry["id"]: entry for entry in (previous or {}).get("lessons", ())}
    results: list[LessonResult] = []
    todo: list[LessonJob] = []
    for item in facts:
        lesson = item.lesson
        key = lesson_key(lesson.model_dump(mode="json"), asdict(settings), code)
        entry = known.get(lesson.id)
        if entry is not None and entry.get("key") == key and not verify_lesson(out, entry):
            results.append(LessonResult(lesson.id, True, 0.0, entry=entry, cached=True))
        else:
            todo.append(LessonJob(lesson, settings, out, key))

    bundle = _Bundle(config, settings, out, previous)
    with CourseProgress(console, [item.lesson.id for item in facts]) as progress:
        for result in results:
            progress.finished(result)
        if todo:
            for result in _run(todo, jobs, progress):
                results.append(result)
                progress.finished(result)
                bundle.add(result)
        bundle.write()

    order = {item.lesson.id: index for index, item in enumerate(facts)}
    results.sort(key=lambda result: order[result.lesson_id])
    console.print(summary_table(results))
    failed = [result for result in results if not result.ok]
    rendered = sum(1 for result in results if result.ok and not result.cached)
    console.print(f"{rendered} rendered, {len(results) - rendered - len(failed)} unchanged, "
                  f"{len(failed)} failed; bundle in {out}/ ({time.perf_counter() - started:.1f} s)",
                  highlight=False)
    return 1 if failed else 0


class _Bundle:
    """The course files (manifest and page), rewritten as lessons are published."""

    def __init__(self, config: CourseConfig, settings: RenderSettings, out: Path,
                 previous: dict[str, Any] | None) -> None:
        self.config = config
        self.settings = settings
        self.out = out
        self.manifest = previous
        self.entries: list[dict[str, Any]] = []

    def add(self, result: LessonResult) -> None:
        if result.ok:
            self.entries.append(result.entry)
            self.write()

    def write(self) -> None:
        lessons = merge(self.manifest, self.entries, [lesson.id for lesson in self.config.lessons],
                        root=self.out)
        settings = asdict(self.settings)
        settings["formats"] = list(settings["formats"])
        self.manifest = course_manifest(self.config.course.title, settings, lessons)
        publish_text(manifest_text(self.manifest), self.out / "manifest.json")
        publish_text(course_page(self.manifest, root=self.out), self.out / "index.html")


def _run(todo: list[LessonJob], jobs: int, progress: CourseProgress) -> list[LessonResult]:
    """Render the jobs in worker processes, relaying their progress; results in finishing order."""
    context = multiprocessing.get_context("spawn")  # a clean process: no inherited threads
    results: list[LessonResult] = []
    with context.Manager() as manager:
        queue = manager.Queue()
        done = threading.Event()
        relay = threading.Thread(target=_relay, args=(queue, progress, done), daemon=True)
        relay.start()
        workers = max(1, min(jobs, len(todo)))
        with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
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


def _work(job: LessonJob, queue: Any) -> LessonResult:
    """Worker entry point: render one lesson, reporting progress a few times a second."""
    last = 0.0

    def report(lesson_id: str, seconds: float, beat: str) -> None:
        nonlocal last
        now = time.monotonic()
        if now - last >= PROGRESS_INTERVAL:
            last = now
            queue.put((lesson_id, seconds, beat))

    report(job.lesson.id, 0.0, "starting")
    return render_job(job, report)


def _relay(queue: Any, progress: CourseProgress, done: threading.Event) -> None:
    while not done.is_set():
        try:
            lesson_id, seconds, beat = queue.get(timeout=0.1)
        except (Empty, EOFError, OSError):
            continue
        progress.update(lesson_id, seconds, beat)
