"""Each account's own settings: the language its pages and notices are in."""

from typing import Annotated

from fastapi import APIRouter, Form, Request

from casework.accounts.commands import set_language
from casework.languages import Language
from service.deps import UowDep
from service.pages.common import PageRoute, render_page, see_other
from service.pages.session import LANGUAGE_COOKIE, FormActor, PageActor
from service.policies import STAFF, Policy, declare
from texts.labels import LANGUAGE_NAMES

router = APIRouter(route_class=PageRoute, include_in_schema=False)


@router.get("/settings")
@declare(Policy(STAFF))
def settings_page(request: Request, actor: PageActor, saved: bool = False):
    return render_page(
        request, "settings.html.j2", actor=actor, languages=LANGUAGE_NAMES, saved=saved
    )


@router.post("/settings")
@declare(Policy(STAFF))
def save_settings(actor: FormActor, uow: UowDep, language: Annotated[Language, Form()]):
    """Saved on the account; this browser's own choice (a language link, ?lang=) is
    forgotten, so that the account's language shows here at once, as everywhere."""
    set_language(uow, actor=actor, language=language)
    response = see_other("/settings?saved=true")
    response.delete_cookie(LANGUAGE_COOKIE, path="/")
    return response
