"""A title too long for the title band is refused before any rendering, naming the lesson and
the aspect, and every title the check lets through does fit when the scene sets it."""

from __future__ import annotations

import subprocess
import sys

import pytest

from scenes.kit.layout import Layout
from scenes.kit.theme import THEMES
from scenes.kit.title_estimate import TITLE_SIZE, estimated_width, surely_fits
from scenes.kit.titles import fit_title, title_problems
from tests.views.helpers import ASPECTS, ROOT

LONG = "Why secant lines through two nearby points become the tangent line"


def test_the_long_title_of_the_issue_fails_the_check_with_exit_2():
    result = subprocess.run(
        [sys.executable, "render.py", "--check", "--set", f"secant.title={LONG}"], cwd=ROOT,
        capture_output=True, text=True, timeout=120, check=False)
    assert result.returncode == 2
    assert ("error: config/course.toml: lesson 'secant': title: does not fit the 16:9 title band "
            "(66 characters; this one fits about") in result.stderr


@pytest.fixture
def private_media(tmp_path):
    """Manim's text cache in a folder of this test's own (other workers write the shared one)."""
    from manim import tempconfig

    with tempconfig({"media_dir": str(tmp_path)}):
        yield


@pytest.mark.parametrize("aspect", ASPECTS)
def test_what_the_check_passes_fits_and_what_it_refuses_does_not(aspect, private_media):
    layout, theme = Layout.for_aspect(aspect), THEMES["dark"]
    words = (LONG + " again and again and again").split()
    for count in (4, 7, 10, 13, 16):
        title = " ".join(words[:count])
        refused = title_problems([("secant", title)], aspect)
        if surely_fits(title, aspect):  # the check that skips Manim must never be wrong
            assert not refused, title
        if refused:
            with pytest.raises(ValueError, match="title does not fit"):
                fit_title(title, layout, theme)
        else:
            group = fit_title(title, layout, theme)
            box = layout.title
            assert group.width <= box.width + 1e-6 and group.height <= box.height + 1e-6


def test_the_width_table_is_fresh_and_the_estimate_is_close(private_media):
    """The shipped widths are those Manim measures now, and a sentence's estimate is within 3%
    of its set width."""
    import json

    from manim import Text

    from scenes.kit.title_estimate import TABLE
    from scripts.measure_title_glyphs import measure
    from scenes.kit.text import FONT

    assert json.loads(TABLE.read_text(encoding="utf-8")) == json.loads(json.dumps(measure()))
    for title in ("Secant lines become the tangent", "Derivatives with numbers, and where they break",
                  "f′(x) = 3x² − 3 at x = 1.5"):
        real = Text(title, font=FONT, font_size=TITLE_SIZE).width
        assert abs(estimated_width(title, TITLE_SIZE) - real) <= 0.03 * real, title


def test_a_course_of_ordinary_titles_is_checked_without_manim():
    result = subprocess.run(
        [sys.executable, "-X", "importtime", "render.py", "--check"], cwd=ROOT,
        capture_output=True, text=True, timeout=120, check=False)
    assert result.returncode == 0, result.stderr
    assert "| manim" not in result.stderr
