"""Schemathesis against the OpenAPI schema, in process: generated requests, valid and invalid,
as a caller the operation's access rule allows and on real objects, never get a 5xx.

It runs on PostgreSQL only: PostgreSQL refuses more than SQLite does (NUL characters, lone
surrogates, integers beyond its column types), so a missing bound shows up there as a 5xx,
and one backend keeps the run near half a minute."""

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error

from tests.support.access_rules import API_CALLS, CALLER, Auth, Side, inspected_app, rules_of
from tests.support.access_world import World
from tests.support.api import issue_bearer
from tests.support.network import demo

# The coverage phase sends every boundary value the schema defines (valid and not); the
# fuzzing phase adds a few random requests. Methods the schema does not name are left to
# Starlette (405), which saves a sixth of the requests.
CONFIG = schemathesis.Config.from_dict(
    {"phases": {"coverage": {"unexpected-methods": []}}, "generation": {"max-examples": 8}}
)
RULES = rules_of(inspected_app(), API_CALLS)
schema = schemathesis.openapi.from_dict(inspected_app().openapi(), config=CONFIG)


@pytest.fixture
def caller(uow, form_keys):
    """Headers and path parameters for one operation: its policy's first allowed role."""
    world = World(uow, demo(uow))

    def _for(method: str, path: str) -> tuple[dict, str | None]:
        rule = RULES[(method, path)]
        if rule.auth is Auth.NONE or not rule.policy.allowed:
            return {}, None
        username = CALLER[sorted(rule.policy.allowed)[0]]
        real_path = world.prepare(path, rule.target, Side.OWN, username, fresh=False).path
        return issue_bearer(uow, username), real_path

    return _for


@pytest.mark.slow
@pytest.mark.parametrize("backend", ["postgresql"], indirect=True)
@schema.parametrize()
# Only the check on function-scoped fixtures is off: one app, database and World serve all of
# an operation's generated requests, as one server serves its callers, and each request needs
# only a caller and an object that exist, whatever the requests before it did.
@settings(
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
def test_no_request_makes_the_server_fail(case, client, caller):
    headers, real_path = caller(case.operation.method.upper(), case.operation.path)
    if real_path is not None and case.path_parameters:
        parts = dict(zip(case.operation.path.split("/"), real_path.split("/"), strict=True))
        case.path_parameters = {name: parts["{" + name + "}"] for name in case.path_parameters}
    response = case.call(app=client.app, headers=headers)
    case.validate_response(response, checks=[not_a_server_error])
