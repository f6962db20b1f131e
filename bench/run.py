"""Run the benchmarks and write the results: ``make bench`` or ``.venv/bin/python bench/run.py``.

Sections (``--only`` picks some): ``check``, ``lessons``, ``course``, ``rerun``, ``baseline``,
``manim-encode`` (the course's frames encoded alone with Manim's default settings),
``floor``, ``cluster`` (the catalogue at 480p15 on a local Dask cluster); ``profile`` (our secant scene under cProfile) runs only when named. Every figure is
the median of ``--repeat`` runs; ``--quick`` does one run of each at 480p15 only, to see that
everything works. The results are printed as markdown and written to ``--out``
(``bench/results.md``). Benchmarks report figures; they never fail: a section that breaks is
noted in the results and the others still run.
"""

from __future__ import annotations

import datetime
import math
import shutil
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

import click

if __package__ in (None, ""):  # run as a script (bench/run.py): import `bench` from the root
    sys.path[0] = str(Path(__file__).resolve().parents[1])

from bench import cli_runs, cluster_runs, encode_runs, narration_runs, secant_runs  # noqa: E402
from bench.environment import load, machine_rows  # noqa: E402
from bench.report import Results, markdown  # noqa: E402
from bench.timing import ROOT, stopwatch  # noqa: E402

SECTIONS = ("check", "lessons", "course", "manim-encode", "rerun", "baseline", "floor", "cluster",
            "narration", "profile")
DEFAULT_SECTIONS = tuple(name for name in SECTIONS if name not in ("narration", "profile"))
"""Everything but narration and the profile, which only run when asked for."""
QUALITIES = ("low", "medium", "high", "production", "fourk")
TITLES = {
    "check": "render.py --check",
    "lessons": "each lesson, cold, --jobs 1",
    "course": "whole course, cold, --jobs 1 and 2",
    "manim-encode": "the course's frames encoded with Manim's default settings",
    "rerun": "unchanged re-run",
    "baseline": "secant: ours against the peer baseline",
    "floor": "secant: the floor",
    "cluster": "catalogue: local pool against a Dask LocalCluster",
    "narration": "narration: Piper synthesis per spoken second, narrated/silent render time",
    "profile": "secant: where the time goes (cProfile)",
}


@dataclass(frozen=True)
class Plan:
    """What the command line asked for."""

    qualities: list[str]
    repeat: int
    lesson_ids: tuple[str, ...]
    work: Path

    @property
    def rerun_quality(self) -> str:
        """The quality of the unchanged re-run: the course's own (high) when measured."""
        return "high" if "high" in self.qualities else self.qualities[0]


def _run_section(name: str, results: Results, plan: Plan) -> None:
    """Measure one section into ``results``."""
    repeat, work, qualities = plan.repeat, plan.work, plan.qualities
    if name == "check":
        results.check = cli_runs.check_runs(repeat, _say)
    elif name == "lessons":
        ids = cli_runs.course_ids()
        picked = [i for i in ids if i in plan.lesson_ids] if plan.lesson_ids else ids
        results.lessons = cli_runs.lesson_renders(picked, qualities, repeat, work, _say)
    elif name == "course":
        results.course, results.kept = cli_runs.course_renders(
            cli_runs.course_ids(), qualities, (1, 2), repeat, work, _say,
            keep=(plan.rerun_quality, 2))
    elif name == "manim-encode":
        results.manim_encodes = [encode_runs.manim_encodes(cli_runs.course_ids(), q, work, _say)
                                 for q in qualities]
    elif name == "rerun":
        results.rerun = cli_runs.unchanged_reruns(cli_runs.course_ids(), plan.rerun_quality,
                                                  results.kept, repeat, work, _say)
    elif name == "baseline":
        _warm(results, work)
        results.pairs = [secant_runs.render_pairs(q, repeat, work, _say) for q in qualities]
    elif name == "floor":
        _warm(results, work)
        for quality in qualities:
            if math.isnan(results.ours_seconds(quality)):
                results.ours_alone[quality] = secant_runs.ours_only(quality, repeat, work, _say)
            results.floors.append(secant_runs.floor_figures(quality, repeat, work, _say))
    elif name == "cluster":
        results.cluster = [cluster_runs.cluster_renders("low", repeat, work, _say)]
    elif name == "narration":
        results.notes.extend(narration_runs.narration_figures(work, _say).lines())
    elif name == "profile":
        results.profiles = [secant_runs.profile_figures(q, work, _say) for q in qualities]


