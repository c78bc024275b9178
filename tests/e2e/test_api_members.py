"""The member directory over HTTP: every staff role reads its network's members with where and
when each receives people; the coordinator edits an entry (audited), others are refused (403),
a bad field is named (422), and another network's member is not found (404)."""

from sqlalchemy import select

from casework.audit import AuditEntry
from casework.audit_actions import AuditAction
from tests.support.network import another_network, demo

API = "/api/v1"
ENTRY_FIELDS = {
    "id",
    "name",
    "kind",
    "sub_network",
    "district",
    "address",
    "phone",
    "opening_hours",
    "referral_contact",
    "services",
    "outside_referrer",
}


def test_every_staff_role_reads_the_directory_of_its_network(client, bearer, uow):
    d = demo(uow)
    for username in ["demo-caseworker", "demo-focal", "demo-supervisor", "demo-coordinator"]:
        response = client.get(f"{API}/members", headers=bearer(username))
        assert response.status_code == 200, (username, response.text)
        items = response.json()["items"]
        assert len(items) == 24 and set(items[0]) == ENTRY_FIELDS  # 23 members, 1 referrer
    by_id = {m["id"]: m for m in items}
    centre = by_id[d.aids_centre]
    assert centre["kind"] == "government" and centre["district"] == "bokhtar"
    assert centre["address"] == "12 Vahdat Street, Bokhtar"
    assert centre["phone"].startswith("+992 3222") and "08:00" in centre["opening_hours"]
    assert centre["services"] == ["hepatitis_testing", "hiv_testing", "sti_care"]
    assert centre["sub_network"] is None
    assert by_id[d.ngo]["sub_network"] == "Bokhtar district sub-network (demo)"
    assert [m["id"] for m in items if m["outside_referrer"]] == [d.outside_referrer]


def test_the_coordinator_edits_a_members_hours_and_the_change_is_audited(client, bearer, uow):
    d = demo(uow)
    response = client.patch(
        f"{API}/members/{d.tb_dispensary}",
        json={"opening_hours": "Mon–Sat 07:30–15:00", "referral_contact": ""},
        headers=bearer("demo-coordinator"),
    )
    assert response.status_code == 200, response.text
    entry = response.json()
    assert entry["opening_hours"] == "Mon–Sat 07:30–15:00"
    assert entry["referral_contact"] is None  # blank clears it
    assert entry["address"] == "140 Rudaki Avenue, Bokhtar"  # left out: kept
    listed = client.get(f"{API}/members", headers=bearer("demo-caseworker")).json()["items"]
    assert next(m for m in listed if m["id"] == d.tb_dispensary) == entry
    with uow:
        edits = uow.session.scalars(
            select(AuditEntry).where(
                AuditEntry.action == AuditAction.MEMBER_DIRECTORY_EDITED,
                AuditEntry.object_id == str(d.tb_dispensary),
                AuditEntry.actor_role == "coordinator",
            )
        ).all()
    assert len(edits) == 1


def test_only_the_coordinator_and_administrators_edit_the_directory(client, bearer, uow):
    d = demo(uow)
    for username in ["demo-caseworker", "demo-supervisor", "demo-focal"]:
        response = client.patch(
            f"{API}/members/{d.aids_centre}",
            json={"opening_hours": "never"},
            headers=bearer(username),
        )
        assert response.status_code == 403, (username, response.text)
    assert (
        client.patch(
            f"{API}/members/{d.aids_centre}", json={"phone": "+992 1"}, headers=bearer("demo-admin")
        ).status_code
        == 422
    )


def test_a_bad_field_is_named(client, bearer, uow):
    d = demo(uow)
    coordinator = bearer("demo-coordinator")
    url = f"{API}/members/{d.aids_centre}"
    for body, field in [
        ({"phone": "call Rustam"}, "phone"),
        ({"district": "dushanbe"}, "district"),
        ({"address": "x" * 301}, "address"),
        ({"opening_hours": 9}, "opening_hours"),
        ({"name": "Renamed"}, "name"),
    ]:
        response = client.patch(url, json=body, headers=coordinator)
        assert response.status_code == 422, (body, response.text)
        assert field in response.text, (body, response.text)


def test_another_networks_member_is_not_found(client, bearer, uow):
    other = another_network(uow)
    response = client.patch(
        f"{API}/members/{other.institution}",
        json={"opening_hours": "Mon–Fri"},
        headers=bearer("demo-supervisor"),
    )
    assert response.status_code == 404
    assert (
        client.patch(
            f"{API}/members/{2**31 - 1}", json={}, headers=bearer("demo-coordinator")
        ).status_code
        == 404
    )


def test_a_case_records_the_beneficiarys_district(client, bearer, uow):
    caseworker = bearer("demo-caseworker")
    body = {
        "uic": {"sex": "F", "birth_year": 1984, "mother_letters": "ҶӮ", "father_letters": "ҲА"},
        "needs": ["sti_care"],
        "consent": {"referral": True},
        "district": "kulob",
    }
    opened = client.post(f"{API}/cases", json=body, headers=caseworker)
    assert opened.status_code == 201, opened.text
    case = client.get(f"{API}/cases/{opened.json()['id']}", headers=caseworker).json()
    assert case["district"] == "kulob"
    refused = client.post(f"{API}/cases", json=body | {"district": "Kulob"}, headers=caseworker)
    assert refused.status_code == 422 and "district" in refused.text
