"""Sweeps: one lesson template rendered for every combination of a few lists of values.

A platform wants the same lesson for many functions, points or learning rates. A course file
says so with a ``[[sweeps]]`` table instead of writing each lesson out::

    [[sweeps]]
    id = "secant"                                  # the prefix of every generated lesson id
    title = "Secants of {function} at x = {point}" # optional; {field} is the combination's value
    lesson = { kind = "secant", h = [1, 0.5, 0.25] }   # the fields every lesson shares

    [sweeps.vary]                                  # every combination becomes one lesson
    function = ["x^2", "x^3 - 3x", "sin(x)"]
    point = [0.5, 1.5]

The lessons come after the file's own ``[[lessons]]``, in the order of the combinations (the
first list varies slowest). Each gets an id made from the sweep's id and its values only, so
adding a value to a list does not rename the lessons already there, and their renders stay
cached. (Two values of one sweep that read the same in an id, such as ``x^2*3`` and ``x^2(3)``,
both get a hash of their values appended.)

Examples
--------
>>> data = {"sweeps": [{"id": "secant", "lesson": {"kind": "secant"},
...                     "vary": {"function": ["x^2", "sin(x)"], "point": [1, -0.5]}}]}
>>> expanded, origins = expand_sweeps(data, {"secant": "Secant lines become the tangent"})
>>> [lesson["id"] for lesson in expanded["lessons"]]
['secant-x2-1', 'secant-x2-m0p5', 'secant-sin-x-1', 'secant-sin-x-m0p5']
>>> expanded["lessons"][1]["title"]
'Secant lines become the tangent (x^2, -0.5)'
>>> origins[3]
"sweep 'secant' (function = sin(x), point = -0.5)"
"""

from __future__ import annotations

import hashlib
import itertools
import json
import re
from collections import Counter
from collections.abc import Mapping
from typing import Any

from derivanim.errors import FieldError

MAX_LESSONS = 1000
"""Most lessons one sweep may generate."""
MAX_ID = 48
"""Longest generated id; a longer one is cut and made unique with a hash of its values."""
MAX_TITLE = 48
"""Longest generated title (a 16:9 title band holds one line of about this many characters)."""
_KEYS = frozenset({"id", "title", "lesson", "vary"})


def slug(value: Any) -> str:
    """A value written with lower-case letters, digits and hyphens, for a lesson id.

    A binary minus becomes a hyphen, a minus sign ``m``, a plus ``plus``, a division ``over``
    and a decimal point ``p``, so that values that differ read differently.

    Examples
    --------
    >>> [slug(v) for v in ("x^3 - 3x", "x^3 + 3x", "exp(-x^2)", "sin(x)/x", 0.25, -1)]
    ['x3-3x', 'x3plus3x', 'exp-mx2', 'sin-x-over-x', '0p25', 'm1']
    >>> slug([0.2, 0.8]), slug("pi/2")
    ('0p2-0p8', 'pi-over-2')
    """
    if isinstance(value, (list, tuple)):
        return "-".join(slug(item) for item in value)
    text = re.sub(r"\s+", "", _text(value).lower()).replace("**", "^").replace("^", "")
    text = re.sub(r"(?<![a-z0-9)])-", "m", text)  # a minus sign, not a subtraction
    text = re.sub(r"(?<=[0-9])\.(?=[0-9])", "p", text)  # a decimal point
    text = text.replace("+", "plus").replace("/", "-over-")
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-") or "v"


def _text(value: Any) -> str:
    """A value as an author wrote it: ``1`` for 1.0, lists with commas."""
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(_text(item) for item in value) + "]"
    return str(value)


def _lesson_id(prefix: str, values: tuple[Any, ...], hashed: bool = False) -> str:
    """``prefix-value-value``; cut to :data:`MAX_ID` and made unique with a hash of the values
    when long (or when ``hashed``: two combinations whose words read the same)."""
    text = "-".join([prefix, *(slug(value) for value in values)])
    if len(text) <= MAX_ID and not hashed:
        return text
    digest = hashlib.sha256(json.dumps(values, default=str).encode()).hexdigest()[:8]
    return f"{text[:MAX_ID - 9].rstrip('-')}-{digest}"


