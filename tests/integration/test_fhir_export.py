"""`casework export fhir`: the network as one FHIR R4 Bundle that validates, whose references
all resolve inside it, whose Tasks say what became of each referral, and in which a person
is a pseudonym and nothing more."""

import json
from datetime import timedelta

from sqlalchemy import func, select

from casework.audit import AuditEntry
from casework.referrals import commands as referrals
from casework.referrals.model import Referral
from tests.support.fhir import NOTE, referrals_of_every_fate, validated
from tests.support.network import demo


def export(cli, tmp_path, *args: str) -> dict:
    out = tmp_path / "export"
    cli("export", "fhir", "--out", str(out), *args)
    return json.loads((out / "bundle.json").read_text())


def by_type(bundle: dict, kind: str) -> dict[str, dict]:
    return {
        e["resource"]["id"]: e["resource"]
        for e in bundle["entry"]
        if e["resource"]["resourceType"] == kind
    }


def references(value) -> list[str]:
    if isinstance(value, dict):
        found = [value["reference"]] if "reference" in value else []
        return found + [r for v in value.values() for r in references(v)]
    if isinstance(value, list):
        return [r for v in value for r in references(v)]
    return []


def test_the_export_validates_and_every_reference_resolves_inside_it(uow, clock, cli, tmp_path):
    d = demo(uow)
    fates = referrals_of_every_fate(uow, d, clock)
    bundle = export(cli, tmp_path, "--network", "KHT")
    validated(bundle)
    assert bundle["type"] == "collection"
    for entry in bundle["entry"]:
        validated(entry["resource"])
    full_urls = [e["fullUrl"] for e in bundle["entry"]]
    assert len(full_urls) == len(set(full_urls))
    assert set(references(bundle)) - set(full_urls) == set()
    tasks = by_type(bundle, "Task")
    assert set(tasks) == {str(i) for i in [*fates.at_the_aids_centre(), fates.elsewhere]}
    assert set(by_type(bundle, "ServiceRequest")) == set(tasks)
    assert len(by_type(bundle, "Organization")) == len(d.members)
    assert by_type(bundle, "HealthcareService")
    assert by_type(bundle, "Consent")


def test_ids_are_the_same_in_every_export(uow, clock, cli, tmp_path):
    d = demo(uow)
    referrals_of_every_fate(uow, d, clock)
    first = [e["fullUrl"] for e in export(cli, tmp_path)["entry"]]
    clock.advance(timedelta(days=1))
    assert [e["fullUrl"] for e in export(cli, tmp_path)["entry"]] == first


def test_each_task_says_what_became_of_its_referral(uow, clock, cli, tmp_path):
    d = demo(uow)
    fates = referrals_of_every_fate(uow, d, clock)
    bundle = export(cli, tmp_path)
    tasks = by_type(bundle, "Task")
    url = {
        (e["resource"]["resourceType"], e["resource"]["id"]): e["fullUrl"] for e in bundle["entry"]
    }
    with uow:
        rows = {r.id: r for r in uow.session.scalars(select(Referral))}
    for referral_id, row in rows.items():
        task = tasks[str(referral_id)]
        assert task["status"] == row.status.value
        assert task["identifier"] == [
            {"system": task["identifier"][0]["system"], "value": row.serial}
        ]
        assert task["owner"]["reference"] == url["Organization", str(row.institution_id)]
        assert task["requester"]["reference"] == url["Organization", str(row.ngo_id)]
        assert task["focus"]["reference"] == url["ServiceRequest", str(referral_id)]
        request = by_type(bundle, "ServiceRequest")[str(referral_id)]
        assert task["for"] == request["subject"]  # for whom: the Patient of the NGO's code
        assert task["for"]["reference"] in url.values()
        assert task["restriction"]["period"]["end"] == row.valid_until.isoformat()
        assert task["lastModified"].startswith(row.updated_at.strftime("%Y-%m-%dT%H:%M:%S"))
    declined = tasks[str(fates.rejected)]
    assert [c["code"] for c in declined["statusReason"]["coding"]] == ["no_capacity"]
    assert declined["statusReason"]["coding"][0]["system"].endswith("/reject-reason")
    cancelled = tasks[str(fates.cancelled)]["statusReason"]["coding"][0]
    assert (cancelled["code"], cancelled["system"].split("/")[-1]) == (
        "client_declined",
        "cancel-reason",
    )
    outputs = {
        o["type"]["coding"][0]["code"]: o.get("valueBoolean", o.get("valueCodeableConcept"))
        for o in tasks[str(fates.completed)]["output"]
    }
    assert outputs["anonymous"] is True and outputs["voluntary"] is False
    assert outputs["outcome"]["coding"][0]["code"] == "service_received"
    assert "output" not in tasks[str(fates.requested)]
    assert NOTE not in json.dumps(bundle)


def test_a_patient_is_the_ngo_pseudonym_and_nothing_else(uow, clock, cli, tmp_path):
    d = demo(uow)
    referrals_of_every_fate(uow, d, clock)
    patients = by_type(export(cli, tmp_path), "Patient")
    assert patients
    for patient in patients.values():
        assert set(patient) == {"resourceType", "id", "identifier"}
        assert not {"name", "birthDate", "gender", "telecom", "address"} & set(patient)
        (identifier,) = patient["identifier"]
        assert len(identifier["value"]) == 9 and identifier["value"][4] == "-"


def test_since_keeps_the_referrals_changed_from_that_day_and_the_people_they_need(
    uow, clock, cli, tmp_path
):
    d = demo(uow)
    fates = referrals_of_every_fate(uow, d, clock)
    everyone = export(cli, tmp_path)
    clock.advance(timedelta(days=3))
    referrals.accept_referral(uow, actor=d.focal(), referral_id=fates.requested)
    later = clock.now().date().isoformat()
    bundle = export(cli, tmp_path, "--since", later)
    assert set(by_type(bundle, "Task")) == {str(fates.requested)}
    assert by_type(bundle, "Task")[str(fates.requested)]["status"] == "accepted"
    (patient,) = by_type(bundle, "Patient")
    assert {c["patient"]["reference"] for c in by_type(bundle, "Consent").values()} == {
        e["fullUrl"] for e in bundle["entry"] if e["resource"]["id"] == patient
    }
    assert len(by_type(everyone, "Patient")) > 1
    assert set(by_type(bundle, "Organization")) == set(by_type(everyone, "Organization"))


def test_the_export_is_one_audited_read(uow, clock, cli, tmp_path):
    d = demo(uow)
    referrals_of_every_fate(uow, d, clock)

    def exports() -> int:
        with uow:
            return uow.session.scalar(
                select(func.count(AuditEntry.id)).where(
                    AuditEntry.action == "network.fhir-exported"
                )
            )

    export(cli, tmp_path, "--network", "KHT")
    assert exports() == 1
    cli("export", "fhir", "--out", str(tmp_path), "--network", "NOPE", exit_code=2)
    assert exports() == 1
