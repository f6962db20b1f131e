"""Shared helpers for the derivanim test suite (pure package only: nothing here renders)."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import sympy
from hypothesis import settings

from derivanim.config import parse_course
from derivanim.expressions import parse_expression

REPO = Path(__file__).resolve().parent.parent
"""The repository root (where render.py and config/ live)."""

# Fuzz tests stay moderate so the whole suite runs in well under a minute; no example database
# is written into the working tree.
settings.register_profile("derivanim", max_examples=300, database=None, print_blob=True)
settings.load_profile("derivanim")


def make_lesson(**fields: Any) -> Any:
    """Validate one lesson (given as its TOML fields) the way a course file would be."""
    return parse_course({"lessons": [fields]}).lessons[0]


def expr(text: str, variable: str = "x") -> sympy.Expr:
    """Parse a function the way a lesson does."""
    return parse_expression(text, variable=variable)


def timed(call: Callable[[], Any]) -> tuple[float, Any]:
    """Run ``call`` and return (seconds, result or the exception it raised)."""
    start = time.perf_counter()
    try:
        outcome: Any = call()
    except Exception as error:  # noqa: BLE001 - the caller inspects it
        outcome = error
    return time.perf_counter() - start, outcome


@pytest.fixture
def write_toml(tmp_path: Path) -> Callable[[str, str], Path]:
    """Write a course file into tmp_path and return its path."""

    def write(text: str, name: str = "course.toml") -> Path:
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        return path

    return write
