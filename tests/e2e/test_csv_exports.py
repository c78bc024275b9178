"""CSV for spreadsheets over HTTP: a supervisor downloads the NGO's referrals (codes and dates,
their own NGO's only, one audited read), staff of the network download a report's figures as
the report shows them, and the pages link both to those who may download them."""

import csv
import io
from datetime import date

import pytest
from sqlalchemy import select

from casework.audit import AuditEntry
from casework.audit_actions import AuditAction
from casework.network.model import Member
from casework.network.services import ServiceCode
from casework.referrals import commands as referrals
from casework.referrals.reasons import RejectReason
from tests.support.governance import on
from tests.support.network import demo
from tests.support.pages import sign_in
from tests.support.reports import FEBRUARY, busy_february, stored_report

API = "/api/v1"
BOM = b"\xef\xbb\xbf"
REFERRAL_HEADER = [
    "display_code",
    "serial",
    "service",
    "institution",
    "created_at",
    "requested_at",
    "accepted_at",
    "completed_at",
    "closed_at",
    "valid_until",
    "status",
    "status_reason",
    "outcome",
]
NOTE = "Called her brother at home"


def read_csv(response) -> list[dict[str, str]]:
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "text/csv; charset=utf-8"
    assert response.content.startswith(BOM)  # Excel reads the Cyrillic as UTF-8
    return list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))


@pytest.fixture
def issued(uow):
    """Two referrals of the first NGO (one declined with a note) and one of the second."""
    d = demo(uow)
    services = (ServiceCode.HIV_TESTING, ServiceCode.HOUSING)
    own = [d.open_case(uow, (service,)) for service in services]
    made = [
        referrals.request_referral(uow, actor=d.caseworker(), case_id=c.case_id, service=s)
        for c, s in zip(own, services, strict=True)
    ]
    referrals.reject_referral(
        uow,
        actor=d.focal(made[1].institution_id),
        referral_id=made[1].referral_id,
        reason_code=RejectReason.NO_CAPACITY,
        note=NOTE,
    )
    other = d.open_case(uow, ngo=d.other_ngo)
    foreign = referrals.request_referral(
        uow, actor=d.caseworker(d.other_ngo), case_id=other.case_id, service=ServiceCode.HIV_TESTING
    )
    return d, own, made, foreign


def test_a_supervisor_downloads_the_ngos_referrals_as_codes_and_dates(client, bearer, uow, issued):
    d, own, made, foreign = issued
    response = client.get(f"{API}/referrals.csv", headers=bearer("demo-supervisor"))
    rows = read_csv(response)

    assert response.headers["content-disposition"] == (
        f'attachment; filename="referrals-ngo-{d.ngo}-2026-03-02.csv"'
    )
    assert response.headers["cache-control"] == "no-store"
    assert list(rows[0]) == REFERRAL_HEADER
    assert [r["serial"] for r in rows] == [m.serial for m in made]
    assert foreign.serial not in response.text
    hiv, housing = rows
    assert hiv["display_code"] == own[0].display_code
    assert hiv["service"] == "hiv_testing" and hiv["status"] == "requested"
    assert hiv["institution"] == "Regional AIDS Centre (demo)"
    assert hiv["requested_at"] == "2026-03-02 14:00"  # Dushanbe's time, to the minute
    assert hiv["closed_at"] == "" and hiv["valid_until"].startswith("2026-")
    assert (housing["status"], housing["status_reason"]) == ("rejected", "no_capacity")
    assert housing["outcome"] and housing["closed_at"]
    assert NOTE not in response.text  # a note is free text: never in the file


def test_the_download_is_one_audited_read_of_the_ngos_referrals(client, bearer, uow, issued):
    d = issued[0]
    read_csv(client.get(f"{API}/referrals.csv", headers=bearer("demo-supervisor")))
    with uow:
        exported = uow.session.scalars(
            select(AuditEntry).where(AuditEntry.action == AuditAction.REFERRALS_EXPORTED.value)
        ).all()
    assert [(e.object_type, e.object_id, e.actor_role) for e in exported] == [
        ("members", str(d.ngo), "supervisor")
    ]


def test_a_formula_typed_as_a_member_name_is_written_as_text(client, bearer, uow, issued):
    d = issued[0]
    with uow:
        uow.session.get_one(Member, d.aids_centre).name = '=HYPERLINK("http://x.example","AIDS")'
        uow.commit()
    rows = read_csv(client.get(f"{API}/referrals.csv", headers=bearer("demo-supervisor")))
    assert rows[0]["institution"] == '\'=HYPERLINK("http://x.example","AIDS")'


