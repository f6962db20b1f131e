"""A title too long for the title band is refused before any rendering, naming the lesson and
the aspect, and every title the check lets through does fit when the scene sets it."""

from __future__ import annotations

import subprocess
import sys

import pytest

from derivanim.preflight import TITLE_SAFE_LENGTH
from scenes.kit.layout import Layout
from scenes.kit.theme import THEMES
from scenes.kit.titles import fit_title, longest_fitting, title_problems
from tests.views.helpers import ASPECTS, ROOT

LONG = "Why secant lines through two nearby points become the tangent line"


def test_the_long_title_of_the_issue_fails_the_check_with_exit_2():
    result = subprocess.run(
        [sys.executable, "render.py", "--check", "--set", f"secant.title={LONG}"], cwd=ROOT,
        capture_output=True, text=True, timeout=120, check=False)
    assert result.returncode == 2
    assert ("error: config/course.toml: lesson 'secant': title: does not fit the 16:9 title band "
            "(66 characters; this one fits about") in result.stderr


@pytest.mark.parametrize("aspect", ASPECTS)
def test_what_the_check_passes_fits_and_what_it_refuses_does_not(aspect):
    layout, theme = Layout.for_aspect(aspect), THEMES["dark"]
    fits = longest_fitting(layout, theme)
    assert fits > TITLE_SAFE_LENGTH  # short titles need no measuring in any aspect
    words = (LONG + " again and again and again").split()
    for count in range(3, len(words) + 1):
        title = " ".join(words[:count])
        refused = title_problems([("secant", title)], aspect)
        if refused:
            with pytest.raises(ValueError, match="title does not fit"):
                fit_title(title, layout, theme)
        else:
            group = fit_title(title, layout, theme)
            box = layout.title
            assert group.width <= box.width + 1e-6 and group.height <= box.height + 1e-6
