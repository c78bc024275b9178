"""The governance pages as the coordinator and members meet them: a meeting that will not
close without its decisions (the page comes back 409 pointing at the item), members recording
how they carried a decision out, the memorandum showing who receives no referrals, the monthly
reports; readers who may not act see no forms and are refused, other networks see nothing."""

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from casework.accounts.commands import create_user
from casework.actors import Role, system_actor
from casework.governance.meetings.queries import get_decision, get_meeting
from casework.governance.meetings.states import MeetingStatus
from casework.governance.memoranda.commands.drafts import answer_draft, draft_next_memorandum
from casework.governance.memoranda.model import Answer
from casework.governance.memoranda.queries import get_draft, history, standing
from casework.governance.reports.commands import store_report
from casework.governance.reports.figures import report_figures
from casework.governance.reports.periods import month_of
from casework.languages import Language
from casework.network.commands import admit_member, register_network
from casework.network.model import MemberKind
from casework.outbox import OutboxMessage
from reports.render import render_report
from tests.support.databases import DEMO_PASSWORD
from tests.support.governance import (
    COORDINATOR,
    CURRENT_VALID_UNTIL,
    NEXT_VALID_FROM,
    decided_meeting,
    escalate_to_meeting,
    in_session,
    on,
    representative,
)
from tests.support.network import demo
from tests.support.pages import sign_in as signed_in

MEETING_DAY = date(2026, 3, 11)  # the second Wednesday of March 2026
FEBRUARY = date(2026, 2, 1)


def post(client, path: str, csrf: str, **data):
    return client.post(path, data={"csrf": csrf, **data}, follow_redirects=False)


def sign_in(client, username: str) -> str:
    """Signed in, reading the pages in English: the texts the assertions quote."""
    return signed_in(client, username, language="en")


def switch_user(client, username: str) -> str:
    client.cookies.clear()
    return sign_in(client, username)


def test_the_coordinator_runs_a_meeting_that_closes_only_with_its_decisions(client, uow, clock):
    d = demo(uow)
    on(clock, MEETING_DAY)
    institution = escalate_to_meeting(uow, d)
    csrf = sign_in(client, "demo-coordinator")
    scheduled = post(client, "/meetings", csrf, month="2026-03")
    assert scheduled.status_code == 303, scheduled.text
    meeting_url = scheduled.headers["location"]
    meeting_id = int(meeting_url.rsplit("/", 1)[1])
    assert post(client, f"{meeting_url}/agenda/refresh", csrf).status_code == 303
    [escalated] = get_meeting(uow, actor=COORDINATOR, meeting_id=meeting_id).agenda
    page = client.get(meeting_url).text
    assert "Regional AIDS Centre (demo)" in page and escalated.referral_serials[0] in page

    focal = switch_user(client, "demo-focal")
    assert post(client, f"{meeting_url}/agenda", focal, title="Evening hours").status_code == 303
    member_view = client.get(meeting_url).text
    assert "Evening hours" in member_view and escalated.referral_serials[0] not in member_view

    csrf = switch_user(client, "demo-coordinator")
    assert post(client, f"{meeting_url}/opening", csrf).status_code == 303
    attendance = {"member": [institution, d.ngo], "title": ["Deputy head", ""]}
    recorded = post(client, f"{meeting_url}/attendance", csrf, present=[institution], **attendance)
    assert recorded.status_code == 303
    escalated, proposal = get_meeting(uow, actor=COORDINATOR, meeting_id=meeting_id).agenda
    assert proposal.proposed_by_member_id == d.aids_centre
    minutes = post(
        client, f"/agenda-items/{escalated.id}/minutes", csrf, meeting_id=meeting_id, text="Heard."
    )
    assert minutes.status_code == 303
    deferred = post(client, f"/agenda-items/{proposal.id}/deferral", csrf, meeting_id=meeting_id)
    assert deferred.status_code == 303

    refused = post(client, f"{meeting_url}/closing", csrf)
    assert refused.status_code == 409
    assert "The meeting was not closed." in refused.text
    # Only the discussed item is marked: the deferred one needs nothing more.
    assert refused.text.count("Discussed without a decision") == 1
    assert get_meeting(uow, actor=COORDINATOR, meeting_id=meeting_id).status is (
        MeetingStatus.IN_SESSION
    )

    decided = post(
        client,
        f"/agenda-items/{escalated.id}/decisions",
        csrf,
        meeting_id=meeting_id,
        text="The centre answers referrals within two working days.",
        due_on="2026-04-10",
        responsible=[institution],
    )
    assert decided.status_code == 303
    assert post(client, f"{meeting_url}/closing", csrf).status_code == 303
    closed = get_meeting(uow, actor=COORDINATOR, meeting_id=meeting_id)
    assert closed.status is MeetingStatus.CLOSED
    [decision] = closed.agenda[0].decisions
    assert [r.member_id for r in decision.responsibilities] == [institution]
    assert "The centre answers referrals within two working days." in client.get(meeting_url).text


