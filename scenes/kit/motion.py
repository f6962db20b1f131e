"""Helpers for objects that other objects' updaters move."""

from __future__ import annotations

from manim import Mobject


def keep_fresh(*mobjects: Mobject) -> None:
    """Mark mobjects that an updater elsewhere changes, so every frame redraws them.

    Manim caches mobjects without updaters into a static background during an animation;
    a mobject mutated by another mobject's updater would freeze there.
    """
    for mobject in mobjects:
        mobject.add_updater(_unchanged)


def _unchanged(_: Mobject) -> None:
    """An updater that does nothing (see :func:`keep_fresh`)."""
