"""Practice questions from the facts: every kind of the course and examples asks 2 to 4, each
answerable by its own rule, and the facts documents carrying them match the published schema."""

from __future__ import annotations

import json

import jsonschema
import pytest
from conftest import REPO

from derivanim.config import load_course
from derivanim.facts import course_facts, example, lesson_document
from derivanim.kinds import REGISTRY, kind_of
from derivanim.practice import Question, accepts, no_practice, read_number
from derivanim.schemas import facts_schema

CONFIGS = sorted((REPO / "config").glob("examples/*.toml")) + [REPO / "config" / "course.toml"]
ITEMS = [item for config in CONFIGS for item in course_facts(load_course(config))]
ASKING = ("limit", "secant", "slopes", "stretch", "chain", "descent", "rules", "jacobian",
          "numerics", "backprop")


@pytest.mark.parametrize("item", ITEMS, ids=lambda item: item.lesson.id)
def test_every_lesson_asks_two_to_four_answerable_questions(item):
    kind = kind_of(item.lesson.kind)
    questions = kind.practice(item.facts)
    if kind.practice is no_practice:  # a kind that has no questions yet asks none
        assert questions == []
        return
    assert 2 <= len(questions) <= 4
    for question in questions:
        assert question.question.endswith("?") and question.why
        if question.choices:
            assert question.answer in question.choices and question.tolerance == 0
            wrong = next(c for c in question.choices if c != question.answer)
            assert not accepts(question, wrong)
        else:
            assert question.tolerance > 0
            assert accepts(question, repr(question.answer))
            assert not accepts(question, repr(question.answer + 3 * question.tolerance))
        chapters = kind_of(item.lesson.kind).chapters(item.facts).values()
        assert question.reveal == "" or question.reveal in chapters


@pytest.mark.parametrize("item", ITEMS, ids=lambda item: item.lesson.id)
def test_practice_is_in_the_facts_document_and_matches_the_schema(item):
    doc = json.loads(json.dumps(lesson_document(item), allow_nan=False))
    assert bool(doc["facts"]["practice"]) == (item.lesson.kind in ASKING)
    jsonschema.validate(doc, facts_schema())


def test_a_users_own_function_gets_its_own_answers():
    default = kind_of("secant").practice(example(kind="secant", function="x^2", point=2).facts)
    own = kind_of("secant").practice(example(kind="secant", function="x^3", point=1).facts)
    assert default[0].answer == 4.5 and own[0].answer == pytest.approx(4.75)
    assert own[1].answer == pytest.approx(3.0)


def test_every_existing_kind_asks_and_the_default_asks_nothing():
    for kind in REGISTRY:
        assert (kind.practice is no_practice) == (kind.name not in ASKING)
    assert no_practice(object()) == []


def test_answers_are_read_as_numbers_or_fractions():
    question = Question("f'(1/4)?", 0.5, "2x at 1/4.", tolerance=0.005)
    assert accepts(question, "1/2") and accepts(question, ".5") and not accepts(question, "")
    assert read_number("1e-3") == 0.001 and read_number("--1") is None
