"""Narration: Piper (or espeak-ng) speech, cached, paced into the beats, at -16 LUFS, muxed
under the picture.

The unit tests synthesise real speech (espeak-ng where the engine does not matter, as it is
fast; Piper with the bundled voice where it does) and mux it into tiny videos. The end to end
test renders the slopes lesson at 480p15 with ``--narrate`` and the default voice inside a
network namespace with no network, counting the Piper processes it starts, then measures the
sound it decodes against the captions and chapters and with two loudness meters.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
from fractions import Fraction
from pathlib import Path

import av
import numpy as np
import pytest

from derivanim.page import parse_vtt
from derivanim.preflight import piper_command
from scenes.pipeline.loudness import integrated_lufs, normalise, true_peak_dbtp
from scenes.pipeline.probe import probe
from scenes.pipeline.voice import (Narrator, Voice, add_audio, mix, read_wav, resample,
                                   speech_spans, voice_offsets)
from tests.views.bundle import run
from tests.views.helpers import ROOT

SENTENCE = "The slope of the secant line approaches the slope of the tangent."
ESPEAK = Voice(name="espeak:en-us")
LESSON = ("Take the function f of x equals x squared.", "Pick the point x equals two.",
          "The secant slopes close in on four.", "That limit is the derivative.")


def test_the_default_narrator_is_piper_with_the_bundled_voice():
    narrator = Narrator(Voice(), Path("/nonexistent"))
    assert narrator.speaker.credit() == {"engine": "piper", "name": "en_US-joe-medium",
                                         "licence": "CC0-1.0"}
    assert narrator.speaker.note == "" and narrator.starts == 0  # started only when needed


def test_speech_is_synthesised_once_and_then_read_from_the_cache(tmp_path):
    narrator = Narrator(ESPEAK, tmp_path)
    first = narrator.speak(SENTENCE)
    assert narrator.synthesised == 1 and 2.0 < first.seconds < 8.0
    stamp = first.path.stat().st_mtime_ns
    again = Narrator(ESPEAK, tmp_path).speak(SENTENCE)
    assert again == first and first.path.stat().st_mtime_ns == stamp
    faster = Narrator(Voice(name="espeak:en-us", speed=260), tmp_path)
    assert faster.speak(SENTENCE).seconds < first.seconds * 0.8 and faster.synthesised == 1
    assert sorted(p.suffix for p in tmp_path.iterdir()) == [".wav", ".wav"]  # no temporaries


def test_one_piper_process_speaks_all_of_a_lessons_new_sentences(tmp_path):
    with Narrator(Voice(), tmp_path) as narrator:
        seconds = [narrator.seconds(text) for text in LESSON]
        assert narrator.starts == 1 and narrator.synthesised == len(LESSON)
        assert all(0.8 < length < 6.0 for length in seconds)
        assert narrator.seconds(LESSON[0]) == seconds[0] and narrator.synthesised == len(LESSON)
    assert sorted(p.suffix for p in tmp_path.iterdir()) == [".wav"] * len(LESSON)  # no folder
    with Narrator(Voice(), tmp_path) as cached:
        assert [cached.seconds(text) for text in LESSON] == seconds
        assert cached.starts == 0 and cached.synthesised == 0  # no Piper start at all
    with Narrator(Voice(speed=230), tmp_path) as faster:  # speed is in the key
        assert faster.seconds(LESSON[0]) < seconds[0] * 0.9 and faster.starts == 1


def test_without_piper_espeak_speaks_and_says_so_in_one_line(tmp_path, capsys):
    narrator = Narrator(Voice(), tmp_path, environ={"DERIVANIM_PIPER": ""})
    note = capsys.readouterr().err
    assert note.count("\n") == 1 and note.startswith("note: Piper is not available")
    assert "narrating with espeak-ng en-us" in note
    assert narrator.speaker.credit() == {"engine": "espeak-ng", "name": "en-us",
                                         "licence": "GPL-3.0-or-later"}
    assert narrator.speak(SENTENCE).seconds > 2.0 and narrator.starts == 1
    piper = Narrator(Voice(), tmp_path)
    assert piper.key(SENTENCE) != narrator.key(SENTENCE)  # the engine is in the key


def test_a_failing_piper_fails_with_its_message(tmp_path):
    with Narrator(Voice(), tmp_path, environ={"DERIVANIM_PIPER": "false"}) as narrator, \
            pytest.raises(RuntimeError, match="piper failed"):
        narrator.speak("Hello.")
    assert [p for p in tmp_path.iterdir() if p.suffix == ".wav"] == []


def test_a_missing_voice_fails_with_the_synthesisers_message(tmp_path):
    with pytest.raises(RuntimeError, match="espeak-ng failed"):
        Narrator(Voice(name="espeak:xx-nowhere"), tmp_path).speak("Hello.")
    assert list(tmp_path.iterdir()) == []


def test_nothing_to_say_is_a_silence_without_a_synthesiser(tmp_path):
    narrator = Narrator(Voice(), tmp_path)
    assert narrator.seconds("  ") == 0.0 and narrator.starts == 0


def test_a_mixed_track_is_normalised_to_minus_16_lufs_without_clipping(tmp_path):
    with Narrator(Voice(), tmp_path) as narrator:
        speech = [resample(*read_wav(narrator.speak(text).path)) for text in LESSON]
    track = mix([(4.0 * index, samples) for index, samples in enumerate(speech)], seconds=17.0)
    level = normalise(track, 48000)
    assert abs(integrated_lufs(level, 48000) + 16.0) < 0.1
    assert true_peak_dbtp(level, 48000) <= -2.9 and np.abs(level).max() < 1.0
    quiet = normalise(track * 0.05, 48000)  # a quiet voice is brought up just the same
    assert abs(integrated_lufs(quiet, 48000) + 16.0) < 0.1
    assert np.array_equal(normalise(np.zeros(480, np.float32), 48000), np.zeros(480))


def test_mixed_speech_is_heard_where_it_was_placed(tmp_path):
    speech = Narrator(ESPEAK, tmp_path).speak(SENTENCE)
    samples, rate = read_wav(speech.path)
    voice = resample(samples, rate)
    track = mix([(1.0, voice), (9.0, voice)], seconds=16.0)
    spans = speech_spans(track, 48000)
    assert len(spans) == 2
    for (start, end), placed in zip(spans, (1.0, 9.0), strict=True):
        assert placed - 0.05 <= start <= placed + 0.3  # espeak starts after a short breath
        assert end <= placed + speech.seconds + 0.05


def test_resampled_speech_keeps_its_length_and_its_onset(tmp_path):
    samples, rate = read_wav(Narrator(ESPEAK, tmp_path).speak(SENTENCE).path)
    voice = resample(samples, rate)
    assert voice.dtype == np.float32 and voice.size == round(samples.size * 48000 / rate)
    before, after = speech_spans(samples, rate), speech_spans(voice, 48000)
    assert len(before) == len(after)
    for (start, end), (new_start, new_end) in zip(before, after, strict=True):
        assert abs(new_start - start) <= 0.02 and abs(new_end - end) <= 0.02  # one window


def tiny_video(path: Path, codec: str, seconds: int = 3, fps: int = 15) -> None:
    with av.open(str(path), "w") as out:
        stream = out.add_stream(codec, rate=fps)
        stream.width, stream.height, stream.pix_fmt = 160, 90, "yuv420p"
        for index in range(seconds * fps):
            image = np.full((90, 160, 3), index * 5 % 255, dtype=np.uint8)
            frame = av.VideoFrame.from_ndarray(image, format="rgb24")
            frame.pts, frame.time_base = index, Fraction(1, fps)
            for packet in stream.encode(frame):
                out.mux(packet)
        for packet in stream.encode(None):
            out.mux(packet)


def picture_digest(path: Path) -> str:
    with av.open(str(path)) as container:
        digest = hashlib.sha256()
        for packet in container.demux(video=0):
            if packet.size:
                digest.update(bytes(packet))
        return digest.hexdigest()


@pytest.mark.parametrize("extension, codec, audio", [
    ("mp4", "libx264", "aac"), ("webm", "libvpx-vp9", "opus"), ("mov", "libx264", "aac")])
def test_sound_is_muxed_under_an_untouched_picture(tmp_path, extension, codec, audio):
    video = tmp_path / f"silent.{extension}"
    tiny_video(video, codec)
    speech = Narrator(ESPEAK, tmp_path / "cache").speak("Three seconds.")
    samples, rate = read_wav(speech.path)
    track = mix([(0.5, resample(samples, rate))], seconds=3.0)
    narrated = tmp_path / f"narrated.{extension}"
    add_audio(video, track, narrated)
    info = probe(narrated)
    assert info.has_audio and info.frames == 45
    assert abs(info.audio_duration - info.duration) <= 1 / 15
    assert picture_digest(narrated) == picture_digest(video)
    with av.open(str(narrated)) as container:
        assert container.streams.audio[0].codec_context.name == audio
    if extension in ("mp4", "mov"):
        assert info.faststart


narrated_render = pytest.mark.xdist_group("narrated")

COURSE = """\
[course]
title = "Narrated"
quality = "low"
narrate = true
voice_speed = 190

