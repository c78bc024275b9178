"""Network report flow: assemble each network's figures for a period (small cells
suppressed), render them in Tajik, Russian and English as HTML and PDF, store the report and
tell every member it is out. A period already reported is left as members received it (since
founding excepted: it grows, and is brought up to the last finished month).

SCHEDULES: on the 1st of each month at 07:00 Asia/Dushanbe, cron "0 7 1 * *" (deployment
network-report/server), for the month before and each period that month closes (its quarter
after March, June, September, December; its year after December). Also started from the
outbox when the coordinator asks for a period's report (POST /api/v1/reports).
Parameters: `period` ("2026-02", "2026-Q1", "2026" or "all"); default: what the month before
today in the region closed. `month` is the same, as outbox rows queued before periods name it."""

import asyncio
from datetime import date, timedelta

from prefect import flow

from casework.governance.reports.commands import notify_members_of_report
from casework.governance.reports.periods import closed_by, month_of
from flows import runtime
from reports import publish

ACTOR = runtime.actor("network-report")


def previous_month(today: date) -> str:
    return month_of(today.replace(day=1) - timedelta(days=1)).key


def closed_periods(today: date) -> list[str]:
    """What the 1st of a month reports: the month before, and the quarter and year it closed."""
    return [p.key for p in closed_by(month_of(today.replace(day=1) - timedelta(days=1)))]


def generate_reports(period: str) -> list[int]:
    return publish.generate_reports(runtime.uow(), actor=ACTOR, period=period)


def notify_members(report_ids: list[int]) -> int:
    return sum(
        notify_members_of_report(runtime.uow(), actor=ACTOR, report_id=report_id)
        for report_id in report_ids
    )


@flow(name="network-report")
async def network_report(period: str | None = None, month: str | None = None) -> dict:
    periods = [period or month] if period or month else closed_periods(runtime.today())
    report_ids = []
    for key in periods:
        report_ids += await asyncio.to_thread(generate_reports, key)
    return {"reports": report_ids, "notices": await asyncio.to_thread(notify_members, report_ids)}
