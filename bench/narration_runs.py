"""What narration costs, and what a narrated course sounds like.

Two parts:

- :func:`narration_figures` (``bench/run.py --only narration``): Piper's synthesis seconds per
  spoken second for every script of the default course, cold (an empty voice cache) and
  cached, and one lesson rendered cold silent and narrated, as a ratio of wall times.
- :func:`lesson_report` (``python -m bench.narration_runs OUT``): per lesson of a narrated
  bundle, the spoken seconds, words per minute, integrated loudness and true peak, the worst
  caption-to-voice offset and the scripts' leftover symbols; and for one beat per lesson its
  caption, its script and the phonemes espeak-ng gives Piper for it.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

if __package__ in (None, ""):  # run as a script: import `bench` from the root
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.cli_runs import fresh_folder  # noqa: E402
from bench.timing import PYTHON, ROOT, run_timed  # noqa: E402

Say = Callable[[str], None]


@dataclass
class NarrationFigures:
    """Synthesis and render times of narration on this machine."""

    sentences: int
    spoken: float
    cold: float
    cached: float
    lesson: str
    silent: float
    narrated: float

    def lines(self) -> list[str]:
        """The figures as report lines."""
        return [
            f"synthesis, {self.sentences} scripts ({self.spoken:.1f} s of speech): "
            f"cold {self.cold:.1f} s = {self.cold / self.spoken:.3f} s per spoken s, "
            f"cached {self.cached:.3f} s = {self.cached / self.spoken:.4f} s per spoken s",
            f"{self.lesson} at 480p15 cold: silent {self.silent:.1f} s, narrated "
            f"{self.narrated:.1f} s, ratio {self.narrated / self.silent:.2f}",
        ]


def course_scripts() -> list[str]:
    """Every script of every beat of the default course, in course order."""
    from derivanim.config import load_course
    from derivanim.facts import lesson_facts
    from derivanim.scripts import script_for

    course = load_course(ROOT / "config" / "course.toml")
    return [text for lesson in course.lessons
            for text in script_for(lesson_facts(lesson)).values()]


def synthesis_seconds(texts: list[str], cache: Path) -> tuple[float, float]:
    """Wall seconds to have ``texts`` spoken into ``cache`` by one Piper narrator, and the
    seconds of speech they make."""
    from scenes.pipeline.voice import Narrator, Voice

    started = time.perf_counter()
    with Narrator(Voice(), cache=cache, announce=False) as narrator:
        spoken = sum(narrator.seconds(text) for text in texts)
    return time.perf_counter() - started, spoken


def narration_figures(work: Path, say: Say, lesson: str = "secant") -> NarrationFigures:
    """Measure synthesis cold and cached, and one lesson rendered cold silent and narrated."""
    texts = course_scripts()
    cache = Path(tempfile.mkdtemp(prefix="voice-cache-", dir=work))
    cold, spoken = synthesis_seconds(texts, cache)
    cached, _ = synthesis_seconds(texts, cache)
    say(f"  synthesis: {len(texts)} scripts, {spoken:.1f} s of speech, cold {cold:.1f} s, "
        f"cached {cached:.3f} s")
    times = {}
    for label, flags in (("silent", []), ("narrated", ["--narrate"])):
        out = fresh_folder(work, f"narration-{label}")
        run = run_timed([PYTHON, "render.py", lesson, "--quality", "low", "--out", str(out),
                         "--jobs", "1", *flags],
                        env={"DERIVANIM_VOICE_CACHE": str(fresh_folder(work, "voice"))})
        times[label] = run.seconds
        say(f"  {lesson} {label}: {run.seconds:.1f} s (exit {run.returncode})")
    shutil.rmtree(cache, ignore_errors=True)
    return NarrationFigures(len(texts), spoken, cold, cached, lesson, times["silent"],
                            times["narrated"])


# ---- the narrated bundle, lesson by lesson ----------------------------------------------
def _described(transcript: str) -> list[tuple[str, str]]:
    """(caption, script) of each beat of a plain-text transcript."""
    beats = []
    for block in transcript.split("\n\n"):
        lines = block.strip().splitlines()
        said = [line[len("Described: "):] for line in lines if line.startswith("Described: ")]
        if len(lines) >= 2 and re.match(r"\d+:\d\d  ", lines[0]) and said:
            beats.append((" ".join(lines[1:-1]), said[0]))
    return beats


def lesson_report(out: Path, lesson_id: str) -> dict[str, object]:
    """The closing note's figures for one narrated lesson of the bundle in ``out``."""
    import av
    import numpy as np

    from derivanim.page import parse_vtt
    from derivanim.speech import leftover_symbols
    from scenes.pipeline.loudness import integrated_lufs, true_peak_dbtp
    from scenes.pipeline.voice import speech_spans, voice_offsets

    folder = out / lesson_id
    with av.open(str(folder / f"{lesson_id}.mp4")) as container:
        stream = container.streams.audio[0]
        sound = np.concatenate([frame.to_ndarray().mean(axis=0)
                                for frame in container.decode(stream)]).astype(np.float32)
        rate = stream.codec_context.sample_rate
    spans = speech_spans(sound, rate)
    spoken = sum(end - start for start, end in spans)
    beats = _described((folder / f"{lesson_id}.transcript.txt").read_text("utf-8"))
    words = sum(len(script.split()) for _, script in beats)
    cues = parse_vtt((folder / f"{lesson_id}.vtt").read_text("utf-8"))
    chapters = parse_vtt((folder / f"{lesson_id}.chapters.vtt").read_text("utf-8"))
    onsets = speech_spans(sound, rate, gap=0.2)
    offsets = voice_offsets(cues, chapters, onsets)
    return {"lesson": lesson_id, "spoken": spoken, "wpm": words / (spoken / 60) if spoken else 0,
            "lufs": integrated_lufs(sound, rate), "peak": true_peak_dbtp(sound, rate),
            "offset": max((abs(o) for o in offsets), default=float("nan")),
            "leftovers": sum(len(leftover_symbols(script)) for _, script in beats),
            "beats": beats}


