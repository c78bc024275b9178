"""Tables of cases, their needs and recorded outcomes."""

import uuid
from datetime import datetime
from typing import ClassVar

from sqlalchemy import Boolean, ForeignKey, Index, Integer, String, Text, UniqueConstraint, Uuid
from sqlalchemy.orm import Mapped, mapped_column, relationship

from casework.cases.profile import AgeBand, Profile, Sex
from casework.cases.reasons import CloseReason
from casework.cases.states import CASE_MACHINE, NEED_MACHINE, CaseStatus, NeedStatus
from casework.network.districts import District
from casework.network.services import ServiceCode
from casework.orm import Base, UtcDateTime, enum_column, new_id


class Case(Base):
    __tablename__ = "cases"
    __table_args__ = (
        Index("ix_cases_ngo_caseworker", "ngo_id", "caseworker_id"),
        # The case list: an NGO's cases, newest first.
        Index("ix_cases_ngo_opened", "ngo_id", "opened_at"),
    )

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=new_id)
    beneficiary_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("beneficiaries.id"), index=True)
    ngo_id: Mapped[int] = mapped_column(ForeignKey("members.id"), index=True)
    status: Mapped[CaseStatus] = mapped_column(enum_column(CaseStatus))
    opened_at: Mapped[datetime] = mapped_column(UtcDateTime)
    closed_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    # The account that works the case: whoever opened it, until it is reassigned; None for a
    # case opened by a flow or before cases had one.
    caseworker_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    closing_reason: Mapped[CloseReason | None] = mapped_column(enum_column(CloseReason))
    version: Mapped[int] = mapped_column(Integer)
    # Where the beneficiary lives, as coarse as a district (never an address); routing prefers
    # a member there. None: not asked, or not told.
    district: Mapped[District | None] = mapped_column(enum_column(District))
    # The rest of the intake profile (casework.cases.profile); None: not asked, or not told.
    sex: Mapped[Sex | None] = mapped_column(enum_column(Sex))
    age_band: Mapped[AgeBand | None] = mapped_column(enum_column(AgeBand))

    groups: Mapped[list["CaseGroup"]] = relationship(
        cascade="all, delete-orphan", order_by="CaseGroup.group_code"
    )
    needs: Mapped[list["Need"]] = relationship(
        back_populates="case", cascade="all, delete-orphan", order_by="Need.id"
    )

    __mapper_args__: ClassVar[dict] = {"version_id_col": version}

    def move_to(self, target: CaseStatus, *, now: datetime) -> None:
        CASE_MACHINE.check(self.status, target)
        self.status = target
        if CASE_MACHINE.is_terminal(target):
            self.closed_at = now
            for need in self.needs:
                if need.status is NeedStatus.OPEN:
                    need.move_to(NeedStatus.CLOSED)

    @property
    def profile(self) -> Profile:
        return Profile(
            groups=tuple(g.group_code for g in self.groups),
            sex=self.sex,
            age_band=self.age_band,
            district=self.district,
        )

    @property
    def is_closed(self) -> bool:
        return CASE_MACHINE.is_terminal(self.status)

    def open_need_for(self, service: ServiceCode) -> "Need | None":
        return next(
            (n for n in self.needs if n.service == service and n.status is NeedStatus.OPEN), None
        )


class Need(Base):
    __tablename__ = "needs"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("cases.id"), index=True)
    service: Mapped[ServiceCode] = mapped_column(enum_column(ServiceCode))
    status: Mapped[NeedStatus] = mapped_column(enum_column(NeedStatus))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    # What intake found a provider for today; None when no member offers it under the memorandum.
    proposed_institution_id: Mapped[int | None] = mapped_column(ForeignKey("members.id"))

    case: Mapped[Case] = relationship(back_populates="needs")

    def move_to(self, target: NeedStatus) -> None:
        NEED_MACHINE.check(self.status, target)
        self.status = target


class Outcome(Base):
    __tablename__ = "outcomes"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("cases.id"), unique=True)
    resolved: Mapped[bool] = mapped_column(Boolean)
    note: Mapped[str] = mapped_column(Text, default="")
    recorded_at: Mapped[datetime] = mapped_column(UtcDateTime)
    recorded_by: Mapped[str] = mapped_column(String(80))


class PopulationGroup(Base):
    """One code of the network's list of population groups, kept by its coordinator with its
    words in the three languages. A retired code is no longer offered at intake; the cases
    that have it keep it."""

    __tablename__ = "population_groups"
    __table_args__ = (UniqueConstraint("network_id", "code"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    network_id: Mapped[int] = mapped_column(ForeignKey("networks.id"))
    code: Mapped[str] = mapped_column(String(40))
    label_en: Mapped[str] = mapped_column(String(120))
    label_ru: Mapped[str] = mapped_column(String(120))
    label_tg: Mapped[str] = mapped_column(String(120))
    retired_at: Mapped[datetime | None] = mapped_column(UtcDateTime)


class CaseGroup(Base):
    """A population group the beneficiary of a case said they belong to, by its code."""

    __tablename__ = "case_groups"

    case_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("cases.id"), primary_key=True)
    group_code: Mapped[str] = mapped_column(String(40), primary_key=True)
