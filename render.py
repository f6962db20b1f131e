"""The command line: validate a course, print its facts, or render its lessons.

``python render.py`` and the ``derivanim`` console script both run :func:`main`. This is the
outermost layer: it imports :mod:`derivanim` and :mod:`scenes`, and nothing imports it. Every
bad input is reported as one clear message (file, lesson id, field, reason) with exit status 2,
before any rendering starts. The renderer (:mod:`scenes.pipeline`) is imported only when a
render is asked for, so ``--check`` never loads Manim.
"""

from __future__ import annotations

import json
import os
import sys
from dataclasses import replace
from pathlib import Path
from typing import NoReturn

import click

from derivanim.config import DEFAULT_CONFIG, CourseConfig, RenderSettings, load_course
from derivanim.errors import ConfigError, LessonError
from derivanim.facts import LessonFacts, course_facts, document
from derivanim.formats import PACKAGES, split_formats
from derivanim.preflight import render_problems, voice_problems
from derivanim.report import summary
from scenes.kit.title_estimate import surely_fits

QUALITIES = ("low", "medium", "high", "production", "fourk")
ASPECTS = ("16:9", "9:16", "1:1", "4:5")
FORMATS = ("mp4", "webm", "gif", "mov")
THEMES = ("dark", "light", "high-contrast")


def _fail(message: str) -> NoReturn:
    click.echo(f"error: {message}", err=True)
    sys.exit(2)


def validate(
    config_path: Path, overrides: tuple[str, ...], ids: tuple[str, ...]
) -> tuple[CourseConfig, tuple[LessonFacts, ...]]:
    """Load the course and compute the facts of the selected lessons, or exit 2 with a message."""
    try:
        config = load_course(config_path, overrides)
        known = [lesson.id for lesson in config.lessons]
        unknown = [i for i in ids if i not in known]
        if unknown:
            _fail(
                f"{config_path}: no lesson has the id {unknown[0]!r} "
                f"(ids: {', '.join(known)})"
            )
        return config, course_facts(config, ids)
    except ConfigError as error:  # already names its file (or --set)
        _fail(str(error))
    except LessonError as error:
        _fail(f"{config_path}: {error}")
    raise AssertionError("unreachable")


@click.command(context_settings={"help_option_names": ["-h", "--help"]})
@click.argument("lesson_ids", nargs=-1)
@click.option("--config", "config_path", type=click.Path(path_type=Path), default=DEFAULT_CONFIG,
              show_default=True, help="The course file (TOML).")
@click.option("--quality", type=click.Choice(QUALITIES), default=None,
              help="Manim preset: 480p15, 720p30, 1080p60, 1440p60, 2160p60 [course default: high].")
@click.option("--aspect", type=click.Choice(ASPECTS), default=None,
              help="Frame shape: course, vertical short, square, carousel [course default: 16:9].")
@click.option("--theme", type=click.Choice(THEMES), default=None, help="Colour theme [course default: dark].")
@click.option("--format", "formats", type=click.Choice(FORMATS + tuple(PACKAGES)),
              multiple=True, help="Extra output formats (repeatable); mp4 is always written. "
              "scorm: also a SCORM 1.2 package of the course (out/<course>.scorm12.zip).")
@click.option("--transparent", is_flag=True, help="Alpha background (webm/mov) for overlays.")
@click.option("--narrate/--no-narrate", default=None, help="Add an offline voice track.")
@click.option("--jobs", type=click.IntRange(min=1), default=None,
              help="Worker processes [default: CPU count].")
@click.option("--out", type=click.Path(path_type=Path), default=Path("out"), show_default=True,
              help="Output folder for the course bundle.")
@click.option("--set", "overrides", multiple=True, metavar="KEY=VALUE",
              help="Override one config value, e.g. --set secant.point=1.5 (repeatable).")
@click.option("--cluster", default=None, envvar="DERIVANIM_CLUSTER", metavar="SPEC",
              help="Render on a Dask cluster: local:N starts N worker processes here; "
                   "tcp://HOST:PORT uses a running scheduler [env DERIVANIM_CLUSTER].")
