"""`casework demo seed`'s year of work: hundreds of beneficiaries, about a thousand referrals
with every fate, the network's meetings and reports, and work still open (and late) today;
seeded once, with nothing left for the flow dispatcher."""

from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from sqlalchemy import func, select

from casework.actors import Actor, Role
from casework.beneficiaries.model import Beneficiary
from casework.clock import FrozenClock
from casework.db import create_db_engine
from casework.demo.history import seed_demo_year
from casework.escalation.model import Escalation
from casework.governance.breaches.model import MemorandumBreach
from casework.governance.meetings.model import Decision, Meeting, Responsibility
from casework.governance.meetings.states import MeetingStatus
from casework.governance.reports.model import NetworkReport
from casework.network.model import Member
from casework.network.services import ServiceCode
from casework.notifications.model import Delivery, DeliveryStatus, Notification
from casework.outbox import OutboxMessage
from casework.referrals.model import Referral
from casework.referrals.queries.dashboard import dashboard
from casework.referrals.states import OPEN_STATUSES, ReferralStatus
from casework.uow import UnitOfWork
from cli.demo import ReportRenderer, year_settler
from tests.support.databases import make_uow, settings_for
from tests.support.network import demo

pytestmark = [pytest.mark.slow, pytest.mark.timeout(1800)]

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)  # the year runs from 1 March 2025 to this


@pytest.fixture(scope="module")
def year(backend, tmp_path_factory) -> Iterator[tuple[UnitOfWork, object]]:
    """One seeded year per backend, read by every test here (seeding takes a while)."""
    tmp = tmp_path_factory.mktemp("demo-year")
    url = backend.fresh(tmp)
    engine = create_db_engine(url)
    uow = make_uow(engine, FrozenClock(NOW), settings_for(url, tmp))
    with ReportRenderer() as renderer:
        report = seed_demo_year(uow, settle=year_settler(renderer), until=NOW)
    yield uow, report
    engine.dispose()
    backend.drop(url)


def count(uow: UnitOfWork, stmt) -> int:
    with uow:
        return uow.session.scalar(stmt)


def test_a_year_of_referrals_with_every_fate(year):
    uow, report = year
    assert report is not None and uow.now() == NOW
    assert count(uow, select(func.count(Beneficiary.id))) >= 300
    assert 900 <= count(uow, select(func.count(Referral.id))) <= 1100
    with uow:
        services = set(uow.session.scalars(select(Referral.service).distinct()))
        sub_networks = set(
            uow.session.scalars(
                select(Member.sub_network_id)
                .join(Referral, Referral.ngo_id == Member.id)
                .distinct()
            )
        )
        statuses = dict(
            uow.session.execute(
                select(Referral.status, func.count(Referral.id)).group_by(Referral.status)
            ).all()
        )
    assert services == set(ServiceCode)
    assert len(sub_networks - {None}) == 2
    for status in (
        ReferralStatus.COMPLETED,
        ReferralStatus.REJECTED,
        ReferralStatus.CANCELLED,
        ReferralStatus.FAILED,
    ):
        assert statuses.get(status, 0) >= 10, status
    open_now = sum(n for status, n in statuses.items() if status in OPEN_STATUSES)
    overdue_now = count(
        uow,
        select(func.count(Referral.id)).where(
            Referral.status.in_(OPEN_STATUSES), Referral.current_due_at < NOW
        ),
    )
    assert open_now >= 20 and overdue_now >= 3
    assert count(uow, select(func.count(Escalation.id))) >= 100
    assert count(uow, select(func.count(MemorandumBreach.id))) >= 1


def test_a_year_of_meetings_decisions_orders_and_reports(year):
    uow, _ = year
    closed = select(Meeting.id).where(Meeting.status == MeetingStatus.CLOSED)
    assert count(uow, select(func.count()).select_from(closed.subquery())) >= 12
    with uow:
        undecided = uow.session.scalar(
            select(func.count(Meeting.id)).where(
                Meeting.status == MeetingStatus.CLOSED,
                ~Meeting.id.in_(select(Decision.meeting_id)),
            )
        )
    assert undecided == 0
    assert (
        count(
            uow, select(func.count(Responsibility.id)).where(Responsibility.instrument.is_not(None))
        )
        >= 12
    )
    assert count(uow, select(func.count(NetworkReport.id))) == 12
    told = select(func.count(func.distinct(Notification.subject_id))).where(
        Notification.subject_id.like("network-report:%")
    )
    assert count(uow, told) == 12  # members were told of every report, rendered beside the year


def test_the_demo_supervisor_opens_a_dashboard_with_figures(year):
    uow, _ = year
    d = demo(uow)
    supervisor = Actor(user_id="test-supervisor", role=Role.SUPERVISOR, organisation_id=d.ngo)
    board = dashboard(uow, actor=supervisor)
    assert board.open.institutions and board.overdue


def test_the_outside_referrer_refers_beneficiaries_but_takes_no_part_in_governance(year):
    """Its figures are in the year, for the reports to count apart."""
    uow, _ = year
    referrer = demo(uow).outside_referrer
    referred = select(func.count(Referral.id)).where(Referral.ngo_id == referrer)
    assert count(uow, referred) >= 10
    received = select(func.count(Referral.id)).where(Referral.institution_id == referrer)
    assert count(uow, received) == 0
    hosted = select(func.count(Meeting.id)).where(Meeting.host_member_id == referrer)
    responsible = select(func.count(Responsibility.id)).where(Responsibility.member_id == referrer)
    told = select(func.count(Notification.id)).where(
        Notification.recipient_member_id == referrer, Notification.subject_id.is_not(None)
    )
    assert count(uow, hosted) == count(uow, responsible) == count(uow, told) == 0


def test_the_past_leaves_the_dispatcher_nothing(year):
    """Every flow of the year ran inline: `casework serve` starts on an empty outbox."""
    uow, _ = year
    pending = select(func.count(OutboxMessage.id)).where(
        OutboxMessage.dispatched_at.is_(None), OutboxMessage.available_at <= NOW
    )
    assert count(uow, pending) == 0
    unsent = select(func.count(Delivery.id)).where(Delivery.status == DeliveryStatus.PENDING)
    assert count(uow, unsent) == 0  # notices of the past stay in the bell, never sent


def test_seeding_again_adds_nothing(year):
    uow, _ = year
    before = count(uow, select(func.count(Referral.id)))
    with ReportRenderer() as renderer:
        assert seed_demo_year(uow, settle=year_settler(renderer), until=NOW) is None
    assert count(uow, select(func.count(Referral.id))) == before
