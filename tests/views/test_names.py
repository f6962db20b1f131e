"""A lesson in the author's letters: s(t), t and s'(1) stand where f(x), x and f'(a) stood, on
screen (TeX of labels, axes and formulas) and in what it says (prose and captions)."""

from __future__ import annotations

import pytest

from derivanim.config import parse_course
from derivanim.facts import lesson_facts
from tests.views.helpers import ROOT, dry_render, facts_of


def recorded(facts, aspect="16:9"):
    """Dry-run a lesson; return the scene, every TeX string built, and every sentence said."""
    said: list[str] = []

    def setup(scene):
        original = scene.set_prose

        def remember(text, color=None):
            said.append(text)
            return original(text, color)

        scene.set_prose = remember

    scene = dry_render(facts, aspect, setup=setup)
    captions = [beat.caption for beat in scene.beats]
    return scene, said, captions


def tex_strings(scene) -> list[str]:
    found = []
    for top in scene.mobjects:
        for part in top.get_family():
            text = getattr(part, "tex_string", None)
            if text:
                found.append(text)
    return found


def test_the_position_lesson_speaks_and_shows_s_of_t():
    facts = facts_of(ROOT / "config" / "examples" / "position.toml", "position")
    scene, said, captions = recorded(facts)
    assert scene.f_label.tex_string == r"s(t) = 5 t^{2}"
    assert scene.plot.x_name.tex_string == "t"
    assert scene.algebra[0].tex_string == r"\frac{s(1 + h) - s(1)}{h}"
    assert scene.tangent_label.tex_string == "y = 10t - 5"
    assert "Tangent slope: s'(1) = 10" in said
    assert "How steep is it at t = 1?" in said
    assert captions[0].startswith("How steep is this curve exactly at t = 1?")
    assert any("at t = 1 simplifies to 5h + 10" in caption for caption in captions)
    assert any("Up close, s looks like a line of slope 10." in caption for caption in captions)
    everything = " ".join([*said, *captions, *tex_strings(scene)])
    for default in ("f(x)", "f'(", "x = "):
        assert default not in everything


@pytest.mark.parametrize("kind, fields, expected", [
    ("limit", {"function": "sin(t)/t", "point": "0"}, r"g(t) ="),
    ("slopes", {"function": "t^3 - 3t", "points": ["-1", 0, 1.5]}, r"g'(t) ="),
    ("stretch", {"function": "t^2", "points": [1.5, -1]}, r"g'(t) ="),
    ("numerics", {"function": "exp(t)", "point": 1}, "g'(1) = 2.7183"),
])
def test_other_kinds_write_the_authors_letters(kind, fields, expected):
    """Each kind's dry run: its TeX shows g and t, and nothing it says or shows keeps f or x."""
    lesson = parse_course({"lessons": [{"kind": kind, **fields, "variable": "t", "name": "g"}]})
    scene, said, captions = recorded(lesson_facts(lesson.lessons[0]))
    shown = tex_strings(scene)
    assert any(text.startswith(expected) for text in shown), shown
    everything = " ".join([*said, *captions, *shown])
    for default in ("f(x)", "f'(x)", "f′(", "x = "):
        assert default not in everything


def test_a_descent_lesson_may_name_its_cost_and_quantity():
    lesson = parse_course({"lessons": [{"kind": "descent", "function": "(q - 3)^2 + 1",
                                        "start": 0, "variable": "q", "name": "C"}]})
    scene, said, captions = recorded(lesson_facts(lesson.lessons[0]))
    assert scene.plot.x_name.tex_string == "q" and scene.plot.y_name.tex_string == "C"
    assert scene.slope_name.tex_string == "dC/dq ="
    assert captions[0].startswith("Training a model means making a loss small. Here the loss C")
    assert not any("L(w)" in text or "w = " in text for text in [*said, *captions[:-2]])
