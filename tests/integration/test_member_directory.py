"""The member directory: the coordinator keeps each member's entry in one audited command,
members' staff read it and are told no when they try to change it, another network's member
is not found; routing prefers the member in the beneficiary's district, then one in the NGO's
sub-network, and breaks ties by load and age alone."""

import pytest
from sqlalchemy import select

from casework.audit import AuditEntry
from casework.audit_actions import AuditAction
from casework.cases.commands import open_case, propose_providers
from casework.cases.model import Need
from casework.cases.profile import Profile
from casework.cases.queries import get_case
from casework.errors import InvalidInput, NotFound, PermissionDenied
from casework.network.commands import DirectoryChanges, edit_directory_entry
from casework.network.districts import District
from casework.network.model import Member
from casework.network.queries import directory
from casework.network.services import ServiceCode
from casework.referrals import commands as referrals
from tests.support.governance import COORDINATOR
from tests.support.network import UIC, another_network, demo

DERMATOVENEROLOGY = "Regional Dermatovenerology Dispensary (demo)"


def test_the_coordinator_changes_an_entry_and_everyone_reads_it(uow):
    d = demo(uow)
    entry = edit_directory_entry(
        uow,
        actor=COORDINATOR,
        member_id=d.passport_office,
        changes=DirectoryChanges(opening_hours="  Mon–Fri 09:00–13:00 ", referral_contact=""),
    )
    assert entry.opening_hours == "Mon–Fri 09:00–13:00" and entry.referral_contact is None
    assert entry.address == "20 Ayni Street, Bokhtar"  # not named: kept
    listed = {m.id: m for m in directory(uow, actor=d.focal())}
    assert listed[d.passport_office] == entry
    with uow:
        audited = uow.session.scalars(
            select(AuditEntry.actor_role).where(
                AuditEntry.action == AuditAction.MEMBER_DIRECTORY_EDITED,
                AuditEntry.object_id == str(d.passport_office),
            )
        ).all()
    assert list(audited).count("coordinator") == 1


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        (DirectoryChanges(phone="the reception desk"), "phone"),
        (DirectoryChanges(phone="+99 21"), "phone"),
        (DirectoryChanges(address="x" * 301), "address"),
        (DirectoryChanges(opening_hours="nul\x00"), "opening_hours"),
        ({"name": "Renamed"}, "name"),
        ({"district": "dushanbe"}, "district"),
    ],
)
def test_a_field_that_cannot_be_used_is_named_and_nothing_changes(uow, changes, field):
    d = demo(uow)
    with pytest.raises(InvalidInput) as refused:
        edit_directory_entry(uow, actor=COORDINATOR, member_id=d.justice, changes=changes)
    assert refused.value.field == field
    with uow:
        assert uow.session.get_one(Member, d.justice).phone == "+992 3222 0-00-06"


def test_members_staff_may_not_edit_and_another_network_is_not_found(uow):
    d = demo(uow)
    other = another_network(uow)
    hours = DirectoryChanges(opening_hours="never")
    for actor in [d.caseworker(), d.supervisor(), d.focal()]:
        with pytest.raises(PermissionDenied):
            edit_directory_entry(uow, actor=actor, member_id=d.aids_centre, changes=hours)
    with pytest.raises(NotFound):
        edit_directory_entry(uow, actor=d.supervisor(), member_id=other.institution, changes=hours)
    with pytest.raises(NotFound):
        edit_directory_entry(uow, actor=COORDINATOR, member_id=2**31 - 1, changes=hours)


def _referred_to(uow, d, service, district, *, ngo=None):
    actor = d.caseworker(ngo)
    opened = open_case(
        uow, actor=actor, uic=UIC, needs=[service], consent_to_referral=True, district=district
    )
    issued = referrals.request_referral(uow, actor=actor, case_id=opened.case_id, service=service)
    return opened.case_id, issued.institution_id


