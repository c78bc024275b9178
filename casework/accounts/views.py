"""Read models of accounts."""

from dataclasses import dataclass

from casework.actors import Role
from casework.languages import DEFAULT_LANGUAGE, Language


@dataclass(frozen=True)
class UserView:
    id: int
    username: str
    role: Role
    organisation_id: int | None
    language: Language = DEFAULT_LANGUAGE


@dataclass(frozen=True)
class AccountView:
    """An account as those who manage it see it: never its password or tokens."""

    id: int
    username: str
    role: Role
    organisation_id: int | None
    organisation: str | None  # the member's name; None for the network's own accounts
    is_active: bool
