"""Who may call which route: the table that tests/e2e/test_authorisation_matrix.py checks the
app against, every route times every role times an object of their own organisation, of
another, and one that does not exist.

Each route the app serves has exactly one rule; a new route without one fails the test. A rule
names how the caller authenticates, what kind of object the path names, the roles that succeed
on an object of their own organisation (and those that succeed on any organisation's), what
everyone else gets, and a valid request body. Pages (cookie sessions) join the same table with
an Auth kind of their own, once the test knows how to sign in that way."""

import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum

from casework.actors import NGO_ROLES, Role, system_actor
from casework.network.services import ServiceCode
from casework.referrals.commands import accept_referral, request_referral
from casework.uow import UnitOfWork
from tests.support.databases import DEMO_PASSWORD
from tests.support.network import Demo

STAFF_ROLES = (Role.CASEWORKER, Role.SUPERVISOR, Role.FOCAL_POINT, Role.COORDINATOR, Role.ADMIN)
EVERYONE = frozenset(STAFF_ROLES)
NGO = frozenset(NGO_ROLES)
FOCAL = frozenset({Role.FOCAL_POINT})
ADMIN = frozenset({Role.ADMIN})


class Auth(StrEnum):
    NONE = "none"  # public: anyone, signed in or not, gets the success status
    BEARER = "bearer"  # an API token in the Authorization header; 401 without one


class Target(StrEnum):
    """What the path's parameter names."""

    NONE = "none"
    CASE = "case"  # a case (with one requested referral)
    REFERRAL = "referral"  # a requested referral
    ACCEPTED_REFERRAL = "accepted_referral"
    USER = "user"  # a username


class Side(StrEnum):
    OWN = "own"  # the object belongs to the caller's organisation
    FOREIGN = "foreign"  # to another organisation
    MISSING = "missing"  # does not exist


@dataclass(frozen=True)
class Rule:
    allowed: frozenset[Role] = frozenset()
    target: Target = Target.NONE
    refused: int = 404  # what a role outside `allowed` gets, whichever object it names
    success: int = 200
    network_wide: frozenset[Role] = frozenset()  # allowed on every organisation's objects
    auth: Auth = Auth.BEARER
    body: Callable[[], dict] | None = None

    def expected(self, role: Role, side: Side) -> int:
        if role not in self.allowed:
            return self.refused
        if self.target is Target.NONE:
            return self.success
        if side is Side.MISSING:
            return 404
        if side is Side.OWN or role in self.network_wide:
            return self.success
        return 404  # never 403: that would confirm the object exists


PUBLIC = Rule(auth=Auth.NONE)


def _new_user() -> dict:
    return {
        "username": f"matrix-{uuid.uuid4().hex[:10]}",
        "role": "coordinator",
        "password": "a-long-password",
    }


