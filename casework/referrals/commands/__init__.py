"""Commands on referrals: issue on the standard form, each step an institution or the issuing
NGO takes afterwards, and the visit confirmed by the return slip's code. Each is one audited
transaction; this package is their one import (`from casework.referrals import commands`)."""

from casework.referrals.commands.issuing import ReferralIssued, request_referral
from casework.referrals.commands.reissue import reissue_referral
from casework.referrals.commands.slips import SlipConfirmed, confirm_visit_with_slip_code
from casework.referrals.commands.steps import (
    Attestations,
    accept_referral,
    cancel_open_referrals_of_case,
    cancel_referral,
    complete_referral,
    hold_referral,
    record_completion,
    reject_referral,
    resume_referral,
    start_referral,
)

__all__ = [
    "Attestations",
    "ReferralIssued",
    "SlipConfirmed",
    "accept_referral",
    "cancel_open_referrals_of_case",
    "cancel_referral",
    "complete_referral",
    "confirm_visit_with_slip_code",
    "hold_referral",
    "record_completion",
    "reissue_referral",
    "reject_referral",
    "request_referral",
    "resume_referral",
    "start_referral",
]
