"""A meeting's page and the meeting in session: the agenda with each item's source, minutes,
decisions and deferrals, attendance by member, members' proposals, and closing, which the
network's rule refuses while an item it discussed has no decision: the page then comes back
(409) marking the items that hold it open."""

from datetime import date, timedelta
from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request

from casework.actors import Actor
from casework.errors import Conflict, InvalidInput
from casework.governance.meetings.commands import agenda
from casework.governance.meetings.commands import meetings as commands
from casework.governance.meetings.commands.decisions import close_meeting, record_decision
from casework.governance.meetings.commands.meetings import UndecidedAgenda
from casework.governance.meetings.protocol import meeting_protocol
from casework.governance.meetings.queries import get_meeting
from casework.governance.memoranda.queries import standing
from casework.languages import DEFAULT_LANGUAGE
from casework.network.services import ServiceCategory
from casework.referrals.reasons import RejectReason
from casework.uow import UnitOfWork
from reports.protocol import protocol_filename, protocol_pdf
from service.deps import UowDep
from service.documents import pdf_response
from service.pages.common import PAGE_HEADERS, PageRoute, see_other
from service.pages.governance.reports import LanguageQuery
from service.pages.governance.shared import page, spoken_for
from service.pages.session import FormActor, PageActor
from service.policies import Resource, answered, declare, governed, staff_read
from service.schemas.governance import (
    DecisionText,
    IdPath,
    MemberParam,
    Minutes,
    PostTitle,
    Title,
)
from texts.labels import LANGUAGE_NAMES

router = APIRouter(route_class=PageRoute, include_in_schema=False)
MeetingField = Annotated[int, Form(ge=1, le=2**31 - 1)]  # the page an item's form returns to
MinutesField = Annotated[Minutes, Form()]
DEFAULT_DUE = timedelta(days=30)


def meeting_page(
    request: Request,
    actor: Actor,
    uow: UnitOfWork,
    meeting_id: int,
    *,
    status_code: int = 200,
    refusal: str | None = None,
    blocked: frozenset[int] = frozenset(),
):
    meeting = get_meeting(uow, actor=actor, meeting_id=meeting_id)
    members = standing(uow, actor=actor, network_id=meeting.network_id).members
    names = {m.member_id: m.name for m in members}
    names.update((a.member_id, a.member_name) for a in meeting.attendance)
    today = uow.calendar.today(uow.now())
    return page(
        request,
        "meeting.html.j2",
        actor=actor,
        status_code=status_code,
        meeting=meeting,
        plan=meeting,
        members=members,
        names=names,
        attended={a.member_id: a for a in meeting.attendance},
        own=spoken_for(actor, {m.member_id: m.kind for m in members}),
        today=today.isoformat(),
        due_default=(today + DEFAULT_DUE).isoformat(),
        refusal=refusal,
        blocked=blocked,
        local_zone=uow.calendar.zone,
        # Codes in the commitments tables, shown by their words.
        categories={c.value: c for c in ServiceCategory},
        reasons={r.value: r for r in RejectReason},
        languages=LANGUAGE_NAMES,
    )


@router.get("/meetings/{meeting_id}")
@declare(staff_read(Resource.MEETING))
def meeting(request: Request, meeting_id: IdPath, actor: PageActor, uow: UowDep):
    return meeting_page(request, actor, uow, meeting_id)


@router.get("/meetings/{meeting_id}/protocol.pdf")
@declare(staff_read(Resource.MEETING))
def protocol(
    request: Request,
    meeting_id: IdPath,
    actor: PageActor,
    uow: UowDep,
    lang: LanguageQuery = DEFAULT_LANGUAGE,
):
    """The closed meeting's protocol to print and sign, downloaded in the language asked."""
    view = meeting_protocol(uow, actor=actor, meeting_id=meeting_id)
    pdf = protocol_pdf(view, lang, zone=request.app.state.settings.timezone)
    return pdf_response(
        pdf, protocol_filename(view, lang), disposition="attachment", headers=PAGE_HEADERS
    )


