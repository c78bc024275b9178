"""Words for the governance codes the pages show, marked for the pages catalogue."""

from casework.calendar import DeadlineUnit
from casework.governance.meetings.states import (
    AgendaItemKind,
    AgendaItemStatus,
    DecisionStatus,
    Instrument,
    MeetingStatus,
)
from casework.governance.memoranda.model import Answer
from casework.network.model import MemberKind
from casework.network.services import ServiceCategory
from service.pages.labels import N_

MEETING_STATUS = {
    MeetingStatus.SCHEDULED: N_("scheduled"),
    MeetingStatus.IN_SESSION: N_("in session"),
    MeetingStatus.CLOSED: N_("closed"),
    MeetingStatus.CANCELLED: N_("cancelled"),
}

ITEM_STATUS = {
    AgendaItemStatus.PENDING: N_("not taken up yet"),
    AgendaItemStatus.DISCUSSED: N_("discussed"),
    AgendaItemStatus.DEFERRED: N_("deferred to the next meeting"),
}

ITEM_KIND = {
    AgendaItemKind.ESCALATIONS: N_("Escalated referrals"),
    AgendaItemKind.BREACHES: N_("Breaches of the memorandum"),
    AgendaItemKind.OVERDUE_DECISION: N_("Overdue decision"),
    AgendaItemKind.MEMBER_PROPOSAL: N_("Member's proposal"),
}

# "superseded" in the domain; members speak of a decision a later meeting replaced.
DECISION_STATUS = {
    DecisionStatus.OPEN: N_("open"),
    DecisionStatus.OVERDUE: N_("overdue"),
    DecisionStatus.INSTITUTIONALISED: N_("institutionalised"),
    DecisionStatus.SUPERSEDED: N_("replaced"),
}

INSTRUMENT = {
    Instrument.ORDER: N_("order"),
    Instrument.INSTRUCTION: N_("instruction"),
    Instrument.REGULATION: N_("regulation"),
}

ANSWER = {
    Answer.SIGNED: N_("signed off"),
    Answer.WITHDRAWN: N_("withdrawn"),
}

MEMBER_KIND = {
    MemberKind.GOVERNMENT: N_("government body"),
    MemberKind.NGO: N_("NGO"),
    MemberKind.MEDIA: N_("media outlet"),
}

CATEGORY = {
    ServiceCategory.MEDICAL: N_("medical care"),
    ServiceCategory.HOUSING: N_("housing"),
    ServiceCategory.EMPLOYMENT: N_("employment"),
    ServiceCategory.DOCUMENTS: N_("identity documents"),
    ServiceCategory.LEGAL_AID: N_("legal aid on detention"),
    ServiceCategory.SOCIAL_SUPPORT: N_("social support"),
}

DEADLINE_UNIT = {
    DeadlineUnit.HOURS: N_("hours"),
    DeadlineUnit.WORKING_DAYS: N_("working days"),
}
