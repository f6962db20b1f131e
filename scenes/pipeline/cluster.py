"""Render a course's lessons on a Dask cluster, and publish them here as the local pool does.

``render.py --cluster local:N`` starts a ``LocalCluster`` of N worker processes on this
machine; ``--cluster tcp://HOST:PORT`` (or the ``DERIVANIM_CLUSTER`` variable) uses a running
scheduler, whose workers may be other machines with the same checkout, each set up with
``make setup``. Each lesson is one task. A worker renders it into a scratch folder of its own,
checks it exactly as a local render is checked, and sends the checked files back; this process
verifies every file against the hash the worker recorded and publishes the lesson atomically,
so cache decisions, the manifest, the page and the folder swap all stay here.

A worker that dies mid-render loses only its task, which the scheduler gives to another
worker; nothing partial is published, because nothing is published until all of a lesson's
files have arrived. Ctrl-C cancels the tasks and keeps what was already published. A worker
whose code differs from this checkout's is refused (its digest is compared before any task is
sent), because its videos would not be the ones the cache key promises.

The ``distributed`` package is imported only here, and only when ``--cluster`` is given.

Examples
--------
>>> cluster_spec("local:2"), cluster_spec(" tcp://10.0.0.5:8786 ")
('local:2', 'tcp://10.0.0.5:8786')
>>> cluster_spec("local:0")
Traceback (most recent call last):
...
ValueError: --cluster local:N takes 1 to 64 workers (got 0)
>>> cluster_spec("10.0.0.5")
Traceback (most recent call last):
...
ValueError: --cluster takes local:N or a scheduler address such as tcp://HOST:8786 (got '10.0.0.5')
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import re
import shutil
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import derivanim
import scenes
from derivanim.fingerprint import code_version
from derivanim.publish import STAGING_PREFIX
from scenes.pipeline.progress import CourseProgress
from scenes.pipeline.runner import LessonJob, LessonResult, render_job, throttled

ENVIRONMENT = "DERIVANIM_CLUSTER"
"""The variable that names a scheduler when ``--cluster`` is not given."""
TOPIC = "derivanim-progress"
"""The event topic on which workers report how far their lesson has got."""
PROGRESS_INTERVAL = 0.5
"""Seconds between two progress events of a worker."""
MAX_LOCAL_WORKERS = 64


class ClusterError(RuntimeError):
    """The cluster cannot be used: no scheduler there, or no worker runs this checkout's code."""


def cluster_spec(text: str) -> str:
    """Check a ``--cluster`` value: ``local:N`` or a scheduler address.

    Raises
    ------
    ValueError
        Saying what is accepted.
    """
    spec = text.strip()
    local = re.fullmatch(r"local:(\d+)", spec)
    if local:
        count = int(local.group(1))
        if not 1 <= count <= MAX_LOCAL_WORKERS:
            raise ValueError(f"--cluster local:N takes 1 to {MAX_LOCAL_WORKERS} workers (got {count})")
        return spec
    if re.fullmatch(r"(tcp|tls|ws|wss|inproc)://\S+", spec):
        return spec
    raise ValueError("--cluster takes local:N or a scheduler address such as tcp://HOST:8786 "
                     f"(got {text!r})")


def this_code() -> str:
    """The digest of the derivanim and scenes packages as this process sees them."""
    return code_version(Path(package.__file__).parent for package in (derivanim, scenes))


@contextlib.contextmanager
def connect(spec: str) -> Iterator[Any]:
    """A ``distributed.Client`` for the spec, with its local cluster when it starts one."""
    from distributed import Client, LocalCluster

    local = re.fullmatch(r"local:(\d+)", spec)
    if local:
        # one render at a time per worker process, as the local pool does; no dashboard
        with LocalCluster(n_workers=int(local.group(1)), threads_per_worker=1, processes=True,
                          dashboard_address=None, silence_logs=logging.ERROR) as cluster, \
                Client(cluster) as client:
            yield client
        return
    try:
        client = Client(spec, timeout="20s")
    except OSError as error:
        raise ClusterError(f"cannot reach the scheduler at {spec}: {error}") from None
    with client:
        yield client


def usable_workers(client: Any, code: str) -> tuple[list[str], dict[str, str]]:
    """The workers that run ``code``, and the others with the digest each runs."""
    digests: dict[str, str] = client.run(this_code)
    good = [address for address, digest in digests.items() if digest == code]
    return good, {address: digest for address, digest in digests.items() if digest != code}


