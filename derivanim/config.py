"""Lesson configs: TOML files validated into typed, frozen pydantic models.

A course file has a ``[course]`` table and a list of ``[[lessons]]``. Each lesson names its
``kind``; the kind decides which parameters it takes, and every parameter but ``function`` (and
``point`` for the kinds that have one) has the default of the reference course. Unknown keys are
errors; every error names the file, the lesson id and the field.

Examples
--------
>>> config = parse_course({"lessons": [{"kind": "secant", "function": "x^2", "point": 2}]})
>>> lesson = config.lessons[0]
>>> lesson.id, lesson.h, lesson.title
('secant', (2.0, 1.0, 0.5, 0.25), 'Secant lines become the tangent')
>>> parse_course({"lessons": [{"kind": "secant", "function": "x^2", "point": 2, "hh": 1}]})
Traceback (most recent call last):
...
derivanim.errors.ConfigError: <config>: lesson 'secant': hh: unknown field
"""

from __future__ import annotations

import re
from dataclasses import dataclass
import tomllib
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import Field, PrivateAttr, ValidationError, field_validator, model_validator

from derivanim.errors import ConfigError, FieldError
from derivanim.kinds import REGISTRY, Lesson, names
from derivanim.kinds.base import Model
from derivanim.sweeps import expand_sweeps

Quality = Literal["low", "medium", "high", "production", "fourk"]
Aspect = Literal["16:9", "9:16", "1:1", "4:5"]
Theme = Literal["dark", "light", "high-contrast"]
DEFAULT_CONFIG = Path("config/course.toml")


ESPEAK_VOICE = r"(?:espeak:)?[a-z]{2,3}(?:[-+][a-z0-9]+)*"
"""An espeak-ng voice setting: ``espeak:en-gb``, or a plain ``en-gb`` as older configs have."""


class Course(Model):
    """The ``[course]`` table: what applies to every lesson."""

    title: str = "Derivatives, from limits to backpropagation"
    quality: Quality = "high"
    aspect: Aspect = "16:9"
    theme: Theme = "dark"
    narrate: bool = False
    voice: Annotated[str, Field(max_length=48)] = "piper:en_US-joe-medium"
    """Who narrates: ``piper:en_US-joe-medium`` (Piper with the bundled voice, the default) or
    ``espeak:<voice>`` (espeak-ng, ``espeak-ng --voices`` lists them; a plain ``<voice>`` as
    older configs write it means the same)."""
    voice_speed: Annotated[int, Field(ge=80, le=400)] = 175
    """Words per minute (175 is Piper's own pace)."""
    voice_pitch: Annotated[int, Field(ge=0, le=99)] = 50
    """espeak-ng's pitch; Piper has none."""
    piper_model: str = ""
    """Path to a Piper ``.onnx`` voice model you own; Piper then speaks it."""

    @field_validator("voice")
    @classmethod
    def _voice(cls, value: str) -> str:
        if value == "piper:en_US-joe-medium" or re.fullmatch(ESPEAK_VOICE, value):
            return value
        if value.startswith("piper:"):
            raise ValueError(f"{value!r}: the only bundled Piper voice is piper:en_US-joe-medium "
                             "(set piper_model to use a .onnx voice of your own)")
        raise ValueError(f"{value!r} is not a voice: write piper:en_US-joe-medium or "
                         "espeak:<voice> with an espeak-ng voice such as en-us or en-gb")

    @model_validator(mode="after")
    def _one_engine(self) -> Course:
        if self.piper_model and self.voice.startswith("espeak:"):
            raise ValueError(f"voice {self.voice!r} is espeak-ng, but piper_model asks for "
                             "Piper: set one of them")
        return self


QUALITY_PRESETS: dict[str, tuple[int, int]] = {
    "low": (480, 15),
    "medium": (720, 30),
    "high": (1080, 60),
    "production": (1440, 60),
    "fourk": (2160, 60),
}
"""Short side in pixels and frames per second of each quality preset (Manim's)."""

