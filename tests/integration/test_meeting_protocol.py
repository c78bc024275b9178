"""The meeting's record: a closed meeting prints its protocol (attendance, agenda, decisions,
who carries each out and by when, instruments and files so far); responsible members attach
the PDF of the order that carries a decision out, stored by its SHA-256 outside the rows."""

import hashlib
import io
from dataclasses import replace
from datetime import date

import pytest
from pypdf import PdfReader
from sqlalchemy import LargeBinary, select

from casework.actors import Actor, Role
from casework.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from casework.governance.meetings.attachments import AttachmentStore, clean_filename
from casework.governance.meetings.commands.attachments import attach_instrument_file
from casework.governance.meetings.commands.decisions import record_institutionalisation
from casework.governance.meetings.model import DecisionAttachment
from casework.governance.meetings.protocol import meeting_protocol
from casework.governance.meetings.queries import attachment_file, get_decision
from casework.governance.meetings.states import Instrument
from casework.languages import Language
from casework.network.model import Member
from reports.protocol import protocol_html, protocol_pdf
from tests.support.governance import (
    COORDINATOR,
    audit_actions,
    decided_meeting,
    in_session,
    representative,
    tiny_pdf,
)
from tests.support.network import another_network, demo

ZONE = "Asia/Dushanbe"
DECISION_TEXT = "Institutions accept referrals within one working day."


@pytest.fixture
def store(settings) -> AttachmentStore:
    return AttachmentStore.of(settings)


def closed(uow, clock, d) -> tuple[int, int]:
    """The March meeting, closed with one decision for the AIDS centre and the TB dispensary;
    the AIDS centre has recorded its order. Returns (meeting id, decision id)."""
    decision_id = decided_meeting(uow, clock, d, [d.aids_centre, d.tb_dispensary])
    record_institutionalisation(
        uow,
        actor=representative(uow, d.aids_centre),
        decision_id=decision_id,
        instrument=Instrument.ORDER,
        number="14-p",
        issued_on=uow.calendar.today(uow.now()),
    )
    return get_decision(uow, actor=COORDINATOR, decision_id=decision_id).meeting_id, decision_id


def test_the_protocol_is_printed_only_once_the_meeting_is_closed(uow, clock):
    demo(uow)
    meeting_id = in_session(uow, clock)
    with pytest.raises(Conflict, match="once the meeting is closed"):
        meeting_protocol(uow, actor=COORDINATOR, meeting_id=meeting_id)


def test_the_protocol_records_attendance_agenda_decisions_and_instruments(uow, clock, store):
    d = demo(uow)
    meeting_id, decision_id = closed(uow, clock, d)
    attach_instrument_file(
        uow,
        actor=representative(uow, d.aids_centre),
        decision_id=decision_id,
        filename="Приказ 14-p.pdf",
        content=tiny_pdf(),
        store=store,
    )
    # Any staff of the network reads it, a caseworker too.
    p = meeting_protocol(uow, actor=d.caseworker(), meeting_id=meeting_id)
    with uow:
        ngo = uow.session.get_one(Member, d.ngo).name
    assert [(a.member_name, a.representative_title) for a in p.present] == [(ngo, "Director")]
    absent = [a.member_name for a in p.absent]
    assert "Regional AIDS Centre (demo)" in absent and len(absent) > 5  # not recorded: absent
    [item] = p.agenda
    [decision] = item.decisions
    assert (decision.text, decision.due_on) == (DECISION_TEXT, date(2026, 4, 10))
    by_member = {r.member_name: r for r in decision.responsible}
    aids = by_member["Regional AIDS Centre (demo)"]
    assert (aids.instrument, aids.number, aids.files) == (
        Instrument.ORDER,
        "14-p",
        ["Приказ 14-p.pdf"],
    )
    assert by_member["Regional TB Dispensary (demo)"].instrument is None
    assert [f.filename for f in p.files] == ["Приказ 14-p.pdf"]

    html = protocol_html(p, Language.RUSSIAN, zone=ZONE)
    for shown in ["Протокол рабочего совещания", DECISION_TEXT, "Regional TB Dispensary (demo)",
                  "10.04.2026", "Приказ 14-p.pdf", "Председатель совещания", "Секретарь"]:  # fmt: skip
        assert shown in html, shown


def test_another_networks_staff_get_not_found(uow, clock):
    d = demo(uow)
    meeting_id, _ = closed(uow, clock, d)
    other = another_network(uow)
    stranger = Actor(user_id="test-other", role=Role.FOCAL_POINT, organisation_id=other.institution)
    with pytest.raises(NotFound):
        meeting_protocol(uow, actor=stranger, meeting_id=meeting_id)


@pytest.mark.slow
def test_the_protocol_is_an_a4_pdf_in_each_language_and_the_same_each_time(uow, clock):
    d = demo(uow)
    meeting_id, _ = closed(uow, clock, d)
    p = meeting_protocol(uow, actor=COORDINATOR, meeting_id=meeting_id)
    titles = {
        Language.TAJIK: "Протоколи ҷаласаи корӣ",
        Language.RUSSIAN: "Протокол рабочего совещания",
        Language.ENGLISH: "Protocol of the working meeting",
    }
    for language, title in titles.items():
        pdf = protocol_pdf(p, language, zone=ZONE)
        reader = PdfReader(io.BytesIO(pdf))
        text = " ".join(" ".join(page.extract_text() for page in reader.pages).split())
        for shown in [title, DECISION_TEXT, "Regional AIDS Centre (demo)", "10.04.2026", "14-p"]:
            assert shown in text, (language, shown)
        assert protocol_pdf(p, language, zone=ZONE) == pdf  # nothing of the moment printed
    again = meeting_protocol(uow, actor=COORDINATOR, meeting_id=meeting_id)
    assert again == p


