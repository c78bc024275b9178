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
