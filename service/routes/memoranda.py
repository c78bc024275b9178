"""The Memorandum of Cooperation: its versions, who stands where today, the yearly renewal
(drafts, sign-offs, withdrawals, publication) and late signatures."""

from fastapi import APIRouter, status

from casework.actors import Actor
from casework.governance.access import visible_network
from casework.governance.memoranda import queries
from casework.governance.memoranda.commands.drafts import (
    amend_draft,
    answer_draft,
    draft_next_memorandum,
)
from casework.governance.memoranda.commands.publication import publish_draft, sign_memorandum
from casework.governance.memoranda.terms import CommitmentTerms
from casework.uow import UnitOfWork
from service.deps import ActorDep, UowDep
from service.one_hop import OneHopRoute
from service.policies import Resource, answered, declare, governed, staff_read
from service.schemas.governance import IdPath, NetworkQuery
from service.schemas.memoranda import (
    AnswerCreate,
    DraftAmend,
    DraftCreate,
    DraftRead,
    Published,
    SignatureCreate,
    StandingRead,
    VersionRead,
)

router = APIRouter(route_class=OneHopRoute, tags=["memoranda"])


def _read_draft(uow: UnitOfWork, *, actor: Actor, draft_id: int) -> DraftRead:
    """The draft as it now is, in its response model."""
    return DraftRead.model_validate(queries.get_draft(uow, actor=actor, draft_id=draft_id))


@router.get("/memoranda", response_model=list[VersionRead])
@declare(staff_read(Resource.NETWORK))
def list_versions(
    actor: ActorDep, uow: UowDep, network_id: NetworkQuery = None
) -> list[VersionRead]:
    """Every version, newest first, with signatories and what changed from the one before."""
    found = queries.history(uow, actor=actor, network_id=network_id)
    return [VersionRead.model_validate(v) for v in found]


@router.get("/memoranda/standing", response_model=StandingRead)
@declare(staff_read(Resource.NETWORK))
def read_standing(actor: ActorDep, uow: UowDep, network_id: NetworkQuery = None) -> StandingRead:
    """The version valid today and, for every member, whether it receives referrals under it."""
    return StandingRead.model_validate(queries.standing(uow, actor=actor, network_id=network_id))


@router.post("/memoranda/{memorandum_id}/signatures", status_code=status.HTTP_204_NO_CONTENT)
@declare(answered(Resource.MEMORANDUM))
def sign_late(memorandum_id: IdPath, body: SignatureCreate, actor: ActorDep, uow: UowDep) -> None:
    """A member signs a published version late; it receives referrals again from today."""
    sign_memorandum(
        uow,
        actor=actor,
        memorandum_id=memorandum_id,
        member_id=body.member_id,
        signatory_title=body.signatory_title,
    )


@router.post("/memorandum-drafts", response_model=DraftRead, status_code=status.HTTP_201_CREATED)
@declare(governed())
def create_draft(body: DraftCreate, actor: ActorDep, uow: UowDep) -> DraftRead:
    """Draft the next version now (the renewal flow does it 30 days before the lapse)."""
    network_id = visible_network(uow, actor=actor, network_id=body.network_id)
    draft_id = draft_next_memorandum(uow, actor=actor, network_id=network_id)
    return _read_draft(uow, actor=actor, draft_id=draft_id)


@router.get("/memorandum-drafts/{draft_id}", response_model=DraftRead)
@declare(staff_read(Resource.DRAFT))
def read_draft(draft_id: IdPath, actor: ActorDep, uow: UowDep) -> DraftRead:
    return _read_draft(uow, actor=actor, draft_id=draft_id)


@router.put("/memorandum-drafts/{draft_id}/commitments", response_model=DraftRead)
@declare(governed(Resource.DRAFT))
def amend(draft_id: IdPath, body: DraftAmend, actor: ActorDep, uow: UowDep) -> DraftRead:
    """Change the commitments of the next version, before any member has signed it."""
    amend_draft(
        uow,
        actor=actor,
        draft_id=draft_id,
        commitments=[CommitmentTerms(**c.model_dump()) for c in body.commitments],
        changes=body.changes,
    )
    return _read_draft(uow, actor=actor, draft_id=draft_id)


@router.post("/memorandum-drafts/{draft_id}/answers", response_model=DraftRead)
@declare(answered(Resource.DRAFT))
def answer(draft_id: IdPath, body: AnswerCreate, actor: ActorDep, uow: UowDep) -> DraftRead:
    """A member signs the draft off or withdraws (its representative, or the coordinator for
    it); the answer may change while the draft is open."""
    answer_draft(
        uow,
        actor=actor,
        draft_id=draft_id,
        answer=body.answer,
        member_id=body.member_id,
        signatory_title=body.signatory_title,
        reason=body.reason,
    )
    return _read_draft(uow, actor=actor, draft_id=draft_id)


@router.post(
    "/memorandum-drafts/{draft_id}/publication",
    response_model=Published,
    status_code=status.HTTP_201_CREATED,
)
@declare(governed(Resource.DRAFT))
def publish(draft_id: IdPath, actor: ActorDep, uow: UowDep) -> Published:
    return Published(memorandum_id=publish_draft(uow, actor=actor, draft_id=draft_id))
