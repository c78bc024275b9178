"""The meeting agenda counts each institution's escalated referrals and breaches. Governors
(who also read the serials) and the institution's own focal point (whose inbox holds those
referrals) see them exactly; every other member's staff see them suppressed, and nothing on
the page gives a hidden count back."""

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from casework.actors import Actor, Role
from casework.governance.breaches.model import MemorandumBreach
from casework.governance.meetings.commands.agenda import build_agenda
from casework.governance.meetings.commands.meetings import schedule_meeting
from casework.governance.meetings.model import AgendaEscalation
from casework.governance.meetings.queries import get_meeting, next_scheduled_meeting
from casework.governance.meetings.states import AgendaItemKind
from casework.network.services import ServiceCode
from casework.privacy.figures import ShownTable
from tests.support.governance import COORDINATOR, MARCH, breach, escalate_to_meeting
from tests.support.network import demo
from tests.support.recovery import recovered


def test_a_members_staff_see_the_escalations_at_another_institution_suppressed(uow):
    d = demo(uow)
    institution = escalate_to_meeting(uow, d)
    meeting_id = schedule_meeting(uow, actor=COORDINATOR, network_id=d.network, month=MARCH)
    build_agenda(uow, actor=COORDINATOR, meeting_id=meeting_id)

    [seen_by_ngo] = get_meeting(uow, actor=d.caseworker(), meeting_id=meeting_id).agenda
    assert (seen_by_ngo.escalated_referrals, seen_by_ngo.referral_serials) == ("<10", [])
    [seen_by_other] = get_meeting(uow, actor=d.focal(d.justice), meeting_id=meeting_id).agenda
    assert seen_by_other.escalated_referrals == "<10"
    [seen_by_own] = get_meeting(uow, actor=d.focal(institution), meeting_id=meeting_id).agenda
    assert seen_by_own.escalated_referrals == "1"
    [seen_by_coordinator] = get_meeting(uow, actor=COORDINATOR, meeting_id=meeting_id).agenda
    assert seen_by_coordinator.escalated_referrals == "1"
    assert len(seen_by_coordinator.referral_serials) == 1


def _truth(uow, item) -> int:
    with uow:
        if item.kind is AgendaItemKind.ESCALATIONS:
            link = AgendaEscalation.agenda_item_id
            return uow.session.scalar(select(func.count()).where(link == item.id))
        where = MemorandumBreach.agenda_item_id == item.id
        return uow.session.scalar(select(func.count(MemorandumBreach.id)).where(where))


def _count_of(item) -> str:
    return item.escalated_referrals if item.kind is AgendaItemKind.ESCALATIONS else item.breaches


def _pinned(count: int, shown: str, listed: int) -> bool:
    """A count on its own, with `listed` of its rows shown one by one beside it."""
    alone = ShownTable([""], [""], [[shown]], [shown], [shown], shown)
    return bool(recovered([[count]], alone, listed={(0, 0): listed}))


SERVICES = [ServiceCode.HIV_TESTING, ServiceCode.TB_SCREENING, ServiceCode.IDENTITY_DOCUMENTS]


@settings(
    max_examples=6,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    escalated=st.lists(st.sampled_from(SERVICES), max_size=4),
    breaches=st.integers(0, 1),
)
def test_no_agenda_count_is_given_away_to_a_reader_who_may_not_see_its_rows(
    uow, escalated, breaches
):
    d = demo(uow)
    meeting_id = _meeting(uow, d)
    for service in escalated:
        escalate_to_meeting(uow, d, service)
    for _ in range(breaches):
        breach(uow, d)
    build_agenda(uow, actor=COORDINATOR, meeting_id=meeting_id)

    readers = [
        d.caseworker(),
        d.focal(d.justice),
        Actor(user_id="test-media", role=Role.FOCAL_POINT, organisation_id=d.media),
    ]
    for reader in readers:
        for item in get_meeting(uow, actor=reader, meeting_id=meeting_id).agenda:
            for shown in (item.escalated_referrals, item.breaches):
                assert shown in {"0", "<10", "10+"} or int(shown) >= 10
            count, shown = _truth(uow, item), _count_of(item)
            assert not _pinned(count, shown, len(item.referral_serials))
    for item in get_meeting(uow, actor=COORDINATOR, meeting_id=meeting_id).agenda:
        assert _count_of(item) == str(_truth(uow, item))


def _meeting(uow, d) -> int:
    """The one meeting the examples add to: its items' counts grow from example to example."""
    return next_scheduled_meeting(uow, network_id=d.network) or schedule_meeting(
        uow, actor=COORDINATOR, network_id=d.network, month=MARCH
    )
