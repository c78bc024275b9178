"""Shortcuts for driving the HTTP API in tests: request bodies and the common first steps."""

import secrets
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import select

from casework.accounts.commands import TokenLifetimes, token_hash
from casework.accounts.model import AccessToken, TokenKind, User
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
    """An Authorization header for a user, as their own login gives it, without the
    password check (argon2 costs a third of a second)."""
    return {"Authorization": f"Bearer {stored_token(uow, username, TokenKind.API)}"}


def stored_token(uow: UnitOfWork, username: str, kind: TokenKind) -> str:
    """A live token of the user's own, written straight to the database: no command issues
    a caseworker's or a focal point's token without their password."""
    token = secrets.token_urlsafe(32)
    with uow:
        user_id = uow.session.scalar(select(User.id).where(User.username == username))
        uow.session.add(
            AccessToken(
                user_id=user_id,
                kind=kind,
                token_hash=token_hash(token),
                label="tests",
                issued_by=f"user:{user_id}",
                created_at=uow.now(),
                expires_at=uow.now() + TokenLifetimes().of_kind(kind),
            )
        )
        uow.commit()
    return token
