"""Finding a case over HTTP: `GET /api/v1/cases?q=` by a display code or a referral's serial
as typed, with the status, service, opening days and "mine" filters."""

from tests.support.api import UIC, open_case, refer


def ids(response) -> list[str]:
    assert response.status_code == 200, response.text
    return [c["id"] for c in response.json()["items"]]


def test_a_case_is_found_by_a_serial_typed_in_lower_case_with_spaces(client, bearer):
    headers = bearer("demo-caseworker")
    wanted = open_case(client, headers)
    open_case(client, headers, uic=UIC | {"birth_year": 1990})
    serial = refer(client, headers, wanted["id"])["serial"]
    typed = serial.lower().replace("-", " ")
    assert ids(client.get("/api/v1/cases", params={"q": typed}, headers=headers)) == [wanted["id"]]
    code = wanted["display_code"].lower()
    assert ids(client.get("/api/v1/cases", params={"q": code}, headers=headers)) == [wanted["id"]]
    for nothing in (UIC["mother_letters"], "KHT-2026-999999-0"):
        assert ids(client.get("/api/v1/cases", params={"q": nothing}, headers=headers)) == []
    other_ngo = bearer("demo-caseworker-2")
    assert ids(client.get("/api/v1/cases", params={"q": typed}, headers=other_ngo)) == []


def test_cases_filter_by_status_service_days_and_mine(client, bearer):
    caseworker, supervisor = bearer("demo-caseworker"), bearer("demo-supervisor")
    housing = open_case(client, caseworker, needs=["housing"])
    testing = open_case(client, supervisor, uic=UIC | {"birth_year": 1990})

    def listed(headers=caseworker, **params):
        return ids(client.get("/api/v1/cases", params=params, headers=headers))

    assert listed(service="housing") == [housing["id"]]
    assert listed(mine="true") == [housing["id"]]
    assert listed(supervisor, mine="true") == [testing["id"]]
    assert set(listed(opened_from="2026-03-02", opened_to="2026-03-02")) == {
        housing["id"],
        testing["id"],
    }
    assert listed(opened_to="2026-03-01") == []
    assert listed(status="withdrawn") == []
    refused = client.get(
        "/api/v1/cases",
        params={"opened_from": "2026-03-05", "opened_to": "2026-03-01"},
        headers=caseworker,
    )
    assert refused.status_code == 422
    assert refused.json()["detail"][0]["loc"][-1] == "opened_to"
    for bad, field in [({"status": "lost"}, "status"), ({"opened_from": "March"}, "opened_from")]:
        response = client.get("/api/v1/cases", params=bad, headers=caseworker)
        assert response.status_code == 422
        assert response.json()["detail"][0]["loc"] == ["query", field]
