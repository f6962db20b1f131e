"""What every lesson kind declares, and the config fields every lesson shares.

A lesson kind is a plug-in: one module in :mod:`derivanim.kinds` declares a :class:`Kind`
(its config model, facts function, summary, chapters and scene class), and the registry in
:mod:`derivanim.kinds` lists it. Nothing else in the code switches on the kind.

Examples
--------
>>> from derivanim.kinds import kind_of
>>> kind = kind_of("secant")
>>> kind.lesson.__name__, kind.scene, kind.function_name
('SecantLesson', 'scenes.secant:SecantScene', 'f(x)')
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Annotated, Any, ClassVar

import sympy
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    PlainValidator,
    WithJsonSchema,
    field_validator,
    model_validator,
)

from derivanim.errors import ExpressionError
from derivanim.expressions import CONSTANTS, exact_number, parse_expression, to_text
from derivanim.notation import Notation
from derivanim.practice import Question, no_practice

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
"""Lesson ids: lower-case letters, digits and single hyphens (file names derive from them)."""

FiniteFloat = Annotated[float, Field(allow_inf_nan=False)]
PositiveFloat = Annotated[float, Field(gt=0, allow_inf_nan=False)]


def point_value(value: object) -> float:
    """A point of a lesson: a finite number, or a number written as an expression with no
    variable (``"pi/2"``, ``"-sqrt(2)"``), kept exact (:class:`derivanim.expressions.ExactNumber`).

    Examples
    --------
    >>> point_value(1.5), point_value(2), point_value("pi/2").text
    (1.5, 2, 'pi/2')
    >>> point_value("x")
    Traceback (most recent call last):
    ...
    ValueError: unknown name 'x' (a point is a number: it has no variable)
    >>> point_value(True)
    Traceback (most recent call last):
    ...
    ValueError: must be a number or a number written as text ("pi/2"), got bool
    """
    if isinstance(value, str):
        try:
            return exact_number(value, "point")
        except ExpressionError as error:
            raise ValueError(error.reason) from None
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ValueError('must be a number or a number written as text ("pi/2"), '
                         f"got {type(value).__name__}")
    if not math.isfinite(value):
        raise ValueError("must be a finite number")
    return value


Point = Annotated[float, PlainValidator(point_value),
                  WithJsonSchema({"anyOf": [{"type": "number"}, {"type": "string"}]})]
"""A point field: a number, or an exact number as text (``"pi/2"``)."""


class Model(BaseModel):
    """A config table: frozen, strict, and unknown keys are errors."""

    model_config = ConfigDict(extra="forbid", frozen=True, strict=True)


def increasing(value: tuple[float, float] | None) -> tuple[float, float] | None:
    """Check that a ``[low, high]`` range has ``low < high`` (a pydantic field validator).

    Examples
    --------
    >>> increasing((-1.0, 2.0)), increasing(None)
    ((-1.0, 2.0), None)
    >>> increasing((2.0, 2.0))
    Traceback (most recent call last):
    ...
    ValueError: must be [low, high] with low < high
    """
    if value is not None and not value[0] < value[1]:
        raise ValueError("must be [low, high] with low < high")
    return value


class LessonConfig(Model):
    """Fields shared by every lesson kind; each kind subclasses it with ``kind`` and its own
    parameters."""

    id: str = ""
    title: str = ""
    function: str
    x_range: tuple[FiniteFloat, FiniteFloat] | None = None

    variable: str = "x"
    """The function's variable, as the author names it (``"t"``); see :meth:`notation`."""
    name: str = "f"
    """The function's name, as the author names it (``"s"``); see :meth:`notation`."""
    reserved: ClassVar[tuple[str, ...]] = ()
    """Letters the kind's own formulas already use (``h`` for a step), so not a name."""
    fixed_names: ClassVar[str] = ""
    """Why this kind takes no ``variable`` or ``name`` (it names its own symbols), or empty."""
    default_title: ClassVar[str] = ""
    """The title a lesson of this kind gets when its config gives none."""

    _x_range_increasing = field_validator("x_range")(increasing)

    def notation(self) -> Notation:
        """How the lesson writes its function and variable: the one source for every text.

        Examples
        --------
        >>> from derivanim.config import parse_course
        >>> lesson = parse_course({"lessons": [{"kind": "secant", "function": "5t^2",
        ...     "point": 1, "variable": "t", "name": "s"}]}).lessons[0]
        >>> n = lesson.notation()
        >>> n.function, n.of("1"), n.slope("1"), n.slope_tex("a"), n.variable
        ('s(t)', 's(1)', 's′(1)', "s'(a)", 't')
        """
        return Notation(self.name, self.variable)

    def function_label(self) -> str:
        """The function with its variable as summaries write it: ``"f(x)"``, ``"s(t)"``; a
        kind that names its own symbols overrides this (``"F(x, y)"``)."""
        return self.notation().function

    def names(self) -> tuple[str, ...]:
        """The symbols the lesson's function may use: its one variable unless a kind says more
        (a backprop loss names its parameters and inputs)."""
        return (self.variable,)

    def parse(self) -> sympy.Basic:
        """The lesson's function, parsed (never evaluated). A kind whose function is not one
        expression (a map of the plane) overrides this and :meth:`function_text`.

        Raises
        ------
        ExpressionError
            Naming the field and the reason.
        """
        return parse_expression(self.function, variable=self.names(), field="function")

    def function_text(self, expression: sympy.Basic) -> str:
        """The parsed function written as a user types it, for summaries, facts and manifest."""
        return to_text(expression)

    @model_validator(mode="after")
    def _check(self) -> LessonConfig:
        self._check_notation()
        if self.id and not SLUG.match(self.id):
            raise ValueError(
                "id: must be a slug of lower-case letters, digits and single hyphens "
                f"(got {self.id!r})"
            )
        try:
            self.parse()
        except ExpressionError as error:
            raise ValueError(str(error)) from None
        return self


    def _check_notation(self) -> None:
        chosen = {"variable", "name"} & self.model_fields_set
        if self.fixed_names and chosen:
            field = sorted(chosen)[0]
            raise ValueError(f"{field}: {self.fixed_names}")
        for field in ("variable", "name"):
            reason = letter_problem(getattr(self, field), self.reserved)
            if reason:
                raise ValueError(f"{field}: {reason}")
        if self.name == self.variable:
            raise ValueError(f"name: must differ from the variable (both are {self.name!r})")