def test_the_coordinator_reschedules_and_cancels_the_next_meeting(client, uow):
    d = demo(uow)
    csrf = sign_in(client, "demo-coordinator")
    meeting_url = post(client, "/meetings", csrf, month="2026-03").headers["location"]
    meeting_id = int(meeting_url.rsplit("/", 1)[1])
    moved = post(
        client,
        f"{meeting_url}/schedule",
        csrf,
        day="2026-03-12",
        at="14:30",
        host_member_id=d.ngo,
    )
    assert moved.status_code == 303
    meeting = get_meeting(uow, actor=COORDINATOR, meeting_id=meeting_id)
    assert meeting.host_member_id == d.ngo
    assert meeting.starts_at.astimezone(uow.calendar.zone).strftime("%d.%m %H:%M") == "12.03 14:30"
    listed = client.get("/meetings").text
    assert "12.03.2026 14:30" in listed and "Reschedule" in listed

    out_of_month = post(client, f"{meeting_url}/schedule", csrf, day="2026-04-01", at="10:00")
    assert out_of_month.status_code == 422
    assert post(client, f"{meeting_url}/cancellation", csrf).status_code == 303
    assert get_meeting(uow, actor=COORDINATOR, meeting_id=meeting_id).status is (
        MeetingStatus.CANCELLED
    )
    assert post(client, "/meetings", csrf, month="2026-03").status_code == 409  # one a month


def test_a_representative_records_its_own_institutions_instrument(client, uow, clock):
    d = demo(uow)
    decision_id = decided_meeting(uow, clock, d, [d.aids_centre])
    instrument = {"instrument": "order", "number": "12-p", "issued_on": clock.now().date()}

    supervisor = sign_in(client, "demo-supervisor")
    assert "Record your organisation's instrument" not in client.get("/decisions").text
    path = f"/decisions/{decision_id}/institutionalisation"
    assert post(client, path, supervisor, **instrument).status_code == 404  # not theirs

    focal = switch_user(client, "demo-focal")
    assert "Record your organisation's instrument" in client.get("/decisions").text
    assert post(client, path, focal, **instrument).status_code == 303
    [done] = get_decision(uow, actor=COORDINATOR, decision_id=decision_id).responsibilities
    assert (done.instrument.value, done.instrument_number) == ("order", "12-p")
    assert post(client, path, focal, **instrument).status_code == 409  # once

    institutionalised = client.get("/decisions", params={"status": "institutionalised"}).text
    assert f"Decision no. {decision_id}" in institutionalised and "12-p" in institutionalised
    overdue = client.get("/decisions", params={"status": "overdue", "member_id": ""}).text
    assert f"Decision no. {decision_id}" not in overdue