def test_a_responsible_member_attaches_its_order_stored_by_its_hash(uow, clock, store):
    d = demo(uow)
    _, decision_id = closed(uow, clock, d)
    content = tiny_pdf("order 14-p")
    attachment_id = attach_instrument_file(
        uow,
        actor=representative(uow, d.aids_centre),
        decision_id=decision_id,
        filename="C:\\Orders\\<Order> 14-p.PDF",
        content=content,
        store=store,
    )
    sha256 = hashlib.sha256(content).hexdigest()
    on_disk = store.root / f"{sha256}.pdf"
    assert on_disk.read_bytes() == content
    assert list(store.root.iterdir()) == [on_disk]  # no temporary file left behind
    # The row names the file; no column of the table could hold its bytes.
    assert not any(isinstance(c.type, LargeBinary) for c in DecisionAttachment.__table__.columns)
    with uow:
        row = uow.session.scalars(select(DecisionAttachment)).one()
        assert (row.sha256, row.size, row.member_id) == (sha256, len(content), d.aids_centre)
        assert row.filename == "Order 14-p.pdf"
    assert audit_actions(uow, "decision_attachments", attachment_id) == ["decision.file-attached"]

    # Staff of the network read it back, through the decision it belongs to.
    view, read = attachment_file(
        uow, actor=d.caseworker(), decision_id=decision_id, attachment_id=attachment_id, store=store
    )
    assert (read, view.filename) == (content, "Order 14-p.pdf")
    [listed] = get_decision(uow, actor=d.caseworker(), decision_id=decision_id).attachments
    assert listed.id == attachment_id
    other = another_network(uow)
    stranger = Actor(user_id="test-other", role=Role.FOCAL_POINT, organisation_id=other.institution)
    with pytest.raises(NotFound):
        attachment_file(
            uow, actor=stranger, decision_id=decision_id, attachment_id=attachment_id, store=store
        )

    # The same bytes again (the coordinator, for the dispensary) are stored once.
    attach_instrument_file(
        uow,
        actor=COORDINATOR,
        decision_id=decision_id,
        member_id=d.tb_dispensary,
        filename="copy.pdf",
        content=content,
        store=store,
    )
    assert list(store.root.iterdir()) == [on_disk]


def test_only_a_pdf_within_the_limit_from_a_responsible_member_is_attached(uow, clock, store):
    d = demo(uow)
    _, decision_id = closed(uow, clock, d)
    attach = dict(decision_id=decision_id, filename="order.pdf", store=store)
    aids = representative(uow, d.aids_centre)
    for not_a_pdf in [
        b"\x89PNG\r\n\x1a\n" + b"0" * 100,  # an image renamed .pdf
        b"%PDF-1.4\n" + b"0" * 100,  # a header and nothing a reader could open
        tiny_pdf()[:-40],  # cut short on the way
    ]:
        with pytest.raises(InvalidInput) as refused:
            attach_instrument_file(uow, actor=aids, content=not_a_pdf, **attach)
        assert refused.value.field == "file"
    small = replace(store, max_bytes=len(tiny_pdf()) - 1)
    with pytest.raises(InvalidInput, match="larger than") as refused:
        attach_instrument_file(uow, actor=aids, content=tiny_pdf(), **{**attach, "store": small})
    assert refused.value.field == "file"
    with pytest.raises(NotFound):  # not responsible for this decision
        attach_instrument_file(
            uow, actor=representative(uow, d.media), content=tiny_pdf(), **attach
        )
    with pytest.raises(PermissionDenied):  # a caseworker does not speak for the NGO
        attach_instrument_file(uow, actor=d.caseworker(), content=tiny_pdf(), **attach)
    with uow:
        assert uow.session.scalars(select(DecisionAttachment)).all() == []
    assert not store.root.exists() or list(store.root.iterdir()) == []


def test_file_names_keep_their_letters_and_lose_their_folders():
    assert clean_filename("../../etc/passwd") == "passwd.pdf"
    assert clean_filename("Фармони №12 аз 01.03.2026.pdf") == "Фармони 12 аз 01.03.2026.pdf"
    assert clean_filename("\x00\x1f.pdf") == "attachment.pdf"


@pytest.mark.slow
def test_the_command_line_prints_a_closed_meetings_protocol(uow, clock, cli, tmp_path):
    d = demo(uow)
    meeting_id, _ = closed(uow, clock, d)
    out = tmp_path / "protocol.pdf"
    printed = cli("governance", "protocol", str(meeting_id), "--lang", "ru", "-o", str(out))
    assert "wrote" in printed and out.read_bytes().startswith(b"%PDF-")
    open_one = in_session(uow, clock, month=date(2026, 4, 1))
    refused = cli("governance", "protocol", str(open_one), "-o", str(out), exit_code=2)
    assert "once the meeting is closed" in refused
