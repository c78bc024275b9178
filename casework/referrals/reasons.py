"""The published code lists a referral's steps take beside optional free text: why an
institution declines, why an NGO cancels, why a service is put on hold, and what became of
the referral (closed-loop practice). Reports and dashboards count by these codes; their words
are in texts/labels.py, served translated by `GET /api/v1/reason-codes`."""

from enum import StrEnum

from casework.referrals.states import ReferralStatus


class RejectReason(StrEnum):
    """Why an institution declines a referral."""

    SERVICE_NOT_OFFERED = "service_not_offered"
    NO_CAPACITY = "no_capacity"
    NOT_ELIGIBLE = "not_eligible"
    FORM_INVALID = "form_invalid"
    REFERRED_ELSEWHERE = "referred_elsewhere"
    OTHER = "other"


class CancelReason(StrEnum):
    """Why the issuing NGO cancels a referral."""

    CLIENT_DECLINED = "client_declined"
    NEED_MET_ELSEWHERE = "need_met_elsewhere"
    ISSUED_IN_ERROR = "issued_in_error"
    CLIENT_UNREACHABLE = "client_unreachable"
    OTHER = "other"


class HoldReason(StrEnum):
    """Why an institution puts a started service on hold (FHIR Task `on-hold`)."""

    AWAITING_CLIENT = "awaiting_client"
    AWAITING_RESULTS = "awaiting_results"
    AWAITING_DOCUMENTS = "awaiting_documents"
    CAPACITY = "capacity"
    OTHER = "other"


class ReferralOutcome(StrEnum):
    """What became of a referral for the beneficiary, closed-loop style."""

    SERVICE_RECEIVED = "service_received"
    CLIENT_DECLINED = "client_declined"
    NOT_ELIGIBLE = "not_eligible"
    NO_CAPACITY = "no_capacity"
    COULD_NOT_REACH = "could_not_reach"
    OTHER = "other"


class EngineReason(StrEnum):
    """Why the engine itself closed a referral: no one picks these from a list."""

    CONSENT_REVOKED = "consent_revoked"  # the beneficiary revoked consent (or was erased)
    CASE_CLOSED = "case_closed"  # its case closed with the referral still open
    EXPIRED = "expired_unused"  # the form's validity ran out before anyone accepted it


# The longest free-text note beside a code: room for a sentence or two, not for a history.
NOTE_MAX_LENGTH = 300

# What became of a closed referral, by the code it closed with (stored as its string, so the
# lists' shared `other` is one key). A completed referral is always SERVICE_RECEIVED.
# - An institution that cannot give the service at all has, for the beneficiary, no capacity
#   for them; a bad form or a member better placed says nothing of the person: OTHER.
# - The beneficiary refusing, or revoking consent, is the beneficiary declining; an NGO that
#   cannot find the person could not reach them, and so could no one while a form lapsed.
OUTCOME_OF_REASON: dict[str, ReferralOutcome] = {
    RejectReason.SERVICE_NOT_OFFERED: ReferralOutcome.NO_CAPACITY,
    RejectReason.NO_CAPACITY: ReferralOutcome.NO_CAPACITY,
    RejectReason.NOT_ELIGIBLE: ReferralOutcome.NOT_ELIGIBLE,
    RejectReason.FORM_INVALID: ReferralOutcome.OTHER,
    RejectReason.REFERRED_ELSEWHERE: ReferralOutcome.OTHER,
    RejectReason.OTHER: ReferralOutcome.OTHER,
    CancelReason.CLIENT_DECLINED: ReferralOutcome.CLIENT_DECLINED,
    CancelReason.NEED_MET_ELSEWHERE: ReferralOutcome.OTHER,
    CancelReason.ISSUED_IN_ERROR: ReferralOutcome.OTHER,
    CancelReason.CLIENT_UNREACHABLE: ReferralOutcome.COULD_NOT_REACH,
    CancelReason.OTHER: ReferralOutcome.OTHER,
    EngineReason.CONSENT_REVOKED: ReferralOutcome.CLIENT_DECLINED,
    EngineReason.CASE_CLOSED: ReferralOutcome.OTHER,
    EngineReason.EXPIRED: ReferralOutcome.COULD_NOT_REACH,
}


def outcome_of(*, completed: bool, reason: str | None) -> ReferralOutcome:
    """The outcome a referral closes with: received when completed, else by its code."""
    if completed:
        return ReferralOutcome.SERVICE_RECEIVED
    return OUTCOME_OF_REASON.get(reason or "", ReferralOutcome.OTHER)


# Which lists a stored reason is read from, by the status it was given with: each status's own
# list first, so that the shared `other` reads as that list's.
_LISTS_OF_STATUS: dict[ReferralStatus, tuple[type[StrEnum], ...]] = {
    ReferralStatus.REJECTED: (RejectReason,),
    ReferralStatus.CANCELLED: (CancelReason, EngineReason),
    ReferralStatus.ON_HOLD: (HoldReason,),
    ReferralStatus.FAILED: (EngineReason,),
}


def reason_of(status: ReferralStatus, reason: str | None) -> StrEnum | None:
    """The code a referral's stored reason stands for, to show in words; None if it has none."""
    for codes in _LISTS_OF_STATUS.get(status, ()):
        if reason in codes._value2member_map_:
            return codes(reason)
    return None
