"""Where the elements of a plan go, stage by stage: the links of its Sankey diagram.

A plan's tables say how much each mode runs (``activities``), what is sold
(``sales``) and stockpiled (``disposal``); the scenario's chain says what one tonne
of each mode's activity uses and makes (stream coefficients), what it takes from the
ground or from outside the chain and what it loses, and how much of each species a
tonne of each stream holds.  Together they give, for one period, the tonnes per year
of contained elements that pass from deposits through each stage of the chain to the
products sold, with the losses (tailings, residues, yields) on the way.

The amount of a stream that several stages make is shared among the stages that use,
sell or stockpile it in proportion to what each makes, so every stage node of the
diagram conserves mass: what enters equals what leaves plus what is lost.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from angara.chain import MODE, expand
from angara.results.read import RunResults
from angara.scenario.model import Scenario

TINY = 1e-9  # t/yr of contained elements below which a link is left out


@dataclass(frozen=True)
class Node:
    """A node of the flow diagram: ``kind`` is ``deposit``, ``outside``, ``stage``,
    ``product``, ``stockpile`` or ``loss``; ``name`` the deposit, stage or good id."""

    kind: str
    name: str


@dataclass(frozen=True)
class ElementFlows:
    """Links ``(source, target, tonnes per year of contained elements)`` for ``period``."""

    period: int | None
    links: list[tuple[Node, Node, float]]

    def nodes(self) -> list[Node]:
        """Every node that a link touches, in the order first met."""
        seen: dict[Node, None] = {}
        for source, target, _ in self.links:
            seen.setdefault(source)
            seen.setdefault(target)
        return list(seen)

    def inflow(self, node: Node) -> float:
        """t/yr entering ``node``."""
        return sum(value for _, target, value in self.links if target == node)

    def outflow(self, node: Node) -> float:
        """t/yr leaving ``node`` (losses included)."""
        return sum(value for source, _, value in self.links if source == node)


def flow_period(results: RunResults, year: int | None = None) -> int | None:
    """The plan period that stands for ``year``; with no year, the period of full
    operation (the assessment's jobs year), else the last period with sales."""
    periods = results.plan.periods
    if year is None:
        year = results.assessment.jobs.year
    if year is not None:
        for period in periods:
            if year in period.years:
                return period.start
    sales = results.table("sales")
    if not sales.empty:
        return int(sales["period"].max())
    return periods[-1].start


def element_flows(
    results: RunResults, scenario: Scenario, year: int | None = None, species: str | None = None
) -> ElementFlows:
    """Contained-element flows of the plan in the period standing for ``year`` (t/yr),
    of every tracked species together or of one ``species``."""
    period = flow_period(results, year)
    activities = _in_period(results.table("activities"), period)
    if activities.empty:
        return ElementFlows(period, [])
    chain = expand(scenario)
    composition = chain.composition
    elements = chain.elements
    if species is not None:
        composition = composition[composition["species"] == species]
        elements = elements[elements["species"] == species]
    content = composition.groupby(["good", "source"])["content"].sum()
    activities = activities.assign(source=activities["source"].fillna("").astype(str))
    plants = pd.MultiIndex.from_frame(activities[["process", "location"]].astype(str))
    stage = chain.slots["stage"].reindex(plants).to_numpy()
    activities = activities.assign(
        stage=pd.Series(stage, index=activities.index).fillna(activities["process"])
    )

    links: dict[tuple[Node, Node], float] = {}

    def add(source: Node, target: Node, value: float) -> None:
        if value > TINY and source != target:
            links[(source, target)] = links.get((source, target), 0.0) + value

    # taken from the ground (mining modes carry their deposit as source) or from outside
    per_mode = elements.groupby(list(MODE))[["inflow", "loss"]].sum()
    for row in activities.itertuples(index=False):
        mode = (str(row.process), str(row.location), str(row.source))
        if mode not in per_mode.index:
            continue
        stage = Node("stage", str(row.stage))
        inflow, loss = per_mode.loc[mode, "inflow"], per_mode.loc[mode, "loss"]
        origin = Node("deposit", str(row.source)) if str(row.stage) == "mining" else Node("outside", "")
        add(origin, stage, float(row.activity * inflow))
        add(stage, Node("loss", ""), float(row.activity * loss))

    # streams made and used by each stage, in contained elements
    moved = activities.merge(chain.coefficients, on=list(MODE))
    moved["stream"] = list(zip(moved["good"], moved["stream_source"], strict=True))
    moved["tonnes"] = moved["activity"] * moved["coefficient"] * _contents(moved["stream"], content)
    made = moved[moved["tonnes"] > 0].groupby(["stream", "stage"])["tonnes"].sum()
    used = (-moved[moved["tonnes"] < 0].groupby(["stream", "stage"])["tonnes"].sum()).rename("tonnes")
    takers: list[pd.DataFrame] = [
        used.reset_index().assign(target=lambda f: [Node("stage", str(s)) for s in f["stage"]])
    ]
    for name, kind in (("sales", "product"), ("disposal", "stockpile")):
        table = _in_period(results.table(name), period)
        if table.empty:
            continue
        stream = list(zip(table["good"].astype(str), table["source"].fillna("").astype(str), strict=True))
        table = table.assign(stream=stream)
        table = table.assign(tonnes=table["tonnes"] * _contents(table["stream"], content))
        label = table["good"] if kind == "product" else pd.Series("", index=table.index)
        takers.append(
            table.assign(target=[Node(kind, str(g)) for g in label])[["stream", "tonnes", "target"]]
        )
    taken = pd.concat([t[["stream", "tonnes", "target"]] for t in takers], ignore_index=True)
    by_stream = {stream: group.droplevel("stream") for stream, group in made.groupby(level="stream")}
    for stream, group in taken.groupby("stream"):
        makers = by_stream.get(stream)
        total_made = float(makers.sum()) if makers is not None else 0.0
        for target, tonnes in zip(group["target"], group["tonnes"], strict=True):
            if total_made <= TINY:
                add(Node("outside", ""), target, float(tonnes))
                continue
            assert makers is not None
            for stage, amount in makers.items():
                add(Node("stage", str(stage)), target, float(tonnes) * float(amount) / total_made)
    return ElementFlows(period, [(s, t, v) for (s, t), v in links.items()])


def _contents(streams: pd.Series, content: pd.Series) -> np.ndarray:
    """Tonnes of the species held per tonne of each stream (good, source); 0 if none."""
    if not len(streams):
        return np.zeros(0)
    return np.asarray(content.reindex(pd.MultiIndex.from_tuples(list(streams))).fillna(0.0).to_numpy())


def _in_period(table: pd.DataFrame, period: int | None) -> pd.DataFrame:
    if table.empty or period is None or "period" not in table:
        return table
    return table[table["period"] == period]
