"""The examples in the docstrings of every ``scenes`` module run and hold.

pytest collects doctests from ``derivanim`` (see ``testpaths``) but not from ``scenes``, whose
package name the test folder ``tests/views`` shares; this runs them explicitly.
"""

from __future__ import annotations

import doctest
import importlib
import pkgutil

import pytest

import scenes

MODULES = sorted(
    info.name for info in pkgutil.walk_packages(scenes.__path__, prefix="scenes.")
)


def test_the_real_scenes_package_is_walked():
    assert {"scenes.kit.fit", "scenes.kit.lesson_scene", "scenes.pipeline.runner"} <= set(MODULES)


@pytest.mark.parametrize("name", MODULES)
def test_module_examples_hold(name):
    module = importlib.import_module(name)
    failures, _ = doctest.testmod(module, optionflags=doctest.NORMALIZE_WHITESPACE)
    assert failures == 0, f"{name}: {failures} docstring example(s) failed (run it with -s)"
