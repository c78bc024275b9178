"""How the authorisation matrix calls the pages (the API's calls are in
tests/support/access_rules.py; both are checked by tests/e2e/test_authorisation_matrix.py
against the policy each route declares).

A page signs in with the session cookie, and every form carries the session's CSRF token;
without a session a page redirects to the login form, which the matrix counts as 401. A page
answers what the domain decides, as the API does: 404 for another organisation's object or a
missing one, 403 for a role that may see it but not act, and 200 for a page or 303 (to the
page that follows) for a form done."""

from casework.demo.network import COMMITMENTS
from tests.support.access_rules import (
    NEW_PASSWORD,
    RESOLUTION,
    Call,
    Made,
    Target,
    new_contact,
    new_user,
    speaks_for,
)
from tests.support.governance import tiny_pdf

RETURN_TO = 1  # the meeting an agenda item's form returns to: only the redirect's target


def _amended(_: Made) -> dict:
    """The amend form's table: one row per category, the guarantees as checked categories."""
    categories = [t.category.value for t in COMMITMENTS]
    return {
        "category": categories,
        "response": [t.response_deadline for t in COMMITMENTS],
        "completion": [t.completion_deadline for t in COMMITMENTS],
        "unit": [t.deadline_unit.value for t in COMMITMENTS],
        "free": categories,
        "anonymous": categories,
        "voluntary": categories,
        "changes": "none",
    }


NEW_CASE = {
    "sex": "M",
    "birth_year": "1990",
    "mother_letters": "ЗА",
    "father_letters": "РА",
    "needs": ["hiv_testing"],
    "consent": "true",
}
YES = {"anonymous": "yes", "free": "yes", "voluntary": "yes"}
UIC_PARTS = {"sex": "F", "birth_year": "1984", "mother_letters": "ЧУ", "father_letters": "ХА"}

