"""Reliability of the command line: kills at twenty moments, interruptions, two renders into one
folder, the same frames twice, and a machine that cannot hold the output.

One lesson (the cubic's slopes, the shortest default lesson) is rendered at 480p15 with every
format into a bundle. Then renders of a changed version of it are killed at each moment listed
in ``KILLS``; after each kill every file the manifest names must still stand with its recorded
size and hash (the files were decoded to their last frame when they were published), nothing
may be left of the dead render's processes, and a final run must recover a complete bundle.
"""

from __future__ import annotations

import hashlib
import json
import os
import resource
import signal
import tempfile
from pathlib import Path
from typing import Any

import av
import pytest

from scenes.pipeline.course import process_alive
from scenes.pipeline.probe import probe
from tests.views.bundle import (
    bundle_problems, changed_files, group_gone, kill_group, leftovers, published, run, sha256,
    start, wait_for_line,
)

# The tests that share the module's bundle change it in order: they run on one worker.
same_bundle = pytest.mark.xdist_group("reliability")

COURSE = """\
[course]
title = "Kill me softly"
quality = "low"

[[lessons]]
kind = "slopes"
function = "x^3 - 3x"
"""
FORMATS = ("--format", "webm", "--format", "gif", "--format", "mov")
FILES = ("slopes.mp4", "slopes.webm", "slopes.mov", "slopes.gif", "slopes.jpg", "facts.json")

KILLS = (
    "slopes:start",
    "slopes:second:1",
    "slopes:second:12",
    "slopes:second:30",
    "slopes:encoded",
    "slopes:checked",
    "slopes:poster",
    "slopes:gif",
    "slopes:rendered",
    *(f"slopes:publish:{name}" for name in FILES),
    "@course:publish:manifest.json",
    "@course:publish:index.html",
    "slopes:swap",
    "slopes:swapped",
)
"""Where an injected SIGKILL takes the whole render down (see scenes/pipeline/faults.py)."""


