"""The referrals addressed to a focal point's institution, as its own systems poll them (the
FHIR Task feed, service/routes/fhir.py): by last change, in pages keyed on (updated_at, id)
so that a page never repeats or skips a referral that changes while the feed is walked.

The person is the institution's own display code and nothing else, exactly as on its pages;
a cancellation looks like every other (no reason, no outcome), as it does there."""

import operator
import uuid
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime

from sqlalchemy import and_, or_, select

from casework import access
from casework.actors import Actor
from casework.audit_actions import AuditAction
from casework.beneficiaries.pseudonyms import institution_code
from casework.cases.model import Case
from casework.errors import NotFound
from casework.network.model import Member
from casework.referrals.model import Referral
from casework.referrals.queries.exports import (
    RECORD_COLUMNS,
    MemberRecord,
    ReferralRecord,
    member_records,
)
from casework.referrals.queries.institution import require_focal_point
from casework.referrals.states import ReferralStatus
from casework.referrals.views import DisplayCode, Serial
from casework.uow import UnitOfWork

# How a bound compares a referral's last change with its moment.
Comparison = Callable[[object, datetime], object]
COMPARISONS: frozenset[Comparison] = frozenset({operator.gt, operator.ge, operator.lt, operator.le})


@dataclass(frozen=True)
class InstitutionTask:
    """Ids, codes, dates and flags, a serial and a display code: the record's only strings
    besides codes are checked to be what they say (as InstitutionReferralView's are)."""

    record: ReferralRecord
    display_code: DisplayCode  # the institution's own code for the beneficiary

    def __post_init__(self) -> None:
        Serial(self.record.serial or "")
        DisplayCode(self.display_code)


@dataclass(frozen=True)
class TaskFilter:
    statuses: frozenset[ReferralStatus] = frozenset()  # empty: any
    updated: tuple[tuple[Comparison, datetime], ...] = ()  # all must hold

    def conditions(self) -> list:
        found = [Referral.status != ReferralStatus.DRAFT]
        if self.statuses:
            found.append(Referral.status.in_(self.statuses))
        for compare, moment in self.updated:
            assert compare in COMPARISONS
            found.append(compare(Referral.updated_at, moment))
        return found


@dataclass(frozen=True)
class TaskPage:
    tasks: list[InstitutionTask]
    more: bool  # another page follows the last task


def institution_tasks(
    uow: UnitOfWork,
    *,
    actor: Actor,
    narrow: TaskFilter,
    after: tuple[datetime, uuid.UUID] | None = None,
    limit: int,
) -> TaskPage:
    """The institution's referrals by last change, oldest first, from just after `after` (the
    last change and id of the previous page's last task); audited as an inbox read."""
    institution_id = require_focal_point(actor)
    conditions = [Referral.institution_id == institution_id, *narrow.conditions()]
    if after is not None:
        moment, referral_id = after
        conditions.append(
            or_(
                Referral.updated_at > moment,
                and_(Referral.updated_at == moment, Referral.id > referral_id),
            )
        )
    with uow:
        tasks = _tasks(uow, conditions, limit=limit + 1)
        uow.audit(
            actor, AuditAction.REFERRAL_INBOX_READ, uow.session.get_one(Member, institution_id)
        )
        uow.commit()
    return TaskPage(tasks[:limit], more=len(tasks) > limit)


def institution_task(uow: UnitOfWork, *, actor: Actor, referral_id: uuid.UUID) -> InstitutionTask:
    """One referral addressed to the focal point's institution; NotFound for any other."""
    require_focal_point(actor)
    with uow:
        referral = access.referral_for_institution(uow.session, referral_id, actor)
        (task,) = _tasks(uow, [Referral.id == referral.id], limit=1)
        uow.audit(actor, AuditAction.REFERRAL_READ, referral)
        uow.commit()
    return task


def feed_member(uow: UnitOfWork, *, actor: Actor, member_id: int) -> MemberRecord:
    """A member of the focal point's own network, as its Tasks name them (an issuing NGO, an
    institution): the directory's public facts only. NotFound for another network's."""
    institution_id = require_focal_point(actor)
    with uow:
        own_network = select(Member.network_id).where(Member.id == institution_id)
        found = member_records(
            uow, Member.id == member_id, Member.network_id == own_network.scalar_subquery()
        )
    if not found:
        # Not repeated back: what was asked for may be a phone number someone typed.
        raise NotFound("member.not_found", "member {member_id} not found", member_id="?")
    return found[0]


def _tasks(uow: UnitOfWork, conditions: list, *, limit: int) -> list[InstitutionTask]:
    rows = uow.session.execute(
        select(*RECORD_COLUMNS, Case.beneficiary_id)
        .join(Case, Case.id == Referral.case_id)
        .where(*conditions)
        .order_by(Referral.updated_at, Referral.id)
        .limit(limit)
    ).all()
    return [_as_seen(ReferralRecord(*row[:-1]), uow, beneficiary_id=row[-1]) for row in rows]


def _as_seen(record: ReferralRecord, uow: UnitOfWork, *, beneficiary_id) -> InstitutionTask:
    if record.status is ReferralStatus.CANCELLED:
        record = replace(record, status_reason=None, outcome=None)
    code = institution_code(
        uow.keys, beneficiary_id=beneficiary_id, institution_id=record.institution_id
    )
    return InstitutionTask(record, DisplayCode(code))
