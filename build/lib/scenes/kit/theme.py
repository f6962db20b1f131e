"""Colour themes: one meaning per colour, the same meanings in every lesson.

Each theme maps the same roles (the function, its secants, its tangent, the derivative's graph,
the input and output number lines, positive and negative slope) to its own colours. The
high-contrast theme uses the Okabe-Ito palette, chosen to stay distinguishable under the common
colour-vision deficiencies (the test suite checks it with the Machado simulation matrices).
"""

from __future__ import annotations

from dataclasses import dataclass, fields


@dataclass(frozen=True)
class Theme:
    """Colours by meaning, as ``#rrggbb`` strings.

    Attributes
    ----------
    background, text, muted, axes : str
        The page, prose and formulas, secondary text, and axes with their ticks.
    function : str
        The lesson's function f (its graph, and its input number line).
    secant : str
        Secant lines, second points, and the output number line.
    tangent : str
        Tangent lines and the derivative's value at a point.
    derivative : str
        The graph of f'.
    positive, negative : str
        Positive and negative slopes (increasing / decreasing).
    highlight : str
        The single thing the learner should look at now.
    """

    name: str
    background: str
    text: str
    muted: str
    axes: str
    function: str
    secant: str
    tangent: str
    derivative: str
    positive: str
    negative: str
    highlight: str

    def roles(self) -> dict[str, str]:
        """The colour of every meaning (everything except name, background and text).

        Examples
        --------
        >>> sorted(THEMES["dark"].roles())[:3]
        ['axes', 'derivative', 'function']
        """
        skip = {"name", "background", "text", "muted"}
        return {f.name: getattr(self, f.name) for f in fields(self) if f.name not in skip}

    @property
    def input_line(self) -> str:
        """The input number line shares the function's colour."""
        return self.function

    @property
    def output_line(self) -> str:
        """The output number line shares the secant's (second point's) colour."""
        return self.secant


THEMES: dict[str, Theme] = {
    "dark": Theme(
        name="dark",
        background="#12151C",
        text="#ECEFF4",
        muted="#9AA3B5",
        axes="#7D8799",
        function="#58C4DD",
        secant="#F5A524",
        tangent="#FF6B8B",
        derivative="#C58AF9",
        positive="#83C167",
        negative="#FC6255",
        highlight="#FFE066",
    ),
    "light": Theme(
        name="light",
        background="#FBFBF8",
        text="#1B1E24",
        muted="#5A6270",
        axes="#6B7280",
        function="#1F6FB2",
        secant="#B45F06",
        tangent="#C2185B",
        derivative="#6A1B9A",
        positive="#2E7D32",
        negative="#C62828",
        highlight="#0B4F8A",
    ),
    "high-contrast": Theme(
        name="high-contrast",
        background="#000000",
        text="#FFFFFF",
        muted="#D0D0D0",
        axes="#BBBBBB",
        function="#56B4E9",
        secant="#E69F00",
        tangent="#F0E442",
        derivative="#CC79A7",
        positive="#009E73",
        negative="#D55E00",
        highlight="#FFFFFF",
    ),
}
"""The available themes by name."""
