"""The shared TeX cache: its lock survives Manim's clean-up and keeps two processes apart."""

from __future__ import annotations

import subprocess
import sys
import textwrap

from manim import tempconfig
from manim.utils.tex_file_writing import delete_nonsvg_files

from scenes.kit.tex_cache import lock_path
from tests.views.helpers import ROOT


def test_the_lock_file_survives_manims_cleanup_of_the_cache_folder(tmp_path):
    cache = tmp_path / "tex"
    cache.mkdir()
    lock = lock_path(cache)
    lock.touch()
    (cache / "formula.dvi").touch()
    with tempconfig({"tex_dir": str(cache)}):
        delete_nonsvg_files()
    assert lock.exists() and not (cache / "formula.dvi").exists()


HOLDER = """
import sys, time
from pathlib import Path
from scenes.kit.tex_cache import cache_lock
with cache_lock(Path(sys.argv[1])):
    print("held", flush=True)
    time.sleep(float(sys.argv[2]))
"""


def test_a_second_process_waits_for_the_lock(tmp_path):
    cache = tmp_path / "tex"
    cache.mkdir()
    script = textwrap.dedent(HOLDER)
    first = subprocess.Popen([sys.executable, "-c", script, str(cache), "3"], cwd=ROOT,
                             stdout=subprocess.PIPE, text=True)
    assert first.stdout is not None and first.stdout.readline() == "held\n"
    timing = ("import time, runpy, sys; t = time.monotonic(); sys.argv = ['x', sys.argv[1], '0'];"
              f"exec({script!r}); print(round(time.monotonic() - t, 2))")
    second = subprocess.run([sys.executable, "-c", timing, str(cache)], cwd=ROOT,
                            capture_output=True, text=True, timeout=60, check=True)
    first.wait(timeout=60)
    waited = float(second.stdout.split()[-1])
    assert waited > 0.8, second.stdout  # it could not take the lock while the first held it


def test_a_lock_held_too_long_gives_a_clear_error(tmp_path):
    cache = tmp_path / "tex"
    cache.mkdir()
    script = textwrap.dedent(HOLDER)
    holder = subprocess.Popen([sys.executable, "-c", script, str(cache), "5"], cwd=ROOT,
                              stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline() == "held\n"
        waiting = subprocess.run(
            [sys.executable, "-c", "import sys; from pathlib import Path; "
             "from scenes.kit.tex_cache import acquire, cache_lock\n"
             "try:\n    acquire(cache_lock(Path(sys.argv[1]), seconds=0.3))\n"
             "except TimeoutError as error:\n    print(error)", str(cache)],
            cwd=ROOT, capture_output=True, text=True, timeout=60, check=True)
        assert waiting.stdout.startswith("waited 0.3 s for the TeX cache lock ")
        assert "another render seems stuck" in waiting.stdout
    finally:
        holder.wait(timeout=60)
