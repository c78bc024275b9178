"""Read models of accounts."""

from casework.accounts.model import User
from casework.accounts.views import UserView
from casework.actors import Actor
from casework.errors import NotFound
from casework.uow import UnitOfWork


def me(uow: UnitOfWork, *, actor: Actor) -> UserView:
    if not actor.user_id.startswith("user:"):
        raise NotFound("account.no_account", "no account behind this actor")
    with uow:
        user = uow.session.get(User, int(actor.user_id.removeprefix("user:")))
        if user is None:
            raise NotFound("account.no_account", "no account behind this actor")
        return UserView(user.id, user.username, user.role, user.organisation_id)
