"""Read models of the network registry."""

from dataclasses import dataclass

from casework.network.model import MemberKind
from casework.network.services import ServiceCode


@dataclass(frozen=True)
class MemberEntry:
    id: int
    name: str
    kind: MemberKind
    services: frozenset[ServiceCode]
