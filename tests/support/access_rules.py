"""What the authorisation matrix (tests/e2e/test_authorisation_matrix.py) expects of each route,
derived from the policy the route declares (service/policies.py), and how it calls the route.

A rule is the route's policy plus what follows from the route itself: how the caller signs in
(none for a public route, the session cookie on a page, a bearer token on the API), the status
of a success (the route's own, or 303 after a page's form) and whether the body is an HTML
form. API_CALLS here (and PAGE_CALLS in tests/support/page_rules.py) add only what a valid
request needs: the object's state where the policy's kind is not enough, a body, a query,
whether a success uses the object up; tests/support/access_world.py makes the objects."""

import tempfile
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum
from functools import cache
from pathlib import Path

from fastapi import FastAPI
from fastapi.routing import iter_route_contexts

from casework.actors import Role
from casework.demo.network import COMMITMENTS
from casework.governance.memoranda.terms import terms_to_json
from service.app import create_app
from service.pages.common import PageRoute
from service.policies import PUBLIC, Policy, Resource, declared
from service.routes import API_PREFIX as API
from tests.support.databases import DEMO_PASSWORD, installed

STAFF_ROLES = (Role.CASEWORKER, Role.SUPERVISOR, Role.FOCAL_POINT, Role.COORDINATOR, Role.ADMIN)


class Auth(StrEnum):
    NONE = "none"  # public: anyone, signed in or not, gets the success status
    BEARER = "bearer"  # an API token in the Authorization header; 401 without one
    COOKIE = "cookie"  # a page's session cookie, and its CSRF token in forms; without: login


class Target(StrEnum):
    """The object a call names: the kind the policy declares (the same values as Resource),
    or one in the state the route needs. Casework objects are the first NGO's (and the AIDS
    centre's) on the callers' side, the second NGO's (and the TB dispensary's) on the other;
    governance objects are the demo network's on the callers' side, a second network's on the
    other."""

    NONE = "none"
    NETWORK = "network"
    CASE = "case"  # a case (with one requested referral)
    REFERRAL = "referral"  # a requested referral
    ACCEPTED_REFERRAL = "accepted_referral"
    NEED = "need"  # an open need of a case, without a referral: case_id and need_id
    LAPSED_REFERRAL = "lapsed_referral"  # a requested referral whose form's validity has passed
    HELD_REFERRAL = "held_referral"  # accepted, then put on hold by its institution
    USER = "user"  # a username
    TOKEN_HOLDER = "token_holder"  # an account others may issue tokens for: no member's staff
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
    CLOSED_MEETING = "closed_meeting"  # a closable meeting, closed: it has a protocol
    AGENDA_ITEM = "agenda_item"  # a pending item of a meeting in session
    DECISION = "decision"  # the caller's member (or, for a governor, the NGO) is responsible
    ATTACHMENT = "attachment"  # a PDF the side's NGO attached to such a decision
    REPORT = "report"  # a stored monthly report
    MANAGED_ACCOUNT = "managed_account"  # a new account the caller manages on its side
    NGO_MEMBER = "ngo_member"  # an NGO, by its member id: the casework NGO of the side
    CONTACT = "contact"  # a notification contact of the side's network
    BREACH = "breach"  # an open memorandum breach of the side's casework institution


# The kind of object each state is of; a slip is the paper of a public route.
KIND_OF = {
    Target.ACCEPTED_REFERRAL: Resource.REFERRAL,
    Target.NEED: Resource.CASE,
    Target.LAPSED_REFERRAL: Resource.REFERRAL,
    Target.HELD_REFERRAL: Resource.REFERRAL,
    Target.SIGNED_DRAFT: Resource.DRAFT,
    Target.SESSION: Resource.MEETING,
    Target.CLOSABLE_MEETING: Resource.MEETING,
    Target.CLOSED_MEETING: Resource.MEETING,
    Target.ATTACHMENT: Resource.DECISION,
    Target.SLIP: Resource.NONE,
    Target.TOKEN_HOLDER: Resource.USER,
    Target.MANAGED_ACCOUNT: Resource.USER,
    Target.NGO_MEMBER: Resource.MEMBER,
}


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
class Call:
    """What a valid request to a route needs beyond its policy."""

    target: Target | None = None  # None: the kind of object the policy names
    consumed: bool = False  # a successful call uses its object up: every call gets a new one
    body: dict | Callable[[Made], dict] | None = None
    files: dict[str, tuple[str, bytes, str]] | None = None  # a form's uploads (multipart)
    query: dict[str, str] = field(default_factory=dict)  # sent with every call
    success: int | None = None  # None: the route's own status (303 after a page's form)


