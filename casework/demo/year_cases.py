"""The demo year's casework: beneficiaries arriving at NGOs, their referrals and what each
institution does with them. Each step is one small function calling one command with today's
signature, so a command that gains an argument changes one line here."""

import random
import uuid
from dataclasses import dataclass, field
from datetime import date, time, timedelta

from casework.cases import commands as cases
from casework.cases.population_groups import DEFAULT_GROUPS
from casework.cases.profile import AgeBand, Profile
from casework.cases.profile import Sex as ProfileSex
from casework.demo.year import Year
from casework.errors import Conflict
from casework.network.districts import District
from casework.network.services import ServiceCode as S
from casework.privacy.uic import Sex, UicParts
from casework.privacy.vault import Identity
from casework.referrals import commands as referrals
from casework.referrals.commands import Attestations
from casework.referrals.reasons import CancelReason, HoldReason, RejectReason

# How often each service is needed, roughly as key populations' needs run.
SERVICE_WEIGHTS = {
    S.HIV_TESTING: 18,
    S.SOCIAL_SUPPORT: 14,
    S.TB_SCREENING: 10,
    S.HEPATITIS_TESTING: 10,
    S.HARM_REDUCTION: 10,
    S.IDENTITY_DOCUMENTS: 9,
    S.STI_CARE: 8,
    S.EMPLOYMENT: 7,
    S.HOUSING: 6,
    S.LEGAL_AID_DETENTION: 5,
}
NEEDS_PER_CASE = (1, 2, 2, 3, 3, 3, 4)
CASES_PER_DAY = (0, 1, 1, 2, 2, 2, 3)  # about 400 over a year's working days
# The first NGO (the demo caseworker's and supervisor's) and the second (the other demo
# caseworker's) are the busiest, so that their pages are full.
NGO_WEIGHTS = (3, 2)
# What an institution does with a referral, and how often.
FATES = {
    "completed": 66,
    "late-accept": 5,  # accepted after its deadline: escalated for acceptance first
    "stalled": 7,  # accepted, then completed long after its deadline: climbs the ladder
    "declined": 8,  # the NGO issues it again, elsewhere if another member offers it
    "cancelled": 6,  # the beneficiary moved away or no longer wants it
    "on-hold": 5,  # the beneficiary is in hospital elsewhere for a while
    "unanswered": 3,  # never answered: escalated, then expires unused
}
FATES_AFTER_DECLINE = {fate: n for fate, n in FATES.items() if fate != "declined"}
# Letters a caseworker types for a UIC, each kept by canonical folding (casework/privacy/uic.py).
UIC_LETTERS = "АБВГДЕЗИКЛМНОПРСТУФХЧШЮЯҒҚҲҶ"  # no Ж: ДЖ folds to one letter
DECLINE_REASONS = (
    RejectReason.NO_CAPACITY,
    RejectReason.NO_CAPACITY,
    RejectReason.NOT_ELIGIBLE,
    RejectReason.REFERRED_ELSEWHERE,
)
CANCEL_REASONS = (
    CancelReason.CLIENT_DECLINED,
    CancelReason.NEED_MET_ELSEWHERE,
    CancelReason.CLIENT_UNREACHABLE,
)
HOLD_REASONS = (HoldReason.AWAITING_CLIENT, HoldReason.AWAITING_RESULTS, HoldReason.CAPACITY)
ALL_TRUE = Attestations(anonymous=True, free=True, voluntary=True)
NOT_FREE = Attestations(anonymous=True, free=False, voluntary=True)
# The completions whose institution does not attest free service: memorandum breaches.
BREACHES_AT = (60, 420)


@dataclass
class DemoCase:
    case_id: uuid.UUID
    ngo_id: int
    open_referrals: int = 0
    met: set[S] = field(default_factory=set)
    needs: list[S] = field(default_factory=list)


def plan_day(year: Year, day: date) -> None:
    """The beneficiaries who come to an NGO on a working day."""
    for _ in range(year.rng.choice(CASES_PER_DAY)):
        at = year.local(day, time(9, 0)) + timedelta(minutes=year.rng.randrange(7 * 60))
        year.at(at, lambda: open_case(year))


