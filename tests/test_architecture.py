"""The arrows between the layers run one way, read off every import in the tree.

``derivanim`` (pure) <- ``scenes`` (the kit, then one scene module per kind) <-
``scenes.pipeline`` (the render pipeline) <- ``render.py`` (the command line). Imports inside
functions count as much as those at the top of a module, and so do ``importlib`` calls with a
literal module name.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from conftest import REPO

from derivanim.kinds import REGISTRY

LIMIT = 520
"""Lines a module of derivanim/ or scenes/ may have (files are named for one idea)."""


def module_name(path: Path) -> str:
    parts = list(path.relative_to(REPO).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def modules(package: str) -> dict[str, Path]:
    return {module_name(path): path for path in sorted((REPO / package).rglob("*.py"))}


def imported(path: Path, package: str | None = None) -> set[str]:
    """Every module a file imports, at any depth of its code (relative imports resolved
    against ``package``, by default the file's own package)."""
    names: set[str] = set()
    if package is None:
        package = module_name(path).rsplit(".", 1)[0]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                base = ".".join([*package.split(".")[: len(package.split(".")) - node.level + 1],
                                 *([base] if base else [])])
            names.add(base)
            names.update(f"{base}.{alias.name}" for alias in node.names)
        elif (isinstance(node, ast.Call) and getattr(node.func, "attr", "") == "import_module"
              and node.args and isinstance(node.args[0], ast.Constant)):
            names.add(str(node.args[0].value))
    return names


def offenders(package: str, forbidden: tuple[str, ...], *, skip: tuple[str, ...] = ()
              ) -> list[str]:
    found = []
    for name, path in modules(package).items():
        if name in skip:
            continue
        for target in sorted(imported(path)):
            if any(target == f or target.startswith(f"{f}.") for f in forbidden):
                found.append(f"{name} imports {target}")
    return found


SCENE_MODULES = sorted(kind.scene.partition(":")[0] for kind in REGISTRY)


def test_the_reader_sees_function_level_relative_and_importlib_imports(tmp_path: Path):
    fake = tmp_path / "fake.py"
    fake.write_text("import numpy\n"
                    "def late():\n    from scenes.secant import SecantScene\n    import manim\n"
                    "class Deep:\n    def method(self):\n        from . import writer\n"
                    "        importlib.import_module('scenes.limit')\n")
    assert imported(fake, package="scenes.pipeline") >= {
        "numpy", "scenes.secant", "scenes.secant.SecantScene", "manim", "scenes.pipeline",
        "scenes.pipeline.writer", "scenes.limit"}


def test_derivanim_never_imports_manim_scenes_or_the_command_line():
    assert offenders("derivanim", ("manim", "manimpango", "cairo", "scenes", "render")) == []


def test_no_scene_module_imports_another_scene_module_or_the_pipeline():
    problems = []
    for name in SCENE_MODULES:
        path = REPO / Path(*name.split(".")).with_suffix(".py")
        others = [other for other in SCENE_MODULES if other != name]
        for target in imported(path):
            if any(target == o or target.startswith(f"{o}.") for o in others):
                problems.append(f"{name} imports {target}")
            if target == "scenes.pipeline" or target.startswith("scenes.pipeline."):
                problems.append(f"{name} imports {target}")
    assert problems == []


def test_the_kit_imports_neither_scene_modules_nor_the_pipeline():
    assert offenders("scenes/kit", ("scenes.pipeline", *SCENE_MODULES)) == []


def test_nothing_imports_the_command_line():
    found = []
    for package in ("derivanim", "scenes", "bench"):
        found += offenders(package, ("render",))
    assert found == []


@pytest.mark.parametrize("package", ["derivanim", "scenes"])
def test_every_module_is_about_one_idea_and_short(package: str):
    long = {name: len(path.read_text(encoding="utf-8").splitlines())
            for name, path in modules(package).items()}
    assert {name: lines for name, lines in long.items() if lines > LIMIT} == {}


def test_every_registered_scene_module_exists_and_is_named_for_its_kind():
    for kind in REGISTRY:
        module, _, cls = kind.scene.partition(":")
        assert module == f"scenes.{kind.name}", kind.name
        source = (REPO / "scenes" / f"{kind.name}.py").read_text(encoding="utf-8")
        assert f"class {cls}(" in source, kind.name
