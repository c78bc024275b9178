"""Routing: a referral goes only to a member that offers the service, is a member on the day
and signed the memorandum version valid that day, which must commit to the service category.
Among those, a member in the beneficiary's district comes first, then one in the issuing NGO's
sub-network: nearer is likelier to be reached."""

from dataclasses import dataclass
from datetime import date

from sqlalchemy import Select, case, func, or_, select
from sqlalchemy.orm import Session

from casework.calendar import DeadlineUnit
from casework.errors import Conflict, InvalidInput, NoProviderAvailable
from casework.governance.memoranda.model import Commitment, Memorandum, MemorandumSignature
from casework.governance.memoranda.queries import memorandum_valid_on
from casework.network.districts import District
from casework.network.model import Member, MemberService
from casework.network.services import ServiceCode
from casework.referrals.model import Referral
from casework.referrals.states import OPEN_STATUSES


@dataclass(frozen=True)
class Route:
    """Where a referral goes, the memorandum version it goes under, and that version's
    deadlines for the service's category."""

    institution_id: int
    memorandum_id: int
    response_deadline: int
    completion_deadline: int
    deadline_unit: DeadlineUnit


@dataclass(frozen=True)
class Nearness:
    """Where the referral should preferably go: the beneficiary's district (None: not
    known), then the issuing NGO's sub-network (None: it belongs to none)."""

    district: District | None = None
    sub_network_id: int | None = None

    def order(self) -> list:
        """ORDER BY terms putting the nearer members first."""
        terms = []
        if self.district is not None:
            terms.append(case((Member.district == self.district, 0), else_=1))
        if self.sub_network_id is not None:
            terms.append(case((Member.sub_network_id == self.sub_network_id, 0), else_=1))
        return terms


def _eligible(
    *columns, network_id: int, service: ServiceCode, day: date, exclude: int | None, near: Nearness
) -> Select:
    """`columns` of the eligible members, nearest first (see Nearness), then least busy (open
    referrals), then oldest member first: the same answer for the same state, whoever asks."""
    open_load = (
        select(func.count(Referral.id))
        .where(Referral.institution_id == Member.id, Referral.status.in_(OPEN_STATUSES))
        .correlate(Member)
        .scalar_subquery()
    )
    stmt = (
        select(*columns)
        .join(MemberService, MemberService.member_id == Member.id)
        .join(MemorandumSignature, MemorandumSignature.member_id == Member.id)
        .join(Memorandum, Memorandum.id == MemorandumSignature.memorandum_id)
        .join(Commitment, Commitment.memorandum_id == Memorandum.id)
        .where(
            Commitment.category == service.category,
            Member.network_id == network_id,
            MemberService.service == service,
            Member.joined_on <= day,
            or_(Member.left_on.is_(None), Member.left_on > day),
            Memorandum.network_id == network_id,
            Memorandum.valid_from <= day,
            Memorandum.valid_until >= day,
        )
        .order_by(*near.order(), open_load, Member.id)
    )
    if exclude is not None:
        stmt = stmt.where(Member.id != exclude)
    return stmt


def eligible_institution_ids(
    session: Session,
    *,
    network_id: int,
    service: ServiceCode,
    day: date,
    exclude: int | None,
    near: Nearness = Nearness(),
) -> list[int]:
    """Eligible members' ids, in routing's order."""
    stmt = _eligible(
        Member.id, network_id=network_id, service=service, day=day, exclude=exclude, near=near
    )
    return list(session.scalars(stmt))


def route(
    session: Session,
    *,
    network_id: int,
    ngo_id: int,
    service: ServiceCode,
    day: date,
    institution_id: int | None = None,
    near: Nearness = Nearness(),
) -> Route:
    """The first eligible member, or the named one if it is eligible. One query reads the
    members with the valid memorandum's terms: issuing a referral is the busiest command, and
    loading the memorandum, its signatures and commitments as objects cost it most of its time."""
    stmt = _eligible(
        Member.id,
        Memorandum.id,
        Commitment.response_deadline,
        Commitment.completion_deadline,
        Commitment.deadline_unit,
        network_id=network_id,
        service=service,
        day=day,
        exclude=ngo_id,
        near=near,
    )
    routes = [Route(*row) for row in session.execute(stmt)]
    if institution_id is None:
        if not routes:
            raise NoProviderAvailable(service, day.isoformat())
        return routes[0]
    named = next((r for r in routes if r.institution_id == institution_id), None)
    if named is None:
        raise _why_not(session, network_id, service, day, institution_id)
    return named


def _why_not(
    session: Session, network_id: int, service: ServiceCode, day: date, institution_id: int
) -> Exception:
    """Why the named institution cannot take the referral, most basic reason first."""
    if memorandum_valid_on(session, network_id, day) is None:
        return NoProviderAvailable(service, day.isoformat())
    named = session.get(Member, institution_id)
    if named is None or named.network_id != network_id:
        return InvalidInput(
            "referral.institution_not_member",
            "institution {institution_id} is not a member of the network",
            field="institution_id",
            institution_id=institution_id,
        )
    return Conflict(
        "referral.institution_not_offering",
        "institution {institution_id} does not offer '{service}' under the "
        "memorandum valid on {day}",
        field="institution_id",
        institution_id=institution_id,
        service=service.value,
        day=day.isoformat(),
    )
