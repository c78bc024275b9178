"""Words for the codes a form prints, marked for the catalogues (English is the source)."""

from casework.network.services import ServiceCode
from casework.referrals.states import Urgency
from referral_forms.verification import Verdict


def N_(message: str) -> str:
    """Mark a message for extraction; it is translated where it is shown."""
    return message


SERVICE_LABELS: dict[ServiceCode, str] = {
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

URGENCY_LABELS: dict[Urgency, str] = {
    Urgency.ROUTINE: N_("Routine"),
    Urgency.URGENT: N_("Urgent"),
}

# Verdicts of the verify page: a headline and what the reader should do.
VERDICT_TEXTS: dict[Verdict, tuple[str, str]] = {
    Verdict.VALID: (
        N_("Genuine and valid"),
        N_("The network issued this referral. Serve the bearer as the memorandum requires."),
    ),
    Verdict.INVALID: (
        N_("Not genuine"),
        N_(
            "The network did not issue this code, or the form was altered. "
            "Call the issuing organisation before serving."
        ),
    ),
    Verdict.EXPIRED: (
        N_("Expired"),
        N_("The referral is genuine but no longer valid. The issuing organisation can renew it."),
    ),
    Verdict.CANCELLED: (
        N_("Cancelled"),
        N_("The issuing organisation cancelled this referral."),
    ),
    Verdict.USED: (
        N_("Already used"),
        N_("The visit for this referral has already been confirmed."),
    ),
    Verdict.REJECTED: (
        N_("Declined"),
        N_("The receiving institution declined this referral."),
    ),
    Verdict.ON_HOLD: (
        N_("On hold"),
        N_("The issuing organisation paused this referral. Call them before serving."),
    ),
    Verdict.CLOSED: (
        N_("Closed"),
        N_("This referral was closed without a visit."),
    ),
    Verdict.UNKNOWN: (
        N_("Genuine, status unknown"),
        N_(
            "The network signed this form, but this server has no record of it. "
            "Call the issuing organisation."
        ),
    ),
}
