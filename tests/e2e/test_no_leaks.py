"""Plant canary names, phone numbers, notes and UIC letters, run the demo scenario and every
privacy path through the Prefect flows, then look for the canaries everywhere the engine
writes or answers: none may be found outside the vault's ciphertext, and not even there.

Each place looked at is one entry of SURFACES; a new interface adds its own collector there
and is then checked like the rest."""

import asyncio
import hashlib
import json
import logging
import os
import re
import traceback
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import MetaData, select
from typer.testing import CliRunner

from casework.beneficiaries.commands.consent import revoke_consent
from casework.beneficiaries.commands.identity import keep_identity
from casework.beneficiaries.commands.matching import confirm_match
from casework.beneficiaries.model import ConsentPurpose
from casework.beneficiaries.queries import match_proposals, read_identity
from casework.cases.commands import open_case
from casework.clock import FrozenClock
from casework.db import create_db_engine
from casework.demo.scenario import run_scenario
from casework.errors import DomainError
from casework.network.services import ServiceCode
from casework.privacy.safe_logs import JsonLinesFormatter
from casework.privacy.uic import UicParts
from casework.privacy.vault import Identity
from casework.referrals import commands as referrals
from casework.referrals.model import Referral
from casework.referrals.queries.institution import institution_inbox
from casework.settings import get_settings
from cli.main import app as cli_app
from service.app import create_app
from tests.support import canaries
from tests.support.api import issue_bearer
from tests.support.databases import TEST_PEPPER, make_uow, settings_for
from tests.support.network import demo
from tests.support.pages import sign_in
from tests.support.reports import stored_report

pytestmark = pytest.mark.slow
# The first 8 cases of the demo scenario pass through every flow (intake, referral,
# confirmation with a memorandum breach at case 7, resolution, a rejected and re-issued
# referral at case 3), and the canary paths add matching, revocation, erasure and the sweep.
# Each flow run costs Prefect 0.4 to 0.7 s here, so all 38 cases on both databases take about
# four minutes: CASEWORK_LEAK_CASES=38 runs them (before a release, say).
SCENARIO_CASES = int(os.environ.get("CASEWORK_LEAK_CASES", "8"))


@dataclass
class LeakRun:
    """Everything the run produced, by where it surfaced."""

    results: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    cli: list[str] = field(default_factory=list)
    http: list[str] = field(default_factory=list)
    pages: list[str] = field(default_factory=list)
    spreadsheets: list[bytes] = field(default_factory=list)  # the CSV downloads, as sent
    fhir_export: str = ""  # `casework export fhir`'s bundle.json
    fhir_api: list[str] = field(default_factory=list)  # /fhir/r4 responses
    logs: list[str] = field(default_factory=list)
    prefect_api: str = ""
    prefect_files: list[bytes] = field(default_factory=list)
    database_rows: str = ""
    kept_rows: str = ""  # of KEPT_TABLES only
    idempotent_requests: list[tuple[bytes, ...]] = field(default_factory=list)
    database_files: list[bytes] = field(default_factory=list)
    vault_rows: int = 0
    cases: int = 0
    scenario: object = None
    statuses: dict = field(default_factory=dict)


class _Capture(logging.Handler):
    """Every record of every logger at INFO (production's level), as plain text with
    tracebacks and as our JSON lines."""

    def __init__(self, into: list[str]) -> None:
        super().__init__(logging.INFO)
        self.into, self.plain, self.json = into, logging.Formatter(), JsonLinesFormatter()

    def emit(self, record: logging.LogRecord) -> None:
        self.into += [self.plain.format(record), self.json.format(record)]


def _refusal(run: LeakRun, attempt: Callable[[], object]) -> None:
    with pytest.raises(DomainError) as refused:
        attempt()
    run.errors += [str(refused.value), *traceback.format_exception(refused.value)]


async def _prefect_everything() -> str:
    """Flow runs (names, parameters, states), task runs and logs, as the Prefect API keeps
    them, read back page by page."""
    from prefect.client.orchestration import get_client
    from prefect.logging.handlers import APILogHandler

    await APILogHandler.aflush()
    dumped = []
    async with get_client() as client:
        for read in (client.read_flow_runs, client.read_task_runs, client.read_logs):
            offset = 0
            while page := await read(limit=200, offset=offset):
                dumped += [item.model_dump_json() for item in page]
                offset += len(page)
    return "\n".join(dumped)