@dataclass(frozen=True)
class Rule:
    """A route's policy and call, and what follows from the route: the matrix's expectations."""

    policy: Policy
    call: Call
    auth: Auth
    success: int
    form: bool  # the body is an HTML form post, not JSON

    @property
    def target(self) -> Target:
        return self.call.target or Target(self.policy.resource.value)

    @property
    def names_object(self) -> bool:
        return self.policy.resource is not Resource.NONE

    def expected(self, role: Role, side: Side) -> int:
        policy = self.policy
        if role in policy.readers:
            return 403 if side is Side.OWN else 404
        if role not in policy.allowed:
            return policy.refusal
        if not self.names_object:
            return self.success
        if side is Side.MISSING:
            return 404
        if side is Side.OWN or role in policy.network_wide:
            return self.success
        return 404  # never 403: that would confirm the object exists

    def body_for(self, made: Made) -> dict | None:
        body = self.call.body
        return body(made) if callable(body) else body


@cache
def inspected_app() -> FastAPI:
    """The app, built to read its routes and schema, in a temporary data directory: building
    it needs key files there and a migrated database."""
    with tempfile.TemporaryDirectory() as data_dir:
        return create_app(installed(Path(data_dir)))


def served_routes(app: FastAPI) -> dict[tuple[str, str], object]:
    """(method, path) of every route, pages included, with included routers' prefixes."""
    served = {}
    for route in iter_route_contexts(app.routes):
        if not route.path or not route.methods:  # a mount or a frontend group
            raise AssertionError(f"{route!r}: teach the matrix test this kind of route")
        served |= {(method, route.path): route for method in route.methods if method != "HEAD"}
    return served


def policy_of(app: FastAPI, route) -> Policy | None:
    """The route's declared policy; FastAPI's own documentation routes are public."""
    framework = {app.openapi_url, app.docs_url, app.redoc_url, app.swagger_ui_oauth2_redirect_url}
    return PUBLIC if route.path in framework else declared(route.endpoint)


def rules_of(app: FastAPI, calls: dict[tuple[str, str], Call]) -> dict[tuple[str, str], Rule]:
    """The rule of every served route that declares a policy."""
    rules = {}
    for (method, path), route in served_routes(app).items():
        policy = policy_of(app, route)
        if policy is None:
            continue  # test_every_served_route_declares_a_policy names it
        call = calls.get((method, path), Call())
        page = isinstance(route.original_route, PageRoute)
        auth = Auth.NONE if policy.public else Auth.COOKIE if page else Auth.BEARER
        form = method != "GET" and not path.startswith(API)
        done = 303 if page and method == "POST" else getattr(route, "status_code", None) or 200
        rules[(method, path)] = Rule(policy, call, auth, call.success or done, form)
    return rules


def new_user(made: Made) -> dict:
    """A supervisor of the caller's NGO (a governor's: the demo NGO): an account every role
    that manages accounts may create."""
    return {
        "username": f"matrix-{uuid.uuid4().hex[:10]}",
        "role": "supervisor",
        "password": "a-long-password",
        "organisation_id": made.member,
    }


def new_contact(_: Made) -> dict:
    return {"role": "coordinator", "channel": "email", "address": f"{uuid.uuid4().hex}@example.org"}


NEW_PASSWORD = {"password": "another-long-password"}
RESOLUTION = {"note": "The head of the clinic was warned in writing."}


def _slip(made: Made) -> dict:
    serial, code = made.slip
    return {"serial": serial, "code": code, "anonymous": "yes", "voluntary": "yes", "free": "yes"}


def _decision(made: Made) -> dict:
    return {
        "text": "Open on Saturdays.",
        "due_on": "2026-04-30",
        "responsible_member_ids": [made.member],
    }


def speaks_for(body: dict) -> Callable[[Made], dict]:
    """The body with the member the caller answers for."""
    return lambda made: body | {"member_id": made.member}


