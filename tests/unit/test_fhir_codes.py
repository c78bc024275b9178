"""Every referral status and every published code has its FHIR mapping: a status or a code
list added without one fails here, before an export or the Task feed would carry it."""

import inspect
import re
from enum import StrEnum

import pytest

from casework.referrals import reasons
from casework.referrals.states import ReferralStatus
from interop.fhir import codes

# FHIR R4 value sets (hl7.org/fhir/R4/valueset-task-status.html, valueset-request-status.html)
TASK_STATUS = {
    "draft", "requested", "received", "accepted", "rejected", "ready", "cancelled",
    "in-progress", "on-hold", "failed", "completed", "entered-in-error",
}  # fmt: skip
REQUEST_STATUS = {
    "draft",
    "active",
    "on-hold",
    "revoked",
    "completed",
    "entered-in-error",
    "unknown",
}
FHIR_CODE = re.compile(r"[^\s]+( [^\s]+)*")  # the FHIR `code` datatype

CODE_LISTS = [
    kind
    for _, kind in inspect.getmembers(reasons, inspect.isclass)
    if issubclass(kind, StrEnum) and kind.__module__ == reasons.__name__
]


@pytest.mark.parametrize("status", list(ReferralStatus))
def test_each_status_is_a_task_status_and_has_a_service_request_status(status):
    assert status.facts.fhir_code in TASK_STATUS
    assert codes.SERVICE_REQUEST_STATUS[status] in REQUEST_STATUS


def test_every_code_list_of_the_reasons_module_is_one_code_system_of_ours():
    assert len(CODE_LISTS) >= 5
    systems = [codes.SYSTEM_OF[kind] for kind in CODE_LISTS]
    assert len(set(systems)) == len(systems)
    assert all(system.startswith(codes.CANONICAL + "/CodeSystem/") for system in systems)


@pytest.mark.parametrize("kind", CODE_LISTS, ids=lambda kind: kind.__name__)
def test_each_code_is_a_fhir_code_in_its_own_system(kind):
    for code in kind:
        assert FHIR_CODE.fullmatch(code.value)
        assert codes.coding(code) == {"system": codes.SYSTEM_OF[kind], "code": code.value}
