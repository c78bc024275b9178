"""The HSDS 3 directory, from `casework export hsds` and from GET /api/v1/hsds/services: every
record validates against Open Referral's schemas, each member offering a service is there with
where, when and how to reach it, a member that left is not, and ids do not move between runs."""

import json
from datetime import date

import pytest
import typer
from typer.testing import CliRunner

import cli.export
import cli.networks
from casework.actors import system_actor
from casework.governance.memoranda.commands.membership import record_member_leaving
from cli.export import export_app
from tests.support.hsds import violations
from tests.support.network import demo

API = "/api/v1"
# `casework export`, without the main command's set-up of Prefect and logging.
CASEWORK = typer.Typer()
CASEWORK.add_typer(export_app, name="export")


@pytest.fixture
def export(new_uow, monkeypatch, tmp_path):
    """`casework export hsds` on the test database and clock; returns the two files, parsed,
    and the directory written."""
    for module in (cli.export, cli.networks):
        monkeypatch.setattr(module, "unit_of_work", new_uow)

    def run(name: str = "out") -> tuple[list, list, dict]:
        out = tmp_path / name
        result = CliRunner().invoke(
            CASEWORK, ["export", "hsds", "--out", str(out), "--network", "KHT"]
        )
        assert result.exit_code == 0, result.output
        files = {f: (out / f).read_bytes() for f in ("organizations.json", "services.json")}
        return json.loads(files["organizations.json"]), json.loads(files["services.json"]), files

    return run


def test_every_record_of_both_files_validates_against_the_hsds_3_schemas(export):
    organizations, services, _ = export()
    assert len(organizations) == 23 and len(services) > 23
    assert violations(organizations, "organization") == []
    assert violations(services, "service") == []


def test_each_member_with_a_service_is_listed_with_its_address_phone_hours_and_desk(
    export, client, bearer, uow
):
    organizations, services, _ = export()
    directory = client.get(f"{API}/members", headers=bearer("demo-caseworker")).json()["items"]
    offering = [m for m in directory if m["services"]]
    assert len(services) == sum(len(m["services"]) for m in offering)
    names = {s["organization"]["name"] for s in services}
    assert names == {m["name"] for m in offering}
    for member in offering:
        theirs = [s for s in services if s["organization"]["name"] == member["name"]]
        assert len(theirs) == len(member["services"]), member["name"]
        for service in theirs:
            location = service["service_at_locations"][0]["location"]
            [address], [phone] = location["addresses"], location["phones"]
            assert address["address_1"] == member["address"] and address["country"] == "TJ"
            assert phone["number"] == member["phone"]
            hours = ", ".join(h["description"] for h in location["schedules"])
            assert hours == member["opening_hours"]
    centre = [s for s in services if s["organization"]["name"] == "Regional AIDS Centre (demo)"]
    assert [s["name"] for s in centre] == [
        "Viral hepatitis testing", "HIV testing and counselling",
        "Diagnosis and treatment of sexually transmitted infections",
    ]  # fmt: skip
    location = centre[0]["service_at_locations"][0]["location"]
    assert location["addresses"][0]["city"] == "Bokhtar"
    assert [(h["byday"], h["opens_at"], h["closes_at"]) for h in location["schedules"]] == [
        ("MO,TU,WE,TH,FR", "08:00", "17:00"),
        ("SA", "08:00", "12:00"),
    ]
    assert location["contacts"] == [
        {
            "id": location["contacts"][0]["id"],
            "location_id": location["id"],
            "title": "Trust room, ground floor: ask for the counsellor",
        }
    ]
    by_name = {o["name"]: o for o in organizations}
    assert by_name["Regional AIDS Centre (demo)"]["locations"] == [location]
    assert by_name["Regional AIDS Centre (demo)"]["id"] == centre[0]["organization_id"]


def test_a_member_that_left_is_absent(export, uow):
    d = demo(uow)
    record_member_leaving(
        uow,
        actor=system_actor("tests"),
        member_id=d.narcology_centre,
        effective_on=date(2026, 3, 2),
    )  # the test clock's today
    organizations, services, _ = export()
    left = "Regional Narcology Centre (demo)"
    assert len(organizations) == 22 and left not in {o["name"] for o in organizations}
    assert left not in {s["organization"]["name"] for s in services}


def test_ids_are_the_same_in_two_exports(export):
    *_, first = export("first")
    *_, second = export("second")
    assert first == second
    services = json.loads(first["services.json"])
    assert len({s["id"] for s in services}) == len(services)


def test_the_api_serves_the_services_file_to_the_networks_staff(export, client, bearer):
    _, services, _ = export()
    for username in ("demo-caseworker", "demo-focal", "demo-coordinator"):
        response = client.get(f"{API}/hsds/services", headers=bearer(username))
        assert response.status_code == 200, response.text
        assert response.json() == services
