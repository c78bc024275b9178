"""The one registry of words for the domain's codes: for each enum one message per member
(English is the source; translated where it is shown), the native name of each language, and
the words for some audit actions (the case timeline) and for the monthly report's columns.
Referral statuses' words are among their facts (casework/referrals/states.py), marked there."""

from collections.abc import Mapping
from enum import Enum

from babel.support import NullTranslations

from casework.actors import Role
from casework.audit_actions import AuditAction
from casework.beneficiaries.model import ConsentPurpose, MatchDecision
from casework.calendar import DeadlineUnit
from casework.cases.profile import AgeBand
from casework.cases.profile import Sex as ProfileSex
from casework.cases.reasons import CloseReason
from casework.cases.states import CaseStatus, NeedStatus
from casework.governance.meetings.states import (
    AgendaItemKind,
    AgendaItemStatus,
    DecisionStatus,
    Instrument,
    MeetingStatus,
)
from casework.governance.memoranda.model import Answer
from casework.languages import Language
from casework.network.districts import District
from casework.network.model import MemberKind
from casework.network.services import ServiceCategory, ServiceCode
from casework.referrals.reasons import (
    CancelReason,
    EngineReason,
    HoldReason,
    ReferralOutcome,
    RejectReason,
)
from casework.referrals.states import ReferralStatus, ReportOutcome, Urgency
from texts.catalogue import N_, NC_, translations

# Each language by its own name, for the links that switch to it: never translated.
LANGUAGE_NAMES = {
    Language.TAJIK: "Тоҷикӣ",
    Language.RUSSIAN: "Русский",
    Language.ENGLISH: "English",
}

# The kinds of period a network report covers, as the reports page names them.
PERIOD_KINDS = {
    "month": N_("month"),
    "quarter": N_("quarter"),
    "year": N_("year"),
    "all": N_("since founding"),
}

SERVICE_CATEGORY = {
    ServiceCategory.MEDICAL: N_("medical care"),
    ServiceCategory.HOUSING: N_("housing"),
    ServiceCategory.EMPLOYMENT: N_("employment"),
    ServiceCategory.DOCUMENTS: N_("identity documents"),
    ServiceCategory.LEGAL_AID: N_("legal aid"),
    ServiceCategory.SOCIAL_SUPPORT: N_("social support"),
}

SERVICE = {
    ServiceCode.HIV_TESTING: N_("HIV testing and counselling"),
    ServiceCode.STI_CARE: N_("Diagnosis and treatment of sexually transmitted infections"),
    ServiceCode.TB_SCREENING: N_("Tuberculosis screening"),
    ServiceCode.HEPATITIS_TESTING: N_("Viral hepatitis testing"),
    ServiceCode.HARM_REDUCTION: N_("Harm reduction services"),
    ServiceCode.HOUSING: N_("Housing assistance"),
    ServiceCode.EMPLOYMENT: N_("Employment assistance"),
    ServiceCode.IDENTITY_DOCUMENTS: N_("Restoring identity documents"),
    ServiceCode.LEGAL_AID_DETENTION: N_("Legal aid on detention"),
    ServiceCode.SOCIAL_SUPPORT: N_("Social support"),
}

URGENCY = {
    Urgency.ROUTINE: N_("Routine"),
    Urgency.URGENT: N_("Urgent"),
}

# A referral status's word is one of its facts, beside its state machine.
REFERRAL_STATUS = {status: status.facts.label for status in ReferralStatus}

# Statuses are translated in a context: in Russian they agree with what they are the status of.
CASE_STATUS = {
    CaseStatus.OPEN: NC_("case status", "open"),
    CaseStatus.ACTIVE: NC_("case status", "active"),
    CaseStatus.RESOLVED: NC_("case status", "resolved"),
    CaseStatus.CLOSED_UNRESOLVED: NC_("case status", "closed unresolved"),
    CaseStatus.WITHDRAWN: NC_("case status", "withdrawn"),
}

NEED_STATUS = {
    NeedStatus.OPEN: NC_("need status", "open"),
    NeedStatus.MET: NC_("need status", "met"),
    NeedStatus.CLOSED: NC_("need status", "closed"),
    NeedStatus.WITHDRAWN: NC_("need status", "withdrawn"),
}

ROLE = {
    Role.CASEWORKER: N_("caseworker"),
    Role.SUPERVISOR: N_("supervisor"),
    Role.FOCAL_POINT: N_("focal point"),
    Role.COORDINATOR: N_("coordinator"),
    Role.ADMIN: N_("administrator"),
    Role.SYSTEM: N_("the engine"),
}

MEMBER_KIND = {
    MemberKind.GOVERNMENT: N_("government body"),
    MemberKind.NGO: N_("NGO"),
    MemberKind.MEDIA: N_("media outlet"),
}

