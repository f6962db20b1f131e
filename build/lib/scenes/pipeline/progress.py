"""What a course render tells its user: a live line per lesson, then a summary table.

On a terminal each lesson gets a live line (its state, the seconds of video rendered so far,
the beat being drawn and the time taken); elsewhere (CI logs, pipes) one plain line is printed
when a lesson starts and when it ends. Either way the run closes with a table of every lesson.
"""

from __future__ import annotations

import time
from types import TracebackType

from rich.console import Console
from rich.progress import Progress, SpinnerColumn, TaskID, TextColumn, TimeElapsedColumn
from rich.table import Table

from scenes.pipeline.runner import LessonResult


class CourseProgress:
    """The live display of one course render (a context manager)."""

    def __init__(self, console: Console, lesson_ids: list[str]) -> None:
        self.console = console
        self.live = console.is_terminal
        self._progress = Progress(
            SpinnerColumn(finished_text="[green]✓"),
            TextColumn("[bold]{task.fields[lesson]:<18}"),
            TextColumn("{task.fields[state]:<10}"),
            TextColumn("{task.fields[video]:>9}"),
            TextColumn("[dim]{task.fields[beat]}"),
            TimeElapsedColumn(),
            console=console,
            disable=not self.live,
        )
        self._tasks: dict[str, TaskID] = {}
        self._started: dict[str, float] = {}
        for lesson_id in lesson_ids:
            self._tasks[lesson_id] = self._progress.add_task(
                lesson_id, lesson=lesson_id, state="waiting", video="", beat="", start=False,
                total=1)

    def __enter__(self) -> CourseProgress:
        self._progress.start()
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        self._progress.stop()

    def update(self, lesson_id: str, seconds: float, beat: str) -> None:
        """A worker reports the video rendered so far and the beat it is drawing."""
        task = self._tasks[lesson_id]
        if self._progress.tasks[task].finished:
            return  # a late report from a lesson already done
        if lesson_id not in self._started:
            self._started[lesson_id] = time.perf_counter()
            self._progress.start_task(task)
            if not self.live:
                self.console.print(f"  {lesson_id}: rendering")
        self._progress.update(task, state="rendering", video=f"{seconds:6.1f} s", beat=beat)

    def finished(self, result: LessonResult) -> None:
        """A lesson is done: rendered, taken from the cache, or failed."""
        task = self._tasks[result.lesson_id]
        if result.cached:
            state = "cached"
        elif result.ok:
            state = "[green]done"
        else:
            state = "[red]FAILED"
        video = f"{result.entry['duration']:6.1f} s" if result.entry else ""
        self._progress.update(task, state=state, video=video, beat="", completed=1)
        if not self.live:
            note = "" if result.ok else f" ({result.error})"
            self.console.print(f"  {result.lesson_id}: {_state_word(result)}{note}",
                               highlight=False)


def summary_table(results: list[LessonResult]) -> Table:
    """The closing table: lesson, status, video length, size, seconds taken."""
    table = Table(title="derivanim", title_justify="left")
    table.add_column("lesson")
    table.add_column("status")
    table.add_column("video", justify="right")
    table.add_column("size", justify="right")
    table.add_column("took", justify="right")
    for result in results:
        entry = result.entry
        size = sum(f["size"] for f in entry.get("files", ())) if entry else 0
        table.add_row(
            result.lesson_id,
            _state_word(result) if result.ok else f"[red]failed: {result.error}",
            f"{entry['duration']:.1f} s" if entry else "",
            f"{size / 1e6:.1f} MB" if entry else "",
            f"{result.seconds:.1f} s",
        )
    return table


def _state_word(result: LessonResult) -> str:
    if result.cached:
        return "unchanged"
    return "rendered" if result.ok else "FAILED"