def _warm(results: Results, work: Path) -> None:
    """Fill the TeX cache for both secant scenes, once per run."""
    if results.warmed:
        return
    error = secant_runs.warm_tex(work, _say)
    results.warmed = True
    if error:
        results.notes.append(f"warming the TeX cache failed: {error}")


def _say(line: str) -> None:
    click.echo(f"  {line}", err=True)


def _sections(only: tuple[str, ...]) -> list[str]:
    """The sections asked for (``--only a,b --only c``), in their running order."""
    wanted = {name.strip() for value in only for name in value.split(",") if name.strip()}
    unknown = wanted - set(SECTIONS)
    if unknown:
        raise click.BadParameter(f"unknown section(s) {', '.join(sorted(unknown))}; "
                                 f"choose from {', '.join(SECTIONS)}", param_hint="--only")
    return [name for name in SECTIONS if name in (wanted or DEFAULT_SECTIONS)]


@click.command(context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--quick", is_flag=True, help="One run of everything at 480p15 only.")
@click.option("--repeat", type=click.IntRange(min=1), default=None,
              help="Runs per figure; the median is reported [default: 3, or 1 with --quick].")
@click.option("--only", multiple=True, metavar="SECTIONS",
              help=f"Comma-separated sections to run (repeatable): {', '.join(SECTIONS)}.")
@click.option("--quality", "qualities", multiple=True, type=click.Choice(QUALITIES),
              help="Qualities to measure (repeatable) [default: low and high; low with --quick].")
@click.option("--lesson", "lesson_ids", multiple=True, metavar="ID",
              help="Lessons for the per-lesson section (repeatable) [default: all].")
@click.option("--out", type=click.Path(path_type=Path), default=ROOT / "bench" / "results.md",
              show_default=True, help="Where to write the results (markdown).")
def main(quick: bool, repeat: int | None, only: tuple[str, ...], qualities: tuple[str, ...],
         lesson_ids: tuple[str, ...], out: Path) -> None:
    """Measure render speed: lessons, the whole course, cache hits, a peer baseline, the floor."""
    sections = _sections(only)
    repeat = repeat or (1 if quick else 3)
    chosen = list(qualities) or (["low"] if quick else ["low", "high"])
    elapsed = stopwatch()
    started = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    results = Results(machine=machine_rows())
    click.echo(f"derivanim benchmark: {', '.join(sections)} at {', '.join(chosen)}, "
               f"median of {repeat} run(s)", err=True)

    (ROOT / "bench" / "work").mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="run-", dir=ROOT / "bench" / "work"))
    try:
        for name in sections:
            click.echo(TITLES[name], err=True)
            try:
                _run_section(name, results, Plan(chosen, repeat, lesson_ids, work))
            except Exception as error:  # noqa: BLE001 - a broken section must not stop the rest
                results.notes.append(f"section {name} stopped: {type(error).__name__}: {error}")
                _say(f"{name}: stopped ({type(error).__name__}: {error})")
    finally:
        shutil.rmtree(work, ignore_errors=True)

    results.machine.append(("load average at the end", load()))
    results.header = [
        f"Measured {started} in {elapsed() / 60:.1f} min ({'quick' if quick else 'full'} run: "
        f"{', '.join(sections)}; qualities {', '.join(chosen)}). Each figure is the median of "
        f"{repeat} run(s); every run is listed.",
        "",
        "*Cold* means a fresh `--out` folder for every render, so the render cache never skips "
        "a lesson; the TeX cache in `~/.cache/derivanim/tex` stays warm (formulas are not "
        "compiled again). *RTF* (real-time factor) is render wall seconds over video seconds: "
        "below 1 the video renders faster than it plays. The machine may be shared: see the "
        "load averages below.",
    ]
    text = markdown(results)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(text)
    click.echo(text)
    click.echo(f"written to {out}", err=True)


if __name__ == "__main__":
    main()