[[lessons]]
kind = "slopes"
function = "x^3 - 3x"
"""


def offline(command: list[str]) -> list[str]:
    """``command`` in a new network namespace, with no network at all (when allowed here)."""
    unshare = shutil.which("unshare")
    if unshare and subprocess.run([unshare, "-n", "true"]).returncode == 0:
        return [unshare, "-n", *command]
    pytest.fail("this machine cannot create a network namespace (unshare -n) for the test")


def decoded_sound(path: Path) -> tuple[np.ndarray, int]:
    with av.open(str(path)) as container:
        stream = container.streams.audio[0]
        chunks = [frame.to_ndarray().mean(axis=0) for frame in container.decode(stream)]
        return np.concatenate(chunks).astype(np.float32), stream.codec_context.sample_rate


def counting_piper(folder: Path) -> dict[str, str]:
    """The environment that starts Piper through a script logging each start in ``starts``."""
    real = piper_command({})
    assert real is not None, "Piper is not installed: make setup installs the voice extra"
    script = folder / "piper"
    script.write_text(f'#!/bin/sh\necho "$$" >> {folder / "starts"}\n'
                      f'exec {" ".join(real)} "$@"\n')
    script.chmod(0o755)
    (folder / "starts").write_text("")
    return {"DERIVANIM_PIPER": str(script)}


def counting_piper_again(folder: Path) -> dict[str, str]:
    """The same counting script, keeping the starts counted so far."""
    return {"DERIVANIM_PIPER": str(folder / "piper")}


def piper_starts(folder: Path) -> int:
    return len((folder / "starts").read_text().split())


@pytest.fixture(scope="module")
def narrated(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, str]:
    folder = tmp_path_factory.mktemp("narrated")
    (folder / "course.toml").write_text(COURSE)
    env = {**os.environ, "DERIVANIM_VOICE_CACHE": str(folder / "voice"), **counting_piper(folder)}
    result = subprocess.run(
        offline([sys.executable, "render.py", "--config", str(folder / "course.toml"),
                 "--out", str(folder / "out")]),
        cwd=ROOT, capture_output=True, text=True, timeout=900, env=env)
    assert result.returncode == 0, result.stdout + result.stderr
    return folder, folder / "out", result.stdout


@narrated_render
def test_the_narrated_video_has_sound_as_long_as_its_picture(narrated):
    _, out, _ = narrated
    info = probe(out / "slopes" / "slopes.mp4")
    assert info.has_audio
    assert abs(info.audio_duration - info.duration) <= 1 / 15
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["lessons"][0]["narrated"] is True
    assert manifest["lessons"][0]["voice"] == {"engine": "piper", "name": "en_US-joe-medium",
                                               "licence": "CC0-1.0"}
    assert ">narrated by en_US-joe-medium (piper, CC0-1.0)<" in (out / "index.html").read_text()


@narrated_render
def test_one_piper_process_spoke_the_whole_lesson(narrated):
    folder, _, _ = narrated
    assert piper_starts(folder) == 1
    assert len(list((folder / "voice").glob("*.wav"))) >= 8  # one per beat


def ebur128(path: Path) -> tuple[float, float]:
    """Integrated loudness and true peak of a file's sound, by FFmpeg's EBU R128 meter."""
    ffmpeg = shutil.which("ffmpeg")
    assert ffmpeg, "ffmpeg is not on PATH (make setup installs it)"
    result = subprocess.run([ffmpeg, "-nostats", "-hide_banner", "-i", str(path), "-vn", "-af",
                             "ebur128=peak=true", "-f", "null", "-"],
                            capture_output=True, text=True, check=True)
    summary = result.stderr[result.stderr.rindex("Summary:"):]
    loudness = float(summary.split("I:")[1].split("LUFS")[0])
    peak = float(summary.split("Peak:")[1].split("dBFS")[0])
    return loudness, peak


@narrated_render
def test_the_narration_is_at_minus_16_lufs_with_true_peaks_under_minus_1_dbtp(narrated):
    _, out, _ = narrated
    video = out / "slopes" / "slopes.mp4"
    sound, rate = decoded_sound(video)
    assert abs(integrated_lufs(sound, rate) + 16.0) <= 1.0  # BS.1770 meter (pyloudnorm)
    assert true_peak_dbtp(sound, rate) <= -1.0  # four times oversampled
    assert np.abs(sound).max() < 1.0  # nothing clipped
    loudness, peak = ebur128(video)  # and FFmpeg's own meter agrees
    assert abs(loudness + 16.0) <= 1.0 and peak <= -1.0


@narrated_render
def test_captions_start_with_the_voice_and_cover_everything_it_says(narrated):
    _, out, _ = narrated
    sound, rate = decoded_sound(out / "slopes" / "slopes.mp4")
    spans = speech_spans(sound, rate)
    cues = parse_vtt((out / "slopes" / "slopes.vtt").read_text())
    chapters = parse_vtt((out / "slopes" / "slopes.chapters.vtt").read_text())
    assert len(cues) >= 8 and len(spans) >= 8
    offsets = voice_offsets(cues, chapters, speech_spans(sound, rate, gap=0.2))
    assert len(offsets) == len(chapters)  # every chapter is captioned and spoken
    assert max(abs(offset) for offset in offsets) <= 0.3, offsets
    for cue in cues:  # cues follow the reading rules (VTT times are to the millisecond)
        assert cue.end - cue.start >= 1.0 - 1e-3, cue
        assert len(cue.text) / (cue.end - cue.start) <= 20.0 + 0.05, cue
    covered = []  # the cues joined where one follows the next
    for cue in cues:
        if covered and cue.start - covered[-1][1] < 0.01:
            covered[-1] = (covered[-1][0], cue.end)
        else:
            covered.append((cue.start, cue.end))
    for start, end in spans:  # no speech outside the cues (AAC may smear 50 ms)
        assert any(low - 0.05 <= start and end <= high + 0.05 for low, high in covered), (
            start, end, covered)
    spoken = sum(end - start for start, end in spans)
    assert spoken > 0.5 * sum(high - low for low, high in covered)  # a voice, not a click


@narrated_render
def test_each_beat_lasts_until_its_speech_has_finished(narrated):
    _, out, _ = narrated
    sound, rate = decoded_sound(out / "slopes" / "slopes.mp4")
    chapters = parse_vtt((out / "slopes" / "slopes.chapters.vtt").read_text())
    spans = speech_spans(sound, rate, gap=0.2)  # beats leave 0.4 s of quiet between voices
    for chapter in chapters:
        # 20 ms analysis windows and AAC's smear blur an onset by a few hundredths
        inside = [span for span in spans if chapter.start - 0.05 <= span[0] < chapter.end - 0.05]
        assert inside, f"nothing is said in the chapter {chapter.text!r}"
        assert max(end for _, end in inside) <= chapter.end + 0.05, chapter
    length = probe(out / "slopes" / "slopes.mp4").duration
    assert length > 43.2  # longer than the lesson's own pace (43.2 s): the voice needs it


@narrated_render
def test_a_second_narrated_render_reuses_the_cached_speech(narrated):
    folder, _, _ = narrated
    voice = folder / "voice"
    before = {p.name: p.stat().st_mtime_ns for p in voice.iterdir()}
    env = {"DERIVANIM_VOICE_CACHE": str(voice), **counting_piper_again(folder)}
    result = run("--config", str(folder / "course.toml"), "--out", str(folder / "again"),
                 env=env, check=True)
    assert "1 rendered" in result.stdout
    assert {p.name: p.stat().st_mtime_ns for p in voice.iterdir()} == before
    assert piper_starts(folder) == 1  # the first render's only: none this time
    info = probe(folder / "again" / "slopes" / "slopes.mp4")
    assert info.has_audio


def test_the_render_key_records_who_really_speaks(tmp_path):
    """A lesson the espeak-ng fallback narrated renders again once Piper is installed, the note
    comes once per run, and a silent render's key does not depend on the voice at all."""
    from dataclasses import replace

    from derivanim.config import RenderSettings, load_course
    from derivanim.facts import course_facts
    from scenes.pipeline.course import render_keys

    facts = course_facts(load_course(ROOT / "config" / "course.toml"))
    settings = RenderSettings(narrate=True, voice=("piper:en_US-joe-medium", 175, 50, ""))
    piper, quiet = render_keys(facts, settings, "code", {})
    espeak, note = render_keys(facts, settings, "code", {"DERIVANIM_PIPER": ""})
    assert quiet == "" and note.startswith("note: Piper is not available") and "\n" not in note
    assert set(piper) == set(espeak) == {item.lesson.id for item in facts}
    assert all(piper[i] != espeak[i] for i in piper)
    silent = replace(settings, narrate=False)
    assert render_keys(facts, silent, "code", {})[0] == render_keys(
        facts, silent, "code", {"DERIVANIM_PIPER": ""})[0]
