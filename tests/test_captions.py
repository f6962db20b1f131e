"""Caption cues by the broadcast rules: two lines of 42, sentence and clause breaks, whole
formulas, at least a second each, about 20 characters a second where the beat allows."""

from __future__ import annotations

import itertools
import json
import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from derivanim.captions import (
    LINE_LENGTH,
    LINES_PER_CUE,
    MAX_CHARS_PER_SECOND,
    MIN_SECONDS,
    Cue,
    atoms,
    caption_cues,
    chapter_cues,
    chunks,
    clauses,
    fits,
    reading_speed,
    sentences,
    split_caption,
    to_srt,
    to_vtt,
)
from derivanim.readable import readable

CAPTIONS = json.loads((Path(__file__).parent / "data" / "captions.json").read_text("utf-8"))
"""The distinct captions of the project's lessons when this module was written."""

READING = 15.0
"""Characters a second of a beat timed for reading (a calm voice says about as many)."""
HURRIED = 35.0
"""Characters a second of a hurried beat: several silent beats of the lessons are this fast."""


def words(text: str) -> str:
    return " ".join(text.split())


def check_cue_rules(cues: list[Cue], text: str, start: float, end: float) -> None:
    """The rules every beat's cues keep, however long the beat."""
    assert words(" ".join(cue.text for cue in cues)) == words(text)  # nothing lost or added
    assert cues[0].start == start and cues[-1].end == end
    assert all(a.end == b.start for a, b in itertools.pairwise(cues))
    for cue in cues:
        lines = cue.text.split("\n")
        assert len(lines) <= LINES_PER_CUE and all(len(line) <= LINE_LENGTH for line in lines), cue
        assert all(line == line.strip() and line for line in lines), cue
    if end - start >= MIN_SECONDS * len(cues):
        assert all(cue.end - cue.start >= MIN_SECONDS - 1e-9 for cue in cues), cues
    lines = [line for cue in cues for line in cue.text.split("\n")]
    for formula in atoms(text):  # a number or formula on one line (unless longer than a line)
        if len(formula) <= LINE_LENGTH:
            assert any(formula in line for line in lines), (formula, cues)


@pytest.mark.parametrize("caption", CAPTIONS)
def test_a_beat_timed_for_reading_keeps_every_rule(caption: str):
    text = readable(caption)
    seconds = max(len(text) / READING, 2.0)
    cues = caption_cues([("Beat", caption, 10.0, 10.0 + seconds)])
    check_cue_rules(cues, text, 10.0, 10.0 + seconds)
    assert all(reading_speed(cue) <= MAX_CHARS_PER_SECOND for cue in cues), cues
    for cue in cues[:-1]:  # a cue ends at a sentence or a clause, unless that is too long
        clause = next(c for s in sentences(text) for c in clauses(s)
                      if words(cue.text).split()[-1] in c.split())
        assert cue.text[-1] in ".?!,;:" or not fits(atoms(clause)), (cue, clause)


@pytest.mark.parametrize("caption", CAPTIONS)
def test_a_hurried_beat_keeps_its_text_lines_and_seconds(caption: str):
    text = readable(caption)
    seconds = len(text) / HURRIED
    cues = caption_cues([("Beat", caption, 0.0, seconds)])
    check_cue_rules(cues, text, 0.0, seconds)
    # every cue is read at the beat's own speed, within what the 1 s minimum moves
    speed = len(text) / seconds
    assert all(reading_speed(cue) <= speed * 1.5 for cue in cues), cues


def test_sentences_come_first_then_clauses():
    text = ("How steep is this curve exactly at x = 2? A slope needs two points, "
            "and here we have only one.")
    assert [c.text for c in split_caption(text, 0.0, 8.0)] == [
        "How steep is this curve exactly at x = 2?",
        "A slope needs two points,\nand here we have only one."]
    long = readable("Here are the nearby values side by side: f(-1) = 0.8415, f(-0.5) = 0.9589, "
                    "f(-0.1) = 0.9983, f(0.1) = 0.9983, f(0.5) = 0.9589, f(1) = 0.8415.")
    cues = split_caption(long, 0.0, 8.0)
    assert all(cue.text[-1] in ",:." for cue in cues)
    assert "f(-0.5) = 0.9589," in " ".join(words(c.text) for c in cues)


