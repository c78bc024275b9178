"""Consent per purpose: without it no referral; revoking it cancels every open referral at
once, stops escalations, and institutions see only "cancelled"."""

import dataclasses
import threading
from datetime import timedelta

import pytest
from sqlalchemy import select

from casework.actors import system_actor
from casework.beneficiaries.commands.consent import grant_consent, revoke_consent
from casework.beneficiaries.commands.revocation import (
    CONSENT_REVOKED,
    notify_institutions_of_cancellation,
)
from casework.beneficiaries.model import ConsentPurpose
from casework.errors import Conflict, ConsentRequired, InvalidInput, NotFound
from casework.escalation.commands.sweep import sweep
from casework.network.services import ServiceCode
from casework.notifications.model import Notification
from casework.outbox import OutboxMessage
from casework.referrals import commands as referrals
from casework.referrals.commands import Attestations
from casework.referrals.model import Referral
from casework.referrals.queries.institution import institution_inbox, institution_referral
from casework.referrals.states import ReferralStatus
from tests.support.network import demo

REFERRAL = ConsentPurpose.REFERRAL


def statuses(uow, ids) -> dict:
    with uow:
        found = uow.session.scalars(select(Referral).where(Referral.id.in_(ids))).all()
        return {r.id: (r.status, r.status_reason) for r in found}


def test_consent_is_given_per_purpose_and_referral_needs_it(uow):
    d = demo(uow)
    opened = d.open_case(uow, consent=False)
    with pytest.raises(ConsentRequired):
        referrals.request_referral(
            uow, actor=d.caseworker(), case_id=opened.case_id, service=ServiceCode.HIV_TESTING
        )
    first = grant_consent(
        uow, actor=d.caseworker(), beneficiary_id=opened.beneficiary_id, purpose=REFERRAL
    )
    again = grant_consent(
        uow, actor=d.caseworker(), beneficiary_id=opened.beneficiary_id, purpose=REFERRAL
    )
    assert first == again  # one consent in force, not two
    issued = referrals.request_referral(
        uow, actor=d.caseworker(), case_id=opened.case_id, service=ServiceCode.HIV_TESTING
    )
    assert issued.status is ReferralStatus.REQUESTED

    # Consent to share names a member; withdrawing it leaves the referrals alone.
    share = ConsentPurpose.SHARE_WITH_MEMBER
    args = {"actor": d.caseworker(), "beneficiary_id": opened.beneficiary_id, "purpose": share}
    with pytest.raises(InvalidInput) as refused:
        grant_consent(uow, **args)
    assert refused.value.field == "member_id"
    grant_consent(uow, **args, member_id=d.justice)
    assert revoke_consent(uow, **args, member_id=d.justice).referrals_cancelled == 0
    assert statuses(uow, [issued.referral_id])[issued.referral_id][0] is ReferralStatus.REQUESTED
    other = {**args, "actor": d.caseworker(d.other_ngo), "purpose": REFERRAL}
    with pytest.raises(NotFound):
        revoke_consent(uow, **other)


