"""The course manifest: file entries with real hashes, safe reading, verifying and merging."""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path
from typing import Any

import pytest

from derivanim.manifest import (
    CHUNK,
    FORMAT,
    chapter_entry,
    course_manifest,
    file_entry,
    lesson_entry,
    lesson_file,
    manifest_text,
    merge,
    read_manifest,
    relative_path,
    sha256_file,
    verify_lesson,
)
from derivanim.schemas import manifest_schema

SETTINGS = {"quality": "high", "aspect": "16:9", "theme": "dark", "formats": ["mp4"],
            "transparent": False, "narrate": False}


def write(root: Path, relative: str, data: bytes) -> Path:
    path = root / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def make_lesson(root: Path, lesson_id: str, payload: bytes = b"video bytes") -> dict[str, Any]:
    """Write a lesson's files under root and return its manifest entry."""
    names = [(f"{lesson_id}.mp4", "video", "mp4", payload),
             (f"{lesson_id}.vtt", "captions", "vtt", b"WEBVTT\n"),
             (f"{lesson_id}.chapters.vtt", "chapters", "vtt", b"WEBVTT\n\n1\n"),
             ("facts.json", "facts", "json", b"{}\n"),
             (f"{lesson_id}.transcript.html", "transcript", "html", b"<!doctype html>\n")]
    files = []
    for name, role, fmt, data in names:
        path = write(root, f"{lesson_id}/{name}", data)
        files.append(file_entry(root, path, role, fmt))
    return lesson_entry(id=lesson_id, title=f"Lesson {lesson_id}", kind="secant", function="x^2",
                        narrated=False, duration=2.0, frames=120, width=640, height=360, fps=60,
                        key="k" + lesson_id, files=files,
                        chapters=[("Start", 0.0, 1.0), ("End", 1.0, 2.0)], facts={"slope": 4.0})


# --- file entries -----------------------------------------------------------------------------


def test_file_entry_records_the_size_and_hash_of_the_bytes(tmp_path: Path):
    data = b"\x00\x01 not really a video \xff" * 50
    path = write(tmp_path, "secant/secant.mp4", data)
    entry = file_entry(tmp_path, path, "video", "mp4")
    assert entry == {"role": "video", "format": "mp4", "path": "secant/secant.mp4",
                     "size": len(data), "sha256": digest(data)}
    assert file_entry(tmp_path, "secant/secant.mp4", "video", "mp4") == entry


