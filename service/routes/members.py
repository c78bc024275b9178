"""The network's members: its directory, members joining and leaving, each from an effective
date, and the coordinator's edits of a member's directory entry."""

from fastapi import APIRouter, status

from casework.governance.access import visible_network
from casework.governance.memoranda.commands.membership import record_member_leaving
from casework.network.commands import DirectoryChanges, admit_member, edit_directory_entry
from casework.network.queries import directory
from service.deps import ActorDep, UowDep
from service.one_hop import OneHopRoute
from service.policies import Resource, declare, governed, staff_read
from service.schemas.governance import IdPath, NetworkQuery
from service.schemas.members import MemberList, MemberRead, MemberUpdate
from service.schemas.memoranda import LeavingCreate, MemberCreate, MemberCreated

router = APIRouter(route_class=OneHopRoute, tags=["members"])


@router.get("/members", response_model=MemberList)
@declare(staff_read(Resource.NETWORK))
def list_members(actor: ActorDep, uow: UowDep, network_id: NetworkQuery = None) -> MemberList:
    """The directory: every member of the network, with where and when it receives people
    and the services it offers."""
    found = directory(uow, actor=actor, network_id=network_id)
    return MemberList(items=[MemberRead.model_validate(m) for m in found])


@router.patch("/members/{member_id}", response_model=MemberRead)
@declare(governed(Resource.MEMBER))
def edit_member(member_id: IdPath, body: MemberUpdate, actor: ActorDep, uow: UowDep) -> MemberRead:
    """Change a member's directory entry (the coordinator keeps the directory)."""
    changes = DirectoryChanges(**body.model_dump(exclude_unset=True))  # type: ignore[typeddict-item]
    entry = edit_directory_entry(uow, actor=actor, member_id=member_id, changes=changes)
    return MemberRead.model_validate(entry)


@router.post("/members", response_model=MemberCreated, status_code=status.HTTP_201_CREATED)
@declare(governed())
def admit(body: MemberCreate, actor: ActorDep, uow: UowDep) -> MemberCreated:
    """Admit a member from `joined_on`; it receives referrals once it has also signed the
    valid memorandum (POST /memoranda/{id}/signatures). With `outside_referrer`, register an
    NGO that refers beneficiaries without being a member: no governance, no referrals in."""
    network_id = visible_network(uow, actor=actor, network_id=body.network_id)
    fields = body.model_dump(exclude={"network_id"})
    return MemberCreated(id=admit_member(uow, actor=actor, network_id=network_id, **fields))


@router.post("/members/{member_id}/leaving", status_code=status.HTTP_204_NO_CONTENT)
@declare(governed(Resource.MEMBER))
def leave(member_id: IdPath, body: LeavingCreate, actor: ActorDep, uow: UowDep) -> None:
    """From `effective_on` the member receives no new referrals (GET /memoranda/standing)."""
    record_member_leaving(uow, actor=actor, member_id=member_id, effective_on=body.effective_on)
