"""Referrals that keep or miss the memorandum's deadlines by a known margin, issued through
the real commands, for the tests of "commitments kept"."""

import uuid
from datetime import UTC, datetime, timedelta

from casework.network.services import ServiceCode
from casework.referrals import commands as referrals
from casework.referrals.commands import Attestations
from casework.referrals.model import Referral
from casework.referrals.reasons import CancelReason
from tests.support.network import Demo

GOOD = Attestations(anonymous=True, free=True, voluntary=True)
LATE = timedelta(minutes=1)  # past the deadline by a minute


def issue(uow, clock, d: Demo, service: ServiceCode, at: datetime, institution: int) -> uuid.UUID:
    clock.current = at
    opened = d.open_case(uow, (service,))
    return referrals.request_referral(
        uow,
        actor=d.caseworker(),
        case_id=opened.case_id,
        service=service,
        institution_id=institution,
    ).referral_id


def deadlines(uow, referral_id: uuid.UUID) -> tuple[datetime, datetime]:
    """The referral's own acceptance and completion deadlines."""
    with uow:
        r = uow.session.get_one(Referral, referral_id)
        assert r.accept_due_at is not None and r.complete_due_at is not None
        return r.accept_due_at, r.complete_due_at


def accept_at(uow, clock, d: Demo, referral_id: uuid.UUID, at: datetime) -> None:
    clock.current = at
    with uow:
        institution = uow.session.get_one(Referral, referral_id).institution_id
    referrals.accept_referral(uow, actor=d.focal(institution), referral_id=referral_id)


def complete_at(uow, clock, d: Demo, referral_id: uuid.UUID, at: datetime) -> None:
    clock.current = at
    with uow:
        institution = uow.session.get_one(Referral, referral_id).institution_id
    referrals.complete_referral(
        uow, actor=d.focal(institution), referral_id=referral_id, attestations=GOOD
    )


def withdraw(uow, d: Demo, referral_id: uuid.UUID) -> None:
    referrals.cancel_referral(
        uow, actor=d.caseworker(), referral_id=referral_id, reason_code=CancelReason.CLIENT_DECLINED
    )


def february_shortfall(uow, clock, d: Demo) -> None:
    """The AIDS centre: 12 medical referrals due for acceptance in February, 6 accepted in
    time, 4 late, 2 withdrawn at once (60 % of the 10 judged), the 10 accepted all served in
    time. The passport office: 5 identity document referrals, all accepted late."""
    start = datetime(2026, 2, 2, 5, tzinfo=UTC)
    aids = [
        issue(uow, clock, d, ServiceCode.HIV_TESTING, start + timedelta(minutes=n), d.aids_centre)
        for n in range(12)
    ]
    for referral_id in aids[10:]:
        withdraw(uow, d, referral_id)
    passport = [
        issue(
            uow,
            clock,
            d,
            ServiceCode.IDENTITY_DOCUMENTS,
            start + timedelta(hours=1, minutes=n),
            d.passport_office,
        )
        for n in range(5)
    ]
    for n, referral_id in enumerate(aids[:10]):
        due, _ = deadlines(uow, referral_id)
        accept_at(uow, clock, d, referral_id, due if n < 6 else due + timedelta(hours=1))
    for referral_id in passport:
        due, _ = deadlines(uow, referral_id)
        accept_at(uow, clock, d, referral_id, due + LATE)
    for referral_id in aids[:10]:
        _, due = deadlines(uow, referral_id)
        complete_at(uow, clock, d, referral_id, due)
