"""The course page: its structure, parsed back with the standard library's HTML parser."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from conftest import REPO

from derivanim.captions import Cue, caption_cues, to_vtt
from derivanim.config import load_course
from derivanim.facts import course_facts, jsonable
from derivanim.kinds import kind_of
from derivanim.page import POLICY, course_page, file_size, parse_vtt
from derivanim.report import summary_lines

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
        "track", "wbr"}
HOSTILE = '<script>alert("owned")</script>" onmouseover="steal()'


@dataclass
class Node:
    tag: str
    attrs: dict[str, str | None]
    parent: Node | None = field(default=None, repr=False)
    children: list[Node] = field(default_factory=list, repr=False)
    parts: list[str | Node] = field(default_factory=list, repr=False)

    @property
    def text(self) -> str:
        """The text directly inside (not in child elements)."""
        return "".join(part for part in self.parts if isinstance(part, str))

    def all(self, tag: str | None = None, **attrs: str) -> list[Node]:
        """Every descendant with this tag (any, if None) whose attributes include ``attrs``."""
        found = []
        for child in self.children:
            if (tag is None or child.tag == tag) and all(
                    child.attrs.get(name.rstrip("_").replace("_", "-")) == value
                    for name, value in attrs.items()):
                found.append(child)
            found += child.all(tag, **attrs)
        return found

    def one(self, tag: str | None = None, **attrs: str) -> Node:
        found = self.all(tag, **attrs)
        assert len(found) == 1, f"{len(found)} <{tag} {attrs}> elements"
        return found[0]

    def classes(self) -> list[str]:
        return (self.attrs.get("class") or "").split()

    def with_class(self, name: str) -> list[Node]:
        return [node for node in self.all() if name in node.classes()]

    def content(self) -> str:
        """All text inside, as a browser would show it (whitespace collapsed)."""
        pieces = [part if isinstance(part, str) else f" {part.content()} " for part in self.parts]
        return " ".join("".join(pieces).split())


class TreeBuilder(HTMLParser):
    """Builds a Node tree, checking that every element is closed in order."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Node("#document", {})
        self.current = self.root
        self.doctype = ""

    def handle_decl(self, decl: str) -> None:
        self.doctype = decl

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        names = [name for name, _ in attrs]
        assert len(names) == len(set(names)), f"repeated attribute in <{tag} {attrs}>"
        node = Node(tag, dict(attrs), parent=self.current)
        self.current.children.append(node)
        self.current.parts.append(node)
        if tag not in VOID:
            self.current = node

    def handle_endtag(self, tag: str) -> None:
        assert self.current.tag == tag, f"</{tag}> closes <{self.current.tag}>"
        assert self.current.parent is not None
        self.current = self.current.parent

    def handle_data(self, data: str) -> None:
        self.current.parts.append(data)


def parse(page: str) -> Node:
    builder = TreeBuilder()
    builder.feed(page)
    builder.close()
    assert builder.current is builder.root, f"<{builder.current.tag}> is never closed"
    assert builder.doctype.lower() == "doctype html"
    return builder.root


def file(lesson_id: str, name: str, role: str, fmt: str, size: int = 1234) -> dict[str, Any]:
    return {"role": role, "format": fmt, "path": f"{lesson_id}/{name}", "size": size,
            "sha256": "0" * 64}


def lesson(lesson_id: str, kind: str, facts: dict[str, Any], title: str = "",
           webm: bool = False, function: str = "x^2",
           summary: tuple[str, ...] = ()) -> dict[str, Any]:
    files = [file(lesson_id, f"{lesson_id}.mp4", "video", "mp4", 4_560_000)]
    if webm:
        files.append(file(lesson_id, f"{lesson_id}.webm", "video", "webm", 2_100_000))
    files += [
        file(lesson_id, f"{lesson_id}.vtt", "captions", "vtt", 2048),
        file(lesson_id, f"{lesson_id}.srt", "captions", "srt", 2000),
        file(lesson_id, f"{lesson_id}.chapters.vtt", "chapters", "vtt", 300),
        file(lesson_id, f"{lesson_id}.jpg", "poster", "jpg", 80_000),
        file(lesson_id, "facts.json", "facts", "json", 999),
        file(lesson_id, f"{lesson_id}.transcript.txt", "transcript", "txt", 1500),
        file(lesson_id, f"{lesson_id}.transcript.html", "transcript", "html", 2500),
    ]
    return {
        "id": lesson_id, "title": title or f"The {kind} lesson", "kind": kind,
        "function": function, "narrated": False, "duration": 55.1, "frames": 3306,
        "width": 1920, "height": 1080, "fps": 60, "key": "ab" * 32, "files": files,
        "chapters": [{"title": "Pose the question", "start": 0.0, "end": 5.2},
                     {"title": "Shrink h", "start": 5.2, "end": 30.0},
                     {"title": "The tangent", "start": 30.0, "end": 55.1}],
        "summary": list(summary), "facts": facts,
    }


