"""Storing a period's network report (figures and each language's HTML and PDF) and telling
every member it is there; both idempotent, so the report flow may run twice."""

from collections.abc import Mapping
from dataclasses import asdict

from sqlalchemy import select

from casework.actors import Actor
from casework.audit_actions import AuditAction
from casework.errors import InvalidInput, NotFound
from casework.governance import access
from casework.governance.memoranda.queries import members_on
from casework.governance.notices import tell_members
from casework.governance.reports.figures import ReportFigures
from casework.governance.reports.model import NetworkReport, ReportRendition
from casework.governance.reports.periods import Period, PeriodKind, parse_period
from casework.languages import Language
from casework.messages import Message
from casework.network.queries import existing_network
from casework.uow import UnitOfWork

PUBLISHED = "network-report.published"


def require_period_over(uow: UnitOfWork, period: Period) -> None:
    """A report is of a finished period only: one of the period so far would be stored as the
    period's, and kept as members received it. Since founding always is: it runs to the end
    of the last finished month."""
    if not period.is_over(uow.calendar.today(uow.now())):
        raise InvalidInput(
            "network_report.period_not_over",
            "the period {period} is not over yet",
            field="period",
            period=period.key,
        )


def stored_report_id(uow: UnitOfWork, *, network_id: int, period: Period) -> int | None:
    """The stored report of the period; since founding's is never taken as stored, since it
    grows with every month."""
    if period.kind is PeriodKind.ALL:
        return None
    with uow:
        return uow.session.scalar(
            select(NetworkReport.id).where(
                NetworkReport.network_id == network_id, NetworkReport.period == period.key
            )
        )


def store_report(
    uow: UnitOfWork,
    *,
    actor: Actor,
    network_id: int,
    figures: ReportFigures,
    renditions: Mapping[Language, tuple[str, bytes]],
) -> int:
    """Keep the report with its renditions (language -> (html, pdf)). A report already stored
    for that network and period is kept as it was: members may have read it. Since founding
    is the exception: it covers more with each month, and a new one replaces the last (the
    same id, so members' notice of it still leads to it)."""
    access.require_governor(actor, "publish a network report")
    period = parse_period(figures.period)
    require_period_over(uow, period)
    with uow:
        report = uow.session.scalar(
            select(NetworkReport).where(
                NetworkReport.network_id == network_id, NetworkReport.period == period.key
            )
        )
        if report is not None and period.kind is not PeriodKind.ALL:
            return report.id
        if report is None:
            report = NetworkReport(network_id=network_id, period=period.key)
            uow.session.add(report)
        report.generated_at = uow.now()
        report.figures = asdict(figures)
        report.renditions.clear()
        uow.session.flush()  # the old renditions go before the new take their languages
        report.renditions = [
            ReportRendition(language=language.value, html=html, pdf=pdf)
            for language, (html, pdf) in renditions.items()
        ]
        uow.session.flush()
        uow.audit(actor, AuditAction.NETWORK_REPORT_STORED, report)
        uow.commit()
        return report.id


def notify_members_of_report(uow: UnitOfWork, *, actor: Actor, report_id: int) -> int:
    """Tell every member of the network (today) that the report is out; returns how many
    notices were new."""
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
                "The network report for {period} is out, in Tajik, Russian and English.",
                period=report.period,
            ),
        )
        uow.commit()
        return added


def request_report(uow: UnitOfWork, *, actor: Actor, network_id: int, period: Period) -> str:
    """Ask for a period's report now (the flow also runs on the 1st of each month); returns
    the period's key. The report flow follows from the outbox."""
    access.require_governor(actor, "ask for a network report")
    require_period_over(uow, period)
    with uow:
        network = existing_network(uow.session, network_id)
        uow.audit(actor, AuditAction.NETWORK_REPORT_REQUESTED, network)
        uow.enqueue("network-report", period=period.key)
        uow.commit()
        return period.key