def _title(template: str, default: str, combination: Mapping[str, Any]) -> str:
    """The sweep's title with each ``{field}`` filled in, or a short default with the values."""
    if template:
        return re.sub(r"\{(\w+)\}", lambda m: _text(combination.get(m.group(1), m.group(0))),
                      template)
    values = ", ".join(_text(value) for value in combination.values())
    titled = f"{default} ({values})" if default else values
    return titled if len(titled) <= MAX_TITLE else values[:MAX_TITLE]


def _refuse(index: int, field: str, reason: str) -> FieldError:
    return FieldError(f"sweeps[{index}].{field}" if field else f"sweeps[{index}]", reason)


def _check(index: int, sweep: Any) -> tuple[str, dict[str, Any], dict[str, list[Any]]]:
    """The sweep's id, template and value lists, or a :class:`FieldError` naming what is wrong."""
    if not isinstance(sweep, Mapping):
        raise _refuse(index, "", "must be a table")
    unknown = sorted(set(sweep) - _KEYS)
    if unknown:
        raise _refuse(index, unknown[0], "unknown field (a sweep has id, title, lesson, vary)")
    if not isinstance(sweep.get("title", ""), str):
        raise _refuse(index, "title", "must be text (with {field} for a varied value)")
    prefix = sweep.get("id")
    if not isinstance(prefix, str) or not re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", prefix):
        raise _refuse(index, "id", "required: a slug of lower-case letters, digits and hyphens")
    template = sweep.get("lesson", {})
    if not isinstance(template, Mapping) or not isinstance(template.get("kind"), str):
        raise _refuse(index, "lesson", "required: a table with the lessons' kind and shared fields")
    vary = sweep.get("vary")
    if not isinstance(vary, Mapping) or not vary:
        raise _refuse(index, "vary", "required: a table of field = [values, ...]")
    for field, values in vary.items():
        if not isinstance(values, list) or not values:
            raise _refuse(index, f"vary.{field}", "must be a non-empty list of values")
        if field in template or field in ("id", "kind", "title"):
            raise _refuse(index, f"vary.{field}", "is also fixed by the template (vary it or fix it)")
    count = 1
    for values in vary.values():
        count *= len(values)
    if count > MAX_LESSONS:
        raise _refuse(index, "vary", f"makes {count} lessons (limit {MAX_LESSONS} per sweep)")
    return prefix, dict(template), {field: list(values) for field, values in vary.items()}


def expand_sweeps(data: Mapping[str, Any], titles: Mapping[str, str] | None = None
                  ) -> tuple[dict[str, Any], dict[int, str]]:
    """Turn the document's ``sweeps`` into lessons appended to its ``lessons``.

    Parameters
    ----------
    data : mapping
        A parsed course document.
    titles : mapping, optional
        Each kind's default title, for the generated titles.

    Returns
    -------
    dict
        The document with the generated lessons and without ``sweeps``.
    dict
        For each generated lesson's index in ``lessons``, the sweep and combination it came from
        (so that a refusal names them).

    Raises
    ------
    FieldError
        Naming the sweep's field when a sweep is malformed.
    """
    sweeps = data.get("sweeps")
    if sweeps is None:
        return dict(data), {}
    if not isinstance(sweeps, list):
        raise FieldError("sweeps", "must be a list of [[sweeps]] tables")
    lessons = list(data.get("lessons", []))
    origins: dict[int, str] = {}
    for index, sweep in enumerate(sweeps):
        prefix, template, vary = _check(index, sweep)
        default = (titles or {}).get(template["kind"], "")
        combinations = list(itertools.product(*vary.values()))
        readable = Counter(_lesson_id(prefix, values) for values in combinations)
        for values in combinations:
            combination = dict(zip(vary, values, strict=True))
            origins[len(lessons)] = (f"sweep {prefix!r} ("
                                     + ", ".join(f"{k} = {_text(v)}" for k, v in combination.items())
                                     + ")")
            clash = readable[_lesson_id(prefix, values)] > 1
            lessons.append({**template, **combination, "id": _lesson_id(prefix, values, clash),
                            "title": _title(sweep.get("title", ""), default, combination)})
    expanded = {key: value for key, value in data.items() if key != "sweeps"}
    expanded["lessons"] = lessons
    return expanded, origins
