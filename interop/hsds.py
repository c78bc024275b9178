"""Open Referral's HSDS 3 directory: each current member of the network as an organization with
one location (its address, phone, opening hours and whom a referred person asks for), and each
service it offers as a service at that location (docs/interop.md, "HSDS 3 directory").

An HSDS record has one language: the names are the English words of texts/labels.py. The
directory holds public facts of the network only, no beneficiary and no person: the focal
points, whose e-mail addresses may name someone, are left out."""

import uuid
from typing import Any

from casework.languages import Language
from casework.network.services import ServiceCode
from casework.network.views import MemberEntry, PublishedDirectory
from interop.opening_hours import weekly_openings
from texts.labels import word

# Every id is derived from this namespace and the member's id (and the service's code), so
# that a record keeps its id from one export to the next: never change it.
NAMESPACE = uuid.UUID("1413af5d-de93-409b-b852-2fe568849f89")
# The directory's districts are Khatlon's (casework/network/districts.py).
COUNTRY = "TJ"
# The network's one way in: a member NGO refers the person on the standard form.
APPLICATION_PROCESS = (
    "By referral from a member NGO of the network, on the network's standard referral form."
)

Record = dict[str, Any]


def hsds_id(kind: str, member_id: int, *which: str | int) -> str:
    """The stable UUID of a member's record of one kind (of one of its services, say)."""
    return str(uuid.uuid5(NAMESPACE, "/".join(map(str, (kind, member_id, *which)))))


def organizations(directory: PublishedDirectory) -> list[Record]:
    """The network's current members, each an HSDS organization with its location."""
    return [
        _organization(member, directory) | {"locations": [_location(member, directory)]}
        for member in directory.members
    ]


def services(directory: PublishedDirectory) -> list[Record]:
    """Every service a current member offers, with the member as its organization and the
    member's location, where the service is given."""
    found = []
    for member in directory.members:
        organization, location = _organization(member, directory), _location(member, directory)
        found += [
            _service(member, code, organization, location) for code in sorted(member.services)
        ]
    return found


def _organization(member: MemberEntry, directory: PublishedDirectory) -> Record:
    kind = word(member.kind, Language.ENGLISH)
    description = f"{kind[0].upper()}{kind[1:]} of the {directory.network_name}"
    if member.sub_network:
        description += f", in its {member.sub_network}"
    return {
        "id": hsds_id("organization", member.id),
        "name": member.name,
        "description": description,
    }


def _location(member: MemberEntry, directory: PublishedDirectory) -> Record:
    """Where the member receives people; a fact the directory lacks is left out, but for the
    postal code an HSDS address requires, which the directory does not keep (empty)."""
    location_id = hsds_id("location", member.id)
    location: Record = {
        "id": location_id,
        "location_type": "physical",
        "organization_id": hsds_id("organization", member.id),
        "name": member.name,
    }
    linked = {"location_id": location_id}
    if member.address:
        location["addresses"] = [
            {
                "id": hsds_id("address", member.id),
                **linked,
                "address_1": member.address,
                "city": word(member.district, Language.ENGLISH) if member.district else "",
                "state_province": directory.region,
                "postal_code": "",
                "country": COUNTRY,
                "address_type": "physical",
            }
        ]
    if member.phone:
        location["phones"] = [
            {"id": hsds_id("phone", member.id), **linked, "number": member.phone, "type": "voice"}
        ]
    if member.opening_hours:
        location["schedules"] = _schedules(member.id, member.opening_hours, linked)
    if member.referral_contact:  # a desk or a role, public on the referral form
        location["contacts"] = [
            {"id": hsds_id("contact", member.id), **linked, "title": member.referral_contact}
        ]
    return location


def _schedules(member_id: int, hours: str, linked: Record) -> list[Record]:
    """Weekly openings where the hours read as such, each with its part of the text; else
    one schedule whose description is the text as written on the door."""
    openings = weekly_openings(hours)
    if openings is None:
        return [{"id": hsds_id("schedule", member_id), **linked, "description": hours}]
    return [
        {
            "id": hsds_id("schedule", member_id, index),
            **linked,
            "freq": "WEEKLY",
            "byday": ",".join(day[:2].upper() for day in opening.days),
            "opens_at": opening.opens_at,
            "closes_at": opening.closes_at,
            "description": opening.text,
        }
        for index, opening in enumerate(openings)
    ]


def _service(
    member: MemberEntry, code: ServiceCode, organization: Record, location: Record
) -> Record:
    service_id = hsds_id("service", member.id, code.value)
    return {
        "id": service_id,
        "organization_id": hsds_id("organization", member.id),
        "name": word(code, Language.ENGLISH),
        "status": "active",
        "application_process": APPLICATION_PROCESS,
        "organization": organization,
        "service_at_locations": [
            {
                "id": hsds_id("service_at_location", member.id, code.value),
                "service_id": service_id,
                "location_id": location["id"],
                "location": location,
            }
        ],
    }
