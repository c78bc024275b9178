"""Reading stored network reports: staff of the network's members and its governors."""

from sqlalchemy import select

from casework.access import network_of
from casework.actors import Actor
from casework.errors import NotFound
from casework.governance import access
from casework.governance.reports.cells import report_cells
from casework.governance.reports.model import NetworkReport, ReportRendition
from casework.governance.reports.periods import parse_period
from casework.governance.reports.views import ReportCells, ReportDetail, ReportSummary
from casework.languages import Language
from casework.uow import UnitOfWork


def _visible(uow: UnitOfWork, actor: Actor, report_id: int) -> NetworkReport:
    return access.visible(
        uow.session,
        actor,
        uow.session.get(NetworkReport, report_id),
        NotFound(
            "network_report.not_found", "network report {report_id} not found", report_id=report_id
        ),
    )


def _summary(report: NetworkReport) -> ReportSummary:
    return ReportSummary(
        report.id,
        report.network_id,
        report.period,
        parse_period(report.period).kind.value,
        report.generated_at,
        [r.language for r in report.renditions],
    )


def list_reports(
    uow: UnitOfWork, *, actor: Actor, network_id: int | None = None
) -> list[ReportSummary]:
    with uow:
        network = network_of(uow.session, actor, network_id)
        reports = uow.session.scalars(
            select(NetworkReport).where(NetworkReport.network_id == network)
        )
        latest_first = sorted(reports, key=lambda r: parse_period(r.period).order, reverse=True)
        return [_summary(r) for r in latest_first]


def get_report(uow: UnitOfWork, *, actor: Actor, report_id: int) -> ReportDetail:
    with uow:
        report = _visible(uow, actor, report_id)
        return ReportDetail(**vars(_summary(report)), figures=report.figures)


def get_report_cells(uow: UnitOfWork, *, actor: Actor, report_id: int) -> ReportCells:
    """The report's figures, one cell per line, as the report shows them."""
    with uow:
        report = _visible(uow, actor, report_id)
        return ReportCells(report.network_id, report.period, report_cells(report.figures))


def report_rendition(
    uow: UnitOfWork, *, actor: Actor, report_id: int, language: Language
) -> tuple[str, str, bytes]:
    """(period, html, pdf) of the report in one language."""
    with uow:
        report = _visible(uow, actor, report_id)
        rendition = uow.session.scalar(
            select(ReportRendition).where(
                ReportRendition.report_id == report.id, ReportRendition.language == language.value
            )
        )
        if rendition is None:
            raise NotFound(
                "network_report.no_rendition",
                "network report {report_id} has no {language} rendition",
                report_id=report_id,
                language=language.value,
            )
        return report.period, rendition.html, rendition.pdf
