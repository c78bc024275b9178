"""The institutions' FHIR API: a focal point's system reads its institution's Tasks and their
ServiceRequests, searches them by status and last change, walks the pages, and never learns
more of a person than the institution's own code; every answer is valid FHIR R4."""

from datetime import timedelta
from urllib.parse import urlsplit

import pytest
from sqlalchemy import select

from casework.audit import AuditEntry
from casework.beneficiaries.model import Beneficiary
from casework.beneficiaries.pseudonyms import institution_code
from casework.cases.model import Case
from casework.referrals import commands as referrals
from casework.referrals.model import Referral
from tests.support.fhir import NOTE, referrals_of_every_fate, validated
from tests.support.network import another_network, demo

FHIR = "/fhir/r4"


@pytest.fixture
def fates(uow, clock):
    return referrals_of_every_fate(uow, demo(uow), clock)


@pytest.fixture
def focal(bearer):
    return bearer("demo-focal")  # the AIDS centre's


def fhir_json(response, status: int = 200) -> dict:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/fhir+json")
    body = response.json()
    validated(body)
    return body


def walk(client, headers, url: str) -> list[dict]:
    """Every Task of a search, following its `next` links."""
    found = []
    while url:
        page = fhir_json(client.get(url, headers=headers))
        assert page["type"] == "searchset"
        links = {link["relation"]: link["url"] for link in page["link"]}
        found += [entry["resource"] for entry in page.get("entry", [])]
        url = links.get("next")
        if url:
            url = urlsplit(url)._replace(scheme="", netloc="").geturl()
    for task in found:
        validated(task)
    return found


def test_the_capability_statement_is_public_and_says_exactly_what_is_served(client):
    statement = fhir_json(client.get(f"{FHIR}/metadata"))
    (rest,) = statement["rest"]
    served = {r["type"]: {i["code"] for i in r["interaction"]} for r in rest["resource"]}
    assert served == {
        "Task": {"read", "search-type"},
        "ServiceRequest": {"read"},
        "Organization": {"read"},
    }
    (task,) = [r for r in rest["resource"] if r["type"] == "Task"]
    assert {p["name"] for p in task["searchParam"]} == {"status", "_lastUpdated", "_count"}


def test_paging_walks_every_task_of_the_institution_exactly_once(client, focal, fates):
    tasks = walk(client, focal, f"{FHIR}/Task?_count=2")
    ids = [task["id"] for task in tasks]
    assert len(ids) == len(set(ids))
    assert set(ids) == {str(i) for i in fates.at_the_aids_centre()}
    updated = [task["meta"]["lastUpdated"] for task in tasks]
    assert updated == sorted(updated)
    assert NOTE not in str(tasks)


def test_a_page_says_where_it_is_and_the_count_is_bounded(client, focal, fates):
    asked = {"_count": 3, "name": "Zarina"}  # what the server does not understand is not repeated
    page = fhir_json(client.get(f"{FHIR}/Task", params=asked, headers=focal))
    links = {link["relation"]: link["url"] for link in page["link"]}
    assert links["self"].endswith("/fhir/r4/Task?_count=3")
    assert "_cursor=" in links["next"] and len(page["entry"]) == 3
    assert page["entry"][0]["fullUrl"].endswith(
        f"/fhir/r4/Task/{page['entry'][0]['resource']['id']}"
    )
    for bad in ("0", "201", "ten"):
        refused = fhir_json(client.get(f"{FHIR}/Task", params={"_count": bad}, headers=focal), 400)
        assert refused["issue"][0]["expression"] == ["_count"]
    refused = fhir_json(client.get(f"{FHIR}/Task", params={"_cursor": "nope"}, headers=focal), 400)
    assert refused["issue"][0]["expression"] == ["_cursor"]


def test_status_filters_and_a_cancellation_looks_like_every_other(client, focal, fates):
    found = walk(client, focal, f"{FHIR}/Task?status=rejected,cancelled")
    by_id = {task["id"]: task for task in found}
    assert set(by_id) == {str(fates.rejected), str(fates.cancelled)}
    declined = by_id[str(fates.rejected)]
    assert declined["statusReason"]["coding"][0]["code"] == "no_capacity"
    cancelled = by_id[str(fates.cancelled)]
    assert cancelled["status"] == "cancelled"
    assert "statusReason" not in cancelled and "output" not in cancelled
    refused = fhir_json(client.get(f"{FHIR}/Task?status=done", headers=focal), 400)
    assert refused["issue"][0]["expression"] == ["status"]


