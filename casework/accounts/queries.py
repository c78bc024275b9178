"""Read models of accounts."""

from dataclasses import dataclass

from casework.accounts.model import User
from casework.actors import Actor, Role
from casework.errors import NotFound
from casework.uow import UnitOfWork


@dataclass(frozen=True)
class UserView:
    id: int
    username: str
    role: Role
    organisation_id: int | None


def me(uow: UnitOfWork, *, actor: Actor) -> UserView:
    if not actor.user_id.startswith("user:"):
        raise NotFound("no account behind this actor")
    with uow:
        user = uow.session.get(User, int(actor.user_id.removeprefix("user:")))
        if user is None:
            raise NotFound("no account behind this actor")
        return UserView(user.id, user.username, user.role, user.organisation_id)