def test_short_sentences_share_a_cue_and_no_fragment_stands_alone():
    cues = split_caption("Second question: do both sides agree? No. From the left f heads for -1, "
                         "from the right for 1.", 0.0, 6.0)
    assert [c.text for c in cues] == ["Second question: do both sides agree? No.",
                                      "From the left f heads for -1,\nfrom the right for 1."]


def test_a_cue_shorter_than_a_second_is_merged_or_given_a_second():
    cues = split_caption("Yes. The graph has a hole at (0, 1): the limit is about approaching.",
                         0.0, 2.0)
    assert all(cue.end - cue.start >= MIN_SECONDS for cue in cues)
    pinned = split_caption("Short. This sentence is long enough to fill both lines of "
                           "a cue all on its own, or so.", 0.0, 4.0)
    assert [round(c.end - c.start, 3) for c in pinned] == [1.0, 3.0]


def test_a_beat_too_short_for_its_cues_uses_the_fewest_and_shares_its_time():
    text = readable(CAPTIONS[16])  # the update rule: 189 characters
    cues = split_caption(text, 0.0, 3.5)
    assert len(cues) == 3 and all(cue.end - cue.start >= MIN_SECONDS for cue in cues)
    tiny = split_caption(text, 0.0, 0.9)
    assert len(tiny) == 3 and tiny[-1].end == 0.9
    assert [round(c.end - c.start, 2) for c in tiny] == [
        round(0.9 * len(c.text) / sum(len(t.text) for t in tiny), 2) for c in tiny]


def test_formulas_and_numbers_stay_whole():
    assert atoms("at x = 0 and f(-0.5) = 0.9589, at (0, 1)") == [
        "at", "x = 0", "and", "f(-0.5) = 0.9589,", "at", "(0, 1)"]
    text = readable("Algebra tells the same story. The difference quotient at x = 1 simplifies "
                    "to (-10/(1 + 9exp(-1)) + 10/(9exp(-h - 1) + 1))/h, and as h goes to zero "
                    "it heads to 1.7816.")
    cues = split_caption(text, 0.0, 10.0)
    check_cue_rules(cues, text, 0.0, 10.0)  # a formula longer than a line is cut between words
    assert not any(re.search(r"\d\n\d|\.\n\d|\d\n\.", cue.text) for cue in cues)


def test_lines_break_after_punctuation_and_not_after_an_article():
    cue = split_caption("A negative slope means the loss goes down to the right, so what?",
                        0.0, 5.0)
    assert cue[0].text == "A negative slope means the loss\ngoes down to the right, so what?"
    # the most even break would end the top line on "the"
    assert split_caption("We follow the slope as the point slides along the curve.",
                         0.0, 5.0)[0].text == "We follow the slope as the point\nslides along the curve."


def test_captions_are_readable_and_chapters_are_beats():
    beats = [("Q", "So dy/dx = 2*x*cos(x^2).", 0.0, 3.0), ("Empty", "", 3.0, 4.0),
             ("A", "g'(x) = 2*x", 4.0, 6.0), ("Zero", "Never shown.", 6.0, 6.0)]
    assert [c.text for c in caption_cues(beats)] == ["So dy/dx = 2x·cos(x²).", "g′(x) = 2x"]
    assert [c.text for c in chapter_cues(beats)] == ["Q", "Empty", "A"]
    assert to_vtt(caption_cues(beats)).startswith("WEBVTT\n\n1\n00:00:00.000 --> 00:00:03.000\n")
    assert to_srt(caption_cues(beats)).split("\n\n")[1].startswith("2\n00:00:04,000 --> ")


def test_chunks_without_boundaries_are_the_fewest():
    text = readable(CAPTIONS[41])  # the backprop beat: 378 characters
    fewest = chunks(text, boundaries=False)
    assert len(fewest) <= len(chunks(text)) and all(fits(chunk) for chunk in fewest)
    assert len(fewest) == -(-len(text) // (LINE_LENGTH * LINES_PER_CUE)) == 5


@given(st.lists(st.sampled_from(["x = 0,", "a", "slope", "f(-0.5) = 0.9589.", "is", "it?",
                                 "going", "(0, 1)", "e²ˣ", "and", "then:"]), min_size=1,
                max_size=60),
       st.floats(0.2, 60.0))
def test_any_caption_keeps_the_rules(parts: list[str], seconds: float):
    text = " ".join(parts)
    cues = split_caption(text, 1.0, 1.0 + seconds)
    check_cue_rules(cues, text, 1.0, 1.0 + seconds)
