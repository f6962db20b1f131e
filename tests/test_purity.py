"""derivanim is the pure layer: importing any of it, or running --check, never loads Manim."""

from __future__ import annotations

import json
import subprocess
import sys

from conftest import REPO

PROBE = """
import importlib, json, pkgutil, sys
import derivanim
names = sorted(m.name for m in pkgutil.iter_modules(derivanim.__path__, "derivanim."))
for name in names:
    importlib.import_module(name)

def heavy():
    roots = ("manim", "manimpango", "scenes", "cairo")
    return sorted(m for m in sys.modules if m.split(".")[0] in roots)

after_import = heavy()
from click.testing import CliRunner
from render import main
check = CliRunner().invoke(main, ["--check", "--json"])
print(json.dumps({"modules": names, "after_import": after_import, "after_check": heavy(),
                  "check_exit": check.exit_code}))
"""

EXPECTED = {
    "analysis", "chain", "config", "descent", "errors", "expressions", "facts", "limits",
    "report", "sampling", "secants", "slopes", "stretch",
}


def test_importing_every_module_and_checking_the_course_never_loads_manim():
    completed = subprocess.run(
        [sys.executable, "-c", PROBE], cwd=REPO, capture_output=True, text=True, timeout=60,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr
    result = json.loads(completed.stdout)
    assert {f"derivanim.{name}" for name in EXPECTED} <= set(result["modules"])
    assert result["check_exit"] == 0
    assert result["after_import"] == []
    assert result["after_check"] == []
