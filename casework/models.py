"""Every table of the engine, imported in one place for Alembic and for tests."""

from casework.accounts.model import AccessToken, FailedLogin, User
from casework.audit import AuditChainHead, AuditEntry
from casework.beneficiaries.model import Beneficiary, Consent, MatchProposal
from casework.cases.model import Case, Need, Outcome
from casework.escalation.model import Escalation, EscalationThreshold
from casework.governance.breaches.model import MemorandumBreach
from casework.governance.meetings.model import (
    AgendaEscalation,
    AgendaItem,
    Attendance,
    Decision,
    Meeting,
    Responsibility,
)
from casework.governance.memoranda.model import (
    Commitment,
    DraftAnswer,
    Memorandum,
    MemorandumDraft,
    MemorandumSignature,
)
from casework.governance.reports.model import NetworkReport, ReportRendition
from casework.idempotency import IdempotencyRecord
from casework.network.model import FocalPoint, Member, MemberService, Network, SubNetwork
from casework.notifications.model import Contact, Delivery, Notification
from casework.orm import Base
from casework.outbox import OutboxMessage
from casework.privacy.vault import VaultEntry
from casework.referrals.model import Referral, SlipCodeFailure
from casework.referrals.serials import SerialCounter

__all__ = [
    "AccessToken",
    "AgendaEscalation",
    "AgendaItem",
    "Attendance",
    "AuditChainHead",
    "AuditEntry",
    "Base",
    "Beneficiary",
    "Case",
    "Commitment",
    "Consent",
    "Contact",
    "Decision",
    "Delivery",
    "DraftAnswer",
    "Escalation",
    "EscalationThreshold",
    "FailedLogin",
    "FocalPoint",
    "IdempotencyRecord",
    "MatchProposal",
    "Meeting",
    "Member",
    "MemberService",
    "Memorandum",
    "MemorandumBreach",
    "MemorandumDraft",
    "MemorandumSignature",
    "Need",
    "Network",
    "NetworkReport",
    "Notification",
    "OutboxMessage",
    "Outcome",
    "Referral",
    "ReportRendition",
    "Responsibility",
    "SerialCounter",
    "SlipCodeFailure",
    "SubNetwork",
    "User",
    "VaultEntry",
]
