"""The supervisors' flow dashboard: the Prefect runs that served their own NGO's cases,
read from Prefect's API on the server side (Prefect's UI is for operators, and in server
mode behind its login). Each case is shown by the NGO's code for it, never by a name. The
NGO's caseworkers may open it too: they see every case of their NGO anyway; the link is in
the supervisor's navigation. Prefect's client is loaded on the first visit, not with the app."""

from dataclasses import dataclass
from typing import TYPE_CHECKING

import httpx
from fastapi import APIRouter, Request
from starlette.concurrency import run_in_threadpool

from casework.actors import Actor
from casework.cases.queries import case_codes
from casework.uow import UnitOfWork
from flows import prefect_api
from service.deps import UowDep
from service.pages.common import PageRoute, render_page
from service.pages.session import PageActor
from service.policies import NGO, Policy, declare

if TYPE_CHECKING:
    from flows.run_history import RunRecord

router = APIRouter(route_class=PageRoute, include_in_schema=False)


@dataclass(frozen=True)
class RunRow:
    run: "RunRecord"
    case_code: str


@router.get("/dashboard/flow-runs")
@declare(Policy(NGO))
async def flow_runs_page(request: Request, actor: PageActor, uow: UowDep):
    records, readable = [], prefect_api.configured()
    if readable:
        from flows import run_history

        try:
            records = await run_history.runs_of_organisation(actor.organisation_id)
        except httpx.HTTPError:  # Prefect is away: say so, the rest of the engine works
            readable = False
    return await run_in_threadpool(_render, request, actor, uow, records, readable)


def _render(
    request: Request,
    actor: Actor,
    uow: UnitOfWork,
    records: "list[RunRecord]",
    readable: bool,
):
    # Tags only narrow Prefect's answer; the casework access rules decide what is shown.
    codes = case_codes(uow, actor=actor, case_ids=[r.case_id for r in records])
    rows = [RunRow(r, codes[r.case_id]) for r in records if r.case_id in codes]
    return render_page(request, "flow_runs.html.j2", actor=actor, rows=rows, readable=readable)
