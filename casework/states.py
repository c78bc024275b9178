"""One place where every status transition is checked, from transition tables in each feature."""

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Generic, TypeVar

from casework.errors import IllegalTransition

S = TypeVar("S", bound=StrEnum)


@dataclass(frozen=True)
class StateMachine(Generic[S]):
    kind: str
    transitions: Mapping[S, frozenset[S]]

    def check(self, current: S, target: S) -> None:
        if target not in self.transitions[current]:
            raise IllegalTransition(self.kind, current, target)

    def can(self, current: S, target: S) -> bool:
        return target in self.transitions[current]

    def is_terminal(self, status: S) -> bool:
        return not self.transitions[status]