@pytest.fixture(scope="module")
def facts() -> dict[str, dict[str, Any]]:
    """The JSON-ready facts and the summary of each lesson of the default course, by kind."""
    items = course_facts(load_course(REPO / "config" / "course.toml"))
    return {item.lesson.kind: (json.loads(json.dumps(jsonable(item.facts))),
                               tuple(summary_lines(item))) for item in items}


@pytest.fixture(scope="module")
def manifest(facts: dict[str, tuple[dict[str, Any], tuple[str, ...]]]) -> dict[str, Any]:
    lessons = [lesson(kind, kind, facts[kind][0], webm=kind == "secant", summary=facts[kind][1])
               for kind in facts]
    return {"format": 1, "title": "Derivatives", "generator": "derivanim 0.1.0",
            "settings": {}, "lessons": lessons}


@pytest.fixture(scope="module")
def tree(manifest: dict[str, Any]) -> Node:
    return parse(course_page(manifest))


def test_the_page_is_a_complete_document(tree: Node):
    html = tree.one("html")
    assert html.attrs["lang"] == "en"
    assert tree.one("meta", charset="utf-8")
    assert tree.one("meta", name="viewport").attrs["content"].startswith("width=device-width")
    assert tree.one("title").content() == "Derivatives"
    assert tree.one("h1").content() == "Derivatives"
    assert tree.one("meta", http_equiv="Content-Security-Policy").attrs["content"] == POLICY
    assert "prefers-color-scheme" in tree.one("style").text
    assert "@media (min-width" in tree.one("style").text


def test_one_section_and_one_video_per_lesson(tree: Node, manifest: dict[str, Any]):
    sections = tree.all("section")
    assert [s.attrs["data-lesson"] for s in sections] == [x["id"] for x in manifest["lessons"]]
    assert len(tree.all("video")) == len(manifest["lessons"])
    for section, entry in zip(sections, manifest["lessons"]):
        assert section.attrs["id"] == f"lesson-{entry['id']}"
        assert entry["title"] in section.one("h2").content()
        video = section.one("video")
        assert "controls" in video.attrs and video.attrs["preload"] == "metadata"
        assert video.attrs["poster"] == f"{entry['id']}/{entry['id']}.jpg"
        assert (video.attrs["width"], video.attrs["height"]) == ("1920", "1080")
        assert "0:55" in section.one(None, class_="meta").content()
        name = kind_of(entry["kind"]).function_name  # f(x), L(w) for a loss, F(x, y) for a map
        assert section.one("code").content() == f"{name} = {entry['function']}"
    toc = [a.attrs["href"] for a in tree.one("nav").all("a")]
    assert toc == [f"#lesson-{x['id']}" for x in manifest["lessons"]]
    count = len(manifest["lessons"])
    seconds = round(sum(lesson["duration"] for lesson in manifest["lessons"]))
    assert f"{count} lessons · {seconds // 60}:{seconds % 60:02d} in all" in \
        tree.one(None, class_="summary").content()


def test_sources_and_tracks_point_at_the_manifest_files(tree: Node, manifest: dict[str, Any]):
    for entry in manifest["lessons"]:
        video = tree.one("section", data_lesson=entry["id"]).one("video")
        paths = {(f["role"], f["format"]): f["path"] for f in entry["files"]}
        sources = [(s.attrs["src"], s.attrs["type"]) for s in video.all("source")]
        expected = [(paths["video", "mp4"], "video/mp4")]
        if ("video", "webm") in paths:
            expected.append((paths["video", "webm"], "video/webm"))
        assert sources == expected
        captions = video.one("track", kind="captions")
        assert captions.attrs == {"kind": "captions", "default": None, "srclang": "en",
                                  "label": "English", "src": paths["captions", "vtt"]}
        assert video.one("track", kind="chapters").attrs["src"] == paths["chapters", "vtt"]
    assert len(tree.all("source", type="video/webm")) == 1