# Tables that keep something of a request or an attempt for a while, each searched on its own
# too: a stored request's fingerprint, a failed login's subject, a delivery's last error.
KEPT_TABLES = ("idempotency_keys", "failed_logins", "notification_deliveries")


def _dump_rows(engine) -> dict[str, list[str]]:
    """Every row of every table, bytes decoded as text, by table."""
    metadata = MetaData()
    metadata.reflect(engine)
    rows: dict[str, list[str]] = {}
    with engine.connect() as connection:
        for table in metadata.sorted_tables:
            for row in connection.execute(select(table)):
                values = [
                    v.decode("utf-8", "replace") if isinstance(v, bytes) else str(v) for v in row
                ]
                rows.setdefault(table.name, []).append(f"{table.name}: {values}")
    return rows


def _unkeyed_digests(request: tuple[bytes, ...]) -> list[str]:
    """What an unkeyed fingerprint of the request would be: SHA-256 of its body, and of its
    length-prefixed parts (the engine's fingerprint before it was keyed)."""
    framed = hashlib.sha256()
    for part in request:
        framed.update(len(part).to_bytes(8, "big") + part)
    return [hashlib.sha256(request[-1]).hexdigest(), framed.hexdigest()]


def _drive(run: LeakRun, uow_factory, clock, dispatch, cli, cases: int) -> None:
    """The scenario with identities kept, then every privacy path with the canaries."""
    uow = uow_factory()
    scenario = run_scenario(
        uow,
        count=cases,
        after_case=dispatch,
        identity_of=lambda i: canaries.IDENTITY if i % 2 else canaries.LATIN_IDENTITY,
    )
    run.results.append(repr(scenario))
    run.scenario = scenario
    d = demo(uow)
    worker = d.caseworker()

    def intake(uic: UicParts, identity: Identity):
        opened = open_case(
            uow,
            actor=worker,
            uic=uic,
            needs=[ServiceCode.HIV_TESTING, ServiceCode.TB_SCREENING],
            consent_to_referral=True,
            identity=identity,
        )
        run.results.append(repr(opened))
        dispatch()
        return opened

    first = intake(canaries.UIC, canaries.IDENTITY)
    returning = intake(canaries.UIC_IN_LATIN, canaries.LATIN_IDENTITY)
    proposals = match_proposals(uow, actor=worker, beneficiary_id=returning.beneficiary_id)
    run.results += [
        repr(proposals),
        repr(confirm_match(uow, actor=worker, proposal_id=proposals[0].id)),
    ]
    kept = read_identity(uow, actor=worker, beneficiary_id=first.beneficiary_id)
    assert kept == canaries.IDENTITY  # the vault gives the canaries back to the NGO, and only it
    run.results.append(repr(kept))

    issued = [
        referrals.request_referral(uow, actor=worker, case_id=first.case_id, service=service)
        for service in (ServiceCode.HIV_TESTING, ServiceCode.TB_SCREENING)
    ]
    referrals.accept_referral(
        uow, actor=d.focal(issued[0].institution_id), referral_id=issued[0].referral_id
    )
    dispatch()
    run.results.append(repr(institution_inbox(uow, actor=d.focal(issued[0].institution_id))))
    revoked = revoke_consent(
        uow, actor=worker, beneficiary_id=first.beneficiary_id, purpose=ConsentPurpose.REFERRAL
    )
    run.results.append(repr(revoked))
    dispatch()
    run.results.append(repr(institution_inbox(uow, actor=d.focal(issued[0].institution_id))))
    run.cli.append(cli("beneficiaries", "erase", str(returning.beneficiary_id), "--yes"))
    dispatch()

    # Refusals, whose messages reach users and logs.
    _refusal(run, lambda: intake(UicParts(canaries.UIC.sex, 1977, "Зу7", "Ка"), Identity()))
    _refusal(run, lambda: Identity(name="ok", phone=f"call {canaries.NAME}"))
    _refusal(
        run,
        lambda: read_identity(
            uow, actor=d.caseworker(d.other_ngo), beneficiary_id=first.beneficiary_id
        ),
    )
    _refusal(
        run,
        lambda: referrals.request_referral(
            uow, actor=worker, case_id=first.case_id, service=ServiceCode.HOUSING
        ),
    )
    _refusal(
        run,
        lambda: keep_identity(
            uow, actor=worker, beneficiary_id=returning.beneficiary_id, identity=canaries.IDENTITY
        ),
    )

    # Time passes: the escalation sweep runs as a flow over what is left.
    from flows.escalation import escalation_sweep

    clock.advance(timedelta(days=40))
    run.results.append(repr(asyncio.run(escalation_sweep())))
    run.cli += [cli("keys", "rotate"), cli("audit", "verify")]


