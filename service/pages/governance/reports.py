"""The reports page: the network's reports of months, quarters, years and since founding, each
readable in Tajik, Russian and English as members received it (the stored HTML, or the PDF to
download), its figures as CSV for a spreadsheet, and the coordinator asking for a finished
period's report now."""

from datetime import date, timedelta
from typing import Annotated

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import HTMLResponse

from casework.governance.access import visible_network
from casework.governance.reports.commands import request_report
from casework.governance.reports.periods import (
    ALL,
    PeriodKind,
    closed_by,
    month_of,
    parse_period,
)
from casework.governance.reports.queries import get_report_cells, list_reports, report_rendition
from casework.languages import DEFAULT_LANGUAGE, Language
from interop.csv_export import report_csv, report_filename
from service.deps import UowDep, wake_dispatcher
from service.documents import csv_response, report_pdf_response
from service.pages.common import PAGE_HEADERS, PageRoute
from service.pages.governance.shared import NetworkField, back_to, page
from service.pages.session import FormActor, PageActor
from service.policies import Resource, declare, governed, staff_read
from service.schemas.governance import IdPath, NetworkQuery, PeriodKey
from texts.labels import LANGUAGE_NAMES, PERIOD_KINDS

router = APIRouter(route_class=PageRoute, include_in_schema=False)
OFFERED = {PeriodKind.MONTH: 12, PeriodKind.QUARTER: 4, PeriodKind.YEAR: 2}  # how far back
LanguageQuery = Annotated[Language, Query(alias="lang")]


def finished_periods(day: date) -> list[str]:
    """What "generate now" offers on `day`: the last finished months, quarters and years,
    latest first, and since founding."""
    found: dict[PeriodKind, list[str]] = {kind: [] for kind in OFFERED}
    month = month_of(day.replace(day=1) - timedelta(days=1))
    for _ in range(12 * OFFERED[PeriodKind.YEAR] + 11):  # back to the years offered
        for period in closed_by(month):
            found[period.kind].append(period.key)
        month = month_of(date(month.year, month.number, 1) - timedelta(days=1))
    return [key for kind, count in OFFERED.items() for key in found[kind][:count]] + [ALL]


@router.get("/reports")
@declare(staff_read(Resource.NETWORK))
def reports_page(
    request: Request,
    actor: PageActor,
    uow: UowDep,
    network_id: NetworkQuery = None,
    asked: Annotated[PeriodKey | None, Query()] = None,
):
    network = visible_network(uow, actor=actor, network_id=network_id)
    reports = list_reports(uow, actor=actor, network_id=network)
    # Since founding stays on offer: it is brought up to the last finished month.
    reported = {r.period for r in reports} - {ALL}
    finished = finished_periods(uow.calendar.today(uow.now()))
    return page(
        request,
        "reports.html.j2",
        actor=actor,
        network_id=network,
        reports=reports,
        unreported=[p for p in finished if p not in reported],
        asked=asked,
        languages=LANGUAGE_NAMES,
        kinds=PERIOD_KINDS,
    )


@router.post("/reports")
@declare(governed())
def ask_for_report(
    request: Request,
    actor: FormActor,
    uow: UowDep,
    period: Annotated[PeriodKey, Form()],
    network_id: NetworkField = None,
):
    """The report flow follows from the outbox; the page says the report is on its way."""
    network = visible_network(uow, actor=actor, network_id=network_id)
    asked = request_report(uow, actor=actor, network_id=network, period=parse_period(period))
    wake_dispatcher(request)
    return back_to("/reports", network, asked=asked)


@router.get("/reports/{report_id}/report.html")
@declare(staff_read(Resource.REPORT))
def report_html(
    report_id: IdPath, actor: PageActor, uow: UowDep, lang: LanguageQuery = DEFAULT_LANGUAGE
):
    """The report as members received it: a document of its own, under the pages' headers."""
    _period, html, _pdf = report_rendition(uow, actor=actor, report_id=report_id, language=lang)
    return HTMLResponse(html, headers=PAGE_HEADERS)


@router.get("/reports/{report_id}/report.pdf")
@declare(staff_read(Resource.REPORT))
def report_pdf(
    report_id: IdPath, actor: PageActor, uow: UowDep, lang: LanguageQuery = DEFAULT_LANGUAGE
):
    period, _html, pdf = report_rendition(uow, actor=actor, report_id=report_id, language=lang)
    return report_pdf_response(pdf, period, lang, disposition="attachment", headers=PAGE_HEADERS)


@router.get("/reports/{report_id}/report.csv")
@declare(staff_read(Resource.REPORT))
def report_spreadsheet(report_id: IdPath, actor: PageActor, uow: UowDep):
    cells = get_report_cells(uow, actor=actor, report_id=report_id)
    return csv_response(report_csv(cells), report_filename(cells), headers=PAGE_HEADERS)
