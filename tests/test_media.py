"""Post-render video operations (probe, MP4 boxes, poster, GIF), checked on small real videos
made here with PyAV.

The clips are 320x180 at 15 fps for 3 s: a yellow square slides left to right over a two-way
colour gradient (libx264, yuv420p), one with the index at the end, one with it first
(faststart), one with a 440 Hz sine on an AAC track.
"""

from __future__ import annotations

import doctest
from fractions import Fraction
from pathlib import Path

import av
import numpy as np
import pytest
from PIL import Image

import scenes.pipeline.mp4
import scenes.pipeline.probe
import scenes.pipeline.stills
from scenes.pipeline.mp4 import is_faststart, iter_boxes
from scenes.pipeline.probe import probe
from scenes.pipeline.stills import extract_poster, make_gif

WIDTH, HEIGHT, FPS, SECONDS = 320, 180, 15, 3
FRAMES = FPS * SECONDS
SIDE = HEIGHT // 3
"""The square's side in pixels."""


def square_left(index: int) -> int:
    """Left edge of the square in frame ``index``."""
    return (WIDTH - SIDE) * index // (FRAMES - 1)


def picture(index: int) -> np.ndarray:
    """Frame ``index`` as RGB pixels."""
    rows, columns = np.mgrid[0:HEIGHT, 0:WIDTH]
    image = np.empty((HEIGHT, WIDTH, 3), dtype=np.uint8)
    image[..., 0] = 30 + 150 * columns // WIDTH
    image[..., 1] = 60
    image[..., 2] = 40 + 150 * rows // HEIGHT
    left = square_left(index)
    image[SIDE:2 * SIDE, left:left + SIDE] = (250, 220, 30)
    return image


def write_clip(path: Path, *, faststart: bool, audio: bool = False) -> Path:
    """Encode the test clip, its index first or last, with or without sound."""
    options = {"movflags": "+faststart"} if faststart else {}
    with av.open(str(path), "w", format="mp4", container_options=options) as out:
        video = out.add_stream("libx264", rate=FPS, options={"preset": "veryfast", "crf": "23"})
        video.width, video.height, video.pix_fmt = WIDTH, HEIGHT, "yuv420p"
        sound = None
        if audio:
            sound = out.add_stream("aac", rate=44100)
            sound.layout = "mono"
        for index in range(FRAMES):
            frame = av.VideoFrame.from_ndarray(picture(index), format="rgb24")
            frame.pts = index
            out.mux(video.encode(frame))
        out.mux(video.encode(None))
        if sound is not None:
            rate = 44100
            tone = (0.3 * np.sin(2 * np.pi * 440 * np.arange(rate * SECONDS) / rate))
            tone = tone.astype(np.float32)
            for start in range(0, tone.size, 1024):
                chunk = av.AudioFrame.from_ndarray(tone[None, start:start + 1024], format="fltp",
                                                   layout="mono")
                chunk.sample_rate, chunk.pts = rate, start
                out.mux(sound.encode(chunk))
            out.mux(sound.encode(None))
    return path


