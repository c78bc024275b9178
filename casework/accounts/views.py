"""Read models of accounts."""

from dataclasses import dataclass

from casework.actors import Role


@dataclass(frozen=True)
class UserView:
    id: int
    username: str
    role: Role
    organisation_id: int | None
