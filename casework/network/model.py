"""Tables of the network registry: networks, sub-networks, members, focal points and the
services each member offers. The memorandum's tables are governance's."""

from datetime import date
from enum import StrEnum

from sqlalchemy import Boolean, Date, ForeignKey, Integer, String, UniqueConstraint, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from casework.network.districts import District
from casework.network.services import ServiceCode
from casework.orm import Base, enum_column


class MemberKind(StrEnum):
    GOVERNMENT = "government"
    NGO = "ngo"
    MEDIA = "media"


class GovernmentSubtype(StrEnum):
    AIDS_CENTRE = "aids_centre"
    TB_DISPENSARY = "tb_dispensary"
    NARCOLOGY = "narcology"
    DERMATOVENEROLOGY = "dermatovenerology"
    REGIONAL_HOSPITAL = "regional_hospital"
    JUSTICE = "justice"
    POLICE = "police"
    EMPLOYMENT = "employment"
    HOUSING = "housing"
    PASSPORT_OFFICE = "passport_office"


DEFAULT_COMMITMENT_THRESHOLD = 80


class Network(Base):
    __tablename__ = "networks"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code: Mapped[str] = mapped_column(String(8), unique=True)  # prefix of form serials
    name: Mapped[str] = mapped_column(String(200))
    region: Mapped[str] = mapped_column(String(100))
    is_demo: Mapped[bool] = mapped_column(Boolean, default=False)
    # Below this share of commitments kept (accepted, or served, within the memorandum's
    # deadlines) a member gets an agenda item of its own: governance/commitment_threshold.py.
    commitment_threshold_percent: Mapped[int] = mapped_column(
        Integer, default=DEFAULT_COMMITMENT_THRESHOLD, server_default="80"
    )


class SubNetwork(Base):
    __tablename__ = "sub_networks"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    network_id: Mapped[int] = mapped_column(ForeignKey("networks.id"))
    name: Mapped[str] = mapped_column(String(200))
    district: Mapped[str] = mapped_column(String(100))


class Member(Base):
    """A member institution: a government body, an NGO or a media outlet."""

    __tablename__ = "members"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    network_id: Mapped[int] = mapped_column(ForeignKey("networks.id"), index=True)
    sub_network_id: Mapped[int | None] = mapped_column(ForeignKey("sub_networks.id"))
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[MemberKind] = mapped_column(enum_column(MemberKind))
    subtype: Mapped[GovernmentSubtype | None] = mapped_column(enum_column(GovernmentSubtype))
    joined_on: Mapped[date] = mapped_column(Date)
    left_on: Mapped[date | None] = mapped_column(Date)
    is_demo: Mapped[bool] = mapped_column(Boolean, default=False)
    # An NGO that refers beneficiaries without being a member (issue 15, item 5): its staff
    # open cases and issue referrals like a member NGO's, but it has no governance rights (it
    # never signs the memorandum, hosts a meeting or answers for a decision), receives no
    # referrals and no governance notices, and reports count its figures apart. NGOs only.
    outside_referrer: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    # The language an NGO prints its referral forms in (tg, ru, en); None: the region's default.
    form_language: Mapped[str | None] = mapped_column(String(2))
    # The directory entry: where the member receives people, when, and how to reach it. Public
    # facts of the network, printed on the referral form; the coordinator keeps them.
    district: Mapped[District | None] = mapped_column(enum_column(District))
    address: Mapped[str | None] = mapped_column(String(300))
    phone: Mapped[str | None] = mapped_column(String(40))
    opening_hours: Mapped[str | None] = mapped_column(String(200))
    referral_contact: Mapped[str | None] = mapped_column(String(200))

    services: Mapped[list["MemberService"]] = relationship(
        back_populates="member", cascade="all, delete-orphan"
    )

    def is_member_on(self, day: date) -> bool:
        """Registered in the network on the day (joined, not yet left): a member, or an outside
        referrer (governance asks `is_governing_member_on`)."""
        return self.joined_on <= day and (self.left_on is None or day < self.left_on)

    def is_governing_member_on(self, day: date) -> bool:
        """A member with a say in the network's governance on the day: not an outside referrer."""
        return not self.outside_referrer and self.is_member_on(day)


class FocalPoint(Base):
    """The staff role at a member that handles referrals (a role, not a beneficiary)."""

    __tablename__ = "focal_points"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id"), index=True)
    title: Mapped[str] = mapped_column(String(200))
    email: Mapped[str | None] = mapped_column(String(200))


class MemberService(Base):
    __tablename__ = "member_services"
    __table_args__ = (UniqueConstraint("member_id", "service"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id"))
    service: Mapped[ServiceCode] = mapped_column(enum_column(ServiceCode), index=True)

    member: Mapped[Member] = relationship(back_populates="services")
