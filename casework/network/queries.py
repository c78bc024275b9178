"""Read-only questions about the network registry."""

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from casework.network.model import Member, Memorandum, Network, SubNetwork


def memorandum_valid_on(session: Session, network_id: int, day: date) -> Memorandum | None:
    return session.scalar(
        select(Memorandum)
        .where(
            Memorandum.network_id == network_id,
            Memorandum.valid_from <= day,
            Memorandum.valid_until >= day,
        )
        .options(selectinload(Memorandum.commitments), selectinload(Memorandum.signatures))
    )


def members(session: Session, network_id: int) -> list[Member]:
    return list(
        session.scalars(
            select(Member)
            .where(Member.network_id == network_id)
            .options(selectinload(Member.services))
            .order_by(Member.id)
        )
    )


def networks(session: Session) -> list[Network]:
    return list(session.scalars(select(Network).order_by(Network.id)))


def sub_networks(session: Session, network_id: int) -> list[SubNetwork]:
    return list(
        session.scalars(
            select(SubNetwork).where(SubNetwork.network_id == network_id).order_by(SubNetwork.id)
        )
    )
