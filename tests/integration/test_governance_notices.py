"""Members hear about governance where they hear about referrals: in the app and through
their contacts; and the agenda tells the escalation ladder which meeting took a step."""

from dataclasses import dataclass, field

from sqlalchemy import select

from casework.escalation.model import Escalation
from casework.escalation.queries import agenda_requests
from casework.governance.meetings.commands.agenda import build_agenda
from casework.governance.meetings.commands.meetings import SCHEDULED, schedule_meeting
from casework.notifications.delivery import Outgoing, deliver_due
from casework.notifications.model import Channel, Delivery, DeliveryStatus
from tests.support.governance import COORDINATOR, MARCH, escalate_to_meeting, notices
from tests.support.network import demo
from texts import said


@dataclass
class Outbox:
    sent: list[Outgoing] = field(default_factory=list)

    def send(self, outgoing: Outgoing) -> None:
        self.sent.append(outgoing)


def test_a_scheduled_meeting_is_mailed_to_the_members_focal_points(uow):
    d = demo(uow)
    schedule_meeting(uow, actor=COORDINATOR, network_id=d.network, month=MARCH)
    assert len(notices(uow, SCHEDULED)) == 23
    with uow:
        addresses = set(uow.session.scalars(select(Delivery.address)))
    assert "focal.01@demo.invalid" in addresses  # the AIDS centre's registered e-mail

    outbox = Outbox()
    report = deliver_due(uow, actor=COORDINATOR, wording=said, senders={Channel.EMAIL: outbox})
    assert report.delivered == len(addresses) and report.skipped == 0
    first = outbox.sent[0]
    assert first.kind == SCHEDULED and first.serial == ""
    assert first.language == "tg"  # a member's registered e-mail: the region's language
    assert first.subject.startswith("Ҷаласаи шабака барои 2026-03 11.03.2026 10:00 баргузор")
    with uow:
        statuses = set(uow.session.scalars(select(Delivery.status)))
    assert statuses == {DeliveryStatus.DELIVERED}


def test_the_agenda_marks_the_escalations_it_took(uow):
    d = demo(uow)
    escalate_to_meeting(uow, d)
    with uow:
        assert len(agenda_requests(uow.session, network_id=d.network)) == 1
    meeting_id = schedule_meeting(uow, actor=COORDINATOR, network_id=d.network, month=MARCH)
    build_agenda(uow, actor=COORDINATOR, meeting_id=meeting_id)
    with uow:
        assert agenda_requests(uow.session, network_id=d.network) == []
        assert set(uow.session.scalars(select(Escalation.meeting_id))) == {meeting_id}
