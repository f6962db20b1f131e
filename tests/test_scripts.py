"""Scripts for the ear: every beat of every kind has full spoken sentences, free of symbols."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from derivanim.config import load_course
from derivanim.facts import example, lesson_facts
from derivanim.kinds import kind_of, names
from derivanim.scripts import script_for
from derivanim.scripts import names as script_names
from derivanim.speech import leftover_symbols

ROOT = Path(__file__).resolve().parents[1]
CONFIGS = [ROOT / "config" / "course.toml", *sorted((ROOT / "config" / "examples").glob("*.toml"))]

SHOWING = re.compile(r"\b(appears?|drawn|written|marked|carried|carries|shown|slides|sweeps|"
                     r"runs|joins|stops|walks|lists|plotted|revealed|pictured|named|splits|"
                     r"multiply|approach|limit|is|are|sits|opens|takes|flattens|points|"
                     r"becomes|shows)\b")
"""Words by which a script says what is on screen or what it shows."""


def _lessons() -> list[tuple[str, object]]:
    found = []
    for path in CONFIGS:
        for lesson in load_course(path).lessons:
            found.append((f"{path.stem}:{lesson.id}", lesson))
    return found


LESSONS = _lessons()


@pytest.mark.parametrize("name,lesson", LESSONS, ids=[name for name, _ in LESSONS])
def test_every_beat_has_a_spoken_script_without_symbols(name: str, lesson: object) -> None:
    facts = lesson_facts(lesson)
    scripts = script_for(facts)
    beats = kind_of(facts.lesson.kind).chapters(facts.facts)
    lacking = [key for key in beats if not scripts.get(key)]
    assert lacking == [], f"{name}: beats without a script: {lacking}"
    assert set(scripts) <= set(beats), f"{name}: scripts for beats the kind has not: " \
                                       f"{sorted(set(scripts) - set(beats))}"
    for key, text in scripts.items():
        assert leftover_symbols(text) == [], f"{name} {key}: {text!r}"
        assert not re.search(r"\d", text), f"{name} {key}: digits left: {text!r}"
        assert text[0].isupper() and text.rstrip()[-1] in ".?!", f"{name} {key}: {text!r}"
        assert len(text.split()) >= 6 and SHOWING.search(text), f"{name} {key}: {text!r}"
        assert text.lower() != beats[key].lower()


def test_all_ten_kinds_have_scripts() -> None:
    assert [kind for kind in names() if kind_of(kind).script is None] == []
    assert {lesson.kind for _, lesson in LESSONS} == set(names())


def test_scripts_carry_the_lessons_numbers_in_words() -> None:
    secant = script_for(example(kind="secant", function="x^2", point=2))
    assert "h equals two to the right, at x equals four" in secant["first"]
    assert "goes from six to four point two five" in secant["shrink"]
    assert secant["tangent"].endswith("with slope four.")
    chain = script_for(example(kind="chain", function="sin(x^2)", point=1.2))
    assert chain["multiply"] == ("The two factors multiply: two point four times zero point one "
                                 "three zero four is zero point three one three.")
    descent = script_for(example(kind="descent", function="(w - 2)^2", start=-1.0))
    assert "w equals minus one to w equals" in descent["step"]


def test_names_come_from_the_kind() -> None:
    assert script_names(example(kind="secant", function="x^2", point=2)) == ("f", "x")
    assert script_names(example(kind="descent", function="(w - 2)^2")) == ("L", "w")
    lesson = example(kind="slopes", function="x^3 - 3x")
    assert "f prime of x equals three x squared minus three" in script_for(lesson)["derivative"]