PAGE_CALLS: dict[tuple[str, str], Call] = {
    # Signing in: posted without the pre-session cookie the login page set, the login form is
    # refused (no login CSRF), whatever the password.
    ("POST", "/login"): Call(success=403, body={"username": "demo-admin", "password": "x"}),
    ("GET", "/language"): Call(success=303, query={"lang": "ru"}),
    ("POST", "/settings"): Call(body={"language": "tg"}),  # the default: no one's pages change
    ("GET", "/"): Call(success=303),  # to the role's first page
    ("POST", "/cases"): Call(body=NEW_CASE),
    ("POST", "/cases/{case_id}/referrals"): Call(consumed=True, body={"service": "housing"}),
    ("POST", "/cases/{case_id}/outcome"): Call(consumed=True, body={"resolved": "true"}),
    ("POST", "/cases/{case_id}/referrals/{referral_id}/cancel"): Call(
        consumed=True, body={"reason_code": "issued_in_error"}
    ),
    ("POST", "/cases/{case_id}/needs"): Call(consumed=True, body={"service": "housing"}),
    ("POST", "/cases/{case_id}/needs/{need_id}/withdraw"): Call(Target.NEED, consumed=True),
    ("POST", "/cases/{case_id}/closing"): Call(
        consumed=True, body={"status": "withdrawn", "reason": "client_request"}
    ),
    ("POST", "/cases/{case_id}/assignment"): Call(body={"caseworker": "demo-caseworker"}),
    ("POST", "/cases/{case_id}/referrals/{referral_id}/reissue"): Call(
        Target.LAPSED_REFERRAL, consumed=True
    ),
    ("POST", "/inbox/{referral_id}/accept"): Call(consumed=True),
    ("POST", "/inbox/{referral_id}/reject"): Call(
        consumed=True, body={"reason_code": "no_capacity", "note": "Not offered this month."}
    ),
    ("POST", "/inbox/{referral_id}/complete"): Call(
        Target.ACCEPTED_REFERRAL, consumed=True, body=YES
    ),
    ("POST", "/inbox/{referral_id}/start"): Call(Target.ACCEPTED_REFERRAL, consumed=True),
    ("POST", "/inbox/{referral_id}/hold"): Call(
        Target.ACCEPTED_REFERRAL, consumed=True, body={"reason_code": "capacity", "note": ""}
    ),
    ("POST", "/inbox/{referral_id}/resume"): Call(Target.HELD_REFERRAL, consumed=True),
    # The beneficiary behind a case (service/pages/beneficiary*.py).
    ("POST", "/cases/{case_id}/beneficiary/{beneficiary_id}/uic"): Call(body=UIC_PARTS),
    ("POST", "/cases/{case_id}/matches/{proposal_id}/confirmation"): Call(consumed=True),
    ("POST", "/cases/{case_id}/matches/{proposal_id}/rejection"): Call(consumed=True),
    ("POST", "/cases/{case_id}/beneficiary/{beneficiary_id}/consents"): Call(
        body={"purpose": "referral"}
    ),
    ("POST", "/cases/{case_id}/beneficiary/{beneficiary_id}/consents/revocation"): Call(
        consumed=True, body={"purpose": "referral"}
    ),
    ("POST", "/cases/{case_id}/beneficiary/{beneficiary_id}/identity/reveal"): Call(success=200),
    ("POST", "/cases/{case_id}/beneficiary/{beneficiary_id}/identity"): Call(
        body={"notes": "prefers mornings"}
    ),
    ("POST", "/cases/{case_id}/beneficiary/{beneficiary_id}/erasure"): Call(
        consumed=True, body={"confirm": "yes"}
    ),
    # Governance, as the API.
    ("POST", "/memorandum/drafts/{draft_id}/commitments"): Call(body=_amended),
    ("POST", "/memorandum/drafts/{draft_id}/answers"): Call(body=speaks_for({"answer": "signed"})),
    ("POST", "/memorandum/drafts/{draft_id}/publication"): Call(Target.SIGNED_DRAFT, consumed=True),
    ("POST", "/memorandum/versions/{memorandum_id}/signatures"): Call(
        consumed=True, body=speaks_for({"signatory_title": "Head"})
    ),
    ("POST", "/meetings"): Call(body=lambda made: {"month": made.month}),
    ("POST", "/meetings/{meeting_id}/schedule"): Call(
        body=lambda made: {"day": f"{made.month}-20", "at": "10:00"}
    ),
    ("POST", "/meetings/{meeting_id}/cancellation"): Call(consumed=True),
    ("POST", "/meetings/{meeting_id}/opening"): Call(consumed=True),
    # A representative proposes for its own member, a governor for the network: no member named.
    ("POST", "/meetings/{meeting_id}/agenda"): Call(body={"title": "Evening hours"}),
    ("POST", "/meetings/{meeting_id}/attendance"): Call(
        Target.SESSION,
        body=lambda made: {"member": [made.member], "title": ["Head"], "present": [made.member]},
    ),
    ("POST", "/meetings/{meeting_id}/minutes"): Call(
        Target.SESSION, body={"text": "Opened at ten."}
    ),
    ("POST", "/agenda-items/{item_id}/minutes"): Call(
        body={"meeting_id": RETURN_TO, "text": "Discussed."}
    ),
    ("POST", "/agenda-items/{item_id}/deferral"): Call(body={"meeting_id": RETURN_TO}),
    ("POST", "/agenda-items/{item_id}/decisions"): Call(
        body=lambda made: {
            "meeting_id": RETURN_TO,
            "text": "Open on Saturdays.",
            "due_on": "2026-04-30",
            "responsible": [made.member],
        },
    ),
    ("POST", "/meetings/{meeting_id}/closing"): Call(Target.CLOSABLE_MEETING, consumed=True),
    ("POST", "/decisions/{decision_id}/institutionalisation"): Call(
        consumed=True,
        body=speaks_for({"instrument": "order", "number": "12-p", "issued_on": "2026-03-01"}),
    ),
    ("POST", "/decisions/{decision_id}/attachments"): Call(
        body=speaks_for({}), files={"file": ("order.pdf", tiny_pdf(), "application/pdf")}
    ),
    ("GET", "/decisions/{decision_id}/attachments/{attachment_id}"): Call(Target.ATTACHMENT),
    ("GET", "/meetings/{meeting_id}/protocol.pdf"): Call(Target.CLOSED_MEETING),
    ("POST", "/reports"): Call(body={"period": "2026-02"}),
    ("POST", "/directory/{member_id}"): Call(
        body={"district": "vakhsh", "address": "7 Istiqlol Street, Vakhsh", "phone": "+992 0 00"}
    ),
    # Administration, as the API.
    ("POST", "/accounts"): Call(body=new_user),
    ("POST", "/accounts/{username}/deactivation"): Call(Target.MANAGED_ACCOUNT, consumed=True),
    ("POST", "/accounts/{username}/password"): Call(Target.MANAGED_ACCOUNT, body=NEW_PASSWORD),
    ("POST", "/members/{member_id}/form-language"): Call(
        Target.NGO_MEMBER, body={"language": "ru"}
    ),
    ("POST", "/contacts"): Call(body=new_contact),
    ("POST", "/contacts/{contact_id}/removal"): Call(consumed=True),
    ("POST", "/escalation-thresholds"): Call(
        body={"unit": "hours", "level": "2", "overdue_by": "6"}
    ),
    ("POST", "/breaches/{breach_id}/resolution"): Call(consumed=True, body=RESOLUTION),
}
