"""Clocks, medians and timed subprocesses: the measuring tools every section shares.

The machine may be shared with other work, so a figure is always the median of several runs,
and two things compared with each other are measured in alternation, pair by pair.

Examples
--------
>>> median([3.0, 1.0, 2.0]), median([4.0, 1.0])
(2.0, 2.5)
>>> paired_ratios([1.0, 2.0, 4.0], [3.0, 5.0, 8.0])
[3.0, 2.5, 2.0]
"""

from __future__ import annotations

import math
import os
import subprocess
import sys
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
"""The project folder (where ``render.py`` lives)."""

PYTHON = sys.executable
"""The interpreter every subprocess runs with (the project's virtual environment)."""


def median(values: Sequence[float]) -> float:
    """The median of some figures, NaN when there are none.

    Examples
    --------
    >>> median([]) != median([])
    True
    """
    ordered = sorted(value for value in values if not math.isnan(value))
    if not ordered:
        return math.nan
    middle = len(ordered) // 2
    if len(ordered) % 2:
        return ordered[middle]
    return (ordered[middle - 1] + ordered[middle]) / 2


def paired_ratios(first: Sequence[float], second: Sequence[float]) -> list[float]:
    """``second / first`` for each pair measured back to back (pairs with a missing value skip).

    Examples
    --------
    >>> paired_ratios([2.0, math.nan, 0.0], [5.0, 1.0, 1.0])
    [2.5]
    """
    return [b / a for a, b in zip(first, second)
            if a > 0 and not math.isnan(a) and not math.isnan(b)]


@dataclass(frozen=True)
class Timed:
    """One timed subprocess.

    Attributes
    ----------
    seconds : float
        Wall-clock time from start to exit.
    returncode : int
        Its exit status (-1 when it could not run or timed out).
    output : str
        The end of what it printed (both streams), to explain a failure.
    """

    seconds: float
    returncode: int
    output: str = ""

    @property
    def ok(self) -> bool:
        """Whether it exited with status 0."""
        return self.returncode == 0


def run_timed(args: Sequence[str], cwd: Path = ROOT, timeout: float | None = None,
              env: Mapping[str, str] | None = None) -> Timed:
    """Run a command, wait for it and time it with a monotonic clock; never raise.

    Parameters
    ----------
    args : sequence of str
        The command.
    cwd : Path
        Where to run it.
    timeout : float, optional
        Seconds after which it is killed (its time is then reported as NaN).
    env : mapping, optional
        Extra environment variables.

    Examples
    --------
    >>> run_timed([PYTHON, "-c", "print('hi')"]).output
    'hi'
    >>> run_timed(["/nonexistent/program"]).returncode
    -1
    """
    environment = {**os.environ, **(env or {})}
    started = time.perf_counter()
    try:
        done = subprocess.run(list(args), cwd=cwd, env=environment, capture_output=True,
                              text=True, timeout=timeout, check=False)
    except subprocess.TimeoutExpired:
        return Timed(math.nan, -1, f"timed out after {timeout} s")
    except OSError as error:
        return Timed(math.nan, -1, str(error))
    seconds = time.perf_counter() - started
    output = (done.stdout + done.stderr).strip()
    return Timed(seconds, done.returncode, output[-2000:])


@dataclass
class Series:
    """Repeated measurements of one figure, with notes on runs that went wrong."""

    values: list[float] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def add(self, value: float, note: str = "") -> None:
        """Record one run (NaN for a failed one, with a note saying why)."""
        self.values.append(value)
        if note and note not in self.notes:
            self.notes.append(note)

    @property
    def median(self) -> float:
        """Median of the good runs."""
        return median(self.values)

    @property
    def spread(self) -> str:
        """The good runs, rounded, for the results table.

        Examples
        --------
        >>> Series([2.345, 1.0]).spread
        '2.35, 1.00'
        """
        return ", ".join(f"{value:.2f}" for value in self.values if not math.isnan(value))


def stopwatch() -> Callable[[], float]:
    """Start a clock; calling the result gives the seconds elapsed since.

    Examples
    --------
    >>> elapsed = stopwatch()
    >>> 0 <= elapsed() < 1
    True
    """
    started = time.perf_counter()
    return lambda: time.perf_counter() - started
