"""The network's member directory: every member with where and when it receives people, for
every signed-in role; the coordinator (or an administrator) edits a member's entry."""

from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request

from casework.access import is_governor
from casework.errors import InvalidInput
from casework.network.commands import DirectoryChanges, edit_directory_entry
from casework.network.districts import District
from casework.network.queries import directory, directory_entry
from service.deps import UowDep
from service.errors import status_for
from service.pages.common import BLANK_IS_NONE, PageRoute, render_page, see_other
from service.pages.session import FormActor, PageActor
from service.policies import Resource, declare, governed, staff_read
from service.schemas.governance import IdPath, NetworkQuery

router = APIRouter(route_class=PageRoute, include_in_schema=False)


@router.get("/directory")
@declare(staff_read(Resource.NETWORK))
def directory_page(
    request: Request, actor: PageActor, uow: UowDep, network_id: NetworkQuery = None
):
    return render_page(
        request,
        "directory.html.j2",
        actor=actor,
        members=directory(uow, actor=actor, network_id=network_id),
        governs=is_governor(actor),
    )


def _edit_page(request: Request, actor, entry, *, status_code: int = 200, error: str = ""):
    return render_page(
        request,
        "directory_edit.html.j2",
        actor=actor,
        status_code=status_code,
        entry=entry,
        districts=list(District),
        error=error,
    )


@router.get("/directory/{member_id}")
@declare(governed(Resource.MEMBER))
def edit_form(request: Request, member_id: IdPath, actor: PageActor, uow: UowDep):
    return _edit_page(request, actor, directory_entry(uow, actor=actor, member_id=member_id))


class EntryForm:
    """The edit form's fields: every field is sent, so every field is set (blank clears)."""

    def __init__(
        self,
        district: Annotated[District | None, Form(), BLANK_IS_NONE] = None,
        address: Annotated[str, Form(max_length=300)] = "",
        phone: Annotated[str, Form(max_length=40)] = "",
        opening_hours: Annotated[str, Form(max_length=200)] = "",
        referral_contact: Annotated[str, Form(max_length=200)] = "",
    ) -> None:
        self.changes = DirectoryChanges(
            district=district,
            address=address,
            phone=phone,
            opening_hours=opening_hours,
            referral_contact=referral_contact,
        )


@router.post("/directory/{member_id}")
@declare(governed(Resource.MEMBER))
def edit_entry(
    request: Request,
    member_id: IdPath,
    actor: FormActor,
    uow: UowDep,
    form: Annotated[EntryForm, Depends()],
):
    try:
        edit_directory_entry(uow, actor=actor, member_id=member_id, changes=form.changes)
    except InvalidInput as refusal:
        # The form again, with what was typed, and the field that cannot be used.
        entry = directory_entry(uow, actor=actor, member_id=member_id)
        typed = entry.__class__(**(vars(entry) | form.changes))
        return _edit_page(
            request, actor, typed, status_code=status_for(refusal), error=refusal.message
        )
    return see_other(f"/directory#member-{member_id}")
