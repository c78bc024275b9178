"""A case or referral a command changes is read locked and written back at commit through Core
(casework.locked_rows), outside the ORM's unit of work: what the ORM's version check and
rollback gave, it must still give."""

import pytest
from sqlalchemy import select, update

from casework.audit import AuditEntry
from casework.cases.commands import add_need, record_outcome
from casework.cases.model import Case, Need
from casework.cases.states import CaseStatus, NeedStatus
from casework.errors import ConcurrentUpdate, IllegalTransition
from casework.network.services import ServiceCode
from casework.referrals import commands as referrals
from casework.referrals.model import Referral
from casework.referrals.states import ReferralStatus
from tests.support.network import demo


def row_of(uow, model, object_id):
    with uow:
        return uow.session.get(model, object_id)


def actions_on(uow, object_id) -> list[str]:
    with uow:
        stmt = select(AuditEntry.action).where(AuditEntry.object_id == str(object_id))
        return list(uow.session.scalars(stmt))


def test_a_step_on_a_referral_someone_changed_unlocked_is_refused_and_writes_nothing(
    uow, monkeypatch
):
    """Every writer takes the row's lock, so this cannot happen by the rules; if one ever
    did not, the version read no longer matches and the step is refused (409), as the ORM's
    version check refused it."""
    d = demo(uow)
    referral_id = d.issue_referral(uow)
    move_to = Referral.move_to

    def move_after_a_writer_without_the_lock(self, *args, **kwargs):
        table = Referral.__table__
        uow.session.connection().execute(
            update(table).where(table.c.id == self.id).values(version=table.c.version + 1)
        )
        move_to(self, *args, **kwargs)

    monkeypatch.setattr(Referral, "move_to", move_after_a_writer_without_the_lock)
    with pytest.raises(ConcurrentUpdate):
        referrals.accept_referral(uow, actor=d.focal(d.aids_centre), referral_id=referral_id)

    after = row_of(uow, Referral, referral_id)
    assert (after.status, after.version) == (ReferralStatus.REQUESTED, 1)
    assert "referral.accepted" not in actions_on(uow, referral_id)


def test_each_step_moves_the_version_on_by_one_and_a_refused_step_leaves_it(uow):
    d = demo(uow)
    referral_id, focal = d.issue_referral(uow), d.focal(d.aids_centre)
    referrals.accept_referral(uow, actor=focal, referral_id=referral_id)
    referrals.start_referral(uow, actor=focal, referral_id=referral_id)
    with pytest.raises(IllegalTransition):
        referrals.accept_referral(uow, actor=focal, referral_id=referral_id)

    after = row_of(uow, Referral, referral_id)
    assert (after.status, after.version) == (ReferralStatus.IN_PROGRESS, 3)
    assert after.accepted_at is not None and after.updated_at is not None


def test_a_case_closed_with_its_outcome_closes_its_open_needs_and_keeps_a_met_one(uow):
    d = demo(uow)
    referral_id, focal = d.issue_referral(uow), d.focal(d.aids_centre)
    referrals.accept_referral(uow, actor=focal, referral_id=referral_id)
    all_true = referrals.Attestations(anonymous=True, free=True, voluntary=True)
    referrals.complete_referral(uow, actor=focal, referral_id=referral_id, attestations=all_true)
    case_id = row_of(uow, Referral, referral_id).case_id
    added = add_need(uow, actor=d.caseworker(), case_id=case_id, service=ServiceCode.HOUSING)

    record_outcome(uow, actor=d.caseworker(), case_id=case_id, resolved=True)

    with uow:
        needs = dict(
            uow.session.execute(select(Need.id, Need.status).where(Need.case_id == case_id)).all()
        )
        case = uow.session.get(Case, case_id)
    assert needs[added] is NeedStatus.CLOSED
    assert set(needs.values()) == {NeedStatus.MET, NeedStatus.CLOSED}
    assert (case.status, case.version) == (CaseStatus.RESOLVED, 3)  # opened, active, resolved
