"""Models of the published code lists a referral's steps take (casework/referrals/reasons.py)."""

from pydantic import BaseModel


class ReasonCodeRead(BaseModel):
    code: str
    label: str  # in the reader's language


class ReasonCodes(BaseModel):
    reject: list[ReasonCodeRead]
    cancel: list[ReasonCodeRead]
    hold: list[ReasonCodeRead]
    outcome: list[ReasonCodeRead]