@dataclass
class Shipment:
    """What a worker sends back: the lesson's result and, when it rendered, its files."""

    result: LessonResult
    files: dict[str, bytes] = field(default_factory=dict)
    worker: str = ""


def render_on_worker(job: LessonJob) -> Shipment:
    """Task body: render and check one lesson in a scratch folder, return its files."""
    from distributed import get_worker

    worker = get_worker()
    report = throttled(lambda lesson_id, seconds, beat: worker.log_event(
        TOPIC, {"lesson": lesson_id, "seconds": seconds, "beat": beat}), PROGRESS_INTERVAL)

    with tempfile.TemporaryDirectory(prefix="derivanim-cluster-") as scratch:
        result = render_job(replace(job, out=Path(scratch)), report)
        files: dict[str, bytes] = {}
        if result.ok:
            files = {path.name: path.read_bytes() for path in Path(result.staging).iterdir()}
        return Shipment(replace(result, staging=""), files, worker.address)


def receive(shipment: Shipment, out: Path) -> LessonResult:
    """Stage a worker's files in ``out`` after checking each against its recorded hash.

    Returns the lesson's result, ready for the bundle to publish (or a failure that names the
    file that arrived damaged; nothing is staged then).
    """
    result = shipment.result
    if not result.ok:
        return result
    expected = {Path(entry["path"]).name: entry for entry in result.entry.get("files", ())}
    if set(expected) != set(shipment.files):
        return replace(result, ok=False, error=f"files from {shipment.worker} do not match "
                                                "the lesson's manifest entry")
    staging = Path(tempfile.mkdtemp(prefix=f"{STAGING_PREFIX}{result.lesson_id}-", dir=out))
    staging.chmod(0o755)
    for name, data in shipment.files.items():
        entry = expected[name]
        if len(data) != entry["size"] or hashlib.sha256(data).hexdigest() != entry["sha256"]:
            shutil.rmtree(staging, ignore_errors=True)
            return replace(result, ok=False, error=f"{name} arrived damaged from {shipment.worker}")
        (staging / name).write_bytes(data)
    return replace(result, staging=str(staging))


def render_on_cluster(todo: list[LessonJob], spec: str, progress: CourseProgress,
                      say: Any = print, timing: dict[str, float] | None = None
                      ) -> list[LessonResult]:
    """Render the jobs as cluster tasks; their results in finishing order, files staged.

    ``timing``, when given, gets the seconds this process spent starting or reaching the
    cluster (``"connect"``) and receiving and staging files (``"receive"``).

    Raises
    ------
    ClusterError
        When the scheduler cannot be reached or no worker runs this checkout's code.
    """
    from distributed import as_completed

    code = this_code()
    results: list[LessonResult] = []
    timing = {} if timing is None else timing
    timing.update(connect=0.0, receive=0.0)
    started = time.perf_counter()
    with connect(spec) as client:
        good, refused = usable_workers(client, code)
        timing["connect"] = time.perf_counter() - started
        for address, digest in refused.items():
            say(f"note: refusing worker {address}: it runs other code ({digest[:12]}, this "
                f"checkout is {code[:12]}); update its checkout and run make setup there")
        if not good:
            raise ClusterError(f"no worker of {spec} runs this checkout's code "
                               f"({len(refused)} refused)")

        def relay(event: tuple[float, dict[str, Any]]) -> None:
            message = event[1]
            progress.update(message["lesson"], message["seconds"], message["beat"])

        client.subscribe_topic(TOPIC, relay)
        futures = {client.submit(render_on_worker, job, key=f"lesson-{job.lesson.id}-{job.key[:16]}",
                                 workers=good, allow_other_workers=False, pure=False): job
                   for job in todo}
        try:
            for future in as_completed(futures):
                job = futures[future]
                try:
                    shipment = future.result()
                except Exception as error:  # noqa: BLE001 - e.g. KilledWorker after many deaths
                    results.append(LessonResult(job.lesson.id, False, 0.0,
                                                error=f"cluster task failed: {error}"))
                    continue
                started = time.perf_counter()
                results.append(receive(shipment, job.out))
                timing["receive"] += time.perf_counter() - started
        except KeyboardInterrupt:
            client.cancel(list(futures))
            raise
        finally:
            client.unsubscribe_topic(TOPIC)
    return results
