"""The documents of the course bundle as models: the manifest, its lesson entries, and the
JSON Schemas published beside them.

The render pipeline builds every manifest entry through :class:`LessonEntry`, the course page
reads the manifest through :class:`Manifest`, and the tests check bundles against the same
models. ``out/manifest.schema.json`` and ``out/facts.schema.json`` let scripts and learning
platforms validate what a bundle holds without reading this code.

Facts store infinities and NaN as the strings ``"inf"``, ``"-inf"`` and ``"nan"`` (JSON has no
such numbers, see :func:`derivanim.facts.jsonable`), so wherever a facts schema allows a
number it also allows those three strings.

Examples
--------
>>> entry = LessonEntry(id="secant", title="Secants", kind="secant", function="x^2",
...                     narrated=False, duration=55.1004, frames=3306, width=1920, height=1080,
...                     fps=60, key="ab12", files=(), chapters=(("The question", 0, 5.20004),),
...                     summary=("At x = 2, f(x) = 4.",), facts={"slope": 4.0})
>>> entry.duration, entry.chapters[0].end, entry.model_dump(mode="json")["chapters"]
(55.1, 5.2, [{'title': 'The question', 'start': 0.0, 'end': 5.2}])
>>> sorted(manifest_schema()["properties"])
['format', 'generator', 'lessons', 'settings', 'title']
>>> facts_schema()["properties"]["kind"]["enum"][:2]
['limit', 'secant']
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, TypeAdapter, field_validator

from derivanim import practice
from derivanim.kinds import REGISTRY

FORMAT = 1
"""The manifest format written and read."""

Role = Literal["video", "animation", "captions", "chapters", "poster", "facts", "transcript",
               "embed"]
"""What a published file is for."""


class _Entry(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


def _millisecond(value: Any) -> Any:
    """Seconds rounded to the millisecond, as WebVTT writes them."""
    return round(float(value), 3) if isinstance(value, (int, float)) else value


Seconds = Annotated[float, Field(ge=0, allow_inf_nan=False), BeforeValidator(_millisecond)]


class FileEntry(_Entry):
    """One published file: what it is for, its format, where it is, and proof of its bytes."""

    role: Role
    format: str
    path: str = Field(description="POSIX path relative to the bundle root")
    size: int = Field(ge=0)
    sha256: str = Field(pattern=r"^([0-9a-f]{64})?$")


class ChapterEntry(_Entry):
    """One chapter of a lesson's video (one beat of its storyboard)."""

    title: str
    start: Seconds
    end: Seconds


def _chapter(value: Any) -> Any:
    """Chapters may be given as ``(title, start, end)`` triples."""
    if isinstance(value, (tuple, list)) and len(value) == 3:
        title, start, end = value
        return {"title": title, "start": start, "end": end}
    return value


class VoiceEntry(_Entry):
    """Who spoke a narrated lesson: the synthesiser, the voice and the voice's licence."""

    engine: str = Field(description='The synthesiser, "piper" or "espeak-ng"')
    name: str = Field(description="The voice, e.g. en_US-joe-medium")
    licence: str = Field(description="The voice's licence, an SPDX identifier where known")


class LessonEntry(_Entry):
    """One lesson of the manifest: what it is, how it was rendered, and every file it published."""

    id: str
    title: str
    kind: str
    function: str
    narrated: bool
    duration: Seconds
    frames: int = Field(ge=0)
    width: int = Field(gt=0)
    height: int = Field(gt=0)
    fps: float = Field(gt=0)
    key: str = Field(description="Cache key of the config, settings and code it was rendered from")
    files: tuple[FileEntry, ...]
    chapters: tuple[Annotated[ChapterEntry, BeforeValidator(_chapter)], ...]
    summary: tuple[str, ...] = Field(default=(), description="What the video shows, in sentences")
    facts: dict[str, Any] = Field(description="The kind's facts (see facts.schema.json)")
    voice: VoiceEntry | None = Field(default=None, description="Who spoke; null when silent")

    @field_validator("fps", mode="before")
    @classmethod
    def _fps(cls, value: Any) -> Any:
        return float(value) if isinstance(value, int) and not isinstance(value, bool) else value


class Manifest(_Entry):
    """``out/manifest.json``: the course, its render settings and its lessons in course order."""

    format: Literal[1] = FORMAT
    title: str
    generator: str
    settings: dict[str, Any]
    lessons: tuple[LessonEntry, ...]


NON_FINITE = ("inf", "-inf", "nan")
"""How facts write the numbers JSON cannot hold."""


def _allow_non_finite(schema: Any) -> Any:
    """Let every ``number`` of a schema also be one of :data:`NON_FINITE`."""
    if isinstance(schema, dict):
        if schema.get("type") == "number":
            return {"anyOf": [dict(schema), {"enum": list(NON_FINITE)}]}
        return {key: _allow_non_finite(value) for key, value in schema.items()}
    if isinstance(schema, list):
        return [_allow_non_finite(item) for item in schema]
    return schema


def manifest_schema() -> dict[str, Any]:
    """The JSON Schema of ``manifest.json``."""
    schema = Manifest.model_json_schema(mode="serialization")
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "derivanim course manifest"
    return schema


def kind_facts_schema(facts_type: type) -> dict[str, Any]:
    """The JSON Schema of one kind's facts (a dataclass), non-finite numbers allowed, with the
    lesson's ``practice`` questions."""
    schema = _allow_non_finite(TypeAdapter(facts_type).json_schema(mode="serialization"))
    schema.setdefault("properties", {})["practice"] = practice.schema()
    return schema


def facts_schema() -> dict[str, Any]:
    """The JSON Schema of a lesson's ``facts.json`` (and of each lesson of ``--check --json``):
    its id, kind, title and function, and the facts of its kind."""
    defs: dict[str, Any] = {}
    branches = []
    for kind in REGISTRY:
        schema = kind_facts_schema(kind.facts_type)
        defs.update(schema.pop("$defs", {}))
        name = f"{kind.name}_facts"
        defs[name] = schema
        branches.append({"if": {"properties": {"kind": {"const": kind.name}}},
                         "then": {"properties": {"facts": {"$ref": f"#/$defs/{name}"}}}})
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "derivanim lesson facts",
        "type": "object",
        "required": ["id", "kind", "title", "function", "function_latex", "facts"],
        "properties": {
            "id": {"type": "string"}, "kind": {"enum": [kind.name for kind in REGISTRY]},
            "title": {"type": "string"}, "function": {"type": "string"},
            "function_latex": {"type": "string"}, "facts": {"type": "object"},
        },
        "additionalProperties": False,
        "allOf": branches,
        "$defs": defs,
    }
