"""The catalogue on a Dask cluster against the local pool, and what more machines would give.

Both render the twelve-lesson catalogue (config/examples/catalogue.toml) cold at one quality,
into fresh folders: the local pool with ``--jobs 2`` and ``--cluster local:2`` (a LocalCluster
of two worker processes on this machine). The cluster run prints how long this process spent
reaching the workers, receiving files and publishing: that part does not shrink with more
machines, and the projection below is built on it, measured rather than guessed.
"""

from __future__ import annotations

import math
import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from bench.cli_runs import TIMEOUT, Say, _failure, bundle_seconds, course_ids, fresh_folder
from bench.timing import PYTHON, ROOT, Series, run_timed

CATALOGUE = ROOT / "config" / "examples" / "catalogue.toml"
_CLIENT = re.compile(r"cluster: \d+ task\(s\); this process spent ([\d.]+) s reaching the workers, "
                     r"([\d.]+) s receiving files and ([\d.]+) s publishing")


@dataclass
class ClusterFigures:
    """The catalogue rendered by the local pool and by a two-worker local cluster."""

    quality: str
    lessons: int = 0
    video: float = math.nan
    pool: Series = field(default_factory=Series)
    cluster: Series = field(default_factory=Series)
    connect: Series = field(default_factory=Series)
    receive: Series = field(default_factory=Series)
    publish: Series = field(default_factory=Series)

    @property
    def overhead(self) -> float:
        """Cluster wall time over local-pool wall time (1.0: no overhead)."""
        return self.cluster.median / self.pool.median if self.pool.median else math.nan

    @property
    def serial_per_lesson(self) -> float:
        """Seconds this process spends per lesson, whatever the number of machines."""
        return (self.receive.median + self.publish.median) / self.lessons if self.lessons else math.nan

    @property
    def task_seconds(self) -> float:
        """Worker seconds per lesson: the cluster's render time spread over its two workers."""
        busy = self.cluster.median - self.connect.median
        return 2 * busy / self.lessons if self.lessons else math.nan

    def projected_wall(self, machines: int, lessons: int, workers_per_machine: int = 2) -> float:
        """Wall seconds for ``lessons`` on ``machines`` like this one: start-up, this process's
        serial part, and the renders spread over every worker (at least one lesson's length).

        Examples
        --------
        >>> figures = ClusterFigures("low", lessons=10)
        >>> for series, value in ((figures.cluster, 105.0), (figures.connect, 5.0),
        ...                       (figures.receive, 1.0), (figures.publish, 1.0)):
        ...     series.add(value)
        >>> figures.task_seconds, figures.serial_per_lesson
        (20.0, 0.2)
        >>> figures.projected_wall(machines=10, lessons=100)
        125.0
        """
        workers = machines * workers_per_machine
        rounds = math.ceil(lessons / workers)
        return self.connect.median + lessons * self.serial_per_lesson + rounds * self.task_seconds

    def lessons_per_hour(self) -> float:
        """The most lessons one client can publish in an hour (its serial part is the limit)."""
        per = self.serial_per_lesson
        return 3600 / per if per else math.nan


def cluster_renders(quality: str, repeat: int, work: Path, say: Say) -> ClusterFigures:
    """The catalogue cold with the local pool and on ``--cluster local:2``, ``repeat`` times."""
    ids = course_ids(CATALOGUE)
    figures = ClusterFigures(quality, lessons=len(ids))
    base = [PYTHON, "render.py", "--config", str(CATALOGUE), "--quality", quality]
    for _ in range(repeat):
        for how, extra, series in (("pool", ["--jobs", "2"], figures.pool),
                                   ("cluster", ["--cluster", "local:2"], figures.cluster)):
            out = fresh_folder(work, f"catalogue-{how}")
            run = run_timed([*base, "--out", str(out), *extra], timeout=TIMEOUT)
            if run.ok:
                series.add(run.seconds)
                figures.video = bundle_seconds(out, ids)
                found = _CLIENT.search(run.output)
                if how == "cluster" and found:
                    for target, value in zip((figures.connect, figures.receive, figures.publish),
                                             found.groups(), strict=True):
                        target.add(float(value))
                say(f"catalogue {how} {quality}: {run.seconds:.1f} s")
            else:
                series.add(math.nan, _failure(run))
                say(f"catalogue {how} {quality}: failed ({_failure(run)})")
            shutil.rmtree(out, ignore_errors=True)
    return figures