_NEW_MEMBER = {"name": "NGO «Matrix» (test)", "kind": "ngo", "joined_on": "2026-03-01"}
_COMMITMENTS = {"commitments": [terms_to_json(t) for t in COMMITMENTS], "changes": "none"}
API_CALLS: dict[tuple[str, str], Call] = {
    ("POST", f"{API}/auth/token"): Call(body={"username": "demo-admin", "password": DEMO_PASSWORD}),
    ("PATCH", f"{API}/me"): Call(body={"language": "tg"}),  # the default: no one's pages change
    ("POST", f"{API}/cases"): Call(
        body={
            "uic": {"sex": "M", "birth_year": 1990, "mother_letters": "ЗА", "father_letters": "РА"},
            "needs": ["hiv_testing"],
            "consent": {"referral": True},
        },
    ),
    ("POST", f"{API}/cases/{{case_id}}/outcome"): Call(consumed=True, body={"resolved": True}),
    ("POST", f"{API}/cases/{{case_id}}/referrals"): Call(
        consumed=True, body={"service": "housing"}
    ),
    ("POST", f"{API}/cases/{{case_id}}/needs"): Call(consumed=True, body={"service": "housing"}),
    ("POST", f"{API}/cases/{{case_id}}/needs/{{need_id}}/withdrawal"): Call(
        Target.NEED, consumed=True
    ),
    ("POST", f"{API}/cases/{{case_id}}/closing"): Call(
        consumed=True, body={"status": "withdrawn", "reason": "client_request"}
    ),
    # Handed to the matrix's caseworker: the case stays one she may hand on.
    ("POST", f"{API}/cases/{{case_id}}/assignment"): Call(body={"caseworker": "demo-caseworker"}),
    ("POST", f"{API}/referrals/{{referral_id}}/reissue"): Call(
        Target.LAPSED_REFERRAL, consumed=True
    ),
    ("POST", f"{API}/referrals/{{referral_id}}/accept"): Call(consumed=True),
    ("POST", f"{API}/referrals/{{referral_id}}/reject"): Call(
        consumed=True, body={"reason_code": "no_capacity", "note": "Not offered this month."}
    ),
    ("POST", f"{API}/referrals/{{referral_id}}/complete"): Call(
        Target.ACCEPTED_REFERRAL,
        consumed=True,
        body={"attestations": {"anonymous": True, "free": True, "voluntary": True}},
    ),
    ("POST", f"{API}/referrals/{{referral_id}}/cancel"): Call(
        consumed=True, body={"reason_code": "issued_in_error"}
    ),
    ("POST", f"{API}/referrals/{{referral_id}}/start"): Call(
        Target.ACCEPTED_REFERRAL, consumed=True
    ),
    ("POST", f"{API}/referrals/{{referral_id}}/hold"): Call(
        Target.ACCEPTED_REFERRAL, consumed=True, body={"reason_code": "awaiting_results"}
    ),
    ("POST", f"{API}/referrals/{{referral_id}}/resume"): Call(Target.HELD_REFERRAL, consumed=True),
    ("POST", f"{API}/users"): Call(body=new_user),
    ("POST", f"{API}/users/{{username}}/tokens"): Call(Target.TOKEN_HOLDER, body={}),
    ("POST", f"{API}/users/{{username}}/deactivation"): Call(Target.MANAGED_ACCOUNT, consumed=True),
    ("PUT", f"{API}/users/{{username}}/password"): Call(Target.MANAGED_ACCOUNT, body=NEW_PASSWORD),
    ("PUT", f"{API}/members/{{member_id}}/form-language"): Call(
        Target.NGO_MEMBER, body={"language": "ru"}
    ),
    # The governors' administration of a network: the other side is a second network.
    ("POST", f"{API}/notification-contacts"): Call(body=new_contact),
    ("DELETE", f"{API}/notification-contacts/{{contact_id}}"): Call(consumed=True),
    ("PUT", f"{API}/escalation-thresholds"): Call(
        body={"unit": "hours", "level": 2, "overdue_by": 6}
    ),
    ("POST", f"{API}/breaches/{{breach_id}}/resolution"): Call(consumed=True, body=RESOLUTION),
    # A slip with the form's serial and code confirms the visit, without an account.
    ("POST", "/slip"): Call(Target.SLIP, consumed=True, body=_slip),
    ("PUT", f"{API}/beneficiaries/{{beneficiary_id}}/identity"): Call(
        body={"notes": "prefers mornings"}
    ),
    ("POST", f"{API}/beneficiaries/{{beneficiary_id}}/consents"): Call(
        body={"purpose": "referral"}
    ),
    ("PUT", f"{API}/beneficiaries/{{beneficiary_id}}/uic"): Call(
        body={"sex": "F", "birth_year": 1984, "mother_letters": "ЧУ", "father_letters": "ХА"}
    ),
    ("POST", f"{API}/beneficiaries/{{beneficiary_id}}/consents/revocation"): Call(
        consumed=True, body={"purpose": "referral"}
    ),
    ("POST", f"{API}/beneficiaries/{{beneficiary_id}}/erasure"): Call(consumed=True),
    ("POST", f"{API}/matches/{{proposal_id}}/confirmation"): Call(consumed=True),
    ("POST", f"{API}/matches/{{proposal_id}}/rejection"): Call(consumed=True),
    # Governance: the other side is a second network.
    ("POST", f"{API}/memoranda/{{memorandum_id}}/signatures"): Call(
        consumed=True, body=speaks_for({"signatory_title": "Head"})
    ),
    ("POST", f"{API}/memorandum-drafts"): Call(body={}),
    ("PUT", f"{API}/memorandum-drafts/{{draft_id}}/commitments"): Call(body=_COMMITMENTS),
    ("POST", f"{API}/memorandum-drafts/{{draft_id}}/answers"): Call(
        body=speaks_for({"answer": "signed"})
    ),
    ("POST", f"{API}/memorandum-drafts/{{draft_id}}/publication"): Call(
        Target.SIGNED_DRAFT, consumed=True
    ),
    ("POST", f"{API}/members"): Call(body=_NEW_MEMBER),
    ("POST", f"{API}/members/{{member_id}}/leaving"): Call(body={"effective_on": "2026-12-31"}),
    ("PATCH", f"{API}/members/{{member_id}}"): Call(body={"opening_hours": "Mon–Fri 08:00–17:00"}),
    ("POST", f"{API}/meetings"): Call(body=lambda made: {"month": made.month}),
    ("PATCH", f"{API}/meetings/{{meeting_id}}"): Call(
        body=lambda made: {"starts_at": f"{made.month}-20T10:00:00+05:00"}
    ),
    ("POST", f"{API}/meetings/{{meeting_id}}/opening"): Call(consumed=True),
    ("POST", f"{API}/meetings/{{meeting_id}}/closing"): Call(
        Target.CLOSABLE_MEETING, consumed=True
    ),
    ("POST", f"{API}/meetings/{{meeting_id}}/cancellation"): Call(consumed=True),
    ("PUT", f"{API}/meetings/{{meeting_id}}/attendance"): Call(
        Target.SESSION,
        body=lambda made: {"entries": [{"member_id": made.member, "present": True}]},
    ),
    ("PUT", f"{API}/meetings/{{meeting_id}}/minutes"): Call(
        Target.SESSION, body={"text": "Opened at ten."}
    ),
    ("POST", f"{API}/meetings/{{meeting_id}}/agenda"): Call(
        body=speaks_for({"title": "Evening hours"})
    ),
    ("PUT", f"{API}/agenda-items/{{item_id}}/minutes"): Call(body={"text": "Discussed."}),
    ("POST", f"{API}/agenda-items/{{item_id}}/decisions"): Call(body=_decision),
    # Another member's responsibility is 404 too; tests/e2e/test_governance_api.py shows it.
    ("POST", f"{API}/decisions/{{decision_id}}/institutionalisation"): Call(
        consumed=True,
        body=speaks_for({"instrument": "order", "number": "12-p", "issued_on": "2026-03-01"}),
    ),
    ("GET", f"{API}/decisions/{{decision_id}}/attachments/{{attachment_id}}"): Call(
        Target.ATTACHMENT
    ),
    ("GET", f"{API}/meetings/{{meeting_id}}/protocol.pdf"): Call(Target.CLOSED_MEETING),
    ("POST", f"{API}/reports"): Call(body={"period": "2026-02"}),
    ("PUT", f"{API}/commitment-threshold"): Call(body={"percent": 75}),
}

# The demo account that plays each role in the matrix.
CALLER = {
    Role.CASEWORKER: "demo-caseworker",
    Role.SUPERVISOR: "demo-supervisor",
    Role.FOCAL_POINT: "demo-focal",
    Role.COORDINATOR: "demo-coordinator",
    Role.ADMIN: "demo-admin",
}
