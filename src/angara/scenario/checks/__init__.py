"""Checks across rows and tables: duplicate keys, references, and the rules that
make a chain of processes physically meaningful (recipes, recoveries, grades).

Each check appends located problems to a list; :func:`check_tables` runs them all
in table order, so the messages of one table come together.
"""

from __future__ import annotations

from angara.scenario.checks.chains import check_composition_kinds, check_deposit_ores, check_processes
from angara.scenario.checks.incentives import (
    check_asset_classes,
    check_incentive_claims,
    check_incentive_places,
)
from angara.scenario.checks.numbers import (
    check_budget_shares,
    check_composition_totals,
    check_contracts,
    check_grade_totals,
    check_profile_totals,
    check_ramp_ups,
)
from angara.scenario.checks.prices import (
    check_contracts_at_closed_markets,
    check_net_prices,
    check_price_quotes,
)
from angara.scenario.checks.references import (
    check_arc_ends,
    check_duplicate_keys,
    check_grade_references,
    check_references,
    known_ids,
)
from angara.scenario.checks.rows import Tables, goods_by_id
from angara.scenario.checks.support import check_offtakes, check_support
from angara.scenario.checks.valuation import check_cutoffs, check_payability
from angara.scenario.correlations import check_correlations
from angara.scenario.problems import Problem
from angara.scenario.schema import WILDCARD

__all__ = ["check_tables"]


def check_tables(tables: Tables, unreadable: set[str] | None = None) -> list[Problem]:
    """Every cross-row and cross-table problem, in table order.

    References into ``unreadable`` tables (present but not readable, already
    reported) are not checked, so one broken file gives one message.
    """
    problems: list[Problem] = []
    check_duplicate_keys(tables, problems)
    ids = known_ids(tables)
    failed = {name: table.failed_ids for name, table in tables.items()}
    failed.update({name: {WILDCARD} for name in unreadable or set()})
    check_references(tables, ids, failed, problems)
    goods = goods_by_id(tables)
    check_composition_kinds(tables, goods, problems)
    check_composition_totals(tables, problems)
    check_profile_totals(tables, problems)
    check_grade_references(tables, ids, problems)
    check_grade_totals(tables, problems)
    check_deposit_ores(tables, goods, problems)
    check_processes(tables, goods, problems)
    check_cutoffs(tables, goods, problems)
    check_ramp_ups(tables, problems)
    check_budget_shares(tables, problems)
    check_incentive_places(tables, problems)
    check_incentive_claims(tables, problems)
    check_asset_classes(tables, problems)
    check_support(tables, problems)
    check_offtakes(tables, problems)
    check_contracts(tables, problems)
    check_payability(tables, goods, problems)
    check_price_quotes(tables, problems)
    check_net_prices(tables, problems)
    check_contracts_at_closed_markets(tables, problems)
    check_arc_ends(tables, problems)
    check_correlations(tables, problems)
    return problems