ASPECT_RATIOS: dict[str, tuple[int, int]] = {"16:9": (16, 9), "9:16": (9, 16), "1:1": (1, 1),
                                             "4:5": (4, 5)}
"""Width and height ratio of each frame shape."""


def pixel_size(aspect: str, short_side: int) -> tuple[int, int]:
    """Pixel width and height for an aspect, given the quality's short side (e.g. 1080).

    Sizes are rounded to even numbers, as H.264 with yuv420p requires.

    Examples
    --------
    >>> pixel_size("16:9", 1080), pixel_size("9:16", 480), pixel_size("4:5", 1080)
    ((1920, 1080), (480, 854), (1080, 1350))
    """
    w_ratio, h_ratio = ASPECT_RATIOS[aspect]
    if w_ratio >= h_ratio:
        height = short_side
        width = round(short_side * w_ratio / h_ratio / 2) * 2
    else:
        width = short_side
        height = round(short_side * h_ratio / w_ratio / 2) * 2
    return width, height


@dataclass(frozen=True)
class RenderSettings:
    """How every lesson of a run is rendered: the course settings after command-line options.

    The render cache keys on all of it.
    """

    quality: str = "low"
    aspect: str = "16:9"
    theme: str = "dark"
    formats: tuple[str, ...] = ("mp4",)
    transparent: bool = False
    narrate: bool = False
    voice: tuple[str, int, int, str] = ("", 0, 0, "")
    """With narration: the course's voice (``piper:...`` or ``espeak:...``), words per minute,
    pitch and Piper model path."""

    def frame(self) -> tuple[int, int, int]:
        """Pixel width, pixel height and frames per second.

        Examples
        --------
        >>> RenderSettings(quality="high", aspect="9:16").frame()
        (1080, 1920, 60)
        """
        short_side, fps = QUALITY_PRESETS[self.quality]
        return (*pixel_size(self.aspect, short_side), fps)


class CourseConfig(Model):
    """A whole course file: the course settings and its lessons, in order (a sweep's lessons
    after the file's own)."""

    course: Course = Course()
    lessons: tuple[Lesson, ...] = Field(min_length=1)
    _origins: dict[str, str] = PrivateAttr(default_factory=dict)

    def origin(self, lesson_id: str) -> str:
        """Where a generated lesson came from (``"sweep 'secant' (point = 1)"``); empty for a
        lesson the file writes out."""
        return self._origins.get(lesson_id, "")

    def lesson(self, lesson_id: str) -> Any:
        """Return the lesson with this id.

        Raises
        ------
        KeyError
            If there is none.
        """
        for item in self.lessons:
            if item.id == lesson_id:
                return item
        raise KeyError(lesson_id)


def _fill_ids_and_titles(data: dict[str, Any]) -> dict[str, Any]:
    """Give each lesson its kind as id and its kind's title when the file leaves them out."""
    lessons = data.get("lessons")
    if not isinstance(lessons, list):
        return data
    filled = []
    for raw in lessons:
        if isinstance(raw, dict):
            raw = dict(raw)
            if "id" not in raw and isinstance(raw.get("kind"), str):
                raw["id"] = raw["kind"]
        filled.append(raw)
    return {**data, "lessons": filled}


def _list_tuples(value: object) -> object:
    """Pydantic's strict mode wants tuples where TOML gives lists."""
    if isinstance(value, list):
        return tuple(_list_tuples(item) for item in value)
    if isinstance(value, dict):
        return {key: _list_tuples(item) for key, item in value.items()}
    return value


def _lesson_name(data: Mapping[str, Any], index: int, origins: Mapping[int, str]) -> str:
    lessons = data.get("lessons")
    origin = f" from {origins[index]}" if index in origins else ""
    if isinstance(lessons, list) and index < len(lessons) and isinstance(lessons[index], dict):
        lesson_id = lessons[index].get("id")
        if isinstance(lesson_id, str) and lesson_id:
            return f"lesson {lesson_id!r}{origin}"
    return f"lessons[{index}]{origin}"


