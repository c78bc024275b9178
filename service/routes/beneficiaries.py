"""A beneficiary's pseudonym, for the owning NGO: the identity vault, consent per purpose,
a corrected UIC, proposed matches and erasure. Anyone else gets 404."""

import uuid

from fastapi import APIRouter, Request, Response

from casework.beneficiaries import queries
from casework.beneficiaries.commands import consent as commands
from casework.beneficiaries.commands import erasure, identity, matching, uic
from casework.privacy.uic import UicParts
from casework.privacy.vault import Identity
from service.deps import ActorDep, UowDep, wake_dispatcher
from service.idempotency import note_beneficiary
from service.one_hop import OneHopRoute
from service.policies import ERASURE, NGO, Policy, Resource, declare
from service.schemas.beneficiaries import (
    ConsentChange,
    ConsentRevokedRead,
    ErasedRead,
    IdentityRead,
    MatchDecisionRead,
    MatchRead,
    UicCorrectedRead,
)
from service.schemas.cases import IdentityWrite, UicCreate
from service.schemas.governance import IdPath

router = APIRouter(route_class=OneHopRoute, tags=["beneficiaries"])


@router.get("/beneficiaries/{beneficiary_id}/identity", response_model=IdentityRead)
@declare(Policy(NGO, Resource.BENEFICIARY))
def read_identity(
    beneficiary_id: uuid.UUID, actor: ActorDep, uow: UowDep, response: Response
) -> IdentityRead:
    """Decrypt what the NGO keeps; every read is audited, and no cache keeps the answer."""
    found = queries.read_identity(uow, actor=actor, beneficiary_id=beneficiary_id)
    response.headers["Cache-Control"] = "no-store"
    return IdentityRead.model_validate(found)


@router.put("/beneficiaries/{beneficiary_id}/identity", status_code=204)
@declare(Policy(NGO, Resource.BENEFICIARY))
def keep_identity(
    beneficiary_id: uuid.UUID, body: IdentityWrite, actor: ActorDep, uow: UowDep
) -> Response:
    """Keep or replace the name, phone and notes; all empty removes them."""
    identity.keep_identity(
        uow, actor=actor, beneficiary_id=beneficiary_id, identity=Identity(**body.model_dump())
    )
    return Response(status_code=204)


@router.put("/beneficiaries/{beneficiary_id}/uic", response_model=UicCorrectedRead)
@declare(Policy(NGO, Resource.BENEFICIARY))
def correct_uic(
    beneficiary_id: uuid.UUID, body: UicCreate, actor: ActorDep, uow: UowDep
) -> UicCorrectedRead:
    """Replace a mistyped UIC: only the new keyed hash is kept, proposals made on the typo are
    withdrawn and matching runs again at once. The answer never repeats the letters."""
    corrected = uic.correct_uic(
        uow, actor=actor, beneficiary_id=beneficiary_id, uic=UicParts(**body.model_dump())
    )
    return UicCorrectedRead.model_validate(corrected)


@router.post("/beneficiaries/{beneficiary_id}/consents", status_code=204)
@declare(Policy(NGO, Resource.BENEFICIARY))
def grant_consent(
    beneficiary_id: uuid.UUID, body: ConsentChange, actor: ActorDep, uow: UowDep, request: Request
) -> Response:
    note_beneficiary(request, beneficiary_id)
    commands.grant_consent(
        uow,
        actor=actor,
        beneficiary_id=beneficiary_id,
        purpose=body.purpose,
        member_id=body.member_id,
    )
    return Response(status_code=204)


@router.post(
    "/beneficiaries/{beneficiary_id}/consents/revocation", response_model=ConsentRevokedRead
)
@declare(Policy(NGO, Resource.BENEFICIARY))
def revoke_consent(
    beneficiary_id: uuid.UUID, body: ConsentChange, actor: ActorDep, uow: UowDep, request: Request
) -> ConsentRevokedRead:
    """Revoking consent to referral cancels every open referral of the beneficiary at once;
    institutions see them as cancelled, without the reason."""
    note_beneficiary(request, beneficiary_id)
    revoked = commands.revoke_consent(
        uow,
        actor=actor,
        beneficiary_id=beneficiary_id,
        purpose=body.purpose,
        member_id=body.member_id,
    )
    wake_dispatcher(request)
    return ConsentRevokedRead.model_validate(revoked)


@router.get("/beneficiaries/{beneficiary_id}/matches", response_model=list[MatchRead])
@declare(Policy(NGO, Resource.BENEFICIARY))
def list_matches(beneficiary_id: uuid.UUID, actor: ActorDep, uow: UowDep) -> list[MatchRead]:
    """Earlier pseudonyms of the NGO that may be the same person; never merged on their own."""
    found = queries.match_proposals(uow, actor=actor, beneficiary_id=beneficiary_id)
    return [MatchRead.model_validate(m) for m in found]


@router.post("/matches/{proposal_id}/confirmation", response_model=MatchDecisionRead)
@declare(Policy(NGO, Resource.MATCH))
def confirm_match(proposal_id: IdPath, actor: ActorDep, uow: UowDep) -> MatchDecisionRead:
    decision = matching.confirm_match(uow, actor=actor, proposal_id=proposal_id)
    return MatchDecisionRead(id=proposal_id, decision=decision)


@router.post("/matches/{proposal_id}/rejection", response_model=MatchDecisionRead)
@declare(Policy(NGO, Resource.MATCH))
def reject_match(proposal_id: IdPath, actor: ActorDep, uow: UowDep) -> MatchDecisionRead:
    decision = matching.reject_match(uow, actor=actor, proposal_id=proposal_id)
    return MatchDecisionRead(id=proposal_id, decision=decision)


@router.post("/beneficiaries/{beneficiary_id}/erasure", response_model=ErasedRead)
@declare(ERASURE)
def erase(beneficiary_id: uuid.UUID, actor: ActorDep, uow: UowDep, request: Request) -> ErasedRead:
    """Crypto-shred the identity, forget the UIC hash, cancel and withdraw what was open;
    only anonymous counts remain."""
    erased = erasure.erase_beneficiary(uow, actor=actor, beneficiary_id=beneficiary_id)
    wake_dispatcher(request)
    return ErasedRead.model_validate(erased)
