"""Scenarios over the API: upload, versions, download, diff, and bad uploads located."""

from __future__ import annotations

import io
import shutil
import zipfile
from pathlib import Path

from angara.scenario.load import load
from angara.server.settings import ServerSettings
from tests.conftest import MINI
from tests.server.api.conftest import Server, start, zipped


def _upload(server: Server, content: bytes, filename: str = "mini.zip", message: str = "") -> dict:  # type: ignore[type-arg]
    answer = server.client.post(
        "/api/scenarios",
        headers=server.headers("analyst"),
        files={"file": (filename, content, "application/octet-stream")},
        data={"message": message} if message else {},
    )
    return {"status": answer.status_code, **answer.json()}


def _edited(tmp_path: Path) -> Path:
    folder = tmp_path / "mini"
    shutil.copytree(MINI, folder)
    prices = folder / "prices.csv"
    prices.write_text(
        prices.read_text(encoding="utf-8").replace("abroad,ndpr_oxide,2025,75", "abroad,ndpr_oxide,2025,80")
    )
    return folder


def test_versions_download_and_diff(server: Server, tmp_path: Path) -> None:
    first = _upload(server, zipped(), message="the mini scenario")
    assert (first["status"], first["scenario"], first["number"]) == (201, "mini", 1)
    second = _upload(server, zipped(_edited(tmp_path)), message="NdPr at 80")
    assert (second["status"], second["number"]) == (201, 2)
    listed = server.client.get("/api/scenarios", headers=server.headers("viewer")).json()
    assert [(s["name"], s["latest"]) for s in listed] == [("mini", 2)]
    versions = server.client.get("/api/scenarios/mini/versions", headers=server.headers("viewer")).json()
    assert [v["message"] for v in versions] == ["the mini scenario", "NdPr at 80"]
    detail = server.client.get("/api/scenarios/mini/versions/1", headers=server.headers("viewer")).json()
    assert detail["summary"]["counts"]["deposits"] == len(load(MINI).deposits)
    workbook = server.client.get("/api/scenarios/mini/versions/2/xlsx", headers=server.headers("viewer"))
    assert workbook.status_code == 200
    path = tmp_path / "v2.xlsx"
    path.write_bytes(workbook.content)
    assert load(path) == load(_edited(tmp_path / "again"))
    diff = server.client.get("/api/scenarios/mini/diff?old=1&new=2", headers=server.headers("viewer")).json()
    assert list(diff["tables"]) == ["prices"]
    [changed] = diff["tables"]["prices"]["changed"]
    assert set(changed["columns"]) == {"price"}
    same = _upload(server, zipped(_edited(tmp_path / "third")))
    assert same["status"] == 409


def test_an_xlsx_upload_becomes_a_version(server: Server, tmp_path: Path) -> None:
    from angara.scenario.write import write_workbook

    path = tmp_path / "mini.xlsx"
    write_workbook(load(MINI), path)
    answer = _upload(server, path.read_bytes(), "mini.xlsx")
    assert (answer["status"], answer["number"]) == (201, 1)


def test_a_bad_scenario_is_located(server: Server, tmp_path: Path) -> None:
    folder = tmp_path / "mini"
    shutil.copytree(MINI, folder)
    deposits = folder / "deposits.csv"
    lines = deposits.read_text(encoding="utf-8").splitlines()
    header = lines[0].split(",")
    column = next(i for i, name in enumerate(header) if name.startswith("reserves"))
    cells = lines[1].split(",")
    cells[column] = "lots"
    lines[1] = ",".join(cells)
    deposits.write_text("\n".join(lines) + "\n", encoding="utf-8")
    answer = _upload(server, zipped(folder))
    assert answer["status"] == 422
    [problem] = answer["problems"]
    assert (problem["where"], problem["row"], problem["value"]) == ("deposits.csv", 2, "lots")
    assert problem["column"].startswith("reserves")


def test_uploads_that_are_not_scenarios(server: Server) -> None:
    assert _upload(server, b"hello", "notes.txt")["status"] == 422
    assert _upload(server, b"PK\x03\x04 broken", "broken.zip")["status"] == 422
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("../evil/scenario.yaml", "name: evil")
    answer = _upload(server, buffer.getvalue(), "evil.zip")
    assert answer["status"] == 422 and "outside" in answer["problems"][0]["message"]


def test_unknown_scenarios_and_versions_are_404(server: Server) -> None:
    headers = server.headers("viewer")
    assert server.client.get("/api/scenarios/nothing/versions", headers=headers).status_code == 404
    _upload(server, zipped())
    assert server.client.get("/api/scenarios/mini/versions/7", headers=headers).status_code == 404
    assert server.client.get("/api/scenarios/mini/diff?old=1&new=9", headers=headers).status_code == 404


def test_too_large_an_upload_is_413(tmp_path: Path) -> None:
    for server in start(
        f"sqlite:///{tmp_path / 'small.db'}", ServerSettings(workers=1, max_upload_bytes=1000)
    ):
        assert _upload(server, zipped())["status"] == 413
