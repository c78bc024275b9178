"""Outside referrers (issue 15, item 5): an NGO that is not a member refers its beneficiaries
to the members like a member NGO, but takes no part in the network's governance: it is not
asked to sign, never hosts, answers for no decision, is told nothing of governance, and its
staff do not see the members' memorandum, meetings and decisions (the reports they read)."""

from datetime import date, timedelta

import pytest

from casework.audit_actions import AuditAction
from casework.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from casework.governance.access import represented_member
from casework.governance.meetings.commands.agenda import add_agenda_item
from casework.governance.meetings.commands.decisions import (
    record_decision,
    record_institutionalisation,
)
from casework.governance.meetings.commands.meetings import SCHEDULED, schedule_meeting
from casework.governance.meetings.queries import get_meeting, list_decisions, list_meetings
from casework.governance.meetings.states import Instrument
from casework.governance.memoranda.commands.drafts import (
    DRAFT_OPENED,
    answer_draft,
    draft_due_memoranda,
)
from casework.governance.memoranda.commands.publication import sign_memorandum
from casework.governance.memoranda.model import Answer
from casework.governance.memoranda.queries import get_draft, history, standing
from casework.governance.reports.queries import list_reports
from casework.network.commands import admit_member
from casework.network.model import MemberKind
from casework.network.queries import directory, staff_of_outside_referrer
from casework.network.services import ServiceCode
from casework.referrals import commands as referrals
from casework.referrals.routing import eligible_institution_ids
from tests.support.governance import (
    COORDINATOR,
    CURRENT_VALID_UNTIL,
    MARCH,
    audit_actions,
    decided_meeting,
    in_session,
    notices,
    on,
    representative,
)
from tests.support.network import demo


def test_the_coordinator_registers_an_ngo_as_an_outside_referrer(uow):
    d = demo(uow)
    registered = admit_member(
        uow,
        actor=COORDINATOR,
        network_id=d.network,
        name="NGO «Rahmat» (test)",
        kind=MemberKind.NGO,
        joined_on=date(2026, 3, 1),
        outside_referrer=True,
    )
    assert audit_actions(uow, "members", registered) == [AuditAction.OUTSIDE_REFERRER_REGISTERED]
    entry = next(m for m in directory(uow, actor=COORDINATOR) if m.id == registered)
    assert entry.outside_referrer and entry.kind is MemberKind.NGO
    assert not next(m for m in directory(uow, actor=COORDINATOR) if m.id == d.ngo).outside_referrer


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"kind": MemberKind.GOVERNMENT}, "outside_referrer"),
        ({"kind": MemberKind.MEDIA}, "outside_referrer"),
        ({"services": [ServiceCode.SOCIAL_SUPPORT]}, "services"),
        ({"focal_point_title": "Referral focal point"}, "focal_point_title"),
    ],
)
def test_only_an_ngo_offering_nothing_is_an_outside_referrer(uow, changes, field):
    fields = {"name": "Outside (test)", "kind": MemberKind.NGO, "joined_on": date(2026, 3, 1)}
    with pytest.raises(InvalidInput) as refused:
        admit_member(
            uow,
            actor=COORDINATOR,
            network_id=demo(uow).network,
            outside_referrer=True,
            **(fields | changes),
        )
    assert refused.value.field == field


def test_a_referrers_caseworker_refers_a_beneficiary_whom_a_clinic_receives(uow):
    d = demo(uow)
    caseworker = d.caseworker(d.outside_referrer)
    opened = d.open_case(uow, (ServiceCode.HIV_TESTING,), ngo=d.outside_referrer)
    issued = referrals.request_referral(
        uow,
        actor=caseworker,
        case_id=opened.case_id,
        service=ServiceCode.HIV_TESTING,
        institution_id=d.aids_centre,
    )
    # It has signed no memorandum, and needs none to refer.
    referrals.accept_referral(uow, actor=d.focal(d.aids_centre), referral_id=issued.referral_id)
    assert issued.institution_id == d.aids_centre
    # The member NGOs' referrals go on as before.
    assert d.issue_referral(uow)


def test_an_outside_referrer_receives_no_referrals(uow):
    d = demo(uow)
    with uow:
        eligible = eligible_institution_ids(
            uow.session,
            network_id=d.network,
            service=ServiceCode.SOCIAL_SUPPORT,
            day=uow.calendar.today(uow.now()),
            exclude=None,
        )
    assert eligible and d.outside_referrer not in eligible
    opened = d.open_case(uow, (ServiceCode.SOCIAL_SUPPORT,))
    with pytest.raises(Conflict):
        referrals.request_referral(
            uow,
            actor=d.caseworker(),
            case_id=opened.case_id,
            service=ServiceCode.SOCIAL_SUPPORT,
            institution_id=d.outside_referrer,
        )


