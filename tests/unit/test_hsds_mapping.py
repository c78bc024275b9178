"""The HSDS mapping without a database: a member the directory knows little of still makes
valid records, and every id is a UUID derived from the member, the same on every call."""

from dataclasses import replace

from casework.network.model import MemberKind
from casework.network.services import ServiceCode
from casework.network.views import MemberEntry, PublishedDirectory
from interop import hsds
from tests.support.hsds import violations

BARE = MemberEntry(7, "NGO «Bare» (test)", MemberKind.NGO, frozenset({ServiceCode.HOUSING}))
DIRECTORY = PublishedDirectory("TST", "Test network", "Khatlon", (BARE,))


def test_a_member_without_address_phone_or_hours_still_makes_valid_records():
    organizations, services = hsds.organizations(DIRECTORY), hsds.services(DIRECTORY)
    assert violations(organizations, "organization") == []
    assert violations(services, "service") == []
    location = services[0]["service_at_locations"][0]["location"]
    assert set(location) == {"id", "location_type", "organization_id", "name"}  # nothing invented
    assert services[0]["name"] == "Housing assistance"
    assert organizations[0]["description"] == "NGO of the Test network"


def test_ids_follow_the_member_and_the_service_not_the_call():
    first = hsds.services(DIRECTORY)
    assert hsds.services(DIRECTORY) == first
    other = PublishedDirectory("TST", "Test network", "Khatlon", (replace(BARE, id=8),))
    assert hsds.services(other)[0]["id"] != first[0]["id"]


def test_hours_that_are_not_days_and_times_stay_as_written():
    police = replace(BARE, opening_hours="24 hours")
    [organization] = hsds.organizations(PublishedDirectory("TST", "Test", "Khatlon", (police,)))
    [schedule] = organization["locations"][0]["schedules"]
    assert set(schedule) == {"id", "location_id", "description"}
    assert schedule["description"] == "24 hours"
