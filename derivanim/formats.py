"""The output formats a lesson can be rendered to, and how each one is encoded.

This is the one table of containers and codecs. The streaming writer encodes the videos with
it, the narration muxer picks each container's audio encoder from it, the GIF maker reads its
row, and the preflight check asks PyAV for every encoder it names before a render starts.
Nothing here imports PyAV: the names are FFmpeg's, looked up by whoever encodes.

Examples
--------
>>> [(f.extension, f.video_encoder, f.audio_encoder) for f in FORMATS.values()]
[('mp4', 'libx264', 'aac'), ('webm', 'libvpx-vp9', 'libopus'), ('mov', 'prores_aw', 'aac'), ('gif', 'gif', None)]
>>> FORMATS["mov"].pixel_format_for(transparent=True), FORMATS["mp4"].pixel_format_for(True)
('yuva444p10le', 'yuv420p')
>>> [name for name, fmt in FORMATS.items() if fmt.streamed]
['mp4', 'webm', 'mov']
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

Options = tuple[tuple[str, str], ...]
"""Encoder or muxer options as (name, value) pairs, in the order they are given."""


@dataclass(frozen=True)
class OutputFormat:
    """How one output format is written.

    Attributes
    ----------
    extension : str
        The file extension, which is also the format's name on the command line.
    container : str
        FFmpeg muxer name.
    mime_type : str
        What a web server should call the file.
    video_encoder : str
        FFmpeg video encoder.
    pixel_format : str
        Pixel format the encoder is fed for an opaque render.
    alpha_pixel_format : str or None
        Pixel format with an alpha plane, for a transparent render; ``None`` when the format
        has none, and a transparent render then shows the picture over the theme's background.
    video_options : tuple of (str, str)
        Encoder options for an opaque render.
    alpha_video_options : tuple of (str, str) or None
        Encoder options for a transparent render, when they differ.
    audio_encoder : str or None
        The encoder of the narration track in this container; ``None`` for a silent format.
    faststart : bool
        Whether the index goes before the media data (``movflags=+faststart``), which lets a
        browser start playing before the download ends.
    streamed : bool
        Whether the writer encodes it while the scene renders. GIF is not streamed: its
        palette is computed over the whole clip, so it is made from the finished MP4.
    """

    extension: str
    container: str
    mime_type: str
    video_encoder: str
    pixel_format: str
    alpha_pixel_format: str | None = None
    video_options: Options = ()
    alpha_video_options: Options | None = None
    audio_encoder: str | None = None
    faststart: bool = False
    streamed: bool = True

    def keeps_alpha(self, transparent: bool) -> bool:
        """Whether a render with this transparency is encoded with its alpha channel."""
        return transparent and self.alpha_pixel_format is not None

    def pixel_format_for(self, transparent: bool) -> str:
        """The pixel format the encoder is fed for a render with or without transparency."""
        if self.keeps_alpha(transparent) and self.alpha_pixel_format is not None:
            return self.alpha_pixel_format
        return self.pixel_format

    def video_options_for(self, transparent: bool) -> Options:
        """The encoder options for a render with or without transparency.

        Examples
        --------
        >>> FORMATS["mov"].video_options_for(False), FORMATS["mov"].video_options_for(True)
        ((('profile', '3'), ('vendor', 'apl0')), (('profile', '4'), ('vendor', 'apl0')))
        """
        if self.keeps_alpha(transparent) and self.alpha_video_options is not None:
            return self.alpha_video_options
        return self.video_options

    @property
    def container_options(self) -> dict[str, str]:
        """Muxer options: the index first for the formats that have one to move."""
        return {"movflags": "+faststart"} if self.faststart else {}


FORMATS: Mapping[str, OutputFormat] = MappingProxyType({
    # Manim's quality (crf 23) with a faster preset: on our flat, mostly still frames
    # ``veryfast`` gives files about the size of Manim's default ``medium`` at a third less
    # encoding time (see bench/).
    "mp4": OutputFormat(
        "mp4", container="mp4", mime_type="video/mp4",
        video_encoder="libx264", pixel_format="yuv420p",
        video_options=(("crf", "23"), ("preset", "veryfast")),
        audio_encoder="aac", faststart=True,
    ),
    # VP9 at constant quality (crf with b=0), realtime: a fifth of the CPU time of
    # good/cpu-used=4 for a slightly larger file. VP9 carries alpha; Opus is WebM's audio.
    "webm": OutputFormat(
        "webm", container="webm", mime_type="video/webm",
        video_encoder="libvpx-vp9", pixel_format="yuv420p", alpha_pixel_format="yuva420p",
        video_options=(("crf", "32"), ("b", "0"), ("deadline", "realtime"),
                       ("cpu-used", "6"), ("row-mt", "1")),
        audio_encoder="libopus",
    ),
    # ProRes 422 HQ (profile 3), or 4444 (profile 4) with alpha, tagged as Apple's encoder so
    # editors accept it. prores_aw is some 7 times faster than prores_ks, but its output is not
    # the same from one run to the next (measured with PyAV 18's FFmpeg), so unlike the MP4 a
    # MOV cannot be compared with an earlier render frame for frame.
    "mov": OutputFormat(
        "mov", container="mov", mime_type="video/quicktime",
        video_encoder="prores_aw", pixel_format="yuv422p10le",
        alpha_pixel_format="yuva444p10le",
        video_options=(("profile", "3"), ("vendor", "apl0")),
        alpha_video_options=(("profile", "4"), ("vendor", "apl0")),
        audio_encoder="aac", faststart=True,
    ),
    "gif": OutputFormat(
        "gif", container="gif", mime_type="image/gif",
        video_encoder="gif", pixel_format="pal8", streamed=False,
    ),
})
"""Every output format by extension, MP4 (always rendered) first."""


@dataclass(frozen=True)
class PackageFormat:
    """A course package made from the published bundle, not a video encoding of a lesson.

    Attributes
    ----------
    name : str
        Its name on the command line (``--format scorm``).
    suffix : str
        How its file name ends, after the course's slug (``out/<course>.scorm12.zip``).
    mime_type : str
        What a web server should call the file.
    description : str
        What it is, for help texts.
    """

    name: str
    suffix: str
    mime_type: str
    description: str


PACKAGES: Mapping[str, PackageFormat] = MappingProxyType({
    "scorm": PackageFormat("scorm", ".scorm12.zip", "application/zip",
                           "a SCORM 1.2 package of the course, one SCO per lesson"),
})
"""Every course package by name; each is made once the lessons are rendered."""


def split_formats(names: tuple[str, ...]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The video formats and the course packages among the names given on the command line.

    Examples
    --------
    >>> split_formats(("webm", "scorm", "gif"))
    (('webm', 'gif'), ('scorm',))
    """
    return (tuple(name for name in names if name in FORMATS),
            tuple(name for name in names if name in PACKAGES))
