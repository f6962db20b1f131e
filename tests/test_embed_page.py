"""The embed page of one lesson (``<id>/embed.html``) and the course page's practice and
iframe snippet, read back as HTML trees (no browser: see test_accessibility and test_scorm)."""

from __future__ import annotations

import json
from typing import Any

import pytest
from conftest import REPO
from test_page import HOSTILE, file, lesson, parse

from derivanim.config import load_course
from derivanim.facts import course_facts, facts_document
from derivanim.page import MASTERY, POLICY, WATCHED, course_page, embed_page, embed_snippet


@pytest.fixture(scope="module")
def entries() -> dict[str, dict[str, Any]]:
    """A manifest entry per kind of the default course, with its practice and embed page."""
    found = {}
    for item in course_facts(load_course(REPO / "config" / "course.toml")):
        kind = item.lesson.kind
        entry = lesson(kind, kind, json.loads(json.dumps(facts_document(item))))
        entry["files"].append(file(kind, "embed.html", "embed", "html", 30_000))
        found[kind] = entry
    return found


def test_the_embed_page_shows_one_lesson_with_paths_relative_to_its_folder(entries):
    tree = parse(embed_page(entries["secant"]))
    assert tree.one("meta", http_equiv="Content-Security-Policy").attrs["content"] == POLICY
    main = tree.one("main")
    assert main.attrs["data-lesson"] == "secant"
    assert (main.attrs["data-mastery"], main.attrs["data-watched"]) == (str(MASTERY), str(WATCHED))
    video = tree.one("video")
    assert [s.attrs["src"] for s in video.all("source")] == ["secant.mp4"]
    assert video.attrs["poster"] == "secant.jpg"
    assert video.one("track", kind="captions").attrs == {
        "kind": "captions", "default": None, "srclang": "en", "label": "English",
        "src": "secant.vtt"}
    assert tree.one(None, class_="transcript").one("a").attrs == {"href": "secant.transcript.html"}
    assert [b.attrs["data-start"] for b in tree.one("ol", class_="chapters").all("button")] == \
        ["0.0", "5.2", "30.0"]
    assert [s.attrs.get("type") for s in tree.all("script")] == ["application/json", None]


def test_practice_is_open_below_the_video_with_labelled_controls(entries):
    for kind, entry in entries.items():
        tree = parse(embed_page(entry))
        box = tree.one("details", class_="practice")
        assert "open" in box.attrs
        questions = box.all("li", class_="question")
        practice = entry["facts"]["practice"]
        assert [q.one(None, class_="prompt").content() for q in questions] == \
            [item["question"] for item in practice]
        for node, item in zip(questions, practice):
            if item["choices"]:
                group = node.one("div", role="radiogroup")
                assert group.attrs["aria-labelledby"] == node.one("p", class_="prompt").attrs["id"]
                labels = group.all("label")
                assert [label.content() for label in labels] == item["choices"]
                assert all(label.attrs["for"] == label.one("input").attrs["id"] for label in labels)
                assert node.attrs["data-answer"] == item["answer"]
            else:
                field = node.one("input", type="text")
                assert node.one("label", class_="prompt").attrs["for"] == field.attrs["id"]
                assert float(node.attrs["data-answer"]) == item["answer"]
                assert float(node.attrs["data-tolerance"]) == item["tolerance"]
            assert node.one("p", class_="why").content() == f"Why: {item['why']}"
            assert "hidden" in node.one("p", class_="why").attrs
            assert node.one("button", class_="check").attrs["type"] == "submit"


def test_the_course_page_offers_practice_and_an_iframe_snippet(entries):
    tree = parse(course_page({"title": "T", "lessons": list(entries.values())}))
    for kind, entry in entries.items():
        section = tree.one("section", data_lesson=kind)
        assert len(section.all("li", class_="question")) == len(entry["facts"]["practice"])
        snippet = section.one("textarea")
        assert snippet.content() == embed_snippet(entry)
        assert f'src="{kind}/embed.html"' in snippet.content()
        assert section.one("label", for_=snippet.attrs["id"])
    without = dict(entries["limit"], files=[f for f in entries["limit"]["files"]
                                            if f["role"] != "embed"])
    assert parse(course_page({"title": "T", "lessons": [without]})).all("textarea") == []


def test_hostile_text_stays_text_in_the_embed_page_and_the_snippet(entries):
    entry = dict(entries["secant"], title=HOSTILE)
    tree = parse(embed_page(entry, generator=HOSTILE))
    assert tree.one("h1").content() == " ".join(HOSTILE.split())
    assert not any(name.startswith("on") for node in tree.all() for name in node.attrs)
    assert '" onmouseover="' not in embed_snippet(entry)
