"""The formats table names encoders and pixel formats this machine's FFmpeg (in PyAV) has."""

from __future__ import annotations

import av
import pytest

from derivanim.formats import FORMATS
from derivanim.preflight import encoder_problems


@pytest.mark.parametrize("name", sorted(FORMATS))
def test_every_encoder_and_pixel_format_exists(name):
    fmt = FORMATS[name]
    assert fmt.extension == name
    video = av.codec.Codec(fmt.video_encoder, "w")
    formats = {pixel.name for pixel in video.video_formats or ()}
    for pixel_format in {fmt.pixel_format, fmt.alpha_pixel_format} - {None}:
        assert pixel_format in formats, (name, pixel_format)
    if fmt.audio_encoder is not None:
        assert av.codec.Codec(fmt.audio_encoder, "w").type == "audio"
    assert fmt.container in av.formats_available


def test_the_preflight_check_finds_every_encoder_of_the_table():
    assert encoder_problems(FORMATS) == []


def test_only_formats_with_an_index_to_move_ask_for_faststart():
    assert {name for name, fmt in FORMATS.items() if fmt.container_options} == {"mp4", "mov"}


def test_a_transparent_render_keeps_alpha_only_where_the_format_has_a_plane_for_it():
    kept = {name for name, fmt in FORMATS.items() if fmt.keeps_alpha(transparent=True)}
    assert kept == {"webm", "mov"}
    assert not any(fmt.keeps_alpha(transparent=False) for fmt in FORMATS.values())
    assert FORMATS["mp4"].pixel_format_for(True) == FORMATS["mp4"].pixel_format
