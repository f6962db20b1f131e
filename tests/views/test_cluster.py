"""Rendering on a Dask cluster: the same frames as the local pool, a worker killed mid-render
costs only a retry, and a worker running other code is refused.

Real parts only: ``render.py --cluster local:2`` starts a ``distributed.LocalCluster``; the
refusal test starts a scheduler and a ``dask worker`` process from a copy of the checkout with
one changed line.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import av
import pytest

from scenes.pipeline.cluster import Shipment, receive
from scenes.pipeline.runner import LessonResult
from tests.views.bundle import bundle_problems, leftovers, run
from tests.views.helpers import ROOT

pytestmark = pytest.mark.xdist_group("cluster")  # both renders on one worker, one after the other

CATALOGUE = "config/examples/catalogue.toml"
LESSONS = ("secant-x2-0p5", "secant-sin-x-1p5", "slopes-x2-2x", "descent-4-0p1-0p5")
KILLED = "secant-sin-x-1p5"


def frame_digests(video: Path) -> list[int]:
    """A hash of every decoded frame of a video."""
    with av.open(str(video)) as container:
        return [hash(frame.to_ndarray(format="rgb24").tobytes()) for frame in container.decode(video=0)]


@pytest.fixture(scope="module")
def renders(tmp_path_factory) -> tuple[Path, Path, Path]:
    """The four lessons rendered by the local pool, and on a two-worker local cluster whose
    worker rendering one lesson is killed five seconds of video in."""
    work = tmp_path_factory.mktemp("cluster")
    pool, cluster, marks = work / "pool", work / "cluster", work / "marks"
    marks.mkdir()
    run("--config", CATALOGUE, "--quality", "low", "--jobs", "2", "--out", str(pool), *LESSONS,
        check=True)
    faults = {"DERIVANIM_FAULTS": f"{KILLED}:second:5:die-once", "DERIVANIM_FAULTS_ONCE": str(marks)}
    result = run("--config", CATALOGUE, "--quality", "low", "--cluster", "local:2",
                 "--out", str(cluster), *LESSONS, env=faults)
    assert result.returncode == 0, result.stdout + result.stderr
    return pool, cluster, marks


def test_the_cluster_renders_the_frames_the_local_pool_renders(renders):
    pool, cluster, _ = renders
    for lesson in LESSONS:
        ours, theirs = pool / lesson / f"{lesson}.mp4", cluster / lesson / f"{lesson}.mp4"
        assert frame_digests(ours) == frame_digests(theirs), lesson


def test_a_worker_killed_mid_render_costs_a_retry_and_nothing_else(renders):
    _, cluster, marks = renders
    assert (marks / f"{KILLED}-second-5").is_file()  # the worker really died there once
    manifest = json.loads((cluster / "manifest.json").read_text())
    assert [lesson["id"] for lesson in manifest["lessons"]] == list(LESSONS)
    assert bundle_problems(cluster) == [] and leftovers(cluster) == []
    pool_manifest = json.loads((renders[0] / "manifest.json").read_text())
    assert [[f["sha256"] for f in lesson["files"]] for lesson in manifest["lessons"]] == \
        [[f["sha256"] for f in lesson["files"]] for lesson in pool_manifest["lessons"]]


def test_an_unchanged_rerun_on_the_cluster_renders_nothing(renders):
    _, cluster, _ = renders
    started = time.perf_counter()
    result = run("--config", CATALOGUE, "--quality", "low", "--cluster", "local:2",
                 "--out", str(cluster), *LESSONS, check=True)
    assert "0 rendered, 4 unchanged, 0 failed" in result.stdout
    assert time.perf_counter() - started < 30  # no cluster is even needed for nothing to do


def test_a_damaged_file_from_a_worker_is_not_staged(tmp_path):
    entry = {"files": [{"path": "a/a.txt", "size": 5, "sha256": "0" * 64}]}
    shipment = Shipment(LessonResult("a", True, 1.0, entry=entry), {"a.txt": b"hello"}, "tcp://w")
    result = receive(shipment, tmp_path)
    assert not result.ok and "a.txt arrived damaged from tcp://w" in result.error
    assert list(tmp_path.iterdir()) == []


def _free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_a_worker_running_other_code_is_refused(tmp_path):
    """One line changed in a worker's checkout: the client refuses it before sending work."""
    other = tmp_path / "checkout"
    for name in ("derivanim", "scenes"):
        shutil.copytree(ROOT / name, other / name, ignore=shutil.ignore_patterns("__pycache__"))
    changed = other / "derivanim" / "numbers.py"
    changed.write_text(changed.read_text() + "\n# a change this worker's machine has\n")
    port = _free_port()
    env = {**os.environ, "PYTHONPATH": str(other)}
    scheduler = subprocess.Popen(
        [sys.executable, "-m", "distributed.cli.dask_scheduler", "--host", "127.0.0.1",
         "--port", str(port), "--dashboard-address", ":0", "--no-show"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    worker = subprocess.Popen(
        [sys.executable, "-m", "distributed.cli.dask_worker", f"tcp://127.0.0.1:{port}",
         "--nthreads", "1", "--no-dashboard"], cwd=other, env=env,
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        from distributed import Client

        with Client(f"tcp://127.0.0.1:{port}", timeout="60s") as client:
            client.wait_for_workers(1, timeout=60)
            (digest,) = client.run(lambda: __import__("derivanim").__file__).values()
            assert digest.startswith(str(other))  # the worker imports the changed copy
        result = run("--config", CATALOGUE, "--quality", "low", "--out", str(tmp_path / "out"),
                     "--cluster", f"tcp://127.0.0.1:{port}", LESSONS[0])
        assert result.returncode == 2, result.stdout + result.stderr
        output = result.stdout + result.stderr
        assert "note: refusing worker tcp://127.0.0.1:" in output and "runs other code" in output
        assert "error: no worker of tcp://127.0.0.1:" in output
        assert not (tmp_path / "out" / LESSONS[0]).exists()
    finally:
        for process in (worker, scheduler):
            process.kill()
            process.wait(timeout=30)


def test_a_bad_cluster_spec_is_a_usage_error():
    result = run("--config", CATALOGUE, "--cluster", "local:0", "--check")
    assert result.returncode == 2 and "local:N takes 1 to 64 workers (got 0)" in result.stderr
