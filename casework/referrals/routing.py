"""Routing: a referral goes only to a member that offers the service, is a member on the day
and signed the memorandum version valid that day, which must commit to the service category.
Among those, a member in the beneficiary's district comes first, then one in the issuing NGO's
sub-network: nearer is likelier to be reached."""

from dataclasses import dataclass
from datetime import date
from functools import cache

from sqlalchemy import Select, bindparam, case, func, or_, select
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


# What routing reads of each eligible member: its id alone, or with the memorandum's terms.
_IDS = (Member.id,)
_ROUTES = (
    Member.id,
    Memorandum.id,
    Commitment.response_deadline,
    Commitment.completion_deadline,
    Commitment.deadline_unit,
)


@cache
def _eligible(
    columns: tuple, *, excluding: bool, by_district: bool, by_sub_network: bool
) -> Select:
    """`columns` of the eligible members, nearest first (see Nearness), then least busy (open
    referrals), then oldest member first: the same answer for the same state, whoever asks.
    Built once per shape with bound parameters (see _params): issuing a referral is the
    busiest command, and building this statement cost it more than running it."""
    open_load = (  # count() of rows, not of ids: the index on (institution, status) answers it
        select(func.count())
        .select_from(Referral)
        .where(Referral.institution_id == Member.id, Referral.status.in_(OPEN_STATUSES))
        .correlate(Member)
        .scalar_subquery()
    )
    nearer_first = []
    if by_district:
        nearer_first.append(case((Member.district == bindparam("district"), 0), else_=1))
    if by_sub_network:
        nearer_first.append(
            case((Member.sub_network_id == bindparam("sub_network_id"), 0), else_=1)
        )
    network_id, day = bindparam("network_id"), bindparam("day")
    stmt = (
        select(*columns)
        .join(MemberService, MemberService.member_id == Member.id)
        .join(MemorandumSignature, MemorandumSignature.member_id == Member.id)
        .join(Memorandum, Memorandum.id == MemorandumSignature.memorandum_id)
        .join(Commitment, Commitment.memorandum_id == Memorandum.id)
        .where(
            Commitment.category == bindparam("category"),
            Member.network_id == network_id,
            MemberService.service == bindparam("service"),
            Member.joined_on <= day,
            or_(Member.left_on.is_(None), Member.left_on > day),
            Memorandum.network_id == network_id,
            Memorandum.valid_from <= day,
            Memorandum.valid_until >= day,
        )
        .order_by(*nearer_first, open_load, Member.id)
    )
    if excluding:
        stmt = stmt.where(Member.id != bindparam("exclude"))
    return stmt


def _run_eligible(
    session: Session,
    columns: tuple,
    *,
    network_id: int,
    service: ServiceCode,
    day: date,
    exclude: int | None,
    near: Nearness,
):
    stmt = _eligible(
        columns,
        excluding=exclude is not None,
        by_district=near.district is not None,
        by_sub_network=near.sub_network_id is not None,
    )
    params = {
        "network_id": network_id,
        "service": service,
        "category": service.category,
        "day": day,
        "exclude": exclude,
        "district": near.district,
        "sub_network_id": near.sub_network_id,
    }
    # On the connection, columns alone: through the session, the ORM's handling of a statement
    # cost the busiest command a tenth of its time. Nothing a command changes before routing
    # changes the open referrals counted here (a reissue names its institution).
    return session.connection().execute(stmt, params)


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
    rows = _run_eligible(
        session, _IDS, network_id=network_id, service=service, day=day, exclude=exclude, near=near
    )
    return list(rows.scalars())


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
    rows = _run_eligible(
        session,
        _ROUTES,
        network_id=network_id,
        service=service,
        day=day,
        exclude=ngo_id,
        near=near,
    )
    routes = [Route(*row) for row in rows]
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
