"""The signed QR payload: compact, round-trips, and refuses every tampering."""

import dataclasses
import json
import random
from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from casework.network.services import ServiceCode
from casework.referrals.serials import format_serial
from referral_forms.keys import FormKeys, KeySet
from referral_forms.payload import (
    SERVICE_WIRE_CODES,
    FormClaims,
    InvalidPayload,
    b64url,
    sign_payload,
    unb64url,
    verify_payload,
)
from referral_forms.qr import payload_from_scan, qr_code, verify_url

CLAIMS = FormClaims(
    serial=format_serial("KHT", 2026, 123),
    issuer_id=7,
    institution_id=1,
    service=ServiceCode.HIV_TESTING,
    issued_on=date(2026, 3, 2),
    valid_until=date(2026, 3, 16),
)


@pytest.fixture(scope="module")
def keys(tmp_path_factory) -> FormKeys:
    keys = FormKeys(tmp_path_factory.mktemp("keys") / "referral-forms")
    keys.generate()
    return keys


@pytest.fixture(scope="module")
def signed(keys) -> str:
    key_id, key = keys.signing_key()
    return sign_payload(CLAIMS, key_id=key_id, key=key)


def test_a_signed_payload_verifies_with_the_public_key_alone(keys, signed):
    verified = verify_payload(signed, keys.public_keys().key_for)
    assert verified.claims == CLAIMS
    assert verified.key_id == 1


def test_the_payload_is_compact(signed):
    assert len(signed) == 114  # 21 bytes of fields + 64 of signature, base64url
    url = verify_url("https://referrals.khatlon.example", signed)
    assert qr_code(url).version <= 11  # 61 modules: 0.65 mm each in the form's 40 mm


claims_strategy = st.builds(
    FormClaims,
    serial=st.builds(
        format_serial,
        st.text(alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZ", min_size=2, max_size=8),
        st.integers(2000, 2150),
        st.integers(0, 2**32 - 1),
    ),
    issuer_id=st.integers(0, 2**16 - 1),
    institution_id=st.integers(0, 2**16 - 1),
    service=st.sampled_from(list(ServiceCode)),
    issued_on=st.dates(date(2000, 1, 1), date(2150, 1, 1)),
    valid_until=st.just(None),
).map(lambda c: dataclasses.replace(c, valid_until=c.issued_on + timedelta(days=30)))


@given(claims_strategy)
def test_any_claims_round_trip(keys, claims):
    key_id, key = keys.signing_key()
    assert (
        verify_payload(
            sign_payload(claims, key_id=key_id, key=key), keys.public_keys().key_for
        ).claims
        == claims
    )


def test_every_service_has_a_fixed_wire_code():
    assert set(SERVICE_WIRE_CODES) == set(ServiceCode)
    assert len(set(SERVICE_WIRE_CODES.values())) == len(ServiceCode)


def test_ten_thousand_random_mutations_are_all_rejected(keys, signed):
    key_for = keys.public_keys().key_for
    raw = unb64url(signed)
    alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
    rng = random.Random(20260302)
    tried: set[str] = set()
    while len(tried) < 10_000:  # distinct mutations
        if rng.random() < 0.5:  # flip one to three bits of the bytes
            mutated = bytearray(raw)
            for _ in range(rng.randint(1, 3)):
                mutated[rng.randrange(len(mutated))] ^= 1 << rng.randrange(8)
            text = b64url(bytes(mutated))
        else:  # change, drop or add characters of the text a camera reads
            chars = list(signed)
            position = rng.randrange(len(chars))
            match rng.randrange(3):
                case 0:
                    chars[position] = rng.choice(alphabet.replace(chars[position], ""))
                case 1:
                    del chars[position]
                case 2:
                    chars.insert(position, rng.choice(alphabet))
            text = "".join(chars)
        if text == signed or text in tried:
            continue  # bit flips that cancel out, or a mutation already tried
        tried.add(text)
        with pytest.raises(InvalidPayload):
            verify_payload(text, key_for)


@pytest.mark.parametrize(
    "change",
    [
        {"serial": format_serial("KHT", 2026, 124)},
        {"serial": format_serial("KHS", 2026, 123)},
        {"issuer_id": 8},
        {"institution_id": 2},
        {"service": ServiceCode.TB_SCREENING},
        {"issued_on": date(2026, 3, 3)},
        {"valid_until": date(2026, 12, 31)},
    ],
)
def test_changing_any_field_breaks_the_signature(keys, signed, change):
    """Re-encode the fields with one change and keep the original signature."""
    key_id, key = keys.signing_key()
    forged_fields = unb64url(
        sign_payload(dataclasses.replace(CLAIMS, **change), key_id=key_id, key=key)
    )[:-64]
    original_signature = unb64url(signed)[-64:]
    with pytest.raises(InvalidPayload, match="signature"):
        verify_payload(b64url(forged_fields + original_signature), keys.public_keys().key_for)


def test_another_key_is_not_trusted(keys, signed, tmp_path):
    stranger = FormKeys(tmp_path / "stranger")
    stranger.generate()
    with pytest.raises(InvalidPayload):
        verify_payload(signed, stranger.public_keys().key_for)


def test_non_canonical_or_oversized_text_is_refused(keys, signed):
    key_for = keys.public_keys().key_for
    last = signed[-1]
    # 114 characters carry 684 bits for 680: the spare low bits of the last one must be zero.
    sibling = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
    twin = sibling[sibling.index(last) ^ 1]
    for text in (signed[:-1] + twin, signed + "==", " " + signed, signed * 2):
        with pytest.raises(InvalidPayload):
            verify_payload(text, key_for)


def test_a_rotated_key_signs_new_forms_and_old_forms_still_verify(tmp_path):
    keys = FormKeys(tmp_path / "referral-forms")
    keys.generate()
    old_id, old_key = keys.signing_key()
    old_form = sign_payload(CLAIMS, key_id=old_id, key=old_key)
    assert keys.rotate() == 2
    new_id, new_key = keys.signing_key()
    new_form = sign_payload(CLAIMS, key_id=new_id, key=new_key)
    published = keys.public_keys()
    assert published.active == 2
    assert verify_payload(old_form, published.key_for).key_id == 1
    assert verify_payload(new_form, published.key_for).key_id == 2
    assert not (keys.directory / "001.key").exists()  # the retired private key is destroyed


def test_published_keys_verify_offline_as_json_or_pem(keys, signed, tmp_path):
    document = tmp_path / "referral-form-keys.json"
    document.write_text(json.dumps(keys.public_keys().to_jwks()))
    assert verify_payload(signed, KeySet.from_file(document).key_for).claims == CLAIMS
    pem = keys.directory / "001.pub"
    assert verify_payload(signed, KeySet.from_file(pem).key_for).claims == CLAIMS


def test_the_scanned_url_or_the_bare_payload_are_both_accepted(signed):
    assert payload_from_scan(verify_url("https://x.example/", signed)) == signed
    assert payload_from_scan(f"  {signed}\n") == signed
