"""Is this form genuine and usable? Offline from the signature and dates alone; online also
from the referral's status (cancelled, already used, ...)."""

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from casework.referrals.states import Verdict
from casework.referrals.views import PublicReferralStatus
from referral_forms.payload import FormClaims, InvalidPayload, verify_payload


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
    verdict = status.status.facts.form_verdict or offline.verdict
    if verdict is Verdict.CLOSED and status.valid_until < today:
        verdict = Verdict.EXPIRED
    return replace(offline, verdict=verdict, institution_name=status.institution_name)
