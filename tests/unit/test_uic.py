"""One person, one UIC, however the letters were typed; refusals never repeat the letters."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from casework.errors import InvalidInput
from casework.privacy.uic import Sex, UicParts, first_two_letters, uic_hmac

PEPPER = b"p" * 32


@pytest.mark.parametrize(
    ("typed", "canonical"),
    [
        ("ҶА", "ЧА"),  # Tajik letters fold onto their Russian counterparts
        ("ҷа", "ЧА"),
        ("Джамила", "ЧА"),  # Russian spelling of Ҷ
        ("Jamila", "ЧА"),  # Latin transliteration
        ("Dzhamila", "ЧА"),
        ("ҲА", "ХА"),
        ("Khadija", "ХА"),
        ("Hadija", "ХА"),
        ("ҒО", "ГО"),
        ("Ghoib", "ГО"),
        ("ҚА", "КА"),
        ("Qodir", "КО"),
        ("ӢС", "ИС"),
        ("ЙО", "ИО"),
        ("ӮМ", "УМ"),
        ("Ёқ", "ЕК"),
        ("Шахло", "ША"),
        ("Shakhlo", "ША"),
        ("SH A", "ША"),
        (" ш а ", "ША"),  # whitespace and case do not count
        ("Гул-Бахор", "ГУ"),
        ("СA", "СА"),  # a Latin A typed among Cyrillic letters
        ("Yulduz", "ЮЛ"),
        ("Zarina", "ЗА"),
    ],
)
def test_letters_are_normalised(typed, canonical):
    assert first_two_letters(typed, "mother_letters") == canonical


def test_the_same_person_typed_two_ways_gets_the_same_hash():
    tajik = UicParts(Sex.FEMALE, 1984, "Ҷӯ", "Ҳа")
    latin = UicParts(Sex.FEMALE, 1984, "ju", "ha")
    russian = UicParts(Sex.FEMALE, 1984, "Джу", " ха ")
    assert uic_hmac(PEPPER, tajik) == uic_hmac(PEPPER, latin) == uic_hmac(PEPPER, russian)
    assert uic_hmac(PEPPER, tajik) != uic_hmac(PEPPER, UicParts(Sex.MALE, 1984, "ju", "ha"))
    assert uic_hmac(PEPPER, tajik) != uic_hmac(b"q" * 32, tajik)


@pytest.mark.parametrize("typed", ["", "А", "1А", "Ҷ7", "!!", "Ω", "x" * 41])
def test_unusable_letters_are_refused_without_repeating_them(typed):
    with pytest.raises(InvalidInput) as refused:
        first_two_letters(typed, "father_letters")
    assert refused.value.field == "father_letters"
    assert typed not in refused.value.message or typed == ""


@pytest.mark.parametrize(
    "typed",
    ["ⓐⓑ", "ＡＢ", "Ａli", "ⅯⅩ", "ΑΒ", "ß", "ﬁna", "A⃝B", "Зa\u200dр"],
    ids=["circled", "fullwidth", "one-fullwidth", "roman", "greek", "eszett", "ligature",
         "enclosed", "zero-width-joiner"],
)  # fmt: skip
def test_letters_outside_latin_russian_and_tajik_are_refused_not_folded(typed):
    with pytest.raises(InvalidInput) as refused:
        first_two_letters(typed, "mother_letters")
    assert refused.value.field == "mother_letters"


def test_accents_punctuation_and_whitespace_still_do_not_count():
    typed = ["Zöhra", "Zohra", "Z-o h'ra", "z\to"]
    assert {first_two_letters(t, "mother_letters") for t in typed} == {"ЗО"}


@pytest.mark.parametrize("year", [1899, 2101])
def test_an_impossible_birth_year_is_refused(year):
    with pytest.raises(InvalidInput) as refused:
        UicParts(Sex.MALE, year, "АБ", "ВГ").canonical()
    assert refused.value.field == "birth_year"


@given(st.text(alphabet="АБВГҒДЕЁЖЗИӢЙКҚЛМНОПРСТУӮФХҲЧҶШЪЭЮЯабвгдежзҷҳқғӯӣ", min_size=3))
def test_the_hash_never_shows_the_letters_and_the_parts_never_print_them(letters):
    letters = letters[:40]
    parts = UicParts(Sex.FEMALE, 1990, letters, letters)
    digest = uic_hmac(PEPPER, parts)
    assert len(digest) == 64 and set(digest) <= set("0123456789abcdef")
    assert letters not in repr(parts) and letters not in str(parts)
