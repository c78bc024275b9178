"""Every action the audit trail records. The values are stored in `audit_log.action` and
read back by the case timeline, its labels and the checks that nothing leaks: never change one.
`uow.audit` accepts only these members, so a misspelt action fails before it is written."""

from enum import StrEnum, unique


@unique
class AuditAction(StrEnum):
    """What was done to the audited object (a read is audited like a change)."""

    # Any object: the actor asked for it and was answered "not found", since it is another
    # organisation's (a row of its own, written after the refused request rolled back)
    ACCESS_REFUSED = "access.refused"

    # Cases and their needs
    CASE_CLOSED = "case.closed"
    CASE_HISTORY_READ = "case.history_read"
    CASE_LISTED = "case.listed"
    CASE_NEED_ADDED = "case.need_added"
    CASE_NEED_WITHDRAWN = "case.need_withdrawn"
    CASE_OPENED = "case.opened"
    CASE_OUTCOME_RECORDED = "case.outcome_recorded"
    CASE_PROVIDERS_PROPOSED = "case.providers_proposed"
    CASE_READ = "case.read"
    CASE_REASSIGNED = "case.reassigned"

    # Beneficiaries, their consent and the identity an NGO keeps
    BENEFICIARY_ERASED = "beneficiary.erased"
    BENEFICIARY_MATCH_CONFIRMED = "beneficiary.match_confirmed"
    BENEFICIARY_MATCH_PROPOSED = "beneficiary.match_proposed"
    BENEFICIARY_MATCH_REJECTED = "beneficiary.match_rejected"
    BENEFICIARY_MATCHES_READ = "beneficiary.matches_read"
    BENEFICIARY_MATCH_WITHDRAWN = "beneficiary.match_withdrawn"  # proposed on a mistyped UIC
    BENEFICIARY_READ = "beneficiary.read"  # consents, matches, whether an identity is kept
    BENEFICIARY_REGISTERED = "beneficiary.registered"
    BENEFICIARY_UIC_CORRECTED = "beneficiary.uic_corrected"
    CONSENT_GRANTED = "consent.granted"
    CONSENT_REVOKED = "consent.revoked"
    IDENTITY_KEPT = "identity.kept"
    IDENTITY_READ = "identity.read"
    IDENTITY_REMOVED = "identity.removed"
    IDENTITY_REWRAPPED = "identity.rewrapped"

    # Referrals: one action per status it moves to, its escalation, and each read of it
    REFERRAL_ACCEPTED = "referral.accepted"
    REFERRAL_CANCELLED = "referral.cancelled"
    REFERRAL_COMPLETED = "referral.completed"
    REFERRAL_DASHBOARD_READ = "referral.dashboard_read"
    REFERRALS_EXPORTED = "referral.exported"  # a supervisor downloaded the NGO's referrals
    REFERRAL_ESCALATED = "referral.escalated"
    REFERRAL_FAILED = "referral.failed"
    REFERRAL_FORM_READ = "referral.form-read"
    REFERRAL_FORM_VERIFIED = "referral.form-verified"
    REFERRAL_IN_PROGRESS = "referral.in-progress"
    REFERRAL_INBOX_READ = "referral.inbox_read"
    REFERRAL_ON_HOLD = "referral.on-hold"
    REFERRAL_READ = "referral.read"
    REFERRAL_REISSUED = "referral.reissued"
    REFERRAL_REJECTED = "referral.rejected"
    REFERRAL_REQUESTED = "referral.requested"
    REFERRAL_RESUMED = "referral.resumed"
    REFERRAL_SLIP_CODE_REJECTED = "referral.slip-code-rejected"

    # The escalation ladder's policy
    ESCALATION_THRESHOLD_SET = "escalation.threshold_set"

    # Notices to staff and their deliveries
    NOTIFICATION_CONTACT_ADDED = "notification.contact_added"
    NOTIFICATION_CONTACT_REMOVED = "notification.contact_removed"
    NOTIFICATION_CREATED = "notification.created"
    NOTIFICATION_DELIVERED = "notification.delivered"
    NOTIFICATION_DELIVERY_FAILED = "notification.delivery_failed"
    NOTIFICATION_READ = "notification.read"

    # The network, its members and the memorandum
    NETWORK_DIRECTORY_EXPORTED = "network.directory-exported"  # the HSDS directory export
    NETWORK_FHIR_EXPORTED = "network.fhir-exported"  # the FHIR export: its referrals and people
    NETWORK_COMMITMENT_THRESHOLD_SET = "network.commitment-threshold-set"
    NETWORK_REGISTERED = "network.registered"
    NETWORK_REPORT_FIGURES_READ = "network.report-figures-read"
    POPULATION_GROUP_ADDED = "population-group.added"
    POPULATION_GROUP_RELABELLED = "population-group.relabelled"
    POPULATION_GROUP_RETIRED = "population-group.retired"
    MEMBER_ADMITTED = "member.admitted"
    MEMBER_DIRECTORY_EDITED = "member.directory-edited"
    MEMBER_FORM_LANGUAGE_SET = "member.form-language-set"
    MEMBER_LEAVING_RECORDED = "member.leaving-recorded"
    OUTSIDE_REFERRER_REGISTERED = "member.outside-referrer-registered"  # an NGO, not a member
    MEMORANDUM_BREACH_OPENED = "memorandum.breach_opened"
    MEMORANDUM_BREACH_RESOLVED = "memorandum.breach_resolved"
    MEMORANDUM_DRAFT_AMENDED = "memorandum.draft-amended"
    MEMORANDUM_DRAFT_PUBLISHED = "memorandum.draft-published"
    MEMORANDUM_DRAFTED = "memorandum.drafted"
    MEMORANDUM_PUBLISHED = "memorandum.published"
    MEMORANDUM_SIGNED = "memorandum.signed"
    MEMORANDUM_SIGNED_OFF = "memorandum.signed-off"
    MEMORANDUM_WITHDRAWN = "memorandum.withdrawn"

    # Meetings, their agendas and decisions
    MEETING_AGENDA_BUILT = "meeting.agenda-built"
    MEETING_ATTENDANCE_RECORDED = "meeting.attendance-recorded"
    MEETING_CANCELLED = "meeting.cancelled"
    MEETING_CLOSED = "meeting.closed"
    MEETING_MINUTES_RECORDED = "meeting.minutes-recorded"
    MEETING_OPENED = "meeting.opened"
    MEETING_RESCHEDULED = "meeting.rescheduled"
    MEETING_SCHEDULED = "meeting.scheduled"
    AGENDA_ITEM_ADDED = "agenda.item-added"
    AGENDA_ITEM_DEFERRED = "agenda.item-deferred"
    AGENDA_ITEM_DISCUSSED = "agenda.item-discussed"
    DECISION_INSTITUTIONALISED = "decision.institutionalised"
    DECISION_RECORDED = "decision.recorded"
    DECISION_FILE_ATTACHED = "decision.file-attached"

    # The monthly network report
    NETWORK_REPORT_REQUESTED = "network-report.requested"
    NETWORK_REPORT_STORED = "network-report.stored"

    # Accounts
    USER_CREATED = "user.created"
    USER_DEACTIVATED = "user.deactivated"
    USER_PASSWORD_SET = "user.password_set"
    USER_LOGGED_IN_API = "user.logged_in.api"
    USER_LOGGED_IN_WEB = "user.logged_in.web"
    USER_LANGUAGE_SET = "user.language_set"
    USER_TOKEN_ISSUED = "user.token_issued"
    USER_TOKENS_REVOKED = "user.tokens_revoked"