def test_routing_prefers_the_member_in_the_beneficiarys_district(uow):
    d = demo(uow)
    kulob = d.members[DERMATOVENEROLOGY]
    # STI care: the AIDS centre (Bokhtar) and the dispensary (Kulob), whatever their load.
    chosen = [_referred_to(uow, d, ServiceCode.STI_CARE, District.KULOB)[1] for _ in range(3)]
    assert chosen == [kulob] * 3
    bokhtar = [_referred_to(uow, d, ServiceCode.STI_CARE, District.BOKHTAR)[1] for _ in range(2)]
    assert bokhtar == [d.aids_centre] * 2
    # No district known, nor a member in it: least busy first, as before.
    assert _referred_to(uow, d, ServiceCode.STI_CARE, District.PANJ)[1] == d.aids_centre


def test_intake_proposes_the_member_routing_would_choose(uow):
    d = demo(uow)
    case_id = open_case(
        uow,
        actor=d.caseworker(),
        uic=UIC,
        needs=[ServiceCode.STI_CARE],
        consent_to_referral=True,
        district=District.KULOB,
    ).case_id
    propose_providers(uow, actor=d.caseworker(), case_id=case_id)
    with uow:
        proposed = uow.session.scalar(
            select(Need.proposed_institution_id).where(Need.case_id == case_id)
        )
    assert proposed == d.members[DERMATOVENEROLOGY]


def test_an_intake_run_again_after_a_lost_completion_writes_no_second_audit_row(uow):
    """Prefect gone between the intake's commit and its run's completion: the dispatcher
    runs the flow again, which must change nothing, its audit trail included."""
    d = demo(uow)
    case_id = d.open_case(uow, (ServiceCode.STI_CARE,), profile=Profile(district=District.KULOB))
    for _ in range(2):
        propose_providers(uow, actor=d.caseworker(), case_id=case_id.case_id)
    assert _proposals_audited(uow, case_id.case_id) == 1
    for member_id, district in (
        (d.members[DERMATOVENEROLOGY], District.BOKHTAR),
        (d.aids_centre, District.KULOB),
    ):
        changes = DirectoryChanges(district=district)  # a real change: the proposal moves
        edit_directory_entry(uow, actor=COORDINATOR, member_id=member_id, changes=changes)
    propose_providers(uow, actor=d.caseworker(), case_id=case_id.case_id)
    assert _proposals_audited(uow, case_id.case_id) == 2


def _proposals_audited(uow, case_id) -> int:
    with uow:
        return len(
            uow.session.scalars(
                select(AuditEntry).where(
                    AuditEntry.object_id == str(case_id),
                    AuditEntry.action == AuditAction.CASE_PROVIDERS_PROPOSED,
                )
            ).all()
        )


def test_then_a_member_in_the_ngos_sub_network_and_ties_break_by_load(uow):
    d = demo(uow)
    # Legal aid on detention: the justice department and the police (no sub-network), and two
    # NGOs: «Dasti Kumak» in the Kulob sub-network, «Sipar» in Bokhtar's.
    dasti_kumak, sipar = d.members["NGO «Dasti Kumak» (demo)"], d.members["NGO «Sipar» (demo)"]
    kulob_ngo = d.members["NGO «Rohi Rost» (demo)"]  # in the Kulob sub-network, in Danghara
    service = ServiceCode.LEGAL_AID_DETENTION
    assert _referred_to(uow, d, service, None, ngo=kulob_ngo)[1] == dasti_kumak
    assert _referred_to(uow, d, service, None, ngo=d.ngo)[1] == sipar  # «Umedi Nav»: Bokhtar
    # In Bokhtar district, three members offer it: least busy, then oldest member, first.
    in_bokhtar = [
        _referred_to(uow, d, service, District.BOKHTAR, ngo=kulob_ngo)[1] for _ in range(3)
    ]
    assert in_bokhtar == [d.justice, d.members["Regional Police Department (demo)"], d.justice]


def test_a_case_keeps_its_district(uow):
    d = demo(uow)
    case_id, _ = _referred_to(uow, d, ServiceCode.HIV_TESTING, District.VOSE)
    assert get_case(uow, actor=d.caseworker(), case_id=case_id).district is District.VOSE
