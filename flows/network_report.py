"""Monthly network report flow: assemble each network's figures for the month (small cells
suppressed), render them in Tajik, Russian and English as HTML and PDF, store the report and
tell every member it is out. A month already reported is left as members received it.

SCHEDULES: on the 1st of each month at 07:00 Asia/Dushanbe, cron "0 7 1 * *" (deployment
network-report/server), for the month before. Also started from the outbox when the
coordinator asks for a month's report (POST /api/v1/reports).
Parameters: `month` ("2026-02"); default: the month before today in the region."""

import asyncio
from datetime import date, timedelta

from prefect import flow

from casework.governance.reports.commands import notify_members_of_report
from flows import runtime
from reports import publish

ACTOR = runtime.actor("network-report")


def previous_month(today: date) -> str:
    last = today.replace(day=1) - timedelta(days=1)
    return f"{last.year:04d}-{last.month:02d}"


def generate_reports(month: str) -> list[int]:
    return publish.generate_reports(runtime.uow(), actor=ACTOR, month=month)


def notify_members(report_ids: list[int]) -> int:
    return sum(
        notify_members_of_report(runtime.uow(), actor=ACTOR, report_id=report_id)
        for report_id in report_ids
    )


@flow(name="network-report")
async def network_report(month: str | None = None) -> dict:
    month = month or previous_month(runtime.today())
    report_ids = await asyncio.to_thread(generate_reports, month)
    return {"reports": report_ids, "notices": await asyncio.to_thread(notify_members, report_ids)}