def test_a_caseworker_reads_the_governance_pages_without_their_forms(client, uow, clock):
    meeting_id = in_session(uow, clock)
    csrf = sign_in(client, "demo-caseworker")
    page = client.get(f"/meetings/{meeting_id}")
    assert page.status_code == 200 and "Close the meeting" not in page.text
    assert "Record attendance" not in page.text and "Propose an item" not in page.text
    assert "Draft the next version now" not in client.get("/memorandum").text
    assert "Generate now" not in client.get("/reports").text

    assert post(client, f"/meetings/{meeting_id}/closing", csrf).status_code == 403
    assert post(client, f"/meetings/{meeting_id}/agenda", csrf, title="Mine").status_code == 403
    assert post(client, "/memorandum/drafts", csrf).status_code == 403
    assert post(client, "/reports", csrf, period="2026-02").status_code == 403
    assert client.get(f"/meetings/{2**31 - 1}").status_code == 404
    assert get_meeting(uow, actor=COORDINATOR, meeting_id=meeting_id).agenda == []


def test_another_networks_staff_see_nothing_of_this_networks_governance(client, uow, clock):
    d = demo(uow)
    decision_id = decided_meeting(uow, clock, d, [d.ngo])
    meeting_id = get_decision(uow, actor=COORDINATOR, decision_id=decision_id).meeting_id
    operator = system_actor("tests")
    network = register_network(uow, actor=operator, code="OTH", name="Other", region="Sughd")
    ngo = admit_member(
        uow,
        actor=operator,
        network_id=network,
        name="NGO of the other network (test)",
        kind=MemberKind.NGO,
        joined_on=date(2025, 1, 1),
    )
    create_user(
        uow,
        actor=operator,
        username="other-supervisor",
        role=Role.SUPERVISOR,
        password=DEMO_PASSWORD,
        organisation_id=ngo,
    )
    csrf = sign_in(client, "other-supervisor")
    assert client.get(f"/meetings/{meeting_id}").status_code == 404
    instrument = {"instrument": "order", "number": "1", "issued_on": clock.now().date()}
    refused = post(client, f"/decisions/{decision_id}/institutionalisation", csrf, **instrument)
    assert refused.status_code == 404
    memorandum = client.get("/memorandum").text
    assert "NGO of the other network (test)" in memorandum
    assert "Regional AIDS Centre (demo)" not in memorandum
    assert "Open until 19:00 on Thursdays." not in client.get("/decisions").text
    assert client.get("/memorandum", params={"network_id": d.network}).status_code == 404


def test_the_coordinator_amends_the_draft_until_a_member_signs_it_off(client, uow, clock):
    on(clock, CURRENT_VALID_UNTIL - timedelta(days=40))
    csrf = sign_in(client, "demo-coordinator")
    assert "Draft the next version now" in client.get("/memorandum").text
    assert post(client, "/memorandum/drafts", csrf).status_code == 303
    draft = standing(uow, actor=COORDINATOR).draft
    rows = draft.commitments
    amendment = {
        "category": [c.category.value for c in rows],
        "response": [3 if c.category.value == "medical" else c.response_deadline for c in rows],
        "completion": [c.completion_deadline for c in rows],
        "unit": [c.deadline_unit.value for c in rows],
        "free": [c.category.value for c in rows],
        "anonymous": [c.category.value for c in rows],
        "voluntary": [c.category.value for c in rows],
        "changes": "Medical referrals are answered within three working days.",
    }
    path = f"/memorandum/drafts/{draft.id}/commitments"
    assert post(client, path, csrf, **amendment).status_code == 303
    amended = get_draft(uow, actor=COORDINATOR, draft_id=draft.id)
    medical = next(c for c in amended.commitments if c.category.value == "medical")
    assert medical.response_deadline == 3 and amended.changes.startswith("Medical referrals")

    focal = switch_user(client, "demo-focal")
    signed = post(client, f"/memorandum/drafts/{draft.id}/answers", focal, answer="signed")
    assert signed.status_code == 303
    csrf = switch_user(client, "demo-coordinator")
    page = client.get("/memorandum").text
    assert "Amend the draft" not in page and "can no longer change" in page
    assert post(client, path, csrf, **amendment).status_code == 409


