"""Outside referrers over HTTP and on the pages: the coordinator registers one (an NGO only,
else 422 naming the field); its caseworker opens a case and refers; its staff read the
directory and the reports but not the members' memorandum, meetings or decisions (404), and
the directory lists it apart."""

from casework.accounts.commands import create_user
from casework.actors import Role, system_actor
from tests.support.databases import DEMO_PASSWORD
from tests.support.network import demo
from tests.support.pages import sign_in

API = "/api/v1"


def test_the_coordinator_registers_an_outside_referrer_and_only_an_ngo(client, bearer, uow):
    coordinator = bearer("demo-coordinator")
    registered = client.post(
        f"{API}/members",
        json={
            "name": "NGO «Rahmat» (test)",
            "kind": "ngo",
            "joined_on": "2026-03-01",
            "outside_referrer": True,
        },
        headers=coordinator,
    )
    assert registered.status_code == 201, registered.text
    listed = client.get(f"{API}/members", headers=coordinator).json()["items"]
    assert next(m for m in listed if m["id"] == registered.json()["id"])["outside_referrer"]
    standing = client.get(f"{API}/memoranda/standing", headers=coordinator).json()
    assert registered.json()["id"] not in {m["member_id"] for m in standing["members"]}

    refused = client.post(
        f"{API}/members",
        json={
            "name": "Clinic (test)",
            "kind": "government",
            "joined_on": "2026-03-01",
            "outside_referrer": True,
        },
        headers=coordinator,
    )
    assert refused.status_code == 422
    assert refused.json()["detail"][0]["loc"] == ["body", "outside_referrer"]


def test_a_referrers_caseworker_refers_but_reads_no_governance(client, bearer, uow):
    d = demo(uow)
    caseworker = bearer("demo-caseworker-referrer")
    opened = client.post(
        f"{API}/cases",
        json={
            "uic": {"sex": "F", "birth_year": 1990, "mother_letters": "МА", "father_letters": "РА"},
            "needs": ["hiv_testing"],
            "consent": {"referral": True},
        },
        headers=caseworker,
    )
    assert opened.status_code == 201, opened.text
    case_id = opened.json()["id"]
    issued = client.post(
        f"{API}/cases/{case_id}/referrals",
        json={"service": "hiv_testing", "institution_id": d.aids_centre},
        headers=caseworker,
    )
    assert issued.status_code == 201, issued.text
    assert client.get(f"{API}/reports", headers=caseworker).status_code == 200
    for path in ("/memoranda/standing", "/memoranda", "/meetings", "/decisions"):
        assert client.get(f"{API}{path}", headers=caseworker).status_code == 404, path


def test_the_directory_lists_outside_referrers_apart_and_their_pages_offer_no_governance(
    client, uow
):
    d = demo(uow)
    create_user(
        uow,
        actor=system_actor("tests"),
        username="referrer-supervisor",
        role=Role.SUPERVISOR,
        password=DEMO_PASSWORD,
        organisation_id=d.outside_referrer,
    )
    sign_in(client, "referrer-supervisor", language="en")
    page = client.get("/directory").text
    members, referrers = page.split("<h2>Outside referrers</h2>")
    assert "NGO «Rohnamo» (demo)" in referrers and "NGO «Rohnamo» (demo)" not in members
    assert "outside referrer" in referrers
    assert 'href="/reports"' in page and 'href="/memorandum"' not in page
    assert client.get("/memorandum").status_code == 404
    assert client.get("/meetings").status_code == 404
    assert client.get("/reports").status_code == 200

    client.cookies.clear()
    sign_in(client, "demo-supervisor", language="en")
    assert 'href="/memorandum"' in client.get("/directory").text
