"""The registry of lesson kinds: each kind is one module of this package and one entry here.

To add a kind, write ``derivanim/kinds/<name>.py`` (its config model, facts, summary and
chapters, declared as ``KIND``), its scene in ``scenes/<name>.py``, and add ``<name>.KIND`` to
:data:`REGISTRY` (the README's "Adding a lesson kind" walks through it).

Examples
--------
>>> names()
('limit', 'secant', 'slopes', 'rules', 'stretch', 'chain', 'jacobian', 'numerics', 'descent', 'backprop')
>>> kind_of("descent").function_name
'L(w)'
>>> kind_of("tangent")
Traceback (most recent call last):
...
KeyError: "unknown lesson kind 'tangent' (choose one of limit, secant, slopes, rules, stretch, chain, jacobian, numerics, descent, backprop)"
"""

from __future__ import annotations

from typing import Annotated, Union

from pydantic import Field

from derivanim.kinds import (
    backprop,
    chain,
    descent,
    jacobian,
    limit,
    numerics,
    rules,
    secant,
    slopes,
    stretch,
)
from derivanim.kinds.base import Kind, LessonConfig

REGISTRY: tuple[Kind, ...] = (limit.KIND, secant.KIND, slopes.KIND, rules.KIND, stretch.KIND,
                              chain.KIND, jacobian.KIND, numerics.KIND, descent.KIND,
                              backprop.KIND)
"""Every lesson kind, in the order the course teaches them."""

_BY_NAME = {kind.name: kind for kind in REGISTRY}


def names() -> tuple[str, ...]:
    """The names of every registered kind, in course order."""
    return tuple(_BY_NAME)


def kind_of(name: str) -> Kind:
    """The registered kind called ``name``.

    Raises
    ------
    KeyError
        Naming the known kinds, when there is none.
    """
    try:
        return _BY_NAME[name]
    except KeyError:
        raise KeyError(f"unknown lesson kind {name!r} (choose one of {', '.join(names())})") from None


Lesson = Annotated[Union[tuple(kind.lesson for kind in REGISTRY)],  # type: ignore[valid-type]
                   Field(discriminator="kind")]
"""Any lesson config, told apart by its ``kind`` field."""

__all__ = ["REGISTRY", "Kind", "Lesson", "LessonConfig", "kind_of", "names"]
