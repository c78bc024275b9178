"""Correcting a mistyped UIC: the pseudonym gets the new keyed hash, the proposals made on the
typo go, matching runs again at once, and nothing of the letters is kept or written down."""

import pytest
from sqlalchemy import select

from casework.actors import system_actor
from casework.audit import AuditEntry
from casework.audit_actions import AuditAction
from casework.beneficiaries.commands.erasure import erase_beneficiary
from casework.beneficiaries.commands.matching import confirm_match
from casework.beneficiaries.commands.uic import UicCorrected, correct_uic
from casework.beneficiaries.model import Beneficiary, MatchDecision, MatchProposal
from casework.beneficiaries.queries import beneficiary_of_case
from casework.cases.commands import propose_matches
from casework.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from casework.privacy.uic import Sex, UicParts, uic_hmac
from tests.support.network import UIC, demo

TYPO = UicParts(Sex.FEMALE, 1984, "ҶӮ", "ҲО")  # the father's second letter mistyped
INTAKE = system_actor("flow:intake")


def hash_of(uow, beneficiary_id) -> str | None:
    with uow:
        return uow.session.get_one(Beneficiary, beneficiary_id).uic_hmac


def audit_rows(uow, action: AuditAction) -> list[AuditEntry]:
    with uow:
        rows = uow.session.scalars(select(AuditEntry).where(AuditEntry.action == action.value))
        return list(rows)


def test_a_corrected_uic_gets_the_new_hash_and_matching_proposes_at_once(uow):
    d = demo(uow)
    earlier = d.open_case(uow)
    typed = d.open_case(uow, uic=TYPO)
    assert propose_matches(uow, actor=INTAKE, case_id=typed.case_id) == 0  # the typo hides it

    corrected = correct_uic(uow, actor=d.caseworker(), beneficiary_id=typed.beneficiary_id, uic=UIC)

    assert corrected == UicCorrected(changed=True, matches_withdrawn=0, matches_proposed=1)
    assert hash_of(uow, typed.beneficiary_id) == uic_hmac(uow.keys.uic_pepper, UIC)
    shown = beneficiary_of_case(uow, actor=d.caseworker(), case_id=typed.case_id)
    assert [(m.display_code, m.case_id, m.decision) for m in shown.matches] == [
        (earlier.display_code, earlier.case_id, MatchDecision.PROPOSED)
    ]
    seen_from_earlier = beneficiary_of_case(uow, actor=d.caseworker(), case_id=earlier.case_id)
    assert [m.display_code for m in seen_from_earlier.matches] == [typed.display_code]
    # Retyping the code already kept changes nothing and writes nothing.
    again = correct_uic(uow, actor=d.supervisor(), beneficiary_id=typed.beneficiary_id, uic=UIC)
    assert again == UicCorrected(changed=False, matches_withdrawn=0, matches_proposed=0)
    assert len(audit_rows(uow, AuditAction.BENEFICIARY_UIC_CORRECTED)) == 1


def test_the_correction_is_audited_without_the_letters_or_their_hash(uow):
    d = demo(uow)
    typed = d.open_case(uow, uic=TYPO)
    correct_uic(uow, actor=d.caseworker(), beneficiary_id=typed.beneficiary_id, uic=UIC)

    [row] = audit_rows(uow, AuditAction.BENEFICIARY_UIC_CORRECTED)
    assert (row.object_type, row.object_id) == ("beneficiaries", str(typed.beneficiary_id))
    assert (row.actor_id, row.actor_role) == (d.caseworker().user_id, "caseworker")
    kept = " ".join(str(v) for v in vars(row).values())
    for secret in ("ҶӮ", "ҲА", "ЧУ", "ХА", "1984", uic_hmac(uow.keys.uic_pepper, UIC)):
        assert secret not in kept


def test_undecided_proposals_made_on_the_typo_are_withdrawn_and_decided_ones_stay(uow):
    d = demo(uow)
    first_typo = d.open_case(uow, uic=TYPO)
    second_typo = d.open_case(uow, uic=TYPO)
    third_typo = d.open_case(uow, uic=TYPO)
    assert propose_matches(uow, actor=INTAKE, case_id=second_typo.case_id) == 2
    with uow:
        decided = uow.session.scalar(
            select(MatchProposal.id).where(
                MatchProposal.beneficiary_id == second_typo.beneficiary_id,
                MatchProposal.candidate_id == first_typo.beneficiary_id,
            )
        )
    confirm_match(uow, actor=d.caseworker(), proposal_id=decided)
    assert propose_matches(uow, actor=INTAKE, case_id=third_typo.case_id) == 1  # with the first
    original = d.open_case(uow)

    # The first pseudonym's code was mistyped; the other two really share the typo's code.
    corrected = correct_uic(
        uow, actor=d.caseworker(), beneficiary_id=first_typo.beneficiary_id, uic=UIC
    )

    assert corrected == UicCorrected(changed=True, matches_withdrawn=1, matches_proposed=1)
    with uow:
        left = {
            (p.beneficiary_id, p.candidate_id, p.decision)
            for p in uow.session.scalars(select(MatchProposal))
        }
    assert left == {
        (second_typo.beneficiary_id, first_typo.beneficiary_id, MatchDecision.CONFIRMED),
        (second_typo.beneficiary_id, third_typo.beneficiary_id, MatchDecision.PROPOSED),
        (first_typo.beneficiary_id, original.beneficiary_id, MatchDecision.PROPOSED),
    }
    assert len(audit_rows(uow, AuditAction.BENEFICIARY_MATCH_WITHDRAWN)) == 1


def test_bad_letters_strangers_and_erased_beneficiaries_are_refused_without_a_change(uow):
    d = demo(uow)
    typed = d.open_case(uow, uic=TYPO)
    before = hash_of(uow, typed.beneficiary_id)
    with pytest.raises(InvalidInput) as refused:
        correct_uic(
            uow,
            actor=d.caseworker(),
            beneficiary_id=typed.beneficiary_id,
            uic=UicParts(Sex.FEMALE, 1984, "Ҷ7", "ҲА"),
        )
    assert refused.value.field == "mother_letters" and "Ҷ7" not in str(refused.value)
    for outsider in (d.caseworker(d.other_ngo), d.focal()):
        with pytest.raises(NotFound):
            correct_uic(uow, actor=outsider, beneficiary_id=typed.beneficiary_id, uic=UIC)
    with pytest.raises(PermissionDenied):  # an operator may look it up, not correct it
        correct_uic(uow, actor=INTAKE, beneficiary_id=typed.beneficiary_id, uic=UIC)
    assert hash_of(uow, typed.beneficiary_id) == before

    erase_beneficiary(uow, actor=d.supervisor(), beneficiary_id=typed.beneficiary_id)
    with pytest.raises(Conflict):
        correct_uic(uow, actor=d.caseworker(), beneficiary_id=typed.beneficiary_id, uic=UIC)
    assert hash_of(uow, typed.beneficiary_id) is None
