"""Commitments kept at the monthly meeting, as the coordinator and a member's caseworker see
it on the meeting's page and over the API: exact to the coordinator, suppressed to members,
with the threshold set by the coordinator only."""

from datetime import date

from casework.governance.meetings.commands.agenda import build_agenda
from casework.governance.meetings.commands.meetings import schedule_meeting
from tests.support.commitments import february_shortfall
from tests.support.governance import COORDINATOR, MARCH, audit_actions, on
from tests.support.network import demo
from tests.support.pages import sign_in

API = "/api/v1"
AIDS_MEDICAL = "Regional AIDS Centre (demo) · medical"


def _meeting(uow, clock) -> int:
    d = demo(uow)
    february_shortfall(uow, clock, d)
    on(clock, date(2026, 3, 2))
    meeting_id = schedule_meeting(uow, actor=COORDINATOR, network_id=d.network, month=MARCH)
    build_agenda(uow, actor=COORDINATOR, meeting_id=meeting_id)
    return meeting_id


def test_a_members_caseworker_sees_the_figures_suppressed(client, uow, clock):
    meeting_id = _meeting(uow, clock)
    sign_in(client, "demo-caseworker", language="en")
    page = client.get(f"/meetings/{meeting_id}").text
    assert "Commitments kept in February 2026" in page
    assert "Regional AIDS Centre (demo) · medical care" in page
    assert "&lt;10" in page and "60%" not in page
    assert "kept fewer of its commitments in February 2026" in page
    assert "accepted within the deadline: not shown" in page

    client.cookies.clear()
    sign_in(client, "demo-coordinator", language="en")
    exact = client.get(f"/meetings/{meeting_id}").text
    assert "accepted within the deadline: 60%" in exact


def test_the_meeting_api_shows_members_suppressed_and_governors_exact(client, login, uow, clock):
    meeting_id = _meeting(uow, clock)
    member = client.get(f"{API}/meetings/{meeting_id}", headers=login("demo-caseworker")).json()
    governor = client.get(f"{API}/meetings/{meeting_id}", headers=login("demo-coordinator")).json()
    for seen, in_time, share in ((member, "<10", None), (governor, "6", "60%")):
        acceptance = seen["commitments"]["acceptance"]
        row = acceptance["cells"][acceptance["rows"].index(AIDS_MEDICAL)]
        assert row[acceptance["columns"].index("accepted-in-time")] == in_time
        [line] = [x for x in seen["commitments"]["lines"] if x["row"] == AIDS_MEDICAL]
        assert line["accepted_in_time"] == share
        [item] = [i for i in seen["agenda"] if i["kind"] == "commitments"]
        assert item["shortfalls"] == [
            {"category": "medical", "accepted_in_time": share, "served_in_time": "100%"}
        ]


def test_only_the_coordinator_sets_the_threshold(client, login, uow):
    d = demo(uow)
    body = {"percent": 70}
    refused = client.put(f"{API}/commitment-threshold", json=body, headers=login("demo-focal"))
    assert refused.status_code == 403
    invalid = client.put(
        f"{API}/commitment-threshold", json={"percent": 0}, headers=login("demo-coordinator")
    )
    assert invalid.status_code == 422 and "percent" in invalid.text
    done = client.put(f"{API}/commitment-threshold", json=body, headers=login("demo-coordinator"))
    assert done.status_code == 200 and done.json() == {"network_id": d.network, "percent": 70}
    assert audit_actions(uow, "networks", d.network)[-1] == "network.commitment-threshold-set"
