"""scenario.yaml read with bounded work: an alias bomb ("billion laughs") and deep nesting are
refused as located problems in well under a second, never expanded or recursed into."""

from __future__ import annotations

import resource
import shutil
import time
from pathlib import Path

import pytest

from angara.scenario.problems import MESSAGE_LIMIT, VALUE_LIMIT, Problem
from angara.scenario.read import MAX_YAML_DEPTH, read_folder
from tests.conftest import MINI

# nine levels of nine aliases: 9**9 = 387 million strings once expanded (about 8.6 KB written)
BOMB = "\n".join(
    ['lol0: &lol0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    + [f"lol{k}: &lol{k} [{', '.join([f'*lol{k - 1}'] * 9)}]" for k in range(1, 10)]
)


def _scenario_with(tmp_path: Path, extra: str) -> Path:
    folder = tmp_path / "mini"
    shutil.copytree(MINI, folder)
    with (folder / "scenario.yaml").open("a", encoding="utf-8") as handle:
        handle.write(extra + "\n")
    return folder


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def test_an_alias_bomb_is_refused_at_its_first_alias(tmp_path: Path) -> None:
    folder = _scenario_with(tmp_path, BOMB)
    before, started = _peak_mb(), time.perf_counter()
    raw = read_folder(folder)
    seconds = time.perf_counter() - started
    problems = [p for p in raw.problems if p.where == "scenario.yaml"]
    assert problems and "aliases (*lol0) are not allowed" in problems[0].message
    assert problems[0].row is not None and problems[0].row > 1
    assert seconds < 2.0
    assert _peak_mb() - before < 50.0


@pytest.mark.parametrize("depth", [MAX_YAML_DEPTH + 1, 100_000])
def test_deep_nesting_is_refused_without_recursion(tmp_path: Path, depth: int) -> None:
    folder = _scenario_with(tmp_path, "deep: " + "[" * depth + "]" * depth)
    raw = read_folder(folder)
    problems = [p for p in raw.problems if p.where == "scenario.yaml"]
    assert problems and f"nested deeper than {MAX_YAML_DEPTH} levels" in problems[0].message


def test_an_anchor_without_aliases_and_ordinary_nesting_still_read(tmp_path: Path) -> None:
    folder = _scenario_with(tmp_path, "note: &kept [a, [b, [c]]]")
    raw = read_folder(folder)
    assert not [p for p in raw.problems if "YAML" in p.message]


def test_a_problem_echoes_at_most_a_bounded_value_and_message() -> None:
    problem = Problem("scenario.yaml", "unknown key " + "m" * 10**6, column="bomb", value="x" * 10**7)
    assert problem.value is not None and len(problem.value) == VALUE_LIMIT and problem.value.endswith("…")
    assert len(problem.message) == MESSAGE_LIMIT
    assert len(str(problem)) < MESSAGE_LIMIT + 200
    assert problem.as_dict()["value"] == problem.value
    assert Problem("a.csv", "short", value="ok").value == "ok"
