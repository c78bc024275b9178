"""Canary personal data to plant in a run, and a scanner that finds it in any text or bytes:
a name (Cyrillic and Latin), a phone number in any punctuation, a case note, a UIC."""

import re
from dataclasses import dataclass

from casework.privacy.uic import Sex, UicParts
from casework.privacy.vault import Identity

NAME = "Зулфия Канарейкина"
LATIN_NAME = "Zulfiya Kanareykina"
PHONE = "+992 93 555 01 99"
NOTE = "sleeps at the Kanareyka bus station"
IDENTITY = Identity(name=NAME, phone=PHONE, notes=NOTE)
LATIN_IDENTITY = Identity(name=LATIN_NAME, phone="93-555-01-99")
UIC = UicParts(Sex.FEMALE, 1977, "Зу", "Ка")  # mother Зулайҳо, father Камол
UIC_IN_LATIN = UicParts(Sex.FEMALE, 1977, "Zu", "Ka")  # the same person, typed in Latin


@dataclass(frozen=True)
class Found:
    canary: str
    context: str


_PATTERNS = {
    "name": re.compile(r"канарейк|kanareyk|зулфия|zulfiya", re.IGNORECASE),
    # The phone's digits with up to two separators between them, whatever the punctuation.
    "phone": re.compile(r"9\D{0,2}3\D{0,2}5\D{0,2}5\D{0,2}5\D{0,2}0\D{0,2}1\D{0,2}9\D{0,2}9"),
    "uic": re.compile(r"1977\s*зу\s*ка|зу\s*ка\s*1977|1977зука|зука|zuka1977", re.IGNORECASE),
}


def find(haystack: str | bytes) -> list[Found]:
    """Every canary in `haystack`, with some text around it to say where."""
    text = haystack.decode("utf-8", "replace") if isinstance(haystack, bytes) else haystack
    return [
        Found(canary, text[max(0, m.start() - 60) : m.end() + 60])
        for canary, pattern in _PATTERNS.items()
        for m in pattern.finditer(text)
    ]