@pytest.fixture(scope="module")
def bundle(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    folder = tmp_path_factory.mktemp("reliability")
    config = folder / "course.toml"
    config.write_text(COURSE)
    out = folder / "out"
    run("--config", str(config), *FORMATS, "--out", str(out), check=True)
    return config, out


def changed(config: Path, out: Path) -> tuple[str, ...]:
    """Arguments for a render whose lesson differs from the bundle's (a new title)."""
    return ("--config", str(config), *FORMATS, "--out", str(out),
            "--set", "slopes.title=Slopes, again")


def assert_intact(out: Path, moment: str) -> None:
    """What every kill must leave: a manifest naming only whole files that match it."""
    assert bundle_problems(out) == [], moment
    manifest = json.loads((out / "manifest.json").read_text())
    named = {item["path"] for lesson in manifest["lessons"] for item in lesson["files"]}
    for path in (out / "slopes").iterdir():  # files the manifest does not name yet
        if str(path.relative_to(out)) not in named and path.suffix in (".mp4", ".webm", ".mov"):
            info = probe(path)  # decodes every frame; raises on a truncated file
            assert info.frames > 0, (moment, path)


@same_bundle
def test_every_kill_leaves_a_valid_bundle_and_the_next_run_recovers(bundle):
    config, out = bundle
    survived = []
    for moment in KILLS:
        killed = run(*changed(config, out), env={"DERIVANIM_FAULTS": f"{moment}:kill"})
        assert killed.returncode == -signal.SIGKILL, (moment, killed.stdout, killed.stderr)
        assert_intact(out, moment)
        survived.append(moment)
    assert len(survived) == len(KILLS) == 19
    recovered = run(*changed(config, out), check=True)
    assert "1 rendered, 0 unchanged, 0 failed" in recovered.stdout
    assert bundle_problems(out) == [] and leftovers(out) == []
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["lessons"][0]["title"] == "Slopes, again"
    for item in manifest["lessons"][0]["files"]:
        if item["role"] == "video":
            info = probe(out / item["path"])
            assert info.frames == manifest["lessons"][0]["frames"], item["path"]
    scratch = Path(tempfile.gettempdir())
    for folder in scratch.glob("derivanim-*-slopes-*"):  # killed workers' scratch is swept
        pid = int(folder.name.split("-")[1])
        assert process_alive(pid), f"{folder} of dead process {pid} was not swept"


@same_bundle
def test_killing_the_course_process_takes_its_workers_with_it(bundle):
    config, out = bundle
    before = published(out)
    process = start(*changed(config, out), "--set", "slopes.points=[-1.5, 0, 1]")
    try:
        wait_for_line(process, "slopes: rendering")
        os.kill(process.pid, signal.SIGKILL)  # the parent only, as an OOM killer would
        process.wait(timeout=30)
        assert group_gone(process.pid), "worker processes outlived the course process"
    finally:
        kill_group(process.pid)
    assert changed_files(before) == []
    assert_intact(out, "parent killed")


@same_bundle
def test_ctrl_c_stops_the_render_and_keeps_what_was_published(bundle):
    config, out = bundle
    before = published(out)
    process = start(*changed(config, out), "--set", "slopes.points=[-1.25, 0, 1]")
    try:
        wait_for_line(process, "slopes: rendering")
        os.killpg(process.pid, signal.SIGINT)  # what a terminal sends to the whole job
        output, _ = process.communicate(timeout=60)
        assert process.returncode == 130, output
        assert "interrupted" in output
        assert group_gone(process.pid)
    finally:
        kill_group(process.pid)
    assert changed_files(before) == []
    assert_intact(out, "interrupted")
    assert leftovers(out) == []


def test_a_lesson_that_fails_does_not_stop_or_corrupt_the_others(tmp_path):
    config = tmp_path / "course.toml"
    config.write_text(COURSE + '\n[[lessons]]\nid = "square"\nkind = "secant"\n'
                      'function = "x^2"\npoint = 1\n')
    out = tmp_path / "out"
    result = run("--config", str(config), "--out", str(out),
                 env={"DERIVANIM_FAULTS": "slopes:second:5:raise"})
    assert result.returncode == 1, result.stdout + result.stderr
    assert "1 rendered, 0 unchanged, 1 failed" in result.stdout
    assert "injected fault in lesson 'slopes' at second:5" in result.stdout
    assert not (out / "slopes").exists() and leftovers(out) == []
    assert bundle_problems(out) == []
    manifest = json.loads((out / "manifest.json").read_text())
    assert [lesson["id"] for lesson in manifest["lessons"]] == ["square"]


def frame_hashes(path: Path) -> list[str]:
    """The SHA-256 of every decoded frame's pixels."""
    with av.open(str(path)) as container:
        return [hashlib.sha256(frame.to_ndarray(format="rgb24").tobytes()).hexdigest()
                for frame in container.decode(video=0)]


def test_the_same_config_renders_the_same_frames_and_facts(tmp_path):
    config = tmp_path / "course.toml"
    config.write_text(COURSE)
    first, second = tmp_path / "first", tmp_path / "second"
    run("--config", str(config), "--out", str(first), check=True)
    run("--config", str(config), "--out", str(second), check=True)
    hashes = frame_hashes(first / "slopes" / "slopes.mp4")
    assert len(hashes) > 600  # 43 s at 15 fps
    assert frame_hashes(second / "slopes" / "slopes.mp4") == hashes
    for name in ("facts.json", "slopes.vtt", "slopes.chapters.vtt", "slopes.jpg"):
        assert sha256(first / "slopes" / name) == sha256(second / "slopes" / name), name


def test_two_renders_into_one_folder_take_turns(tmp_path):
    config = tmp_path / "course.toml"
    config.write_text(COURSE)
    out = tmp_path / "out"
    args = ("--config", str(config), "--out", str(out))
    first = start(*args)
    try:
        wait_for_line(first, "slopes: rendering")
        second = run(*args)
        first_output, _ = first.communicate(timeout=300)
    finally:
        kill_group(first.pid)
    assert first.returncode == 0, first_output
    assert second.returncode == 0, second.stdout + second.stderr
    assert "is writing to" in second.stdout and "waiting for it to finish" in second.stdout
    assert "0 rendered, 1 unchanged, 0 failed" in second.stdout  # it saw the first one's work
    assert bundle_problems(out) == [] and leftovers(out) == []


def _file_size_limit(megabytes: float) -> Any:
    limit = int(megabytes * (1 << 20))

    def apply() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # writes fail with EFBIG instead
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    return apply


@same_bundle
def test_a_full_disk_fails_cleanly_and_publishes_nothing(bundle):
    config, out = bundle
    before = published(out)
    # Files may not grow past 100 kB: the MP4 of this lesson needs about 400 kB.
    result = run(*changed(config, out), "--set", "slopes.points=[-1, 0, 1.25]",
                 limits=_file_size_limit(0.1))
    assert result.returncode == 2, result.stdout + result.stderr
    assert "File too large" in result.stdout
    assert changed_files(before) == []
    assert_intact(out, "full disk")
    assert leftovers(out) == []


@pytest.mark.parametrize("where, message", [
    ("file", "is a file, not a folder"),
    ("/proc/derivanim-out", "cannot create the folder"),
])
def test_an_output_folder_that_cannot_be_written_is_refused_before_rendering(
        tmp_path, where, message):
    config = tmp_path / "course.toml"
    config.write_text(COURSE)
    out = tmp_path / "file" if where == "file" else Path(where)
    if where == "file":
        out.write_text("not a folder")
    result = run("--config", str(config), "--out", str(out))
    assert result.returncode == 2
    assert message in result.stderr and "rendered" not in result.stdout


def test_missing_tex_is_refused_before_rendering(tmp_path):
    config = tmp_path / "course.toml"
    config.write_text(COURSE)
    result = run("--config", str(config), "--out", str(tmp_path / "out"),
                 env={"PATH": str(tmp_path)})  # no latex, no dvisvgm
    assert result.returncode == 2
    assert "TeX is missing: 'latex' is not on PATH" in result.stderr
    assert not (tmp_path / "out" / "slopes").exists()


def test_a_missing_encoder_is_refused_before_rendering(monkeypatch, tmp_path):
    from click.testing import CliRunner

    import av.codec
    import render

    real = av.codec.Codec

    def without_vp9(name: str, mode: str = "r") -> Any:
        if name == "libvpx-vp9":
            raise av.codec.codec.UnknownCodecError(name)
        return real(name, mode)

    monkeypatch.setattr(av.codec, "Codec", without_vp9)
    config = tmp_path / "course.toml"
    config.write_text(COURSE)
    result = CliRunner().invoke(render.main, ["--config", str(config), "--format", "webm",
                                           "--out", str(tmp_path / "out")])
    assert result.exit_code == 2
    assert "--format webm: this FFmpeg" in result.output and "'libvpx-vp9'" in result.output
