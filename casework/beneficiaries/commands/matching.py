"""Proposing and deciding matches: two pseudonyms of one NGO with the same UIC hash may be
one person; intake (and a corrected UIC) only proposes, a caseworker or supervisor of that NGO
confirms or rejects. A confirmed match is a recorded link between the pseudonyms; nothing is
merged."""

from sqlalchemy import or_, select

from casework import access
from casework.actors import Actor
from casework.audit_actions import AuditAction
from casework.beneficiaries.model import Beneficiary, MatchDecision, MatchProposal
from casework.errors import Conflict, NotFound
from casework.uow import UnitOfWork


def propose_matches_for(uow: UnitOfWork, actor: Actor, beneficiary: Beneficiary) -> int:
    """Within the caller's transaction: propose every other pseudonym of the same NGO with
    the same UIC hash that is not yet paired with this one (whichever of the two came first).
    Returns how many proposals are new."""
    if beneficiary.uic_hmac is None:  # erased
        return 0
    candidates = uow.session.scalars(
        select(Beneficiary.id).where(
            Beneficiary.ngo_id == beneficiary.ngo_id,
            Beneficiary.uic_hmac == beneficiary.uic_hmac,
            Beneficiary.id != beneficiary.id,
        )
    ).all()
    already = {
        other
        for pair in uow.session.execute(
            select(MatchProposal.beneficiary_id, MatchProposal.candidate_id).where(
                or_(
                    MatchProposal.beneficiary_id == beneficiary.id,
                    MatchProposal.candidate_id == beneficiary.id,
                )
            )
        )
        for other in pair
    }
    new = [c for c in candidates if c not in already]
    for candidate in new:
        proposal = MatchProposal(
            beneficiary_id=beneficiary.id, candidate_id=candidate, proposed_at=uow.now()
        )
        uow.session.add(proposal)
        uow.session.flush()
        uow.audit(actor, AuditAction.BENEFICIARY_MATCH_PROPOSED, proposal)
    return len(new)


def _decide(
    uow: UnitOfWork, actor: Actor, proposal_id: int, decision: MatchDecision, action: AuditAction
):
    with uow:
        proposal = uow.session.get(MatchProposal, proposal_id, with_for_update=True)
        beneficiary = (
            None if proposal is None else uow.session.get(Beneficiary, proposal.beneficiary_id)
        )
        if beneficiary is None or not access.is_ngo_person_of(actor, beneficiary.ngo_id):
            raise NotFound(
                "match.not_found", "match proposal {proposal_id} not found", proposal_id=proposal_id
            )
        if proposal.decision is not MatchDecision.PROPOSED:
            raise Conflict(
                "match.already_decided",
                "the match was already {decision}",
                field="decision",
                decision=proposal.decision.value,
            )
        proposal.move_to(decision, now=uow.now())
        uow.audit(actor, action, proposal)
        uow.commit()
        return proposal.decision


def confirm_match(uow: UnitOfWork, *, actor: Actor, proposal_id: int) -> MatchDecision:
    """The two pseudonyms are the same person."""
    return _decide(
        uow, actor, proposal_id, MatchDecision.CONFIRMED, AuditAction.BENEFICIARY_MATCH_CONFIRMED
    )


def reject_match(uow: UnitOfWork, *, actor: Actor, proposal_id: int) -> MatchDecision:
    """The two pseudonyms are different people who share a UIC."""
    return _decide(
        uow, actor, proposal_id, MatchDecision.REJECTED, AuditAction.BENEFICIARY_MATCH_REJECTED
    )
