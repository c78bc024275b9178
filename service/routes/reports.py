"""The network reports (month, quarter, year, since founding): the list, its figures, and its
HTML and PDF in each language."""

from typing import Annotated

from fastapi import APIRouter, Depends, Query, status
from fastapi.responses import HTMLResponse, Response

from casework.errors import InvalidInput
from casework.governance.access import visible_network
from casework.governance.reports.commands import request_report
from casework.governance.reports.periods import parse_period
from casework.governance.reports.queries import (
    get_report,
    get_report_cells,
    list_reports,
    report_rendition,
)
from casework.languages import DEFAULT_LANGUAGE, Language, listed
from interop.csv_export import report_csv, report_filename
from service.deps import ActorDep, UowDep, wake_dispatcher
from service.documents import csv_response, report_pdf_response
from service.one_hop import OneHopRoute
from service.policies import Resource, declare, governed, staff_read
from service.schemas.governance import IdPath, NetworkQuery
from service.schemas.reports import ReportRead, ReportRequest, ReportRequested, ReportSummaryRead

router = APIRouter(route_class=OneHopRoute, tags=["reports"])
LanguageQuery = Annotated[Language, Query(alias="lang", description=listed())]


@router.get("/reports", response_model=list[ReportSummaryRead])
@declare(staff_read(Resource.NETWORK))
def reports(
    actor: ActorDep, uow: UowDep, network_id: NetworkQuery = None
) -> list[ReportSummaryRead]:
    found = list_reports(uow, actor=actor, network_id=network_id)
    return [ReportSummaryRead.model_validate(r) for r in found]


@router.post(
    "/reports",
    response_model=ReportRequested,
    status_code=status.HTTP_202_ACCEPTED,
    dependencies=[Depends(wake_dispatcher)],
)
@declare(governed())
def ask_for_report(body: ReportRequest, actor: ActorDep, uow: UowDep) -> ReportRequested:
    """Generate a finished period's report now (the report flow runs on the 1st by itself);
    a period already reported stays as members received it, since founding excepted (it is
    brought up to the last finished month). `month` is the older name of `period`."""
    if (body.period is None) == (body.month is None):
        raise InvalidInput(
            "network_report.period_required",
            "give the period, and only the period",
            field="period",
        )
    network_id = visible_network(uow, actor=actor, network_id=body.network_id)
    period = parse_period(body.period or body.month or "")
    return ReportRequested(
        period=request_report(uow, actor=actor, network_id=network_id, period=period)
    )


@router.get("/reports/{report_id}", response_model=ReportRead)
@declare(staff_read(Resource.REPORT))
def report(report_id: IdPath, actor: ActorDep, uow: UowDep) -> ReportRead:
    return ReportRead.model_validate(get_report(uow, actor=actor, report_id=report_id))


@router.get(
    "/reports/{report_id}/report.pdf",
    response_class=Response,
    responses={200: {"content": {"application/pdf": {}}, "description": "A4 pages"}},
)
@declare(staff_read(Resource.REPORT))
def report_pdf(
    report_id: IdPath, actor: ActorDep, uow: UowDep, lang: LanguageQuery = DEFAULT_LANGUAGE
) -> Response:
    period, _html, pdf = report_rendition(uow, actor=actor, report_id=report_id, language=lang)
    return report_pdf_response(pdf, period, lang)


@router.get("/reports/{report_id}/report.html", response_class=HTMLResponse)
@declare(staff_read(Resource.REPORT))
def report_html(
    report_id: IdPath, actor: ActorDep, uow: UowDep, lang: LanguageQuery = DEFAULT_LANGUAGE
) -> HTMLResponse:
    _period, html, _pdf = report_rendition(uow, actor=actor, report_id=report_id, language=lang)
    return HTMLResponse(html)


@router.get(
    "/reports/{report_id}/report.csv",
    response_class=Response,
    responses={200: {"content": {"text/csv": {}}, "description": "One figure a line"}},
)
@declare(staff_read(Resource.REPORT))
def report_spreadsheet(report_id: IdPath, actor: ActorDep, uow: UowDep) -> Response:
    """The report's figures as CSV, one line per cell of each table as the report shows it
    ("<10", "10+", a number): no more than its PDF tells."""
    cells = get_report_cells(uow, actor=actor, report_id=report_id)
    return csv_response(report_csv(cells), report_filename(cells))
