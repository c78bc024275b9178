"""The coordinator's contacts page: where each role at each member (and the coordinator at the
network) receives notices outside the app, adding an address and removing one."""

from typing import Annotated

from fastapi import APIRouter, Form, Request

from casework.governance.access import visible_network
from casework.languages import DEFAULT_LANGUAGE, Language
from casework.network.admin_queries import member_names
from casework.notifications.commands import ROLES, add_contact, remove_contact
from casework.notifications.model import Channel
from casework.notifications.queries import network_contacts
from service.deps import UowDep
from service.pages.common import BLANK_IS_NONE, PageRoute, render_page
from service.pages.governance.shared import NetworkField, back_to
from service.pages.session import FormActor, PageActor
from service.policies import GOVERNORS, NETWORK_ADMIN, Policy, Resource, declare
from service.schemas.governance import IdPath, MemberParam, NetworkQuery
from texts.labels import LANGUAGE_NAMES

router = APIRouter(route_class=PageRoute, include_in_schema=False)


@router.get("/contacts")
@declare(NETWORK_ADMIN)
def contacts_page(request: Request, actor: PageActor, uow: UowDep, network_id: NetworkQuery = None):
    network = visible_network(uow, actor=actor, network_id=network_id)
    found = network_contacts(uow, actor=actor, network_id=network)
    members = member_names(uow, actor=actor, network_id=network)
    return render_page(
        request,
        "administration/contacts.html.j2",
        actor=actor,
        network_id=network,
        contacts=found,
        members=members,
        names={m.id: m.name for m in members},
        roles=["coordinator", *sorted(ROLES)],
        channels=list(Channel),
        languages=LANGUAGE_NAMES,
    )


@router.post("/contacts")
@declare(NETWORK_ADMIN)
def add(
    actor: FormActor,
    uow: UowDep,
    role: Annotated[str, Form(max_length=20)],
    channel: Annotated[Channel, Form()],
    address: Annotated[str, Form(min_length=1, max_length=200)],
    member_id: Annotated[MemberParam | None, Form(), BLANK_IS_NONE] = None,
    language: Annotated[Language, Form()] = DEFAULT_LANGUAGE,
    network_id: NetworkQuery = None,
):
    """No member: the coordinator's own notices, at network level (the domain refuses any
    other role there)."""
    network = visible_network(uow, actor=actor, network_id=network_id)
    add_contact(
        uow,
        actor=actor,
        network_id=network,
        member_id=member_id,
        role=role,
        channel=channel,
        address=address,
        language=language,
    )
    return back_to("/contacts", network)


@router.post("/contacts/{contact_id}/removal")
@declare(Policy(GOVERNORS, Resource.CONTACT, network_wide=GOVERNORS))
def remove(contact_id: IdPath, actor: FormActor, uow: UowDep, network_id: NetworkField = None):
    remove_contact(uow, actor=actor, contact_id=contact_id)
    return back_to("/contacts", network_id)