def _drive_api(run: LeakRun, settings, uow_factory, dispatch) -> None:
    """The same kinds of steps over HTTP. Every response, status, headers and body, is a
    surface, but for the owning NGO's vault read, which gives the canaries back by design."""
    uow = uow_factory()
    d = demo(uow)
    caseworker, stranger = (
        issue_bearer(uow, "demo-caseworker"),
        issue_bearer(uow, "demo-caseworker-2"),
    )
    focal = issue_bearer(uow, "demo-focal")
    uic = {"sex": "F", "birth_year": 1977, "mother_letters": "Зу", "father_letters": "Ка"}
    identity = {"name": canaries.NAME, "phone": canaries.PHONE, "notes": canaries.NOTE}
    with TestClient(create_app(settings, uow_factory=uow_factory)) as client:

        def call(method: str, url: str, headers: dict, **body) -> dict:
            response = client.request(method, url, headers=headers, **body)
            run.http.append(
                f"{method} {url} {response.status_code} {dict(response.headers)} {response.text}"
            )
            return response.json() if "json" in response.headers.get("content-type", "") else {}

        def call_once(url: str, headers: dict, key: str, payload: dict) -> dict:
            """A POST with an Idempotency-Key; the run keeps the request's exact parts, to
            look for their digests in what the engine stores."""
            body = json.dumps(payload, ensure_ascii=False).encode()
            run.idempotent_requests.append((b"POST", url.encode(), b"", b"application/json", body))
            sent = {"Idempotency-Key": key, "Content-Type": "application/json"}
            return call("POST", url, headers | sent, content=body)

        new_case = {"uic": uic, "needs": ["hiv_testing"], "consent": {"referral": True}}
        opened = call_once(
            "/api/v1/cases", caseworker, "canary-intake", new_case | {"identity": identity}
        )
        case = call("GET", f"/api/v1/cases/{opened['id']}", caseworker)
        vault = f"/api/v1/beneficiaries/{case['beneficiary_id']}/identity"
        assert client.get(vault, headers=caseworker).json()["name"] == canaries.NAME
        call("GET", vault, stranger)
        referral = call(
            "POST", f"/api/v1/cases/{opened['id']}/referrals", caseworker,
            json={"service": "hiv_testing", "institution_id": d.aids_centre},
        )  # fmt: skip
        call("GET", f"/api/v1/referrals/{referral['id']}", focal)
        call("GET", f"/api/v1/referrals/{referral['id']}/form.html", caseworker)
        call("POST", f"/api/v1/referrals/{referral['id']}/accept", focal)
        call("GET", "/api/v1/institution/referrals", focal)
        call("GET", "/api/v1/cases", caseworker)
        call("GET", "/api/v1/hsds/services", caseworker)  # what the HSDS export says too
        call_once(
            "/api/v1/cases",
            caseworker,
            "canary-refused",
            new_case | {"identity": {"phone": f"call {canaries.NAME}"}},
        )
        call(
            "POST",
            "/api/v1/cases",
            caseworker,
            json=new_case | {"uic": uic | {"mother_letters": "Зу7"}},
        )
        uic_url = f"/api/v1/beneficiaries/{case['beneficiary_id']}/uic"
        call("PUT", uic_url, caseworker, json=uic | {"father_letters": "Кл"})  # corrected...
        call("PUT", uic_url, caseworker, json=uic)  # ...back, and refused:
        call("PUT", uic_url, caseworker, json=uic | {"mother_letters": "Зу7"})
        call_once(
            f"/api/v1/beneficiaries/{case['beneficiary_id']}/consents/revocation", caseworker,
            "canary-revocation", {"purpose": "referral"},
        )  # fmt: skip
        # Someone types the beneficiary's name where the username goes: a failed login.
        call("POST", "/api/v1/auth/token", {}, json={"username": canaries.NAME, "password": "x"})
        dispatch()
        _download_spreadsheets(run, client, uow, canary_code=case["display_code"])


