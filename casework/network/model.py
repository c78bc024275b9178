"""Tables of the network registry: networks, sub-networks, members, focal points, services,
memorandum versions with their signatories and per-category commitments."""

from datetime import date
from enum import StrEnum

from sqlalchemy import Boolean, Date, Enum, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from casework.network.services import ServiceCategory, ServiceCode
from casework.orm import Base


def enum_column(enum_type: type[StrEnum], length: int = 30) -> Enum:
    """Enums are stored as their values in a plain string column: portable and readable."""
    return Enum(
        enum_type,
        native_enum=False,
        create_constraint=False,
        length=length,
        values_callable=lambda e: [m.value for m in e],
    )


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


class DeadlineUnit(StrEnum):
    HOURS = "hours"
    WORKING_DAYS = "working_days"


class Network(Base):
    __tablename__ = "networks"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code: Mapped[str] = mapped_column(String(8), unique=True)  # prefix of form serials
    name: Mapped[str] = mapped_column(String(200))
    region: Mapped[str] = mapped_column(String(100))
    is_demo: Mapped[bool] = mapped_column(Boolean, default=False)


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
    # The language an NGO prints its referral forms in (tg, ru, en); None: the region's default.
    form_language: Mapped[str | None] = mapped_column(String(2))

    services: Mapped[list["MemberService"]] = relationship(
        back_populates="member", cascade="all, delete-orphan"
    )

    def is_member_on(self, day: date) -> bool:
        return self.joined_on <= day and (self.left_on is None or day < self.left_on)


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


class Memorandum(Base):
    """One yearly version of the Memorandum of Cooperation."""

    __tablename__ = "memoranda"
    __table_args__ = (UniqueConstraint("network_id", "version"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    network_id: Mapped[int] = mapped_column(ForeignKey("networks.id"), index=True)
    version: Mapped[int] = mapped_column(Integer)
    signed_on: Mapped[date] = mapped_column(Date)
    valid_from: Mapped[date] = mapped_column(Date)
    valid_until: Mapped[date] = mapped_column(Date)  # inclusive

    signatures: Mapped[list["MemorandumSignature"]] = relationship(
        back_populates="memorandum", cascade="all, delete-orphan"
    )
    commitments: Mapped[list["Commitment"]] = relationship(
        back_populates="memorandum", cascade="all, delete-orphan"
    )

    def is_valid_on(self, day: date) -> bool:
        return self.valid_from <= day <= self.valid_until

    def commitment_for(self, category: ServiceCategory) -> "Commitment | None":
        return next((c for c in self.commitments if c.category == category), None)


class MemorandumSignature(Base):
    __tablename__ = "memorandum_signatures"
    __table_args__ = (UniqueConstraint("memorandum_id", "member_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    memorandum_id: Mapped[int] = mapped_column(ForeignKey("memoranda.id"))
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id"), index=True)
    signed_on: Mapped[date] = mapped_column(Date)
    signatory_title: Mapped[str] = mapped_column(String(200))  # e.g. "Director"; demo: invented

    memorandum: Mapped[Memorandum] = relationship(back_populates="signatures")


class Commitment(Base):
    """What members promise for one service category under one memorandum version."""

    __tablename__ = "commitments"
    __table_args__ = (UniqueConstraint("memorandum_id", "category"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    memorandum_id: Mapped[int] = mapped_column(ForeignKey("memoranda.id"))
    category: Mapped[ServiceCategory] = mapped_column(enum_column(ServiceCategory))
    free: Mapped[bool] = mapped_column(Boolean)
    anonymous: Mapped[bool] = mapped_column(Boolean)
    voluntary: Mapped[bool] = mapped_column(Boolean)
    response_deadline: Mapped[int] = mapped_column(Integer)  # to accept or reject
    completion_deadline: Mapped[int] = mapped_column(Integer)  # to serve, counted from request
    deadline_unit: Mapped[DeadlineUnit] = mapped_column(enum_column(DeadlineUnit))

    memorandum: Mapped[Memorandum] = relationship(back_populates="commitments")
