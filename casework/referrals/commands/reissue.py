"""Reissuing a referral whose form lapsed unused: a new referral on a new form (new serial,
new validity, new deadlines) for the same need and institution, in one audited transaction.

A new serial rather than a new date on the old one: the old form's QR is signed over its
serial and dates, so it keeps saying "expired" offline, and online its serial now belongs to
a failed referral ("expired" too); no printed paper ever changes meaning."""

import uuid

from casework import access
from casework.actors import Actor
from casework.audit_actions import AuditAction
from casework.cases.model import Need
from casework.cases.states import NeedStatus
from casework.errors import Conflict
from casework.escalation.commands.sweep import EXPIRED_REASON
from casework.referrals.commands.issuing import ReferralIssued, case_to_issue_on, issue_on_case
from casework.referrals.model import Referral
from casework.referrals.states import ReferralStatus
from casework.uow import UnitOfWork


def reissue_referral(uow: UnitOfWork, *, actor: Actor, referral_id: uuid.UUID) -> ReferralIssued:
    """The old referral, if the sweep has not expired it yet, fails as expired; the new one is
    routed to the same institution (refused, 409, if it no longer offers the service under
    the memorandum: then issue a new referral) and names nothing of the old one."""
    with uow:
        session = uow.session
        # The case first, as every command on a case and its referrals locks them.
        found = access.referral_for_ngo(session, referral_id, actor)
        target = case_to_issue_on(session, found.case_id, actor)
        old = session.get_one(Referral, referral_id, with_for_update=True, populate_existing=True)
        now = uow.now()
        if old.reissued_as_id is not None:
            raise Conflict(
                "referral.already_reissued", "the referral was already reissued", field="status"
            )
        if not old.form_lapsed(uow.calendar.today(now)):
            raise Conflict(
                "referral.form_not_lapsed",
                "only a form that lapsed unused is reissued; this referral is {status} "
                "and valid until {valid_until}",
                field="status",
                status=old.status.value,
                valid_until=str(old.valid_until),
            )
        if session.get_one(Need, old.need_id).status is not NeedStatus.OPEN:
            raise Conflict(
                "referral.need_not_open",
                "the need this referral was for is no longer open",
                field="need_id",
            )
        if old.status is ReferralStatus.REQUESTED:  # not swept yet: expire it as the sweep would
            old.move_to(ReferralStatus.FAILED, now=now, reason=EXPIRED_REASON)
            uow.audit(actor, AuditAction.REFERRAL_FAILED, old)
        new = issue_on_case(
            uow,
            actor=actor,
            target=target,
            service=old.service,
            institution_id=old.institution_id,
            urgency=old.urgency,
        )
        old.reissued_as_id = new.id  # the new row is written already (issue_on_case)
        old.touch(now)
        uow.audit(actor, AuditAction.REFERRAL_REISSUED, old)
        uow.commit()
        return ReferralIssued.of(new)
