"""The errors derivanim raises for bad input, each carrying where the problem is and why.

Every user mistake becomes one of these, so the command line can print one clear line
(file, lesson id, field, reason) and exit with status 2 without a traceback.

Examples
--------
>>> str(ExpressionError("function", "unknown name 'y'"))
"function: unknown name 'y'"
>>> str(FieldError("point", "f is undefined at x = 0"))
'point: f is undefined at x = 0'
>>> str(LessonError("secant", "point", "f is undefined at x = 0"))
"lesson 'secant': point: f is undefined at x = 0"
>>> str(ConfigError("course.toml", "lesson 'secant': h[0]: must be positive"))
"course.toml: lesson 'secant': h[0]: must be positive"
"""

from __future__ import annotations


class DerivanimError(Exception):
    """Base class of every error caused by the user's input rather than by a bug."""


class FieldError(DerivanimError, ValueError):
    """One field of a lesson holds a value that cannot be used.

    Parameters
    ----------
    field : str
        The config field the text came from, e.g. ``"function"``.
    reason : str
        What is wrong, in words a course author understands.
    """

    def __init__(self, field: str, reason: str) -> None:
        super().__init__(f"{field}: {reason}")
        self.field = field
        self.reason = reason


class ExpressionError(FieldError):
    """A user expression was refused by the safe parser."""


class LessonError(DerivanimError, ValueError):
    """A lesson's parameters are well-formed but mathematically unusable.

    For example, a secant lesson whose point lies outside the function's domain.

    Parameters
    ----------
    lesson : str
        The lesson id.
    field : str
        The field path inside the lesson, e.g. ``"point"`` or ``"h[2]"``.
    reason : str
        Why the value is refused.
    origin : str, optional
        Where a generated lesson came from (``"sweep 'secant' (point = -1)"``).
    """

    def __init__(self, lesson: str, field: str, reason: str, origin: str = "") -> None:
        super().__init__(f"lesson {lesson!r}{f' from {origin}' if origin else ''}: {field}: {reason}")
        self.lesson = lesson
        self.origin = origin
        self.field = field
        self.reason = reason


class ConfigError(DerivanimError):
    """A configuration file (or an override of it) cannot be used.

    Parameters
    ----------
    source : str
        The file the problem was found in (or ``"--set"`` for a command-line override).
    detail : str
        Where in the file and what is wrong.
    """

    def __init__(self, source: str, detail: str) -> None:
        super().__init__(f"{source}: {detail}")
        self.source = source
        self.detail = detail
