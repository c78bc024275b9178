"""The decisions page: the network's decisions by status and responsible member, how each
responsible member wrote them into its rules, a member recording its own instrument and
attaching the order itself (a PDF), and the attached files to download."""

import re
from datetime import date
from typing import Annotated

from fastapi import APIRouter, File, Form, Request, UploadFile

from casework.governance.access import visible_network
from casework.governance.meetings.commands.attachments import attach_instrument_file
from casework.governance.meetings.commands.decisions import record_institutionalisation
from casework.governance.meetings.queries import attachment_file, list_decisions, list_meetings
from casework.governance.meetings.states import DecisionStatus, Instrument
from casework.governance.memoranda.queries import standing
from service.deps import UowDep
from service.documents import StoreDep, attachment_response
from service.pages.common import BLANK_IS_NONE, PAGE_HEADERS, PageRoute
from service.pages.governance.shared import (
    MemberFilter,
    NetworkField,
    back_to,
    page,
    spoken_for,
)
from service.pages.session import FormActor, PageActor
from service.policies import Resource, answered, declare, staff_read
from service.schemas.governance import IdPath, InstrumentNumber, MemberParam, NetworkQuery

router = APIRouter(route_class=PageRoute, include_in_schema=False)
# The one page form that uploads a file: its body may exceed the request limit by the size of
# an attachment (service/app.py gives the body limit this pattern).
UPLOADS = re.compile(r"/decisions/\d+/attachments")
StatusFilter = Annotated[DecisionStatus | None, BLANK_IS_NONE]


@router.get("/decisions")
@declare(staff_read(Resource.NETWORK))
def decisions_page(
    request: Request,
    actor: PageActor,
    uow: UowDep,
    store: StoreDep,
    network_id: NetworkQuery = None,
    status: StatusFilter = None,
    member_id: MemberFilter = None,
):
    network = visible_network(uow, actor=actor, network_id=network_id)
    members = standing(uow, actor=actor, network_id=network).members
    return page(
        request,
        "decisions.html.j2",
        actor=actor,
        network_id=network,
        decisions=list_decisions(
            uow, actor=actor, network_id=network, status=status, member_id=member_id
        ),
        months={m.id: m.month for m in list_meetings(uow, actor=actor, network_id=network)},
        members=members,
        own=spoken_for(actor, {m.member_id: m.kind for m in members}),
        status=status,
        member_id=member_id,
        statuses=list(DecisionStatus),
        instruments=list(Instrument),
        today=uow.calendar.today(uow.now()).isoformat(),
        max_mb=f"{store.max_bytes / 1024 / 1024:g}",
    )


@router.post("/decisions/{decision_id}/institutionalisation")
@declare(answered(Resource.DECISION))
def institutionalise(
    decision_id: IdPath,
    actor: FormActor,
    uow: UowDep,
    instrument: Annotated[Instrument, Form()],
    number: Annotated[InstrumentNumber, Form()],
    issued_on: Annotated[date, Form()],
    member_id: Annotated[MemberParam | None, Form()] = None,
    network_id: NetworkField = None,
):
    """A responsible member's representative records its order, instruction or regulation;
    a governor records one received on paper, naming the member. Anyone else's is 404."""
    record_institutionalisation(
        uow,
        actor=actor,
        decision_id=decision_id,
        instrument=instrument,
        number=number,
        issued_on=issued_on,
        member_id=member_id,
    )
    return back_to("/decisions", network_id, f"#d-{decision_id}")


@router.post("/decisions/{decision_id}/attachments")
@declare(answered(Resource.DECISION))
def attach(
    decision_id: IdPath,
    actor: FormActor,
    uow: UowDep,
    store: StoreDep,
    file: Annotated[UploadFile, File()],
    member_id: Annotated[MemberParam | None, Form()] = None,
    network_id: NetworkField = None,
):
    """A responsible member's representative attaches the PDF of its order or instruction; a
    governor attaches one received on paper, naming the member. Anyone else's is 404."""
    attach_instrument_file(
        uow,
        actor=actor,
        decision_id=decision_id,
        member_id=member_id,
        filename=file.filename or "",
        content=file.file.read(store.max_bytes + 1),  # one byte over is enough to refuse
        store=store,
    )
    return back_to("/decisions", network_id, f"#d-{decision_id}")


@router.get("/decisions/{decision_id}/attachments/{attachment_id}")
@declare(staff_read(Resource.DECISION))
def attachment(
    decision_id: IdPath, attachment_id: IdPath, actor: PageActor, uow: UowDep, store: StoreDep
):
    view, content = attachment_file(
        uow, actor=actor, decision_id=decision_id, attachment_id=attachment_id, store=store
    )
    return attachment_response(content, view.filename, headers=PAGE_HEADERS)
