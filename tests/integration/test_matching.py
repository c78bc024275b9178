"""Intake proposes matches within the NGO and never merges; staff decide; erasure unlinks."""

import pytest
from sqlalchemy import select

from casework.actors import system_actor
from casework.beneficiaries.commands.erasure import erase_beneficiary
from casework.beneficiaries.commands.matching import confirm_match, reject_match
from casework.beneficiaries.model import Beneficiary, MatchDecision, MatchProposal
from casework.beneficiaries.queries import match_proposals
from casework.cases import commands as cases
from casework.cases.commands import open_case, propose_matches
from casework.cases.model import Case, Outcome
from casework.cases.states import CaseStatus
from casework.errors import Conflict, NotFound
from casework.network.services import ServiceCode
from casework.privacy.uic import Sex, UicParts
from casework.privacy.vault import Identity
from casework.referrals import commands as referrals
from casework.referrals.model import Referral
from casework.referrals.reasons import RejectReason
from casework.referrals.states import ReferralStatus
from tests.support.network import UIC, demo

INTAKE = system_actor("flow:intake")
SAME_PERSON_OTHER_SPELLING = UicParts(Sex.FEMALE, 1984, "Ju", "Ha")  # UIC is ҶӮ / ҲА


def test_intake_proposes_within_the_ngo_and_only_its_staff_decide_once(uow):
    d = demo(uow)
    first = d.open_case(uow)
    elsewhere = d.open_case(uow, ngo=d.other_ngo)
    second = d.open_case(uow, uic=SAME_PERSON_OTHER_SPELLING)
    assert propose_matches(uow, actor=INTAKE, case_id=second.case_id) == 1
    assert propose_matches(uow, actor=INTAKE, case_id=second.case_id) == 0  # idempotent
    assert propose_matches(uow, actor=INTAKE, case_id=elsewhere.case_id) == 0
    proposals = match_proposals(uow, actor=d.caseworker(), beneficiary_id=second.beneficiary_id)
    assert [(p.candidate_id, p.candidate_display_code, p.decision) for p in proposals] == [
        (first.beneficiary_id, first.display_code, MatchDecision.PROPOSED)
    ]
    third = d.open_case(uow)
    assert propose_matches(uow, actor=INTAKE, case_id=third.case_id) == 2
    with uow:  # proposed, not merged: both pseudonyms and cases stand apart
        cases_by_beneficiary = dict(uow.session.execute(select(Case.id, Case.beneficiary_id)).all())
    assert cases_by_beneficiary[first.case_id] == first.beneficiary_id
    assert cases_by_beneficiary[second.case_id] == second.beneficiary_id

    for outsider in (d.caseworker(d.other_ngo), INTAKE, d.focal()):
        with pytest.raises(NotFound):
            confirm_match(uow, actor=outsider, proposal_id=proposals[0].id)
    confirmed = confirm_match(uow, actor=d.caseworker(), proposal_id=proposals[0].id)
    assert confirmed is MatchDecision.CONFIRMED
    with pytest.raises(Conflict):
        reject_match(uow, actor=d.caseworker(), proposal_id=proposals[0].id)
    with uow:
        decided = uow.session.get_one(MatchProposal, proposals[0].id)
        assert decided.decided_at is not None
        last = uow.session.scalars(select(MatchProposal.id).order_by(MatchProposal.id)).all()[-1]
    assert reject_match(uow, actor=d.caseworker(), proposal_id=last) is MatchDecision.REJECTED


def test_erasure_leaves_counts_but_nothing_that_leads_back_to_the_person(uow):
    d = demo(uow)
    first = open_case(
        uow,
        actor=d.caseworker(),
        uic=UIC,
        needs=[ServiceCode.HIV_TESTING, ServiceCode.HOUSING],
        consent_to_referral=True,
        identity=Identity(name="Малика", phone="+992 93 123 45 67"),
    )
    referral = referrals.request_referral(
        uow, actor=d.caseworker(), case_id=first.case_id, service=ServiceCode.HIV_TESTING
    )
    referrals.reject_referral(
        uow,
        actor=d.focal(referral.institution_id),
        referral_id=referral.referral_id,
        reason_code=RejectReason.OTHER,
        note="asked for by her brother",
    )
    open_one = referrals.request_referral(
        uow, actor=d.caseworker(), case_id=first.case_id, service=ServiceCode.HIV_TESTING
    )
    second = d.open_case(uow)
    cases.record_outcome(
        uow, actor=d.caseworker(), case_id=second.case_id, resolved=False, note="met at market"
    )
    propose_matches(uow, actor=INTAKE, case_id=second.case_id)

    erased = erase_beneficiary(uow, actor=d.supervisor(), beneficiary_id=second.beneficiary_id)
    assert (erased.referrals_cancelled, erased.cases_withdrawn) == (0, 0)
    erased = erase_beneficiary(uow, actor=system_actor("cli"), beneficiary_id=first.beneficiary_id)
    assert (erased.referrals_cancelled, erased.cases_withdrawn) == (1, 1)
    assert erase_beneficiary(uow, actor=d.supervisor(), beneficiary_id=first.beneficiary_id) == (
        erased.__class__(0, 0)
    )

    with uow:
        s = uow.session
        assert s.scalars(select(MatchProposal)).all() == []
        assert s.scalars(
            select(Beneficiary.uic_hmac).where(Beneficiary.erased_at.is_not(None))
        ).all() == [None, None]
        assert s.scalars(select(Outcome.note)).all() == [""]
        found = {
            r.id: (r.status, r.status_reason, r.status_note) for r in s.scalars(select(Referral))
        }
        statuses = {c.id: c.status for c in s.scalars(select(Case))}
    assert found == {
        referral.referral_id: (ReferralStatus.REJECTED, "other", None),  # the code counts on
        open_one.referral_id: (ReferralStatus.CANCELLED, "consent_revoked", None),
    }
    assert statuses == {
        first.case_id: CaseStatus.WITHDRAWN,
        second.case_id: CaseStatus.CLOSED_UNRESOLVED,
    }
    # A later intake with the same UIC is a stranger to the erased pseudonyms.
    third = d.open_case(uow, uic=UIC)
    assert propose_matches(uow, actor=INTAKE, case_id=third.case_id) == 0
