"""Members leaving the network, from the date it takes effect (joining is the registry's
`admit_member`, from its `joined_on`); and who is a member on a given day."""

from datetime import date

from casework.actors import Actor
from casework.audit_actions import AuditAction
from casework.errors import Conflict, InvalidInput, NotFound
from casework.governance import access
from casework.network.model import Member
from casework.uow import UnitOfWork


def record_member_leaving(
    uow: UnitOfWork, *, actor: Actor, member_id: int, effective_on: date
) -> None:
    """From `effective_on` the member is no longer a member: routing sends it nothing new.
    A date already set may be moved while it lies in the future."""
    with uow:
        member = uow.session.get(Member, member_id, with_for_update=True)
        if member is None:
            raise NotFound(
                "member.not_found",
                "member {member_id} not found",
                field="member_id",
                member_id=member_id,
            )
        access.check_network(
            uow.session,
            actor,
            member.network_id,
            NotFound("member.not_found", "member {member_id} not found", member_id=member_id),
        )
        # Only now: an unknown member, or another network's, is NotFound to everyone.
        access.require_governor(actor, "record a member leaving")
        if effective_on <= member.joined_on:
            raise InvalidInput(
                "member.leaves_before_joining",
                "member {member_id} joined on {joined_on}; it cannot leave before",
                field="effective_on",
                member_id=member_id,
                joined_on=member.joined_on,
            )
        today = uow.calendar.today(uow.now())
        if member.left_on is not None and member.left_on <= today:
            raise Conflict(
                "member.already_left",
                "member {member_id} left on {left_on}",
                field="member_id",
                member_id=member_id,
                left_on=member.left_on,
            )
        member.left_on = effective_on
        uow.audit(actor, AuditAction.MEMBER_LEAVING_RECORDED, member)
        uow.commit()
