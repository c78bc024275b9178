"""Members joining and leaving the network, each from an effective date."""

from fastapi import APIRouter, status

from casework.governance.access import visible_network
from casework.governance.memoranda.commands.membership import record_member_leaving
from casework.network.commands import admit_member
from service.deps import ActorDep, UowDep
from service.policies import Resource, declare, governed
from service.schemas.governance import IdPath
from service.schemas.memoranda import LeavingCreate, MemberCreate, MemberCreated

router = APIRouter(tags=["members"])


@router.post("/members", response_model=MemberCreated, status_code=status.HTTP_201_CREATED)
@declare(governed())
def admit(body: MemberCreate, actor: ActorDep, uow: UowDep) -> MemberCreated:
    """Admit a member from `joined_on`; it receives referrals once it has also signed the
    valid memorandum (POST /memoranda/{id}/signatures)."""
    network_id = visible_network(uow, actor=actor, network_id=body.network_id)
    fields = body.model_dump(exclude={"network_id"})
    return MemberCreated(id=admit_member(uow, actor=actor, network_id=network_id, **fields))


@router.post("/members/{member_id}/leaving", status_code=status.HTTP_204_NO_CONTENT)
@declare(governed(Resource.MEMBER))
def leave(member_id: IdPath, body: LeavingCreate, actor: ActorDep, uow: UowDep) -> None:
    """From `effective_on` the member receives no new referrals (GET /memoranda/standing)."""
    record_member_leaving(uow, actor=actor, member_id=member_id, effective_on=body.effective_on)