# Khatlon's districts and district-level cities, as the directory and the case name them.
DISTRICT = {
    District.BOKHTAR: N_("Bokhtar"),
    District.KULOB: N_("Kulob"),
    District.LEVAKANT: N_("Levakant"),
    District.NUREK: N_("Nurek"),
    District.ABDURAHMONI_JOMI: N_("Abdurahmoni Jomi"),
    District.BALJUVON: N_("Baljuvon"),
    District.DANGHARA: N_("Danghara"),
    District.DUSTI: N_("Dusti"),
    District.FARKHOR: N_("Farkhor"),
    District.HAMADONI: N_("Hamadoni"),
    District.JALOLIDDINI_BALKHI: N_("Jaloliddini Balkhi"),
    District.JAYHUN: N_("Jayhun"),
    District.KHOVALING: N_("Khovaling"),
    District.KHUROSON: N_("Khuroson"),
    District.KUSHONIYON: N_("Kushoniyon"),
    District.MUMINOBOD: N_("Muminobod"),
    District.NOSIRI_KHUSRAV: N_("Nosiri Khusrav"),
    District.PANJ: N_("Panj"),
    District.QUBODIYON: N_("Qubodiyon"),
    District.SHAHRITUZ: N_("Shahrituz"),
    District.SHAMSIDDIN_SHOHIN: N_("Shamsiddin Shohin"),
    District.TEMURMALIK: N_("Temurmalik"),
    District.VAKHSH: N_("Vakhsh"),
    District.VOSE: N_("Vose"),
    District.YOVON: N_("Yovon"),
}

# The intake profile: sex as the beneficiary tells it, and the age bands reports count by.
PROFILE_SEX = {
    ProfileSex.FEMALE: NC_("sex", "female"),
    ProfileSex.MALE: NC_("sex", "male"),
    ProfileSex.OTHER: NC_("sex", "other"),
}

AGE_BAND = {
    AgeBand.UNDER_18: N_("under 18"),
    AgeBand.FROM_18_TO_24: N_("18 to 24"),
    AgeBand.FROM_25_TO_34: N_("25 to 34"),
    AgeBand.FROM_35_TO_49: N_("35 to 49"),
    AgeBand.FIFTY_PLUS: N_("50 and over"),
}

DEADLINE_UNIT = {
    DeadlineUnit.HOURS: N_("hours"),
    DeadlineUnit.WORKING_DAYS: N_("working days"),
}

ANSWER = {
    Answer.SIGNED: N_("signed off"),
    Answer.WITHDRAWN: N_("withdrawn"),
}

MEETING_STATUS = {
    MeetingStatus.SCHEDULED: N_("scheduled"),
    MeetingStatus.IN_SESSION: N_("in session"),
    MeetingStatus.CLOSED: N_("held"),
    MeetingStatus.CANCELLED: N_("cancelled"),
}

AGENDA_ITEM_STATUS = {
    AgendaItemStatus.PENDING: N_("not taken up yet"),
    AgendaItemStatus.DISCUSSED: N_("discussed"),
    AgendaItemStatus.DEFERRED: N_("deferred to the next meeting"),
}

AGENDA_ITEM_KIND = {
    AgendaItemKind.ESCALATIONS: N_("Escalated referrals"),
    AgendaItemKind.BREACHES: N_("Breaches of the memorandum"),
    AgendaItemKind.COMMITMENTS: N_("Commitments not kept"),
    AgendaItemKind.OVERDUE_DECISION: N_("Overdue decision"),
    AgendaItemKind.MEMBER_PROPOSAL: N_("Member's proposal"),
}

# "superseded" in the domain; members speak of a decision a later meeting replaced.
DECISION_STATUS = {
    DecisionStatus.OPEN: N_("in progress"),
    DecisionStatus.OVERDUE: N_("overdue"),
    DecisionStatus.INSTITUTIONALISED: N_("institutionalised"),
    DecisionStatus.SUPERSEDED: N_("replaced"),
}

INSTRUMENT = {
    Instrument.ORDER: N_("order"),
    Instrument.INSTRUCTION: N_("instruction"),
    Instrument.REGULATION: N_("regulation"),
}

REPORT_OUTCOME = {
    ReportOutcome.DELIVERED: N_("Service delivered"),
    ReportOutcome.DECLINED: N_("Declined"),
    ReportOutcome.LAPSED: N_("Lapsed unused"),
    ReportOutcome.CANCELLED: N_("Cancelled"),
}

REJECT_REASON = {
    RejectReason.SERVICE_NOT_OFFERED: N_("The service is not offered here"),
    RejectReason.NO_CAPACITY: N_("No capacity at present"),
    RejectReason.NOT_ELIGIBLE: N_("Not eligible for this service"),
    RejectReason.FORM_INVALID: N_("The form is invalid or expired"),
    RejectReason.REFERRED_ELSEWHERE: N_("Better served by another member"),
    RejectReason.OTHER: N_("Another reason"),
}

