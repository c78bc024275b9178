"""Correcting a mistyped UIC: the pseudonym gets the keyed hash of the corrected code, the
undecided proposals made on the typo are withdrawn, and matching runs again on the new hash,
all in one transaction. Neither the letters nor any hash of them reach the audit row."""

import uuid
from dataclasses import dataclass

from sqlalchemy import or_, select

from casework import access
from casework.actors import Actor
from casework.audit_actions import AuditAction
from casework.beneficiaries.commands.matching import propose_matches_for
from casework.beneficiaries.model import Beneficiary, MatchDecision, MatchProposal
from casework.network.model import Member
from casework.privacy.uic import UicParts, counting_hash, uic_hmac
from casework.uow import UnitOfWork


@dataclass(frozen=True)
class UicCorrected:
    changed: bool  # False: the corrected code is the one already kept
    matches_withdrawn: int
    matches_proposed: int


def correct_uic(
    uow: UnitOfWork, *, actor: Actor, beneficiary_id: uuid.UUID, uic: UicParts
) -> UicCorrected:
    """Replace the beneficiary's UIC hash (and its counting hash) with that of `uic`.
    Proposals still undecided whose other pseudonym no longer shares the hash were made on
    the typo and are withdrawn; decided
    ones stay, as the record of what a person decided. Then matching runs on the new hash, so
    that the pseudonyms it may be appear as proposals at once. Retyping the kept code changes
    nothing. Bad letters are refused (422) before anything is read."""
    new_hash = uic_hmac(uow.keys.uic_pepper, uic)
    with uow:
        beneficiary = access.living_beneficiary_for_ngo(uow.session, beneficiary_id, actor)
        if new_hash == beneficiary.uic_hmac:
            return UicCorrected(changed=False, matches_withdrawn=0, matches_proposed=0)
        beneficiary.uic_hmac = new_hash
        network_id = uow.session.get_one(Member, beneficiary.ngo_id).network_id
        beneficiary.counting_hash = counting_hash(uow.keys.uic_pepper, network_id, uic)
        uow.audit(actor, AuditAction.BENEFICIARY_UIC_CORRECTED, beneficiary)
        withdrawn = _withdraw_stale_proposals(uow, actor, beneficiary)
        proposed = propose_matches_for(uow, actor, beneficiary)
        uow.commit()
        return UicCorrected(changed=True, matches_withdrawn=withdrawn, matches_proposed=proposed)


def _withdraw_stale_proposals(uow: UnitOfWork, actor: Actor, beneficiary: Beneficiary) -> int:
    pending = uow.session.scalars(
        select(MatchProposal)
        .where(
            or_(
                MatchProposal.beneficiary_id == beneficiary.id,
                MatchProposal.candidate_id == beneficiary.id,
            ),
            MatchProposal.decision == MatchDecision.PROPOSED,
        )
        .order_by(MatchProposal.id)
    ).all()
    stale = []
    for proposal in pending:
        other_id = (
            proposal.candidate_id
            if proposal.beneficiary_id == beneficiary.id
            else proposal.beneficiary_id
        )
        other = uow.session.get_one(Beneficiary, other_id)
        if other.uic_hmac != beneficiary.uic_hmac:
            stale.append(proposal)
    for proposal in stale:
        uow.audit(actor, AuditAction.BENEFICIARY_MATCH_WITHDRAWN, proposal)
        uow.session.delete(proposal)
    uow.session.flush()  # before matching may propose the same pair again
    return len(stale)
