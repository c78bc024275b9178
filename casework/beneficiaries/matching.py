"""Deciding proposed matches: two pseudonyms of one NGO with the same UIC hash may be one
person; intake only proposes, a caseworker or supervisor of that NGO confirms or rejects.
A confirmed match is a recorded link between the pseudonyms; nothing is merged."""

import uuid
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import or_, select

from casework import access
from casework.actors import NGO_ROLES, Actor
from casework.beneficiaries.model import Beneficiary, MatchDecision, MatchProposal
from casework.errors import Conflict, NotFound
from casework.uow import UnitOfWork


@dataclass(frozen=True)
class MatchView:
    id: int
    beneficiary_id: uuid.UUID  # the newer pseudonym
    candidate_id: uuid.UUID  # the earlier pseudonym it may be
    candidate_display_code: str
    proposed_at: datetime
    decision: MatchDecision


def _decide(uow: UnitOfWork, actor: Actor, proposal_id: int, decision: MatchDecision):
    with uow:
        proposal = uow.session.get(MatchProposal, proposal_id, with_for_update=True)
        beneficiary = (
            None if proposal is None else uow.session.get(Beneficiary, proposal.beneficiary_id)
        )
        if beneficiary is None or not access.is_ngo_person_of(actor, beneficiary.ngo_id):
            raise NotFound(f"match proposal {proposal_id} not found")
        if proposal.decision is not MatchDecision.PROPOSED:
            raise Conflict(f"the match was already {proposal.decision.value}", field="decision")
        proposal.decision = decision
        proposal.decided_at = uow.now()
        uow.audit(actor, f"beneficiary.match_{decision.value}", proposal)
        uow.commit()
        return proposal.decision


def confirm_match(uow: UnitOfWork, *, actor: Actor, proposal_id: int) -> MatchDecision:
    """The two pseudonyms are the same person."""
    return _decide(uow, actor, proposal_id, MatchDecision.CONFIRMED)


def reject_match(uow: UnitOfWork, *, actor: Actor, proposal_id: int) -> MatchDecision:
    """The two pseudonyms are different people who share a UIC."""
    return _decide(uow, actor, proposal_id, MatchDecision.REJECTED)


def match_proposals(uow: UnitOfWork, *, actor: Actor, beneficiary_id: uuid.UUID) -> list[MatchView]:
    """Proposals about a beneficiary of the actor's NGO, oldest first; the read is audited."""
    if actor.role not in NGO_ROLES:
        raise NotFound(f"beneficiary {beneficiary_id} not found")
    with uow:
        beneficiary = access.beneficiary_for_ngo(uow.session, beneficiary_id, actor)
        rows = uow.session.execute(
            select(MatchProposal, Beneficiary.display_code)
            .join(Beneficiary, Beneficiary.id == MatchProposal.candidate_id)
            .where(
                or_(
                    MatchProposal.beneficiary_id == beneficiary.id,
                    MatchProposal.candidate_id == beneficiary.id,
                )
            )
            .order_by(MatchProposal.id)
        ).all()
        views = [
            MatchView(p.id, p.beneficiary_id, p.candidate_id, code, p.proposed_at, p.decision)
            for p, code in rows
        ]
        uow.audit(actor, "beneficiary.matches_read", beneficiary)
        uow.commit()
        return views
