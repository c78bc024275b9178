"""Governance over HTTP as the coordinator and members meet it: the meeting that will not close
without decisions (409), members answering only for themselves (404 otherwise), governors only
for governing (403), unknown fields refused (422), and the report in every language."""

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from casework.languages import Language
from casework.outbox import OutboxMessage
from tests.support.flows import dispatch, flows_using
from tests.support.governance import CURRENT_VALID_UNTIL, NEXT_VALID_FROM, on
from tests.support.network import demo

API = "/api/v1"


@pytest.fixture
def as_(login):
    cache = {}

    def headers(username: str) -> dict[str, str]:
        if username not in cache:
            cache[username] = login(username)
        return cache[username]

    return headers


def test_a_meeting_closes_over_http_only_with_its_decisions(client, as_, uow, clock):
    d = demo(uow)
    coordinator, focal = as_("demo-coordinator"), as_("demo-focal")
    created = client.post(f"{API}/meetings", json={"month": "2026-03"}, headers=coordinator)
    assert created.status_code == 201, created.text
    meeting = created.json()
    assert meeting["status"] == "scheduled" and meeting["starts_at"].startswith("2026-03-11T05:00")
    meeting_url = f"{API}/meetings/{meeting['id']}"

    proposed = client.post(f"{meeting_url}/agenda", json={"title": "Evening hours"}, headers=focal)
    assert proposed.status_code == 201, proposed.text
    item = proposed.json()
    assert item["proposed_by_member_id"] == d.aids_centre and item["kind"] == "member-proposal"

    on(clock, date(2026, 3, 11))
    assert client.post(f"{meeting_url}/opening", headers=focal).status_code == 403
    assert client.post(f"{meeting_url}/opening", headers=coordinator).status_code == 200
    attendance = {
        "entries": [
            {"member_id": d.aids_centre, "present": True, "representative_title": "Deputy head"}
        ]
    }
    assert (
        client.put(f"{meeting_url}/attendance", json=attendance, headers=coordinator).status_code
        == 200
    )
    minutes = client.put(
        f"{API}/agenda-items/{item['id']}/minutes", json={"text": "Discussed."}, headers=coordinator
    )
    assert minutes.status_code == 204

    refused = client.post(f"{meeting_url}/closing", headers=coordinator)
    assert refused.status_code == 409
    assert refused.json()["detail"][0]["loc"] == ["body", "agenda"]
    assert "without a recorded decision" in refused.json()["detail"][0]["msg"]

    decision = client.post(
        f"{API}/agenda-items/{item['id']}/decisions",
        json={
            "text": "Open until 19:00 on Thursdays.",
            "due_on": "2026-04-10",
            "responsible_member_ids": [d.aids_centre],
        },
        headers=coordinator,
    )
    assert decision.status_code == 201, decision.text
    closed = client.post(f"{meeting_url}/closing", headers=coordinator)
    assert closed.status_code == 200 and closed.json()["status"] == "closed"

    decision_url = f"{API}/decisions/{decision.json()['id']}"
    record = {"instrument": "order", "number": "12-p", "issued_on": "2026-03-11"}
    assert (
        client.post(
            f"{decision_url}/institutionalisation", json=record, headers=as_("demo-supervisor")
        ).status_code
        == 404
    )
    done = client.post(f"{decision_url}/institutionalisation", json=record, headers=focal)
    assert done.status_code == 200 and done.json()["status"] == "institutionalised"
    again = client.post(f"{decision_url}/institutionalisation", json=record, headers=focal)
    assert again.status_code == 409
    listed = client.get(f"{API}/decisions", params={"status": "institutionalised"}, headers=focal)
    assert [x["id"] for x in listed.json()] == [decision.json()["id"]]


def test_requests_name_their_fields_and_ids_stay_in_range(client, as_):
    coordinator = as_("demo-coordinator")
    assert (
        client.post(
            f"{API}/meetings", json={"month": "2026-03", "room": "A"}, headers=coordinator
        ).status_code
        == 422
    )
    bad_month = client.post(f"{API}/meetings", json={"month": "2026-13"}, headers=coordinator)
    assert bad_month.status_code == 422 and bad_month.json()["detail"][0]["loc"] == [
        "body",
        "month",
    ]
    assert client.get(f"{API}/meetings/{2**40}", headers=coordinator).status_code == 422
    assert client.get(f"{API}/meetings/999", headers=coordinator).status_code == 404
    assert client.get(f"{API}/meetings").status_code == 401
    nul = client.post(f"{API}/meetings/1/agenda", json={"title": "a\u0000b"}, headers=coordinator)
    assert nul.status_code == 422


