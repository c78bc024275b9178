"""Bad input, a fault battery: several hundred malformed requests to every write route of the
API (wrong types, fields left out or unknown, huge or unstorable text, compatibility letters,
nested junk, unknown ids, bodies that are not JSON or not UTF-8), each sent as a caller the
route's policy allows, on a real object of theirs. None gets a 5xx, and nothing is stored but
what was acknowledged: a refused request changes no table, except the rows a refusal writes by
design (an ACCESS_REFUSED audit row and its chain head, a failed login), and every
acknowledged write is audited."""

from collections import Counter
from dataclasses import dataclass, field

from fastapi.testclient import TestClient
from sqlalchemy import func, select

from casework.actors import Role
from casework.audit import AuditAction, AuditEntry
from casework.models import Base
from referral_forms.keys import FormKeys
from service.app import create_app
from service.routes import API_PREFIX
from tests.support.access_rules import API_CALLS, CALLER, Auth, Rule, Side, inspected_app, rules_of
from tests.support.access_world import Made, World
from tests.support.api import issue_bearer
from tests.support.bad_input import Bad, corpus, unknown_object
from tests.support.network import demo

RULES = rules_of(inspected_app(), API_CALLS)
WRITES = sorted(key for key in RULES if key[0] != "GET" and key[1].startswith(API_PREFIX))
LOGIN = ("POST", f"{API_PREFIX}/auth/token")
REFUSAL_TABLES = {"audit_log", "audit_chain_head", "failed_logins"}
REFUSAL_ACTIONS = {AuditAction.ACCESS_REFUSED.value}


def snapshot(uow) -> tuple[Counter, Counter]:
    """Rows per table, and audit rows per action: two queries."""
    tables = Base.metadata.sorted_tables
    with uow:
        counts = uow.session.execute(
            select(*(select(func.count()).select_from(t).scalar_subquery() for t in tables))
        ).one()
        by_action = uow.session.execute(
            select(AuditEntry.action, func.count()).group_by(AuditEntry.action)
        ).all()
    return Counter(dict(zip((t.name for t in tables), counts, strict=True))), Counter(
        dict(by_action)
    )


def changes(before: Counter, after: Counter) -> Counter:
    """What grew or shrank, by how much (Counter's own subtraction drops what shrank)."""
    return Counter({k: after[k] - before[k] for k in before | after if after[k] != before[k]})


@dataclass
class Tally:
    sent: int = 0
    answers: Counter = field(default_factory=Counter)
    stored_when_acknowledged: Counter = field(default_factory=Counter)
    stored_when_refused: Counter = field(default_factory=Counter)
    wrong: list[str] = field(default_factory=list)

    def record(self, what: str, key: tuple[str, str], status: int, rows: Counter, audit: Counter):
        self.sent += 1
        self.answers[status] += 1
        if status >= 500:
            self.wrong.append(f"{what}: {status}")
        elif 200 <= status < 300:
            self.stored_when_acknowledged.update(rows)
            if rows and not audit and key != LOGIN:
                self.wrong.append(f"{what}: {status}, stored {dict(rows)} without an audit row")
        else:
            self.stored_when_refused.update(rows)
            if set(rows) - REFUSAL_TABLES or set(audit) - REFUSAL_ACTIONS:
                self.wrong.append(f"{what}: {status}, stored {dict(rows)}, audited {dict(audit)}")


def requests_of(rule: Rule, path: str, world: World, caller: str) -> list[tuple[Made, Bad]]:
    """The corpus for one route, on the caller's own object; and its valid body on an
    object that does not exist, where the route names one."""
    made = world.prepare(path, rule.target, Side.OWN, caller, fresh=False)
    valid = rule.body_for(made)
    requests = [(made, bad) for bad in corpus(valid)]
    missing = world.prepare(path, rule.target, Side.MISSING, caller, fresh=False)
    if (missing.path, missing.query) != (made.path, made.query):
        requests.append((missing, unknown_object(valid)))
    return requests


def test_malformed_requests_get_no_5xx_and_store_nothing_unacknowledged(
    backend, uow, new_uow, settings
):
    FormKeys(settings.form_keys_dir).generate()  # referrals print their form
    world = World(uow, demo(uow))
    tally = Tally()
    with TestClient(create_app(settings, uow_factory=new_uow), raise_server_exceptions=False) as c:
        for method, path in WRITES:
            rule = RULES[(method, path)]
            bearer = rule.auth is Auth.BEARER
            caller = CALLER[sorted(rule.policy.allowed)[0] if bearer else Role.CASEWORKER]
            headers = issue_bearer(uow, caller) if bearer else {}
            for target, bad in requests_of(rule, path, world, caller):
                rows_before, audit_before = snapshot(uow)
                typed = {"Content-Type": bad.content_type} if bad.content_type else {}
                response = c.request(
                    method, target.path, params=target.query, content=bad.content,
                    headers=headers | typed,
                )  # fmt: skip
                rows_after, audit_after = snapshot(uow)
                tally.record(
                    f"{method} {path} with {bad.label}",
                    (method, path),
                    response.status_code,
                    changes(rows_before, rows_after),
                    changes(audit_before, audit_after),
                )
    print(
        f"\nbad input on {backend.name}: {tally.sent} requests to {len(WRITES)} write routes; "
        f"answers by status {dict(sorted(tally.answers.items()))}; rows stored when "
        f"acknowledged {dict(tally.stored_when_acknowledged)}; when refused (by design) "
        f"{dict(tally.stored_when_refused)}"
    )
    assert not tally.wrong, "\n".join(tally.wrong)
