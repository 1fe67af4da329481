"""angara report writes a run's report as HTML, PDF or an Excel workbook; bad input exits 2."""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest

from tests.conftest import Result
from tests.report.conftest import make_run


@pytest.fixture(scope="module")
def run_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_run(tmp_path_factory.mktemp("report-cli") / "run")


@pytest.fixture
def no_browser(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """No Chromium: the figures are left out with a warning (and the tests skip its start-up)."""
    monkeypatch.setenv("BROWSER_PATH", str(tmp_path / "no-chromium"))


@pytest.mark.usefixtures("no_browser")
def test_html_by_default_beside_the_run(run_dir: Path, cli: Callable[..., Result]) -> None:
    result = cli("report", run_dir)
    assert result.code == 0, result.err
    written = run_dir / "report.html"
    html = written.read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>") and 'lang="ru"' in html
    assert "Мини-сценарий для тестов" in html
    assert "warning:" in result.err and "Chromium" in result.err
    assert f"Wrote {written}" in result.err.replace("\n", "")
    assert not [p for p in run_dir.iterdir() if p.name.startswith(".report")]  # nothing staged is left


@pytest.mark.usefixtures("no_browser")
def test_pdf_in_english_to_a_chosen_file(run_dir: Path, tmp_path: Path, cli: Callable[..., Result]) -> None:
    target = tmp_path / "reports" / "mini.pdf"
    result = cli("report", run_dir, "--format", "pdf", "--lang", "en", "--out", target)
    assert result.code == 0, result.err
    assert target.read_bytes().startswith(b"%PDF-")


def test_workbook(run_dir: Path, cli: Callable[..., Result]) -> None:
    result = cli("report", run_dir, "--format", "xlsx")
    assert result.code == 0, result.err
    book = openpyxl.load_workbook(io.BytesIO((run_dir / "report.xlsx").read_bytes()))
    assert {"plan", "assessment", "risk", "builds", "cashflows", "tornado"} <= set(book.sheetnames)


def test_bad_input_exits_2_and_writes_nothing(
    run_dir: Path, tmp_path: Path, cli: Callable[..., Result]
) -> None:
    missing = cli("report", tmp_path / "nowhere")
    assert missing.code == 2
    assert "no such folder" in missing.out + missing.err
    assert "Traceback" not in missing.out + missing.err

    empty = tmp_path / "empty"
    empty.mkdir()
    result = cli("report", empty, "--format", "xlsx")
    assert result.code == 2
    assert "plan.json" in result.out + result.err
    assert list(empty.iterdir()) == []

    broken = tmp_path / "broken"
    broken.mkdir()
    (broken / "plan.json").write_text("{not json", encoding="utf-8")
    (broken / "assessment.json").write_text("{}", encoding="utf-8")
    result = cli("report", broken)
    assert result.code == 2 and "cannot be read as JSON" in result.out + result.err
    assert "required key is missing" in result.err  # assessment.json's keys, each located

    assert cli("report", run_dir, "--format", "docx").code == 2
    assert cli("report", run_dir, "--lang", "de").code == 2
    folder = cli("report", run_dir, "--format", "xlsx", "--out", tmp_path)
    assert folder.code == 2 and "is a folder" in folder.out + folder.err