def test_the_memorandum_page_shows_a_member_that_did_not_sign_as_not_receiving_referrals(
    client, uow, clock
):
    d = demo(uow)
    on(clock, CURRENT_VALID_UNTIL - timedelta(days=30))
    draft_id = draft_next_memorandum(uow, actor=COORDINATOR, network_id=d.network)
    for member in (d.aids_centre, d.tb_dispensary):
        answer_draft(
            uow, actor=representative(uow, member), draft_id=draft_id, answer=Answer.SIGNED
        )
    on(clock, NEXT_VALID_FROM)
    csrf = sign_in(client, "demo-coordinator")
    assert post(client, f"/memorandum/drafts/{draft_id}/publication", csrf).status_code == 303

    page = client.get("/memorandum").text
    assert "Days left" in page and "no: has not signed the valid version" in page
    now = standing(uow, actor=COORDINATOR)
    assert {m.member_id for m in now.members if m.receives_referrals} == {
        d.aids_centre,
        d.tb_dispensary,
    }
    assert page.count("no: has not signed the valid version") == len(now.without_referrals)

    supervisor = switch_user(client, "demo-supervisor")
    own_form = client.get("/memorandum").text
    assert "Sign the valid version" in own_form
    memorandum_id = next(v.id for v in history(uow, actor=COORDINATOR) if v.version == now.version)
    late = post(client, f"/memorandum/versions/{memorandum_id}/signatures", supervisor)
    assert late.status_code == 303
    assert d.ngo not in {m.member_id for m in standing(uow, actor=COORDINATOR).without_referrals}


@pytest.mark.slow
def test_the_reports_page_lists_a_report_and_serves_it_in_each_language(client, uow):
    d = demo(uow)
    figures = report_figures(
        uow, actor=COORDINATOR, network_id=d.network, period=month_of(FEBRUARY)
    )
    renditions = {language: render_report(figures, language) for language in Language}
    report_id = store_report(
        uow, actor=COORDINATOR, network_id=d.network, figures=figures, renditions=renditions
    )

    sign_in(client, "demo-caseworker")
    listed = client.get("/reports").text
    assert "2026-02" in listed and f"/reports/{report_id}/report.pdf?lang=ru" in listed
    pdf = client.get(f"/reports/{report_id}/report.pdf", params={"lang": "ru"})
    assert pdf.status_code == 200 and pdf.headers["content-type"] == "application/pdf"
    assert pdf.content == renditions[Language.RUSSIAN][1]
    assert "attachment" in pdf.headers["content-disposition"]
    html = client.get(f"/reports/{report_id}/report.html", params={"lang": "en"})
    assert html.status_code == 200 and "Monthly network report" in html.text
    assert client.get(f"/reports/{report_id + 1}/report.pdf").status_code == 404


def test_the_coordinator_asks_for_a_finished_periods_report(client, uow):
    csrf = sign_in(client, "demo-coordinator")
    page = client.get("/reports").text
    assert "Generate now" in page
    # The last finished months, quarters and years are offered, and since founding.
    for offered in ("2026-02", "2025-Q4", "2025", "all"):
        assert f'<option value="{offered}">' in page, offered
    assert 'value="2026-Q1"' not in page  # not over yet
    for period in ("2026-02", "2025-Q4"):
        asked = post(client, "/reports", csrf, period=period)
        assert asked.status_code == 303
        assert "being prepared" in client.get(asked.headers["location"]).text
    with uow:
        queued = uow.session.scalars(
            select(OutboxMessage.parameters).where(OutboxMessage.flow == "network-report")
        ).all()
        assert queued == [{"period": "2026-02"}, {"period": "2025-Q4"}]
    assert post(client, "/reports", csrf, period="2026-03").status_code == 422  # not over yet
    assert post(client, "/reports", csrf, period="2026-Q1").status_code == 422
    assert post(client, "/reports", csrf, period="2026-Q5").status_code == 422