def test_members_answer_the_renewal_for_themselves_and_the_coordinator_sees_who_did_not(
    client, login, uow, clock
):
    d = demo(uow)
    on(clock, CURRENT_VALID_UNTIL - timedelta(days=30))
    coordinator, focal = login("demo-coordinator"), login("demo-focal")
    created = client.post(f"{API}/memorandum-drafts", json={}, headers=coordinator)
    assert created.status_code == 201, created.text
    draft = created.json()
    assert draft["valid_from"] == NEXT_VALID_FROM.isoformat() and len(draft["commitments"]) == 6
    answers = f"{API}/memorandum-drafts/{draft['id']}/answers"

    assert (
        client.post(
            answers, json={"answer": "signed", "member_id": d.tb_dispensary}, headers=focal
        ).status_code
        == 404
    )
    assert (
        client.post(
            answers, json={"answer": "signed"}, headers=login("demo-caseworker")
        ).status_code
        == 403
    )
    signed = client.post(
        answers, json={"answer": "signed", "signatory_title": "Head physician"}, headers=focal
    )
    assert signed.status_code == 200
    mine = next(a for a in signed.json()["answers"] if a["member_id"] == d.aids_centre)
    assert (mine["answer"], mine["signatory_title"]) == ("signed", "Head physician")

    on(clock, NEXT_VALID_FROM)  # a month on: the tokens of before have expired
    coordinator, focal = login("demo-coordinator"), login("demo-focal")
    published = client.post(
        f"{API}/memorandum-drafts/{draft['id']}/publication", headers=coordinator
    )
    assert published.status_code == 201
    standing = client.get(f"{API}/memoranda/standing", headers=coordinator).json()
    assert standing["version"] == 18
    assert [m["member_id"] for m in standing["members"] if m["receives_referrals"]] == [
        d.aids_centre
    ]
    assert len(standing["without_referrals"]) == 22
    history = client.get(f"{API}/memoranda", headers=focal).json()
    assert history[0]["version"] == 18 and history[0]["signatories"] == [
        {"member_id": d.aids_centre, "name": "Regional AIDS Centre (demo)"}
    ]
    late = client.post(
        f"{API}/memoranda/{published.json()['memorandum_id']}/signatures",
        json={},
        headers=login("demo-supervisor"),
    )
    assert late.status_code == 204
    standing = client.get(f"{API}/memoranda/standing", headers=coordinator).json()
    assert len(standing["without_referrals"]) == 21


def test_members_join_and_leave_with_effective_dates(client, as_, uow):
    coordinator = as_("demo-coordinator")
    joined = client.post(
        f"{API}/members",
        json={
            "name": "NGO «Navruz» (test)",
            "kind": "ngo",
            "joined_on": "2026-03-01",
            "services": ["social_support"],
        },
        headers=coordinator,
    )
    assert joined.status_code == 201, joined.text
    member_id = joined.json()["id"]
    standing = client.get(f"{API}/memoranda/standing", headers=coordinator).json()
    newcomer = next(m for m in standing["members"] if m["member_id"] == member_id)
    assert newcomer["receives_referrals"] is False  # until it signs the valid memorandum
    assert (
        client.post(
            f"{API}/members",
            json={"name": "X", "kind": "ngo", "joined_on": "2026-03-01"},
            headers=as_("demo-focal"),
        ).status_code
        == 403
    )
    leaving = client.post(
        f"{API}/members/{member_id}/leaving",
        json={"effective_on": "2026-12-31"},
        headers=coordinator,
    )
    assert leaving.status_code == 204
    early = client.post(
        f"{API}/members/{member_id}/leaving",
        json={"effective_on": "2020-01-01"},
        headers=coordinator,
    )
    assert early.status_code == 422 and early.json()["detail"][0]["loc"] == ["body", "effective_on"]


@pytest.mark.parametrize(
    "body",
    [
        {"period": "2026-03"},  # not over yet
        {"period": "2026-Q1"},
        {"period": "2026"},
        {"period": "2026-Q5"},
        {"period": "2026-3"},
        {"period": "ALL"},
        {},
        {"period": "2026-02", "month": "2026-02"},
    ],
)
def test_a_report_of_a_period_not_over_or_not_a_period_is_422_naming_the_period(client, as_, body):
    refused = client.post(f"{API}/reports", json=body, headers=as_("demo-coordinator"))
    assert refused.status_code == 422
    assert refused.json()["detail"][0]["loc"] == ["body", "period"]


def test_the_coordinator_asks_for_a_quarter_and_since_founding(client, as_, uow):
    coordinator = as_("demo-coordinator")
    for period in ("2025-Q4", "2025", "all"):
        asked = client.post(f"{API}/reports", json={"period": period}, headers=coordinator)
        assert asked.status_code == 202 and asked.json() == {"period": period, "status": "queued"}


@pytest.mark.slow
@pytest.mark.usefixtures("prefect_harness")
def test_the_coordinator_asks_for_a_report_and_members_read_it_in_their_language(
    client, as_, uow, new_uow, settings
):
    coordinator, supervisor = as_("demo-coordinator"), as_("demo-supervisor")
    assert (
        client.post(f"{API}/reports", json={"period": "2026-02"}, headers=supervisor).status_code
        == 403
    )
    asked = client.post(f"{API}/reports", json={"period": "2026-02"}, headers=coordinator)
    assert asked.status_code == 202 and asked.json()["period"] == "2026-02"
    # `month`, the field's name before periods, is still read
    older = client.post(f"{API}/reports", json={"month": "2026-02"}, headers=coordinator)
    assert older.status_code == 202 and older.json()["period"] == "2026-02"
    with uow:
        queued = uow.session.scalars(
            select(OutboxMessage.parameters).where(OutboxMessage.flow == "network-report")
        ).all()
        assert queued == [{"period": "2026-02"}] * 2
    with flows_using(new_uow):
        assert dispatch(settings) >= 1

    [listed] = client.get(f"{API}/reports", headers=supervisor).json()
    assert (listed["period"], listed["kind"]) == ("2026-02", "month")
    assert sorted(listed["languages"]) == sorted(Language)
    figures = client.get(f"{API}/reports/{listed['id']}", headers=supervisor).json()["figures"]
    assert figures["period"] == "2026-02" and figures["headline"]["issued"] == "0"
    pdf = client.get(
        f"{API}/reports/{listed['id']}/report.pdf", params={"lang": "ru"}, headers=supervisor
    )
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    assert pdf.headers["content-type"] == "application/pdf"
    html = client.get(f"{API}/reports/{listed['id']}/report.html", headers=supervisor)
    assert "Ҳисоботи ҳармоҳаи шабака" in html.text  # Tajik unless asked otherwise
    assert (
        client.get(f"{API}/reports/{listed['id'] + 1}/report.pdf", headers=supervisor).status_code
        == 404
    )