def phonemes(text: str) -> str:
    """What espeak-ng makes of ``text`` in American English, as IPA (Piper phonemises the
    en_US voice through espeak-ng's en-us)."""
    done = subprocess.run(["espeak-ng", "-q", "--ipa", "-v", "en-us", text],
                          capture_output=True, text=True, check=True)
    return " ".join(done.stdout.split())


def main(out: Path, quote: int = 1) -> None:
    """Print the per-lesson table and one quoted beat per lesson for a narrated bundle."""
    ids = [path.name for path in sorted(out.iterdir()) if (path / f"{path.name}.mp4").exists()]
    from derivanim.config import load_course

    order = [lesson.id for lesson in load_course(ROOT / "config" / "course.toml").lessons]
    ids.sort(key=lambda i: order.index(i) if i in order else len(order))
    reports = [lesson_report(out, lesson_id) for lesson_id in ids]
    print("| lesson | spoken s | wpm | LUFS | true peak dBTP | worst caption-voice offset s "
          "| leftover symbols |")
    print("|---|---|---|---|---|---|---|")
    for r in reports:
        print(f"| {r['lesson']} | {r['spoken']:.1f} | {r['wpm']:.0f} | {r['lufs']:.1f} | "
              f"{r['peak']:.2f} | {r['offset']:.2f} | {r['leftovers']} |")
    for r in reports:
        beats = r["beats"]
        if not beats:
            continue
        caption, script = beats[min(quote, len(beats) - 1)]
        print(f"\n**{r['lesson']}**\n- caption: {caption}\n- script: {script}\n"
              f"- espeak-ng -q --ipa -v en-us: {phonemes(script)}")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
