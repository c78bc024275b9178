"""Who may call which route: the table that tests/e2e/test_authorisation_matrix.py checks the
app against, every route times every role times an object of their own organisation, of
another, and one that does not exist (tests/support/access_world.py makes them).

Each route the app serves has exactly one rule; a new route without one fails the test. A rule
names how the caller authenticates, what kind of object the path names, the roles that succeed
on an object of their own organisation (and those that succeed on any organisation's), the
roles that see the object but may not act on it, what everyone else gets, and a valid request
body. The pages' rules, with a cookie session instead of a token, are in
tests/support/page_rules.py."""

import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum

from casework.actors import NGO_ROLES, Role
from casework.demo.network import COMMITMENTS
from casework.governance.memoranda.terms import terms_to_json
from tests.support.databases import DEMO_PASSWORD

STAFF_ROLES = (Role.CASEWORKER, Role.SUPERVISOR, Role.FOCAL_POINT, Role.COORDINATOR, Role.ADMIN)
EVERYONE = frozenset(STAFF_ROLES)
NGO = frozenset(NGO_ROLES)
FOCAL = frozenset({Role.FOCAL_POINT})
ADMIN = frozenset({Role.ADMIN})
GOVERNORS = frozenset({Role.COORDINATOR, Role.ADMIN})  # govern every network (no member)
MEMBER_STAFF = EVERYONE - GOVERNORS
REPRESENTATIVES = frozenset({Role.SUPERVISOR, Role.FOCAL_POINT})  # speak for their member


class Auth(StrEnum):
    NONE = "none"  # public: anyone, signed in or not, gets the success status
    BEARER = "bearer"  # an API token in the Authorization header; 401 without one
    COOKIE = "cookie"  # a page's session cookie, and its CSRF token in forms; without: login


class Target(StrEnum):
    """What the path's parameter names. Casework objects are the first NGO's (and the AIDS
    centre's) on the callers' side, the second NGO's (and the TB dispensary's) on the other;
    governance objects are the demo network's on the callers' side, a second network's on the
    other."""

    NONE = "none"
    NETWORK = "network"  # no path parameter: the `network_id` query names the network
    CASE = "case"  # a case (with one requested referral)
    REFERRAL = "referral"  # a requested referral
    ACCEPTED_REFERRAL = "accepted_referral"
    USER = "user"  # a username
    BENEFICIARY = "beneficiary"  # a pseudonym with an identity kept and consent to referral
    MATCH = "match"  # a proposal that two pseudonyms of one NGO are one person
    NOTIFICATION = "notification"  # a notice addressed to the caller (own side)
    SLIP = "slip"  # a requested referral's form: serial and slip code, in the body
    MEMORANDUM = "memorandum"  # a published version the caller's member has not signed
    DRAFT = "draft"  # an open memorandum draft nobody has answered
    SIGNED_DRAFT = "signed_draft"  # an open draft one member has signed off
    MEMBER = "member"  # a member organisation
    MEETING = "meeting"  # a scheduled meeting
    SESSION = "session"  # a meeting in session
    CLOSABLE_MEETING = "closable_meeting"  # in session, attended, its one item decided
    AGENDA_ITEM = "agenda_item"  # a pending item of a meeting in session
    DECISION = "decision"  # the caller's member (or, for a governor, the NGO) is responsible
    REPORT = "report"  # a stored monthly report


class Side(StrEnum):
    OWN = "own"  # the object belongs to the caller's organisation (or network)
    FOREIGN = "foreign"  # to another organisation (or network)
    MISSING = "missing"  # does not exist


@dataclass(frozen=True)
class Made:
    """The object World made for one request, and what a request body may have to name."""

    path: str
    query: dict[str, int] = field(default_factory=dict)
    member: int | None = None  # the caller's own member; for a governor, the object's side's NGO
    month: str = ""  # the meeting's month; without a meeting, a month that has none yet
    slip: tuple[str, str] = ("", "")  # a form's serial and slip code


