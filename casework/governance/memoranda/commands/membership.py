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
            raise NotFound(f"member {member_id} not found", field="member_id")
        access.check_network(uow.session, actor, member.network_id, f"member {member_id}")
        # Only now: an unknown member, or another network's, is NotFound to everyone.
        access.require_governor(actor, "record a member leaving")
        if effective_on <= member.joined_on:
            raise InvalidInput(
                f"member {member_id} joined on {member.joined_on}; it cannot leave before",
                field="effective_on",
            )
        today = uow.calendar.today(uow.now())
        if member.left_on is not None and member.left_on <= today:
            raise Conflict(f"member {member_id} left on {member.left_on}", field="member_id")
        member.left_on = effective_on
        uow.audit(actor, AuditAction.MEMBER_LEAVING_RECORDED, member)
        uow.commit()
