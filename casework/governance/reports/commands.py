"""Storing a month's network report (figures and each language's HTML and PDF) and telling
every member it is there; both idempotent, so the report flow may run twice."""

from collections.abc import Mapping
from dataclasses import asdict
from datetime import date

from sqlalchemy import select

from casework.actors import Actor
from casework.audit_actions import AuditAction
from casework.errors import InvalidInput, NotFound
from casework.governance import access
from casework.governance.memoranda.queries import members_on
from casework.governance.notices import tell_members
from casework.governance.reports.figures import MonthlyFigures
from casework.governance.reports.model import NetworkReport, ReportRendition
from casework.languages import Language
from casework.messages import Message
from casework.network.queries import existing_network
from casework.uow import UnitOfWork

PUBLISHED = "network-report.published"


def month_key(month: date) -> str:
    return f"{month.year:04d}-{month.month:02d}"


def require_month_over(uow: UnitOfWork, month: str) -> None:
    """A report is of a finished month only: one of the month so far would be stored as the
    month's, and kept as members received it."""
    if month_key(uow.calendar.today(uow.now())) <= month:
        raise InvalidInput(
            "network_report.month_not_over",
            "the month {month} is not over yet",
            field="month",
            month=month,
        )


def stored_report_id(uow: UnitOfWork, *, network_id: int, month: date) -> int | None:
    with uow:
        return uow.session.scalar(
            select(NetworkReport.id).where(
                NetworkReport.network_id == network_id, NetworkReport.month == month_key(month)
            )
        )


def store_report(
    uow: UnitOfWork,
    *,
    actor: Actor,
    network_id: int,
    figures: MonthlyFigures,
    renditions: Mapping[Language, tuple[str, bytes]],
) -> int:
    """Keep the report with its renditions (language -> (html, pdf)). A report already stored
    for that network and month is kept as it was: members may have read it."""
    access.require_governor(actor, "publish a network report")
    require_month_over(uow, figures.month)
    with uow:
        existing = uow.session.scalar(
            select(NetworkReport.id).where(
                NetworkReport.network_id == network_id, NetworkReport.month == figures.month
            )
        )
        if existing is not None:
            return existing
        report = NetworkReport(
            network_id=network_id,
            month=figures.month,
            generated_at=uow.now(),
            figures=asdict(figures),
            renditions=[
                ReportRendition(language=language.value, html=html, pdf=pdf)
                for language, (html, pdf) in renditions.items()
            ],
        )
        uow.session.add(report)
        uow.session.flush()
        uow.audit(actor, AuditAction.NETWORK_REPORT_STORED, report)
        uow.commit()
        return report.id


def notify_members_of_report(uow: UnitOfWork, *, actor: Actor, report_id: int) -> int:
    """Tell every member of the network (at the end of the report's month and today) that
    the report is out; returns how many notices were new."""
    access.require_governor(actor, "send a network report")
    with uow:
        report = uow.session.get(NetworkReport, report_id)
        if report is None:
            raise NotFound(
                "network_report.not_found",
                "network report {report_id} not found",
                report_id=report_id,
            )
        today = uow.calendar.today(uow.now())
        members = members_on(uow.session, report.network_id, today)
        added = tell_members(
            uow,
            actor=actor,
            members=members,
            kind=PUBLISHED,
            subject_id=f"network-report:{report.id}",
            message=Message(
                "notice.report_published",
                "The network report for {month} is out, in Tajik, Russian and English.",
                month=report.month,
            ),
        )
        uow.commit()
        return added


def request_report(uow: UnitOfWork, *, actor: Actor, network_id: int, month: date) -> str:
    """Ask for a month's report now (the flow also runs on the 1st of each month); returns the
    month key. The report flow follows from the outbox."""
    access.require_governor(actor, "ask for a network report")
    key = month_key(month)
    require_month_over(uow, key)
    with uow:
        network = existing_network(uow.session, network_id)
        uow.audit(actor, AuditAction.NETWORK_REPORT_REQUESTED, network)
        uow.enqueue("network-report", month=key)
        uow.commit()
        return key
