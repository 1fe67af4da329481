"""The packages of Angara import one another in one direction only.

Every ``import`` and ``from ... import`` of every module under ``src/angara`` counts, at
the top of a module or inside a function (a lazy import is still a dependency), and so do
imports for type checking only.  A module belongs to its top-level package of ``angara``
(``angara.plan.solve`` to ``plan``; ``angara.atomic`` to ``atomic``; ``angara/__init__.py``
to ``angara``), and inside the server to its sub-package (``angara.server.api.runs`` to
``server.api``; ``angara.server.app`` to ``server.app``).

The order, first to last (a package may import only packages of earlier tiers; packages
in one tier do not import each other; ``atomic``, ``cells``, ``i18n`` and ``tables`` import
nothing of Angara but one another and anyone may import them)::

    scenario → angara → chain → plan → assess | validation → risk → results → workflow
    → report → server → server.settings → server.store → server.jobs → server.services
    → server.api | server.web → server.app → cli → __main__

The same order is written in ``angara/__init__.py``.  Outside the server, only the
command line imports it; the server's store imports no numerics.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import networkx as nx
import pytest

import angara

SOURCE = Path(angara.__file__).resolve().parent

# modules that import nothing of Angara but one another: anyone may import them
FOUNDATION = frozenset({"atomic", "cells", "i18n", "tables"})
ORDER: tuple[tuple[str, ...], ...] = (
    ("scenario",),  # reading, checking, writing scenarios
    ("angara",),  # the package itself: __version__ and angara.load
    ("chain",),  # streams, plant slots, modes, arcs of a scenario
    ("plan",),  # the optimizer
    ("assess", "validation"),  # what a plan gives; benchmark instances solved as scenarios
    ("risk",),  # the risk of a plan: Monte Carlo, tornado, re-planning
    ("results",),  # the one reader of result folders
    ("workflow",),  # the stages chained: plan → assess → risk → write
    ("report",),  # figures, maps, HTML, PDF, workbook
    ("server",),  # angara.server's own __init__
    ("server.settings",),
    ("server.store",),  # the database only
    ("server.jobs",),  # the run queue and what a run does
    ("server.services",),  # what the API and the pages share
    ("server.api", "server.web", "server.gate"),  # API, pages, request gate: none imports another
    ("server.app",),  # create_app composes them
    ("cli",),  # the command line: the only importer of angara.server outside it
    ("__main__",),
)
TIER = {package: tier for tier, packages in enumerate(ORDER) for package in packages}
NUMERICS = frozenset({"chain", "plan", "assess", "risk", "results", "workflow", "report"})


def package_of(module: str) -> str:
    """The package node of a dotted module name inside ``angara``."""
    parts = module.split(".")
    if len(parts) == 1:
        return "angara"
    if parts[1] == "server" and len(parts) > 2:
        return f"server.{parts[2]}"
    return parts[1]


def modules() -> Iterator[tuple[str, Path]]:
    """Every module of ``src/angara`` with its dotted name (a package by its ``__init__``)."""
    for path in sorted(SOURCE.rglob("*.py")):
        parts = ("angara", *path.relative_to(SOURCE).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts = parts[:-1]
        yield ".".join(parts), path


def imported(module: str, path: Path) -> Iterator[str]:
    """The modules of Angara that ``module`` imports, anywhere in it."""
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                origin = ".".join([*base, *([node.module] if node.module else [])])
            else:
                origin = node.module or ""
            for alias in node.names:
                # ``from angara.server import store`` imports the sub-package, not the package
                child = f"{origin}.{alias.name}"
                yield child if _exists(child) else origin


def _exists(module: str) -> bool:
    relative = Path(*module.split(".")[1:])
    return (SOURCE / relative).is_dir() or (SOURCE / relative).with_suffix(".py").is_file()


def import_graph() -> nx.DiGraph:
    """Packages, and an edge from each to every package it imports (with the modules that do)."""
    graph = nx.DiGraph()
    for module, path in modules():
        source = package_of(module)
        graph.add_node(source)
        for target in imported(module, path):
            if target.split(".")[0] != "angara":
                continue
            sink = package_of(target)
            if sink != source:
                graph.add_edge(source, sink)
                graph.edges[source, sink].setdefault("by", set()).add(module)
    return graph


@pytest.fixture(scope="module")
def graph() -> nx.DiGraph:
    return import_graph()


def test_every_package_has_its_place(graph: nx.DiGraph) -> None:
    assert sorted(set(graph.nodes) - set(TIER) - FOUNDATION) == []
    assert {"server.store", "server.jobs", "server.api", "server.web", "results", "workflow"} <= set(graph)


def test_the_foundation_imports_nothing_of_angara(graph: nx.DiGraph) -> None:
    outside = [(f, sorted(set(graph.successors(f)) - FOUNDATION)) for f in sorted(FOUNDATION)]
    assert [(f, sinks) for f, sinks in outside if sinks] == []


def test_no_cycles(graph: nx.DiGraph) -> None:
    assert list(nx.simple_cycles(graph)) == []


def test_no_package_imports_a_later_one(graph: nx.DiGraph) -> None:
    backwards = [
        (source, sink, sorted(data["by"]))
        for source, sink, data in graph.edges(data=True)
        if sink not in FOUNDATION and TIER[sink] >= TIER[source]
    ]
    assert backwards == []


def test_only_the_command_line_imports_the_server(graph: nx.DiGraph) -> None:
    outside = [
        (source, sink)
        for source, sink in graph.edges
        if (sink == "server" or sink.startswith("server."))
        and not (source.startswith("server") or source == "cli")
    ]
    assert outside == []


def test_the_store_is_the_database_only(graph: nx.DiGraph) -> None:
    assert sorted(set(graph.successors("server.store")) & NUMERICS) == []


def test_the_graph_sees_lazy_and_relative_imports(tmp_path: Path) -> None:
    """The parser counts an import inside a function and a relative one (known answers)."""
    module = tmp_path / "late.py"
    module.write_text(
        "def f():\n"
        "    from angara.server.store import users\n"
        "    from . import atomic\n"
        "    import angara.plan\n",
        encoding="utf-8",
    )
    assert sorted(imported("angara.late", module)) == [
        "angara.atomic",
        "angara.plan",
        "angara.server.store.users",
    ]
    assert [
        package_of(m) for m in ("angara", "angara.server", "angara.server.api.runs", "angara.plan.solve")
    ] == [
        "angara",
        "server",
        "server.api",
        "plan",
    ]
