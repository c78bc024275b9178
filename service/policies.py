"""Who may call each route, declared beside it with `@declare(...)`: the roles that succeed,
whose objects they reach, and what everyone else is told.

The domain enforces access (casework/access.py and the commands: an object the caller may not
see is NotFound); the declaration says what that enforcement must add up to for each route,
and tests/e2e/test_authorisation_matrix.py holds every route the app serves to its own,
every role times an object of the caller's organisation, of another, and a missing one."""

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from typing import TypeVar

from casework.access import GOVERNORS  # govern every network (no member)
from casework.actors import NGO_ROLES, Role


class Resource(StrEnum):
    """What the route's path names, whose owner decides who reaches it. Casework objects
    belong to an organisation (an NGO, or the institution a referral is addressed to),
    governance records to a network."""

    NONE = "none"  # no object: the caller's role alone decides
    NETWORK = "network"  # no path parameter: the `network_id` query names the network
    CASE = "case"
    REFERRAL = "referral"
    USER = "user"  # an account, by username
    BENEFICIARY = "beneficiary"  # a pseudonym
    MATCH = "match"  # a proposal that two pseudonyms of one NGO are one person
    NOTIFICATION = "notification"  # a notice addressed to a role at an organisation
    MEMORANDUM = "memorandum"  # a published version
    DRAFT = "draft"  # the draft of the next version
    MEMBER = "member"
    MEETING = "meeting"
    AGENDA_ITEM = "agenda_item"
    DECISION = "decision"
    REPORT = "report"
    CONTACT = "contact"  # where a role at a member (or the network) receives notices
    BREACH = "breach"  # a memorandum breach, in the register of the network's governors


STAFF = frozenset(Role) - {Role.SYSTEM}
NGO = frozenset(NGO_ROLES)
FOCAL = frozenset({Role.FOCAL_POINT})
ADMIN = frozenset({Role.ADMIN})

MEMBER_STAFF = STAFF - GOVERNORS
REPRESENTATIVES = frozenset({Role.SUPERVISOR, Role.FOCAL_POINT})  # speak for their member


@dataclass(frozen=True)
class Policy:
    """Who may call a route. A role in `allowed` succeeds on its own organisation's (or
    network's) object, and on anyone's if it is also in `network_wide`; on another's, or on
    one that does not exist, it gets 404, never 403, which would confirm the object exists.
    A role in `readers` sees the object but may not do this: 403 on its own side's, 404 on
    any other. Every other role gets `refused`: by default 403 where the route names no
    object, 404 where it names one. Without a sign-in the answer is 401, unless `public`."""

    allowed: frozenset[Role] = frozenset()
    resource: Resource = Resource.NONE
    network_wide: frozenset[Role] = frozenset()
    readers: frozenset[Role] = frozenset()
    refused: int | None = None
    public: bool = False

    @property
    def refusal(self) -> int:
        if self.refused is not None:
            return self.refused
        return 403 if self.resource is Resource.NONE else 404


PUBLIC = Policy(public=True)  # anyone, signed in or not


def staff_read(resource: Resource) -> Policy:
    """Governance records: any staff of the network reads them (docs/governance.md, "Who may
    do what"); another network's staff get 404; governors read every network's."""
    return Policy(STAFF, resource, network_wide=GOVERNORS)


def governed(resource: Resource = Resource.NONE) -> Policy:
    """A governance act of the coordinator and administrators; members' staff, who may read
    what it acts on, get 403 (404 for another network's object or an unknown one)."""
    return Policy(GOVERNORS, resource, network_wide=GOVERNORS, readers=MEMBER_STAFF)


def answered(resource: Resource) -> Policy:
    """A member's answer: given by its representative (an NGO's supervisor, an institution's
    focal point) for its own member, or by a governor naming the member; a caseworker, who
    may read what it is about, gets 403."""
    caseworker = frozenset({Role.CASEWORKER})
    return Policy(REPRESENTATIVES | GOVERNORS, resource, network_wide=GOVERNORS, readers=caseworker)


# Who manages accounts (casework/accounts/access.py): a supervisor its own NGO's, the
# coordinator those of focal points, supervisors and coordinators anywhere, administrators all.
ACCOUNT_MANAGERS = frozenset({Role.SUPERVISOR}) | GOVERNORS
ACCOUNTS = Policy(ACCOUNT_MANAGERS)
MANAGED_ACCOUNT = Policy(ACCOUNT_MANAGERS, Resource.USER, network_wide=GOVERNORS)
# An NGO's form language: its supervisor or a governor; its caseworkers are told no.
FORM_LANGUAGE = Policy(
    ACCOUNT_MANAGERS,
    Resource.MEMBER,
    network_wide=GOVERNORS,
    readers=frozenset({Role.CASEWORKER}),
)


# The governors' own records of a network (contacts, thresholds, breaches): a governance act
# on the network the query names; its members' staff are told no, another network's not found.
NETWORK_ADMIN = governed(Resource.NETWORK)

# Erasure cannot be undone: the NGO's supervisor erases; its caseworkers, who may revoke
# consent at once, are told no.
ERASURE = Policy(
    frozenset({Role.SUPERVISOR}), Resource.BENEFICIARY, readers=frozenset({Role.CASEWORKER})
)

# An NGO's referrals as a spreadsheet: its supervisors download them; everyone else is told no.
REFERRAL_EXPORT = Policy(frozenset({Role.SUPERVISOR}))


Endpoint = TypeVar("Endpoint", bound=Callable)
_ATTRIBUTE = "access_policy"


def declare(policy: Policy) -> Callable[[Endpoint], Endpoint]:
    """Attach the route's policy to its endpoint function (under the route's decorator)."""

    def attach(endpoint: Endpoint) -> Endpoint:
        setattr(endpoint, _ATTRIBUTE, policy)
        return endpoint

    return attach


def declared(endpoint: Callable | None) -> Policy | None:
    """The policy declared on a route's endpoint, if any."""
    return getattr(endpoint, _ATTRIBUTE, None)
