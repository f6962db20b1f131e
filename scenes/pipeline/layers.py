"""Draw only what changed: a Cairo camera that keeps the unchanged bottom of the picture.

Manim's Cairo renderer caches a static background once per ``play`` call, and only for the
mobjects that take no part in the animation and have no updaters. A lesson keeps many
mobjects with updaters that end up not changing them (a label that follows a point that is not
moving), and inside one ``play`` most of the picture often stays put, so Cairo rebuilds and
fills the same paths frame after frame.

:class:`LayerCamera` adds a layer on top of that image, decided per frame from what is drawn
rather than from who might move it. It lists the mobjects to draw in Manim's order, notes each
one's drawn state (class, points, fill and stroke colours, widths, joints, caps, gradient
direction), and keeps a copy of the pixels with the mobjects whose state is the same as on the
previous frame painted in. The next frame starts from that copy while they stay unchanged and
paints only the others. Cairo paints each mobject onto the pixels already there, and two
mobjects whose paint cannot reach the same pixels may be painted in either order, so the
frames are pixel-identical to painting everything.

:class:`LayerRenderer` is Manim's Cairo renderer drawing through that camera; it keeps
Manim's per-``play`` static image as the base of each frame, so the pictures are the ones
Manim's renderer paints (that image shows static mobjects as they were when the ``play``
began).
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

    Only vectorized mobjects are compared: images, point clouds and mobjects coloured from a
    background image always count as changed (and as reaching the whole frame).

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
    if not isinstance(mobject, VMobject) or mobject.get_background_image():
        return None  # images, point clouds, and VMobjects Manim colours from an image as one batch
    values = mobject.__dict__
    try:  # the usual case, spelt out: this runs for every mobject on every frame
        return (type(mobject), mobject.points.tobytes(), values["fill_rgbas"].tobytes(),
                values["stroke_rgbas"].tobytes(), values["background_stroke_rgbas"].tobytes(),
                _frozen(values["stroke_width"]), _frozen(values["background_stroke_width"]),
                values["joint_type"], values["cap_style"], _frozen(values["sheen_direction"]),
                values["shade_in_3d"])
    except (KeyError, AttributeError):
        return (type(mobject), mobject.points.tobytes(),
                *(_frozen(values.get(name)) for name in _STYLE))


_STYLE = ("fill_rgbas", "stroke_rgbas", "background_stroke_rgbas", "stroke_width",
          "background_stroke_width", "joint_type", "cap_style", "sheen_direction",
          "shade_in_3d")
"""The attributes of a VMobject that Manim's Cairo camera reads when it paints one."""


def _frozen(value: Any) -> Any:
    """``value`` in a form that compares by content (arrays as bytes)."""
    return value.tobytes() if isinstance(value, np.ndarray) else value


MITER_REACH = 5.0
"""How far past a path a stroke's corner can reach, in stroke widths (Cairo's miter limit, 10,
times half the width)."""
EDGE_PIXELS = 2.0
"""Antialiasing touches pixels this close to a painted edge (one would do; two is safe)."""

Box = tuple[float, float, float, float]
"""A mobject's reach on the frame in pixels: left, top, right, bottom."""
EVERYWHERE: Box = (-np.inf, -np.inf, np.inf, np.inf)


def overlaps(box: Box, others: list[Box]) -> bool:
    """Whether ``box`` meets any of ``others``.

    Examples
    --------
    >>> overlaps((0, 0, 2, 2), [(3, 0, 4, 2), (1, 1, 5, 5)]), overlaps((0, 0, 2, 2), [(3, 0, 4, 2)])
    (True, False)
    """
    left, top, right, bottom = box
    return any(left < o_right and o_left < right and top < o_bottom and o_top < bottom
               for o_left, o_top, o_right, o_bottom in others)


