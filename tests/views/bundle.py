"""Helpers for the tests that drive the command line and inspect the bundle it leaves."""

from __future__ import annotations

import hashlib
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from tests.views.helpers import ROOT


def run(*args: str, env: dict[str, str] | None = None, check: bool = False,
        limits: object = None) -> subprocess.CompletedProcess[str]:
    """Run ``render.py`` from the repository root in its own process group (so an injected
    ``kill`` takes down only that render), and wait for it."""
    result = subprocess.run(
        [sys.executable, "render.py", *args], cwd=ROOT, capture_output=True, text=True,
        timeout=900, env={**os.environ, **(env or {})}, start_new_session=True,
        preexec_fn=limits,  # noqa: PLW1509 - only sets resource limits
    )
    if check:
        assert result.returncode == 0, result.stdout + result.stderr
    return result


def start(*args: str, env: dict[str, str] | None = None) -> subprocess.Popen[str]:
    """Start ``render.py`` in its own process group without waiting; its output is piped."""
    return subprocess.Popen(
        [sys.executable, "render.py", *args], cwd=ROOT, stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT, text=True, env={**os.environ, **(env or {})},
        start_new_session=True,
    )


def wait_for_line(process: subprocess.Popen[str], needle: str, timeout: float = 120) -> list[str]:
    """Read the process's output until a line contains ``needle``; the lines read."""
    assert process.stdout is not None
    lines: list[str] = []
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        line = process.stdout.readline()
        if not line:
            break
        lines.append(line)
        if needle in line:
            return lines
    raise AssertionError(f"{needle!r} never printed; output so far: {''.join(lines)}")


def group_gone(pgid: int, timeout: float = 15) -> bool:
    """Whether every process of a process group has exited within ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            os.killpg(pgid, 0)
        except ProcessLookupError:
            return True
        time.sleep(0.1)
    return False


def kill_group(pgid: int) -> None:
    """Clean up after a test: kill whatever is left of a process group."""
    try:
        os.killpg(pgid, signal.SIGKILL)
    except ProcessLookupError:
        pass


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def published(out: Path) -> dict[Path, str]:
    """The SHA-256 of every file in a bundle, except the lock (each render rewrites it)."""
    from derivanim.publish import LOCK_NAME

    return {p: sha256(p) for p in out.rglob("*") if p.is_file() and p.name != LOCK_NAME}


def changed_files(before: dict[Path, str]) -> list[Path]:
    """Files of a :func:`published` snapshot that are missing now or hold other bytes."""
    return [path for path, digest in before.items()
            if not path.is_file() or sha256(path) != digest]


def bundle_problems(out: Path) -> list[str]:
    """Everything wrong with a bundle: manifest entries that do not match their files."""
    manifest = json.loads((out / "manifest.json").read_text())
    problems = []
    for lesson in manifest["lessons"]:
        for item in lesson["files"]:
            path = out / item["path"]
            if not path.is_file():
                problems.append(f"{item['path']}: missing")
            elif path.stat().st_size != item["size"] or sha256(path) != item["sha256"]:
                problems.append(f"{item['path']}: differs from the manifest")
    return problems


def leftovers(out: Path) -> list[str]:
    """Temporary files and staging folders a render left in the bundle."""
    found = [*out.rglob(".*.part"), *out.glob(".staging-*")]
    return sorted(str(path.relative_to(out)) for path in found)
