"""Server-rendered pages for caseworkers, focal points, supervisors and the coordinator, in
Tajik, Russian and English; thin over casework like the API, signed in with a cookie."""

from fastapi import APIRouter

from service.pages import (
    auth,
    beneficiary,
    beneficiary_identity,
    cases,
    dashboard,
    flow_runs,
    governance,
    inbox,
)

router = APIRouter()
for pages in (
    auth,
    cases,
    beneficiary,
    beneficiary_identity,
    inbox,
    dashboard,
    flow_runs,
    governance,
):
    router.include_router(pages.router)
