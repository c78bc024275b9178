"""Telling members about governance: each member through the role that speaks for it, in the
app and through its contacts. Messages carry dates, ids and organisations' names only."""

from casework.actors import Actor
from casework.governance.access import representative_role
from casework.messages import Message
from casework.network.model import Member
from casework.notifications.notices import Recipient, add_member_notices
from casework.uow import UnitOfWork


def tell_members(
    uow: UnitOfWork,
    *,
    actor: Actor,
    members: list[Member],
    kind: str,
    subject_id: str,
    message: Message,
) -> int:
    """Within the caller's transaction; returns how many notices were new. Outside referrers
    take no part in governance: they are never told (`members_on` leaves them out already)."""
    members = [m for m in members if not m.outside_referrer]
    if not members:
        return 0
    return add_member_notices(
        uow,
        actor=actor,
        network_id=members[0].network_id,
        kind=kind,
        subject_id=subject_id,
        message=message,
        recipients=[Recipient(representative_role(m.kind).value, m.id) for m in members],
    )
