"""Streams and modes: which goods exist per source, and what each process does to them.

A *stream* is a good from one source (``ree_concentrate`` from ``chuktukon``) or a product
of fixed composition (``ndpr_oxide``, source ``""``); it is keyed by the pair (good,
source).  A *mode* is a process applied to one source's feed: its coefficients turn a
tonne of activity into tonnes of streams used and made, and its element inflows and
losses keep every element's mass accountable.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from angara.scenario.grades import element_grades
from angara.scenario.model import Scenario
from angara.scenario.problems import Problem, ScenarioError
from angara.scenario.schema import Good, Process

TOLERANCE = 1e-9
NO_SOURCE = ""


StreamKey = tuple[str, str]  # (good, source): source is the deposit whose contents it carries, or ""


@dataclass
class ModeSpec:
    """What one tonne of a process's activity does, before it is placed at a location."""

    process: str
    source: str
    coefficients: dict[StreamKey, float] = field(default_factory=dict)
    inflow: dict[str, float] = field(default_factory=dict)
    loss: dict[str, float] = field(default_factory=dict)
    reagent_cost: float = 0.0


@dataclass
class StreamSpec:
    good: str
    source: str
    kind: str
    composition: dict[str, float]


@dataclass
class Streams:
    """Every stream with its contents, and every mode of every process."""

    streams: dict[StreamKey, StreamSpec]
    modes: list[ModeSpec]


def expand_streams(scenario: Scenario) -> Streams:
    """Follow each deposit's ore through every process that can take it.

    Raises :class:`ScenarioError` when the chain is physically impossible (a mass pull
    so small that a concentrate would hold more than 100 % of elements, two processes
    making the same stream with different contents, a product of several species made
    by recoveries).
    """
    goods = {g.id: g for g in scenario.goods}
    processes = [p for p in scenario.processes if p.enabled]
    inputs: dict[str, list[tuple[str, float | None]]] = defaultdict(list)
    outputs: dict[str, list[tuple[str, float | None]]] = defaultdict(list)
    recoveries: dict[str, dict[tuple[str, str], float]] = defaultdict(dict)
    for row in scenario.process_inputs:
        inputs[row.process].append((row.good, row.quantity))
    for out in scenario.process_outputs:
        outputs[out.process].append((out.good, out.quantity))
    for rec in scenario.recoveries:
        recoveries[rec.process][(rec.species, rec.good)] = rec.recovery
    contents: dict[str, dict[str, float]] = defaultdict(dict)
    for comp in scenario.compositions:
        contents[comp.good][comp.species] = comp.content

    problems: list[Problem] = []
    streams: dict[StreamKey, StreamSpec] = {
        (g.id, NO_SOURCE): StreamSpec(g.id, NO_SOURCE, g.kind, dict(contents[g.id]))
        for g in scenario.goods
        if g.kind == "product"
    }
    grades = element_grades(scenario)
    for deposit in scenario.deposits:
        if deposit.enabled:
            streams[(deposit.ore, deposit.id)] = StreamSpec(
                deposit.ore, deposit.id, "ore", dict(grades.get(deposit.id, {}))
            )

    modes: list[ModeSpec] = []
    splits = [p for p in processes if recoveries[p.id]]
    for process in processes:
        if not recoveries[process.id]:
            modes.extend(
                _recipe_modes(process, inputs[process.id], outputs[process.id], goods, streams, scenario)
            )

    done: set[tuple[str, str]] = set()
    changed = True
    while changed:
        changed = False
        for process in splits:
            main = next(good for good, quantity in inputs[process.id] if quantity is None)
            for feed in [s for s in list(streams.values()) if s.good == main and s.source]:
                if (process.id, feed.source) in done:
                    continue
                done.add((process.id, feed.source))
                mode, made = _split_mode(
                    process,
                    feed,
                    inputs[process.id],
                    outputs[process.id],
                    recoveries[process.id],
                    goods,
                    contents,
                )
                for stream in made:
                    _add_stream(streams, stream, process, problems)
                modes.append(mode)
                changed = True
    if problems:
        raise ScenarioError(problems)
    return Streams(streams, _usable(modes, streams))