def letter_problem(text: str, reserved: tuple[str, ...] = ()) -> str:
    """Why ``text`` cannot name a lesson's variable or function, or ``""`` when it can.

    Examples
    --------
    >>> letter_problem("t"), letter_problem("e"), letter_problem("pi")
    ('', "'e' is the constant e; choose another letter", "must be one letter (got 'pi')")
    >>> letter_problem("h", ("h",))
    "'h' is the step h of this lesson's formulas; choose another letter"
    """
    if not isinstance(text, str) or not LETTER.match(text):
        return f"must be one letter (got {text!r})"
    if text in CONSTANTS:
        return f"{text!r} is the constant {text}; choose another letter"
    if text in reserved:
        return f"{text!r} is the step h of this lesson's formulas; choose another letter"
    return ""


LETTER = re.compile(r"^[A-Za-z]$")
"""A variable or function name: one ASCII letter."""


FactsFunction = Callable[[Any, Any, sympy.Symbol], Any]
"""Computes a kind's facts from its lesson config, parsed function and variable."""


@dataclass(frozen=True)
class Kind:
    """Everything derivanim and the renderer need to know about one lesson kind.

    Attributes
    ----------
    name : str
        The ``kind`` value of the config (``"secant"``).
    lesson : type
        Its config model, a :class:`LessonConfig` subclass with ``kind: Literal[name]``.
    facts_type : type
        The dataclass of its facts (its JSON Schema is published with the bundle).
    facts : callable
        ``facts(lesson, expression, variable)``: the facts of one lesson. Raises
        :class:`derivanim.errors.FieldError` naming the field when the math refuses a value.
    summary : callable
        ``summary(facts)``: a few plain sentences on what the video shows; the one source for
        ``render.py --check``, the course page and the manifest.
    chapters : callable
        ``chapters(facts)``: the lesson's beats, in storyboard order, as a mapping from the
        key the scene opens a beat with (``"question"``) to its chapter title ("The
        question"). A layout may leave a beat out (a table shown only in tall frames).
    scene : str
        Where its scene class lives, ``"module:Class"`` (derivanim never imports it; the
        render pipeline does).
    function_name : str
        The kind's default name of its function: ``"f(x)"``, or ``"L(w)"`` for a loss. A
        lesson may choose its own letters: texts take them from
        :meth:`LessonConfig.notation` (or ``facts.notation``) and
        :meth:`LessonConfig.function_label`, not from here.
    suggest : callable, optional
        ``suggest(survey)``: for ``render.py explain``, the lesson fields this kind would use
        for one function (a :class:`derivanim.explain.Survey`), best first, or a one-line
        reason why the kind does not apply. None: explain leaves the kind out.
    practice : callable
        ``practice(facts)``: the lesson's practice questions (:mod:`derivanim.practice`), two
        to four computed from its facts; a kind without any asks none.
    script : callable, optional
        ``script(lesson_facts)``: what the narrator says in each beat, as a mapping from beat
        key to full spoken sentences that describe what appears (:mod:`derivanim.scripts`).
        A beat it leaves out is narrated from its caption, said as words.
    """

    name: str
    lesson: type[LessonConfig]
    facts_type: type
    facts: FactsFunction
    summary: Callable[[Any], list[str]]
    chapters: Callable[[Any], dict[str, str]]
    scene: str
    function_name: str = "f(x)"
    suggest: Callable[[Any], list[dict[str, Any]] | str] | None = None
    practice: Callable[[Any], list[Question]] = no_practice
    script: Callable[[Any], dict[str, str]] | None = None