def _uic(year: Year) -> UicParts:
    rng = year.rng
    return UicParts(
        sex=rng.choice(list(Sex)),
        birth_year=rng.randint(1965, 2006),
        mother_letters="".join(rng.choices(UIC_LETTERS, k=2)),
        father_letters="".join(rng.choices(UIC_LETTERS, k=2)),
    )


def _district(year: Year, ngo_district: District | None) -> District | None:
    """Most beneficiaries live where their NGO works; some come from elsewhere, some don't say."""
    roll = year.rng.random()
    if roll < 0.1:
        return None
    if roll < 0.75 and ngo_district is not None:
        return ngo_district
    return year.rng.choice(list(District))


GROUP_CODES = [code for code, *_ in DEFAULT_GROUPS]
GROUP_WEIGHTS = [20, 12, 14, 12, 8, 4, 6]  # as DEFAULT_GROUPS: who the network's NGOs serve
AGE_WEIGHTS = [2, 14, 32, 36, 16]  # as AgeBand


def _profile(number: int, uic: UicParts) -> Profile:
    """Who was helped, drawn from a generator of its own (seeded by the case's number), so
    that the rest of the year draws what it drew before profiles existed. One in ten says
    nothing; most name one group, some two."""
    rng = random.Random(f"demo profile {number}")
    if rng.random() < 0.1:
        return Profile()
    groups = rng.choices(GROUP_CODES, GROUP_WEIGHTS, k=rng.choice([1, 1, 1, 2]))
    sex = ProfileSex.FEMALE if uic.sex is Sex.FEMALE else ProfileSex.MALE
    if rng.random() < 0.02:
        sex = ProfileSex.OTHER
    return Profile(tuple(groups), sex, rng.choices(list(AgeBand), AGE_WEIGHTS)[0])


def open_case(year: Year) -> None:
    rng = year.rng
    ngos = year.ngos()
    weights = [*NGO_WEIGHTS, *[1] * (len(ngos) - len(NGO_WEIGHTS))]
    ngo = rng.choices(ngos, weights)[0]
    services = list(SERVICE_WEIGHTS)
    needs: list[S] = []
    while len(needs) < rng.choice(NEEDS_PER_CASE):
        service = rng.choices(services, [SERVICE_WEIGHTS[s] for s in services])[0]
        if service not in needs:
            needs.append(service)
    number = year.report.cases + 1
    # A quarter of beneficiaries let the NGO keep a name: an invented one, numbered.
    identity = Identity(name=f"Demo beneficiary {number:03d}") if rng.random() < 0.25 else None
    uic = _uic(year)
    opened = cases.open_case(
        year.uow,
        actor=year.caseworker(ngo.id),
        uic=uic,
        needs=needs,
        consent_to_referral=True,
        identity=identity,
        district=_district(year, ngo.district),
        profile=_profile(number, uic),
    )
    year.report.cases += 1
    case = DemoCase(opened.case_id, ngo.id, needs=needs)
    year.settle(year.uow)  # intake proposes providers before the caseworker refers
    for service in needs:
        year.later(timedelta(minutes=rng.randrange(5, 90)), lambda s=service: refer(year, case, s))


def refer(year: Year, case: DemoCase, service: S, *, fates: dict[str, int] = FATES) -> None:
    issued = referrals.request_referral(
        year.uow, actor=year.caseworker(case.ngo_id), case_id=case.case_id, service=service
    )
    year.report.referrals += 1
    case.open_referrals += 1
    accept_due, complete_due = issued.accept_due_at, issued.complete_due_at
    now = year.now()
    answer_in, work_in = accept_due - now, complete_due - accept_due
    rng = year.rng
    fate = rng.choices(list(fates), list(fates.values()))[0]
    step = Steps(year, case, issued.referral_id, issued.institution_id, service)
    if fate == "unanswered":
        year.later(complete_due - now + timedelta(days=3), step.lapsed)
    elif fate == "declined":
        year.later(answer_in * rng.uniform(0.2, 0.9), step.decline)
    elif fate == "cancelled":
        year.later(answer_in * rng.uniform(0.3, 3), step.cancel)
    else:
        late = fate == "late-accept"
        year.later(
            answer_in * (rng.uniform(1.5, 3) if late else rng.uniform(0.1, 0.9)), step.accept
        )
        slow = rng.uniform(1.3, 3) if fate == "stalled" else rng.uniform(0.2, 0.9)
        step.plan_after_accept(work_in * slow, hold=fate == "on-hold")