def _describe(error: Mapping[str, Any], data: Mapping[str, Any],
              origins: Mapping[int, str]) -> str:
    """One readable line for one pydantic error: where (lesson and field path) and why."""
    location = list(error["loc"])
    where = ""
    if location[:1] == ["lessons"] and len(location) >= 2 and isinstance(location[1], int):
        where = _lesson_name(data, location[1], origins)
        location = location[2:]
        if location and location[0] in names():
            location = location[1:]
    elif location[:1] == ["course"]:
        where = "[course]"
        location = location[1:]
    path = ""
    for part in location:
        path += f"[{part}]" if isinstance(part, int) else (f".{part}" if path else str(part))
    kind = error["type"]
    message = str(error["msg"])
    if kind == "extra_forbidden":
        message = "unknown field"
    elif kind == "missing":
        message = "required field is missing"
    elif kind == "union_tag_invalid":
        message = f"unknown kind (choose one of {', '.join(names())})"
    elif kind == "union_tag_not_found":
        message = f"kind is missing (choose one of {', '.join(names())})"
    elif message.startswith("Value error, "):
        message = message.removeprefix("Value error, ")
    parts = [part for part in (where, path) if part]
    if ":" in message.split(" ")[0] and path == "":
        parts.append(message)  # the validator already named its field, e.g. "function: ..."
        return ": ".join(parts)
    return ": ".join([*parts, message])


def parse_course(data: Mapping[str, Any], source: str = "<config>") -> CourseConfig:
    """Validate a course read from TOML (or built in code) into a :class:`CourseConfig`.

    Parameters
    ----------
    data : mapping
        The parsed TOML document.
    source : str
        Where it came from, for error messages.

    Returns
    -------
    CourseConfig

    Raises
    ------
    ConfigError
        Naming the source, lesson and field of the first problem (all problems are listed).

    Examples
    --------
    >>> parse_course({"lessons": [{"kind": "chain", "function": "sin(y)", "point": 1}]})
    Traceback (most recent call last):
    ...
    derivanim.errors.ConfigError: <config>: lesson 'chain': function: unknown name 'y' (the variable is x)
    """
    try:
        expanded, origins = expand_sweeps(data, {kind.name: kind.lesson.default_title
                                                 for kind in REGISTRY})
    except FieldError as error:
        raise ConfigError(source, str(error)) from None
    prepared = _fill_ids_and_titles(expanded)
    try:
        config = CourseConfig.model_validate(_list_tuples(prepared))
    except ValidationError as error:
        problems = error.errors()
        # An invalid item also leaves its list too short ("lessons", "h" = [0]): report only the cause.
        problems = [
            p for p in problems
            if not (p["type"] == "too_short" and any(
                q["loc"][: len(p["loc"])] == p["loc"] and len(q["loc"]) > len(p["loc"])
                for q in problems
            ))
        ]
        lines = [_describe(item, prepared, origins) for item in problems]
        raise ConfigError(source, "\n  ".join(dict.fromkeys(lines))) from None
    seen: set[str] = set()
    for index, lesson in enumerate(config.lessons):
        if lesson.id in seen:
            where = origins.get(index)
            raise ConfigError(
                source,
                f"lessons[{index}]{f' from {where}' if where else ''}: id: {lesson.id!r} is used "
                "by an earlier lesson (ids must be unique; give each lesson its own id)",
            )
        seen.add(lesson.id)
    lessons = tuple(
        lesson if lesson.title else lesson.model_copy(update={"title": lesson.default_title})
        for lesson in config.lessons
    )
    checked = config.model_copy(update={"lessons": lessons})
    checked._origins = {lessons[index].id: origin for index, origin in origins.items()}
    return checked


