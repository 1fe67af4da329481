"""The model written down: LP snapshots of the mini scenario per constraint group, the LP
file read back by HiGHS, and docs/model.md naming every group of the default's model."""

from __future__ import annotations

import re
from pathlib import Path

import highspy
import pytest

from angara.chain import expand
from angara.plan.index import build_index
from angara.plan.lp import lp_sections, write_lp
from angara.plan.model import build
from angara.plan.periods import Periods
from angara.scenario.load import load
from angara.scenario.model import Scenario
from tests.conftest import MINI
from tests.plan.lp_snapshots import SNAPSHOTS, mini_sections

DOCS = Path(__file__).parents[2] / "docs" / "model.md"
REGENERATE = "regenerate with `make lp-snapshots` if the change is deliberate"


def _sections(scenario: Scenario) -> dict[str, str]:
    meta = scenario.meta
    periods = Periods.of(meta.first_year, meta.last_year, meta.discount_rate, meta.periods)
    return lp_sections(build(build_index(expand(scenario), periods)))


@pytest.fixture(scope="module")
def sections() -> dict[str, str]:
    return mini_sections()


def test_every_section_has_a_snapshot_and_no_snapshot_is_stale(sections: dict[str, str]) -> None:
    assert {path.stem for path in SNAPSHOTS.glob("*.lp")} == set(sections), REGENERATE


@pytest.mark.parametrize("name", sorted(path.stem for path in SNAPSHOTS.glob("*.lp")))
def test_each_constraint_group_is_as_snapshotted(name: str, sections: dict[str, str]) -> None:
    expected = (SNAPSHOTS / f"{name}.lp").read_text(encoding="utf-8")
    assert sections.get(name) == expected, f"the rows of '{name}' changed; {REGENERATE}"


def test_a_changed_limit_shows_in_its_group_alone(sections: dict[str, str]) -> None:
    scenario = load(MINI)
    sites = tuple(s.model_copy(update={"land": s.land * 2}) for s in scenario.sites)
    changed = _sections(scenario.model_copy(update={"sites": sites}))
    differ = {name for name in sections if changed.get(name) != sections[name]}
    assert differ == {"land"}


def test_names_carry_the_coordinates_of_each_key(sections: dict[str, str]) -> None:
    # a mode is (process, location, source): a recipe's source is empty
    assert re.search(r"activity\(metal,plant_site,,2029\)", sections["objective"])
    assert sections["power"].startswith("power(plant_site,2027): ")


def test_the_lp_file_solves_to_the_models_optimum(tmp_path: Path) -> None:
    scenario = load(MINI)
    meta = scenario.meta
    periods = Periods.of(meta.first_year, meta.last_year, meta.discount_rate, meta.periods)
    built = build(build_index(expand(scenario), periods))
    write_lp(built, tmp_path / "mini.lp")
    solver = highspy.Highs()  # type: ignore[no-untyped-call]
    solver.setOptionValue("output_flag", False)
    solver.setOptionValue("mip_rel_gap", 1e-9)
    assert solver.readModel(str(tmp_path / "mini.lp")) == highspy.HighsStatus.kOk
    solver.run()
    built.model.solve("highs", output_flag=False, mip_rel_gap=1e-9)
    assert solver.getInfo().objective_function_value == pytest.approx(built.model.objective.value, rel=1e-9)


def test_docs_name_every_constraint_group_of_the_default_model() -> None:
    groups = set(_sections(load("angara-yenisei"))) - {"objective", "bounds"}
    assert groups >= {"stock", "capacity", "balance", "power", "land", "staff"}
    headings = set(re.findall(r"^\*\*`([a-z_]+)`\*\*", DOCS.read_text(encoding="utf-8"), flags=re.MULTILINE))
    assert groups <= headings, f"docs/model.md does not describe {sorted(groups - headings)}"