CANCEL_REASON = {
    CancelReason.CLIENT_DECLINED: N_("The beneficiary no longer wants the service"),
    CancelReason.NEED_MET_ELSEWHERE: N_("The need was met elsewhere"),
    CancelReason.ISSUED_IN_ERROR: N_("Issued in error"),
    CancelReason.CLIENT_UNREACHABLE: N_("The beneficiary cannot be reached"),
    CancelReason.OTHER: N_("Another reason"),
}

HOLD_REASON = {
    HoldReason.AWAITING_CLIENT: N_("Waiting for the beneficiary to return"),
    HoldReason.AWAITING_RESULTS: N_("Waiting for test results"),
    HoldReason.AWAITING_DOCUMENTS: N_("Waiting for documents"),
    HoldReason.CAPACITY: N_("Paused for lack of capacity"),
    HoldReason.OTHER: N_("Another reason"),
}

ENGINE_REASON = {
    EngineReason.CONSENT_REVOKED: N_("Consent was revoked"),
    EngineReason.CASE_CLOSED: N_("The case was closed"),
    EngineReason.EXPIRED: N_("The form expired unused"),
}

REFERRAL_OUTCOME = {
    ReferralOutcome.SERVICE_RECEIVED: N_("Service received"),
    ReferralOutcome.CLIENT_DECLINED: N_("The beneficiary declined"),
    ReferralOutcome.NOT_ELIGIBLE: N_("Not eligible"),
    ReferralOutcome.NO_CAPACITY: N_("No capacity"),
    ReferralOutcome.COULD_NOT_REACH: N_("Could not be reached"),
    ReferralOutcome.OTHER: N_("Other outcome"),
}

CLOSE_REASON = {
    CloseReason.CLIENT_REQUEST: N_("The beneficiary asked to stop"),
    CloseReason.LOST_CONTACT: N_("Contact with the beneficiary was lost"),
    CloseReason.MOVED_AWAY: N_("The beneficiary moved away"),
    CloseReason.SERVED_ELSEWHERE: N_("Served by another organisation"),
    CloseReason.DUPLICATE: N_("A duplicate of another case"),
    CloseReason.OTHER: N_("Another reason"),
}

CONSENT_PURPOSE = {
    ConsentPurpose.REFERRAL: N_("To be referred to member institutions"),
    ConsentPurpose.SHARE_WITH_MEMBER: N_("To share the case with a named member"),
}

MATCH_DECISION = {
    MatchDecision.PROPOSED: N_("to be decided"),
    MatchDecision.CONFIRMED: N_("confirmed: the same person"),
    MatchDecision.REJECTED: N_("rejected: different people"),
}

LABELS: dict[type[Enum], Mapping[Enum, str]] = {
    ServiceCategory: SERVICE_CATEGORY,
    ServiceCode: SERVICE,
    Urgency: URGENCY,
    ReferralStatus: REFERRAL_STATUS,
    CaseStatus: CASE_STATUS,
    NeedStatus: NEED_STATUS,
    Role: ROLE,
    MemberKind: MEMBER_KIND,
    District: DISTRICT,
    ProfileSex: PROFILE_SEX,
    AgeBand: AGE_BAND,
    DeadlineUnit: DEADLINE_UNIT,
    Answer: ANSWER,
    MeetingStatus: MEETING_STATUS,
    AgendaItemStatus: AGENDA_ITEM_STATUS,
    AgendaItemKind: AGENDA_ITEM_KIND,
    DecisionStatus: DECISION_STATUS,
    Instrument: INSTRUMENT,
    ReportOutcome: REPORT_OUTCOME,
    RejectReason: REJECT_REASON,
    CancelReason: CANCEL_REASON,
    HoldReason: HOLD_REASON,
    EngineReason: ENGINE_REASON,
    ReferralOutcome: REFERRAL_OUTCOME,
    CloseReason: CLOSE_REASON,
    ConsentPurpose: CONSENT_PURPOSE,
    MatchDecision: MATCH_DECISION,
}


def label(code: Enum) -> str:
    """The message for a code, to be translated where it is shown (with `translate`)."""
    return LABELS[type(code)][code]


def translate(message: str, words: NullTranslations) -> str:
    """A marked word in the catalogue's language, looked up in its context if it has one."""
    context = getattr(message, "context", None)
    return words.pgettext(context, message) if context else words.gettext(message)


def word(code: Enum, language: Language) -> str:
    """A code's word in the reader's language: a service's name, a status."""
    return translate(label(code), translations(language))


