"""Motion helpers: objects that other objects' updaters move, copy-free fades, stepped easing."""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence

import numpy as np
from manim import (
    ORIGIN,
    Animation,
    AnimationGroup,
    FadeIn,
    FadeOut,
    Group,
    Mobject,
    Succession,
    VMobject,
    smooth,
)


def keep_fresh(*mobjects: Mobject) -> None:
    """Mark mobjects that an updater elsewhere changes, so every frame redraws them.

    Manim caches mobjects without updaters into a static background during an animation;
    a mobject mutated by another mobject's updater would freeze there.
    """
    for mobject in mobjects:
        mobject.add_updater(_unchanged)


def _unchanged(_: Mobject) -> None:
    """An updater that does nothing (see :func:`keep_fresh`)."""


class Fade(Animation):
    """Fade mobjects in or out by scaling their opacities in place, without copying them.

    Manim's FadeIn and FadeOut deep-copy what they fade; a plot with its ticks, labels and a
    1200-point curve has hundreds of parts, and copying it costs more than drawing it. This
    scales the opacity columns of the parts' colour arrays instead, and restores them when it
    ends, so a faded-out mobject comes back with its own colours (parts kept invisible on
    purpose stay invisible).

    Parameters
    ----------
    *mobjects : Mobject
        What to fade.
    appear : bool
        True to fade in (the mobjects are added), False to fade out (they are removed).
    **kwargs
        Passed to :class:`~manim.Animation` (``run_time``, ``rate_func``).
    """

    def __init__(self, *mobjects: Mobject, appear: bool, **kwargs: object) -> None:
        group = mobjects[0] if len(mobjects) == 1 else Group(*mobjects)
        super().__init__(group, introducer=appear, remover=not appear,
                         **kwargs)  # type: ignore[arg-type]
        self.appear = appear
        self.saved: list[tuple[VMobject, np.ndarray, np.ndarray, np.ndarray]] = []

    def create_starting_mobject(self) -> Mobject:
        """No copy: the opacities saved in :meth:`begin` are all this animation needs."""
        return self.mobject

    def begin(self) -> None:
        """Remember every part's opacities, then start from fully faded (or fully shown)."""
        self.saved = [
            (part, part.fill_rgbas[:, 3].copy(), part.stroke_rgbas[:, 3].copy(),
             part.background_stroke_rgbas[:, 3].copy())
            for part in self.mobject.get_family() if isinstance(part, VMobject)
        ]
        super().begin()

    def _scale(self, factor: float) -> None:
        for part, fill, stroke, background in self.saved:
            part.fill_rgbas[:, 3] = fill * factor
            part.stroke_rgbas[:, 3] = stroke * factor
            part.background_stroke_rgbas[:, 3] = background * factor

    def interpolate_mobject(self, alpha: float) -> None:
        """Scale every part's opacities by the eased progress."""
        level = self.rate_func(alpha)
        self._scale(level if self.appear else 1.0 - level)

    def clean_up_from_scene(self, scene: object) -> None:
        """Remove faded-out mobjects and give them back their opacities."""
        super().clean_up_from_scene(scene)  # type: ignore[arg-type]
        if not self.appear:
            self._scale(1.0)


def fade_in(*mobjects: Mobject, **kwargs: object) -> Fade:
    """Fade in without copying (see :class:`Fade`)."""
    return Fade(*mobjects, appear=True, **kwargs)


def fade_out(*mobjects: Mobject, **kwargs: object) -> Fade:
    """Fade out without copying (see :class:`Fade`)."""
    return Fade(*mobjects, appear=False, **kwargs)


OUT_SHARE = 0.4
"""Share of a hand-over's run time spent fading the old text out, before the new comes in."""


def hand_over(old: Mobject | None, new: Mobject, shift: np.ndarray = ORIGIN,
              out_share: float = OUT_SHARE) -> Animation:
    """One animation that replaces ``old`` with ``new`` in the same place, never showing both.

    ``old`` fades out during the first ``out_share`` of the run time, then ``new`` fades in
    (moving by ``shift``) during the rest, so two different texts never lie on top of each
    other. It is a single animation: played with others, it takes the ``run_time`` of the
    ``play`` call like they do, so the call lasts as long as a crossfade would.

    Examples
    --------
    >>> from manim import Dot, Square
    >>> swap = hand_over(Square(), Dot())
    >>> type(swap).__name__, [round(a.run_time, 2) for a in swap.animations]
    ('Succession', [0.4, 0.6])
    >>> type(hand_over(None, Dot())).__name__
    'FadeIn'
    """
    if old is None:
        return FadeIn(new, shift=shift)
    return Succession(FadeOut(old, run_time=out_share),
                      FadeIn(new, shift=shift, run_time=1.0 - out_share))


def in_turn(leaving: Sequence[Animation], entering: Sequence[Animation],
            out_share: float = OUT_SHARE) -> Animation:
    """One animation that plays ``leaving`` during the first ``out_share`` of its run time and
    ``entering`` during the rest: what leaves a place is gone before what replaces it comes.

    Like :func:`hand_over`, but for whole panels (readouts out, a formula in) and for any
    animations, not just fades.

    Examples
    --------
    >>> from manim import Dot, Square
    >>> swap = in_turn([FadeOut(Square())], [FadeIn(Dot())])
    >>> type(swap).__name__, [round(a.run_time, 2) for a in swap.animations]
    ('Succession', [0.4, 0.6])
    >>> type(in_turn([], [FadeIn(Dot())])).__name__
    'AnimationGroup'
    """
    if not leaving or not entering:
        return AnimationGroup(*leaving, *entering)
    return Succession(AnimationGroup(*leaving, run_time=out_share),
                      AnimationGroup(*entering, run_time=1.0 - out_share))


def hop_steps(count: int) -> Callable[[float], float]:
    """A rate function for ``count`` hops in one animation: each eases in and out on its own.

    Examples
    --------
    >>> rate = hop_steps(4)
    >>> [rate(t) for t in (0.0, 0.25, 0.5, 1.0)], bool(0.25 < rate(0.3) < 0.5)
    ([0.0, 0.25, 0.5, 1.0], True)
    """
    def rate(t: float) -> float:
        position = min(max(t, 0.0), 1.0) * count
        whole = min(math.floor(position), count - 1)
        return float((whole + smooth(position - whole)) / count)

    return rate
