"""Building lesson scenes in Manim's dry-run mode, and checking what they drew."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
from manim import Mobject, VMobject, tempconfig

from derivanim.config import load_course
from derivanim.facts import LessonFacts, lesson_facts
from scenes.kit.layout import Box
from scenes.kit.tex_cache import install_tex_lock
from scenes.pipeline.runner import manim_settings, scene_class

ROOT = Path(__file__).resolve().parents[2]
CONFIGS = sorted([ROOT / "config" / "course.toml", *(ROOT / "config" / "examples").glob("*.toml")])
ASPECTS = ("16:9", "9:16", "1:1", "4:5")


def all_lessons() -> list[tuple[Path, str, str]]:
    """(config file, lesson id, kind) for every lesson of every config in config/: of a
    sweep's lessons (one template, many values) only the first, to keep the suite quick."""
    found = []
    for path in CONFIGS:
        config = load_course(path)
        swept: set[str] = set()
        for lesson in config.lessons:
            sweep = config.origin(lesson.id).split(" (")[0]
            if sweep and sweep in swept:
                continue
            swept.add(sweep)
            found.append((path, lesson.id, lesson.kind))
    return found


def facts_of(path: Path, lesson_id: str) -> LessonFacts:
    """Compute the facts of one lesson of a config file."""
    return lesson_facts(load_course(path).lesson(lesson_id))


def dry_render(facts: LessonFacts, aspect: str = "16:9", theme: str = "dark",
               frame_rate: int = 2, inspect: Callable[[Any], None] | None = None,
               setup: Callable[[Any], None] | None = None):
    """Run a lesson scene's whole construct() without writing video; return the scene.

    A low frame rate keeps it quick: updaters and animations still run, at fewer frames.
    ``inspect(scene)`` is called after every ``play`` and ``wait``, to check what is on screen
    at each step; ``setup(scene)`` is called once the scene is built, before it renders (to
    hook into its frames, say).
    """
    media = Path(tempfile.gettempdir()) / f"derivanim-dry-{os.getpid()}"  # one per test process
    settings = manim_settings("low", aspect, media, facts.lesson.id)
    settings.update(dry_run=True, frame_rate=frame_rate)
    install_tex_lock()
    with tempconfig(settings):
        scene = scene_class(facts.lesson.kind)(facts=facts, theme=theme)
        if inspect is not None:
            for name in ("play", "wait"):
                original = getattr(scene, name)

                def checked(*args: Any, _original: Callable = original, **kwargs: Any) -> None:
                    _original(*args, **kwargs)
                    inspect(scene)

                setattr(scene, name, checked)
        if setup is not None:
            setup(scene)
        scene.render()
    return scene


def bounding_box(mobject: Mobject) -> Box | None:
    """The box around a mobject's drawn points (None when it has none)."""
    points = [m.points for m in mobject.get_family() if len(m.points)]
    if not points:
        return None
    stacked = np.vstack(points)
    return Box(float(stacked[:, 0].min()), float(stacked[:, 0].max()),
               float(stacked[:, 1].min()), float(stacked[:, 1].max()))


def visible_leaves(scene) -> list[VMobject]:
    """Every drawn leaf mobject still on screen at the end of the scene."""
    leaves = []
    for top in scene.mobjects:
        for part in top.get_family():
            if part.submobjects or not len(part.points):
                continue
            opacity = max(part.get_fill_opacity(), part.get_stroke_opacity()) if isinstance(part, VMobject) else 1
            if opacity > 0:
                leaves.append(part)
    return leaves


def last_frame(facts: LessonFacts, aspect: str = "16:9", short_side: int = 240) -> np.ndarray:
    """Render only the final frame of a lesson (animations skipped) as an RGB array."""
    from derivanim.config import pixel_size

    width, height = pixel_size(aspect, short_side)
    media = Path(tempfile.gettempdir()) / f"derivanim-frame-{os.getpid()}"
    settings = manim_settings("low", aspect, media, facts.lesson.id)
    settings.update(pixel_width=width, pixel_height=height, write_to_movie=False,
                    save_last_frame=True)
    install_tex_lock()
    with tempconfig(settings):
        scene = scene_class(facts.lesson.kind)(facts=facts)
        scene.render()
        frame = np.array(scene.renderer.get_frame())
    return frame[:, :, :3]


def visible(part: Mobject, min_opacity: float = 0.0) -> bool:
    """Drawn with more than ``min_opacity`` (a ValueTracker, an empty slot or an anchor is not)."""
    return bool(
        isinstance(part, VMobject) and len(part.points) > 0
        and max(part.get_fill_opacity(), part.get_stroke_opacity()) > min_opacity
    )


def drawn_box(mobject: Mobject, min_opacity: float = 0.0) -> Box | None:
    """The box around the visible leaves of a mobject (None when nothing of it is drawn)."""
    leaves = [p for p in mobject.get_family() if not p.submobjects and visible(p, min_opacity)]
    return bounding_box(VMobject().add(*leaves)) if leaves else None


def texts_on_screen(scene: Any, min_opacity: float = 0.0) -> list[Mobject]:
    """The outermost texts, formulas and readouts currently drawn."""
    from manim import MathTex, Text

    from scenes.kit.text import Readout

    found: list[Mobject] = []

    def walk(mobject: Mobject) -> None:
        if isinstance(mobject, (Text, MathTex, Readout)):
            if drawn_box(mobject, min_opacity) is not None:
                found.append(mobject)
            return
        for child in mobject.submobjects:
            walk(child)

    for top in scene.mobjects:
        walk(top)
    return found