def test_the_days_of_issue_narrow_the_download_and_a_reversed_span_names_its_field(
    client, bearer, issued
):
    supervisor = bearer("demo-supervisor")
    url = f"{API}/referrals.csv"
    on_the_day = {"issued_from": "2026-03-02", "issued_to": "2026-03-02"}
    assert len(read_csv(client.get(url, params=on_the_day, headers=supervisor))) == 2
    later = client.get(url, params={"issued_from": "2026-03-03"}, headers=supervisor)
    assert read_csv(later) == [] and later.content.decode("utf-8-sig").startswith("display_code,")
    reversed_span = client.get(
        url, params={"issued_from": "2026-03-02", "issued_to": "2026-03-01"}, headers=supervisor
    )
    assert reversed_span.status_code == 422 and "issued_to" in reversed_span.text


def test_the_case_list_offers_the_download_to_supervisors_only(client, bearer, uow, issued):
    sign_in(client, "demo-supervisor")
    assert 'action="/referrals.csv"' in client.get("/cases").text
    page = client.get("/referrals.csv", params={"issued_from": "", "issued_to": ""})
    api = client.get(f"{API}/referrals.csv", headers=bearer("demo-supervisor"))
    assert read_csv(page) == read_csv(api)
    assert page.headers["content-disposition"].startswith("attachment; filename=")
    client.cookies.clear()
    sign_in(client, "demo-caseworker")
    assert "/referrals.csv" not in client.get("/cases").text
    assert client.get("/referrals.csv").status_code == 403


@pytest.fixture
def february_report(uow, clock) -> int:
    """February's report stored with stand-ins for its renditions: the CSV reads the figures."""
    d = demo(uow)
    busy_february(uow, clock, d)
    on(clock, date(2026, 3, 2))
    return stored_report(uow, d.network, FEBRUARY)


def test_a_reports_csv_shows_each_cell_as_the_report_does(client, bearer, uow, february_report):
    supervisor = bearer("demo-supervisor")
    url = f"{API}/reports/{february_report}"
    response = client.get(f"{url}/report.csv", headers=supervisor)
    rows = read_csv(response)
    stored = client.get(url, headers=supervisor).json()["figures"]

    assert response.headers["content-disposition"] == (
        f'attachment; filename="network-report-{demo(uow).network}-2026-02.csv"'
    )
    assert list(rows[0]) == ["table", "row", "column", "value"]
    shown = {(r["table"], r["row"], r["column"]): r["value"] for r in rows}
    for name in ("issued", "acceptance", "outcomes", "closings", "escalations", "breaches"):
        table = stored[name]
        for row, values in zip(table["rows"], table["cells"], strict=True):
            for column, value in zip(table["columns"], values, strict=True):
                assert shown[(name, row, column)] == value, (name, row, column)
        assert shown[(name, "total", "total")] == table["total"]
    assert shown[("issued", "Regional Clinical Hospital (demo)", "medical")] == "<10"
    assert shown[("headline", "", "issued")] == stored["headline"]["issued"]
    for time in stored["acceptance_times"]:
        median = "" if time["median_days"] is None else f"{time['median_days']:.1f}"
        assert shown[("acceptance_times", time["category"], "median_days")] == median
    assert "<10" in shown.values()
    numbers = [int(v) for v in shown.values() if v.isdigit()]
    assert [n for n in numbers if 1 <= n <= 9] == []  # a small count shows only as "<10"


def test_the_reports_page_links_the_csv_and_another_networks_report_is_not_found(
    client, bearer, uow, february_report
):
    sign_in(client, "demo-focal")
    page = client.get("/reports")
    assert f'href="/reports/{february_report}/report.csv"' in page.text
    downloaded = client.get(f"/reports/{february_report}/report.csv")
    assert read_csv(downloaded) == read_csv(
        client.get(f"{API}/reports/{february_report}/report.csv", headers=bearer("demo-focal"))
    )
    missing = client.get(
        f"{API}/reports/{february_report + 1}/report.csv", headers=bearer("demo-focal")
    )
    assert missing.status_code == 404


def test_only_supervisors_download_referrals(client, bearer):
    for username in ("demo-caseworker", "demo-focal", "demo-coordinator", "demo-admin"):
        refused = client.get(f"{API}/referrals.csv", headers=bearer(username))
        assert refused.status_code == 403, username
