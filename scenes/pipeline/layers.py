"""Draw only what changed: a Cairo camera that keeps the unchanged bottom of the picture.

Manim's Cairo renderer caches a static background once per ``play`` call, and only for the
mobjects that take no part in the animation and have no updaters. A lesson keeps many
mobjects with updaters that end up not changing them (a label that follows a point that is not
moving), and inside one ``play`` most of the picture often stays put, so Cairo rebuilds and
fills the same paths frame after frame.

:class:`LayerCamera` decides per frame instead, from what is drawn rather than from who might
move it. It lists the mobjects to draw in Manim's order, notes each one's drawn state (class,
points, fill and stroke colours, widths, joints, caps, gradient direction), and keeps a copy of
the pixels after the longest run of mobjects, from the bottom of the drawing order, whose state
is the same as on the previous frame. The next frame starts from that copy while that run is
still unchanged and draws only the mobjects above it. Cairo paints each mobject onto the pixels
already there, so starting from a copy of those pixels gives the same bytes as painting the
run again: frames are pixel-identical to drawing everything.

:class:`LayerRenderer` makes Manim's renderer draw every frame through the camera in full
drawing order (its own per-``play`` static image is switched off; the camera's layer does that
work for every mobject).
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable
from typing import Any

import numpy as np
from manim.camera.camera import Camera
from manim.mobject.mobject import Mobject
from manim.mobject.types.vectorized_mobject import VMobject
from manim.renderer.cairo_renderer import CairoRenderer
from manim.utils.iterables import list_update

State = tuple[Any, ...]
"""Everything about one mobject that decides the pixels Cairo paints for it."""


def drawn_state(mobject: Any) -> State | None:
    """What Cairo paints for ``mobject``; ``None`` for a mobject that is never kept in a layer.

    Only vectorized mobjects are compared (images and point clouds always count as changed).

    Examples
    --------
    >>> from manim import Square
    >>> square = Square()
    >>> drawn_state(square) == drawn_state(square.copy())
    True
    >>> before = drawn_state(square)
    >>> _ = square.shift([0.5, 0, 0])
    >>> drawn_state(square) == before
    False
    >>> _ = square.shift([-0.5, 0, 0]).set_fill(opacity=0.5)
    >>> drawn_state(square) == before
    False
    """
    if not isinstance(mobject, VMobject):
        return None
    get = mobject.__dict__.get
    return (type(mobject), mobject.points.tobytes(),
            *(_frozen(get(name)) for name in _STYLE))


_STYLE = ("fill_rgbas", "stroke_rgbas", "background_stroke_rgbas", "stroke_width",
          "background_stroke_width", "joint_type", "cap_style", "sheen_direction",
          "background_image", "shade_in_3d")
"""The attributes of a VMobject that Manim's Cairo camera reads when it paints one."""


def _frozen(value: Any) -> Any:
    """``value`` in a form that compares by content (arrays as bytes)."""
    return value.tobytes() if isinstance(value, np.ndarray) else value


_INVISIBLE: State = ("paints nothing",)


class LayerCamera(Camera):
    """Manim's Cairo camera, starting each frame from the pixels of its unchanged bottom layer.

    Attributes
    ----------
    drawn, reused : int
        Mobjects painted, and mobjects whose paint was reused from the layer, so far.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._previous: list[tuple[int, State | None]] = []
        self._layer: np.ndarray | None = None
        self._layer_count = 0
        self._layer_key: tuple[Any, ...] = ()
        self._layer_background: np.ndarray | None = None
        self.drawn = 0
        self.reused = 0

    def _view_key(self) -> tuple[Any, ...]:
        """What, besides the mobjects, changes every pixel (background, frame position)."""
        return (np.asarray(self.frame_center).tobytes(),
                float(self.frame_width), float(self.frame_height), self.pixel_array.shape)

    def draw_frame(self, mobjects: Iterable[Any], **kwargs: Any) -> None:
        """Paint a whole frame: the background, then ``mobjects`` (reusing the layer)."""
        family = self.get_mobjects_to_display(mobjects, **kwargs)
        states = [(id(m), self._state(m)) for m in family]
        same = 0
        for now, before in zip(states, self._previous):
            if now != before or now[1] is None:
                break
            same += 1
        key = self._view_key()
        valid = (self._layer is not None and key == self._layer_key
                 and self.background is self._layer_background and same >= self._layer_count)
        if valid:
            assert self._layer is not None
            np.copyto(self.pixel_array, self._layer)
            start = self._layer_count
        else:
            self.reset()
            start = 0
            self._layer, self._layer_count = None, 0
        if same > start:  # more of the bottom is unchanged: grow the layer
            self._paint(family[start:same])
            self._layer = self.pixel_array.copy()
            self._layer_count, self._layer_key = same, key
            self._layer_background = self.background
            start = same
        self.reused += start
        self._paint(family[start:])
        self._previous = states

    def _state(self, mobject: Any) -> State | None:
        """A mobject's drawn state; a plain :class:`Mobject` (a ``ValueTracker``, say) paints
        nothing, so it never changes the picture."""
        if self.type_or_raise(mobject) is Mobject:
            return _INVISIBLE
        return drawn_state(mobject)

    def _paint(self, mobjects: list[Any]) -> None:
        """Paint mobjects in order, in runs of one type, as :meth:`Camera.capture_mobjects`."""
        self.drawn += len(mobjects)
        for group_type, group in itertools.groupby(mobjects, self.type_or_raise):
            self.display_funcs[group_type](list(group), self.pixel_array)


class LayerRenderer(CairoRenderer):
    """Manim's Cairo renderer, drawing every frame whole through a :class:`LayerCamera`."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("camera_class", LayerCamera)
        super().__init__(*args, **kwargs)

    def save_static_frame_data(self, scene: Any, static_mobjects: Iterable[Any]) -> None:
        """No per-``play`` static image: the camera's layer covers it."""
        self.static_image = None

    def update_frame(self, scene: Any, mobjects: Iterable[Any] | None = None,
                     include_submobjects: bool = True, ignore_skipping: bool = True,
                     **kwargs: Any) -> None:
        """Draw the whole scene (whichever mobjects Manim says are moving)."""
        if self.skip_animations and not ignore_skipping:
            return
        everything = list_update(scene.mobjects, scene.foreground_mobjects)
        self.camera.draw_frame(everything, include_submobjects=include_submobjects, **kwargs)
