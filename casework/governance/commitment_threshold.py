"""The network's threshold for "commitments kept": below this share of referrals accepted,
or served, within the memorandum's deadlines, a member gets an agenda item of its own."""

from casework.actors import Actor
from casework.audit_actions import AuditAction
from casework.errors import InvalidInput
from casework.governance import access
from casework.network.queries import existing_network
from casework.uow import UnitOfWork


def set_commitment_threshold(
    uow: UnitOfWork, *, actor: Actor, network_id: int, percent: int
) -> int:
    """The coordinator sets it; it applies from the next agenda built."""
    access.require_governor(actor, "set the threshold of commitments kept")
    if not 1 <= percent <= 100:
        raise InvalidInput(
            "network.commitment_threshold_range",
            "the threshold is a percentage from 1 to 100",
            field="percent",
        )
    with uow:
        network = existing_network(uow.session, network_id)
        network.commitment_threshold_percent = percent
        uow.session.flush()
        uow.audit(actor, AuditAction.NETWORK_COMMITMENT_THRESHOLD_SET, network)
        uow.commit()
        return percent
