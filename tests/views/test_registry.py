"""Every registered lesson kind has every part, and its scene draws a lesson from a config that
names only its kind and function (and point)."""

from __future__ import annotations

import dataclasses
import typing

import jsonschema
import pytest

from derivanim.config import load_course, parse_course
from derivanim.facts import lesson_document, lesson_facts
from derivanim.kinds import REGISTRY, LessonConfig, kind_of
from derivanim.schemas import facts_schema
from scenes.kit.lesson_scene import LessonScene
from scenes.pipeline.runner import scene_class
from tests.views.helpers import ROOT

COURSE = load_course(ROOT / "config" / "course.toml")
KINDS = [kind.name for kind in REGISTRY]


def minimal(kind: str) -> dict[str, object]:
    """The default course's lesson of this kind, cut down to kind, function and point (a map
    of the plane names its ``map`` instead of a function)."""
    lesson = next(item for item in COURSE.lessons if item.kind == kind)
    fields: dict[str, object] = {"kind": kind}
    if "map" in type(lesson).model_fields:
        fields["map"] = lesson.map  # type: ignore[attr-defined]
    else:
        fields["function"] = lesson.function
    if "point" in type(lesson).model_fields:
        fields["point"] = lesson.point  # type: ignore[attr-defined]
    return fields


def test_every_kind_is_taught_by_the_default_course():
    """So tests/views/test_all_scenes.py renders each kind in every aspect."""
    assert [lesson.kind for lesson in COURSE.lessons] == KINDS


@pytest.mark.parametrize("name", KINDS)
def test_the_kind_declares_every_part(name: str):
    kind = kind_of(name)
    assert issubclass(kind.lesson, LessonConfig)
    assert typing.get_args(kind.lesson.model_fields["kind"].annotation) == (name,)
    assert kind.lesson.default_title
    assert dataclasses.is_dataclass(kind.facts_type)
    item = lesson_facts(parse_course({"lessons": [minimal(name)]}).lessons[0])
    assert isinstance(item.facts, kind.facts_type)
    summary = kind.summary(item.facts)
    assert summary and all(isinstance(line, str) and line.strip() for line in summary)
    chapters = kind.chapters(item.facts)
    assert len(chapters) >= 4 and all(title.strip() for title in chapters.values())
    jsonschema.validate(lesson_document(item), facts_schema(),
                        cls=jsonschema.Draft202012Validator)
    scene = scene_class(name)
    assert issubclass(scene, LessonScene) and scene.kind == name


@pytest.mark.parametrize("name", KINDS)
def test_a_lesson_of_kind_and_function_only_is_the_course_lesson(name: str):
    """A config naming only kind and function (and point) gets every default, and those are
    the default course's values: so the course's lesson of the kind, which
    tests/views/test_all_scenes.py renders in every aspect (and checks that its beats open in
    the declared storyboard order), is that minimal lesson."""
    lesson = parse_course({"lessons": [minimal(name)]}).lessons[0]
    course_lesson = next(item for item in COURSE.lessons if item.kind == name)
    assert lesson.model_dump(exclude={"title"}) == course_lesson.model_dump(exclude={"title"})
