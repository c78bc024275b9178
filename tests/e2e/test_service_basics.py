"""The service starts, answers health checks, documents itself and knows who is calling."""

from datetime import timedelta

import pytest

from casework import outbox
from casework.readiness import NotReadyToServe
from service.app import create_app


def test_health_reports_the_database_and_the_outbox(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "database": "up",
        "outbox_pending": 0,
        "outbox": {"backlog": 0, "oldest_age_seconds": 0.0},
    }


def test_openapi_documents_the_api(client):
    assert client.get("/docs").status_code == 200
    paths = client.get("/openapi.json").json()["paths"]
    assert "/api/v1/auth/token" in paths and "/api/v1/me" in paths


def test_a_demo_user_logs_in_and_sees_who_they_are(client, login):
    response = client.get("/api/v1/me", headers=login("demo-focal"))
    assert response.status_code == 200
    body = response.json()
    assert body["username"] == "demo-focal"
    assert body["role"] == "focal_point"
    assert isinstance(body["organisation_id"], int)


@pytest.mark.parametrize(
    "headers", [{}, {"Authorization": "Bearer not-a-token"}, {"Authorization": "Basic eDp5"}]
)
def test_without_valid_credentials_the_api_answers_401(client, headers):
    response = client.get("/api/v1/me", headers=headers)
    assert response.status_code == 401
    assert response.headers["www-authenticate"] == "Bearer"


def test_a_wrong_password_and_an_unknown_user_get_the_same_answer(client):
    wrong = client.post(
        "/api/v1/auth/token", json={"username": "demo-focal", "password": "nope-nope-nope"}
    )
    unknown = client.post(
        "/api/v1/auth/token", json={"username": "nobody", "password": "nope-nope-nope"}
    )
    assert wrong.status_code == unknown.status_code == 401
    assert wrong.json() == unknown.json()


def test_login_rejects_unknown_fields_naming_them(client):
    response = client.post(
        "/api/v1/auth/token", json={"username": "demo-focal", "password": "x", "remember": True}
    )
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body", "remember"]


def test_the_app_refuses_to_start_without_the_uic_pepper_in_one_line(settings, new_uow, tmp_path):
    unpeppered = settings.model_copy(
        update={"uic_pepper": None, "uic_pepper_file": tmp_path / "absent"}
    )
    with pytest.raises(NotReadyToServe) as refused:
        create_app(unpeppered, uow_factory=new_uow)
    assert refused.value.code.startswith("refusing to start: the UIC pepper is missing")


def test_health_shows_the_dispatch_backlog_and_how_long_its_oldest_row_has_waited(
    client, uow, clock
):
    with uow:
        outbox.enqueue(uow.session, now=uow.now(), flow="housekeeping")
        outbox.enqueue(  # a timer not due yet is no backlog
            uow.session, now=uow.now(), flow="housekeeping",
            available_at=uow.now() + timedelta(hours=1),
        )  # fmt: skip
        uow.commit()
    clock.advance(timedelta(seconds=40))
    with uow:  # a dispatcher tried one and failed: the row keeps its age while it waits
        [row_id] = outbox.claim_due(uow.session, now=uow.now(), lease=timedelta(1), limit=5)
        outbox.mark_failed(uow.session, row_id, now=uow.now(), error="TimeoutError")
        uow.commit()
    clock.advance(timedelta(seconds=50))
    health = client.get("/healthz").json()
    assert health["outbox"] == {"backlog": 1, "oldest_age_seconds": 90.0}
    assert health["outbox_pending"] == 2