@click.option("--check", is_flag=True, help="Validate and print every lesson's facts; render nothing.")
@click.option("--json", "as_json", is_flag=True, help="With --check: print the facts document as JSON.")
def main(
    lesson_ids: tuple[str, ...],
    config_path: Path,
    quality: str | None,
    aspect: str | None,
    theme: str | None,
    formats: tuple[str, ...],
    transparent: bool,
    narrate: bool | None,
    jobs: int | None,
    out: Path,
    overrides: tuple[str, ...],
    cluster: str | None,
    check: bool,
    as_json: bool,
) -> None:
    """Render derivative lessons from a course config, or check them (--check).

    LESSON_IDS picks lessons to render (default: all of them).
    """
    if as_json and not check:
        raise click.UsageError("--json only works together with --check")
    if cluster:
        from scenes.pipeline.cluster import cluster_spec  # light: distributed loads only to render

        try:
            cluster = cluster_spec(cluster)
        except ValueError as error:
            raise click.UsageError(str(error)) from None
    config, facts = validate(config_path, overrides, lesson_ids)
    formats, packages = split_formats(formats)
    title_aspect = aspect or config.course.aspect
    unsure = [(item.lesson.id, item.lesson.title) for item in facts
              if not surely_fits(item.lesson.title, title_aspect)]
    if unsure:  # measured with Manim's text engine, loaded only for such titles
        from scenes.kit.titles import title_problems

        problems = title_problems(unsure, title_aspect)
        if problems:
            _fail(f"{config_path}: " + f"\nerror: {config_path}: ".join(problems))
    if check:
        if as_json:
            click.echo(json.dumps(document(facts), indent=2))
        else:
            click.echo(f"{config_path}: {config.course.title}")
            click.echo(f"{len(facts)} lesson(s) valid\n")
            click.echo("\n\n".join(summary(item) for item in facts))
        return
    settings = RenderSettings(
        quality=quality or config.course.quality,
        aspect=aspect or config.course.aspect,
        theme=theme or config.course.theme,
        formats=tuple(sorted(set(formats) | {"mp4"}, key=FORMATS.index)),
        transparent=transparent,
        narrate=config.course.narrate if narrate is None else narrate,
    )
    if settings.narrate:
        course = config.course
        settings = replace(settings, voice=(course.voice, course.voice_speed, course.voice_pitch,
                                            course.piper_model))
    if settings.transparent and not {"webm", "mov"} & set(settings.formats):
        click.echo("note: --transparent keeps the alpha channel only in webm and mov files; "
                   "the mp4 is composited over the theme background", err=True)
    width, height, fps = settings.frame()
    problems = render_problems(out, settings.formats, len(facts), width * height, fps)
    if settings.narrate:
        problems += voice_problems(settings.voice[3])
    if problems:
        _fail("\nerror: ".join(problems))
    from scenes.pipeline.cluster import ClusterError
    from scenes.pipeline.course import render_course  # loads the renderer (workers import Manim)

    try:
        status = render_course(config, facts, settings, out=out, jobs=jobs or os.cpu_count() or 1,
                               cluster=cluster or "")
    except ClusterError as error:
        _fail(str(error))
    except KeyboardInterrupt:
        click.echo(f"interrupted: files already in {out}/ are kept as they were", err=True)
        sys.exit(130)
    if packages and status == 0:
        status = _package(out, packages)
    elif packages:
        click.echo("note: no course package was written, since a lesson failed", err=True)
    sys.exit(status)


EXPLAIN_HELP = """Make a course for one FUNCTION of x and render it (or --write it as TOML).

Every lesson kind that applies gets a lesson whose parameters are chosen from the function
(a point where the limit has work to do, a point of clear slope, the critical points, points
that stretch, squish, flip and collapse, a descent with learning rates that show each
outcome); a kind that does not apply is skipped with a one-line reason. Any other option is
passed on to the render: `render.py explain "sin(x^2)" --at 1.2 --quality low`.
"""


@click.command(context_settings={"help_option_names": ["-h", "--help"],
                                 "ignore_unknown_options": True, "allow_extra_args": True},
               help=EXPLAIN_HELP)
@click.argument("function")
@click.option("--at", type=float, default=None, help="A point of interest, used where it fits.")
@click.option("--write", "write_to", type=click.Path(path_type=Path), default=None,
              help="Save the chosen course as a TOML file to edit, and render nothing.")
@click.pass_context
def explain(context: click.Context, function: str, at: float | None, write_to: Path | None) -> None:
    """``render.py explain FUNCTION``: see :data:`EXPLAIN_HELP`."""
    import tempfile

    from derivanim.errors import DerivanimError
    from derivanim.explain import plan_course, toml_text

    try:
        plan = plan_course(function, at)
    except DerivanimError as error:
        _fail(str(error))
    for kind, reason in plan.skipped:
        click.echo(f"skipped {kind}: {reason}", err=True)
    if not plan.lessons:
        _fail(f"no lesson kind applies to {function!r}")
    text = f"# Made by: render.py explain {json.dumps(function)}" + (
        f" --at {at:g}" if at is not None else "") + "\n" + toml_text(plan.document())
    if write_to is not None:
        write_to.write_text(text, encoding="utf-8")
        click.echo(f"wrote {write_to}: {len(plan.lessons)} lessons "
                   f"({', '.join(lesson['kind'] for lesson in plan.lessons)})")
        return
    with tempfile.TemporaryDirectory(prefix="derivanim-explain-") as folder:
        course = Path(folder) / "explain.toml"
        course.write_text(text, encoding="utf-8")
        main.main(["--config", str(course), *context.args], prog_name="render.py",
                  standalone_mode=True)


def cli(argv: list[str] | None = None) -> None:
    """The ``derivanim`` command: ``explain FUNCTION ...`` or a render of a course file."""
    args = sys.argv[1:] if argv is None else argv
    if args[:1] == ["explain"]:
        explain.main(args[1:], prog_name="render.py explain")
    else:
        main.main(args, prog_name="render.py")


def _package(out: Path, packages: tuple[str, ...]) -> int:
    """Write the course packages asked for from the published bundle; the exit status."""
    from derivanim.scorm import write_package

    for name in packages:  # one kind of package so far: scorm
        try:
            path = write_package(out)
        except (OSError, ValueError) as error:
            click.echo(f"error: the {name} package could not be written: {error}", err=True)
            return 1
        click.echo(f"{PACKAGES[name].description}: {path} ({path.stat().st_size} bytes)")
    return 0


if __name__ == "__main__":
    cli()