class LayerCamera(Camera):
    """Manim's Cairo camera, starting each frame from a layer of the mobjects that stay put.

    The layer holds the mobjects that did not change since the previous frame, except any that
    reach over a changing mobject drawn below them (those must still be painted after it).
    The rest are painted over the layer in Manim's order. Two mobjects whose painted pixels do
    not meet can be painted in either order with the same result, so every frame has the bytes
    Manim's camera would paint.

    Attributes
    ----------
    drawn, reused : int
        Mobjects painted, and mobjects whose paint came from the layer, so far.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._previous: dict[int, State | None] = {}
        self._layer: np.ndarray | None = None
        self._members: dict[int, State | None] = {}
        self._boxes: dict[int, Box] = {}
        self._blocked: set[int] = set()
        self._layer_key: tuple[Any, ...] = ()
        self._layer_background: np.ndarray | None = None
        self._base: np.ndarray | None = None
        self.drawn = 0
        self.reused = 0

    def _view_key(self) -> tuple[Any, ...]:
        """What, besides the mobjects, changes every pixel (frame position and size)."""
        return (np.asarray(self.frame_center).tobytes(),
                float(self.frame_width), float(self.frame_height), self.pixel_array.shape)

    def draw_frame(self, mobjects: Iterable[Any], base: np.ndarray | None = None,
                   **kwargs: Any) -> None:
        """Paint a whole frame: ``base`` (Manim's static image of a ``play``) or the
        background, then ``mobjects`` in Manim's drawing order, reusing the layer."""
        family = [m for m in self.get_mobjects_to_display(mobjects, **kwargs)
                  if self.type_or_raise(m) is not Mobject]  # plain Mobjects paint nothing
        states = {id(m): drawn_state(m) for m in family}
        self._base = base
        key = self._view_key()
        rest = self._over_layer(family, states, key)
        if rest is None or self._worth_rebuilding(rest, states):
            members, rest = self._plan(family, states)
            self._start()
            self._paint(members)
            self._layer = self.pixel_array.copy() if members else None
            self._members = {id(m): states[id(m)] for m in members}
            self._layer_key, self._layer_background = key, self._base_pixels()
        else:
            assert self._layer is not None
            np.copyto(self.pixel_array, self._layer)
        self.reused += len(self._members) if self._layer is not None else 0
        self._paint(rest)
        self._previous = states

    def _base_pixels(self) -> np.ndarray | None:
        """The pixels a frame starts from: the static image when there is one."""
        return self._base if self._base is not None else self.background

    def _start(self) -> None:
        """Start the frame from its base pixels."""
        if self._base is not None:
            self.set_frame_to_background(self._base)
        else:
            self.reset()

    def _over_layer(self, family: list[Any], states: dict[int, State | None],
                    key: tuple[Any, ...]) -> list[Any] | None:
        """What to paint over the current layer, or ``None`` when the layer no longer holds."""
        if (self._layer is None or key != self._layer_key
                or self._base_pixels() is not self._layer_background):
            return None
        seen, rest, boxes = 0, [], []
        for mobject in family:
            ident = id(mobject)
            if ident in self._members:
                if states[ident] != self._members[ident] or states[ident] is None:
                    return None
                if boxes and overlaps(self._boxes[ident], boxes):
                    return None
                seen += 1
            else:
                rest.append(mobject)
                boxes.append(self._box(mobject))
        return rest if seen == len(self._members) else None

    def _worth_rebuilding(self, rest: list[Any], states: dict[int, State | None]) -> bool:
        """Whether enough of what is painted over the layer has stopped changing."""
        settled = sum(1 for m in rest if id(m) not in self._blocked and states[id(m)] is not None
                      and self._previous.get(id(m), _UNSEEN) == states[id(m)])
        return settled >= max(4, len(rest) // 2)

    def _plan(self, family: list[Any], states: dict[int, State | None]
              ) -> tuple[list[Any], list[Any]]:
        """Split the family into the layer (unchanged since the last frame, not reaching over a
        changing mobject below) and the rest, both in Manim's order."""
        members, rest, boxes = [], [], []
        self._boxes, self._blocked = {}, set()
        for mobject in family:
            ident = id(mobject)
            state = states[ident]
            settled = state is not None and self._previous.get(ident, _UNSEEN) == state
            box = self._box(mobject)
            if settled and not (boxes and overlaps(box, boxes)):
                members.append(mobject)
                self._boxes[ident] = box
            else:
                if settled:
                    self._blocked.add(ident)
                rest.append(mobject)
                boxes.append(box)
        return members, rest

    def _box(self, mobject: Any) -> Box:
        """The pixels a mobject's paint can reach (the whole frame for anything but a VMobject)."""
        if not isinstance(mobject, VMobject) or mobject.get_background_image():
            return EVERYWHERE
        points = mobject.points
        low, high = points[:, :2].min(axis=0), points[:, :2].max(axis=0)
        if not (np.isfinite(low).all() and np.isfinite(high).all()):
            return EVERYWHERE
        scale_x = self.pixel_width / self.frame_width
        scale_y = self.pixel_height / self.frame_height
        width = max(mobject.get_stroke_width(), mobject.get_stroke_width(background=True))
        reach = MITER_REACH * width * self.cairo_line_width_multiple * scale_x + EDGE_PIXELS
        centre_x, centre_y = self.frame_center[0], self.frame_center[1]
        left = (low[0] - centre_x) * scale_x + self.pixel_width / 2
        right = (high[0] - centre_x) * scale_x + self.pixel_width / 2
        top = self.pixel_height / 2 - (high[1] - centre_y) * scale_y
        bottom = self.pixel_height / 2 - (low[1] - centre_y) * scale_y
        return (left - reach, top - reach, right + reach, bottom + reach)

    def _paint(self, mobjects: list[Any]) -> None:
        """Paint mobjects in order, in runs of one type, as :meth:`Camera.capture_mobjects`."""
        self.drawn += len(mobjects)
        for group_type, group in itertools.groupby(mobjects, self.type_or_raise):
            self.display_funcs[group_type](list(group), self.pixel_array)


_UNSEEN: State = ("not on the previous frame",)


class LayerRenderer(CairoRenderer):
    """Manim's Cairo renderer, drawing every frame whole through a :class:`LayerCamera`."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("camera_class", LayerCamera)
        super().__init__(*args, **kwargs)

    def update_frame(self, scene: Any, mobjects: Iterable[Any] | None = None,
                     include_submobjects: bool = True, ignore_skipping: bool = True,
                     **kwargs: Any) -> None:
        """Paint a frame as Manim's renderer would (its ``play``'s static image, then
        ``mobjects`` or the whole scene), through the layer camera."""
        if self.skip_animations and not ignore_skipping:
            return
        if not mobjects:
            mobjects = list_update(scene.mobjects, scene.foreground_mobjects)
        self.camera.draw_frame(mobjects, base=self.static_image,
                               include_submobjects=include_submobjects, **kwargs)
