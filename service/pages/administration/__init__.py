"""Administration pages: an NGO's supervisor manages its accounts and its form language; the
network coordinator manages accounts, where notices go, the escalation ladder and the register
of memorandum breaches. Thin over casework, like the API's routes of the same names."""

from fastapi import APIRouter

from service.pages.administration import accounts, breaches, contacts, thresholds

router = APIRouter()
for pages in (accounts, contacts, thresholds, breaches):
    router.include_router(pages.router)
