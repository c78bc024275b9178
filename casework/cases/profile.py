"""Who was helped, recorded at intake beside the case and outside the UIC hash: population
groups (codes of the coordinator's list, casework.cases.population_groups), sex, an age band
and the district. Each is coarse and optional, so that no combination points at one person;
reports count them. Codes are stored: never change one."""

from dataclasses import dataclass
from enum import StrEnum

from casework.errors import InvalidInput
from casework.network.districts import District

MAX_GROUPS = 6  # a person may belong to several groups, not to the whole list


class Sex(StrEnum):
    """As the beneficiary tells it (not the UIC's letter, which only matches)."""

    FEMALE = "female"
    MALE = "male"
    OTHER = "other"


class AgeBand(StrEnum):
    UNDER_18 = "under-18"
    FROM_18_TO_24 = "18-24"
    FROM_25_TO_34 = "25-34"
    FROM_35_TO_49 = "35-49"
    FIFTY_PLUS = "50-plus"


@dataclass(frozen=True)
class Profile:
    """The intake profile; every part may be left out (not asked, or not told). Group codes
    come in any order and repeated; they are kept once each, sorted."""

    groups: tuple[str, ...] = ()
    sex: Sex | None = None
    age_band: AgeBand | None = None
    district: District | None = None

    def __post_init__(self) -> None:
        groups = tuple(sorted(set(self.groups)))
        if len(groups) > MAX_GROUPS:
            raise InvalidInput(
                "profile.too_many_groups",
                "choose at most {most} population groups",
                field="profile.groups",
                most=MAX_GROUPS,
            )
        object.__setattr__(self, "groups", groups)
