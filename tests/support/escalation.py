"""A referral that went overdue and climbed the ladder's first step, with the notices the
step sent and their failed e-mails: what the bell and the coordinator's delivery list show."""

from datetime import UTC, datetime

from sqlalchemy import select

from casework.accounts.model import User
from casework.actors import system_actor
from casework.escalation.commands.sweep import sweep
from casework.network.services import ServiceCode
from casework.notifications.delivery import deliver_due
from casework.referrals import commands as referrals
from tests.support.network import demo
from texts import said


def escalate_one(uow, clock) -> str:
    """A referral from the demo caseworker's NGO to the demo focal point's institution,
    escalated to level 1; its e-mails fail (no SMTP configured here)."""
    d = demo(uow)
    with uow:
        ngo = uow.session.scalar(
            select(User.organisation_id).where(User.username == "demo-caseworker")
        )
    opened = d.open_case(uow, ngo=ngo)
    issued = referrals.request_referral(
        uow, actor=d.caseworker(ngo), case_id=opened.case_id, service=ServiceCode.HIV_TESTING
    )
    clock.current = datetime(2026, 3, 4, 9, 15, tzinfo=UTC)
    sweep(uow, actor=system_actor("test"))
    deliver_due(uow, actor=system_actor("test"), wording=said, senders={})
    return issued.serial
