"""The counting hash: the same person is one person across the NGOs of a network, and
nobody in another network; it follows a corrected UIC, goes with an erasure, and is used
for nothing but counting."""

from sqlalchemy import select

from casework.beneficiaries.commands.erasure import erase_beneficiary
from casework.beneficiaries.commands.uic import correct_uic
from casework.beneficiaries.model import Beneficiary
from casework.cases.commands import open_case
from casework.network.services import ServiceCode
from casework.privacy.uic import Sex, UicParts, counting_hash, uic_hmac
from tests.support.network import UIC, another_network, demo

TYPO = UicParts(Sex.FEMALE, 1984, "ҶӮ", "ҲО")


def hashes(uow, beneficiary_id) -> tuple[str | None, str | None]:
    with uow:
        b = uow.session.get_one(Beneficiary, beneficiary_id)
        return b.uic_hmac, b.counting_hash


def test_one_person_at_two_ngos_of_a_network_has_one_counting_hash(uow):
    d = demo(uow)
    first = d.open_case(uow)
    second = d.open_case(uow, ngo=d.other_ngo)
    other = another_network(uow)
    elsewhere = open_case(
        uow,
        actor=d.caseworker(other.ngo),
        uic=UIC,
        needs=[ServiceCode.HIV_TESTING],
        consent_to_referral=True,
    )

    matching, counting = hashes(uow, first.beneficiary_id)
    assert counting == hashes(uow, second.beneficiary_id)[1]
    assert counting == counting_hash(uow.keys.uic_pepper, d.network, UIC)
    assert counting != matching and len(counting) == 64
    assert hashes(uow, elsewhere.beneficiary_id)[1] not in (None, counting)
    someone_else = d.open_case(uow, uic=TYPO)
    assert hashes(uow, someone_else.beneficiary_id)[1] != counting


def test_a_corrected_uic_gets_a_new_counting_hash(uow):
    d = demo(uow)
    typed = d.open_case(uow, uic=TYPO)
    assert hashes(uow, typed.beneficiary_id)[1] == counting_hash(
        uow.keys.uic_pepper, d.network, TYPO
    )

    correct_uic(uow, actor=d.caseworker(), beneficiary_id=typed.beneficiary_id, uic=UIC)

    assert hashes(uow, typed.beneficiary_id) == (
        uic_hmac(uow.keys.uic_pepper, UIC),
        counting_hash(uow.keys.uic_pepper, d.network, UIC),
    )


def test_an_erasure_forgets_the_counting_hash(uow):
    d = demo(uow)
    opened = d.open_case(uow)
    erase_beneficiary(uow, actor=d.supervisor(), beneficiary_id=opened.beneficiary_id)
    assert hashes(uow, opened.beneficiary_id) == (None, None)
    with uow:
        kept = uow.session.scalars(select(Beneficiary.counting_hash)).all()
    assert counting_hash(uow.keys.uic_pepper, d.network, UIC) not in kept