def test_revoking_cancels_open_referrals_at_once_and_institutions_see_no_reason(uow, clock):
    d = demo(uow)
    opened = d.open_case(uow, (ServiceCode.HIV_TESTING, ServiceCode.TB_SCREENING))
    done = referrals.request_referral(
        uow, actor=d.caseworker(), case_id=opened.case_id, service=ServiceCode.HIV_TESTING
    )
    referrals.accept_referral(uow, actor=d.focal(done.institution_id), referral_id=done.referral_id)
    referrals.complete_referral(
        uow,
        actor=d.focal(done.institution_id),
        referral_id=done.referral_id,
        attestations=Attestations(anonymous=True, free=True, voluntary=True),
    )
    pending = referrals.request_referral(
        uow, actor=d.caseworker(), case_id=opened.case_id, service=ServiceCode.TB_SCREENING
    )

    revoked = revoke_consent(
        uow, actor=d.caseworker(), beneficiary_id=opened.beneficiary_id, purpose=REFERRAL
    )

    assert (revoked.consents_revoked, revoked.referrals_cancelled) == (1, 1)
    assert statuses(uow, [done.referral_id, pending.referral_id]) == {
        done.referral_id: (ReferralStatus.COMPLETED, None),
        pending.referral_id: (ReferralStatus.CANCELLED, CONSENT_REVOKED),
    }
    with pytest.raises(ConsentRequired):
        referrals.request_referral(
            uow, actor=d.caseworker(), case_id=opened.case_id, service=ServiceCode.HOUSING
        )
    with pytest.raises(Conflict):  # nothing left to revoke
        revoke_consent(
            uow, actor=d.caseworker(), beneficiary_id=opened.beneficiary_id, purpose=REFERRAL
        )
    # The institution sees "cancelled" and nothing of why.
    focal = d.focal(pending.institution_id)
    view = institution_referral(uow, actor=focal, referral_id=pending.referral_id)
    assert view.status is ReferralStatus.CANCELLED
    assert CONSENT_REVOKED not in repr(dataclasses.asdict(view))
    assert pending.referral_id in [v.referral_id for v in institution_inbox(uow, actor=focal)]
    # Only the beneficiary's id goes to the flow.
    with uow:
        message = uow.session.scalars(
            select(OutboxMessage).where(OutboxMessage.flow == "consent-revocation")
        ).one()
    assert message.parameters == {"beneficiary_id": str(opened.beneficiary_id)}
    # No escalation, however late: the referral is no longer open.
    clock.advance(timedelta(days=60))
    assert sweep(uow, actor=system_actor("test")).escalated == 0
    # The flow's step tells the institution once.
    actor = system_actor("flow:consent-revocation")
    args = {"actor": actor, "beneficiary_id": opened.beneficiary_id}
    assert notify_institutions_of_cancellation(uow, **args) == 1
    assert notify_institutions_of_cancellation(uow, **args) == 0
    with uow:
        notice = uow.session.scalars(
            select(Notification).where(Notification.kind == "referral.cancelled")
        ).one()
    assert (notice.referral_id, notice.recipient_member_id) == (
        pending.referral_id,
        pending.institution_id,
    )


def test_a_referral_requested_while_consent_is_revoked_never_stays_open(uow, new_uow):
    """Revocation locks the beneficiary's cases, which request_referral locks before it
    checks consent: whichever commits first, no open referral survives the revocation.
    Every round checks the outcome it reached, whichever came first."""
    d = demo(uow)
    for _ in range(4):
        opened = d.open_case(uow)
        barrier = threading.Barrier(2)
        outcome = {}

        def request(opened=opened, barrier=barrier, outcome=outcome):
            barrier.wait()
            try:
                outcome["issued"] = referrals.request_referral(
                    new_uow(),
                    actor=d.caseworker(),
                    case_id=opened.case_id,
                    service=ServiceCode.HIV_TESTING,
                )
            except ConsentRequired:
                outcome["issued"] = None

        def revoke(opened=opened, barrier=barrier, outcome=outcome):
            barrier.wait()
            outcome["revoked"] = revoke_consent(
                new_uow(),
                actor=d.caseworker(),
                beneficiary_id=opened.beneficiary_id,
                purpose=REFERRAL,
            )

        threads = [threading.Thread(target=request), threading.Thread(target=revoke)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        with uow:
            made = uow.session.scalars(
                select(Referral).where(Referral.case_id == opened.case_id)
            ).all()
            found = [(r.id, r.status, r.status_reason) for r in made]
        issued = outcome["issued"]
        if issued is None:  # the revocation came first: the request was refused, nothing made
            assert (found, outcome["revoked"].referrals_cancelled) == ([], 0)
        else:  # the request came first: the revocation cancelled what it made
            cancelled = (issued.referral_id, ReferralStatus.CANCELLED, CONSENT_REVOKED)
            assert (found, outcome["revoked"].referrals_cancelled) == ([cancelled], 1)
