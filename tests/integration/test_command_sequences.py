"""Hypothesis drives random sequences of commands, by the right and the wrong people.

Whatever the sequence: every refused command leaves no audit row and every accepted one
leaves at least one; every referral's audit trail is a legal path through the state
machine that ends in its stored status; closed cases keep no open needs."""

import contextlib
from datetime import timedelta

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import Bundle, RuleBasedStateMachine, invariant, rule
from sqlalchemy import func, select

from casework.actors import system_actor
from casework.audit import AuditEntry
from casework.audit_actions import AuditAction
from casework.cases import commands as cases
from casework.cases.model import Case, Need
from casework.cases.reasons import CloseReason
from casework.cases.states import CaseStatus, NeedStatus
from casework.errors import Conflict, DomainError, NotFound
from casework.escalation.commands.sweep import sweep
from casework.network.services import ServiceCode
from casework.referrals import commands as referrals
from casework.referrals.commands import Attestations
from casework.referrals.model import Referral
from casework.referrals.reasons import CancelReason, HoldReason, RejectReason
from casework.referrals.states import REFERRAL_MACHINE, ReferralStatus
from tests.support.network import demo

MOSTLY_NOT = st.sampled_from([False, False, False, True])  # wrong-actor attempts: 1 in 4
SERVICES = [ServiceCode.HIV_TESTING, ServiceCode.HOUSING, ServiceCode.LEGAL_AID_DETENTION]
STATUS_OF_ACTION = {
    f"referral.{status.value}": status
    for status in ReferralStatus
    if status is not ReferralStatus.DRAFT
}


def legal_path(actions: list[str]) -> ReferralStatus:
    """Replay a referral's audit trail through the state machine; returns where it ends."""
    status, before_hold = ReferralStatus.DRAFT, None
    for action in actions:
        if action == "referral.resumed":
            target = before_hold
        elif action in STATUS_OF_ACTION:
            target = STATUS_OF_ACTION[action]
        else:
            continue  # reads, escalations: no change of status
        REFERRAL_MACHINE.check(status, target)
        if target is ReferralStatus.ON_HOLD:
            before_hold = status
        status = target
    return status


