"""A scripted run of demo cases from intake to resolution, as caseworkers and focal points
would drive them. The caller decides how flows run between steps (`after_case`)."""

import random
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field

from sqlalchemy import select

from casework.actors import Actor, Role
from casework.cases import commands as cases
from casework.cases.states import CaseStatus
from casework.network.model import Member, MemberKind, Network
from casework.network.services import ServiceCode as S
from casework.privacy.uic import Sex, UicParts
from casework.privacy.vault import Identity
from casework.referrals import commands as referrals
from casework.referrals.commands import Attestations
from casework.referrals.reasons import RejectReason
from casework.referrals.states import ReferralStatus
from casework.uow import UnitOfWork

# Needs of key populations: medical care, housing, employment, documents, legal aid.
NEED_SETS: list[tuple[S, ...]] = [
    (S.HIV_TESTING,),
    (S.TB_SCREENING, S.HOUSING),
    (S.HARM_REDUCTION, S.EMPLOYMENT),
    (S.IDENTITY_DOCUMENTS,),
    (S.LEGAL_AID_DETENTION, S.STI_CARE),
    (S.HEPATITIS_TESTING, S.SOCIAL_SUPPORT),
]
TAJIK_LETTERS = "АБВГҒДЕЁЖЗИӢЙКҚЛМНОПРСТУӮФХҲЧҶШЪЭЮЯ"
ALL_TRUE = Attestations(anonymous=True, free=True, voluntary=True)


@dataclass
class ScriptedCase:
    case_id: uuid.UUID
    expected_status: CaseStatus
    expected_referrals: dict[uuid.UUID, ReferralStatus] = field(default_factory=dict)


@dataclass
class ScenarioReport:
    cases: list[ScriptedCase] = field(default_factory=list)
    expected_breaches: int = 0
    expected_match_proposals: int = 0


def _caseworker(ngo_id: int) -> Actor:
    return Actor(
        user_id=f"demo-scenario:caseworker:{ngo_id}", role=Role.CASEWORKER, organisation_id=ngo_id
    )


def _focal_point(institution_id: int) -> Actor:
    return Actor(
        user_id=f"demo-scenario:focal:{institution_id}",
        role=Role.FOCAL_POINT,
        organisation_id=institution_id,
    )


def _random_uic(rng: random.Random) -> UicParts:
    return UicParts(
        sex=rng.choice(list(Sex)),
        birth_year=rng.randint(1965, 2005),
        mother_letters="".join(rng.choices(TAJIK_LETTERS, k=2)),
        father_letters="".join(rng.choices(TAJIK_LETTERS, k=2)),
    )


def _ngo_ids(uow: UnitOfWork, network_code: str) -> list[int]:
    with uow:
        return list(
            uow.session.scalars(
                select(Member.id)
                .join(Network, Network.id == Member.network_id)
                .where(
                    Network.code == network_code,
                    Member.kind == MemberKind.NGO,
                    Member.outside_referrer.is_(False),  # the scripted cases are members'
                )
                .order_by(Member.id)
            )
        )


def run_scenario(
    uow: UnitOfWork,
    *,
    count: int = 38,
    network_code: str = "KHT",
    seed: int = 2009,
    after_case: Callable[[], None] = lambda: None,
    identity_of: Callable[[int], Identity | None] = lambda i: None,
) -> ScenarioReport:
    """Take `count` beneficiaries through intake, referrals and outcome.

    Variety, so that every path is exercised: every other case passes through in-progress;
    each tenth case has its first referral rejected and re-issued; case 7's institution
    does not attest free service (a memorandum breach); each thirteenth case closes
    unresolved with a referral still open; from case 20 on, each tenth case is a returning
    beneficiary with the same UIC at the same NGO (a match proposal). `identity_of(i)` is what
    the NGO keeps of beneficiary i in the vault, if anything."""
    rng = random.Random(seed)
    ngos = _ngo_ids(uow, network_code)
    report = ScenarioReport()
    uics: list[UicParts] = []
    for i in range(count):
        ngo = ngos[i % len(ngos)]
        returning = i >= 20 and i % 10 == 5
        uic = uics[i - 2 * len(ngos)] if returning and i >= 2 * len(ngos) else _random_uic(rng)
        report.expected_match_proposals += uic in uics[i % len(ngos) :: len(ngos)]
        uics.append(uic)
        needs = list(NEED_SETS[i % len(NEED_SETS)])
        unresolved = i % 13 == 12 and len(needs) > 1
        opened = cases.open_case(
            uow,
            actor=_caseworker(ngo),
            uic=uic,
            needs=needs,
            consent_to_referral=True,
            identity=identity_of(i),
        )
        scripted = ScriptedCase(
            opened.case_id, CaseStatus.CLOSED_UNRESOLVED if unresolved else CaseStatus.RESOLVED
        )
        for n, service in enumerate(needs):
            issued = referrals.request_referral(
                uow, actor=_caseworker(ngo), case_id=opened.case_id, service=service
            )
            if n == 0 and i % 10 == 3:
                referrals.reject_referral(
                    uow,
                    actor=_focal_point(issued.institution_id),
                    referral_id=issued.referral_id,
                    reason_code=RejectReason.NO_CAPACITY,
                    note="Test kits run out until the next delivery.",
                )
                scripted.expected_referrals[issued.referral_id] = ReferralStatus.REJECTED
                issued = referrals.request_referral(
                    uow, actor=_caseworker(ngo), case_id=opened.case_id, service=service
                )
            focal = _focal_point(issued.institution_id)
            if unresolved and n == len(needs) - 1:
                # The resolution flow must cancel this one when the case closes.
                scripted.expected_referrals[issued.referral_id] = ReferralStatus.CANCELLED
                continue
            referrals.accept_referral(uow, actor=focal, referral_id=issued.referral_id)
            if i % 2 == 0:
                referrals.start_referral(uow, actor=focal, referral_id=issued.referral_id)
            breach = i == 7 and n == 0
            attestations = (
                Attestations(anonymous=True, free=False, voluntary=True) if breach else ALL_TRUE
            )
            referrals.complete_referral(
                uow, actor=focal, referral_id=issued.referral_id, attestations=attestations
            )
            report.expected_breaches += breach
            scripted.expected_referrals[issued.referral_id] = ReferralStatus.COMPLETED
        cases.record_outcome(
            uow,
            actor=_caseworker(ngo),
            case_id=opened.case_id,
            resolved=not unresolved,
            note="demo outcome",
        )
        report.cases.append(scripted)
        after_case()
    return report