@dataclass(frozen=True)
class Rule:
    allowed: frozenset[Role] = frozenset()
    target: Target = Target.NONE
    refused: int = 404  # what a role outside `allowed` and `readers` gets, whichever object
    success: int = 200
    network_wide: frozenset[Role] = frozenset()  # allowed on every organisation's objects
    # See the object but may not do this: 403 on their own side's object (they know it
    # exists), 404 on another's or a missing one, which they cannot tell apart.
    readers: frozenset[Role] = frozenset()
    consumed: bool = False  # a successful call uses its object up: every call gets a new one
    auth: Auth = Auth.BEARER
    form: bool = False  # the body is an HTML form post, not JSON
    body: dict | Callable[[Made], dict] | None = None
    query: dict[str, str] = field(default_factory=dict)  # sent with every call

    def expected(self, role: Role, side: Side) -> int:
        if role in self.readers:
            return 403 if side is Side.OWN else 404
        if role not in self.allowed:
            return self.refused
        if self.target is Target.NONE:
            return self.success
        if side is Side.MISSING:
            return 404
        if side is Side.OWN or role in self.network_wide:
            return self.success
        return 404  # never 403: that would confirm the object exists

    def body_for(self, made: Made) -> dict | None:
        return self.body(made) if callable(self.body) else self.body


PUBLIC = Rule(auth=Auth.NONE)


def staff_read(target: Target) -> Rule:
    """Governance records: any staff of the network reads them (docs/governance.md, "Who may
    do what"); another network's staff get 404; governors read every network's."""
    return Rule(EVERYONE, target, network_wide=GOVERNORS)


def governed(target: Target = Target.NONE, **rule) -> Rule:
    """A governance act of the coordinator and administrators; members' staff, who may read
    what it acts on, get 403 (404 for another network's object or an unknown one)."""
    return Rule(GOVERNORS, target, network_wide=GOVERNORS, readers=MEMBER_STAFF, **rule)


def answered(target: Target, **rule) -> Rule:
    """A member's answer: given by its representative (an NGO's supervisor, an institution's
    focal point) for its own member, or by a governor naming the member; a caseworker, who
    may read what it is about, gets 403."""
    readers = frozenset({Role.CASEWORKER})
    return Rule(
        REPRESENTATIVES | GOVERNORS, target, network_wide=GOVERNORS, readers=readers, **rule
    )


def _new_user(_: Made) -> dict:
    return {
        "username": f"matrix-{uuid.uuid4().hex[:10]}",
        "role": "coordinator",
        "password": "a-long-password",
    }


def _slip(made: Made) -> dict:
    serial, code = made.slip
    return {"serial": serial, "code": code, "anonymous": "yes", "voluntary": "yes", "free": "yes"}


def _decision(made: Made) -> dict:
    return {
        "text": "Open on Saturdays.",
        "due_on": "2026-04-30",
        "responsible_member_ids": [made.member],
    }


def _speaks_for(body: dict) -> Callable[[Made], dict]:
    """The body with the member the caller answers for."""
    return lambda made: body | {"member_id": made.member}