def _recipe_modes(
    process: Process,
    inputs: list[tuple[str, float | None]],
    outputs: list[tuple[str, float | None]],
    goods: dict[str, Good],
    streams: dict[StreamKey, StreamSpec],
    scenario: Scenario,
) -> list[ModeSpec]:
    """One mode per deposit for a mine; one mode for any other recipe."""
    made_ore = [good for good, _ in outputs if goods[good].kind == "ore"]
    if made_ore:
        result = []
        for deposit in scenario.deposits:
            if deposit.enabled and deposit.ore in made_ore:
                ore = streams[(deposit.ore, deposit.id)]
                mined = next(q or 0.0 for g, q in outputs if g == deposit.ore)
                mode = ModeSpec(process.id, deposit.id, {(deposit.ore, deposit.id): mined})
                mode.inflow = {species: mined * content for species, content in ore.composition.items()}
                result.append(mode)
        return result
    mode = ModeSpec(process.id, NO_SOURCE)
    held: dict[str, float] = defaultdict(float)
    for good, quantity in inputs:
        amount: float = quantity or 0.0
        if goods[good].kind == "reagent":
            mode.reagent_cost += amount * (goods[good].purchase_price or 0.0)
            continue
        mode.coefficients[(good, NO_SOURCE)] = mode.coefficients.get((good, NO_SOURCE), 0.0) - amount
        for species, content in streams[(good, NO_SOURCE)].composition.items():
            held[species] += amount * content
    made: dict[str, float] = defaultdict(float)
    for good, quantity in outputs:
        if goods[good].kind == "reagent":
            continue
        made_amount: float = quantity or 0.0
        mode.coefficients[(good, NO_SOURCE)] = mode.coefficients.get((good, NO_SOURCE), 0.0) + made_amount
        for species, content in streams[(good, NO_SOURCE)].composition.items():
            made[species] += made_amount * content
    if not inputs:  # a source: what it makes comes from outside the chain
        mode.inflow = dict(made)
    else:
        mode.loss = {s: held[s] - made.get(s, 0.0) for s in held if held[s] - made.get(s, 0.0) > TOLERANCE}
    return [mode]


def _split_mode(
    process: Process,
    feed: StreamSpec,
    inputs: list[tuple[str, float | None]],
    outputs: list[tuple[str, float | None]],
    recoveries: dict[tuple[str, str], float],
    goods: dict[str, Good],
    contents: dict[str, dict[str, float]],
) -> tuple[ModeSpec, list[StreamSpec]]:
    """A process with recoveries applied to one tonne of one source's feed.

    Returns the mode and the streams it makes that carry the source's contents.
    """
    mode = ModeSpec(process.id, feed.source, {(feed.good, feed.source): -1.0})
    for good, quantity in inputs:
        if quantity is not None and goods[good].kind == "reagent":
            mode.reagent_cost += quantity * (goods[good].purchase_price or 0.0)
    made: list[StreamSpec] = []
    recovered: dict[str, float] = defaultdict(float)
    for good, quantity in outputs:
        kind = goods[good].kind
        if kind == "reagent":
            continue
        received = {
            species: share * feed.composition.get(species, 0.0)
            for (species, target), share in recoveries.items()
            if target == good
        }
        for species, tonnes in received.items():
            recovered[species] += tonnes
        if kind == "product":
            # a separated product holds one species, so its tonnes follow from that species
            mode.coefficients[(good, NO_SOURCE)] = sum(received.values()) / sum(contents[good].values())
        else:
            pull = quantity or 0.0
            mode.coefficients[(good, feed.source)] = pull
            composition = {s: t / pull for s, t in received.items() if t > 0} if pull > 0 else {}
            made.append(StreamSpec(good, feed.source, kind, composition))
    mode.loss = {
        species: content - recovered.get(species, 0.0)
        for species, content in feed.composition.items()
        if content - recovered.get(species, 0.0) > TOLERANCE
    }
    return mode, made


def _add_stream(
    streams: dict[StreamKey, StreamSpec], stream: StreamSpec, process: Process, problems: list[Problem]
) -> None:
    key = (stream.good, stream.source)
    total = sum(stream.composition.values())
    if total > 1 + 1e-6:
        problems.append(
            Problem(
                "processes",
                f"{stream.good} from {stream.source} would hold {total:.1%} elements: the mass pull of "
                f"'{stream.good}' is too small for this feed",
                column="id",
                value=process.id,
            )
        )
    existing = streams.get(key)
    if existing is None:
        streams[key] = stream
    elif any(abs(existing.composition.get(s, 0) - c) > 1e-9 for s, c in stream.composition.items()):
        problems.append(
            Problem(
                "processes",
                f"'{stream.good}' from {stream.source} is made by more than one process with different "
                "contents; give each its own good",
                column="id",
                value=process.id,
            )
        )


def _usable(modes: list[ModeSpec], streams: dict[StreamKey, StreamSpec]) -> list[ModeSpec]:
    """Modes whose every input stream can be made by some mode (or comes from a deposit).

    Zero coefficients (a species absent from this source) are dropped first.
    """
    for mode in modes:
        mode.coefficients = {s: c for s, c in mode.coefficients.items() if abs(c) > TOLERANCE}
    usable = list(modes)
    while True:
        made = {s for m in usable for s, c in m.coefficients.items() if c > 0}
        kept = [m for m in usable if all(c > 0 or s in made for s, c in m.coefficients.items())]
        if len(kept) == len(usable):
            return [m for m in kept if all(s in streams for s in m.coefficients)]
        usable = kept
