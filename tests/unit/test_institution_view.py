"""What an institution sees of a referral has no field that could hold a name, a UIC, a
phone number or a case note: every field is an id, an enum, a date or a patterned code."""

import dataclasses
import typing
import uuid
from datetime import date
from enum import Enum

import pytest
from hypothesis import given
from hypothesis import strategies as st

from casework.network.services import ServiceCode
from casework.referrals.serials import format_serial
from casework.referrals.states import ReferralStatus, Urgency
from casework.referrals.views import DisplayCode, InstitutionReferralView, Serial
from service.schemas.referrals import InstitutionReferralRead

# What a field may be: none of these can carry free text.
SAFE_TYPES = (uuid.UUID, int, date, Serial, DisplayCode)
FORBIDDEN_WORDS = ("name", "uic", "phone", "note", "reason", "comment", "text", "description")


def valid_view(**changes) -> InstitutionReferralView:
    fields = {
        "referral_id": uuid.uuid4(),
        "serial": Serial(format_serial("KHT", 2026, 17)),
        "service": ServiceCode.HIV_TESTING,
        "urgency": Urgency.ROUTINE,
        "status": ReferralStatus.CANCELLED,
        "valid_until": date(2026, 3, 20),
        "display_code": DisplayCode("7KQ2-M9XD"),
        "issuing_ngo_id": 4,
    }
    return InstitutionReferralView(**{**fields, **changes})


def test_every_field_is_an_id_an_enum_a_date_or_a_patterned_code():
    hints = typing.get_type_hints(InstitutionReferralView)
    assert set(hints) == {
        "referral_id", "serial", "service", "urgency", "status", "valid_until",
        "display_code", "issuing_ngo_id",
    }  # fmt: skip
    for name, hint in hints.items():
        assert not any(word in name for word in FORBIDDEN_WORDS), name
        for kind in typing.get_args(hint) or (hint,):
            if kind is type(None):
                continue
            assert kind is not str, f"{name} is free text"
            assert issubclass(kind, Enum) or kind in SAFE_TYPES, f"{name}: {kind}"
            if issubclass(kind, Enum):
                assert all(len(member.value) <= 40 for member in kind)


@given(st.text(max_size=30))
def test_the_code_fields_accept_nothing_but_their_pattern(text):
    for kind in (Serial, DisplayCode):
        try:
            value = kind(text)
        except ValueError:
            continue
        assert value == text.strip().upper()
        assert all(c.isdigit() or c.isupper() or c == "-" for c in value)


@pytest.mark.parametrize(
    "changes",
    [
        {"serial": "Малика Раҳимова"},
        {"display_code": "+992 93 123 45 67"},
        {"service": "hiv_testing: lives with aunt"},
        {"status": "cancelled: consent revoked"},
        {"issuing_ngo_id": "NGO of Малика"},
        {"valid_until": "next week"},
    ],
)
def test_a_view_with_text_smuggled_into_a_field_cannot_be_built(changes):
    with pytest.raises((TypeError, ValueError)):
        valid_view(**{k: (Serial(v) if k == "serial" else v) for k, v in changes.items()})


def test_a_valid_view_shows_only_its_eight_fields():
    assert len(dataclasses.asdict(valid_view())) == 8


def test_the_api_shows_the_view_fields_and_nothing_more():
    """The API's model is read from the view: its `id` is the view's `referral_id`, and
    `view` only tells it from the NGO's model."""
    shown = set(InstitutionReferralRead.model_fields)
    renamed = set(typing.get_type_hints(InstitutionReferralView)) - {"referral_id"} | {"id"}
    assert shown == renamed | {"view"}
    assert InstitutionReferralRead.model_validate(valid_view()).model_dump().keys() == shown
