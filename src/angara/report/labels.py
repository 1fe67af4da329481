"""Labels chosen at run time (tax names, budget levels), marked for the ``report`` catalog.

``N_`` marks a message id without translating it: the text is translated where it is shown,
and the catalog test finds every marked id as it finds ``_("...")`` calls.
"""

from __future__ import annotations


def N_(text: str) -> str:
    """Mark ``text`` as a message id of the ``report`` domain."""
    return text


TAXES = {
    "profit": N_("profit tax"),
    "property": N_("property tax"),
    "land": N_("land tax"),
    "personal_income": N_("personal income tax"),
    "mineral_extraction": N_("mineral extraction tax"),
    "insurance": N_("insurance contributions"),
    "vat": N_("VAT"),
}
LEVELS = {"federal": N_("federal"), "regional": N_("regional"), "local": N_("local")}
STATUSES = {
    "sourced": N_("sourced"),
    "derived": N_("derived"),
    "calculated": N_("calculated"),
    "estimate": N_("estimate"),
}
PLAN_STATUSES = {"optimal": N_("optimal"), "feasible": N_("feasible (time limit)")}
TRANSFER_PRICES = {
    "netback": N_("netback prices"),
    "market": N_("market prices"),
    "shadow": N_("shadow prices"),
}
SUPPORT_KINDS = {
    "capital_grant": N_("capital grant"),
    "subsidised_loan": N_("subsidised loan"),
    "tax_holiday": N_("tax holiday"),
    "tariff_discount": N_("tariff discount"),
    "offtake": N_("offtake at a fixed price"),
}

# the kinds of mandate (the scenario's mandates table)
MANDATE_KINDS = {
    "must_build": N_("must build"),
    "min_output": N_("minimum output"),
    "production_share": N_("production share"),
    "local_processing": N_("local processing"),
    "investment_floor": N_("investment floor"),
    "jobs_floor": N_("jobs floor"),
}
