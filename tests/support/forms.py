"""A freshly requested referral: what the form tests start from."""

from casework.cases.commands import CaseOpened
from casework.network.services import ServiceCode
from casework.referrals.commands import ReferralIssued, request_referral
from casework.uow import UnitOfWork
from tests.support.network import Demo, demo


def requested_referral(
    uow: UnitOfWork, service: ServiceCode = ServiceCode.HIV_TESTING
) -> tuple[Demo, CaseOpened, ReferralIssued]:
    """A new case of the first demo NGO and its referral, requested by its caseworker."""
    d = demo(uow)
    case = d.open_case(uow, (service,))
    referral = request_referral(uow, actor=d.caseworker(), case_id=case.case_id, service=service)
    return d, case, referral
