"""What the governance pages share: rendering with the governance flags, who speaks for which
member, the fields their forms and filters send, and the way back after a form."""

from collections.abc import Mapping
from typing import Annotated
from urllib.parse import urlencode

from fastapi import Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse

from casework.access import is_governor
from casework.actors import Actor
from casework.governance.access import representative_role
from casework.network.model import MemberKind
from service.pages.common import BLANK_IS_NONE, render_page, see_other
from service.schemas.governance import MemberParam, NetworkParam

# Every governance form names the network its page showed, so that the page comes back on
# the same network for a coordinator who governs several.
NetworkField = Annotated[NetworkParam | None, Form()]


MemberFilter = Annotated[MemberParam | None, BLANK_IS_NONE]


def page(
    request: Request, template: str, *, actor: Actor, status_code: int = 200, **context: object
) -> HTMLResponse:
    return render_page(
        request,
        f"governance/{template}",
        actor=actor,
        status_code=status_code,
        governs=is_governor(actor),
        **context,
    )


def spoken_for(actor: Actor, kinds: Mapping[int, MemberKind]) -> int | None:
    """The member the actor answers for (an NGO's supervisor, an institution's focal point),
    among members of these kinds; None for a caseworker, who reads, and for a governor, who
    names the member each time."""
    kind = kinds.get(actor.organisation_id) if actor.organisation_id is not None else None
    if kind is None or actor.role is not representative_role(kind):
        return None
    return actor.organisation_id


def back_to(path: str, network_id: int | None, anchor: str = "", **query: str) -> RedirectResponse:
    """The page a form was posted from, on the network it showed."""
    shown = {k: v for k, v in {"network_id": network_id, **query}.items() if v}
    return see_other(f"{path}{'?' + urlencode(shown) if shown else ''}{anchor}")
