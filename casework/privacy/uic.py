"""The unique identifier code (UIC) and its keyed hash: the only form in which it is stored.

The letters are normalised so that one person gets one UIC however the caseworker typed
them: case, whitespace and punctuation do not count; Tajik letters fold onto their Russian
counterparts (Ҷ and Дж onto Ч, Ҳ onto Х, Ғ onto Г, Қ onto К, Ӣ and Й onto И, Ӯ onto У, Ё onto
Е); Latin spellings are transliterated (SH, CH, J, DZH, KH, GH, ZH, TS, YA, YU, YO, YE), and
Latin letters typed among Cyrillic ones are read as the Cyrillic letters they look like.
Only the Latin, Russian and Tajik alphabets are letters here: a lookalike from elsewhere
(circled ⓐ, fullwidth Ａ, Greek Α) is refused, never folded into the letter it resembles."""

import hashlib
import hmac
import unicodedata
from dataclasses import dataclass
from enum import StrEnum

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from casework.errors import InvalidInput


class Sex(StrEnum):
    FEMALE = "F"
    MALE = "M"


# What is left after folding: the Russian alphabet without Ё, Й and Щ.
CANONICAL_LETTERS = frozenset("АБВГДЕЖЗИКЛМНОПРСТУФХЦЧШЪЫЬЭЮЯ")
MAX_INPUT = 40  # the first letters of a name, not a whole text
EARLIEST_BIRTH_YEAR, LATEST_BIRTH_YEAR = 1900, 2100

_CYRILLIC_FOLDS = {"Ҷ": "Ч", "Ҳ": "Х", "Ғ": "Г", "Қ": "К", "Щ": "Ш", "ДЖ": "Ч"}
_LATIN_SPELLINGS = {
    "SHCH": "Ш", "DZH": "Ч", "SH": "Ш", "CH": "Ч", "ZH": "Ж", "KH": "Х", "GH": "Г", "TS": "Ц",
    "YA": "Я", "YU": "Ю", "YO": "Е", "YE": "Е", "DJ": "Ч",
    "A": "А", "B": "Б", "C": "К", "D": "Д", "E": "Е", "F": "Ф", "G": "Г", "H": "Х", "I": "И",
    "J": "Ч", "K": "К", "L": "Л", "M": "М", "N": "Н", "O": "О", "P": "П", "Q": "К", "R": "Р",
    "S": "С", "T": "Т", "U": "У", "V": "В", "W": "В", "X": "Х", "Y": "И", "Z": "З",
}  # fmt: skip
# Latin capitals that look like Cyrillic ones: a wrong keyboard layout in mid-word.
_LOOKALIKES = dict(zip("ABCEHKMOPTXY", "АВСЕНКМОРТХУ", strict=True))
# The letters a caseworker may type, after NFD has split off accents and the marks of Ӣ, Ӯ,
# Й and Ё: basic Latin, the Russian alphabet and Tajik's Ғ, Қ, Ҳ, Ҷ, in either case.
_TYPED = "ABCDEFGHIJKLMNOPQRSTUVWXYZАБВГДЕЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯҒҚҲҶ"
ALPHABET = frozenset(_TYPED + _TYPED.lower())


@dataclass(frozen=True, repr=False)
class UicParts:
    """Sex, birth year and the first two letters of the mother's and father's first names."""

    sex: Sex
    birth_year: int
    mother_letters: str
    father_letters: str

    def __repr__(self) -> str:  # never show the letters in logs or tracebacks
        return "UicParts(<redacted>)"

    def canonical(self) -> str:
        if not EARLIEST_BIRTH_YEAR <= self.birth_year <= LATEST_BIRTH_YEAR:
            raise InvalidInput(
                "uic.birth_year",
                "a birth year lies between {earliest} and {latest}",
                field="birth_year",
                earliest=EARLIEST_BIRTH_YEAR,
                latest=LATEST_BIRTH_YEAR,
            )
        mother = first_two_letters(self.mother_letters, "mother_letters")
        father = first_two_letters(self.father_letters, "father_letters")
        return f"{Sex(self.sex).value}{self.birth_year:04d}{mother}{father}"


def first_two_letters(raw: str, field: str) -> str:
    """The first two letters of a name in canonical form. The refusal never repeats the input."""
    refusal = InvalidInput(
        "uic.first_name_letters",
        "give the first two letters of the first name, in Cyrillic or Latin letters",
        field=field,
    )
    if len(raw) > MAX_INPUT:
        raise refusal
    # NFD splits Ӣ, Ӯ, Й, Ё and Latin accents into a base letter and a mark; marks are dropped,
    # as are whitespace and punctuation. Anything else outside the alphabet (a digit, a symbol,
    # a compatibility form that NFKC would have folded into a letter) refuses the input.
    letters = ""
    for char in unicodedata.normalize("NFD", raw):
        if char in ALPHABET:
            letters += char.upper()
        elif not _ignored(char):
            raise refusal
    if any(_is_cyrillic(c) for c in letters):
        letters = "".join(_LOOKALIKES.get(c, c) for c in letters)
        canonical = _replace_longest_first(letters, _CYRILLIC_FOLDS)
    else:
        canonical = _replace_longest_first(letters, _LATIN_SPELLINGS)
    if len(canonical) < 2 or not set(canonical) <= CANONICAL_LETTERS:
        raise refusal
    return canonical[:2]


def _ignored(char: str) -> bool:
    """Whitespace, punctuation ("Гул-Бахор") and the marks NFD split off a letter."""
    category = unicodedata.category(char)
    return char.isspace() or category == "Mn" or category.startswith("P")


def _is_cyrillic(char: str) -> bool:
    return "\u0400" <= char <= "\u04ff"


def _replace_longest_first(text: str, table: dict[str, str]) -> str:
    longest = max(len(k) for k in table)
    out, i = [], 0
    while i < len(text):
        for size in range(min(longest, len(text) - i), 0, -1):
            piece = text[i : i + size]
            if piece in table:
                out.append(table[piece])
                i += size
                break
        else:
            out.append(text[i])
            i += 1
    return "".join(out)


def uic_hmac(pepper: bytes, parts: UicParts) -> str:
    return hmac.new(pepper, parts.canonical().encode(), hashlib.sha256).hexdigest()


COUNTING_INFO = b"casework network counting v1"


def counting_hash(pepper: bytes, network_id: int, parts: UicParts) -> str:
    """The UIC's hash for counting unique people across the NGOs of one network. Its key is
    derived from the pepper with HKDF under a label of its own and the network's id, so it
    differs from the matching hash (`uic_hmac`, which stays within one NGO), and the same
    person gets unrelated hashes in two networks."""
    key = HKDF(
        algorithm=hashes.SHA256(),
        length=32,
        salt=None,
        info=COUNTING_INFO + b" network " + str(network_id).encode(),
    ).derive(pepper)
    return hmac.new(key, parts.canonical().encode(), hashlib.sha256).hexdigest()
