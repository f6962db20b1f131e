"""How a lesson names its function and variable: f(x) by default, s(t) when the author says so.

Every text a lesson shows or speaks (summaries, captions, narration, facts, the scene's TeX)
takes its letters from one :class:`Notation`, which the lesson config gives
(:meth:`derivanim.kinds.base.LessonConfig.notation`) and the kind's facts carry
(``facts.notation``).

Examples
--------
>>> Notation().function, Notation("L", "w").slope("2")
('f(x)', 'L′(2)')
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Notation:
    """The letters a lesson writes its function with: ``f`` and ``x`` unless the author
    names them (``s`` and ``t`` for a position).

    Text (summaries, captions, narration, facts) uses :meth:`of` and :meth:`slope` (a
    typographic prime); TeX on screen uses :meth:`of_tex` and :meth:`slope_tex`.

    Examples
    --------
    >>> n = Notation("s", "t")
    >>> n.function, n.derivative, n.of("2"), n.at("1")
    ('s(t)', 's′(t)', 's(2)', 't = 1')
    """

    name: str = "f"
    variable: str = "x"

    @property
    def function(self) -> str:
        """The function with its variable: ``"s(t)"``."""
        return self.of(self.variable)

    @property
    def derivative(self) -> str:
        """Its derivative as text: ``"s′(t)"``."""
        return self.slope(self.variable)

    def of(self, argument: str) -> str:
        """The function at ``argument``, as text: ``"s(1)"``."""
        return f"{self.name}({argument})"

    def slope(self, argument: str) -> str:
        """The derivative at ``argument``, as text with a typographic prime: ``"s′(1)"``."""
        return f"{self.name}′({argument})"

    def at(self, value: str) -> str:
        """The variable set to ``value``: ``"t = 1"``."""
        return f"{self.variable} = {value}"

    def of_tex(self, argument: str) -> str:
        """The function at ``argument``, as TeX: ``"s(a + h)"``."""
        return f"{self.name}({argument})"

    def slope_tex(self, argument: str) -> str:
        """The derivative at ``argument``, as TeX: ``"s'(1)"``."""
        return f"{self.name}'({argument})"
