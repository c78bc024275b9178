"""Rules about consent that every command touching a beneficiary relies on."""

import uuid

from sqlalchemy import select
from sqlalchemy.orm import Session

from casework.beneficiaries.model import Consent, ConsentPurpose
from casework.errors import ConsentRequired


def has_consent(session: Session, beneficiary_id: uuid.UUID, purpose: ConsentPurpose) -> bool:
    return (
        session.scalar(
            select(Consent.id)
            .where(
                Consent.beneficiary_id == beneficiary_id,
                Consent.purpose == purpose,
                Consent.revoked_at.is_(None),
            )
            .limit(1)
        )
        is not None
    )


def require_consent(session: Session, beneficiary_id: uuid.UUID, purpose: ConsentPurpose) -> None:
    if not has_consent(session, beneficiary_id, purpose):
        raise ConsentRequired(purpose.value)