def test_chapter_buttons_carry_each_chapter_start(tree: Node, manifest: dict[str, Any]):
    for entry in manifest["lessons"]:
        section = tree.one("section", data_lesson=entry["id"])
        chapters = section.one("ol", class_="chapters")
        buttons = chapters.all("button")
        assert [float(b.attrs["data-start"]) for b in buttons] == \
            [c["start"] for c in entry["chapters"]]
        assert [b.one("span", class_="chapter-title").content() for b in buttons] == \
            [c["title"] for c in entry["chapters"]]
        assert [b.one("span", class_="chapter-time").content() for b in buttons] == \
            ["0:00", "0:05", "0:30"]
        assert all(b.attrs["type"] == "button" and "chapter" in b.classes() for b in buttons)


def test_every_file_has_a_download_link_with_its_size(tree: Node, manifest: dict[str, Any]):
    for entry in manifest["lessons"]:
        downloads = tree.one("section", data_lesson=entry["id"]).one("ul", class_="downloads")
        items = downloads.all("li")
        assert [li.one("a").attrs["href"] for li in items] == [f["path"] for f in entry["files"]]
        assert [li.one("span", class_="size").content() for li in items] == \
            [file_size(f["size"]) for f in entry["files"]]
        assert items[0].content() == "Video (MP4, H.264) 4.56 MB"
        assert all(li.one("a").attrs["download"] for li in items)


def test_each_lesson_links_its_transcript_beside_the_video(tree: Node, manifest: dict[str, Any]):
    for entry in manifest["lessons"]:
        side = tree.one("section", data_lesson=entry["id"]).one("div", class_="side")
        link = side.one("p", class_="transcript").one("a")
        assert link.content() == "Transcript"
        assert link.attrs == {"href": f"{entry['id']}/{entry['id']}.transcript.html"}
        labels = [li.one("a").content() for li in side.one("ul", class_="downloads").all("li")]
        assert labels[-2:] == ["Transcript (plain text)", "Transcript (HTML)"]
    bare = lesson("bare", "secant", {})
    bare["files"] = [f for f in bare["files"] if f["role"] != "transcript"]
    assert parse(course_page({"title": "T", "lessons": [bare]})).with_class("transcript") == []


def test_fact_summaries_for_each_kind(tree: Node, manifest: dict[str, Any]):
    shown = {section.attrs["data-lesson"]: [li.content() for li in section.all("li")
                                            if li.parent and "facts" in li.parent.classes()]
             for section in tree.all("section")}
    assert shown == {entry["id"]: entry["summary"] for entry in manifest["lessons"]}
    assert "As x approaches 0, f(x) approaches 1." in shown["limit"]
    assert any(line.startswith("A hole at x = 0") for line in shown["limit"])
    assert "Tangent line y = 4x - 4: slope 4 (exactly 4)." in shown["secant"]
    assert "h = 0.25: second point x = 2.25, secant slope 4.25." in shown["secant"]
    assert shown["slopes"][0] == "f′(x) = 3·x^2 - 3."
    assert "At x = 0: f = 0, slope -3 (falling)." in shown["slopes"]
    assert "Near x = -1: factor -2, flipped and stretched." in shown["stretch"]
    assert "At x = 1.2: u = 1.44, inner slope 2.4 × outer slope 0.1304 = 0.313." in shown["chain"]
    assert [line.split(":")[1].split()[0] for line in shown["descent"][1:4]] == \
        ["converges", "oscillates", "diverges"]
    assert all(1 <= len(lines) <= 8 for lines in shown.values())


def test_a_lesson_without_a_summary_gets_no_fact_list():
    entry = lesson("old", "secant", {}, summary=())
    page = parse(course_page({"format": 1, "title": "T", "lessons": [entry]}))
    assert page.with_class("facts") == []
    assert page.one("code", class_="function").content() == "f(x) = x^2"
    loss = parse(course_page({"format": 1, "title": "T",
                              "lessons": [lesson("d", "descent", {}, function="w^2")]}))
    assert loss.one("code", class_="function").content() == "L(w) = w^2"


def test_the_voice_that_narrated_a_lesson_is_credited(facts: dict[str, dict[str, Any]]):
    spoken = lesson("secant", "secant", facts["secant"][0])
    spoken.update(narrated=True, voice={"engine": "piper", "name": "en_US-joe-medium",
                                        "licence": "CC0-1.0"})
    older = {**lesson("slopes", "slopes", facts["slopes"][0]), "narrated": True}
    silent = lesson("limit", "limit", facts["limit"][0])
    page = parse(course_page({"format": 1, "title": "T", "lessons": [spoken, older, silent]}))
    assert [tag.content() for tag in page.with_class("narrated")] == [
        "narrated by en_US-joe-medium (piper, CC0-1.0)", "narrated"]
    assert [tag.content() for tag in page.with_class("silent")] == ["captions only, no sound"]


