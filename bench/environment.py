"""What the figures were measured on: cores, load and the versions of everything that renders.

Examples
--------
>>> rows = dict(machine_rows())
>>> int(rows["cores"].split()[0]) >= 1
True
"""

from __future__ import annotations

import io
import os
import platform
import re
import sys
from importlib import metadata

X264_BANNER = re.compile(rb"x264 - core (\d+)(?: r(\d+)(?: ([0-9a-f]+))?)?")
"""How libx264 signs its first frame (an SEI message naming its build)."""


def cores() -> str:
    """Cores in the machine, and how many this process may use when that differs."""
    total = os.cpu_count() or 0
    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else total
    return f"{total}" if usable == total else f"{total} ({usable} usable by this process)"


def load() -> str:
    """The 1, 5 and 15 minute load averages (other work on the machine shows here)."""
    if not hasattr(os, "getloadavg"):
        return "unknown"
    return " / ".join(f"{value:.2f}" for value in os.getloadavg())


def package_version(name: str) -> str:
    """An installed distribution's version, or ``"not installed"``.

    Examples
    --------
    >>> package_version("no-such-distribution-here")
    'not installed'
    """
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "not installed"


def x264_version() -> str:
    """The libx264 build inside PyAV's FFmpeg, read from the banner it writes into a stream."""
    try:
        import av
        import numpy as np

        buffer = io.BytesIO()
        with av.open(buffer, mode="w", format="h264") as container:
            stream = container.add_stream("libx264", rate=1)
            stream.width, stream.height, stream.pix_fmt = 64, 64, "yuv420p"
            frame = av.VideoFrame.from_ndarray(np.zeros((64, 64, 3), np.uint8), format="rgb24")
            container.mux(stream.encode(frame.reformat(format="yuv420p")))
            container.mux(stream.encode(None))
        found = X264_BANNER.search(buffer.getvalue())
    except Exception as error:  # noqa: BLE001 - a version we cannot read is reported as such
        return f"unknown ({type(error).__name__})"
    if found is None:
        return "unknown (no banner in the stream)"
    core, revision, commit = (part.decode() if part else "" for part in found.groups())
    return f"core {core}" + (f" r{revision}" if revision else "") + (f" {commit}" if commit else "")


def ffmpeg_versions() -> str:
    """FFmpeg's version and its libraries, as linked into PyAV."""
    try:
        import av
    except ImportError:
        return "PyAV not installed"
    libraries = ", ".join(f"{name} {'.'.join(map(str, version))}"
                          for name, version in av.library_versions.items()
                          if name in ("libavcodec", "libavformat", "libswscale"))
    return f"{getattr(av, 'ffmpeg_version_info', '?')} ({libraries})"


def cairo_versions() -> str:
    """The cairo library and its Python binding."""
    try:
        import cairo
    except ImportError:
        return "pycairo not installed"
    return f"cairo {cairo.cairo_version_string()}, pycairo {cairo.version}"


def pango_version() -> str:
    """Pango, which lays out the prose (through ManimPango)."""
    try:
        import manimpango
    except ImportError:
        return "ManimPango not installed"
    return f"pango {manimpango.pango_version()}, ManimPango {package_version('manimpango')}"


def machine_rows() -> list[tuple[str, str]]:
    """Everything the results should say about the machine and the software, as table rows."""
    return [
        ("cores", cores()),
        ("load average (1/5/15 min)", load()),
        ("system", f"{platform.system()} {platform.release()} {platform.machine()}"),
        ("python", sys.version.split()[0]),
        ("manim", package_version("manim")),
        ("PyAV", package_version("av")),
        ("FFmpeg (in PyAV)", ffmpeg_versions()),
        ("x264", x264_version()),
        ("cairo", cairo_versions()),
        ("pango", pango_version()),
        ("numpy", package_version("numpy")),
    ]
