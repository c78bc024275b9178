"""What the NGO's case list can be narrowed to: a case's display code or the serial of any of
its referrals (as typed: case, spaces and hyphens do not matter), its status, a service it
needs, the local days it was opened on, and "my cases". Never a name or a UIC: the search
reads neither the identity vault nor the UIC's hash."""

from dataclasses import dataclass
from datetime import date

from sqlalchemy import ColumnElement, false, select

from casework.actors import Actor
from casework.beneficiaries.model import Beneficiary
from casework.calendar import WorkCalendar
from casework.cases.model import Case, Need
from casework.cases.states import CaseStatus
from casework.network.services import ServiceCode
from casework.privacy.display_codes import canonical_display_code
from casework.referrals.model import Referral
from casework.referrals.serials import canonical_serial


@dataclass(frozen=True)
class CaseSearch:
    q: str = ""  # a display code or a referral's serial; anything else finds nothing
    status: CaseStatus | None = None
    service: ServiceCode | None = None
    opened_from: date | None = None  # local days, both ends included
    opened_to: date | None = None
    mine: bool = False  # only the cases the caller is the caseworker of

    def conditions(self, actor: Actor, calendar: WorkCalendar) -> list[ColumnElement[bool]]:
        """The WHERE clauses, over `Case` joined to its `Beneficiary`."""
        start, end = calendar.days_span(self.opened_from, self.opened_to, last_field="opened_to")
        found: list[ColumnElement[bool]] = []
        if self.q.strip():
            found.append(_code_or_serial(self.q))
        if self.status is not None:
            found.append(Case.status == self.status)
        if self.service is not None:
            found.append(Case.id.in_(select(Need.case_id).where(Need.service == self.service)))
        if start is not None:
            found.append(Case.opened_at >= start)
        if end is not None:
            found.append(Case.opened_at < end)
        if self.mine:  # an actor of no account (a flow, the CLI) works no case
            found.append(
                false() if actor.account_id is None else Case.caseworker_id == actor.account_id
            )
        return found


def _code_or_serial(q: str) -> ColumnElement[bool]:
    if (code := canonical_display_code(q)) is not None:
        return Beneficiary.display_code == code
    if (serial := canonical_serial(q)) is not None:
        return Case.id.in_(select(Referral.case_id).where(Referral.serial == serial))
    return false()
