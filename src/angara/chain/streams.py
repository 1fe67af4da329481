"""Streams and modes: which goods exist per source, and what each process does to them.

A *stream* is a good from one source (``ree_concentrate`` from ``chuktukon``) or a product
of fixed composition (``ndpr_oxide``, source ``""``); it is keyed by the pair (good,
source).  A *mode* is a process applied to one source's feed: its coefficients turn a
tonne of activity into tonnes of streams used and made, and its element inflows and
losses keep every element's mass accountable.

An intermediate's mass pull (tonnes per tonne of feed) is fixed, or follows from a
target grade of a key species: the recovered tonnes of the species divided by the
target content, so a poorer feed gives less concentrate of the same grade.  A process
refuses a feed below its cut-off (:mod:`angara.chain.cutoffs`) and a deposit process
listed in ``process_sites`` treats only the deposits listed there.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from angara.chain.cutoffs import Refusals, allowed_deposits, stranded_deposits
from angara.scenario.grades import element_grades
from angara.scenario.model import Scenario
from angara.scenario.problems import Problem, ScenarioError
from angara.scenario.schema import Good, Process, ProcessOutput

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
    """Every stream with its contents, and every mode of every process; ``notes`` say
    which deposits no process takes (their ore refused by every cut-off)."""

    streams: dict[StreamKey, StreamSpec]
    modes: list[ModeSpec]
    notes: list[str] = field(default_factory=list)


def expand_streams(scenario: Scenario) -> Streams:
    """Follow each deposit's ore through every process that can take it.

    Raises :class:`ScenarioError` when the chain is physically impossible (a mass pull
    so small that a concentrate would hold more than 100 % of oxides, outputs heavier than
    their feed, two processes making the same stream with different contents, a product of
    several species made by recoveries).
    """
    goods = {g.id: g for g in scenario.goods}
    processes = [p for p in scenario.processes if p.enabled]
    metal = {e.id: e.metal_fraction for e in scenario.elements}
    refusals = Refusals.of(scenario)
    allowed = allowed_deposits(scenario)
    inputs: dict[str, list[tuple[str, float | None]]] = defaultdict(list)
    outputs: dict[str, list[ProcessOutput]] = defaultdict(list)
    recoveries: dict[str, dict[tuple[str, str], float]] = defaultdict(dict)
    for row in scenario.process_inputs:
        inputs[row.process].append((row.good, row.quantity))
    for out in scenario.process_outputs:
        outputs[out.process].append(out)
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
            recipe = [(out.good, out.quantity) for out in outputs[process.id]]
            for mode in _recipe_modes(process, inputs[process.id], recipe, goods, streams, scenario):
                ore = streams.get(next(iter(mode.coefficients), ("", "")))
                if not mode.source or (
                    mode.source in allowed.get(process.id, {mode.source})
                    and ore is not None
                    and refusals.takes(process.id, ore)
                ):
                    modes.append(mode)

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
                sources = allowed.get(process.id) if process.location == "deposit" else None
                if (sources is not None and feed.source not in sources) or not refusals.takes(
                    process.id, feed
                ):
                    continue
                mode, made = _split_mode(
                    process,
                    feed,
                    inputs[process.id],
                    outputs[process.id],
                    recoveries[process.id],
                    goods,
                    contents,
                    metal,
                )
                _check_mass(mode, feed, outputs[process.id], process, goods, problems)
                for stream in made:
                    _add_stream(streams, stream, process, metal, problems)
                modes.append(mode)
                changed = True
    if problems:
        raise ScenarioError(problems)
    usable = _usable(modes, streams)
    return Streams(streams, usable, stranded_deposits(scenario, usable, refusals))


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
    outputs: list[ProcessOutput],
    recoveries: dict[tuple[str, str], float],
    goods: dict[str, Good],
    contents: dict[str, dict[str, float]],
    metal: dict[str, float],
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
    for out in outputs:
        good = out.good
        kind = goods[good].kind
        if kind == "reagent":
            continue
        if not goods[good].is_mass():  # in its own unit per tonne of feed; it holds no elements
            mode.coefficients[(good, NO_SOURCE)] = out.quantity or 0.0
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
            pull = _mass_pull(out, received, metal)
            mode.coefficients[(good, feed.source)] = pull
            composition = {s: t / pull for s, t in received.items() if t > 0} if pull > 0 else {}
            made.append(StreamSpec(good, feed.source, kind, composition))
    mode.loss = {
        species: content - recovered.get(species, 0.0)
        for species, content in feed.composition.items()
        if content - recovered.get(species, 0.0) > TOLERANCE
    }
    return mode, made


def _mass_pull(out: ProcessOutput, received: dict[str, float], metal: dict[str, float]) -> float:
    """Tonnes of an intermediate per tonne of feed: fixed, or the recovered tonnes of the
    key species over its target content (element basis)."""
    if out.grade is None or out.species is None:
        return out.quantity or 0.0
    target = out.grade * (metal.get(out.species, 1.0) if out.basis == "oxide" else 1.0)
    return received.get(out.species, 0.0) / target


def _check_mass(
    mode: ModeSpec,
    feed: StreamSpec,
    outputs: list[ProcessOutput],
    process: Process,
    goods: dict[str, Good],
    problems: list[Problem],
) -> None:
    """A tonne of feed makes at most a tonne of outputs: a target grade below what the
    recovered feed already holds would pull more concentrate than there is ore."""
    made = {
        good: c
        for (good, source), c in mode.coefficients.items()
        if c > 0 and goods[good].is_mass()  # MW*yr or places weigh nothing
    }
    graded = {out.good: out for out in outputs if out.grade is not None}
    for good, pull in made.items():
        if good in graded and pull > 1 + 1e-6:
            out = graded[good]
            assert out.grade is not None
            problems.append(
                Problem(
                    "process_outputs",
                    f"'{good}' from {feed.source} would weigh {pull:.3g} t per t of feed: its target grade "
                    f"{out.grade:.4g} of {out.species} ({out.basis} basis) is below what the recovered feed "
                    "already holds",
                    column="grade",
                    value=f"{process.id}/{good}",
                )
            )
            return
    total = sum(made.values())
    if total > 1 + 1e-6:
        problems.append(
            Problem(
                "process_outputs",
                f"the outputs of '{process.id}' from {feed.source} would weigh {total:.3g} t per t of feed: "
                "more than the feed",
                column="quantity",
                value=process.id,
            )
        )


def _add_stream(
    streams: dict[StreamKey, StreamSpec],
    stream: StreamSpec,
    process: Process,
    metal: dict[str, float],
    problems: list[Problem],
) -> None:
    key = (stream.good, stream.source)
    # assays count most species as oxides: their oxides cannot weigh more than the stream
    total = sum(content / metal.get(species, 1.0) for species, content in stream.composition.items())
    if total > 1 + 1e-6:
        problems.append(
            Problem(
                "processes",
                f"{stream.good} from {stream.source} would hold {total:.1%} oxides: the mass pull of "
                f"'{stream.good}' is too small for this feed (or its target grade too high for what "
                "the recoveries send to it)",
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
