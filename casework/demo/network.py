"""An invented network modelled on the Khatlon Region Partnership Network. Every name here is
made up and marked "(demo)"; no real institution or person is named."""

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import select

from casework.actors import Role, system_actor
from casework.calendar import DeadlineUnit
from casework.demo.directory import PLACES
from casework.governance.memoranda.commands.versions import publish_memorandum
from casework.governance.memoranda.terms import CommitmentTerms
from casework.network import queries
from casework.network.commands import admit_member, edit_directory_entry, register_network
from casework.network.model import GovernmentSubtype, MemberKind, Network
from casework.network.services import ServiceCategory, ServiceCode
from casework.notifications.commands import add_contact
from casework.notifications.model import Channel
from casework.notifications.notices import HEAD
from casework.uow import UnitOfWork

NETWORK_CODE = "KHT"
FOUNDED = date(2009, 9, 10)
ACTOR = system_actor("demo-seed")
S = ServiceCode
G = GovernmentSubtype
WD = DeadlineUnit.WORKING_DAYS

# What the memorandum commits members to, per service category. Legal aid on detention is
# counted in hours: a detained person cannot wait for working days.
COMMITMENTS = [
    CommitmentTerms(ServiceCategory.MEDICAL, 2, 10, WD),
    CommitmentTerms(ServiceCategory.HOUSING, 5, 40, WD),
    CommitmentTerms(ServiceCategory.EMPLOYMENT, 5, 30, WD),
    CommitmentTerms(ServiceCategory.DOCUMENTS, 5, 30, WD),
    CommitmentTerms(ServiceCategory.LEGAL_AID, 4, 72, DeadlineUnit.HOURS),
    CommitmentTerms(ServiceCategory.SOCIAL_SUPPORT, 3, 15, WD),
]


@dataclass(frozen=True)
class DemoMember:
    name: str
    kind: MemberKind
    joined: date
    services: tuple[ServiceCode, ...] = ()
    subtype: GovernmentSubtype | None = None
    district: int | None = None  # index into SUB_NETWORKS


SUB_NETWORKS = [
    ("Bokhtar district sub-network (demo)", "Bokhtar"),
    ("Kulob district sub-network (demo)", "Kulob"),
]
GOV, NGO, MEDIA = MemberKind.GOVERNMENT, MemberKind.NGO, MemberKind.MEDIA

MEMBERS = [
    # 12 founding members, 10 September 2009
    DemoMember(
        "Regional AIDS Centre (demo)",
        GOV,
        FOUNDED,
        (S.HIV_TESTING, S.HEPATITIS_TESTING, S.STI_CARE),
        G.AIDS_CENTRE,
    ),
    DemoMember("Regional TB Dispensary (demo)", GOV, FOUNDED, (S.TB_SCREENING,), G.TB_DISPENSARY),
    DemoMember("Regional Narcology Centre (demo)", GOV, FOUNDED, (S.HARM_REDUCTION,), G.NARCOLOGY),
    DemoMember(
        "Regional Dermatovenerology Dispensary (demo)",
        GOV,
        FOUNDED,
        (S.STI_CARE,),
        G.DERMATOVENEROLOGY,
    ),
    DemoMember(
        "Regional Clinical Hospital (demo)",
        GOV,
        FOUNDED,
        (S.HIV_TESTING, S.HEPATITIS_TESTING, S.TB_SCREENING),
        G.REGIONAL_HOSPITAL,
    ),
    DemoMember(
        "Regional Justice Department (demo)", GOV, FOUNDED, (S.LEGAL_AID_DETENTION,), G.JUSTICE
    ),
    DemoMember(
        "NGO «Umedi Nav» (demo)", NGO, FOUNDED, (S.SOCIAL_SUPPORT, S.HARM_REDUCTION), district=0
    ),
    DemoMember("NGO «Chashmai Hayot» (demo)", NGO, FOUNDED, (S.SOCIAL_SUPPORT,), district=0),
    DemoMember(
        "NGO «Dasti Kumak» (demo)",
        NGO,
        FOUNDED,
        (S.SOCIAL_SUPPORT, S.LEGAL_AID_DETENTION),
        district=1,
    ),
    DemoMember("NGO «Rohi Rost» (demo)", NGO, FOUNDED, (S.SOCIAL_SUPPORT,), district=1),
    DemoMember(
        "NGO «Zanoni Sabr» (demo)", NGO, FOUNDED, (S.SOCIAL_SUPPORT, S.EMPLOYMENT), district=0
    ),
    DemoMember("Radio «Sadoi Vodi» (demo)", MEDIA, FOUNDED),
    # joined later: 23 members by 2019
    DemoMember(
        "Regional Police Department (demo)",
        GOV,
        date(2010, 6, 1),
        (S.LEGAL_AID_DETENTION,),
        G.POLICE,
    ),
    DemoMember(
        "NGO «Nuri Dil» (demo)",
        NGO,
        date(2011, 2, 15),
        (S.SOCIAL_SUPPORT, S.HARM_REDUCTION),
        district=1,
    ),
    DemoMember(
        "Regional Employment Agency (demo)", GOV, date(2012, 3, 1), (S.EMPLOYMENT,), G.EMPLOYMENT
    ),
    DemoMember("Newspaper «Payomi Khatlon» (demo)", MEDIA, date(2012, 9, 1)),
    DemoMember(
        "District Housing Department (demo)", GOV, date(2013, 4, 1), (S.HOUSING,), G.HOUSING
    ),
    DemoMember(
        "NGO «Khonai Orom» (demo)",
        NGO,
        date(2014, 1, 20),
        (S.SOCIAL_SUPPORT, S.HOUSING),
        district=0,
    ),
    DemoMember(
        "Passport and Registration Office (demo)",
        GOV,
        date(2015, 5, 1),
        (S.IDENTITY_DOCUMENTS,),
        G.PASSPORT_OFFICE,
    ),
    DemoMember("NGO «Paivand» (demo)", NGO, date(2016, 2, 1), (S.SOCIAL_SUPPORT,), district=1),
    DemoMember(
        "NGO «Sipar» (demo)",
        NGO,
        date(2017, 3, 1),
        (S.SOCIAL_SUPPORT, S.LEGAL_AID_DETENTION),
        district=0,
    ),
    DemoMember("NGO «Bahori Umr» (demo)", NGO, date(2018, 4, 1), (S.SOCIAL_SUPPORT,), district=1),
    DemoMember("Online outlet «Khabarnigor» (demo)", MEDIA, date(2019, 1, 15)),
]
# An NGO that refers its beneficiaries to the members without being one (issue 15, item 5):
# registered by the coordinator, it signs nothing and offers nothing; reports count it apart.
OUTSIDE_REFERRERS = [DemoMember("NGO «Rohnamo» (demo)", NGO, date(2024, 6, 3), district=0)]