def _download_spreadsheets(run: LeakRun, client: TestClient, uow, *, canary_code: str) -> None:
    """The supervisor's referrals, the canary beneficiary's among them, and the report of the
    last finished month (the scenario's) as CSV."""
    supervisor = issue_bearer(uow, "demo-supervisor")
    d = demo(uow)
    last_day = uow.calendar.today(uow.now()).replace(day=1) - timedelta(days=1)
    report = stored_report(uow, d.network, last_day.replace(day=1))
    for url in ("/api/v1/referrals.csv", f"/api/v1/reports/{report}/report.csv"):
        response = client.get(url, headers=supervisor)
        assert response.status_code == 200, response.text
        run.spreadsheets.append(f"{dict(response.headers)}".encode() + response.content)
    assert canary_code.encode() in run.spreadsheets[0]


def _drive_pages(run: LeakRun, settings, uow_factory, dispatch) -> None:
    """A case with the canaries typed into the new-case form, then every page its people see;
    each response (status, headers, body) is a surface."""
    typed = {"sex": "F", "birth_year": "1977", "mother_letters": "Зу", "father_letters": "Ка"}
    identity = {"name": canaries.NAME, "phone": canaries.PHONE}
    with TestClient(create_app(settings, uow_factory=uow_factory)) as client:

        def seen(response) -> str:
            run.pages.append(f"{response.status_code} {dict(response.headers)} {response.text}")
            return response.text

        def post(path: str, csrf: str, **data):
            return client.post(path, data={"csrf": csrf, **data}, follow_redirects=False)

        csrf = sign_in(client, "demo-caseworker")
        new_case = typed | identity | {"needs": ["hiv_testing"], "consent": "true"}
        case_path = post("/cases", csrf, **new_case).headers["location"]
        seen(post("/cases", csrf, **(new_case | {"mother_letters": "З7"})))  # refused: 422
        post(f"{case_path}/referrals", csrf, service="hiv_testing")
        # The beneficiary's forms: the UIC typed again (and once wrong), the identity asked
        # for and kept again; only the reveal itself, which shows it by design, is not a surface.
        page = client.get(case_path).text
        here = re.search(r"/cases/[0-9a-f-]+/beneficiary/[0-9a-f-]+", page).group(0)
        seen(post(f"{here}/uic", csrf, **(typed | {"father_letters": "Кл"})))
        seen(post(f"{here}/uic", csrf, **typed))
        seen(post(f"{here}/uic", csrf, **(typed | {"mother_letters": "З7"})))
        seen(client.get(f"{here}/identity"))
        post(f"{here}/identity/reveal", csrf)
        seen(post(f"{here}/identity", csrf, **identity))
        dispatch()
        for path in (case_path, "/cases", "/cases/new"):
            seen(client.get(path))
        client.cookies.clear()
        sign_in(client, "demo-focal")
        seen(client.get("/inbox"))
        for user, path in (("demo-supervisor", "/dashboard"), ("demo-coordinator", "/dashboard")):
            client.cookies.clear()
            sign_in(client, user)
            seen(client.get(path))
            seen(client.get("/notifications"))


