"""Case and need statuses and their legal transitions (docs/design.md: open -> active -> ...)."""

from enum import StrEnum

from casework.states import StateMachine


class CaseStatus(StrEnum):
    OPEN = "open"
    ACTIVE = "active"  # at least one referral has been requested
    RESOLVED = "resolved"
    CLOSED_UNRESOLVED = "closed-unresolved"
    WITHDRAWN = "withdrawn"


_ = CaseStatus
CASE_MACHINE = StateMachine(
    "case",
    {
        _.OPEN: frozenset({_.ACTIVE, _.CLOSED_UNRESOLVED, _.WITHDRAWN}),
        _.ACTIVE: frozenset({_.RESOLVED, _.CLOSED_UNRESOLVED, _.WITHDRAWN}),
        _.RESOLVED: frozenset(),
        _.CLOSED_UNRESOLVED: frozenset(),
        _.WITHDRAWN: frozenset(),
    },
)


class NeedStatus(StrEnum):
    OPEN = "open"
    MET = "met"  # a referral for it was completed
    CLOSED = "closed"  # the case closed before it was met
    WITHDRAWN = "withdrawn"  # the caseworker took it off the case (mistaken, or no longer wanted)


_ = NeedStatus
NEED_MACHINE = StateMachine(
    "need",
    {
        _.OPEN: frozenset({_.MET, _.CLOSED, _.WITHDRAWN}),
        _.MET: frozenset(),
        _.CLOSED: frozenset(),
        _.WITHDRAWN: frozenset(),
    },
)
