"""Checks made before a render starts: can this machine produce and hold the bundle?

A render that would fail on every lesson because the output folder cannot be written, the disk
is nearly full, TeX is not installed or PyAV's FFmpeg lacks an encoder is refused at once, with
one message per problem and exit status 2, before any lesson is drawn and before anything in
the output folder is touched.

Examples
--------
>>> import tempfile
>>> with tempfile.TemporaryDirectory() as folder:
...     output_folder_problem(Path(folder) / "new" / "out")
>>> output_folder_problem(Path("/proc/derivanim-out"))
'--out /proc/derivanim-out: cannot create the folder (No such file or directory)'
>>> tool_problems(which=lambda name: None)[0]
"TeX is missing: 'latex' is not on PATH (make setup installs texlive and dvisvgm)"
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path

from derivanim.formats import FORMATS

TOOLS = ("latex", "dvisvgm")
"""Programs Manim runs to typeset formulas."""

MEGABYTE = 1 << 20
BYTES_PER_SECOND = {"mp4": 0.2, "webm": 0.2, "gif": 2.0, "mov": 40.0}
"""A generous size in megabytes of one second of video at 1080p, per format."""


def output_folder_problem(out: Path) -> str | None:
    """Why ``out`` cannot hold the bundle (created when missing), or ``None`` when it can."""
    if out.exists() and not out.is_dir():
        return f"--out {out}: is a file, not a folder"
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        return f"--out {out}: cannot create the folder ({error.strerror})"
    try:
        with tempfile.NamedTemporaryFile(dir=out, prefix=".derivanim-probe-"):
            pass
    except OSError as error:
        return f"--out {out}: cannot write there ({error.strerror})"
    return None


def needed_megabytes(formats: Iterable[str], lessons: int, pixels: int, fps: int,
                     seconds_per_lesson: float = 90.0) -> float:
    """A generous estimate of the disk space a render needs, in megabytes.

    Examples
    --------
    >>> round(needed_megabytes(["mp4"], 6, 1920 * 1080, 60))
    216
    >>> round(needed_megabytes(["mp4", "mov"], 1, 854 * 480, 15))
    358
    """
    scale = pixels * fps / (1920 * 1080 * 60)
    per_second = sum(BYTES_PER_SECOND[fmt] for fmt in set(formats) | {"mp4"})
    # The scratch copy of each video and its published copy exist at the same time.
    return 2 * lessons * seconds_per_lesson * per_second * max(scale, 0.02)


def disk_space_problem(folder: Path, needed: float,
                       free: Callable[[Path], int] | None = None) -> str | None:
    """Why ``folder``'s disk is too full for ``needed`` megabytes, or ``None``.

    Examples
    --------
    >>> disk_space_problem(Path("/srv/out"), 500, free=lambda path: 20 * MEGABYTE)
    '/srv/out: only 20 MB free on its disk; this render needs about 500 MB'
    """
    available = (free or (lambda path: shutil.disk_usage(path).free))(folder) / MEGABYTE
    if available < needed:
        return (f"{folder}: only {available:.0f} MB free on its disk; "
                f"this render needs about {needed:.0f} MB")
    return None


def tool_problems(which: Callable[[str], str | None] = shutil.which) -> list[str]:
    """The TeX programs that are missing from ``PATH``."""
    return [f"TeX is missing: {tool!r} is not on PATH (make setup installs texlive and dvisvgm)"
            for tool in TOOLS if which(tool) is None]


def render_problems(out: Path, formats: Iterable[str], lessons: int, pixels: int,
                    fps: int) -> list[str]:
    """Every reason this machine cannot render the bundle now (empty when it can)."""
    problems = tool_problems() + encoder_problems(formats)
    folder = output_folder_problem(out)
    if folder is not None:
        return [folder, *problems]
    needed = needed_megabytes(formats, lessons, pixels, fps)
    for place in (out, Path(tempfile.gettempdir())):
        space = disk_space_problem(place, needed)
        if space is not None:
            problems.append(space)
    return problems


def voice_problems(piper_model: str = "",
                   which: Callable[[str], str | None] = shutil.which) -> list[str]:
    """What narration needs and is missing: espeak-ng, or Piper and its model file.

    Examples
    --------
    >>> voice_problems(which=lambda name: None)
    ["narration: 'espeak-ng' is not on PATH (make setup installs it)"]
    >>> voice_problems("/nowhere/voice.onnx", which=lambda name: "/usr/bin/" + name)
    ['narration: the Piper model /nowhere/voice.onnx does not exist']
    """
    if piper_model:
        problems = [] if which("piper") else ["narration: 'piper' is not on PATH (install "
                                              "piper-tts to use a Piper model)"]
        if not Path(piper_model).is_file():
            problems.append(f"narration: the Piper model {piper_model} does not exist")
        return problems
    return [] if which("espeak-ng") else [
        "narration: 'espeak-ng' is not on PATH (make setup installs it)"]


def encoder_problems(formats: Iterable[str]) -> list[str]:
    """The FFmpeg video encoders (in PyAV) the requested formats need and that are missing.

    The encoders are those of :data:`derivanim.formats.FORMATS`; GIF's is needed to make the
    GIF from the MP4.
    """
    import av

    problems = []
    for fmt in sorted(set(formats) | {"mp4"}):
        name = FORMATS[fmt].video_encoder
        try:
            av.codec.Codec(name, "w")
        except Exception:  # noqa: BLE001 - PyAV raises several kinds for an unknown codec
            problems.append(f"--format {fmt}: this FFmpeg (in PyAV {av.__version__}) has no "
                            f"{name!r} encoder")
    return problems
