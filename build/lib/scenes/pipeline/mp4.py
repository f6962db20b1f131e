"""The top-level boxes of MP4 and MOV files, and whether a file's index comes first.

The ISO base media format (MP4, MOV) is a sequence of boxes, each an 8-byte header (length,
four-letter type) and its payload. A browser can start playing a file whose index (``moov``)
comes before its media data (``mdat``) before the download ends: that is "faststart".

The box headers are read here by hand: PyAV and FFmpeg's demuxer say nothing about where the
index lies, and walking the headers reads a few bytes per box, with no MP4 library needed.
"""

from __future__ import annotations

import os
import struct
from collections.abc import Iterator
from dataclasses import dataclass
from typing import BinaryIO

MP4_FORMATS = frozenset({"mov", "mp4", "m4a", "3gp", "3g2", "mj2"})
"""FFmpeg demuxer names of the ISO base media file family, whose files are made of boxes."""


@dataclass(frozen=True)
class Box:
    """A top-level MP4/MOV box: its four-letter type, where it starts and its length in bytes.

    A box whose header says ``size == 0`` runs to the end of the file; its ``size`` here is
    what is left of the file. A truncated file's last box may claim more bytes than remain.
    """

    kind: str
    offset: int
    size: int


def iter_boxes(stream: BinaryIO) -> Iterator[Box]:
    """Read the top-level box headers of an MP4/MOV file, in file order.

    Only the headers are read (8 bytes, or 16 with a 64-bit size), so this is fast on any
    file size. ``size == 1`` means a 64-bit size follows the type; ``size == 0`` means the box
    runs to the end of the file.

    Parameters
    ----------
    stream : binary file object
        Opened for reading and seekable.

    Yields
    ------
    Box

    Raises
    ------
    ValueError
        When the bytes at a box boundary are not a box header (not an MP4/MOV file).

    Examples
    --------
    >>> import io
    >>> def box(kind, payload=b""):
    ...     return struct.pack(">I", 8 + len(payload)) + kind + payload
    >>> large = struct.pack(">I4sQ", 1, b"mdat", 20) + b"abcd"
    >>> data = box(b"ftyp", b"isom") + large + box(b"moov") + struct.pack(">I4s", 0, b"free")
    >>> [(b.kind, b.offset, b.size) for b in iter_boxes(io.BytesIO(data + b"tail"))]
    [('ftyp', 0, 12), ('mdat', 12, 20), ('moov', 32, 8), ('free', 40, 12)]
    >>> webm = bytes.fromhex("1a45dfa3 9f 4286 81 01")  # a WebM file starts like this
    >>> list(iter_boxes(io.BytesIO(webm)))
    Traceback (most recent call last):
    ...
    ValueError: offset 0: b'\\x9fB\\x86\\x81' is not an MP4 box type (not an MP4/MOV file?)
    """
    stream.seek(0, os.SEEK_END)
    length = stream.tell()
    offset = 0
    while offset + 8 <= length:
        stream.seek(offset)
        size, kind = struct.unpack(">I4s", stream.read(8))
        if not all(0x20 <= byte <= 0x7E for byte in kind):
            raise ValueError(f"offset {offset}: {kind!r} is not an MP4 box type "
                             "(not an MP4/MOV file?)")
        header = 8
        if size == 1:
            large = stream.read(8)
            if len(large) < 8:
                return
            size, header = struct.unpack(">Q", large)[0], 16
        elif size == 0:
            size = length - offset
        if size < header:
            raise ValueError(f"offset {offset}: box {kind.decode()!r} claims {size} bytes, "
                             f"less than its {header}-byte header")
        yield Box(kind.decode("ascii"), offset, size)
        offset += size


def is_faststart(path: str | os.PathLike[str]) -> bool:
    """Whether an MP4/MOV file's index (``moov``) comes before its media data (``mdat``).

    Reads box headers only, never decodes. A file with no ``moov`` before the end (say, a
    recording cut short) is not faststart.

    Parameters
    ----------
    path : str or path-like
        An MP4 or MOV file.

    Raises
    ------
    ValueError
        When the file is not made of MP4 boxes.

    Examples
    --------
    >>> import tempfile
    >>> from pathlib import Path
    >>> def box(kind, payload=b""):
    ...     return struct.pack(">I", 8 + len(payload)) + kind + payload
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     path = Path(folder) / "clip.mp4"
    ...     _ = path.write_bytes(box(b"ftyp", b"isom") + box(b"mdat", b"x") + box(b"moov"))
    ...     before = is_faststart(path)
    ...     _ = path.write_bytes(box(b"ftyp", b"isom") + box(b"moov") + box(b"mdat", b"x"))
    ...     before, is_faststart(path)
    (False, True)
    """
    with open(path, "rb") as stream:
        for box in iter_boxes(stream):
            if box.kind == "moov":
                return True
            if box.kind == "mdat":
                return False
    return False
