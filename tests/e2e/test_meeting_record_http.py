"""The meeting's record over HTTP: the protocol to print (API and meeting page), and the
decisions page's form that attaches the order itself, within its own body limit."""

from datetime import date

import pytest

from tests.support.governance import decided_meeting, in_session, tiny_pdf
from tests.support.network import demo
from tests.support.pages import web_session

API = "/api/v1"


def test_the_protocol_is_served_once_the_meeting_is_closed(client, bearer, uow, clock):
    d = demo(uow)
    decision_id = decided_meeting(uow, clock, d, [d.aids_centre])
    open_one = in_session(uow, clock, month=date(2026, 4, 1))
    coordinator = bearer("demo-coordinator")  # after the clock moved: tokens expire
    refused = client.get(f"{API}/meetings/{open_one}/protocol.pdf", headers=coordinator)
    assert refused.status_code == 409
    assert "once the meeting is closed" in refused.text

    meeting_id = client.get(f"{API}/decisions/{decision_id}", headers=coordinator).json()[
        "meeting_id"
    ]
    got = client.get(
        f"{API}/meetings/{meeting_id}/protocol.pdf",
        params={"lang": "ru"},
        headers=bearer("demo-caseworker"),
    )
    assert got.status_code == 200 and got.headers["content-type"] == "application/pdf"
    assert got.content.startswith(b"%PDF-")
    assert 'filename="meeting-protocol-2026-03-ru.pdf"' in got.headers["content-disposition"]

    headers, _ = web_session(uow, "demo-caseworker")
    page = client.get(f"/meetings/{meeting_id}", headers=headers)
    assert f'href="/meetings/{meeting_id}/protocol.pdf?lang=tg"' in page.text
    download = client.get(f"/meetings/{meeting_id}/protocol.pdf?lang=en", headers=headers)
    assert download.status_code == 200
    assert download.headers["content-disposition"].startswith("attachment;")


@pytest.mark.parametrize("backend", ["sqlite"], indirect=True)
def test_a_focal_point_attaches_its_order_on_the_decisions_page(
    client, bearer, uow, clock, settings
):
    d = demo(uow)
    decision_id = decided_meeting(uow, clock, d, [d.aids_centre])
    headers, csrf = web_session(uow, "demo-focal")  # the AIDS Centre's focal point
    page = client.get("/decisions", headers=headers)
    assert f'action="/decisions/{decision_id}/attachments"' in page.text
    # The notice, in the reader's language (Tajik by default).
    assert "Ҳеҷ гоҳ чизеро дар бораи бенефитсиар замима накунед" in page.text

    def upload(content: bytes, name: str = "Приказ 14-p.pdf"):
        return client.post(
            f"/decisions/{decision_id}/attachments",
            headers=headers,
            data={"csrf": csrf},
            files={"file": (name, content, "application/pdf")},
            follow_redirects=False,
        )

    # Over the 64 KiB of an ordinary form, within the attachment's limit.
    order = tiny_pdf("x" * 200_000)
    assert upload(order).status_code == 303
    listed = client.get("/decisions", headers=headers).text
    assert "Приказ 14-p.pdf" in listed
    [attachment] = client.get(
        f"{API}/decisions/{decision_id}", headers=bearer("demo-caseworker")
    ).json()["attachments"]
    got = client.get(
        f"{API}/decisions/{decision_id}/attachments/{attachment['id']}",
        headers=bearer("demo-caseworker"),
    )
    assert got.status_code == 200 and got.content == order
    assert got.headers["content-type"] == "application/pdf"
    assert got.headers["content-disposition"].startswith("attachment;")
    assert (
        "filename*=UTF-8''%D0%9F%D1%80%D0%B8%D0%BA%D0%B0%D0%B7"
        in got.headers["content-disposition"]
    )

    not_pdf = upload(b"GIF89a" + b"0" * 500, "order.pdf")
    assert not_pdf.status_code == 422 and "танҳо файли PDF" in not_pdf.text
    settings.attachment_max_bytes = 100_000  # the store reads the limit on each request
    too_large = upload(order)
    assert too_large.status_code == 422 and "калонтар" in too_large.text
    # A body past the upload's own limit is refused before the app reads it.
    huge = upload(b"%PDF-1.4\n" + b"0" * (settings.max_request_bytes + 5 * 1024 * 1024))
    assert huge.status_code == 413