class Steps:
    """One referral's steps, each a command; a step that no longer applies (the sweep expired
    the referral, or its case closed) is skipped, as a person would skip it."""

    def __init__(self, year: Year, case: DemoCase, referral_id, institution_id, service) -> None:
        self.year, self.case, self.id, self.service = year, case, referral_id, service
        self.focal = year.focal_point(institution_id)
        self.caseworker = year.caseworker(case.ngo_id)
        self.work_for = timedelta(0)
        self.hold = False

    def plan_after_accept(self, work_for: timedelta, *, hold: bool) -> None:
        self.work_for, self.hold = work_for, hold

    def _do(self, command, **arguments) -> bool:
        try:
            command(self.year.uow, referral_id=self.id, **arguments)
        except Conflict:
            return False
        self.year.report.count(command.__name__)
        return True

    def accept(self) -> None:
        if not self._do(referrals.accept_referral, actor=self.focal):
            return self.closed()
        rng = self.year.rng
        if not self.hold and rng.random() < 0.5:
            self.year.later(self.work_for * rng.uniform(0.1, 0.4), self.start)
        if self.hold:
            self.year.later(self.work_for * 0.3, self.put_on_hold)
        else:
            self.year.later(self.work_for, self.complete)

    def start(self) -> None:
        self._do(referrals.start_referral, actor=self.focal)

    def put_on_hold(self) -> None:
        reason = self.year.rng.choice(HOLD_REASONS)
        self._do(referrals.hold_referral, actor=self.focal, reason_code=reason)
        self.year.later(timedelta(days=self.year.rng.randint(4, 15)), self.resume)

    def resume(self) -> None:
        self._do(referrals.resume_referral, actor=self.focal)
        self.year.later(self.work_for * 0.7, self.complete)

    def complete(self) -> None:
        completed = self.year.report.counts.get("complete_referral", 0) + 1
        breach = completed in BREACHES_AT
        attestations = (
            Attestations(anonymous=True, free=False, voluntary=True) if breach else ALL_TRUE
        )
        if self._do(referrals.complete_referral, actor=self.focal, attestations=attestations):
            self.case.met.add(self.service)
        self.closed()

    def decline(self) -> None:
        reason = self.year.rng.choice(DECLINE_REASONS)
        self._do(referrals.reject_referral, actor=self.focal, reason_code=reason)
        self.year.later(timedelta(hours=self.year.rng.randint(2, 30)), self.issue_again)

    def issue_again(self) -> None:
        """The caseworker refers again for the same need; this one counts as closed after."""
        refer(self.year, self.case, self.service, fates=FATES_AFTER_DECLINE)
        self.case.open_referrals -= 1

    def cancel(self) -> None:
        reason = self.year.rng.choice(CANCEL_REASONS)
        self._do(referrals.cancel_referral, actor=self.caseworker, reason_code=reason)
        self.closed()

    def lapsed(self) -> None:
        """By now the sweep has expired it: nothing to do but close the case when it is done."""
        self.closed()

    def closed(self) -> None:
        self.case.open_referrals -= 1
        if self.case.open_referrals == 0:
            self.year.later(timedelta(days=self.year.rng.randint(1, 6)), self.record_outcome)

    def record_outcome(self) -> None:
        if self.case.open_referrals:  # a re-issued referral is under way
            return
        resolved = set(self.case.needs) <= self.case.met
        cases.record_outcome(
            self.year.uow,
            actor=self.caseworker,
            case_id=self.case.case_id,
            resolved=resolved,
            note="all needs met" if resolved else "some needs could not be met",
        )
        self.year.report.count("resolved" if resolved else "closed-unresolved")
