"""What the network's governors administer (where each role's notices go, when a stalled
referral climbs the ladder, the register of memorandum breaches), and an NGO's form language,
set by its supervisor."""

from fastapi import APIRouter, status

from casework.escalation.commands.thresholds import set_threshold
from casework.escalation.queries import network_ladders
from casework.governance.access import visible_network
from casework.governance.breaches.register import breach_register, resolve_breach
from casework.network.commands import set_form_language
from casework.notifications.commands import add_contact, remove_contact
from casework.notifications.queries import network_contacts
from service.deps import ActorDep, UowDep
from service.one_hop import OneHopRoute
from service.policies import (
    FORM_LANGUAGE,
    GOVERNORS,
    NETWORK_ADMIN,
    Policy,
    Resource,
    declare,
    staff_read,
)
from service.schemas.administration import (
    BreachRead,
    BreachResolution,
    ContactCreate,
    ContactCreated,
    ContactRead,
    FormLanguageSet,
    LadderRead,
    ThresholdSet,
)
from service.schemas.governance import IdPath, NetworkQuery

router = APIRouter(route_class=OneHopRoute, tags=["administration"])


@router.put("/members/{member_id}/form-language", status_code=status.HTTP_204_NO_CONTENT)
@declare(FORM_LANGUAGE)
def form_language(member_id: IdPath, body: FormLanguageSet, actor: ActorDep, uow: UowDep) -> None:
    """The language the NGO's referral forms are printed in (null: the region's default)."""
    set_form_language(uow, actor=actor, member_id=member_id, language=body.language)


@router.get("/notification-contacts", response_model=list[ContactRead])
@declare(NETWORK_ADMIN)
def list_contacts(
    actor: ActorDep, uow: UowDep, network_id: NetworkQuery = None
) -> list[ContactRead]:
    network = visible_network(uow, actor=actor, network_id=network_id)
    return [
        ContactRead.model_validate(c)
        for c in network_contacts(uow, actor=actor, network_id=network)
    ]


@router.post(
    "/notification-contacts", status_code=status.HTTP_201_CREATED, response_model=ContactCreated
)
@declare(NETWORK_ADMIN)
def create_contact(
    body: ContactCreate, actor: ActorDep, uow: UowDep, network_id: NetworkQuery = None
) -> ContactCreated:
    """Send a role's notices (at a member, or the coordinator's at network level) to one more
    address: a role mailbox, or a number at the SMS gateway."""
    network = visible_network(uow, actor=actor, network_id=network_id)
    contact_id = add_contact(uow, actor=actor, network_id=network, **body.model_dump())
    return ContactCreated(id=contact_id)


@router.delete("/notification-contacts/{contact_id}", status_code=status.HTTP_204_NO_CONTENT)
@declare(Policy(GOVERNORS, Resource.CONTACT, network_wide=GOVERNORS))
def delete_contact(contact_id: IdPath, actor: ActorDep, uow: UowDep) -> None:
    remove_contact(uow, actor=actor, contact_id=contact_id)


@router.get("/escalation-thresholds", response_model=list[LadderRead])
@declare(staff_read(Resource.NETWORK))
def thresholds(actor: ActorDep, uow: UowDep, network_id: NetworkQuery = None) -> list[LadderRead]:
    """How far past its deadline a referral climbs to each level, per deadline unit: the
    network's policy, which its members' staff may read."""
    return [
        LadderRead.model_validate(ladder)
        for ladder in network_ladders(uow, actor=actor, network_id=network_id)
    ]


@router.put("/escalation-thresholds", response_model=LadderRead)
@declare(NETWORK_ADMIN)
def edit_threshold(
    body: ThresholdSet, actor: ActorDep, uow: UowDep, network_id: NetworkQuery = None
) -> LadderRead:
    """Change one level's threshold; applies from the next sweep. Levels must not fall."""
    network = visible_network(uow, actor=actor, network_id=network_id)
    ladder = set_threshold(uow, actor=actor, network_id=network, **body.model_dump())
    return LadderRead.model_validate(ladder)


@router.get("/breaches", response_model=list[BreachRead])
@declare(NETWORK_ADMIN)
def breaches(actor: ActorDep, uow: UowDep, network_id: NetworkQuery = None) -> list[BreachRead]:
    """The network's memorandum breaches: open ones first, then the resolved."""
    found = breach_register(uow, actor=actor, network_id=network_id)
    return [BreachRead.model_validate(b) for b in found]


@router.post("/breaches/{breach_id}/resolution", status_code=status.HTTP_204_NO_CONTENT)
@declare(Policy(GOVERNORS, Resource.BREACH, network_wide=GOVERNORS))
def resolve(breach_id: IdPath, body: BreachResolution, actor: ActorDep, uow: UowDep) -> None:
    """Close a breach with what the network did about it; 409 if it is already resolved."""
    resolve_breach(uow, actor=actor, breach_id=breach_id, note=body.note)
