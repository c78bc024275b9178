"""What ties a flow run to the case it served and the NGO that owns it, by ids only.

The dispatcher puts these as tags on every run it starts (Prefect stores and filters tags,
not parameters), so that a supervisor's page can ask Prefect for their own NGO's runs.
Tags are a hint for that query, not a grant: the page keeps only the cases the casework
access rules let the supervisor see."""

import uuid
from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from casework.beneficiaries.model import Beneficiary
from casework.cases.model import Case
from casework.referrals.model import Referral

ORGANISATION_TAG = "organisation:"
CASE_TAG = "case:"


@dataclass(frozen=True)
class RunScope:
    organisation_id: int
    case_id: uuid.UUID | None  # None for a run about a beneficiary (consent revocation)

    def tags(self) -> list[str]:
        tags = [organisation_tag(self.organisation_id)]
        return tags + ([f"{CASE_TAG}{self.case_id}"] if self.case_id else [])


def organisation_tag(organisation_id: int) -> str:
    return f"{ORGANISATION_TAG}{organisation_id}"


def case_of(tags: list[str]) -> uuid.UUID | None:
    """The case named by a run's tags, if any (a malformed tag names none)."""
    for tag in tags:
        if tag.startswith(CASE_TAG):
            try:
                return uuid.UUID(tag.removeprefix(CASE_TAG))
            except ValueError:
                return None
    return None


def scope_of(session: Session, parameters: dict[str, Any]) -> RunScope | None:
    """The scope of a flow started with these parameters; None for a run that serves no
    one NGO (the sweep, deliveries, governance) or whose subject is gone."""
    if "case_id" in parameters:
        case = session.get(Case, uuid.UUID(parameters["case_id"]))
        return RunScope(case.ngo_id, case.id) if case else None
    if "referral_id" in parameters:
        referral = session.get(Referral, uuid.UUID(parameters["referral_id"]))
        return RunScope(referral.ngo_id, referral.case_id) if referral else None
    if "beneficiary_id" in parameters:
        beneficiary = session.get(Beneficiary, uuid.UUID(parameters["beneficiary_id"]))
        return RunScope(beneficiary.ngo_id, None) if beneficiary else None
    return None
