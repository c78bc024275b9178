"""Shortcuts for driving the HTTP API in tests: request bodies and the common first steps."""

from typing import Any

from fastapi.testclient import TestClient

from casework.accounts.commands import issue_api_token
from casework.actors import system_actor
from casework.uow import UnitOfWork

UIC = {"sex": "F", "birth_year": 1984, "mother_letters": "ҶӮ", "father_letters": "ҲА"}


def case_body(**overrides: Any) -> dict:
    body = {"uic": UIC, "needs": ["hiv_testing"], "consent": {"referral": True}}
    return body | overrides


def open_case(client: TestClient, headers: dict, **overrides: Any) -> dict:
    response = client.post("/api/v1/cases", json=case_body(**overrides), headers=headers)
    assert response.status_code == 201, response.text
    return response.json()


def refer(client: TestClient, headers: dict, case_id: str, **body: Any) -> dict:
    response = client.post(
        f"/api/v1/cases/{case_id}/referrals",
        json={"service": "hiv_testing"} | body,
        headers=headers,
    )
    assert response.status_code == 201, response.text
    return response.json()


def issue_bearer(uow: UnitOfWork, username: str) -> dict[str, str]:
    """An Authorization header for a user, issued directly (no password hashing: fast)."""
    issued = issue_api_token(uow, actor=system_actor("tests"), username=username, label="tests")
    return {"Authorization": f"Bearer {issued.token}"}
