"""The accounts page: the accounts the reader manages (an NGO supervisor's own NGO's; the
coordinator's focal points, supervisors and coordinators), creating one, setting a new password
and deactivating one; for a supervisor, also the language the NGO's forms are printed in."""

from typing import Annotated, Literal

from fastapi import APIRouter, Form, Request

from casework.accounts.access import creatable_roles
from casework.accounts.commands import create_user
from casework.accounts.management import deactivate_user, list_accounts, set_password
from casework.accounts.passwords import MIN_LENGTH
from casework.actors import Role
from casework.languages import Language
from casework.network.admin_queries import member_names, own_ngo
from casework.network.commands import set_form_language
from service.deps import UowDep
from service.pages.common import BLANK_IS_NONE, PageRoute, render_page, see_other
from service.pages.session import FormActor, PageActor
from service.policies import ACCOUNTS, FORM_LANGUAGE, MANAGED_ACCOUNT, declare
from service.schemas.governance import IdPath, MemberParam
from service.schemas.users import NEW_USERNAME, StaffRole, Username
from texts.labels import LANGUAGE_NAMES

router = APIRouter(route_class=PageRoute, include_in_schema=False)
Password = Annotated[str, Form(min_length=MIN_LENGTH, max_length=200)]
Done = Literal["created", "deactivated", "password", "language"]


@router.get("/accounts")
@declare(ACCOUNTS)
def accounts_page(request: Request, actor: PageActor, uow: UowDep, done: Done | None = None):
    accounts = list_accounts(uow, actor=actor)
    ngo = own_ngo(uow, actor=actor)
    return render_page(
        request,
        "administration/accounts.html.j2",
        actor=actor,
        accounts=accounts,
        roles=creatable_roles(actor),
        # A supervisor's accounts are their NGO's; the coordinator names the member.
        organisations=[] if ngo else member_names(uow, actor=actor),
        ngo=ngo,
        languages=LANGUAGE_NAMES,
        min_length=MIN_LENGTH,
        done=done,
    )


@router.post("/accounts")
@declare(ACCOUNTS)
def create(
    actor: FormActor,
    uow: UowDep,
    username: Annotated[str, Form(pattern=NEW_USERNAME)],
    role: Annotated[StaffRole, Form()],  # type: ignore[valid-type]
    password: Password,
    organisation_id: Annotated[MemberParam | None, Form(), BLANK_IS_NONE] = None,
):
    """A supervisor's new accounts are their own NGO's; the coordinator names the member
    (none for a coordinator)."""
    if actor.role is Role.SUPERVISOR:
        organisation_id = actor.organisation_id
    create_user(
        uow,
        actor=actor,
        username=username,
        role=Role(role),
        password=password,
        organisation_id=organisation_id,
    )
    return see_other("/accounts?done=created")


@router.post("/accounts/{username}/deactivation")
@declare(MANAGED_ACCOUNT)
def deactivate(username: Username, actor: FormActor, uow: UowDep):
    deactivate_user(uow, actor=actor, username=username)
    return see_other("/accounts?done=deactivated")


@router.post("/accounts/{username}/password")
@declare(MANAGED_ACCOUNT)
def new_password(username: Username, actor: FormActor, uow: UowDep, password: Password):
    set_password(uow, actor=actor, username=username, password=password)
    return see_other("/accounts?done=password")


@router.post("/members/{member_id}/form-language")
@declare(FORM_LANGUAGE)
def form_language(
    member_id: IdPath,
    actor: FormActor,
    uow: UowDep,
    language: Annotated[Language | None, Form(), BLANK_IS_NONE] = None,
):
    """An empty choice returns the NGO to the region's default language."""
    set_form_language(uow, actor=actor, member_id=member_id, language=language)
    return see_other("/accounts?done=language")
