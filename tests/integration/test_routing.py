"""Routing sends a referral only to a member that may take it on that day."""

from datetime import date

import pytest
from sqlalchemy import delete, event, update

from casework.actors import system_actor
from casework.governance.memoranda.model import MemorandumSignature
from casework.governance.memoranda.queries import memorandum_valid_on
from casework.network.commands import admit_member
from casework.network.model import GovernmentSubtype, Member, MemberKind, MemberService
from casework.network.services import ServiceCode
from casework.referrals import commands as referrals
from tests.support.network import demo


def request(uow, d, service, **kwargs):
    opened = d.open_case(uow, (service,))
    return referrals.request_referral(
        uow, actor=d.caseworker(), case_id=opened.case_id, service=service, **kwargs
    )


def test_load_is_spread_over_the_members_that_offer_a_service(uow):
    d = demo(uow)
    hospital = d.members["Regional Clinical Hospital (demo)"]
    chosen = [request(uow, d, ServiceCode.HIV_TESTING).institution_id for _ in range(4)]
    assert chosen == [d.aids_centre, hospital, d.aids_centre, hospital]


def test_a_member_that_left_receives_no_referrals(uow):
    d = demo(uow)
    with uow:
        uow.session.execute(
            update(Member).where(Member.id == d.aids_centre).values(left_on=date(2026, 1, 1))
        )
        uow.commit()
    chosen = {request(uow, d, ServiceCode.HIV_TESTING).institution_id for _ in range(3)}
    assert chosen == {d.members["Regional Clinical Hospital (demo)"]}


def test_a_member_that_did_not_sign_the_valid_memorandum_receives_no_referrals(uow, clock):
    d = demo(uow)
    with uow:  # the AIDS centre did not sign the version valid today
        current = memorandum_valid_on(uow.session, d.network, clock.now().date())
        uow.session.execute(
            delete(MemorandumSignature).where(
                MemorandumSignature.memorandum_id == current.id,
                MemorandumSignature.member_id == d.aids_centre,
            )
        )
        uow.commit()
    chosen = {request(uow, d, ServiceCode.HIV_TESTING).institution_id for _ in range(3)}
    assert chosen == {d.members["Regional Clinical Hospital (demo)"]}


def test_a_member_that_joined_after_the_last_renewal_waits_for_the_next_one(uow):
    d = demo(uow)
    newcomer = admit_member(
        uow, actor=system_actor("test"), network_id=d.network, name="New TB clinic (test)",
        kind=MemberKind.GOVERNMENT, subtype=GovernmentSubtype.TB_DISPENSARY,
        joined_on=date(2026, 1, 10), services=[ServiceCode.TB_SCREENING],
    )  # fmt: skip
    chosen = {request(uow, d, ServiceCode.TB_SCREENING).institution_id for _ in range(3)}
    assert newcomer not in chosen


def test_the_caseworker_may_name_the_institution(uow):
    d = demo(uow)
    hospital = d.members["Regional Clinical Hospital (demo)"]
    assert (
        request(uow, d, ServiceCode.HIV_TESTING, institution_id=hospital).institution_id == hospital
    )


def test_an_ngo_is_never_routed_to_itself(uow):
    d = demo(uow)  # the first NGO offers harm reduction itself, as does the narcology centre
    chosen = {request(uow, d, ServiceCode.HARM_REDUCTION).institution_id for _ in range(4)}
    assert d.ngo not in chosen


def test_a_change_to_the_services_a_member_offers_routes_the_very_next_referral(uow):
    d = demo(uow)
    hospital = d.members["Regional Clinical Hospital (demo)"]
    assert request(uow, d, ServiceCode.HIV_TESTING).institution_id == d.aids_centre
    with uow:  # the AIDS centre stops testing; the TB dispensary starts
        uow.session.execute(
            delete(MemberService).where(
                MemberService.member_id == d.aids_centre,
                MemberService.service == ServiceCode.HIV_TESTING,
            )
        )
        uow.session.add(MemberService(member_id=d.tb_dispensary, service=ServiceCode.HIV_TESTING))
        uow.commit()
    chosen = [request(uow, d, ServiceCode.HIV_TESTING).institution_id for _ in range(4)]
    assert sorted(chosen) == sorted([hospital, d.tb_dispensary] * 2)


def test_an_institutions_open_referrals_are_counted_from_an_index_not_its_history(uow, engine):
    """Routing counts each eligible member's open referrals for every referral it issues. On
    SQLite, which keeps no statistics unless asked, the count read every referral the member
    ever had, so issuing slowed as the network's history grew: it must look the open ones up
    by institution and status. (PostgreSQL's planner chooses by the statistics it keeps,
    which an empty test database does not have: on a real one it reads by status.)"""
    if engine.dialect.name != "sqlite":
        pytest.skip("a plan chosen by statistics an empty test database does not have")
    d = demo(uow)
    statements = []

    def keep(_connection, _cursor, statement, parameters, _context, _many):
        statements.append((statement, parameters))

    event.listen(engine, "before_cursor_execute", keep)
    try:
        request(uow, d, ServiceCode.HIV_TESTING)
    finally:
        event.remove(engine, "before_cursor_execute", keep)
    statement, parameters = next(
        s for s in statements if "count(" in s[0] and "commitments" in s[0]
    )
    with engine.connect() as connection:
        cursor = connection.connection.cursor()
        cursor.execute(f"EXPLAIN QUERY PLAN {statement}", parameters)
        reads = [row[3] for row in cursor.fetchall() if "referrals" in row[3]]
    assert reads == [
        "SEARCH referrals USING COVERING INDEX ix_referrals_institution_status"
        " (institution_id=? AND status=?)"
    ]
