"""Words for the codes the pages show, marked for the pages catalogue (English is the source)."""

from casework.actors import Role
from casework.cases.states import CaseStatus, NeedStatus
from casework.referrals.states import ReferralStatus


def N_(message: str) -> str:
    """Mark a message for extraction; it is translated where it is shown."""
    return message


REFERRAL_STATUS = {
    ReferralStatus.DRAFT: N_("draft"),
    ReferralStatus.REQUESTED: N_("requested"),
    ReferralStatus.ACCEPTED: N_("accepted"),
    ReferralStatus.IN_PROGRESS: N_("in progress"),
    ReferralStatus.COMPLETED: N_("completed"),
    ReferralStatus.REJECTED: N_("rejected"),
    ReferralStatus.CANCELLED: N_("cancelled"),
    ReferralStatus.FAILED: N_("failed"),
    ReferralStatus.ON_HOLD: N_("on hold"),
}

CASE_STATUS = {
    CaseStatus.OPEN: N_("open"),
    CaseStatus.ACTIVE: N_("active"),
    CaseStatus.RESOLVED: N_("resolved"),
    CaseStatus.CLOSED_UNRESOLVED: N_("closed unresolved"),
    CaseStatus.WITHDRAWN: N_("withdrawn"),
}

NEED_STATUS = {
    NeedStatus.OPEN: N_("open"),
    NeedStatus.MET: N_("met"),
    NeedStatus.CLOSED: N_("closed"),
}

ROLE = {
    Role.CASEWORKER: N_("caseworker"),
    Role.SUPERVISOR: N_("supervisor"),
    Role.FOCAL_POINT: N_("focal point"),
    Role.COORDINATOR: N_("coordinator"),
    Role.ADMIN: N_("administrator"),
    Role.SYSTEM: N_("the engine"),
}

# The timeline's entries, by audit action; an action not named here shows as its code.
EVENT = {
    "case.opened": N_("Case opened"),
    "case.need_added": N_("Need added"),
    "case.providers_proposed": N_("Institutions proposed for the needs"),
    "case.outcome_recorded": N_("Outcome recorded"),
    "case.closed": N_("Case closed"),
    "referral.requested": N_("Referral issued"),
    "referral.accepted": N_("Referral accepted by the institution"),
    "referral.in-progress": N_("Service started"),
    "referral.completed": N_("Visit confirmed by the institution"),
    "referral.rejected": N_("Referral declined by the institution"),
    "referral.cancelled": N_("Referral cancelled"),
    "referral.failed": N_("Referral lapsed"),
    "referral.on-hold": N_("Referral put on hold"),
    "referral.resumed": N_("Referral resumed"),
    "referral.escalated": N_("Deadline missed: escalated"),
}

# What the error page says for each HTTP status a domain refusal maps to.
REFUSAL = {
    403: N_("Your role may not do this."),
    404: N_("Not found, or not shared with your organisation."),
    409: N_("This step is not possible in the current state. Reload the page and look again."),
    422: N_("Something in the form cannot be used. Check it and try again."),
    429: N_("Too many attempts. Wait a while and try again."),
    503: N_("The service is missing a key the operator must provide."),
}

FORM_EXPIRED = N_("The form has expired. Reload the page and try again.")
