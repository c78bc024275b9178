"""Server-rendered pages for caseworkers, focal points, supervisors and the coordinator, in
Tajik, Russian and English; thin over casework like the API, signed in with a cookie."""

from fastapi import APIRouter

from service.pages import (
    administration,
    auth,
    beneficiary,
    beneficiary_identity,
    case_actions,
    cases,
    dashboard,
    directory,
    flow_runs,
    governance,
    inbox,
    inbox_steps,
    settings,
)

router = APIRouter()
for pages in (
    auth,
    cases,
    case_actions,
    beneficiary,
    beneficiary_identity,
    inbox,
    inbox_steps,
    dashboard,
    flow_runs,
    governance,
    directory,
    settings,
    administration,
):
    router.include_router(pages.router)
