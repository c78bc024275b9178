"""Authorisation as a matrix: every route the app serves, times every role, times an object of
the caller's own organisation, of another organisation, and a missing one. What each call
should get follows from the policy the route declares (service/policies.py, read here from
the app's routes: tests/support/access_rules.py); a route without a policy fails here."""

import pytest

from casework.actors import Role
from service.policies import STAFF, Resource
from tests.support.access_rules import (
    API_CALLS,
    CALLER,
    KIND_OF,
    STAFF_ROLES,
    Auth,
    Side,
    inspected_app,
    policy_of,
    rules_of,
    served_routes,
)
from tests.support.access_world import World
from tests.support.api import issue_bearer
from tests.support.network import demo
from tests.support.page_rules import PAGE_CALLS
from tests.support.pages import web_session

CALLS = API_CALLS | PAGE_CALLS
RULES = rules_of(inspected_app(), CALLS)


def test_every_served_route_declares_a_policy():
    app = inspected_app()
    undeclared = {key for key, route in served_routes(app).items() if policy_of(app, route) is None}
    assert undeclared == set(), "routes without @declare(...) (service/policies.py)"


def test_every_call_is_of_a_served_route_and_names_the_kind_its_policy_declares():
    assert set(STAFF_ROLES) == STAFF, "the matrix plays every staff role"
    assert len(CALLS) == len(API_CALLS) + len(PAGE_CALLS), "a route with two calls"
    assert set(CALLS) - set(RULES) == set(), "calls of routes the app does not serve"
    for key, call in CALLS.items():
        if call.target in KIND_OF:
            assert KIND_OF[call.target] is RULES[key].policy.resource, key
        elif call.target is not None:
            assert Resource(call.target.value) is RULES[key].policy.resource, key


@pytest.mark.parametrize(("method", "path"), sorted(RULES), ids=lambda v: v)
def test_each_role_gets_what_the_policy_says(client, uow, form_keys, method, path):
    rule = RULES[(method, path)]
    world = World(uow, demo(uow))

    def call(side: Side, caller: str, credentials: tuple[dict, str], *, fresh: bool) -> int:
        headers, csrf = credentials
        made = world.prepare(path, rule.target, side, caller, fresh=fresh)
        body = rule.body_for(made)
        if rule.auth is Auth.COOKIE and rule.form:
            body = {**(body or {}), "csrf": csrf}
        sent = {"data": body, "files": rule.call.files} if rule.form else {"json": body}
        client.cookies.clear()  # only what this call sends: no cookie a page set before
        response = client.request(
            method,
            made.path,
            params={**rule.call.query, **made.query},
            headers=headers,
            follow_redirects=False,
            **sent,
        )
        if response.is_redirect and response.headers["location"].startswith("/login?next="):
            return 401  # a page without a session sends the reader to sign in
        return response.status_code

    def credentials(username: str) -> tuple[dict, str]:
        if rule.auth is Auth.COOKIE:
            return web_session(uow, username)
        return issue_bearer(uow, username), ""

    someone = CALLER[Role.CASEWORKER]  # whose objects the calls without a token name
    if rule.auth is Auth.NONE:
        assert call(Side.OWN, someone, ({}, ""), fresh=rule.call.consumed) == rule.success
        return
    sides = list(Side) if rule.names_object else [Side.OWN]
    wrong = []
    anonymous = call(Side.OWN, someone, ({}, ""), fresh=False)
    if anonymous != 401:
        wrong.append(f"anonymous: got {anonymous}, not 401")
    for role in STAFF_ROLES:
        for side in sides:
            got = call(side, CALLER[role], credentials(CALLER[role]), fresh=rule.call.consumed)
            if got != rule.expected(role, side):
                wrong.append(
                    f"{role.value} on {side.value}: got {got}, not {rule.expected(role, side)}"
                )
    assert not wrong, f"{method} {path}:\n" + "\n".join(wrong)
