"""Read models of the network registry."""

from dataclasses import dataclass

from casework.network.districts import District
from casework.network.model import MemberKind
from casework.network.services import ServiceCode


@dataclass(frozen=True)
class MemberEntry:
    """A member's entry in the network's directory: public facts of the network."""

    id: int
    name: str
    kind: MemberKind
    services: frozenset[ServiceCode]
    sub_network: str | None = None  # the sub-network's name
    district: District | None = None
    address: str | None = None
    phone: str | None = None
    opening_hours: str | None = None
    referral_contact: str | None = None
    outside_referrer: bool = False  # an NGO that refers people but is not a member


@dataclass(frozen=True)
class PublishedDirectory:
    """What the network publishes of itself to other directories (HSDS): its current
    members' entries, and the network's own name and region."""

    network_code: str
    network_name: str
    region: str
    members: tuple[MemberEntry, ...]
