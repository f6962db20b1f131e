"""The backprop scene draws what the facts say: a card per node with its rounded value and
gradient, an arrow per edge from operand to operation, each labelled with its local derivative
and seen during the backward pass, the update lines from the facts, in every aspect."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

from derivanim.backprop_words import edge_label, on_graph, update_short_tex, update_tex
from tests.views.helpers import ASPECTS, ROOT, dry_render, facts_of, texts_on_screen

COURSE = ROOT / "config" / "course.toml"
TWO_LAYER = ROOT / "config" / "examples" / "backprop-two-layer.toml"
CASES = [(COURSE, "backprop", aspect) for aspect in ASPECTS] + [
    (TWO_LAYER, "backprop-two-layer", "16:9"), (TWO_LAYER, "backprop-two-layer", "9:16")]
_RUNS: dict[tuple, tuple[Any, list[set[int]]]] = {}


def run(path, lesson_id: str, aspect: str) -> tuple[Any, list[set[int]]]:
    """Dry-render once per case; keep the ids of the texts on screen after every step."""
    key = (path, lesson_id, aspect)
    if key not in _RUNS:
        seen: list[set[int]] = []
        scene = dry_render(facts_of(path, lesson_id), aspect,
                           inspect=lambda s: seen.append({id(t) for t in texts_on_screen(s, 0.5)}))
        _RUNS[key] = (scene, seen)
    return _RUNS[key]


def distance_to_segment(point: np.ndarray, start: np.ndarray, end: np.ndarray) -> float:
    along = end - start
    share = float(np.clip(np.dot(point - start, along) / np.dot(along, along), 0.0, 1.0))
    return float(np.linalg.norm(point - (start + share * along)))


@pytest.mark.parametrize(("path", "lesson_id", "aspect"), CASES)
def test_every_edge_is_an_arrow_labelled_with_its_local_derivative(path, lesson_id, aspect):
    scene, seen = run(path, lesson_id, aspect)
    facts, graph = scene.backprop, scene.graph
    assert len(graph.arrows) == len(facts.edges) == len(graph.texts)
    for edge in facts.edges:
        key = (edge.source, edge.target, edge.slot)
        arrow, text = graph.arrows[key], graph.texts[key]
        assert text.text == edge_label(edge.local).replace(" ", "")
        start, end = arrow.get_start(), arrow.get_end()
        source, target = graph.cards[edge.source].box(), graph.cards[edge.target].box()
        assert source.left - 0.3 <= start[0] <= source.right + 0.3
        assert source.bottom - 0.3 <= start[1] <= source.top + 0.3, "the arrow leaves its operand"
        assert target.left - 0.3 <= end[0] <= target.right + 0.3
        assert target.bottom - 0.3 <= end[1] <= target.top + 0.3, "and reaches its operation"
        reach = distance_to_segment(text.get_center(), start, end)
        assert reach <= text.height / 2 + 0.2, "the label sits on its arrow"
        assert any(id(text) in step for step in seen), "the label is shown"


@pytest.mark.parametrize(("path", "lesson_id", "aspect"), CASES)
def test_cards_show_the_rounded_facts(path, lesson_id, aspect):
    scene, seen = run(path, lesson_id, aspect)
    for node in scene.backprop.nodes:
        card = scene.graph.cards[node.key]
        assert card.name.tex_string == node.latex
        assert card.value.text == on_graph(node.value)
        assert card.gradient.text == on_graph(node.gradient)
        assert any(id(card.value) in step for step in seen), f"{node.name}: value shown"
        assert any(id(card.gradient) in step for step in seen), f"{node.name}: gradient shown"
    final = seen[-1]
    lines = [line for line in scene.update_lines if id(line) in final]
    steps = scene.backprop.update
    written = [line.tex_string for line in lines][:len(steps)]
    assert written in ([update_tex(step, scene.backprop.learning_rate) for step in steps],
                       [update_short_tex(step) for step in steps])


@pytest.mark.parametrize(("path", "lesson_id", "aspect"), CASES)
def test_the_forward_pass_reaches_each_node_before_the_backward_pass_returns(path, lesson_id,
                                                                             aspect):
    scene, seen = run(path, lesson_id, aspect)
    facts, graph = scene.backprop, scene.graph

    def first(mobject: Any) -> int:
        return next(index for index, step in enumerate(seen) if id(mobject) in step)

    values = [first(graph.cards[n.key].value) for n in facts.nodes if n.role == "operation"]
    assert values == sorted(values), "forward: operations in order, leaves to loss"
    gradients = [first(graph.cards[n.key].gradient) for n in reversed(facts.nodes)]
    assert gradients == sorted(gradients), "backward: from the loss back to the leaves"
    assert max(values) < min(gradients)
    for node in facts.nodes[:-1]:
        for edge in facts.outgoing(node.key):
            label = graph.texts[(edge.source, edge.target, edge.slot)]
            assert first(label) <= first(graph.cards[node.key].gradient)
    assert [beat.key for beat in scene.beats] == list(scene.chapters)
    assert 30 <= scene.time <= 120  # beats hold for their captions: 20 characters a second
