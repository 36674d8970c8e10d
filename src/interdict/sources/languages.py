"""Language names as lists write them (``"Russian"``, ``"Persian/Farsi"``) → ISO 639-1 codes.

Backed by rigour's language tables; a few country names that lists put in language
columns (``"Russia"``, ``"Ukraine"``) are accepted too. Unknown text gives ``None``.
"""

from __future__ import annotations

from functools import lru_cache

from rigour.langs import iso_639_alpha2

_COUNTRY_AS_LANGUAGE = {"russia": "ru", "ukraine": "uk", "iran": "fa", "farsi": "fa"}


@lru_cache(maxsize=512)
def language_code(text: str | None) -> str | None:
    """The ISO 639-1 code for a language name or code, else ``None``."""
    if not text:
        return None
    for part in text.replace("\\", "/").split("/"):
        cleaned = part.strip().casefold()
        if not cleaned:
            continue
        code = _COUNTRY_AS_LANGUAGE.get(cleaned) or iso_639_alpha2(cleaned)
        if code:
            return str(code)
    return None
