"""Form serials: the Damm check digit catches every single-digit error and every swap of
adjacent digits, whatever the serial."""

import itertools

from hypothesis import given
from hypothesis import strategies as st

from casework.referrals.serials import format_serial, is_valid_serial, parse_serial

network_codes = st.text(alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZ", min_size=2, max_size=8)
years = st.integers(min_value=2000, max_value=2199)
numbers = st.integers(min_value=1, max_value=9_999_999)


def digit_positions(serial: str) -> list[int]:
    """Positions of the digits a person copies: year, number and check digit."""
    first_digit = serial.index("-") + 1
    return [i for i, char in enumerate(serial) if i >= first_digit and char.isdigit()]


@given(network_codes, years, numbers)
def test_a_formatted_serial_is_valid_and_parses_back(code, year, number):
    serial = format_serial(code, year, number)
    assert is_valid_serial(serial)
    assert parse_serial(serial) == (code, year, number)
    assert parse_serial(serial.lower()) == (code, year, number)  # typed in lower case


@given(network_codes, years, numbers, st.data())
def test_every_single_digit_error_is_detected(code, year, number, data):
    serial = format_serial(code, year, number)
    position = data.draw(st.sampled_from(digit_positions(serial)))
    wrong = data.draw(st.sampled_from([d for d in "0123456789" if d != serial[position]]))
    mistyped = serial[:position] + wrong + serial[position + 1 :]
    assert not is_valid_serial(mistyped)


@given(network_codes, years, numbers, st.data())
def test_every_swap_of_adjacent_digits_is_detected(code, year, number, data):
    serial = format_serial(code, year, number)
    positions = digit_positions(serial)
    # Adjacent as a person reads them: across the hyphens too (year|number, number|check).
    pairs = [(a, b) for a, b in itertools.pairwise(positions) if serial[a] != serial[b]]
    if not pairs:
        return  # e.g. all digits equal: a swap changes nothing
    a, b = data.draw(st.sampled_from(pairs))
    chars = list(serial)
    chars[a], chars[b] = chars[b], chars[a]
    assert not is_valid_serial("".join(chars))


def test_every_single_digit_error_of_one_serial_exhaustively():
    serial = format_serial("KHT", 2026, 123)
    for position in digit_positions(serial):
        for digit in "0123456789":
            if digit != serial[position]:
                changed = serial[:position] + digit + serial[position + 1 :]
                assert not is_valid_serial(changed), changed


def test_malformed_serials_are_refused():
    for text in ["", "KHT-2026-000123", "KHT-26-000123-4", "K-2026-000123-4", "KHT 2026 000123 4"]:
        assert parse_serial(text) is None
