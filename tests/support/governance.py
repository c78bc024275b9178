"""Acting as the network's coordinator and as members' representatives, moving the clock to
the days the governance rules turn on, and the meetings, escalations and breaches tests need."""

from datetime import UTC, date, datetime

from sqlalchemy import select

from casework.actors import Actor, Role
from casework.audit import AuditEntry
from casework.clock import FrozenClock
from casework.escalation.model import Escalation
from casework.governance.access import representative_role
from casework.governance.breaches.commands import open_breach_if_attestation_failed
from casework.governance.meetings.commands.agenda import add_agenda_item
from casework.governance.meetings.commands.decisions import close_meeting, record_decision
from casework.governance.meetings.commands.meetings import (
    AttendanceEntry,
    open_meeting,
    record_attendance,
    schedule_meeting,
)
from casework.governance.meetings.queries import get_meeting
from casework.network.model import Member
from casework.network.services import ServiceCode
from casework.notifications.model import Notification
from casework.referrals import commands as referrals
from casework.referrals.commands import Attestations
from casework.uow import UnitOfWork
from tests.support.network import demo

COORDINATOR = Actor(user_id="test-coordinator", role=Role.COORDINATOR)
# The demo memorandum in force on the fixtures' day lapses at the end of this day.
CURRENT_VALID_UNTIL = date(2026, 9, 9)
NEXT_VALID_FROM = date(2026, 9, 10)


def representative(uow: UnitOfWork, member_id: int) -> Actor:
    """The member's supervisor (an NGO) or focal point (an institution or outlet)."""
    with uow:
        kind = uow.session.get_one(Member, member_id).kind
    role = representative_role(kind)
    return Actor(user_id=f"test-{role.value}-{member_id}", role=role, organisation_id=member_id)


def on(clock: FrozenClock, day: date, hour: int = 9) -> None:
    """Move the clock to `day` (09:00 UTC: 14:00 in Dushanbe, the same date)."""
    clock.current = datetime(day.year, day.month, day.day, hour, tzinfo=UTC)


def notices(uow: UnitOfWork, kind: str) -> dict[int, str]:
    """Recipient member -> role of the notices of one kind."""
    with uow:
        rows = uow.session.execute(
            select(Notification.recipient_member_id, Notification.recipient_role).where(
                Notification.kind == kind
            )
        )
        return dict(rows.all())


def audit_actions(uow: UnitOfWork, object_type: str, object_id: int) -> list[str]:
    with uow:
        return list(
            uow.session.scalars(
                select(AuditEntry.action)
                .where(
                    AuditEntry.object_type == object_type, AuditEntry.object_id == str(object_id)
                )
                .order_by(AuditEntry.id)
            )
        )


MARCH = date(2026, 3, 1)


def escalate_to_meeting(uow, d, service=ServiceCode.HIV_TESTING) -> int:
    """A referral at the top of the escalation ladder (the sweep's level 4, made directly)."""
    opened = d.open_case(uow, (service,))
    issued = referrals.request_referral(
        uow, actor=d.caseworker(), case_id=opened.case_id, service=service
    )
    with uow:
        step = Escalation(
            referral_id=issued.referral_id, level=4, reason="accept_overdue", escalated_at=uow.now()
        )
        uow.session.add(step)
        uow.commit()
        return issued.institution_id


def breach(uow, d) -> int:
    opened = d.open_case(uow, (ServiceCode.TB_SCREENING,))
    issued = referrals.request_referral(
        uow, actor=d.caseworker(), case_id=opened.case_id, service=ServiceCode.TB_SCREENING
    )
    focal = d.focal(issued.institution_id)
    referrals.accept_referral(uow, actor=focal, referral_id=issued.referral_id)
    referrals.complete_referral(
        uow,
        actor=focal,
        referral_id=issued.referral_id,
        attestations=Attestations(anonymous=False, free=True, voluntary=True),
    )
    open_breach_if_attestation_failed(uow, actor=COORDINATOR, referral_id=issued.referral_id)
    return issued.institution_id


def in_session(uow, clock, month=MARCH) -> int:
    meeting_id = schedule_meeting(uow, actor=COORDINATOR, network_id=demo(uow).network, month=month)
    on(clock, get_meeting(uow, actor=COORDINATOR, meeting_id=meeting_id).starts_at.date())
    open_meeting(uow, actor=COORDINATOR, meeting_id=meeting_id)
    return meeting_id


def attend(uow, d, meeting_id):
    record_attendance(
        uow,
        actor=COORDINATOR,
        meeting_id=meeting_id,
        entries=[AttendanceEntry(d.ngo, True, "Director"), AttendanceEntry(d.media, False)],
    )


def decided_meeting(uow, clock, d, responsible: list[int], *, due_on=date(2026, 4, 10)) -> int:
    """A March meeting, closed with one decision due on `due_on` for the given members;
    returns the decision's id."""
    meeting_id = in_session(uow, clock)
    item = add_agenda_item(uow, actor=COORDINATOR, meeting_id=meeting_id, title="Waiting times")
    decision_id = record_decision(
        uow,
        actor=COORDINATOR,
        agenda_item_id=item,
        text="Institutions accept referrals within one working day.",
        due_on=due_on,
        responsible_member_ids=responsible,
    )
    attend(uow, d, meeting_id)
    close_meeting(uow, actor=COORDINATOR, meeting_id=meeting_id)
    return decision_id


def tiny_pdf(note: str = "order") -> bytes:
    """A minimal, well-formed one-page PDF (`note` makes its bytes differ): a member's order."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>",
    ]
    out = bytearray(b"%PDF-1.4\n% " + note.encode() + b"\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)
