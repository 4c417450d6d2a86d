"""The plugin package's modules import one another one way: no module imports, even
inside a function, a module that imports it back.

A circle hides which module is the base of the other (problems flow to one reporter,
content_problems; build_speed's settings are read by every part and read none), and
forces imports into functions to dodge the order the interpreter loads them in.
"""

from __future__ import annotations

import ast
from pathlib import Path

from sitetools.build import ROOT

PLUGINS = ROOT / "plugins"


def module_name(path: Path) -> str:
    parts = path.relative_to(PLUGINS).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports_between_modules() -> dict[str, set[str]]:
    """Each module of the package, and the modules of the package it imports anywhere in
    it (a package's ``__init__`` re-exporting its modules is the package's front door,
    not a module importing another, so it is left out)."""
    paths = {module_name(path): path for path in PLUGINS.rglob("*.py")}
    graph: dict[str, set[str]] = {}
    for name, path in paths.items():
        if path.name == "__init__.py":
            continue
        package = name.rsplit(".", 1)[0]
        imported: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.ImportFrom):
                continue
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                target = ".".join([*base, *([node.module] if node.module else [])])
            else:
                target = node.module or ""
            for candidate in [target, *(f"{target}.{alias.name}" for alias in node.names)]:
                if candidate in paths and candidate != name:
                    imported.add(candidate)
        graph[name] = imported
    return graph


def circles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Every import circle between modules (not packages), each from a module back to it."""
    found = []

    def walk(module: str, path: list[str]) -> None:
        for target in sorted(graph.get(module, ())):
            if target == path[0]:
                found.append([*path, target])
            elif target not in path and target > path[0]:
                walk(target, [*path, target])

    for module in sorted(graph):
        walk(module, [module])
    return found


def test_the_circle_finder_finds_a_circle():
    assert circles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c", "a"]]


def test_no_module_of_the_plugins_imports_a_module_that_imports_it():
    graph = imports_between_modules()
    assert "rso_plugins.content_problems.pelican_messages" in graph
    assert circles(graph) == []
