"""Authorisation as a matrix: every route the app serves, times every role, times an object of
the caller's own organisation, of another organisation, and a missing one; the rules live in
tests/support/access_rules.py, and a route without a rule fails here."""

import pytest
from fastapi.routing import iter_route_contexts

from casework.actors import Role
from service.app import create_app
from tests.support.access_rules import CALLER, RULES, STAFF_ROLES, Auth, Side, Target
from tests.support.access_world import World
from tests.support.api import issue_bearer
from tests.support.databases import settings_for
from tests.support.network import demo

# Pages sign in with a cookie, which the matrix cannot do yet (see tests/support/access_rules.py).
PAGES = "service.pages."


def served_routes(app) -> set[tuple[str, str]]:
    """(method, path) of every route but the pages, with included routers' prefixes applied."""
    served = set()
    for route in iter_route_contexts(app.routes):
        if not route.path or not route.methods:  # a mount or a frontend group
            raise AssertionError(f"{route!r}: teach the matrix test this kind of route")
        if route.endpoint.__module__.startswith(PAGES):
            continue
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

    def call(side: Side, caller: str, headers: dict[str, str], *, fresh: bool) -> int:
        made = world.prepare(path, rule, side, caller, fresh=fresh)
        body = rule.body_for(made)
        sent = {"data": body} if rule.form else {"json": body}
        return client.request(
            method, made.path, params=made.query, headers=headers, **sent
        ).status_code

    someone = CALLER[Role.CASEWORKER]  # whose objects the calls without a token name
    if rule.auth is Auth.NONE:
        assert call(Side.OWN, someone, {}, fresh=rule.consumed) == rule.success
        return
    sides = [Side.OWN] if rule.target is Target.NONE else list(Side)
    wrong = []
    anonymous = call(Side.OWN, someone, {}, fresh=False)
    if anonymous != 401:
        wrong.append(f"anonymous: got {anonymous}, not 401")
    for role in STAFF_ROLES:
        for side in sides:
            headers = issue_bearer(uow, CALLER[role])
            got = call(side, CALLER[role], headers, fresh=rule.consumed)
            if got != rule.expected(role, side):
                wrong.append(
                    f"{role.value} on {side.value}: got {got}, not {rule.expected(role, side)}"
                )
    assert not wrong, f"{method} {path}:\n" + "\n".join(wrong)
