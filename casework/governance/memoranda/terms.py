"""What members commit to per service category, as a value the drafts store as JSON."""

from dataclasses import asdict, dataclass
from typing import Any

from casework.calendar import DeadlineUnit
from casework.governance.memoranda.model import Memorandum
from casework.network.services import ServiceCategory


@dataclass(frozen=True)
class CommitmentTerms:
    category: ServiceCategory
    response_deadline: int
    completion_deadline: int
    deadline_unit: DeadlineUnit
    free: bool = True
    anonymous: bool = True
    voluntary: bool = True


def terms_to_json(terms: CommitmentTerms) -> dict[str, Any]:
    return {key: getattr(value, "value", value) for key, value in asdict(terms).items()}


def terms_from_json(data: dict[str, Any]) -> CommitmentTerms:
    return CommitmentTerms(
        **{
            **data,
            "category": ServiceCategory(data["category"]),
            "deadline_unit": DeadlineUnit(data["deadline_unit"]),
        }
    )


def terms_of(memorandum: Memorandum) -> list[CommitmentTerms]:
    return [
        CommitmentTerms(
            category=c.category,
            response_deadline=c.response_deadline,
            completion_deadline=c.completion_deadline,
            deadline_unit=c.deadline_unit,
            free=c.free,
            anonymous=c.anonymous,
            voluntary=c.voluntary,
        )
        for c in sorted(memorandum.commitments, key=lambda c: c.category.value)
    ]
