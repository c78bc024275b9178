"""Is this form genuine and usable? Offline from the signature and dates alone; online also
from the referral's status (cancelled, already used, ...)."""

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date
from enum import StrEnum

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from casework.referrals.states import ReferralStatus
from casework.referrals.views import PublicReferralStatus
from referral_forms.payload import FormClaims, InvalidPayload, verify_payload


class Verdict(StrEnum):
    VALID = "valid"
    INVALID = "invalid"  # not issued by the network, or altered
    EXPIRED = "expired"
    CANCELLED = "cancelled"
    USED = "used"  # the visit was already confirmed
    REJECTED = "rejected"  # the institution declined it
    ON_HOLD = "on_hold"  # paused by the issuing NGO
    CLOSED = "closed"  # failed for another reason (e.g. the service was refused)
    UNKNOWN = "unknown"  # genuine signature, but this server has no such referral


_VERDICT_OF_STATUS = {
    ReferralStatus.CANCELLED: Verdict.CANCELLED,
    ReferralStatus.COMPLETED: Verdict.USED,
    ReferralStatus.REJECTED: Verdict.REJECTED,
    ReferralStatus.ON_HOLD: Verdict.ON_HOLD,
    ReferralStatus.FAILED: Verdict.CLOSED,
}


@dataclass(frozen=True)
class Verification:
    verdict: Verdict
    claims: FormClaims | None = None
    key_id: int | None = None
    institution_name: str | None = None  # known online only

    @property
    def genuine(self) -> bool:
        return self.claims is not None


def check_offline(
    payload: str, key_for: Callable[[int], Ed25519PublicKey | None], *, today: date
) -> Verification:
    try:
        verified = verify_payload(payload, key_for)
    except InvalidPayload:
        return Verification(Verdict.INVALID)
    claims = verified.claims
    verdict = Verdict.EXPIRED if claims.valid_until < today else Verdict.VALID
    return Verification(verdict, claims, verified.key_id)


def check_online(
    offline: Verification, status: PublicReferralStatus | None, *, today: date
) -> Verification:
    """Add what only the database knows. A genuine signature over fields that disagree with
    the database is treated as invalid: it cannot happen unless a key leaked."""
    claims = offline.claims
    if claims is None:
        return offline
    if status is None:
        return replace(offline, verdict=Verdict.UNKNOWN)
    recorded = (status.serial, status.ngo_id, status.institution_id, status.service)
    if recorded != (claims.serial, claims.issuer_id, claims.institution_id, claims.service):
        return Verification(Verdict.INVALID)
    verdict = _VERDICT_OF_STATUS.get(status.status, offline.verdict)
    if verdict is Verdict.CLOSED and status.valid_until < today:
        verdict = Verdict.EXPIRED
    return replace(offline, verdict=verdict, institution_name=status.institution_name)