@dataclass(frozen=True)
class SeedReport:
    network_id: int
    members: int
    memorandum_versions: int
    outside_referrers: int = 0


def _year_later(day: date) -> date:
    return day.replace(year=day.year + 1)


def seed_demo_network(uow: UnitOfWork, *, today: date) -> SeedReport | None:
    """Load the demo network, with a memorandum renewed each 10 September from 2009 until one
    is valid `today`. Returns None, changing nothing, if the network is already there."""
    with uow:
        if uow.session.scalar(select(Network.id).where(Network.code == NETWORK_CODE)) is not None:
            return None
    network_id = register_network(
        uow,
        actor=ACTOR,
        code=NETWORK_CODE,
        name="Khatlon Region Partnership Network (demo)",
        region="Khatlon",
        sub_networks=SUB_NETWORKS,
        is_demo=True,
    )
    with uow:
        sub_ids = [s.id for s in queries.sub_networks(uow.session, network_id)]
    member_ids: dict[str, int] = {}
    for index, m in enumerate(MEMBERS, start=1):
        member_ids[m.name] = admit_member(
            uow,
            actor=ACTOR,
            network_id=network_id,
            name=m.name,
            kind=m.kind,
            subtype=m.subtype,
            joined_on=m.joined,
            sub_network_id=None if m.district is None else sub_ids[m.district],
            services=list(m.services),
            focal_point_title="Referral focal point (demo)" if m.kind is not MEDIA else None,
            focal_point_email=f"focal.{index:02d}@demo.invalid" if m.kind is not MEDIA else None,
            is_demo=True,
        )
        edit_directory_entry(
            uow, actor=ACTOR, member_id=member_ids[m.name], changes=PLACES[m.name].changes(index)
        )
    for index, m in enumerate(OUTSIDE_REFERRERS, start=len(MEMBERS) + 1):
        referrer_id = admit_member(
            uow,
            actor=ACTOR,
            network_id=network_id,
            name=m.name,
            kind=m.kind,
            joined_on=m.joined,
            sub_network_id=None if m.district is None else sub_ids[m.district],
            is_demo=True,
            outside_referrer=True,
        )
        edit_directory_entry(
            uow, actor=ACTOR, member_id=referrer_id, changes=PLACES[m.name].changes(index)
        )
    versions = 0
    valid_from = FOUNDED
    while valid_from <= today:
        valid_until = _year_later(valid_from) - timedelta(days=1)
        publish_memorandum(
            uow,
            actor=ACTOR,
            network_id=network_id,
            signed_on=valid_from,
            valid_from=valid_from,
            valid_until=valid_until,
            commitments=COMMITMENTS,
            # Members sign at the first renewal after they join.
            signatories=[member_ids[m.name] for m in MEMBERS if m.joined <= valid_from],
        )
        versions += 1
        valid_from = _year_later(valid_from)
    seed_demo_contacts(uow, network_id=network_id, members=member_ids)
    return SeedReport(
        network_id=network_id,
        members=len(MEMBERS),
        memorandum_versions=versions,
        outside_referrers=len(OUTSIDE_REFERRERS),
    )


def seed_demo_contacts(uow: UnitOfWork, *, network_id: int, members: dict[str, int]) -> None:
    """Invented role mailboxes, so that escalations have somewhere to go beyond the app:
    NGO caseworkers and supervisors, institution heads, and the coordinator (also by SMS
    through the webhook gateway). Focal points already have their member's e-mail."""
    by_kind = {m.name: m.kind for m in MEMBERS}
    wanted: list[tuple[int | None, str, Channel, str]] = [
        (None, Role.COORDINATOR.value, Channel.EMAIL, "coordinator@demo.invalid"),
        (None, Role.COORDINATOR.value, Channel.WEBHOOK, "+992000000000"),
    ]
    for index, (name, member_id) in enumerate(members.items(), start=1):
        if by_kind[name] is NGO:
            wanted.append(
                (
                    member_id,
                    Role.CASEWORKER.value,
                    Channel.EMAIL,
                    f"casework.{index:02d}@demo.invalid",
                )
            )
            wanted.append(
                (
                    member_id,
                    Role.SUPERVISOR.value,
                    Channel.EMAIL,
                    f"supervisor.{index:02d}@demo.invalid",
                )
            )
        elif by_kind[name] is GOV:
            wanted.append((member_id, HEAD, Channel.EMAIL, f"head.{index:02d}@demo.invalid"))
    for member_id, role, channel, address in wanted:
        add_contact(
            uow,
            actor=ACTOR,
            network_id=network_id,
            member_id=member_id,
            role=role,
            channel=channel,
            address=address,
        )
