"""Russian and English: every label goes through ``translator(lang, domain)``.

Message ids are the English texts; Russian catalogs are Babel PO files shipped in
``angara/locales/ru/LC_MESSAGES/<domain>.po`` (one domain per part of the product:
``web``, ``report``), read with Babel when first needed, so no compile step is required.
"""

from __future__ import annotations

import functools
import io
from collections.abc import Callable
from pathlib import Path
from typing import Literal, get_args

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import Translations

Language = Literal["ru", "en"]
LANGUAGES: tuple[str, ...] = get_args(Language)
DEFAULT_LANGUAGE: Language = "ru"
LOCALES = Path(__file__).resolve().parent / "locales"

Translate = Callable[[str], str]


def catalog_path(lang: str, domain: str) -> Path:
    """Where the PO file of ``domain`` in ``lang`` lives."""
    return LOCALES / lang / "LC_MESSAGES" / f"{domain}.po"


@functools.cache
def _translations(lang: str, domain: str) -> Translations | None:
    path = catalog_path(lang, domain)
    if lang == "en" or not path.is_file():
        return None
    with path.open("rb") as file:
        catalog = read_po(file, locale=lang, domain=domain)
    compiled = io.BytesIO()
    write_mo(compiled, catalog)  # fuzzy entries are left out, as msgfmt does
    compiled.seek(0)
    return Translations(compiled, domain=domain)


def translator(lang: str, domain: str) -> Translate:
    """A function turning an English label into ``lang`` (``ru`` or ``en``); labels without a
    translation stay English."""
    translations = _translations(lang if lang in LANGUAGES else DEFAULT_LANGUAGE, domain)
    if translations is None:
        return lambda text: text
    return translations.gettext


def preferred_language(accept_language: str | None) -> str:
    """``ru`` or ``en`` from a browser's Accept-Language header: Russian for Russian
    browsers, English for any other language named first, Russian when none is given."""
    if not accept_language:
        return DEFAULT_LANGUAGE
    ranked = []
    for part in accept_language.split(","):
        tag, _, weight = part.strip().partition(";q=")
        try:
            quality = float(weight) if weight else 1.0
        except ValueError:
            quality = 0.0
        ranked.append((quality, tag.strip().lower()))
    ranked.sort(key=lambda pair: -pair[0])
    for _, tag in ranked:
        if tag.startswith("ru"):
            return "ru"
        if tag and tag != "*":
            return "en"
    return DEFAULT_LANGUAGE
