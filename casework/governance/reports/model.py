"""Tables of network reports (a month, quarter, year or since founding): the figures as
published, and each language's rendition."""

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Integer, LargeBinary, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from casework.orm import Base, UtcDateTime


class NetworkReport(Base):
    __tablename__ = "network_reports"
    __table_args__ = (UniqueConstraint("network_id", "period"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    network_id: Mapped[int] = mapped_column(ForeignKey("networks.id"), index=True)
    # The period's key: "2026-02", "2026-Q1", "2026" or "all" (periods.py).
    period: Mapped[str] = mapped_column(String(7))
    generated_at: Mapped[datetime] = mapped_column(UtcDateTime)
    # Already suppressed: counts of 1 to 9 are "<10" here, never the number.
    figures: Mapped[dict[str, Any]] = mapped_column(JSON)

    renditions: Mapped[list["ReportRendition"]] = relationship(
        back_populates="report", cascade="all, delete-orphan", order_by="ReportRendition.language"
    )


class ReportRendition(Base):
    __tablename__ = "network_report_renditions"
    __table_args__ = (UniqueConstraint("report_id", "language"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("network_reports.id"))
    language: Mapped[str] = mapped_column(String(2))
    html: Mapped[str] = mapped_column(Text)
    pdf: Mapped[bytes] = mapped_column(LargeBinary)

    report: Mapped[NetworkReport] = relationship(back_populates="renditions")