def test_no_url_leaves_the_bundle(tree: Node):
    for node in tree.all():
        for name in ("src", "href", "poster", "srcset", "action", "data"):
            value = node.attrs.get(name)
            if value is None:
                continue
            assert not value.startswith("//"), value
            if value != "data:,":  # the empty favicon, which stops a request for /favicon.ico
                assert ":" not in value, value
    assert not tree.all("link", rel="stylesheet") and not tree.all("img")
    assert all("src" not in script.attrs for script in tree.all("script"))


def test_the_whole_page_has_no_remote_urls(manifest: dict[str, Any]):
    page = course_page(manifest)
    assert "http://" not in page and "https://" not in page
    assert re.search(r"https?:", page) is None
    assert "@import" not in page and "url(" not in page


def test_hostile_text_is_escaped_everywhere(facts: dict[str, dict[str, Any]]):
    entry = lesson("secant", "secant", facts["secant"], title=HOSTILE, function=HOSTILE)
    entry["chapters"][0]["title"] = HOSTILE + "</script><script>alert(2)</script>"
    page = course_page({"title": HOSTILE, "lessons": [entry], "generator": HOSTILE})
    tree = parse(page)
    scripts = tree.all("script")
    assert [s.attrs.get("type") for s in scripts] == ["application/json", None]
    assert not any(name.startswith("on") for node in tree.all() for name in node.attrs)
    assert tree.one("title").content() == " ".join(HOSTILE.split())
    assert tree.one("h1").content() == " ".join(HOSTILE.split())
    assert tree.one("h2").content() == "1 " + " ".join(HOSTILE.split())
    assert tree.one("video").attrs["aria-label"] == HOSTILE
    assert tree.one("code").content() == "f(x) = " + " ".join(HOSTILE.split())
    assert tree.one("meta", name="generator").attrs["content"] == HOSTILE
    data = json.loads(scripts[0].text)
    assert data["secant"]["chapters"][0][2] == entry["chapters"][0]["title"]
    assert "</script><script>" not in scripts[0].text


def test_optional_parts_are_left_out_when_missing():
    entry = {"id": "bare", "title": "Bare", "kind": "limit", "duration": 3.0,
             "files": [{"role": "video", "format": "mp4", "path": "bare/bare.mp4", "size": 10}]}
    tree = parse(course_page({"title": "T", "lessons": [entry]}))
    video = tree.one("video")
    assert "poster" not in video.attrs and video.all("track") == []
    assert tree.with_class("chapters") == [] and tree.with_class("facts") == []
    assert "1 lesson · 0:03 in all" in tree.one(None, class_="summary").content()
    empty = parse(course_page({"format": 1, "title": "", "lessons": []}))
    assert empty.all("section") == [] and empty.one("title").content() == "Course"


def test_captions_are_copied_into_the_page_when_the_root_is_given(tmp_path: Path,
                                                                  manifest: dict[str, Any]):
    cues = caption_cues([("a", "First caption.", 0.0, 1.5), ("b", "Second one.", 1.5, 3.25)])
    (tmp_path / "secant").mkdir()
    (tmp_path / "secant" / "secant.vtt").write_text(to_vtt(cues), encoding="utf-8")
    tree = parse(course_page(manifest, root=tmp_path))
    data = json.loads(tree.one("script", type="application/json").text)
    assert data["secant"]["captions"] == [[0.0, 1.5, "First caption."],
                                          [1.5, 3.25, "Second one."]]
    assert data["limit"]["captions"] == []  # its file is missing: no copy, and no error
    assert data["limit"]["chapters"][1] == [5.2, 30.0, "Shrink h"]
    without = json.loads(parse(course_page(manifest)).one("script", type="application/json").text)
    assert "captions" not in without["secant"]


def test_parse_vtt_reads_what_captions_writes():
    cues = caption_cues([("a", "A long caption " * 8, 0.0, 4.0), ("b", "Short.", 4.0, 61.5)])
    assert parse_vtt(to_vtt(cues)) == [Cue(round(c.start, 3), round(c.end, 3), c.text)
                                       for c in cues]
    assert parse_vtt("WEBVTT\r\n\r\n01:02.500 --> 01:03.000\r\nShort form\r\n") == [
        Cue(62.5, 63.0, "Short form")]
    assert parse_vtt("not a vtt file") == []


def test_the_page_is_deterministic(manifest: dict[str, Any]):
    assert course_page(manifest) == course_page(json.loads(json.dumps(manifest)))