@router.post("/meetings/{meeting_id}/agenda")
@declare(answered(Resource.MEETING))
def propose(meeting_id: IdPath, actor: FormActor, uow: UowDep, title: Annotated[Title, Form()]):
    """A representative puts an item forward for its member; the coordinator for the network."""
    agenda.add_agenda_item(uow, actor=actor, meeting_id=meeting_id, title=title)
    return see_other(f"/meetings/{meeting_id}#agenda")


class AttendanceRows:
    """The attendance table: every current member in a row (its id and the post of who came),
    and the ids of the members ticked as present."""

    def __init__(
        self,
        member: Annotated[list[MemberParam], Form(min_length=1)],
        title: Annotated[list[PostTitle], Form()],
        present: Annotated[list[MemberParam] | None, Form()] = None,
    ) -> None:
        if len(member) != len(title):
            raise InvalidInput(
                "meeting.attendance_incomplete",
                "every member's row needs its post field",
                field="attendance",
            )
        came = set(present or [])
        self.entries = [
            commands.AttendanceEntry(m, m in came, t if m in came else "")
            for m, t in zip(member, title, strict=True)
        ]


@router.post("/meetings/{meeting_id}/attendance")
@declare(governed(Resource.MEETING))
def attendance(
    meeting_id: IdPath, actor: FormActor, uow: UowDep, rows: Annotated[AttendanceRows, Depends()]
):
    commands.record_attendance(uow, actor=actor, meeting_id=meeting_id, entries=rows.entries)
    return see_other(f"/meetings/{meeting_id}#attendance")


@router.post("/meetings/{meeting_id}/minutes")
@declare(governed(Resource.MEETING))
def meeting_minutes(meeting_id: IdPath, actor: FormActor, uow: UowDep, text: MinutesField = ""):
    commands.record_meeting_minutes(uow, actor=actor, meeting_id=meeting_id, text=text)
    return see_other(f"/meetings/{meeting_id}#minutes")


@router.post("/agenda-items/{item_id}/minutes")
@declare(governed(Resource.AGENDA_ITEM))
def item_minutes(
    item_id: IdPath, actor: FormActor, uow: UowDep, meeting_id: MeetingField, text: MinutesField
):
    """The item is discussed: the meeting now closes only with a decision on it."""
    agenda.record_item_minutes(uow, actor=actor, agenda_item_id=item_id, text=text)
    return see_other(f"/meetings/{meeting_id}#item-{item_id}")


@router.post("/agenda-items/{item_id}/deferral")
@declare(governed(Resource.AGENDA_ITEM))
def defer(item_id: IdPath, actor: FormActor, uow: UowDep, meeting_id: MeetingField):
    agenda.defer_item(uow, actor=actor, agenda_item_id=item_id)
    return see_other(f"/meetings/{meeting_id}#item-{item_id}")


@router.post("/agenda-items/{item_id}/decisions")
@declare(governed(Resource.AGENDA_ITEM))
def decide(
    item_id: IdPath,
    actor: FormActor,
    uow: UowDep,
    meeting_id: MeetingField,
    text: Annotated[DecisionText, Form()],
    due_on: Annotated[date, Form()],
    responsible: Annotated[list[MemberParam], Form(min_length=1)],
    supersede: Annotated[bool, Form()] = False,
):
    record_decision(
        uow,
        actor=actor,
        agenda_item_id=item_id,
        text=text,
        due_on=due_on,
        responsible_member_ids=responsible,
        supersede=supersede,
    )
    return see_other(f"/meetings/{meeting_id}#item-{item_id}")


@router.post("/meetings/{meeting_id}/closing")
@declare(governed(Resource.MEETING))
def close(request: Request, meeting_id: IdPath, actor: FormActor, uow: UowDep):
    try:
        close_meeting(uow, actor=actor, meeting_id=meeting_id)
    except Conflict as refusal:
        # The page again, with the reason and, beside each item that holds the meeting open,
        # what it still needs.
        blocked = refusal.positions if isinstance(refusal, UndecidedAgenda) else []
        return meeting_page(
            request,
            actor,
            uow,
            meeting_id,
            status_code=409,
            refusal=refusal.message,
            blocked=frozenset(blocked),
        )
    return see_other(f"/meetings/{meeting_id}")
