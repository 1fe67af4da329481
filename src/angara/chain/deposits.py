"""What a deposit's licence and reserve category allow: when mining may start and how
much ore may be mined.

A deposit is mined no earlier than its ``earliest_start`` nor than its licence status
allows (the scenario's ``licensing_years``: years from the first planning year for the
auction, studies, permits and building that a deposit without a licence still needs),
and only the reserves of the categories the scenario counts (``reserves_counted``;
by default balance reserves only) may be mined.
"""

from __future__ import annotations

from angara.scenario.schema import Deposit, Meta


def earliest_mining(deposit: Deposit, meta: Meta) -> int:
    """First year ``deposit`` may be mined: its earliest start, delayed by its licence status."""
    waiting = meta.licensing_years.get(deposit.licence)
    if waiting is None:
        return deposit.earliest_start
    return max(deposit.earliest_start, meta.first_year + waiting)


def minable_reserves(deposit: Deposit, meta: Meta) -> float:
    """Tonnes of ore that may be mined: the reserves if their category counts, else none."""
    return deposit.reserves if deposit.reserve_category in meta.reserves_counted else 0.0


__all__ = ["earliest_mining", "minable_reserves"]
