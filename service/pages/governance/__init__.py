"""The network's governance pages: the memorandum, the monthly meetings and their agenda in
session, the decisions and how members carry them out, and the monthly reports; thin over
casework's governance commands and queries, like the API."""

from fastapi import APIRouter

from service.pages.governance import agenda, decisions, meetings, memorandum, reports

router = APIRouter()
for pages in (memorandum, meetings, agenda, decisions, reports):
    router.include_router(pages.router)
