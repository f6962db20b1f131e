"""Where a render's time goes: our secant scene once under cProfile, summed by activity.

cProfile slows Python code down (C code such as Cairo's drawing and x264 much less), so the
shares are a rough guide, and the activities overlap (an updater may build text). The table
lists the cumulative time of a few functions that mark each activity.
"""

from __future__ import annotations

import cProfile
import io
import pstats
from pathlib import Path
from typing import Any

from bench.inprocess import render_scene, scene_classes, secant_facts_of

MARKERS: tuple[tuple[str, str, str], ...] = (
    ("the whole render (Scene.render)", "manim/scene/scene.py", "render"),
    ("animations (Scene.play)", "manim/scene/scene.py", "play"),
    ("Cairo rasterising (LayerCamera.draw_frame)", "scenes/pipeline/layers.py", "draw_frame"),
    ("  of which painting (LayerCamera._paint)", "scenes/pipeline/layers.py", "_paint"),
    ("building Text and MathTex (SVGMobject.__init__)", "manim/mobject/svg/svg_mobject.py",
     "__init__"),
    ("updaters (Scene.update_mobjects)", "manim/scene/scene.py", "update_mobjects"),
    ("animation steps (Animation.interpolate)", "manim/animation/animation.py", "interpolate"),
    ("copying each frame (CairoRenderer.get_frame)", "manim/renderer/cairo_renderer.py",
     "get_frame"),
    ("handing frames to the writer (write_frame)", "bench/inprocess.py", "write_frame"),
)
"""(activity, file path ending, function name) of the functions that mark each activity."""


def profile_secant(quality: str, work: Path) -> dict[str, Any]:
    """Render our secant scene once under cProfile; return the activity table and top functions."""
    facts = secant_facts_of()
    scene_class = scene_classes()["ours"]
    profiler = cProfile.Profile()
    profiler.enable()
    done = render_scene(scene_class, facts, quality, work)
    profiler.disable()
    stats = pstats.Stats(profiler)
    table = stats.stats  # type: ignore[attr-defined]
    activities = []
    for label, path_end, name in MARKERS:
        seconds = sum(entry[3] for (filename, _, function), entry in table.items()
                      if filename.endswith(path_end) and function == name)
        activities.append((label, seconds))
    text = io.StringIO()
    pstats.Stats(profiler, stream=text).sort_stats("tottime").print_stats(20)
    lines = [line for line in text.getvalue().splitlines() if line.strip()]
    start = next((i for i, line in enumerate(lines) if line.lstrip().startswith("ncalls")), 0)
    return {"seconds": done.seconds, "video_seconds": done.video_seconds,
            "activities": activities, "top": lines[start:]}
