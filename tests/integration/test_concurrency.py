"""Two people acting on the same referral at the same moment: exactly one wins."""

import threading
from collections import Counter

from casework.errors import Conflict
from casework.network.services import ServiceCode
from casework.referrals import commands as referrals
from casework.referrals.commands import Attestations
from casework.referrals.queries.referrals import get_referral
from casework.referrals.reasons import CancelReason
from tests.support.network import demo

ROUNDS = 8


def race(new_uow, actions) -> list[str]:
    """Run each action in its own thread and unit of work, released at the same instant."""
    barrier = threading.Barrier(len(actions))
    outcomes: list[str] = []

    def run(action):
        uow = new_uow()
        barrier.wait()
        try:
            action(uow)
            outcomes.append("ok")
        except Conflict:
            outcomes.append("conflict")

    threads = [threading.Thread(target=run, args=(a,)) for a in actions]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return outcomes


def test_two_confirmations_of_one_referral_give_one_success_and_one_conflict(uow, new_uow):
    d = demo(uow)
    for _ in range(ROUNDS):
        opened = d.open_case(uow)
        issued = referrals.request_referral(
            uow, actor=d.caseworker(), case_id=opened.case_id, service=ServiceCode.HIV_TESTING
        )
        focal = d.focal(issued.institution_id)

        def accept(u, referral_id=issued.referral_id, focal=focal):
            referrals.accept_referral(u, actor=focal, referral_id=referral_id)

        assert Counter(race(new_uow, [accept, accept])) == {"ok": 1, "conflict": 1}
        assert get_referral(uow, actor=focal, referral_id=issued.referral_id).status == "accepted"


def test_a_cancellation_racing_a_completion_leaves_one_consistent_outcome(uow, new_uow):
    d = demo(uow)
    all_true = Attestations(anonymous=True, free=True, voluntary=True)
    for _ in range(ROUNDS):
        opened = d.open_case(uow)
        issued = referrals.request_referral(
            uow, actor=d.caseworker(), case_id=opened.case_id, service=ServiceCode.HIV_TESTING
        )
        focal = d.focal(issued.institution_id)
        referrals.accept_referral(uow, actor=focal, referral_id=issued.referral_id)
        rid = issued.referral_id

        outcomes = race(
            new_uow,
            [
                lambda u, rid=rid, f=focal: referrals.complete_referral(
                    u, actor=f, referral_id=rid, attestations=all_true
                ),
                lambda u, rid=rid: referrals.cancel_referral(
                    u, actor=d.caseworker(), referral_id=rid, reason_code=CancelReason.OTHER
                ),
            ],
        )
        assert Counter(outcomes) == {"ok": 1, "conflict": 1}
        final = get_referral(uow, actor=focal, referral_id=rid).status
        assert final in {"completed", "cancelled"}
