"""The app over HTTP, against the per-test database."""

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from referral_forms.keys import FormKeys
from service.app import create_app
from tests.support.api import issue_bearer
from tests.support.databases import DEMO_PASSWORD


@pytest.fixture
def client(settings, new_uow) -> Iterator[TestClient]:
    with TestClient(create_app(settings, uow_factory=new_uow)) as test_client:
        yield test_client


@pytest.fixture
def login(client):
    """Log in as a demo user; returns the Authorization header."""

    def _login(username: str) -> dict[str, str]:
        response = client.post(
            "/api/v1/auth/token", json={"username": username, "password": DEMO_PASSWORD}
        )
        assert response.status_code == 200, response.text
        return {"Authorization": f"Bearer {response.json()['access_token']}"}

    return _login


@pytest.fixture
def bearer(uow):
    """The Authorization header of a token issued straight to a user: no password check,
    so no argon2 cost (a third of a second per login here). Tests of logging in use `login`."""
    return lambda username: issue_bearer(uow, username)


@pytest.fixture
def form_keys(settings) -> FormKeys:
    """The key that signs referral forms' QR, as `casework keys init` creates it."""
    keys = FormKeys(settings.form_keys_dir)
    keys.generate()
    return keys
