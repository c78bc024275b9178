"""Every cancellation looks the same to the institution: whether the NGO cancels, the case
closes, consent is revoked or the beneficiary is erased, it receives the same notice, with the
same message key and no reason, and knows the beneficiary by the same code as before."""

import dataclasses

from sqlalchemy import select

from casework.actors import system_actor
from casework.beneficiaries.commands.consent import revoke_consent
from casework.beneficiaries.commands.erasure import erase_beneficiary
from casework.beneficiaries.commands.revocation import notify_institutions_of_cancellation
from casework.beneficiaries.model import ConsentPurpose
from casework.cases import commands as cases
from casework.network.services import ServiceCode
from casework.notifications.model import Delivery, Notification
from casework.notifications.queries import inbox
from casework.privacy.uic import Sex, UicParts
from casework.referrals import commands as referrals
from casework.referrals.queries.institution import institution_referral
from casework.referrals.reasons import CancelReason
from casework.referrals.states import ReferralStatus
from tests.support.network import demo

REVOCATION_FLOW = system_actor("flow:consent-revocation")
RESOLUTION_FLOW = system_actor("flow:resolution")


def test_the_institution_cannot_tell_why_a_referral_was_cancelled(uow):
    d = demo(uow)
    focal = d.focal(d.aids_centre)

    def referred(year: int, needs=(ServiceCode.HIV_TESTING,)):
        uic = UicParts(sex=Sex.MALE, birth_year=year, mother_letters="ДА", father_letters="ҶО")
        opened = d.open_case(uow, needs=needs, uic=uic)
        issued = referrals.request_referral(
            uow, actor=d.caseworker(), case_id=opened.case_id, service=ServiceCode.HIV_TESTING
        )
        assert issued.institution_id == d.aids_centre
        return opened, issued

    def code(issued) -> str:
        return institution_referral(uow, actor=focal, referral_id=issued.referral_id).display_code

    _, by_ngo = referred(1981)
    referrals.cancel_referral(
        uow,
        actor=d.caseworker(),
        referral_id=by_ngo.referral_id,
        reason_code=CancelReason.ISSUED_IN_ERROR,
    )

    closed, by_closing = referred(1982, needs=(ServiceCode.HIV_TESTING, ServiceCode.HOUSING))
    cases.record_outcome(
        uow, actor=d.caseworker(), case_id=closed.case_id, resolved=False, note="moved away"
    )
    referrals.cancel_open_referrals_of_case(uow, actor=RESOLUTION_FLOW, case_id=closed.case_id)

    revoked, by_revocation = referred(1983)
    revoke_consent(
        uow,
        actor=d.caseworker(),
        beneficiary_id=revoked.beneficiary_id,
        purpose=ConsentPurpose.REFERRAL,
    )

    erased, by_erasure = referred(1984)
    code_before_erasure = code(by_erasure)
    erase_beneficiary(uow, actor=d.supervisor(), beneficiary_id=erased.beneficiary_id)
    for opened in (revoked, erased):
        notify_institutions_of_cancellation(
            uow, actor=REVOCATION_FLOW, beneficiary_id=opened.beneficiary_id
        )

    def told(issued) -> tuple:
        """The notice and its deliveries, the serial and the date blanked out."""

        def blank(text: str) -> str:
            return text.replace(issued.serial, "<serial>")

        with uow:
            notice = uow.session.scalars(
                select(Notification).where(Notification.referral_id == issued.referral_id)
            ).one()
            deliveries = uow.session.execute(
                select(Delivery.channel, Delivery.address, Delivery.status).where(
                    Delivery.notification_id == notice.id
                )
            ).all()
        return (
            notice.kind,
            notice.recipient_member_id,
            notice.recipient_role,
            notice.level,
            blank(notice.message),
            notice.message_key,
            {k: blank(str(v)) for k, v in (notice.message_params or {}).items()},
            sorted(deliveries),
        )

    causes = [by_ngo, by_closing, by_revocation, by_erasure]
    said = [told(issued) for issued in causes]
    assert said[0][5] == "notice.referral_cancelled" and said[0][7]  # sent on, too
    assert said == [said[0]] * len(causes)

    bell = [n for n in inbox(uow, actor=focal) if n.kind == "referral.cancelled"]
    shown = {
        n.message.replace(issued.serial, "<serial>")
        for n in bell
        for issued in causes
        if issued.serial in n.message
    }
    assert len(bell) == len(causes) and len(shown) == 1

    unique = {"referral_id", "serial", "display_code", "valid_until"}
    views = [
        {
            name: value
            for name, value in dataclasses.asdict(
                institution_referral(uow, actor=focal, referral_id=issued.referral_id)
            ).items()
            if name not in unique
        }
        for issued in causes
    ]
    assert views == [views[0]] * len(causes) and views[0]["status"] is ReferralStatus.CANCELLED
    assert code(by_erasure) == code_before_erasure
