"""One measurement in a fresh process: ``python -m bench.worker COMMAND ...`` (run from the root).

Each timed in-process render gets its own process, so every render starts from the same state
(Manim imported, its in-memory caches empty, the TeX cache on disk warm) whichever ran before
it. The figures go to a JSON file named by ``--result``; Manim may print to the terminal.
"""

from __future__ import annotations

import json
import statistics
from dataclasses import asdict
from pathlib import Path
from typing import Any

import click

from bench.inprocess import FrameLog, render_scene, scene_classes, secant_facts_of, warm_tex

QUALITY = click.Choice(["low", "medium", "high", "production", "fourk"])


def _write(result: Path, data: dict[str, Any]) -> None:
    result.write_text(json.dumps(data, indent=2, default=str) + "\n")


@click.group()
def main() -> None:
    """Benchmark measurements, one per process."""


@main.command()
@click.option("--work", type=click.Path(path_type=Path), required=True, help="Scratch folder.")
def warm(work: Path) -> None:
    """Compile every formula of both secant scenes into the TeX cache (dry run, untimed)."""
    facts = secant_facts_of()
    for name, scene_class in scene_classes().items():
        warm_tex(scene_class, facts, work / name)


@main.command()
@click.option("--scene", "which", type=click.Choice(["ours", "baseline"]), required=True)
@click.option("--quality", type=QUALITY, required=True)
@click.option("--work", type=click.Path(path_type=Path), required=True, help="Scratch folder.")
@click.option("--result", type=click.Path(path_type=Path), required=True, help="JSON output.")
def render(which: str, quality: str, work: Path, result: Path) -> None:
    """Render the secant lesson with one of the two scenes, timed."""
    facts = secant_facts_of()
    done = render_scene(scene_classes()[which], facts, quality, work)
    _write(result, asdict(done))


@main.command()
@click.option("--quality", type=QUALITY, required=True)
@click.option("--repeat", type=click.IntRange(min=1), default=3, show_default=True)
@click.option("--work", type=click.Path(path_type=Path), required=True, help="Scratch folder.")
@click.option("--result", type=click.Path(path_type=Path), required=True, help="JSON output.")
def floor(quality: str, repeat: int, work: Path, result: Path) -> None:
    """Render our secant scene keeping its frames, then time encoding and rasterising alone."""
    from bench.floor import encode_seconds, encoder_settings, manim_default_settings, raster_seconds

    facts = secant_facts_of()
    log = FrameLog()
    raster: list[float] = []

    def measure_raster(scene: Any) -> None:
        for _ in range(repeat):
            raster.append(raster_seconds(scene, len(log.repeats)))

    done = render_scene(scene_classes()["ours"], facts, quality, work / "render", log=log,
                        keep_pixels=True, keep=measure_raster)
    settings = encoder_settings()
    encode = [encode_seconds(log, done.fps, settings, work / f"encode-{index}.mp4")
              for index in range(repeat)]
    ours_bytes = (work / "encode-0.mp4").stat().st_size
    for index in range(repeat):
        (work / f"encode-{index}.mp4").unlink(missing_ok=True)
    # The same frames with Manim's own encoder settings, for the file-size comparison.
    manim_file = work / "manim-default.mp4"
    encode_seconds(log, done.fps, manim_default_settings(), manim_file)
    manim_bytes = manim_file.stat().st_size
    manim_file.unlink()
    compressed = sum(len(frame) for frame in log.frames)
    _write(result, {
        "frames": done.frames,
        "drawn": done.drawn,
        "fps": done.fps,
        "video_seconds": done.video_seconds,
        "encoder": settings.describe(),
        "encode": encode,
        "raster": raster,
        "raster_ms_per_frame": 1000 * statistics.median(raster) / max(1, done.drawn),
        "kept_megabytes": round(compressed / 1e6, 1),
        "ours_bytes": ours_bytes,
        "manim_bytes": manim_bytes,
    })


@main.command("manim-encode")
@click.option("--lesson", "lesson_id", required=True, help="A lesson of the default course.")
@click.option("--quality", type=QUALITY, required=True)
@click.option("--work", type=click.Path(path_type=Path), required=True, help="Scratch folder.")
@click.option("--result", type=click.Path(path_type=Path), required=True, help="JSON output.")
def manim_encode(lesson_id: str, quality: str, work: Path, result: Path) -> None:
    """Render one course lesson keeping its frames, then time encoding them as Manim would."""
    from bench.floor import encode_seconds, manim_default_settings
    from scenes.pipeline.runner import scene_class

    facts = secant_facts_of(lesson_id=lesson_id)
    log = FrameLog()
    done = render_scene(scene_class(facts.lesson.kind), facts, quality, work / "render", log=log,
                        keep_pixels=True)
    path = work / "manim-default.mp4"
    seconds = encode_seconds(log, done.fps, manim_default_settings(), path, convert_each=True)
    size = path.stat().st_size
    path.unlink()
    _write(result, {"lesson": lesson_id, "frames": done.frames, "drawn": done.drawn,
                    "video_seconds": done.video_seconds, "encode": seconds, "bytes": size,
                    "render": done.seconds})


@main.command()
@click.option("--quality", type=QUALITY, required=True)
@click.option("--work", type=click.Path(path_type=Path), required=True, help="Scratch folder.")
@click.option("--result", type=click.Path(path_type=Path), required=True, help="JSON output.")
def profile(quality: str, work: Path, result: Path) -> None:
    """Render our secant scene once under cProfile (see :mod:`bench.hotspots`)."""
    from bench.hotspots import profile_secant

    _write(result, profile_secant(quality, work))


if __name__ == "__main__":
    main()
