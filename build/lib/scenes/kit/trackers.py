"""Driving a picture through a value tracker that its updaters read."""

from __future__ import annotations

from manim import Animation, Scene, ValueTracker, smooth


def drive(scene: Scene, tracker: ValueTracker, value: float, run_time: float,
          *others: Animation) -> None:
    """Animate a tracker (updaters redraw the picture from it), then take it off the scene.

    A tracker is invisible, but Manim adds it to the scene when it is animated and it keeps
    its value as a point; removing it keeps the scene's contents to what is drawn. The
    updaters run once more at the end, so the picture shows the tracker's final value even
    when Manim skips the animation (``manim -s``).

    Parameters
    ----------
    scene : manim.Scene
        The scene that plays the animation.
    tracker : manim.ValueTracker
        The tracker the picture's updaters read.
    value : float
        Where the tracker ends.
    run_time : float
        Seconds the animation lasts (with a smooth start and stop).
    *others : manim.Animation
        Animations played alongside (prose, fades).
    """
    scene.play(tracker.animate.set_value(value), *others, run_time=run_time, rate_func=smooth)
    scene.remove(tracker)
    scene.update_mobjects(0)  # the final state, even when Manim skips animations (-s)