def _toml_value(text: str) -> Any:
    """Read an override value as TOML (numbers, lists, booleans), else as plain text."""
    try:
        return tomllib.loads(f"value = {text}")["value"]
    except tomllib.TOMLDecodeError:
        return text


def apply_overrides(data: Mapping[str, Any], overrides: Sequence[str]) -> dict[str, Any]:
    """Apply ``--set KEY=VALUE`` overrides to a parsed course document.

    ``KEY`` is ``course.FIELD`` or ``LESSON_ID.FIELD``; ``VALUE`` is read as TOML when it can
    be (``1.5``, ``[1, 0.5]``, ``true``) and as plain text otherwise (``x^3``).

    Examples
    --------
    >>> data = {"lessons": [{"id": "secant", "kind": "secant", "function": "x^2", "point": 2}]}
    >>> apply_overrides(data, ["secant.point=1.5", "secant.function=x^3"])["lessons"][0]
    {'id': 'secant', 'kind': 'secant', 'function': 'x^3', 'point': 1.5}
    >>> apply_overrides(data, ["tangent.point=1"])
    Traceback (most recent call last):
    ...
    derivanim.errors.ConfigError: --set: tangent.point=1: no lesson has the id 'tangent' (ids: secant)
    """
    # Copy what is about to change; values of the wrong type are left for validation to report.
    lessons = data.get("lessons", [])
    course = data.get("course", {})
    result: dict[str, Any] = {
        **data,
        "lessons": [dict(item) if isinstance(item, dict) else item for item in lessons]
        if isinstance(lessons, list) else lessons,
        "course": dict(course) if isinstance(course, dict) else course,
    }
    tables = [lesson for lesson in result["lessons"] if isinstance(lesson, dict)] \
        if isinstance(result["lessons"], list) else []
    for override in overrides:
        key, sep, raw_value = override.partition("=")
        target, dot, field = key.strip().partition(".")
        if not sep or not dot or not target or not field or "." in field:
            raise ConfigError("--set", f"{override}: expected LESSON_ID.FIELD=VALUE or course.FIELD=VALUE")
        value = _toml_value(raw_value.strip())
        if target == "course":
            if isinstance(result["course"], dict):
                result["course"][field] = value
            continue
        matches = [lesson for lesson in tables if lesson.get("id", lesson.get("kind")) == target]
        if not matches:
            ids = ", ".join(str(lesson.get("id", lesson.get("kind"))) for lesson in tables)
            raise ConfigError("--set", f"{override}: no lesson has the id {target!r} (ids: {ids})")
        for lesson in matches:
            lesson[field] = value
    return result


def read_toml(path: Path) -> dict[str, Any]:
    """Read a TOML file; syntax errors name the line and column.

    Raises
    ------
    ConfigError
        If the file is missing, unreadable or not valid TOML.
    """
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigError(str(path), "file not found") from None
    except (OSError, UnicodeDecodeError) as error:
        raise ConfigError(str(path), f"cannot read the file ({error})") from None
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        message = str(error)
        found = re.search(r"\(at line (\d+), column (\d+)\)", message)
        reason = re.sub(r"\s*\(at (line \d+, column \d+|end of document)\)", "", message)
        if found:
            where = f"line {found.group(1)}, column {found.group(2)}"
        else:
            where = f"line {text.count(chr(10)) + 1}"
        raise ConfigError(str(path), f"{where}: invalid TOML: {reason}") from None


def load_course(path: Path | str = DEFAULT_CONFIG, overrides: Sequence[str] = ()) -> CourseConfig:
    """Read, override and validate a course file.

    Parameters
    ----------
    path : path-like
        The TOML file.
    overrides : sequence of str
        ``--set`` values, applied before validation.

    Returns
    -------
    CourseConfig

    Raises
    ------
    ConfigError
        For any problem, naming the file, lesson and field.
    """
    path = Path(path)
    data = apply_overrides(read_toml(path), overrides) if overrides else read_toml(path)
    return parse_course(data, source=str(path))

