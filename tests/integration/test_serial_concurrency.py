"""Serials stay gap-free and unique when many caseworkers request referrals at once."""

import threading
from concurrent.futures import ThreadPoolExecutor

from casework.network.services import ServiceCode
from casework.referrals import commands as referrals
from casework.referrals.serials import format_serial, is_valid_serial
from tests.support.network import demo

THREADS = 8


def test_concurrent_requests_get_gap_free_unique_serials(uow, new_uow):
    d = demo(uow)
    cases = [d.open_case(uow).case_id for _ in range(THREADS)]
    start = threading.Barrier(THREADS)

    def request(case_id):
        own_uow = new_uow()  # one unit of work per thread
        start.wait()
        return referrals.request_referral(
            own_uow, actor=d.caseworker(), case_id=case_id, service=ServiceCode.HIV_TESTING
        ).serial

    with ThreadPoolExecutor(THREADS) as pool:
        serials = list(pool.map(request, cases))

    assert all(is_valid_serial(s) for s in serials)
    assert sorted(serials) == [format_serial("KHT", 2026, n) for n in range(1, THREADS + 1)]