def test_an_outside_referrer_is_not_asked_to_sign_nor_listed_in_the_memorandum(uow, clock):
    d = demo(uow)
    referrer = representative(uow, d.outside_referrer)
    on(clock, CURRENT_VALID_UNTIL - timedelta(days=30))
    [draft_id] = draft_due_memoranda(uow, actor=COORDINATOR, day=clock.now().date())

    draft = get_draft(uow, actor=COORDINATOR, draft_id=draft_id)
    assert len(draft.answers) == 23 and d.outside_referrer not in {
        a.member_id for a in draft.answers
    }
    assert (
        d.outside_referrer not in notices(uow, DRAFT_OPENED)
        and len(notices(uow, DRAFT_OPENED)) == 23
    )
    now = standing(uow, actor=COORDINATOR)
    assert d.outside_referrer not in {m.member_id for m in now.members}
    assert d.outside_referrer not in {m.member_id for m in now.without_referrals}

    # Its supervisor does not see the draft; the coordinator may not sign for it.
    with pytest.raises(NotFound):
        answer_draft(uow, actor=referrer, draft_id=draft_id, answer=Answer.SIGNED)
    with pytest.raises(InvalidInput) as named:
        answer_draft(
            uow,
            actor=COORDINATOR,
            draft_id=draft_id,
            answer=Answer.SIGNED,
            member_id=d.outside_referrer,
        )
    assert named.value.field == "member_id"
    valid = history(uow, actor=COORDINATOR)[0]
    with pytest.raises(NotFound):
        sign_memorandum(uow, actor=referrer, memorandum_id=valid.id)
    with pytest.raises(InvalidInput):
        sign_memorandum(
            uow, actor=COORDINATOR, memorandum_id=valid.id, member_id=d.outside_referrer
        )


def test_an_outside_referrer_never_hosts_nor_is_told_of_a_meeting(uow, clock):
    d = demo(uow)
    with pytest.raises(InvalidInput) as host:
        schedule_meeting(
            uow,
            actor=COORDINATOR,
            network_id=d.network,
            month=MARCH,
            host_member_id=d.outside_referrer,
        )
    assert host.value.field == "host"
    # The referrer was registered after every member: the rotation wraps round past it.
    last_member = max(m for m in d.members.values() if m != d.outside_referrer)
    schedule_meeting(
        uow, actor=COORDINATOR, network_id=d.network, month=MARCH, host_member_id=last_member
    )
    april = schedule_meeting(uow, actor=COORDINATOR, network_id=d.network, month=date(2026, 4, 1))
    assert get_meeting(uow, actor=COORDINATOR, meeting_id=april).host_member_id == min(
        d.members.values()
    )
    told = notices(uow, SCHEDULED)
    assert d.outside_referrer not in told and len(told) == 23


def test_an_outside_referrer_answers_for_no_decision_and_proposes_nothing(uow, clock):
    d = demo(uow)
    meeting_id = in_session(uow, clock)
    item = add_agenda_item(uow, actor=COORDINATOR, meeting_id=meeting_id, title="Waiting times")
    with pytest.raises(InvalidInput) as responsible:
        record_decision(
            uow,
            actor=COORDINATOR,
            agenda_item_id=item,
            text="Every NGO reports its waiting times.",
            due_on=date(2026, 4, 10),
            responsible_member_ids=[d.ngo, d.outside_referrer],
        )
    assert responsible.value.field == "responsible"
    with pytest.raises(NotFound):
        add_agenda_item(
            uow,
            actor=representative(uow, d.outside_referrer),
            meeting_id=meeting_id,
            title="Our clients wait",
        )
    with pytest.raises(InvalidInput):
        add_agenda_item(
            uow,
            actor=COORDINATOR,
            meeting_id=meeting_id,
            title="Our clients wait",
            member_id=d.outside_referrer,
        )


def test_an_outside_referrers_staff_read_reports_but_not_the_members_governance(uow, clock):
    d = demo(uow)
    decision_id = decided_meeting(uow, clock, d, [d.ngo])
    [meeting] = list_meetings(uow, actor=COORDINATOR)
    for actor in (d.caseworker(d.outside_referrer), representative(uow, d.outside_referrer)):
        assert list_reports(uow, actor=actor) == []  # published to everyone who refers
        for read in (list_meetings, list_decisions, standing, history):
            with pytest.raises(NotFound):
                read(uow, actor=actor)
        with pytest.raises(NotFound):
            get_meeting(uow, actor=actor, meeting_id=meeting.id)
        with pytest.raises(NotFound):
            record_institutionalisation(
                uow,
                actor=actor,
                decision_id=decision_id,
                instrument=Instrument.ORDER,
                number="12",
                issued_on=date(2026, 3, 12),
            )
    assert staff_of_outside_referrer(uow, actor=d.caseworker(d.outside_referrer))
    assert not staff_of_outside_referrer(uow, actor=d.caseworker())
    # A member's caseworker still reads them.
    assert list_meetings(uow, actor=d.caseworker())


def test_a_governor_naming_an_outside_referrer_is_told_it_takes_no_part(uow, clock):
    d = demo(uow)
    decision_id = decided_meeting(uow, clock, d, [d.ngo])
    with pytest.raises(InvalidInput):
        record_institutionalisation(
            uow,
            actor=COORDINATOR,
            decision_id=decision_id,
            instrument=Instrument.ORDER,
            number="12",
            issued_on=date(2026, 3, 12),
            member_id=d.outside_referrer,
        )
    # Its own staff are told no, should they reach the question of whom they answer for.
    referrer = representative(uow, d.outside_referrer)
    with uow, pytest.raises(PermissionDenied):
        represented_member(uow.session, referrer, None, network_id=d.network)