@pytest.mark.slow
def test_no_command_sequence_reaches_an_illegal_state_or_loses_an_audit_row(uow, clock):
    d = demo(uow)
    ngos = [d.ngo, d.other_ngo]
    start = clock.now()

    class Sequences(RuleBasedStateMachine):
        case_ids = Bundle("cases")
        referral_ids = Bundle("referrals")

        def __init__(self):
            super().__init__()
            clock.current = start  # each example starts under the same valid memorandum

        def attempt(self, command):
            before, refusals = self.audit_rows(), self.refusals()
            try:
                result = command()
            except DomainError as refused:
                # It changes nothing; only a look-up of another organisation's record (a
                # NotFound) leaves one row, saying so.
                added, probes = self.audit_rows() - before, self.refusals() - refusals
                allowed = int(isinstance(refused, NotFound))
                assert added == probes <= allowed, "a refused command left an audit row"
                return None
            assert self.audit_rows() > before, "an accepted command left no audit row"
            return result

        def audit_rows(self) -> int:
            with uow:
                return uow.session.scalar(select(func.count()).select_from(AuditEntry))

        def refusals(self) -> int:
            with uow:
                return uow.session.scalar(
                    select(func.count())
                    .select_from(AuditEntry)
                    .where(AuditEntry.action == AuditAction.ACCESS_REFUSED)
                )

        @rule(target=case_ids, ngo=st.sampled_from(ngos), consent=MOSTLY_NOT.map(lambda x: not x))
        def open_case(self, ngo, consent):
            opened = self.attempt(
                lambda: d.open_case(uow, tuple(SERVICES[:2]), ngo=ngo, consent=consent)
            )
            return (opened.case_id, ngo)

        @rule(
            target=referral_ids,
            case=case_ids,
            service=st.sampled_from(SERVICES),
            stranger=MOSTLY_NOT,
        )
        def request(self, case, service, stranger):
            case_id, ngo = case
            actor = d.caseworker(d.other_ngo if stranger and ngo == d.ngo else ngo)
            issued = self.attempt(
                lambda: referrals.request_referral(
                    uow, actor=actor, case_id=case_id, service=service
                )
            )
            return (issued.referral_id, issued.institution_id, ngo) if issued else (None, None, ngo)

        @rule(
            referral=referral_ids,
            step=st.sampled_from(
                ["accept", "reject", "start", "complete", "cancel", "hold", "resume"]
            ),
            wrong_side=MOSTLY_NOT,
            honest=MOSTLY_NOT.map(lambda x: not x),
        )
        def act(self, referral, step, wrong_side, honest):
            referral_id, institution_id, ngo = referral
            if referral_id is None:
                return
            focal = d.focal(d.tb_dispensary if wrong_side else institution_id)
            caseworker = d.caseworker(d.other_ngo if wrong_side and ngo == d.ngo else ngo)
            attest = Attestations(anonymous=True, free=honest, voluntary=True)
            commands = {
                "accept": lambda: referrals.accept_referral(
                    uow, actor=focal, referral_id=referral_id
                ),
                "reject": lambda: referrals.reject_referral(
                    uow, actor=focal, referral_id=referral_id, reason_code=RejectReason.NO_CAPACITY
                ),
                "start": lambda: referrals.start_referral(
                    uow, actor=focal, referral_id=referral_id
                ),
                "complete": lambda: referrals.complete_referral(
                    uow, actor=focal, referral_id=referral_id, attestations=attest
                ),
                "cancel": lambda: referrals.cancel_referral(
                    uow, actor=caseworker, referral_id=referral_id, reason_code=CancelReason.OTHER
                ),
                "hold": lambda: referrals.hold_referral(
                    uow,
                    actor=focal,
                    referral_id=referral_id,
                    reason_code=HoldReason.AWAITING_RESULTS,
                ),
                "resume": lambda: referrals.resume_referral(
                    uow, actor=focal, referral_id=referral_id
                ),
            }
            self.attempt(commands[step])

        @rule(case=case_ids, resolved=st.booleans())
        def record_outcome(self, case, resolved):
            case_id, ngo = case
            self.attempt(
                lambda: cases.record_outcome(
                    uow, actor=d.caseworker(ngo), case_id=case_id, resolved=resolved
                )
            )

        @rule(case=case_ids)
        def withdraw(self, case):
            case_id, ngo = case
            self.attempt(
                lambda: cases.close_case(
                    uow,
                    actor=d.caseworker(ngo),
                    case_id=case_id,
                    status=CaseStatus.WITHDRAWN,
                    reason=CloseReason.CLIENT_REQUEST,
                )
            )

        @rule(case=case_ids)
        def wind_down(self, case):  # what the resolution flow does after a case closes
            with contextlib.suppress(Conflict):  # refused while the case is open
                referrals.cancel_open_referrals_of_case(
                    uow, actor=system_actor("test"), case_id=case[0]
                )

        @rule(days=st.integers(min_value=0, max_value=5))
        def time_passes_and_the_sweep_runs(self, days):
            clock.advance(timedelta(days=days))
            sweep(uow, actor=system_actor("test"))

        @invariant()
        def every_referral_history_is_legal_and_fully_audited(self):
            with uow:
                stored = dict(uow.session.execute(select(Referral.id, Referral.status)).all())
                trails: dict[str, list[str]] = {}
                for object_id, action in uow.session.execute(
                    select(AuditEntry.object_id, AuditEntry.action)
                    .where(AuditEntry.object_type == "referrals")
                    .order_by(AuditEntry.id)
                ):
                    trails.setdefault(object_id, []).append(action)
            for referral_id, status in stored.items():
                assert legal_path(trails[str(referral_id)]) is status

        @invariant()
        def closed_cases_keep_no_open_needs(self):
            with uow:
                open_needs_of_closed_cases = uow.session.scalar(
                    select(func.count())
                    .select_from(Need)
                    .join(Case, Case.id == Need.case_id)
                    .where(
                        Need.status == NeedStatus.OPEN,
                        Case.status.in_(
                            [
                                CaseStatus.RESOLVED,
                                CaseStatus.CLOSED_UNRESOLVED,
                                CaseStatus.WITHDRAWN,
                            ]
                        ),
                    )
                )
            assert open_needs_of_closed_cases == 0

    Sequences.TestCase.settings = settings(
        max_examples=15,
        stateful_step_count=30,
        deadline=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    Sequences.TestCase().runTest()