def test_last_updated_gives_what_changed_since_the_last_look(client, focal, fates, uow, clock):
    before = walk(client, focal, f"{FHIR}/Task")
    last_seen = max(task["meta"]["lastUpdated"] for task in before)
    assert walk(client, focal, f"{FHIR}/Task?_lastUpdated=gt{last_seen}") == []
    clock.advance(timedelta(days=2))
    referrals.accept_referral(uow, actor=demo(uow).focal(), referral_id=fates.requested)
    (changed,) = walk(client, focal, f"{FHIR}/Task?_lastUpdated=gt{last_seen}")
    assert (changed["id"], changed["status"]) == (str(fates.requested), "accepted")
    today = clock.now().date().isoformat()
    assert [t["id"] for t in walk(client, focal, f"{FHIR}/Task?_lastUpdated={today}")] == [
        str(fates.requested)
    ]
    older = walk(client, focal, f"{FHIR}/Task?_lastUpdated=lt{today}&_lastUpdated=ge2026-01")
    assert len(older) == len(before) - 1
    assert len(walk(client, focal, f"{FHIR}/Task?_lastUpdated=le{last_seen}")) == len(before) - 1
    for bad in ("gt2026-03-01T10:00:00", "yesterday", "ne2026-03-01"):
        refused = fhir_json(
            client.get(f"{FHIR}/Task", params={"_lastUpdated": bad}, headers=focal), 400
        )
        assert refused["issue"][0]["expression"] == ["_lastUpdated"]


def test_a_task_and_its_request_carry_the_institutions_own_code_and_nothing_else(
    client, focal, fates, uow
):
    task = fhir_json(client.get(f"{FHIR}/Task/{fates.completed}", headers=focal))
    assert task["focus"] == {"reference": f"ServiceRequest/{fates.completed}"}
    assert task["status"] == "completed"
    request = fhir_json(client.get(f"{FHIR}/ServiceRequest/{fates.completed}", headers=focal))
    with uow:
        referral = uow.session.get_one(Referral, fates.completed)
        beneficiary = uow.session.get_one(
            Beneficiary, uow.session.get_one(Case, referral.case_id).beneficiary_id
        )
        own_code = institution_code(
            uow.keys, beneficiary_id=beneficiary.id, institution_id=referral.institution_id
        )
    assert (
        request["subject"]
        == task["for"]
        == {
            "identifier": {
                "system": f"https://referral-engine.example/fhir/sid/institution-code/{referral.institution_id}",
                "value": own_code,
            }
        }
    )
    assert beneficiary.display_code not in str(request) + str(task)
    assert str(beneficiary.id) not in str(request) + str(task)


@pytest.mark.parametrize("kind", ["Task", "ServiceRequest"])
def test_another_institutions_unknown_or_malformed_id_is_not_found(client, focal, fates, kind):
    for missing in (fates.elsewhere, "0b9a1c1e-94b5-4a59-9f2f-2a1d1f9c1a10", "not-an-id"):
        outcome = fhir_json(client.get(f"{FHIR}/{kind}/{missing}", headers=focal), 404)
        assert outcome["issue"][0]["code"] == "not-found"
        assert "not-an-id" not in str(outcome)  # someone may have typed a name there


def test_the_organizations_a_task_names_are_read_in_the_callers_network_only(
    client, focal, fates, uow
):
    task = fhir_json(client.get(f"{FHIR}/Task/{fates.completed}", headers=focal))
    d = demo(uow)
    named = {
        side: fhir_json(client.get(f"{FHIR}/{task[side]['reference']}", headers=focal))
        for side in ("requester", "owner")
    }
    assert {side: org["id"] for side, org in named.items()} == {
        "requester": str(d.ngo),
        "owner": str(d.aids_centre),
    }
    assert named["owner"]["active"] is True and named["owner"]["name"]
    elsewhere = another_network(uow)
    for missing in (elsewhere.ngo, 935550199, "not-an-id"):
        outcome = fhir_json(client.get(f"{FHIR}/Organization/{missing}", headers=focal), 404)
        assert outcome["issue"][0]["code"] == "not-found"
        assert str(missing) not in str(outcome)  # a typed phone number is not repeated back


def test_without_a_token_401_and_for_other_roles_403_as_outcomes(client, bearer, fates):
    assert fhir_json(client.get(f"{FHIR}/Task"), 401)["issue"][0]["code"] == "login"
    caseworker = bearer("demo-caseworker")
    for path in (f"{FHIR}/Task", f"{FHIR}/Task/{fates.requested}", f"{FHIR}/Organization/1"):
        outcome = fhir_json(client.get(path, headers=caseworker), 403)
        assert outcome["issue"][0]["code"] == "forbidden"


def test_each_read_is_audited_like_the_institutions_other_reads(client, focal, fates, uow):
    fhir_json(client.get(f"{FHIR}/Task", headers=focal))
    fhir_json(client.get(f"{FHIR}/ServiceRequest/{fates.held}", headers=focal))
    with uow:
        actions = uow.session.scalars(
            select(AuditEntry.action).where(AuditEntry.actor_role == "focal_point")
        ).all()
    assert actions[-2:] == ["referral.inbox_read", "referral.read"]
