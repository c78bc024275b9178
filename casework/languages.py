"""The languages of the network (Tajik, Russian, English) and how a request names one."""

from enum import StrEnum


class Language(StrEnum):
    TAJIK = "tg"
    RUSSIAN = "ru"
    ENGLISH = "en"


DEFAULT_LANGUAGE = Language.TAJIK


def negotiate(*candidates: str | None) -> Language:
    """The first candidate that names a supported language ("ru-RU" counts as "ru")."""
    for candidate in candidates:
        for part in (candidate or "").replace(";", ",").split(","):
            code = part.strip().split("-")[0].split("_")[0].lower()
            if code in Language._value2member_map_:
                return Language(code)
    return DEFAULT_LANGUAGE


def listed() -> str:
    """The languages' codes as a help text names them: "tg, ru or en"."""
    *others, last = Language
    return f"{', '.join(others)} or {last}"
