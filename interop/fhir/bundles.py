"""Bundles: the network's export (a `collection` whose references all resolve inside it)
and a page of an institution's Task feed (a `searchset`)."""

import uuid
from collections.abc import Callable
from datetime import datetime

from casework.referrals.queries.exports import NetworkExport
from interop.fhir import resources
from interop.fhir.resources import instant

# Fixed: the same record gets the same fullUrl in every export.
_NAMESPACE = uuid.UUID("5a0f7c8e-3b1d-4c52-9e67-0d2f8a6b4c13")


def in_bundle(kind: str, id: str) -> str:
    """The fullUrl of a resource in the export, which references to it carry."""
    return f"urn:uuid:{uuid.uuid5(_NAMESPACE, f'{kind}/{id}')}"


def export_bundle(
    data: NetworkExport, *, at: datetime, on_referral: Callable[[], None] = lambda: None
) -> dict:
    """Every record of the export as a resource; `on_referral` is called after each
    referral's pair (ServiceRequest and Task), to show progress."""
    active = {m.id: m.active for m in data.members}
    ngo_of = {b.id: b.ngo_id for b in data.beneficiaries}
    found = [resources.organization(m) for m in data.members]
    found += [
        resources.healthcare_service(s, active=active[s.member_id], ref=in_bundle)
        for s in data.services
    ]
    found += [resources.patient(b) for b in data.beneficiaries]
    found += [
        resources.consent(c, ngo_id=ngo_of[c.beneficiary_id], ref=in_bundle) for c in data.consents
    ]
    for exported in data.referrals:
        subject = resources.reference(in_bundle, "Patient", exported.beneficiary_id)
        found.append(resources.service_request(exported.record, subject=subject, ref=in_bundle))
        found.append(resources.task(exported.record, subject=subject, ref=in_bundle))
        on_referral()
    return {
        "resourceType": "Bundle",
        "type": "collection",
        "timestamp": instant(at),
        "entry": [{"fullUrl": in_bundle(r["resourceType"], r["id"]), "resource": r} for r in found],
    }


def searchset(found: list[dict], *, base: str, self_url: str, next_url: str | None) -> dict:
    """A page of search matches, each at its own read URL under `base`."""
    links = [{"relation": "self", "url": self_url}]
    if next_url is not None:
        links.append({"relation": "next", "url": next_url})
    return {
        "resourceType": "Bundle",
        "type": "searchset",
        "link": links,
        "entry": [
            {
                "fullUrl": f"{base}/{r['resourceType']}/{r['id']}",
                "resource": r,
                "search": {"mode": "match"},
            }
            for r in found
        ],
    }
