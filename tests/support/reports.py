"""A February of referrals through the real commands, for the network report's tests, and a
report stored without rendering its documents."""

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from casework.escalation.model import Escalation
from casework.governance.breaches.commands import open_breach_if_attestation_failed
from casework.governance.reports.commands import store_report
from casework.governance.reports.figures import report_figures
from casework.governance.reports.periods import Period, month_of
from casework.languages import Language
from casework.network.services import ServiceCode
from casework.referrals import commands as referrals
from casework.referrals.commands import Attestations
from casework.referrals.reasons import RejectReason
from casework.uow import UnitOfWork
from tests.support.governance import COORDINATOR
from tests.support.network import Demo

FEBRUARY = date(2026, 2, 1)
GOOD = Attestations(anonymous=True, free=True, voluntary=True)
NOT_FREE = Attestations(anonymous=True, free=False, voluntary=True)


@dataclass(frozen=True)
class Month:
    issued: dict[ServiceCode, int]
    accepted_hiv: int
    delivered_hiv: int
    display_codes: list[str]


def busy_february(uow, clock, d: Demo, *, hiv: int = 14) -> Month:
    """`hiv` HIV referrals accepted after 6 hours to 3 days, all but two completed (one of them
    not free of charge: a breach); three housing referrals, one accepted; two for identity
    documents, one declined; one escalation."""
    codes = []

    def issue(service: ServiceCode, day: int, hour: int):
        clock.current = datetime(2026, 2, day, hour, tzinfo=UTC)
        opened = d.open_case(uow, (service,))
        codes.append(opened.display_code)
        return referrals.request_referral(
            uow, actor=d.caseworker(), case_id=opened.case_id, service=service
        )

    for n in range(hiv):
        issued = issue(ServiceCode.HIV_TESTING, 2 + n, 5)
        focal = d.focal(issued.institution_id)
        clock.advance(timedelta(hours=6 + 5 * n))
        referrals.accept_referral(uow, actor=focal, referral_id=issued.referral_id)
        if n < hiv - 2:
            clock.advance(timedelta(hours=2))
            referrals.complete_referral(
                uow,
                actor=focal,
                referral_id=issued.referral_id,
                attestations=NOT_FREE if n == 0 else GOOD,
            )
            if n == 0:
                open_breach_if_attestation_failed(
                    uow, actor=COORDINATOR, referral_id=issued.referral_id
                )
    housing = [issue(ServiceCode.HOUSING, 3 + n, 6) for n in range(3)]
    referrals.accept_referral(
        uow, actor=d.focal(housing[0].institution_id), referral_id=housing[0].referral_id
    )
    documents = [issue(ServiceCode.IDENTITY_DOCUMENTS, 10 + n, 6) for n in range(2)]
    referrals.reject_referral(
        uow,
        actor=d.focal(d.passport_office),
        referral_id=documents[0].referral_id,
        reason_code=RejectReason.NO_CAPACITY,
    )
    with uow:
        uow.session.add(
            Escalation(
                referral_id=housing[1].referral_id,
                level=1,
                reason="accept_overdue",
                escalated_at=datetime(2026, 2, 20, 6, tzinfo=UTC),
            )
        )
        uow.commit()
    return Month(
        issued={
            ServiceCode.HIV_TESTING: hiv,
            ServiceCode.HOUSING: 3,
            ServiceCode.IDENTITY_DOCUMENTS: 2,
        },
        accepted_hiv=hiv,
        delivered_hiv=hiv - 2,
        display_codes=codes,
    )


def stored_report(uow: UnitOfWork, network_id: int, month: date | Period = FEBRUARY) -> int:
    """The period's report (a month's, given its first day) with its figures counted now and
    stand-ins for its renditions, for tests of what reads the figures or who may see it:
    rendering the real ones takes seconds."""
    period = month if isinstance(month, Period) else month_of(month)
    figures = report_figures(uow, actor=COORDINATOR, network_id=network_id, period=period)
    stand_ins = {language: (f"<p>{period}</p>", b"%PDF-1.7 stand-in") for language in Language}
    return store_report(
        uow, actor=COORDINATOR, network_id=network_id, figures=figures, renditions=stand_ins
    )
