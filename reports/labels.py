"""Words for the codes the report prints, marked for the catalogue (English is the source)."""

from casework.network.services import ServiceCategory
from referral_forms.labels import N_

CATEGORY_LABELS: dict[str, str] = {
    ServiceCategory.MEDICAL.value: N_("Medical care"),
    ServiceCategory.HOUSING.value: N_("Housing"),
    ServiceCategory.EMPLOYMENT.value: N_("Employment"),
    ServiceCategory.DOCUMENTS.value: N_("Identity documents"),
    ServiceCategory.LEGAL_AID.value: N_("Legal aid"),
    ServiceCategory.SOCIAL_SUPPORT.value: N_("Social support"),
}

OUTCOME_LABELS = {
    "delivered": N_("Service delivered"),
    "declined": N_("Declined"),
    "lapsed": N_("Lapsed unused"),
    "cancelled": N_("Cancelled"),
}

BUCKET_LABELS = {
    "within-1-day": N_("within 1 day"),
    "1-2-days": N_("1–2 days"),
    "2-5-days": N_("2–5 days"),
    "over-5-days": N_("over 5 days"),
}

ESCALATION_REASON_LABELS = {
    "accept_overdue": N_("Not accepted in time"),
    "complete_overdue": N_("Not served in time"),
}

ESCALATION_LEVEL_LABELS = {
    "1": N_("1 · caseworker and focal point"),
    "2": N_("2 · heads of both organisations"),
    "3": N_("3 · network coordinator"),
    "4": N_("4 · monthly meeting"),
}

GUARANTEE_LABELS = {
    "anonymous": N_("Anonymous"),
    "free": N_("Free of charge"),
    "voluntary": N_("Voluntary"),
    "several": N_("More than one"),
}

DECISION_STATUS_LABELS = {
    "open": N_("In progress"),
    "overdue": N_("Overdue"),
    "institutionalised": N_("Institutionalised"),
    "superseded": N_("Replaced"),
}

MEETING_STATUS_LABELS = {
    "scheduled": N_("scheduled"),
    "in-session": N_("in session"),
    "closed": N_("held"),
}

HEADLINE_LABELS = {
    "issued": N_("referrals issued"),
    "accepted": N_("accepted by institutions"),
    "delivered": N_("services delivered"),
    "cases_resolved": N_("cases resolved"),
    "escalations": N_("escalations"),
    "breaches": N_("memorandum breaches"),
}