# The supervisors' flow-runs page: the flows that serve a case, and the kinds of Prefect state
# (its StateType, lower case); a flow or state not named here shows as Prefect names it.
CASE_FLOW = {
    "intake": N_("intake and matching"),
    "referral": N_("referral notice"),
    "confirmation": N_("visit confirmation"),
    "resolution": N_("case resolution"),
}
FLOW_RUN_STATE = {
    "scheduled": N_("waiting for its time"),
    "pending": N_("starting"),
    "running": N_("running"),
    "paused": N_("paused"),
    "completed": N_("done"),
    "failed": N_("failed after retries"),
    "crashed": N_("stopped by a crash"),
    "cancelling": N_("being cancelled"),
    "cancelled": N_("cancelled by an operator"),
}

# A case's timeline, by audit action; an action not named here shows as its code.
EVENT = {
    AuditAction.CASE_OPENED: N_("Case opened"),
    AuditAction.CASE_NEED_ADDED: N_("Need added"),
    AuditAction.CASE_PROVIDERS_PROPOSED: N_("Institutions proposed for the needs"),
    AuditAction.CASE_OUTCOME_RECORDED: N_("Outcome recorded"),
    AuditAction.CASE_CLOSED: N_("Case closed"),
    AuditAction.CASE_NEED_WITHDRAWN: N_("Need withdrawn"),
    AuditAction.CASE_REASSIGNED: N_("Case handed to another caseworker"),
    AuditAction.REFERRAL_REQUESTED: N_("Referral issued"),
    AuditAction.REFERRAL_ACCEPTED: N_("Referral accepted by the institution"),
    AuditAction.REFERRAL_IN_PROGRESS: N_("Service started"),
    AuditAction.REFERRAL_COMPLETED: N_("Visit confirmed by the institution"),
    AuditAction.REFERRAL_REJECTED: N_("Referral declined by the institution"),
    AuditAction.REFERRAL_CANCELLED: N_("Referral cancelled"),
    AuditAction.REFERRAL_FAILED: N_("Referral lapsed"),
    AuditAction.REFERRAL_ON_HOLD: N_("Referral put on hold"),
    AuditAction.REFERRAL_RESUMED: N_("Referral resumed"),
    AuditAction.REFERRAL_ESCALATED: N_("Deadline missed: escalated"),
    AuditAction.REFERRAL_REISSUED: N_("Lapsed form reissued"),
}

# The monthly report's columns and tiles, by the keys of its figures.

ACCEPTANCE_BUCKET = {
    "within-1-day": N_("within 1 day"),
    "1-2-days": N_("1–2 days"),
    "2-5-days": N_("2–5 days"),
    "over-5-days": N_("over 5 days"),
}

ESCALATION_REASON = {
    "accept_overdue": N_("Not accepted in time"),
    "complete_overdue": N_("Not served in time"),
}

ESCALATION_LEVEL = {
    "1": N_("1 · caseworker and focal point"),
    "2": N_("2 · heads of both organisations"),
    "3": N_("3 · network coordinator"),
    "4": N_("4 · monthly meeting"),
}

BREACH_KIND = {
    "anonymous": N_("Anonymous"),
    "free": N_("Free of charge"),
    "voluntary": N_("Voluntary"),
    "several": N_("More than one"),
}

HEADLINE = {
    "issued": N_("referrals issued"),
    "accepted": N_("accepted by institutions"),
    "delivered": N_("services delivered"),
    "cases_resolved": N_("cases resolved"),
    "escalations": N_("escalations"),
    "breaches": N_("memorandum breaches"),
    "people_helped": N_("people helped"),
}

# The report's people helped, by who referred them (casework/governance/reports/people.py).
REFERRER_KIND = {
    "member-ngos": N_("Referred by member NGOs"),
    "outside-referrers": N_("Referred by outside referrers"),
}
NOT_RECORDED = N_("Not recorded")

# Commitments kept: what became of referrals by their deadline (commitments.py); the same
# words as the meeting page's.
COMMITMENT_COLUMN = {
    "accepted-in-time": N_("accepted in time"),
    "accepted-late": N_("accepted late"),
    "declined": N_("declined"),
    "lapsed": N_("unanswered past the deadline"),
    "not-judged": N_("not judged yet"),
    "served-in-time": N_("served in time"),
    "served-late": N_("served late"),
    "not-served": N_("not served by the deadline"),
}

# The coordinator's contacts page: the roles a notice contact serves (a member's head is no
# account's role), and the channels notices leave by.
CONTACT_ROLE = {
    "coordinator": N_("coordinator"),
    "caseworker": N_("caseworker"),
    "supervisor": N_("supervisor"),
    "focal_point": N_("focal point"),
    "head": N_("head of the organisation"),
}
CHANNEL = {"email": N_("e-mail"), "webhook": N_("SMS gateway (webhook)")}
