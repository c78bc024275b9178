"""An API request's bearer token is looked up in the endpoint's own trip to the thread pool
and, on PostgreSQL, in the endpoint's first transaction (service.one_hop, UnitOfWork
.read_ahead): the answers must be the ones a separate lookup gave, and no connection may be
left behind, whatever the endpoint does."""

import uuid

from sqlalchemy import event

from tests.support.api import case_body

DEAD = {"Authorization": "Bearer not-a-live-token"}


def test_a_dead_token_is_answered_401_before_anything_is_said_of_the_input(client):
    bad_query = client.get("/api/v1/cases?limit=0", headers=DEAD)
    bad_body = client.post("/api/v1/cases", json=case_body(needs=["no-such"]), headers=DEAD)
    for response in (bad_query, bad_body):
        assert response.status_code == 401
        assert response.headers["www-authenticate"] == "Bearer"
        assert response.json() == {"detail": "not authenticated"}


def test_a_live_token_with_bad_input_is_told_which_field(client, bearer):
    response = client.get("/api/v1/cases?limit=0", headers=bearer("demo-caseworker"))
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["query", "limit"]


def test_a_request_reads_its_token_and_its_page_on_one_connection_on_postgresql(
    client, bearer, engine
):
    caseworker = bearer("demo-caseworker")
    taken: list[int] = []

    def count(*_args) -> None:
        taken.append(1)

    event.listen(engine, "checkout", count)
    try:
        assert client.get("/api/v1/cases", headers=caseworker).status_code == 200
    finally:
        event.remove(engine, "checkout", count)
    # SQLite keeps a read of its own: its every transaction takes the write lock.
    assert len(taken) == (2 if engine.dialect.name == "sqlite" else 1)


def test_no_request_leaves_a_connection_taken_whatever_its_endpoint_does(client, bearer, engine):
    caseworker = bearer("demo-caseworker")
    answers = [
        client.get("/api/v1/cases", headers=caseworker).status_code,  # reads and audits
        client.get("/api/v1/services", headers=caseworker).status_code,  # never opens a block
        client.get(f"/api/v1/cases/{uuid.uuid4()}", headers=caseworker).status_code,  # refused
        client.get("/api/v1/cases", headers=DEAD).status_code,  # no actor
        client.post("/api/v1/cases", json=case_body(), headers=caseworker).status_code,
    ]
    assert answers == [200, 200, 404, 401, 201]
    assert engine.pool.checkedout() == 0
