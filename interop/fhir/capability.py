"""What the institutions' FHIR API offers (service/routes/fhir.py), said as FHIR says it."""

from interop.fhir.codes import CANONICAL

# The day these interactions were last changed: the statement's own version date.
PUBLISHED = "2026-12-02"

TASK_SEARCH_PARAMS = [
    {
        "name": "status",
        "definition": "http://hl7.org/fhir/SearchParameter/Task-status",
        "type": "token",
        "documentation": "One status or several, comma-separated (any of them).",
    },
    {
        "name": "_lastUpdated",
        "definition": "http://hl7.org/fhir/SearchParameter/Resource-lastUpdated",
        "type": "date",
        "documentation": "Prefixes eq (default), gt, ge, lt, le; repeat to bound both ends. "
        "Poll with gt<the last lastUpdated seen> and follow the `next` links.",
    },
    {
        "name": "_count",
        "type": "number",
        "documentation": "Tasks per page: 50 unless asked, at most 200.",
    },
]


def capability_statement(base_url: str) -> dict:
    """Read and search Tasks, read ServiceRequests: the referrals addressed to the caller's
    institution, for its focal point's API token; read the Organizations they name; nothing
    else."""
    return {
        "resourceType": "CapabilityStatement",
        "url": f"{CANONICAL}/CapabilityStatement/institution-feed",
        "name": "InstitutionTaskFeed",
        "status": "active",
        "date": PUBLISHED,
        "kind": "instance",
        "implementation": {
            "description": "Referrals addressed to the caller's institution",
            "url": base_url,
        },
        "fhirVersion": "4.0.1",
        "format": ["application/fhir+json"],
        "rest": [
            {
                "mode": "server",
                "security": {
                    "description": "A focal point's API token (POST /api/v1/auth/token) as "
                    "`Authorization: Bearer <token>`; it sees its own institution's referrals."
                },
                "resource": [
                    {
                        "type": "Task",
                        "interaction": [{"code": "read"}, {"code": "search-type"}],
                        "searchParam": TASK_SEARCH_PARAMS,
                    },
                    {"type": "ServiceRequest", "interaction": [{"code": "read"}]},
                    {"type": "Organization", "interaction": [{"code": "read"}]},
                ],
            }
        ],
    }