_NEW_MEMBER = {"name": "NGO «Matrix» (test)", "kind": "ngo", "joined_on": "2026-03-01"}
_COMMITMENTS = {"commitments": [terms_to_json(t) for t in COMMITMENTS], "changes": "none"}
API = "/api/v1"
RULES: dict[tuple[str, str], Rule] = {
    ("GET", "/healthz"): PUBLIC,
    ("GET", "/openapi.json"): PUBLIC,
    ("GET", "/docs"): PUBLIC,
    ("GET", "/docs/oauth2-redirect"): PUBLIC,
    ("GET", "/redoc"): PUBLIC,
    ("POST", f"{API}/auth/token"): Rule(
        auth=Auth.NONE, body={"username": "demo-admin", "password": DEMO_PASSWORD}
    ),
    ("GET", f"{API}/me"): Rule(EVERYONE),
    ("GET", f"{API}/services"): Rule(EVERYONE),
    ("POST", f"{API}/cases"): Rule(
        NGO,
        refused=403,
        success=201,
        body={
            "uic": {"sex": "M", "birth_year": 1990, "mother_letters": "ЗА", "father_letters": "РА"},
            "needs": ["hiv_testing"],
            "consent": {"referral": True},
        },
    ),
    ("GET", f"{API}/cases"): Rule(NGO, refused=403),
    ("GET", f"{API}/cases/{{case_id}}"): Rule(NGO, Target.CASE),
    ("POST", f"{API}/cases/{{case_id}}/outcome"): Rule(
        NGO, Target.CASE, consumed=True, body={"resolved": True}
    ),
    ("POST", f"{API}/cases/{{case_id}}/referrals"): Rule(
        NGO, Target.CASE, success=201, consumed=True, body={"service": "housing"}
    ),
    ("GET", f"{API}/referrals/{{referral_id}}"): Rule(NGO | FOCAL, Target.REFERRAL),
    ("POST", f"{API}/referrals/{{referral_id}}/accept"): Rule(
        FOCAL, Target.REFERRAL, consumed=True
    ),
    ("POST", f"{API}/referrals/{{referral_id}}/reject"): Rule(
        FOCAL, Target.REFERRAL, consumed=True, body={"reason": "not offered this month"}
    ),
    ("POST", f"{API}/referrals/{{referral_id}}/complete"): Rule(
        FOCAL,
        Target.ACCEPTED_REFERRAL,
        consumed=True,
        body={"attestations": {"anonymous": True, "free": True, "voluntary": True}},
    ),
    ("POST", f"{API}/referrals/{{referral_id}}/cancel"): Rule(NGO, Target.REFERRAL, consumed=True),
    ("GET", f"{API}/institution/referrals"): Rule(FOCAL, refused=403),
    ("POST", f"{API}/users"): Rule(ADMIN, refused=403, success=201, body=_new_user),
    ("POST", f"{API}/users/{{username}}/tokens"): Rule(
        ADMIN, Target.USER, refused=403, success=201, network_wide=ADMIN, body={}
    ),
    ("POST", f"{API}/users/{{username}}/revoke-tokens"): Rule(
        ADMIN, Target.USER, network_wide=ADMIN
    ),
    # Forms (docs/forms.md): only the issuing NGO prints one; the receiving institution's focal
    # point sees the referral, so is told no; anyone else gets 404.
    ("GET", f"{API}/referrals/{{referral_id}}/form.pdf"): Rule(NGO, Target.REFERRAL, readers=FOCAL),
    ("GET", f"{API}/referrals/{{referral_id}}/form.html"): Rule(
        NGO, Target.REFERRAL, readers=FOCAL
    ),
    # For whoever holds a paper form, without an account. The verify and slip pages answer
    # 200 to any payload or none (the page says what it found); a slip with the form's serial
    # and code confirms the visit.
    ("GET", "/.well-known/referral-form-keys.json"): PUBLIC,
    ("GET", "/verify"): PUBLIC,
    ("GET", "/slip"): PUBLIC,
    ("POST", "/slip"): Rule(
        auth=Auth.NONE, target=Target.SLIP, consumed=True, form=True, body=_slip
    ),
    # The bell (docs/escalation.md): notices for the caller's role at the caller's
    # organisation, the coordinator's for the network. No notice is ever addressed to an
    # administrator, so they read none: the notice on their side is the coordinator's.
    ("GET", f"{API}/notifications"): Rule(EVERYONE),
    ("POST", f"{API}/notifications/{{notification_id}}/read"): Rule(
        EVERYONE - ADMIN, Target.NOTIFICATION, success=204
    ),
    ("GET", f"{API}/notifications/deliveries/failed"): Rule(GOVERNORS, refused=403),
    # A pseudonym is the owning NGO's caseworkers' and supervisors' (docs/privacy.md); anyone
    # else, whatever their role, gets 404.
    ("GET", f"{API}/beneficiaries/{{beneficiary_id}}/identity"): Rule(NGO, Target.BENEFICIARY),
    ("PUT", f"{API}/beneficiaries/{{beneficiary_id}}/identity"): Rule(
        NGO, Target.BENEFICIARY, success=204, body={"notes": "prefers mornings"}
    ),
    ("POST", f"{API}/beneficiaries/{{beneficiary_id}}/consents"): Rule(
        NGO, Target.BENEFICIARY, success=204, body={"purpose": "referral"}
    ),
    ("POST", f"{API}/beneficiaries/{{beneficiary_id}}/consents/revocation"): Rule(
        NGO, Target.BENEFICIARY, consumed=True, body={"purpose": "referral"}
    ),
    ("GET", f"{API}/beneficiaries/{{beneficiary_id}}/matches"): Rule(NGO, Target.BENEFICIARY),
    ("POST", f"{API}/beneficiaries/{{beneficiary_id}}/erasure"): Rule(
        NGO, Target.BENEFICIARY, consumed=True
    ),
    ("POST", f"{API}/matches/{{proposal_id}}/confirmation"): Rule(NGO, Target.MATCH, consumed=True),
    ("POST", f"{API}/matches/{{proposal_id}}/rejection"): Rule(NGO, Target.MATCH, consumed=True),
    # Governance (docs/governance.md, "Who may do what"). The other side is a second network.
    ("GET", f"{API}/memoranda"): staff_read(Target.NETWORK),
    ("GET", f"{API}/memoranda/standing"): staff_read(Target.NETWORK),
    ("POST", f"{API}/memoranda/{{memorandum_id}}/signatures"): answered(
        Target.MEMORANDUM, success=204, consumed=True, body=_speaks_for({"signatory_title": "Head"})
    ),
    ("POST", f"{API}/memorandum-drafts"): governed(success=201, body={}),
    ("GET", f"{API}/memorandum-drafts/{{draft_id}}"): staff_read(Target.DRAFT),
    ("PUT", f"{API}/memorandum-drafts/{{draft_id}}/commitments"): governed(
        Target.DRAFT, body=_COMMITMENTS
    ),
    ("POST", f"{API}/memorandum-drafts/{{draft_id}}/answers"): answered(
        Target.DRAFT, body=_speaks_for({"answer": "signed"})
    ),
    ("POST", f"{API}/memorandum-drafts/{{draft_id}}/publication"): governed(
        Target.SIGNED_DRAFT, success=201, consumed=True
    ),
    ("POST", f"{API}/members"): governed(success=201, body=_NEW_MEMBER),
    ("POST", f"{API}/members/{{member_id}}/leaving"): governed(
        Target.MEMBER, success=204, body={"effective_on": "2026-12-31"}
    ),
    ("GET", f"{API}/meetings"): staff_read(Target.NETWORK),
    ("POST", f"{API}/meetings"): governed(success=201, body=lambda made: {"month": made.month}),
    ("GET", f"{API}/meetings/{{meeting_id}}"): staff_read(Target.MEETING),
    ("PATCH", f"{API}/meetings/{{meeting_id}}"): governed(
        Target.MEETING, body=lambda made: {"starts_at": f"{made.month}-20T10:00:00+05:00"}
    ),
    ("POST", f"{API}/meetings/{{meeting_id}}/opening"): governed(Target.MEETING, consumed=True),
    ("POST", f"{API}/meetings/{{meeting_id}}/closing"): governed(
        Target.CLOSABLE_MEETING, consumed=True
    ),
    ("POST", f"{API}/meetings/{{meeting_id}}/cancellation"): governed(
        Target.MEETING, consumed=True
    ),
    ("PUT", f"{API}/meetings/{{meeting_id}}/attendance"): governed(
        Target.SESSION, body=lambda made: {"entries": [{"member_id": made.member, "present": True}]}
    ),
    ("PUT", f"{API}/meetings/{{meeting_id}}/minutes"): governed(
        Target.SESSION, body={"text": "Opened at ten."}
    ),
    ("GET", f"{API}/meetings/{{meeting_id}}/agenda"): staff_read(Target.MEETING),
    ("POST", f"{API}/meetings/{{meeting_id}}/agenda"): answered(
        Target.MEETING, success=201, body=_speaks_for({"title": "Evening hours"})
    ),
    ("POST", f"{API}/meetings/{{meeting_id}}/agenda/refresh"): governed(Target.MEETING),
    ("PUT", f"{API}/agenda-items/{{item_id}}/minutes"): governed(
        Target.AGENDA_ITEM, success=204, body={"text": "Discussed."}
    ),
    ("POST", f"{API}/agenda-items/{{item_id}}/deferral"): governed(Target.AGENDA_ITEM, success=204),
    ("POST", f"{API}/agenda-items/{{item_id}}/decisions"): governed(
        Target.AGENDA_ITEM, success=201, body=_decision
    ),
    ("GET", f"{API}/decisions"): staff_read(Target.NETWORK),
    ("GET", f"{API}/decisions/{{decision_id}}"): staff_read(Target.DECISION),
    # Another member's responsibility is 404 too; tests/e2e/test_governance_api.py shows it.
    ("POST", f"{API}/decisions/{{decision_id}}/institutionalisation"): answered(
        Target.DECISION,
        consumed=True,
        body=_speaks_for({"instrument": "order", "number": "12-p", "issued_on": "2026-03-01"}),
    ),
    ("GET", f"{API}/reports"): staff_read(Target.NETWORK),
    ("POST", f"{API}/reports"): governed(success=202, body={"month": "2026-02"}),
    ("GET", f"{API}/reports/{{report_id}}"): staff_read(Target.REPORT),
    ("GET", f"{API}/reports/{{report_id}}/report.pdf"): staff_read(Target.REPORT),
    ("GET", f"{API}/reports/{{report_id}}/report.html"): staff_read(Target.REPORT),
}

# The demo account that plays each role in the matrix.
CALLER = {
    Role.CASEWORKER: "demo-caseworker",
    Role.SUPERVISOR: "demo-supervisor",
    Role.FOCAL_POINT: "demo-focal",
    Role.COORDINATOR: "demo-coordinator",
    Role.ADMIN: "demo-admin",
}
