"""Every label of the reports has a Russian translation in the ``report`` catalog."""

from __future__ import annotations

import re
from pathlib import Path

from babel.messages.extract import extract_from_file
from babel.messages.pofile import read_po

import angara.report
from angara.i18n import catalog_path

REPORT = Path(angara.report.__file__).parent
# the modules whose labels are in the report domain (figures.py and maps.py have their own)
PLACEHOLDER = re.compile(r"\{(\w*)\}")
MODULES = ("content.py", "tables.py", "charts.py", "numerals.py", "labels.py")


def used_labels() -> set[str]:
    labels: set[str] = set()
    for module in MODULES:
        for _line, message, _comments, _context in extract_from_file(
            "python", REPORT / module, keywords={"_": None, "N_": None}
        ):
            assert isinstance(message, str)  # no plural forms in the reports
            labels.add(message)
    for _line, message, _comments, _context in extract_from_file(
        "jinja2", REPORT / "templates" / "report.html.j2", keywords={"_": None}
    ):
        assert isinstance(message, str)
        labels.add(message)
    return labels


def test_every_label_has_a_russian_translation() -> None:
    with catalog_path("ru", "report").open("rb") as file:
        catalog = read_po(file, locale="ru", domain="report")
    translated = {
        m.id: m.string for m in catalog if isinstance(m.id, str) and m.id and isinstance(m.string, str)
    }
    assert not [m.id for m in catalog if m.id and m.fuzzy]
    assert all(translated.values()), [key for key, value in translated.items() if not value]
    labels = used_labels()
    assert len(labels) > 100
    assert sorted(labels - set(translated)) == []
    assert sorted(set(translated) - labels) == []  # no stale entries either
    for key, value in translated.items():
        # a translation may reorder the placeholders, but not drop, add or misspell one
        assert sorted(PLACEHOLDER.findall(key)) == sorted(PLACEHOLDER.findall(value)), key
