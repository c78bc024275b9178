"""People helped, as the network counts them: one person however many pseudonyms and NGOs
they went through (within an NGO by its confirmed matches, across NGOs by the counting hash),
by need category and population group, member NGOs and outside referrers apart."""

from datetime import UTC, date, datetime, timedelta

from casework.actors import system_actor
from casework.beneficiaries.commands.matching import confirm_match
from casework.beneficiaries.queries import match_proposals
from casework.cases.commands import propose_matches
from casework.cases.profile import Profile
from casework.governance.reports.figures import report_figures
from casework.governance.reports.people import MEMBERS, NOT_RECORDED, OUTSIDE, people_tables
from casework.governance.reports.periods import parse_period
from casework.network.services import ServiceCode
from casework.privacy.figures import CountTable
from casework.privacy.uic import Sex, UicParts
from casework.referrals import commands as referrals
from casework.referrals.commands import Attestations
from tests.support.governance import COORDINATOR
from tests.support.network import demo

MARCH_PERIOD = parse_period("2026-03")
MARCH_PERIOD_END = date(2026, 4, 1)
GOOD = Attestations(anonymous=True, free=True, voluntary=True)
ANNA = UicParts(Sex.FEMALE, 1984, "ҶӮ", "ҲА")
BOBO = UicParts(Sex.MALE, 1979, "МА", "ША")
SHARED = UicParts(Sex.MALE, 1990, "ЗА", "КА")  # two people of one NGO with the same code
DILO = UicParts(Sex.FEMALE, 1995, "НО", "РА")
INTAKE = system_actor("flow:intake")


def row(table: CountTable, key: str) -> dict[str, int]:
    return dict(zip(table.columns, table.counts[table.rows.index(key)], strict=True))


def helped(uow, clock, d, *, uic, ngo=None, service=ServiceCode.HIV_TESTING, groups=(), met=True):
    opened = d.open_case(uow, (service,), ngo=ngo, uic=uic, profile=Profile(groups=groups))
    issued = referrals.request_referral(
        uow, actor=d.caseworker(ngo), case_id=opened.case_id, service=service
    )
    focal = d.focal(issued.institution_id)
    referrals.accept_referral(uow, actor=focal, referral_id=issued.referral_id)
    if met:
        clock.advance(timedelta(hours=1))
        referrals.complete_referral(
            uow, actor=focal, referral_id=issued.referral_id, attestations=GOOD
        )
    return opened


def test_people_are_counted_once_by_need_and_group_members_and_outside_apart(uow, clock):
    d = demo(uow)
    clock.current = datetime(2026, 2, 27, 9, tzinfo=UTC)
    helped(uow, clock, d, uic=DILO)  # helped in February: not March's
    clock.current = datetime(2026, 3, 2, 9, tzinfo=UTC)
    # Anna, at two member NGOs and an outside referrer: one person, counted with the members.
    helped(uow, clock, d, uic=ANNA, groups=("former-prisoners",))
    helped(uow, clock, d, uic=ANNA, ngo=d.other_ngo, service=ServiceCode.HOUSING)
    helped(uow, clock, d, uic=ANNA, ngo=d.outside_referrer, groups=("people-who-use-drugs",))
    # Bobo, twice at one NGO, which confirmed the two pseudonyms are one person.
    helped(uow, clock, d, uic=BOBO)
    again = helped(uow, clock, d, uic=BOBO)
    propose_matches(uow, actor=INTAKE, case_id=again.case_id)
    (proposal,) = match_proposals(uow, actor=d.caseworker(), beneficiary_id=again.beneficiary_id)
    confirm_match(uow, actor=d.caseworker(), proposal_id=proposal.id)
    # Two people of one NGO that share a code, never confirmed as one: two people.
    helped(uow, clock, d, uic=SHARED, groups=("migrant-families",))
    helped(uow, clock, d, uic=SHARED, groups=("migrant-families",))
    # Dilo, through the outside referrer only; and a referral accepted but not yet completed.
    helped(uow, clock, d, uic=DILO, ngo=d.outside_referrer)
    helped(uow, clock, d, uic=UicParts(Sex.MALE, 2001, "ТО", "ЛО"), met=False)

    with uow:
        tables = people_tables(
            uow.session,
            d.network,
            MARCH_PERIOD.bounds(uow.calendar, founded=None, today=MARCH_PERIOD_END),
        )

    people = tables["people"]
    assert row(people, MEMBERS) == {"people": 4} and row(people, OUTSIDE) == {"people": 1}
    by_need = tables["people_by_need"]
    assert row(by_need, "medical") == {MEMBERS: 4, OUTSIDE: 1}
    assert row(by_need, "housing") == {MEMBERS: 1, OUTSIDE: 0}
    assert row(by_need, "legal_aid") == {MEMBERS: 0, OUTSIDE: 0}  # every category has its row
    by_group = tables["people_by_group"]
    assert row(by_group, "former-prisoners") == {MEMBERS: 1, OUTSIDE: 0}
    assert row(by_group, "people-who-use-drugs") == {MEMBERS: 1, OUTSIDE: 0}  # Anna again
    assert row(by_group, "migrant-families") == {MEMBERS: 2, OUTSIDE: 0}
    assert row(by_group, NOT_RECORDED) == {MEMBERS: 1, OUTSIDE: 1}  # Bobo and Dilo
    assert by_group.rows[-1] == NOT_RECORDED and "former-prisoners" in by_group.rows[:-1]

    # The month's report shows them suppressed, the tile quoting the table, and names the
    # groups in three languages as the coordinator keeps them.
    figures = report_figures(uow, actor=COORDINATOR, network_id=d.network, period=MARCH_PERIOD)
    assert figures.people.total == figures.headline["people_helped"] == "<10"
    assert figures.people_by_need.rows == by_need.rows
    assert figures.people_by_need.cells[by_need.rows.index("housing")] == ["<10", "0"]
    assert figures.group_labels["former-prisoners"]["tg"] == "Собиқ маҳбусон"