def test_hashing_streams_files_larger_than_one_chunk(tmp_path: Path):
    data = bytes(range(256)) * (CHUNK // 256 * 2) + b"tail"
    path = write(tmp_path, "big.bin", data)
    assert len(data) > 2 * CHUNK
    assert sha256_file(path) == digest(data)
    assert file_entry(tmp_path, path, "video", "mp4")["size"] == len(data)


def test_file_entry_paths_are_posix_and_relative(tmp_path: Path):
    path = write(tmp_path, "a/b/c.vtt", b"WEBVTT\n")
    entry = file_entry(tmp_path, path, "captions", "vtt")
    assert entry["path"] == "a/b/c.vtt"
    assert not Path(entry["path"]).is_absolute()


@pytest.mark.parametrize("outside", ["/etc/hostname", "../elsewhere.txt", "a/../../x"])
def test_file_entry_refuses_paths_outside_the_bundle(tmp_path: Path, outside: str):
    with pytest.raises(ValueError, match="not inside the bundle"):
        relative_path(tmp_path / "out", outside)


def test_file_entry_refuses_an_unknown_role_and_a_missing_file(tmp_path: Path):
    write(tmp_path, "a.txt", b"x")
    with pytest.raises(ValueError, match="unknown file role 'vidoe'"):
        file_entry(tmp_path, "a.txt", "vidoe", "mp4")
    with pytest.raises(FileNotFoundError):
        file_entry(tmp_path, "missing.mp4", "video", "mp4")


# --- entries and the whole manifest -----------------------------------------------------------


def test_lesson_entry_has_the_schema_fields_in_order(tmp_path: Path):
    entry = make_lesson(tmp_path, "secant")
    assert list(entry) == ["id", "title", "kind", "function", "narrated", "duration", "frames",
                           "width", "height", "fps", "key", "files", "chapters", "summary", "facts",
                           "voice"]
    assert entry["voice"] is None  # silent
    assert entry["chapters"] == [{"title": "Start", "start": 0.0, "end": 1.0},
                                 {"title": "End", "start": 1.0, "end": 2.0}]
    assert [(f["role"], f["format"]) for f in entry["files"]] == [
        ("video", "mp4"), ("captions", "vtt"), ("chapters", "vtt"), ("facts", "json"),
        ("transcript", "html")]
    assert chapter_entry("x", 1.23456, 2.0004) == {"title": "x", "start": 1.235, "end": 2.0}


def test_a_narrated_lesson_credits_its_voice(tmp_path: Path):
    silent = make_lesson(tmp_path, "secant")
    credit = {"engine": "piper", "name": "en_US-joe-medium", "licence": "CC0-1.0"}
    entry = lesson_entry(**{**silent, "narrated": True, "voice": credit})
    assert entry["voice"] == credit
    with pytest.raises(ValueError, match="licence"):
        lesson_entry(**{**silent, "voice": {"engine": "piper", "name": "joe"}})
    assert "voice" in manifest_schema()["$defs"]["LessonEntry"]["properties"]


def test_course_manifest_and_its_text(tmp_path: Path):
    manifest = course_manifest("Derivatives", SETTINGS, [make_lesson(tmp_path, "secant")])
    assert list(manifest) == ["format", "title", "generator", "settings", "lessons"]
    assert manifest["format"] == FORMAT == 1
    assert re.fullmatch(r"derivanim \d+\.\d+\.\d+\S*", manifest["generator"])
    assert manifest["settings"] == SETTINGS
    text = manifest_text(manifest)
    assert text.endswith("}\n") and not text.endswith("\n\n")
    assert text.startswith('{\n  "format": 1,\n  "title": "Derivatives",\n')
    assert json.loads(text) == manifest


def test_manifest_text_keeps_unicode_and_refuses_nan():
    assert '"Dérivées ∂"' in manifest_text({"title": "Dérivées ∂"})
    with pytest.raises(ValueError):
        manifest_text({"facts": {"limit": float("nan")}})


def test_lesson_file_finds_by_role_and_format(tmp_path: Path):
    entry = make_lesson(tmp_path, "a")
    assert lesson_file(entry, "chapters")["path"] == "a/a.chapters.vtt"
    assert lesson_file(entry, "captions", "srt") is None


# --- reading ----------------------------------------------------------------------------------


def test_read_manifest_round_trips(tmp_path: Path):
    manifest = course_manifest("Course", SETTINGS, [make_lesson(tmp_path, "secant")])
    path = tmp_path / "manifest.json"
    path.write_text(manifest_text(manifest), encoding="utf-8")
    assert read_manifest(path) == manifest


BAD_MANIFESTS = {
    "empty": b"",
    "not json": b"{not json",
    "not utf-8": b'{"format": 1, "title": "\xff\xfe"}',
    "a list": b"[1, 2]",
    "no format": b'{"lessons": []}',
    "format 2": b'{"format": 2, "lessons": []}',
    "format as text": b'{"format": "1", "lessons": []}',
    "format true": b'{"format": true, "lessons": []}',
    "format 1.5": b'{"format": 1.5, "lessons": []}',
    "lessons not a list": b'{"format": 1, "lessons": {}}',
    "lesson not an object": b'{"format": 1, "lessons": [3]}',
    "lesson without id": b'{"format": 1, "lessons": [{"files": []}]}',
    "lesson id a number": b'{"format": 1, "lessons": [{"id": 3, "files": []}]}',
    "files not a list": b'{"format": 1, "lessons": [{"id": "a", "files": "a.mp4"}]}',
    "file not an object": b'{"format": 1, "lessons": [{"id": "a", "files": ["a.mp4"]}]}',
    "deeply nested": b"[" * 100_000 + b"]" * 100_000,
}


@pytest.mark.parametrize("name", list(BAD_MANIFESTS))
def test_read_manifest_returns_none_for_anything_unusable(tmp_path: Path, name: str):
    path = tmp_path / "manifest.json"
    path.write_bytes(BAD_MANIFESTS[name])
    assert read_manifest(path) is None


def test_read_manifest_returns_none_for_a_missing_file_or_a_folder(tmp_path: Path):
    assert read_manifest(tmp_path / "missing.json") is None
    (tmp_path / "folder.json").mkdir()
    assert read_manifest(tmp_path / "folder.json") is None


# --- verifying --------------------------------------------------------------------------------


def test_verify_accepts_intact_files(tmp_path: Path):
    assert verify_lesson(tmp_path, make_lesson(tmp_path, "secant")) == []


def test_verify_reports_missing_resized_and_altered_files(tmp_path: Path):
    entry = make_lesson(tmp_path, "secant", payload=b"0123456789")
    (tmp_path / "secant/secant.vtt").unlink()
    (tmp_path / "secant/facts.json").write_bytes(b"{}\n\n")
    (tmp_path / "secant/secant.mp4").write_bytes(b"0123456780")  # same size, other bytes
    assert verify_lesson(tmp_path, entry) == [
        "secant/secant.mp4: contents differ from the recorded SHA-256",
        "secant/secant.vtt: missing",
        "secant/facts.json: size 4 bytes, the manifest says 3",
    ]


def test_verify_reports_malformed_entries_without_raising(tmp_path: Path):
    root = tmp_path / "out"
    write(root, "a.txt", b"a")
    outside = write(tmp_path, "outside.txt", b"a")
    good = file_entry(root, "a.txt", "facts", "txt")
    assert verify_lesson(root, {"id": "a"}) == ["no files listed"]
    assert verify_lesson(root, {"id": "a", "files": []}) == ["no files listed"]
    assert verify_lesson(root, {"id": "a", "files": "a.txt"}) == ["no files listed"]
    assert verify_lesson(root, {"id": "a", "files": [good, 3, {"size": 1}]}) == [
        "a file entry without a path", "a file entry without a path"]
    escaping = {**good, "path": "../outside.txt"}
    absolute = {**good, "path": str(outside)}
    assert verify_lesson(root, {"id": "a", "files": [escaping, absolute]}) == [
        "../outside.txt: not a path inside the bundle",
        f"{outside}: not a path inside the bundle"]
    (root / "dir").mkdir()
    assert verify_lesson(root, {"id": "a", "files": [{**good, "path": "dir"}]}) == [
        "dir: not a file"]


# --- merging ----------------------------------------------------------------------------------


def test_merge_follows_course_order_and_prefers_new_entries(tmp_path: Path):
    old = {lesson_id: make_lesson(tmp_path, lesson_id) for lesson_id in ("a", "b", "c")}
    previous = course_manifest("Course", SETTINGS, old.values())
    fresh = {**old["b"], "title": "B, rendered again"}
    lessons = merge(previous, [fresh], ["c", "b", "a"], root=tmp_path)
    assert [lesson["id"] for lesson in lessons] == ["c", "b", "a"]
    assert lessons[1]["title"] == "B, rendered again"
    assert lessons[0] == old["c"] and lessons[2] == old["a"]


def test_merge_drops_lessons_that_left_the_course_or_no_longer_verify(tmp_path: Path):
    old = [make_lesson(tmp_path, lesson_id) for lesson_id in ("a", "b", "c")]
    previous = course_manifest("Course", SETTINGS, old)
    (tmp_path / "b" / "b.mp4").write_bytes(b"truncated")
    lessons = merge(previous, [], ["a", "b", "new"], root=tmp_path)
    assert [lesson["id"] for lesson in lessons] == ["a"]


def test_merge_without_a_previous_manifest_keeps_only_new_lessons_of_the_course(tmp_path: Path):
    new = [make_lesson(tmp_path, lesson_id) for lesson_id in ("b", "a", "stray")]
    lessons = merge(None, new, ["a", "b", "a"], root=tmp_path)
    assert [lesson["id"] for lesson in lessons] == ["a", "b"]


def test_merge_takes_the_last_new_entry_for_an_id(tmp_path: Path):
    first = make_lesson(tmp_path, "a")
    second = {**first, "key": "second"}
    assert merge(None, [first, second], ["a"], root=tmp_path)[0]["key"] == "second"


def test_merge_returns_copies(tmp_path: Path):
    previous = course_manifest("Course", SETTINGS, [make_lesson(tmp_path, "a")])
    lessons = merge(previous, [], ["a"], root=tmp_path)
    lessons[0]["title"] = "changed"
    assert previous["lessons"][0]["title"] == "Lesson a"


def test_merge_ignores_malformed_previous_lessons(tmp_path: Path):
    previous = {"format": 1, "lessons": [3, {"no": "id"}, {"id": "a", "files": "x"}]}
    assert merge(previous, [], ["a"], root=tmp_path) == []