def _drive_fhir(run: LeakRun, settings, uow_factory) -> None:
    """Each focal point's system walks its Task feed and reads every Task and ServiceRequest
    in it, then asks for what it may not see and for what it cannot read: every response
    (status, headers, body) is a surface."""
    with TestClient(create_app(settings, uow_factory=uow_factory)) as client:

        def seen(url: str, headers: dict) -> dict:
            response = client.get(url, headers=headers)
            # Not the URL: the probes below put canaries into it themselves.
            run.fhir_api.append(f"{response.status_code} {dict(response.headers)} {response.text}")
            return response.json()

        seen("/fhir/r4/metadata", {})
        for username in ("demo-focal", "demo-focal-2"):
            focal = issue_bearer(uow_factory(), username)
            url, ids = "/fhir/r4/Task?_count=5", []
            while url:
                page = seen(url, focal)
                ids += [entry["resource"]["id"] for entry in page.get("entry", [])]
                url = next((k["url"] for k in page["link"] if k["relation"] == "next"), None)
            for referral_id in ids:
                seen(f"/fhir/r4/Task/{referral_id}", focal)
                seen(f"/fhir/r4/ServiceRequest/{referral_id}", focal)
            seen("/fhir/r4/Task?status=cancelled,rejected&_lastUpdated=ge2026-01-01", focal)
            seen(f"/fhir/r4/Task?_lastUpdated={canaries.NAME}&_cursor={canaries.PHONE}", focal)
            seen(f"/fhir/r4/ServiceRequest/{canaries.NAME}", focal)
            seen(f"/fhir/r4/Task?name={canaries.NAME}&phone={canaries.PHONE}", focal)
        assert len(run.fhir_api) > 10


@pytest.fixture(scope="module")
def leak_run(backend, prefect_harness, tmp_path_factory) -> Iterator[LeakRun]:
    import prefect.settings

    from flows import runtime
    from flows.dispatch import Dispatcher

    tmp = tmp_path_factory.mktemp(f"leaks-{backend.name}")
    url = backend.fresh(tmp)
    settings = settings_for(url, tmp)
    clock = FrozenClock()
    run = LeakRun()
    capture, root = _Capture(run.logs), logging.getLogger()
    level = root.level
    root.addHandler(capture)
    root.setLevel(logging.INFO)
    engine = create_db_engine(url)
    environment = {
        "CASEWORK_DATABASE_URL": url,
        "CASEWORK_DATA_DIR": str(tmp),
        "CASEWORK_UIC_PEPPER": TEST_PEPPER,
    }
    factory = lambda: make_uow(engine, clock, settings)  # noqa: E731
    with pytest.MonkeyPatch.context() as patch, runtime.configured(factory):
        for name, value in environment.items():
            patch.setenv(name, value)
        get_settings.cache_clear()

        def cli(*args: str) -> str:
            result = CliRunner().invoke(cli_app, list(args))
            root.setLevel(logging.INFO)  # the command configured logging for itself
            assert result.exit_code == 0, result.output
            return result.output

        dispatcher = Dispatcher(settings)
        dispatcher.start()
        try:
            run.cases = SCENARIO_CASES
            _drive(run, factory, clock, dispatcher.drain, cli, run.cases)
            _drive_api(run, settings, factory, dispatcher.drain)
            _drive_pages(run, settings, factory, dispatcher.drain)
            _drive_fhir(run, settings, factory)
            run.cli.append(cli("export", "fhir", "--out", str(tmp / "fhir")))
            run.fhir_export = (tmp / "fhir" / "bundle.json").read_text()
            run.prefect_api = asyncio.run(_prefect_everything())
        finally:
            dispatcher.stop()
            root.removeHandler(capture)
            root.setLevel(level)
            get_settings.cache_clear()
    prefect_db = Path(
        prefect.settings.PREFECT_SERVER_DATABASE_CONNECTION_URL.value().split(":///", 1)[1]
    )
    run.prefect_files = [p.read_bytes() for p in prefect_db.parent.glob(prefect_db.name + "*")]
    rows = _dump_rows(engine)
    run.database_rows = "\n".join(line for lines in rows.values() for line in lines)
    run.kept_rows = "\n".join(line for table in KEPT_TABLES for line in rows.get(table, []))
    run.vault_rows = len(rows.get("identity_vault", []))
    with engine.connect() as connection:
        run.statuses = dict(connection.execute(select(Referral.id, Referral.status)).all())
    if backend.name == "sqlite":
        database = Path(engine.url.database)
        engine.dispose()
        run.database_files = [p.read_bytes() for p in database.parent.glob(database.name + "*")]
    else:
        engine.dispose()
    yield run
    backend.drop(url)


