"""Races on every referral and case transition of the API: N requests at once on one referral
(or case), from the role allowed to make them, against a real uvicorn server. Exactly one wins
and leaves exactly one audit row; the others get 409, or the winner's response replayed when
they share its Idempotency-Key; none gets a 5xx."""

import logging
import threading
import uuid
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

import httpx
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from casework.audit import AuditEntry
from casework.audit_actions import AuditAction
from casework.referrals.slip_codes import slip_code
from service.app import create_app
from service.ratelimit import SlidingWindowLimiter
from tests.support.api import issue_bearer, open_case, refer
from tests.support.serving import serving

RACERS = 25
ATTESTED = {"attestations": {"anonymous": True, "free": True, "voluntary": True}}
CANCEL = {"reason_code": "client_declined"}
SLIP_ANSWERS = {"anonymous": "yes", "voluntary": "yes", "free": "yes"}


@dataclass(frozen=True)
class Target:
    """What the race is run on: the URL, who posts, what, and the audit row the winner leaves."""

    url: str
    headers: dict[str, str]
    action: AuditAction
    object_id: str
    json: dict | None = None
    form: dict | None = None


@dataclass
class World:
    client: TestClient
    uow_factory: Callable
    ngo: dict[str, str]
    focal: dict[str, str]

    def referral(self, *, accepted: bool = False) -> dict:
        case = open_case(self.client, self.ngo)
        referral = refer(self.client, self.ngo, case["id"])
        if accepted:
            url = f"/api/v1/referrals/{referral['id']}/accept"
            assert self.client.post(url, headers=self.focal).status_code == 200
        return referral


def accept(w: World) -> Target:
    r = w.referral()
    url = f"/api/v1/referrals/{r['id']}/accept"
    return Target(url, w.focal, AuditAction.REFERRAL_ACCEPTED, r["id"])


def reject(w: World) -> Target:
    r = w.referral()
    url = f"/api/v1/referrals/{r['id']}/reject"
    body = {"reason_code": "no_capacity", "note": "No slot this week."}
    return Target(url, w.focal, AuditAction.REFERRAL_REJECTED, r["id"], json=body)


def complete(w: World) -> Target:
    r = w.referral(accepted=True)
    url = f"/api/v1/referrals/{r['id']}/complete"
    return Target(url, w.focal, AuditAction.REFERRAL_COMPLETED, r["id"], json=ATTESTED)


def cancel(w: World) -> Target:
    r = w.referral()
    url = f"/api/v1/referrals/{r['id']}/cancel"
    return Target(url, w.ngo, AuditAction.REFERRAL_CANCELLED, r["id"], json=CANCEL)


def record_outcome(w: World) -> Target:
    case = open_case(w.client, w.ngo)
    refer(w.client, w.ngo, case["id"])  # an open case becomes active with its first referral
    url = f"/api/v1/cases/{case['id']}/outcome"
    body = {"resolved": True}
    return Target(url, w.ngo, AuditAction.CASE_OUTCOME_RECORDED, case["id"], json=body)


def confirm_slip(w: World) -> Target:
    """The public return slip: the institution confirms the visit without logging in."""
    r = w.referral(accepted=True)
    code = slip_code(w.uow_factory().keys.slip_code_key, r["serial"])
    form = {"serial": r["serial"], "code": code} | SLIP_ANSWERS
    return Target("/slip?lang=en", {}, AuditAction.REFERRAL_COMPLETED, r["id"], form=form)


API_TRANSITIONS = [accept, reject, complete, cancel, record_outcome]
# How the racers use Idempotency-Key: not at all, one key each, or one key for all of them.
KEYINGS = ["no key", "distinct keys", "one shared key"]


@pytest.fixture(autouse=True)
def quiet_client():
    """Only the counts are printed: not a log line per request of the client."""
    client_log = logging.getLogger("httpx")
    level = client_log.level
    client_log.setLevel(logging.WARNING)
    yield
    client_log.setLevel(level)


@pytest.fixture
def world(settings, new_uow, uow) -> World:
    app = create_app(settings, uow_factory=new_uow)
    # The per-address limit of slip attempts would refuse most racers from 127.0.0.1.
    app.state.slip_limiter = SlidingWindowLimiter(10 * RACERS, 60)
    with TestClient(app) as client:
        yield World(
            client, new_uow, issue_bearer(uow, "demo-caseworker"), issue_bearer(uow, "demo-focal")
        )


def race(http: httpx.Client, target: Target, keying: str) -> list[httpx.Response]:
    """RACERS requests released at the same instant, each on a connection of its own."""
    barrier = threading.Barrier(RACERS)
    shared = str(uuid.uuid4())
    responses: list[httpx.Response] = []

    def post(n: int) -> None:
        headers = dict(target.headers)
        if keying == "distinct keys":
            headers["Idempotency-Key"] = f"{shared}-{n}"
        elif keying == "one shared key":
            headers["Idempotency-Key"] = shared
        barrier.wait()
        responses.append(http.post(target.url, headers=headers, json=target.json, data=target.form))

    threads = [threading.Thread(target=post, args=(n,)) for n in range(RACERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert len(responses) == RACERS
    return responses


def audit_rows(uow, target: Target) -> int:
    with uow:
        return uow.session.scalar(
            select(func.count()).where(
                AuditEntry.action == target.action.value, AuditEntry.object_id == target.object_id
            )
        )


def outcome(response: httpx.Response) -> str:
    if response.headers.get("idempotent-replayed") == "true":
        return f"{response.status_code} replayed"
    return str(response.status_code)


def run_race(world: World, uow, make_target, keying: str) -> None:
    target = make_target(world)
    with serving(world.client.app) as base_url, httpx.Client(base_url=base_url, timeout=60) as http:
        counts = Counter(outcome(r) for r in race(http, target, keying))
    backend = world.client.app.state.settings.database_url.partition(":")[0].partition("+")[0]
    name = make_target.__name__
    print(f"{backend:>10} {name:>15} {keying:>15}: {dict(sorted(counts.items()))}")
    winners = [o for o in counts.elements() if o in ("200", "201")]
    assert len(winners) == 1, counts
    assert not [o for o in counts.elements() if o.startswith("5")], counts
    losers = set(counts) - {"200", "201"}
    allowed = {"409", "200 replayed"} if keying == "one shared key" else {"409"}
    assert losers <= allowed, counts
    assert audit_rows(uow, target) == 1


@pytest.mark.parametrize("keying", KEYINGS)
@pytest.mark.parametrize("make_target", API_TRANSITIONS, ids=lambda f: f.__name__)
def test_one_of_many_concurrent_transitions_wins(world, uow, make_target, keying):
    run_race(world, uow, make_target, keying)


def test_one_of_many_concurrent_slip_confirmations_wins(world, uow):
    run_race(world, uow, confirm_slip, "no key")
