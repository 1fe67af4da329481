"""The figures API threads the scenario's names in the asked language into every figure:
a run's Sankey, production chart, tornado and map name goods and deposits in Russian where the
scenario gives ``name_ru``, ids only in customdata."""

from __future__ import annotations

import csv
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import MINI
from tests.server.api.conftest import Server, start, zipped


@pytest.fixture
def server(tmp_path: Path) -> Iterator[Server]:
    yield from start(f"sqlite:///{tmp_path / 'angara.db'}")


def with_russian_names(folder: Path) -> dict[str, str]:
    """Copy the mini scenario into ``folder`` with a Russian name on every good and deposit;
    the names by id."""
    shutil.copytree(MINI, folder)
    named: dict[str, str] = {}
    for table in ("goods", "deposits"):
        path = folder / f"{table}.csv"
        with path.open(newline="", encoding="utf-8") as file:
            rows = list(csv.DictReader(file))
        for row in rows:
            row["name_ru"] = named[row["id"]] = f"Рус {row['name']}"
        with path.open("w", newline="", encoding="utf-8") as file:
            writer = csv.DictWriter(file, fieldnames=[*rows[0].keys()])
            writer.writeheader()
            writer.writerows(rows)
    return named


def _figure(server: Server, path: str) -> dict[str, Any]:
    answer = server.client.get(path, headers=server.headers("viewer"))
    assert answer.status_code == 200, (path, answer.text)
    document: dict[str, Any] = answer.json()
    return document


def test_figures_name_things_in_the_asked_language(server: Server, tmp_path: Path) -> None:
    named = with_russian_names(tmp_path / "mini")
    upload = server.client.post(
        "/api/scenarios",
        headers=server.headers("analyst"),
        files={"file": ("mini.zip", zipped(tmp_path / "mini"), "application/zip")},
    )
    assert upload.status_code == 201, upload.text
    run = server.client.post(
        "/api/runs",
        headers=server.headers("analyst"),
        json={"scenario": "mini", "kind": "risk", "samples": 200},
    ).json()
    assert server.wait(run["id"])["status"] == "done"
    base = f"/api/runs/{run['id']}"

    sankey = _figure(server, f"{base}/figures/sankey?lang=ru")["data"][0]["node"]
    for label, key in zip(sankey["label"], sankey["customdata"], strict=True):
        kind, _sep, item = key.partition(":")
        if kind in ("deposit", "product"):
            assert label == named[item]
        assert label not in named  # never an id
    english = _figure(server, f"{base}/figures/sankey?lang=en")["data"][0]["node"]["label"]
    assert not any(label.startswith("Рус ") for label in english)

    production = _figure(server, f"{base}/figures/production?lang=ru")
    goods = [t for t in production["data"] if t["stackgroup"] != "families"]
    assert goods and all(t["name"] == named[t["customdata"][0]] for t in goods)
    buttons = production["layout"]["updatemenus"][0]["buttons"]
    assert buttons[0]["label"] == "Все группы продуктов" and len(buttons) >= 3

    tornado = _figure(server, f"{base}/figures/tornado?lang=ru")
    axis = tornado["layout"]["yaxis"]
    assert axis["tickmode"] == "array" and len(axis["ticktext"]) == len(tornado["data"][0]["y"])

    map_figure = _figure(server, f"{base}/map?lang=ru")
    deposits = next(t for t in map_figure["data"] if t.get("name") == "Месторождения")
    assert deposits["text"] == [named[key] for key in deposits["customdata"]]
    regions = [t for t in map_figure["data"] if t.get("mode") == "text"]
    assert "Красноярский край" in [name for trace in regions for name in trace["text"]]
    flows = [t for t in map_figure["data"] if t.get("mode") == "lines"]
    hover = " ".join(text for trace in flows for text in trace["hovertext"])
    assert flows and "Рус " in hover  # the goods moved, by their Russian names