API = "/api/v1"
RULES: dict[tuple[str, str], Rule] = {
    ("GET", "/healthz"): PUBLIC,
    ("GET", "/openapi.json"): PUBLIC,
    ("GET", "/docs"): PUBLIC,
    ("GET", "/docs/oauth2-redirect"): PUBLIC,
    ("GET", "/redoc"): PUBLIC,
    ("POST", f"{API}/auth/token"): Rule(
        auth=Auth.NONE, body=lambda: {"username": "demo-admin", "password": DEMO_PASSWORD}
    ),
    ("GET", f"{API}/me"): Rule(EVERYONE),
    ("GET", f"{API}/services"): Rule(EVERYONE),
    ("POST", f"{API}/cases"): Rule(
        NGO,
        refused=403,
        success=201,
        body=lambda: {
            "uic": {"sex": "M", "birth_year": 1990, "mother_letters": "ЗА", "father_letters": "РА"},
            "needs": ["hiv_testing"],
            "consent": {"referral": True},
        },
    ),
    ("GET", f"{API}/cases"): Rule(NGO, refused=403),
    ("GET", f"{API}/cases/{{case_id}}"): Rule(NGO, Target.CASE),
    ("POST", f"{API}/cases/{{case_id}}/outcome"): Rule(
        NGO, Target.CASE, body=lambda: {"resolved": True}
    ),
    ("POST", f"{API}/cases/{{case_id}}/referrals"): Rule(
        NGO, Target.CASE, refused=403, success=201, body=lambda: {"service": "housing"}
    ),
    ("GET", f"{API}/referrals/{{referral_id}}"): Rule(NGO | FOCAL, Target.REFERRAL),
    ("POST", f"{API}/referrals/{{referral_id}}/accept"): Rule(FOCAL, Target.REFERRAL),
    ("POST", f"{API}/referrals/{{referral_id}}/reject"): Rule(
        FOCAL, Target.REFERRAL, body=lambda: {"reason": "not offered this month"}
    ),
    ("POST", f"{API}/referrals/{{referral_id}}/complete"): Rule(
        FOCAL,
        Target.ACCEPTED_REFERRAL,
        body=lambda: {"attestations": {"anonymous": True, "free": True, "voluntary": True}},
    ),
    ("POST", f"{API}/referrals/{{referral_id}}/cancel"): Rule(NGO, Target.REFERRAL),
    ("GET", f"{API}/institution/referrals"): Rule(FOCAL, refused=403),
    ("POST", f"{API}/users"): Rule(ADMIN, refused=403, success=201, body=_new_user),
    ("POST", f"{API}/users/{{username}}/tokens"): Rule(
        ADMIN, Target.USER, refused=403, success=201, network_wide=ADMIN, body=dict
    ),
    ("POST", f"{API}/users/{{username}}/revoke-tokens"): Rule(
        ADMIN, Target.USER, network_wide=ADMIN
    ),
}

# The demo account that plays each role in the matrix.
CALLER = {
    Role.CASEWORKER: "demo-caseworker",
    Role.SUPERVISOR: "demo-supervisor",
    Role.FOCAL_POINT: "demo-focal",
    Role.COORDINATOR: "demo-coordinator",
    Role.ADMIN: "demo-admin",
}


@dataclass
class World:
    """Objects on two sides of the network: home (the first NGO and the AIDS centre, where the
    demo callers work) and away (the second NGO and the TB dispensary)."""

    uow: UnitOfWork
    demo: Demo
    cached: dict = field(default_factory=dict)

    def case_and_referral(self, side: Side, *, accepted: bool = False) -> tuple[str, str]:
        home = side is Side.OWN
        ngo = self.demo.ngo if home else self.demo.other_ngo
        institution = self.demo.aids_centre if home else self.demo.tb_dispensary
        service = ServiceCode.HIV_TESTING if home else ServiceCode.TB_SCREENING
        opened = self.demo.open_case(self.uow, ngo=ngo)
        issued = request_referral(
            self.uow,
            actor=self.demo.caseworker(ngo),
            case_id=opened.case_id,
            service=service,
            institution_id=institution,
        )
        if accepted:
            accept_referral(self.uow, actor=system_actor("matrix"), referral_id=issued.referral_id)
        return str(opened.case_id), str(issued.referral_id)

    def path_for(self, path: str, rule: Rule, side: Side, caller: str, *, fresh: bool) -> str:
        if rule.target is Target.NONE:
            return path
        if side is Side.MISSING:
            missing = "nobody-here" if rule.target is Target.USER else str(uuid.uuid4())
            return path.format(case_id=missing, referral_id=missing, username=missing)
        if rule.target is Target.USER:
            own = "demo-supervisor" if caller == "demo-caseworker" else "demo-caseworker"
            return path.format(username=own if side is Side.OWN else "demo-caseworker-2")
        accepted = rule.target is Target.ACCEPTED_REFERRAL
        if fresh or (side, accepted) not in self.cached:
            self.cached[(side, accepted)] = self.case_and_referral(side, accepted=accepted)
        case_id, referral_id = self.cached[(side, accepted)]
        return path.format(case_id=case_id, referral_id=referral_id)
