"""Authorisation as a matrix: every route the app serves, times every role, times an object of
the caller's own organisation, of another organisation, and a missing one; the rules live in
tests/support/access_rules.py, and a route without a rule fails here."""

import pytest
from fastapi.routing import iter_route_contexts

from casework.actors import Role
from service.app import create_app
from tests.support.access_rules import CALLER, STAFF_ROLES, Auth, Side, Target
from tests.support.access_rules import RULES as API_RULES
from tests.support.access_world import World
from tests.support.api import issue_bearer
from tests.support.databases import settings_for
from tests.support.network import demo
from tests.support.page_rules import PAGE_RULES
from tests.support.pages import web_session

RULES = API_RULES | PAGE_RULES


def served_routes(app) -> set[tuple[str, str]]:
    """(method, path) of every route, pages included, with included routers' prefixes."""
    served = set()
    for route in iter_route_contexts(app.routes):
        if not route.path or not route.methods:  # a mount or a frontend group
            raise AssertionError(f"{route!r}: teach the matrix test this kind of route")
        served |= {(method, route.path) for method in route.methods if method != "HEAD"}
    return served


def test_every_served_route_has_exactly_one_rule(tmp_path):
    app = create_app(settings_for(f"sqlite:///{tmp_path / 'unused.db'}", tmp_path))
    served = served_routes(app)
    assert served - set(RULES) == set(), "routes without a rule in tests/support/access_rules.py"
    assert set(RULES) - served == set(), "rules for routes the app does not serve"


@pytest.mark.parametrize(("method", "path"), sorted(RULES), ids=lambda v: v)
def test_each_role_gets_what_the_rule_says(client, uow, form_keys, method, path):
    rule = RULES[(method, path)]
    world = World(uow, demo(uow))

    def call(side: Side, caller: str, credentials: tuple[dict, str], *, fresh: bool) -> int:
        headers, csrf = credentials
        made = world.prepare(path, rule, side, caller, fresh=fresh)
        body = rule.body_for(made)
        if rule.auth is Auth.COOKIE and rule.form:
            body = {**(body or {}), "csrf": csrf}
        sent = {"data": body} if rule.form else {"json": body}
        client.cookies.clear()  # only what this call sends: no cookie a page set before
        response = client.request(
            method,
            made.path,
            params={**rule.query, **made.query},
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
        assert call(Side.OWN, someone, ({}, ""), fresh=rule.consumed) == rule.success
        return
    sides = [Side.OWN] if rule.target is Target.NONE else list(Side)
    wrong = []
    anonymous = call(Side.OWN, someone, ({}, ""), fresh=False)
    if anonymous != 401:
        wrong.append(f"anonymous: got {anonymous}, not 401")
    for role in STAFF_ROLES:
        for side in sides:
            got = call(side, CALLER[role], credentials(CALLER[role]), fresh=rule.consumed)
            if got != rule.expected(role, side):
                wrong.append(
                    f"{role.value} on {side.value}: got {got}, not {rule.expected(role, side)}"
                )
    assert not wrong, f"{method} {path}:\n" + "\n".join(wrong)
