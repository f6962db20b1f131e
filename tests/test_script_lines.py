"""The lines a narrated beat is cut into: every cue fits, every word is kept, the voice hears
words only, and the cue times follow the voice."""

from __future__ import annotations

from pathlib import Path

import pytest

from derivanim.captions import MAX_CHARS_PER_SECOND, MIN_SECONDS, layout, atoms
from derivanim.config import load_course
from derivanim.facts import lesson_facts
from derivanim.readable import readable
from derivanim.script_lines import script_lines, line_times
from derivanim.scripts import script_for
from derivanim.speech import leftover_symbols

ROOT = Path(__file__).resolve().parents[1]
COURSE = load_course(ROOT / "config" / "course.toml")


@pytest.mark.parametrize("lesson", COURSE.lessons, ids=lambda lesson: lesson.id)
def test_the_lines_of_every_script_fit_a_cue_and_say_only_words(lesson):
    for key, script in script_for(lesson_facts(lesson)).items():
        lines = script_lines(script)
        assert lines, key
        for line in lines:
            assert layout(atoms(line.shown)) is not None, (key, line.shown)
            assert leftover_symbols(line.said) == [], (key, line.said)


def test_the_lines_keep_every_word_of_the_script_in_order():
    script = ("At x = 0.5 the slope is f'(0.5) = 2*0.5 = 1, so the tangent rises one unit "
              "for each unit it runs; the secant through x = 0.5 and x = 0.75 is steeper, "
              "with slope 1.25. Then h shrinks.")
    lines = script_lines(script)
    assert len(lines) >= 3
    assert " ".join(line.shown for line in lines) == readable(script)
    assert lines[-1].said == "Then h shrinks."


def test_cues_follow_the_voice_and_can_be_read():
    clause = "A secant line joins two points of the curve, "
    lines = script_lines("Yes. " + clause * 3 + "and so on.")
    spoken = [0.3] + [2.0] * (len(lines) - 1)
    times = line_times(lines, spoken)
    assert times[0][0] == 0.0
    for (start, end), (next_start, _) in zip(times, times[1:]):
        assert next_start == end  # each line is spoken as the previous cue ends
    for line, said, (start, end) in zip(lines, spoken, times):
        assert end - start >= max(MIN_SECONDS, said + line.pause) - 1e-9
        assert len(line.shown) / (end - start) <= MAX_CHARS_PER_SECOND + 1e-9
    with pytest.raises(ValueError, match="2 lines but 1 speech lengths"):
        line_times(lines[:2], [1.0])
