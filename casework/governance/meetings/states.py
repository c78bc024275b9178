"""Statuses of meetings and agenda items, and the kinds of things a meeting decides on."""

from enum import StrEnum

from casework.states import StateMachine


class MeetingStatus(StrEnum):
    SCHEDULED = "scheduled"
    IN_SESSION = "in-session"
    CLOSED = "closed"
    CANCELLED = "cancelled"


_ = MeetingStatus
MEETING_MACHINE = StateMachine(
    "meeting",
    {
        _.SCHEDULED: frozenset({_.IN_SESSION, _.CANCELLED}),
        _.IN_SESSION: frozenset({_.CLOSED}),
        _.CLOSED: frozenset(),
        _.CANCELLED: frozenset(),
    },
)


class AgendaItemKind(StrEnum):
    ESCALATIONS = "escalations"  # referrals stalled at one institution up to the meeting level
    BREACHES = "breaches"  # failed attestations of free, anonymous or voluntary service
    COMMITMENTS = "commitments"  # a member below the network's share of commitments kept
    OVERDUE_DECISION = "overdue-decision"  # a decision past its due date, not institutionalised
    MEMBER_PROPOSAL = "member-proposal"  # an item a member or the coordinator put forward


class AgendaItemStatus(StrEnum):
    PENDING = "pending"  # not taken up yet
    DISCUSSED = "discussed"  # needs at least one decision before the meeting closes
    DEFERRED = "deferred"  # goes onto the next meeting's agenda


_ = AgendaItemStatus
# More minutes or decisions keep an item discussed, and deferring twice changes nothing; an
# item already decided on cannot be deferred (checked by the command, which sees decisions).
AGENDA_ITEM_MACHINE = StateMachine(
    "agenda item",
    {
        _.PENDING: frozenset({_.DISCUSSED, _.DEFERRED}),
        _.DISCUSSED: frozenset({_.DISCUSSED, _.DEFERRED}),
        _.DEFERRED: frozenset({_.DEFERRED}),
    },
)


class Instrument(StrEnum):
    """How a member wrote a decision into its own rules."""

    ORDER = "order"
    INSTRUCTION = "instruction"
    REGULATION = "regulation"


class DecisionStatus(StrEnum):
    OPEN = "open"  # due date not passed, some responsible member has not institutionalised it
    OVERDUE = "overdue"  # due date passed and still not institutionalised by every member
    INSTITUTIONALISED = "institutionalised"  # every responsible member recorded its instrument
    SUPERSEDED = "superseded"  # a later meeting replaced it with another decision
