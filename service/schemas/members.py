"""Models of the network's member directory: each member's entry, and the coordinator's
changes to it."""

from typing import Annotated

from pydantic import BaseModel, BeforeValidator, Field

from casework.network.districts import District
from casework.network.services import ServiceCode
from casework.network.views import MemberEntry
from service.schemas import Request, Text, read_model

MemberRead = read_model(
    "MemberRead",
    MemberEntry,
    doc="A member's entry in the network's directory: public facts of the network.",
    services=Annotated[
        list[ServiceCode], BeforeValidator(sorted), Field(description="the services it offers")
    ],
    sub_network=Annotated[str | None, Field(description="its district sub-network's name")],
)


class MemberList(BaseModel):
    items: list[MemberRead]  # type: ignore[valid-type]


def _entry_text(max_length: int, description: str):
    return Annotated[Text, Field(max_length=max_length, description=description)] | None


class MemberUpdate(Request):
    """The directory fields to change; a field left out stays as it is, null or "" clears it."""

    district: District | None = None
    address: _entry_text(300, "where it receives people: street, number, town") = None  # type: ignore[valid-type]
    phone: _entry_text(40, "digits, spaces, '+', '-' and brackets") = None  # type: ignore[valid-type]
    opening_hours: _entry_text(200, "when it receives people, as written on its door") = None  # type: ignore[valid-type]
    referral_contact: _entry_text(200, "whom a referred person asks for, or where") = None  # type: ignore[valid-type]
