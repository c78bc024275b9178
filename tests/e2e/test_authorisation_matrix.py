"""Authorisation as a matrix: every route the app serves, times every role, times an object of
the caller's own organisation, of another organisation, and a missing one; the rules live in
tests/support/access_rules.py, and a route without a rule fails here."""

import pytest
from fastapi.routing import iter_route_contexts

from service.app import create_app
from tests.support.access_rules import CALLER, RULES, STAFF_ROLES, Auth, Side, Target, World
from tests.support.api import issue_bearer
from tests.support.databases import settings_for
from tests.support.network import demo


def served_routes(app) -> set[tuple[str, str]]:
    """(method, path) of every route, with included routers' prefixes applied."""
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
def test_each_role_gets_what_the_rule_says(client, uow, method, path):
    rule = RULES[(method, path)]
    body = rule.body
    world = World(uow, demo(uow))

    def call(url: str, headers: dict[str, str]) -> int:
        return client.request(
            method, url, json=body() if body else None, headers=headers
        ).status_code

    if rule.auth is Auth.NONE:
        assert call(path, {}) == rule.success
        return
    sides = [Side.OWN] if rule.target is Target.NONE else list(Side)
    wrong = []
    anonymous = call(world.path_for(path, rule, Side.OWN, "", fresh=False), {})
    if anonymous != 401:
        wrong.append(f"anonymous: got {anonymous}, not 401")
    for role in STAFF_ROLES:
        for side in sides:
            url = world.path_for(path, rule, side, CALLER[role], fresh=method == "POST")
            got = call(url, issue_bearer(uow, CALLER[role]))
            if got != rule.expected(role, side):
                wrong.append(
                    f"{role.value} on {side.value}: got {got}, not {rule.expected(role, side)}"
                )
    assert not wrong, f"{method} {path}:\n" + "\n".join(wrong)
