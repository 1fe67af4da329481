"""The PDF report: A4 pages with headers and page numbers, Cyrillic text, the key figures."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from weasyprint import HTML  # type: ignore[import-untyped]

from angara.i18n import translator
from angara.report.content import Report, compose
from angara.report.html import report_html
from angara.report.numerals import Numbers
from angara.results.read import RunResults
from angara.scenario.model import Scenario

A4 = (794, 1123)  # CSS px at 96 per inch: 210 × 297 mm


def texts(box: Any) -> Iterator[str]:
    """Text of a laid-out box and its descendants (WeasyPrint's own layout tree)."""
    text = getattr(box, "text", None)
    if isinstance(text, str):
        yield text
    for child in getattr(box, "children", ()):
        yield from texts(child)


@pytest.fixture(scope="module")
def document(report_ru: Report) -> Any:
    """The document WeasyPrint lays out for the PDF (as :func:`report_pdf` does), written once."""
    laid_out = HTML(string=report_html(report_ru)).render()
    assert laid_out.write_pdf().startswith(b"%PDF-")
    return laid_out


@pytest.fixture(scope="module")
def pages(document: Any) -> list[str]:
    """Each page's text."""
    for page in document.pages:
        assert (round(page.width), round(page.height)) == A4
    return [" ".join(texts(page._page_box)) for page in document.pages]


def test_the_pdf_embeds_a_font_with_cyrillic(document: Any, pages: list[str]) -> None:
    families = {font.family for font in document.fonts.values()}
    assert "DejaVu Sans" in families, families
    assert "Итоги" in " ".join(pages)


def test_render_pdf_gives_a_pdf(
    results: RunResults, scenario: Scenario, monkeypatch: pytest.MonkeyPatch
) -> None:
    from angara.report import pdf

    monkeypatch.setattr(pdf, "compose", lambda *args: compose(*args, draw=False))
    document = pdf.render_pdf(results, scenario, "en")
    assert document.startswith(b"%PDF-") and document.rstrip().endswith(b"%%EOF")


def test_pages_with_headers_and_numbers(pages: list[str], scenario: Scenario) -> None:
    assert len(pages) >= 8
    title = scenario.meta.title_ru
    assert title is not None and title in pages[0]
    for number, text in enumerate(pages[1:], start=2):
        assert f"{number} / {len(pages)}" in text  # footer
        assert title in text  # header


def test_key_figures_are_printed(pages: list[str], results: RunResults) -> None:
    numbers = Numbers("ru", translator("ru", "report"))
    a = results.assessment
    everything = " ".join(pages)
    for text in (
        numbers.money(a.npv_rub),
        numbers.percent(a.irr),
        numbers.money(a.capex_rub),
        numbers.number(a.jobs.direct),
        "Построенные заводы",
        "Источники",
    ):
        assert text in everything, text
    summary = next(page for page in pages if "ЧДД после налогов" in page)
    assert numbers.money(a.npv_rub) in summary
