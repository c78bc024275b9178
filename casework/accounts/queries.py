"""Read models of accounts."""

from casework.accounts.model import User
from casework.accounts.views import UserView
from casework.actors import Actor
from casework.errors import NotFound
from casework.uow import UnitOfWork


def own_account(uow: UnitOfWork, actor: Actor) -> User:
    """The account the actor signed in with, within the caller's transaction."""
    user = None
    if actor.user_id.startswith("user:"):
        user = uow.session.get(User, int(actor.user_id.removeprefix("user:")))
    if user is None:
        raise NotFound("account.no_account", "no account behind this actor")
    return user


def me(uow: UnitOfWork, *, actor: Actor) -> UserView:
    with uow:
        user = own_account(uow, actor)
        return UserView(user.id, user.username, user.role, user.organisation_id, user.language)
