"""What the intake flow does after a case opens: propose matches and providers, never merge."""

import uuid

from sqlalchemy import or_, select

from casework import access
from casework.actors import Actor
from casework.beneficiaries.model import Beneficiary, MatchProposal
from casework.cases.states import NeedStatus
from casework.network.model import Member
from casework.referrals.routing import eligible_institution_ids
from casework.uow import UnitOfWork


def propose_matches(uow: UnitOfWork, *, actor: Actor, case_id: uuid.UUID) -> int:
    """Propose earlier pseudonyms of the same NGO with the same UIC hash. Idempotent."""
    with uow:
        case = access.case_for_ngo(uow.session, case_id, actor)
        beneficiary = uow.session.get_one(Beneficiary, case.beneficiary_id)
        if beneficiary.uic_hmac is None:  # erased before the intake flow ran
            return 0
        candidates = uow.session.scalars(
            select(Beneficiary.id).where(
                Beneficiary.ngo_id == beneficiary.ngo_id,
                Beneficiary.uic_hmac == beneficiary.uic_hmac,
                Beneficiary.id != beneficiary.id,
            )
        ).all()
        # A pair is proposed once, whichever of the two intakes runs first.
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
            uow.audit(actor, "beneficiary.match_proposed", proposal)
        uow.commit()
        return len(new)


def propose_providers(uow: UnitOfWork, *, actor: Actor, case_id: uuid.UUID) -> int:
    """For each open need, note the institution routing would choose today (or none).
    Returns how many needs have no provider under the memorandum."""
    with uow:
        case = access.case_for_ngo(uow.session, case_id, actor)
        ngo = uow.session.get_one(Member, case.ngo_id)
        today = uow.calendar.today(uow.now())
        unserved = 0
        for need in case.needs:
            if need.status is not NeedStatus.OPEN:
                continue
            eligible = eligible_institution_ids(
                uow.session,
                network_id=ngo.network_id,
                service=need.service,
                day=today,
                exclude=ngo.id,
            )
            need.proposed_institution_id = eligible[0] if eligible else None
            unserved += not eligible
        uow.audit(actor, "case.providers_proposed", case)
        uow.commit()
        return unserved
