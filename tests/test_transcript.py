"""Transcripts: the script beat by beat, with timestamps and the formulas as text."""

from __future__ import annotations

import re

from test_page import parse

from derivanim.numbers import clock
from derivanim.transcript import transcript_html, transcript_text

BEATS = [("The question", "y = sin(x^2) is one function built from two.", 0.0, 5.4),
         ("The chain rule", "Here dy/dx = 2*x*cos(x^2) <and> g'(x) = 2*x.", 5.4, 71.2),
         ("Quiet", "", 71.2, 3700.0)]
SUMMARY = ["dy/dx = 2*x*cos(x^2).", "  "]


def test_the_text_transcript_has_timestamps_chapters_and_readable_captions():
    text = transcript_text("The chain rule", BEATS, SUMMARY)
    assert text == (
        "The chain rule\n==============\n\n"
        "0:00  The question\ny = sin(x²) is one function built from two.\n\n"
        "0:05  The chain rule\nHere dy/dx = 2x·cos(x²) <and> g′(x) = 2x.\n\n"
        "1:11  Quiet\n\n"
        "In short\n--------\n- dy/dx = 2x·cos(x²).\n")
    assert "*" not in text and "^" not in text
    assert transcript_text("", [], []) == "Transcript\n==========\n"


def test_the_html_transcript_is_valid_accessible_and_self_contained():
    page = transcript_html("Chain <rule>", BEATS, SUMMARY, video="chain.mp4")
    tree = parse(page)  # every element closed in order, a doctype
    assert tree.one("html").attrs["lang"] == "en"
    assert tree.one("title").content() == "Chain <rule>: transcript"
    assert tree.one("h1").content() == "Chain <rule>"
    headings = tree.all("h2")
    assert [h.content() for h in headings] == [
        "0:00 The question", "0:05 The chain rule", "1:11 Quiet", "In short"]
    assert [t.attrs["datetime"] for t in tree.all("time")] == ["PT0S", "PT5S", "PT1M11S"]
    sections = tree.all("section")
    assert all(s.attrs["aria-labelledby"] == h.attrs["id"] for s, h in zip(sections, headings))
    assert sections[1].one("p").content() == "Here dy/dx = 2x·cos(x²) <and> g′(x) = 2x."
    assert sections[2].all("p") == []
    assert [li.content() for li in sections[3].all("li")] == ["dy/dx = 2x·cos(x²)."]
    assert tree.all("script") == [] and tree.all("link") == [] and tree.all("img") == []
    assert [a.attrs["href"] for a in tree.all("a")] == ["chain.mp4"]
    assert not re.search(r"(?:src|href)=\"(?:https?:)?//", page)
    assert "default-src 'none'" in tree.one("meta", http_equiv="Content-Security-Policy").attrs[
        "content"]
    assert parse(transcript_html("T", [])).all("section") == []


def test_timestamps_round_down_to_the_second():
    assert [clock(s) for s in (0, 4.99, 59.5, 60, 600, 3599.9, 3600)] == [
        "0:00", "0:04", "0:59", "1:00", "10:00", "59:59", "1:00:00"]


def test_a_start_a_hair_under_a_second_reads_as_the_manifest_gives_it():
    """A beat starting at 28.9999999 s (float sums of frame times) is 0:29, as in the manifest."""
    beats = [("The algebra", "h + 4.", 28.999999999, 30.0)]
    assert "0:29  The algebra\n" in transcript_text("S", beats)
    assert '<time datetime="PT29S">0:29</time>' in transcript_html("S", beats)
