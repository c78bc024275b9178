"""What the audit trail shows members over HTTP: each monthly report publishes the chain head
as an anchor, and a look at another organisation's record is refused (404) and audited."""

import uuid
from datetime import date

from sqlalchemy import func, select

from casework.accounts.model import User
from casework.audit import AuditEntry, chain_head
from casework.audit_actions import AuditAction
from casework.audit_seal import seal_audit_trail
from casework.audit_verify import verify_chain
from casework.governance.reports.commands import store_report
from casework.governance.reports.figures import report_figures
from casework.governance.reports.periods import month_of
from casework.languages import Language
from reports.render import render_report
from tests.support.api import UIC, open_case
from tests.support.governance import COORDINATOR
from tests.support.network import demo
from tests.support.pages import sign_in

FEBRUARY = date(2026, 2, 1)


def refusals(uow) -> list[AuditEntry]:
    with uow:
        return list(
            uow.session.scalars(
                select(AuditEntry).where(AuditEntry.action == AuditAction.ACCESS_REFUSED)
            )
        )


def audit_rows(uow) -> int:
    with uow:
        return uow.session.scalar(select(func.count()).select_from(AuditEntry))


def test_each_monthly_report_publishes_the_chain_head_of_its_time(client, uow, bearer):
    d = demo(uow)
    written_before = audit_rows(uow)
    figures = report_figures(
        uow, actor=COORDINATOR, network_id=d.network, period=month_of(FEBRUARY)
    )
    head = figures.audit_chain
    assert head.seq == written_before  # the report sealed every row written before it
    renditions = {language: render_report(figures, language) for language in Language}
    report_id = store_report(
        uow, actor=COORDINATOR, network_id=d.network, figures=figures, renditions=renditions
    )
    seal_audit_trail(uow)
    with uow:
        later = chain_head(uow.session)
    assert later.seq > head.seq  # the report's own rows came after its anchor

    api = client.get(f"/api/v1/reports/{report_id}", headers=bearer("demo-supervisor")).json()
    assert api["figures"]["audit_chain"] == {"seq": head.seq, "hash": head.hash}
    for language in Language:
        assert head.hash in renditions[language][0]  # the HTML the PDF is printed from
    sign_in(client, "demo-caseworker", language="en")
    page = client.get(f"/reports/{report_id}/report.html", params={"lang": "en"}).text
    assert f"Audit trail anchor: entry {head.seq}, {head.hash}" in page
    # A member holding the anchor can have the trail checked against it.
    with uow:
        checked = verify_chain(
            uow.session, key=uow.keys.audit_chain_key, anchors={head.seq: head.hash}
        )
    assert checked.intact and checked.head_seq > head.seq


def test_reading_another_ngos_case_is_refused_and_the_refusal_audited(client, uow, bearer):
    opened = open_case(client, bearer("demo-caseworker"))
    other = bearer("demo-caseworker-2")
    assert refusals(uow) == []

    foreign = client.get(f"/api/v1/cases/{opened['id']}", headers=other)
    assert foreign.status_code == 404 and foreign.json()["detail"][0]["type"] == "NotFound"
    # A case that does not exist names nothing to audit.
    assert client.get(f"/api/v1/cases/{uuid.uuid4()}", headers=other).status_code == 404

    [row] = refusals(uow)
    with uow:
        prober = uow.session.scalar(select(User).where(User.username == "demo-caseworker-2"))
    assert row.actor_id == f"user:{prober.id}" and row.organisation_id == prober.organisation_id
    assert (row.object_type, row.object_id) == ("cases", str(uuid.UUID(opened["id"])))
    written = " ".join(str(value) for value in vars(row).values())
    assert not any(letters in written for letters in (UIC["mother_letters"], UIC["father_letters"]))
    with uow:
        assert verify_chain(uow.session, key=uow.keys.audit_chain_key).intact