@pytest.fixture(scope="module")
def clips(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("clips")
    return {
        "plain": write_clip(folder / "plain.mp4", faststart=False),
        "fast": write_clip(folder / "fast.mp4", faststart=True),
        "audio": write_clip(folder / "audio.mp4", faststart=True, audio=True),
    }


def decoded(path: Path) -> list[np.ndarray]:
    """Every frame of a video's first video stream as RGB pixels."""
    with av.open(str(path)) as container:
        return [frame.to_ndarray(format="rgb24") for frame in container.decode(video=0)]


def square_centre(image: np.ndarray) -> float:
    """Mean column of the yellow square's pixels."""
    red, green, blue = (image[..., i].astype(int) for i in range(3))
    columns = np.nonzero((red > 200) & (green > 170) & (blue < 110))[1]
    return float(columns.mean())


# ---- probe -----------------------------------------------------------------------------------
@pytest.mark.parametrize("decode", ["all", "tail"])
def test_probe_counts_every_frame_and_measures_the_clip(clips, decode):
    plain, fast = probe(clips["plain"], decode=decode), probe(clips["fast"], decode=decode)
    for info in (plain, fast):
        assert (info.frames, info.width, info.height) == (FRAMES, WIDTH, HEIGHT)
        assert info.duration == pytest.approx(SECONDS, abs=1e-9)
        assert info.declared_duration == pytest.approx(SECONDS, abs=1e-9)
        assert info.fps == Fraction(FPS) and isinstance(info.fps, Fraction)
        assert (info.codec, info.pixel_format) == ("h264", "yuv420p")
        assert not info.has_audio and info.audio_duration is None
    assert (plain.faststart, fast.faststart) == (False, True)


@pytest.mark.parametrize("decode", ["all", "tail"])
def test_probe_measures_the_sound_without_the_encoder_priming(clips, decode):
    info = probe(clips["audio"], decode=decode)
    assert info.has_audio and info.frames == FRAMES
    assert info.audio_duration == pytest.approx(SECONDS, abs=0.01)


@pytest.mark.parametrize("decode", ["all", "tail"])
def test_truncated_or_empty_files_are_refused_with_their_name(clips, tmp_path, decode):
    cut_at_packet = tmp_path / "cut-at-packet.mp4"  # ends cleanly after a whole packet
    data = clips["fast"].read_bytes()
    with av.open(str(clips["fast"])) as container:
        ends = sorted(p.pos + p.size for p in container.demux(video=0) if p.dts is not None)
    cut_at_packet.write_bytes(data[:ends[len(ends) // 2]])
    cases = [cut_at_packet]
    for name, source in clips.items():
        whole = source.read_bytes()
        for size in (len(whole) // 2, 48):
            path = tmp_path / f"{name}-{size}.mp4"
            path.write_bytes(whole[:size])
            cases.append(path)
    for path in cases:
        with pytest.raises(ValueError, match=path.name):
            probe(path, decode=decode)
    with pytest.raises(ValueError, match="video frames of the 45 declared"):
        probe(cut_at_packet, decode=decode)
    for write in (make_gif,):
        for source in (cut_at_packet, tmp_path / f"fast-{len(data) // 2}.mp4"):
            target = tmp_path / "out.bin"
            with pytest.raises(ValueError, match=source.name):
                write(source, target)
            assert not target.exists()  # nothing half-written is left behind


def test_a_file_without_video_is_refused(tmp_path):
    sound_only = tmp_path / "sound.m4a"
    with av.open(str(sound_only), "w", format="mp4") as out:
        stream = out.add_stream("aac", rate=44100)
        frame = av.AudioFrame.from_ndarray(np.zeros((1, 1024), np.float32), format="fltp",
                                           layout="mono")
        frame.sample_rate, frame.pts = 44100, 0
        out.mux(stream.encode(frame))
        out.mux(stream.encode(None))
    with pytest.raises(ValueError, match="sound.m4a: has no video stream"):
        probe(sound_only)


# ---- boxes and faststart -----------------------------------------------------------------
def test_box_headers_show_where_the_index_is(clips):
    with open(clips["plain"], "rb") as stream:
        plain = [box.kind for box in iter_boxes(stream)]
    with open(clips["fast"], "rb") as stream:
        boxes = list(iter_boxes(stream))
    assert plain.index("mdat") < plain.index("moov")
    kinds = [box.kind for box in boxes]
    assert kinds[0] == "ftyp" and kinds.index("moov") < kinds.index("mdat")
    assert boxes[-1].offset + boxes[-1].size == clips["fast"].stat().st_size
    assert (is_faststart(clips["plain"]), is_faststart(clips["fast"])) == (False, True)


def test_a_file_without_boxes_is_refused(tmp_path):
    webm = tmp_path / "clip.webm"
    with av.open(str(webm), "w", format="webm") as out:
        stream = out.add_stream("libvpx-vp9", rate=FPS)
        stream.width, stream.height, stream.pix_fmt = WIDTH, HEIGHT, "yuv420p"
        out.mux(stream.encode(av.VideoFrame.from_ndarray(picture(0), format="rgb24")))
        out.mux(stream.encode(None))
    assert not probe(webm).faststart
    with pytest.raises(ValueError, match="not an MP4 box type"):
        is_faststart(webm)  # WebM is not made of boxes


# ---- poster ----------------------------------------------------------------------------------
def test_poster_is_the_first_frame_at_or_after_the_time(clips, tmp_path):
    frames = decoded(clips["fast"])
    for asked, index in ((1.5, 23), (0.0, 0), (2.0, 30), (60.0, FRAMES - 1)):
        jpeg = tmp_path / f"poster-{asked}.jpg"
        used = extract_poster(clips["fast"], asked, jpeg)
        assert used == pytest.approx(index / FPS, abs=1e-9)
        with Image.open(jpeg) as image:
            assert image.format == "JPEG" and image.size == (WIDTH, HEIGHT)
            assert image.info.get("progressive") or image.info.get("progression")
            pixels = np.asarray(image.convert("RGB"), dtype=int)
        assert np.abs(pixels - frames[index]).mean() < 3
        assert square_centre(pixels) == pytest.approx(square_left(index) + SIDE / 2, abs=1.5)
    with pytest.raises(ValueError, match="finite"):
        extract_poster(clips["fast"], -1.0, tmp_path / "never.jpg")


# ---- GIF -------------------------------------------------------------------------------------
def test_gif_has_the_rate_width_timing_and_colours_asked_for(clips, tmp_path):
    gif = tmp_path / "clip.gif"
    assert make_gif(clips["fast"], gif, fps=15, width=160) == FRAMES
    with Image.open(gif) as image:
        assert image.size == (160, 90) and image.info["loop"] == 0 and image.n_frames == FRAMES
        delays = []
        for index in range(image.n_frames):
            image.seek(index)
            delays.append(image.info["duration"])
        image.seek(FRAMES // 2)
        middle = np.asarray(image.convert("RGB"), dtype=int)
    assert set(delays) <= {60, 70} and sum(delays) == pytest.approx(SECONDS * 1000, abs=100)
    source = Image.fromarray(decoded(clips["fast"])[FRAMES // 2]).resize((160, 90), Image.LANCZOS)
    assert np.abs(middle - np.asarray(source, dtype=int)).mean() < 8
    assert len(decoded(gif)) == FRAMES

    slower = tmp_path / "slower.gif"
    assert make_gif(clips["fast"], slower, fps=10) == 30  # width stays 320: never upscaled
    with Image.open(slower) as image:
        assert image.size == (WIDTH, HEIGHT)
        image.seek(7)
        assert image.info["duration"] == 100


@pytest.mark.parametrize("module", [scenes.pipeline.mp4, scenes.pipeline.probe,
                                    scenes.pipeline.stills])
def test_the_module_examples_hold(module):
    failures, tried = doctest.testmod(module)
    assert tried > 0 and failures == 0
