"""Who is acting: every command and every read names an actor, and the audit log records it."""

from dataclasses import dataclass
from enum import StrEnum

from casework.languages import DEFAULT_LANGUAGE, Language


class Role(StrEnum):
    CASEWORKER = "caseworker"  # NGO
    SUPERVISOR = "supervisor"  # NGO
    FOCAL_POINT = "focal_point"  # member institution
    COORDINATOR = "coordinator"  # network
    ADMIN = "admin"
    SYSTEM = "system"  # flows and operator commands


NGO_ROLES = frozenset({Role.CASEWORKER, Role.SUPERVISOR})


@dataclass(frozen=True)
class Actor:
    user_id: str  # an account id or a flow name, never a person's name
    role: Role
    organisation_id: int | None = None
    language: Language = DEFAULT_LANGUAGE  # the account's; what the bell and the pages speak

    @property
    def is_system(self) -> bool:
        return self.role is Role.SYSTEM

    @property
    def account_id(self) -> int | None:
        """The account (users.id) acting, if a person signed in: `user:<id>`."""
        prefix, _, number = self.user_id.partition(":")
        return int(number) if prefix == "user" and number.isdigit() else None


def system_actor(name: str) -> Actor:
    return Actor(user_id=f"system:{name}", role=Role.SYSTEM)
