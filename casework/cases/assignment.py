"""Who works a case: handing it to another caseworker or supervisor of the same NGO, and the
accounts it may be handed to."""

import uuid

from sqlalchemy import select

from casework import access
from casework.accounts.model import User
from casework.actors import NGO_ROLES, Actor, Role
from casework.audit_actions import AuditAction
from casework.errors import Conflict, InvalidInput, PermissionDenied
from casework.uow import UnitOfWork


def _assignable(organisation_id: int):
    return select(User).where(
        User.organisation_id == organisation_id,
        User.role.in_(NGO_ROLES),
        User.is_active.is_(True),
    )


def reassign_case(uow: UnitOfWork, *, actor: Actor, case_id: uuid.UUID, caseworker: str) -> str:
    """Hand the case to `caseworker` (a username): an active caseworker or supervisor of the
    case's NGO. A supervisor hands any case; a caseworker only one of their own, or one that
    nobody works yet. Returns the username now working the case."""
    with uow:
        case = access.case_for_ngo(uow.session, case_id, actor, for_update=True)
        own = case.caseworker_id is None or case.caseworker_id == actor.account_id
        if actor.role not in NGO_ROLES or (actor.role is Role.CASEWORKER and not own):
            raise PermissionDenied(
                "case.reassign_own_only",
                "only a supervisor or the case's own caseworker hands a case on",
            )
        if case.is_closed:
            raise Conflict(
                "case.reassign_closed",
                "case is {status}; it is no longer worked",
                field="status",
                status=case.status.value,
            )
        target = uow.session.scalar(
            _assignable(case.ngo_id).where(User.username == caseworker.strip())
        )
        if target is None:
            raise InvalidInput(
                "case.assignee_unknown",
                "no active caseworker or supervisor of this NGO has that username",
                field="caseworker",
            )
        case.caseworker_id = target.id
        uow.audit(actor, AuditAction.CASE_REASSIGNED, case)
        uow.commit()
        return target.username


def assignable_usernames(uow: UnitOfWork, *, actor: Actor, case_id: uuid.UUID) -> list[str]:
    """The usernames a case may be handed to, in order, for the page's list."""
    with uow:
        case = access.case_for_ngo(uow.session, case_id, actor)
        users = uow.session.scalars(_assignable(case.ngo_id).order_by(User.username))
        return [u.username for u in users]
