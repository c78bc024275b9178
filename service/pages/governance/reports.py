"""The reports page: the network's monthly reports, each readable in Tajik, Russian and English
as members received it (the stored HTML, or the PDF to download), its figures as CSV for a
spreadsheet, and the coordinator asking for a finished month's report now."""

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import HTMLResponse

from casework.governance.access import visible_network
from casework.governance.reports.commands import month_key, request_report
from casework.governance.reports.queries import get_report_cells, list_reports, report_rendition
from casework.languages import DEFAULT_LANGUAGE, Language
from interop.csv_export import report_csv, report_filename
from service.deps import UowDep, wake_dispatcher
from service.documents import csv_response, report_pdf_response
from service.pages.common import PAGE_HEADERS, PageRoute
from service.pages.governance.shared import NetworkField, back_to, page
from service.pages.session import FormActor, PageActor
from service.policies import Resource, declare, governed, staff_read
from service.schemas.governance import IdPath, MonthKey, NetworkQuery
from texts.labels import LANGUAGE_NAMES

router = APIRouter(route_class=PageRoute, include_in_schema=False)
OFFERED_MONTHS = 12  # how far back "generate now" offers a month without a report
LanguageQuery = Annotated[Language, Query(alias="lang")]


def _months_before(day: date, count: int) -> list[str]:
    """The `count` finished months before `day`'s, latest first."""
    year, month, months = day.year, day.month, []
    for _ in range(count):
        year, month = (year - 1, 12) if month == 1 else (year, month - 1)
        months.append(month_key(date(year, month, 1)))
    return months


@router.get("/reports")
@declare(staff_read(Resource.NETWORK))
def reports_page(
    request: Request,
    actor: PageActor,
    uow: UowDep,
    network_id: NetworkQuery = None,
    asked: Annotated[MonthKey | None, Query()] = None,
):
    network = visible_network(uow, actor=actor, network_id=network_id)
    reports = list_reports(uow, actor=actor, network_id=network)
    reported = {r.month for r in reports}
    finished = _months_before(uow.calendar.today(uow.now()), OFFERED_MONTHS)
    return page(
        request,
        "reports.html.j2",
        actor=actor,
        network_id=network,
        reports=reports,
        unreported=[m for m in finished if m not in reported],
        asked=asked,
        languages=LANGUAGE_NAMES,
    )


@router.post("/reports")
@declare(governed())
def ask_for_report(
    request: Request,
    actor: FormActor,
    uow: UowDep,
    month: Annotated[MonthKey, Form()],
    network_id: NetworkField = None,
):
    """The report flow follows from the outbox; the page says the report is on its way."""
    network = visible_network(uow, actor=actor, network_id=network_id)
    asked = request_report(
        uow, actor=actor, network_id=network, month=date.fromisoformat(f"{month}-01")
    )
    wake_dispatcher(request)
    return back_to("/reports", network, asked=asked)


@router.get("/reports/{report_id}/report.html")
@declare(staff_read(Resource.REPORT))
def report_html(
    report_id: IdPath, actor: PageActor, uow: UowDep, lang: LanguageQuery = DEFAULT_LANGUAGE
):
    """The report as members received it: a document of its own, under the pages' headers."""
    _month, html, _pdf = report_rendition(uow, actor=actor, report_id=report_id, language=lang)
    return HTMLResponse(html, headers=PAGE_HEADERS)


@router.get("/reports/{report_id}/report.pdf")
@declare(staff_read(Resource.REPORT))
def report_pdf(
    report_id: IdPath, actor: PageActor, uow: UowDep, lang: LanguageQuery = DEFAULT_LANGUAGE
):
    month, _html, pdf = report_rendition(uow, actor=actor, report_id=report_id, language=lang)
    return report_pdf_response(pdf, month, lang, disposition="attachment", headers=PAGE_HEADERS)


@router.get("/reports/{report_id}/report.csv")
@declare(staff_read(Resource.REPORT))
def report_spreadsheet(report_id: IdPath, actor: PageActor, uow: UowDep):
    cells = get_report_cells(uow, actor=actor, report_id=report_id)
    return csv_response(report_csv(cells), report_filename(cells), headers=PAGE_HEADERS)