SURFACES: dict[str, Callable[[LeakRun], str | bytes]] = {
    "what commands and queries returned": lambda r: "\n".join(r.results),
    "error messages and their tracebacks": lambda r: "\n".join(r.errors),
    "command-line output": lambda r: "\n".join(r.cli),
    "HTTP API responses: status, headers and bodies": lambda r: "\n".join(r.http),
    "web pages: status, headers and bodies": lambda r: "\n".join(r.pages),
    "CSV downloads: the NGO's referrals and the report's figures": lambda r: b"\n".join(
        r.spreadsheets
    ),
    "the FHIR export (casework export fhir)": lambda r: r.fhir_export,
    "FHIR API responses: status, headers and bodies": lambda r: "\n".join(r.fhir_api),
    "every log record at INFO, plain and as JSON lines": lambda r: "\n".join(r.logs),
    "Prefect flow runs, parameters, names, task runs and logs": lambda r: r.prefect_api,
    "Prefect's own database files": lambda r: b"".join(r.prefect_files),
    "every row of every table, the vault's ciphertext included": lambda r: r.database_rows,
    "stored requests, failed logins and deliveries": lambda r: r.kept_rows,
    "the SQLite database and journal files, byte for byte": lambda r: b"".join(r.database_files),
}


@pytest.mark.parametrize("surface", SURFACES)
def test_no_canary_surfaces(leak_run, backend, surface):
    content = SURFACES[surface](leak_run)
    if not content:
        pytest.skip(f"nothing of this kind on {backend.name}")
    found = canaries.find(content)
    assert found == [], f"{surface}: {found[:3]}"


def test_no_stored_fingerprint_is_an_unkeyed_digest_of_a_request_with_canaries(leak_run):
    """An unkeyed SHA-256 of a request gives its UIC letters, name or phone up to anyone with a
    copy of the database, who hashes guesses until one matches."""
    with_canaries = [r for r in leak_run.idempotent_requests if canaries.find(r[-1])]
    assert len(with_canaries) >= 2  # the intake and the refused intake
    digests = [d for request in with_canaries for d in _unkeyed_digests(request)]
    assert [d for d in digests if d in leak_run.kept_rows] == []


def test_the_run_did_plant_and_touch_the_canaries(leak_run):
    """Guards the test itself: the canaries went into the vault and came out to the NGO,
    the surfaces are not empty, and the scanner recognises every canary form."""
    # One per scenario beneficiary, plus the canary intake, the one over HTTP and the one
    # through the pages; the erased returning beneficiary has none left.
    assert leak_run.vault_rows == leak_run.cases + 3
    assert any("Identity(<redacted>)" in r for r in leak_run.results)
    assert leak_run.logs and leak_run.prefect_api and leak_run.database_rows and leak_run.errors
    for table in KEPT_TABLES:  # each searched table holds rows of this run
        assert f"{table}: " in leak_run.kept_rows, table
    assert any(" 201 " in r for r in leak_run.http) and any(" 422 " in r for r in leak_run.http)
    assert any(r.startswith("422 ") for r in leak_run.pages)  # the refused new-case form
    assert sum("KHT-" in r for r in leak_run.pages) >= 2  # the case page and the inbox
    assert "consent-revocation-" in leak_run.prefect_api and "intake-" in leak_run.prefect_api
    for planted in (
        canaries.NAME,
        canaries.LATIN_NAME,
        "+992 (93) 555-01-99",
        "ЗУКА",
        canaries.NOTE,
    ):
        assert canaries.find(json.dumps(planted, ensure_ascii=False)), planted


def test_the_scenario_took_every_referral_where_it_was_meant_to_go(leak_run):
    expected = {
        referral_id: status
        for case in leak_run.scenario.cases
        for referral_id, status in case.expected_referrals.items()
    }
    assert {r: leak_run.statuses[r] for r in expected} == expected
