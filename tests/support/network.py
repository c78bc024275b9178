"""Who is who in the seeded demo network, and shortcuts to act as them."""

import uuid
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select

from casework.accounts.commands import actor_of
from casework.accounts.model import User
from casework.actors import Actor, Role, system_actor
from casework.cases.commands import CaseOpened, open_case
from casework.demo.network import COMMITMENTS
from casework.governance.memoranda.commands.versions import publish_memorandum
from casework.network.commands import admit_member, register_network
from casework.network.model import Member, MemberKind
from casework.network.services import ServiceCode
from casework.privacy.uic import Sex, UicParts
from casework.referrals.commands import request_referral
from casework.uow import UnitOfWork

UIC = UicParts(sex=Sex.FEMALE, birth_year=1984, mother_letters="ҶӮ", father_letters="ҲА")


@dataclass(frozen=True)
class Demo:
    network: int
    ngo: int  # the first NGO
    other_ngo: int
    aids_centre: int
    tb_dispensary: int
    narcology_centre: int
    justice: int
    passport_office: int
    media: int
    members: dict[str, int]  # by name, the outside referrer too
    outside_referrer: int  # an NGO that refers people but is not a member

    def caseworker(self, ngo: int | None = None) -> Actor:
        ngo = ngo or self.ngo
        return Actor(user_id=f"test-caseworker-{ngo}", role=Role.CASEWORKER, organisation_id=ngo)

    def supervisor(self, ngo: int | None = None) -> Actor:
        ngo = ngo or self.ngo
        return Actor(user_id=f"test-supervisor-{ngo}", role=Role.SUPERVISOR, organisation_id=ngo)

    def focal(self, institution: int | None = None) -> Actor:
        institution = institution or self.aids_centre
        return Actor(
            user_id=f"test-focal-{institution}", role=Role.FOCAL_POINT, organisation_id=institution
        )

    def open_case(
        self,
        uow: UnitOfWork,
        needs: tuple[ServiceCode, ...] = (ServiceCode.HIV_TESTING,),
        *,
        ngo: int | None = None,
        consent: bool = True,
        uic: UicParts = UIC,
        actor: Actor | None = None,
    ) -> CaseOpened:
        return open_case(
            uow,
            actor=actor or self.caseworker(ngo),
            uic=uic,
            needs=list(needs),
            consent_to_referral=consent,
        )

    def issue_referral(
        self, uow: UnitOfWork, service: ServiceCode = ServiceCode.HIV_TESTING
    ) -> uuid.UUID:
        """A new case's referral to the AIDS centre (the TB dispensary for TB screening)."""
        opened = self.open_case(uow, (service,))
        institution = (
            self.tb_dispensary if service is ServiceCode.TB_SCREENING else self.aids_centre
        )
        return request_referral(
            uow,
            actor=self.caseworker(),
            case_id=opened.case_id,
            service=service,
            institution_id=institution,
        ).referral_id


def account(uow: UnitOfWork, username: str) -> Actor:
    """The actor of a seeded account (`demo-caseworker`, say): one a case can be assigned to,
    where `Demo.caseworker()` and the like are actors of no account."""
    with uow:
        return actor_of(uow.session.scalars(select(User).where(User.username == username)).one())


def demo(uow: UnitOfWork) -> Demo:
    with uow:
        members = {m.name: m for m in uow.session.scalars(select(Member).order_by(Member.id))}
    by_name = {name: m.id for name, m in members.items()}
    ngos = [m.id for m in members.values() if m.kind is MemberKind.NGO]
    referrers = [m.id for m in members.values() if m.outside_referrer]
    media = [m.id for m in members.values() if m.kind is MemberKind.MEDIA]
    return Demo(
        network=members[next(iter(members))].network_id,
        ngo=ngos[0],
        other_ngo=ngos[1],
        aids_centre=by_name["Regional AIDS Centre (demo)"],
        tb_dispensary=by_name["Regional TB Dispensary (demo)"],
        narcology_centre=by_name["Regional Narcology Centre (demo)"],
        justice=by_name["Regional Justice Department (demo)"],
        passport_office=by_name["Passport and Registration Office (demo)"],
        media=media[0],
        members=by_name,
        outside_referrer=referrers[0],
    )


@dataclass(frozen=True)
class OtherNetwork:
    network: int
    ngo: int
    institution: int


def another_network(uow: UnitOfWork) -> OtherNetwork:
    """A second network beside the demo one, whose staff must see nothing of the demo's: an
    NGO and a clinic, both signatories of its memorandum for 2026."""
    operator = system_actor("tests")
    network = register_network(
        uow, actor=operator, code="OTH", name="Other network (test)", region="Sughd"
    )
    joined = date(2025, 1, 1)
    ngo, institution = (
        admit_member(
            uow, actor=operator, network_id=network, name=name, kind=kind, joined_on=joined
        )
        for name, kind in [
            ("NGO of the other network (test)", MemberKind.NGO),
            ("Clinic of the other network (test)", MemberKind.GOVERNMENT),
        ]
    )
    publish_memorandum(
        uow,
        actor=operator,
        network_id=network,
        signed_on=date(2025, 12, 20),
        valid_from=date(2026, 1, 1),
        valid_until=date(2026, 12, 31),
        commitments=COMMITMENTS,
        signatories=[ngo, institution],
    )
    return OtherNetwork(network, ngo, institution)
