"""Who may use which page: the pages' half of the authorisation matrix (the API's is
tests/support/access_rules.py; both are checked by tests/e2e/test_authorisation_matrix.py).

A page signs in with the session cookie, and every form carries the session's CSRF token;
without a session a page redirects to the login form, which the matrix counts as 401. A page
answers what the domain decides, as the API does: 404 for another organisation's object or a
missing one, 403 for a role that may see it but not act, and 200 for a page or 303 (to the
page that follows) for a form done."""

from casework.demo.network import COMMITMENTS
from tests.support.access_rules import (
    ADMIN,
    EVERYONE,
    FOCAL,
    GOVERNORS,
    NGO,
    Auth,
    Made,
    Rule,
    Target,
    answered,
    governed,
    staff_read,
)

DONE = 303  # a form done sends the browser on to the page that shows it
RETURN_TO = 1  # the meeting an agenda item's form returns to: only the redirect's target


def view(allowed=frozenset(), target: Target = Target.NONE, **rule) -> Rule:
    return Rule(allowed, target, auth=Auth.COOKIE, **rule)


def act(allowed=frozenset(), target: Target = Target.NONE, **rule) -> Rule:
    return Rule(allowed, target, auth=Auth.COOKIE, form=True, success=DONE, **rule)


def as_page(rule: Rule, **changes) -> Rule:
    """A governance rule of the API, as its page serves it: same roles, cookie and form."""
    form = rule.success != 200
    return Rule(
        rule.allowed,
        rule.target,
        refused=rule.refused,
        success=DONE if form else 200,
        network_wide=rule.network_wide,
        readers=rule.readers,
        consumed=rule.consumed,
        auth=Auth.COOKIE,
        form=form,
        body=changes.pop("body", None),
        **changes,
    )


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


def _as_member(body: dict):
    return lambda made: body | {"member_id": made.member}


NEW_CASE = {
    "sex": "M",
    "birth_year": "1990",
    "mother_letters": "ЗА",
    "father_letters": "РА",
    "needs": ["hiv_testing"],
    "consent": "true",
}
YES = {"anonymous": "yes", "free": "yes", "voluntary": "yes"}
GOVERNED_AND_NGO = NGO | GOVERNORS

PAGE_RULES: dict[tuple[str, str], Rule] = {
    # Signing in: the login form is public; posted without the pre-session cookie the login
    # page set, it is refused (no login CSRF), whatever the password.
    ("GET", "/login"): Rule(auth=Auth.NONE),
    ("POST", "/login"): Rule(
        auth=Auth.NONE, form=True, success=403, body={"username": "demo-admin", "password": "x"}
    ),
    ("GET", "/language"): Rule(auth=Auth.NONE, success=DONE, query={"lang": "ru"}),
    ("GET", "/"): view(EVERYONE, success=DONE),  # to the role's first page
    ("POST", "/logout"): act(EVERYONE),
    # The caseworker's pages: the NGO's own cases; anyone else's are 404.
    ("GET", "/cases"): view(NGO, refused=403),
    ("GET", "/cases/new"): view(NGO, refused=403),
    ("POST", "/cases"): act(NGO, refused=403, body=NEW_CASE),
    ("GET", "/cases/{case_id}"): view(NGO, Target.CASE),
    ("POST", "/cases/{case_id}/referrals"): act(
        NGO, Target.CASE, consumed=True, body={"service": "housing"}
    ),
    ("POST", "/cases/{case_id}/outcome"): act(
        NGO, Target.CASE, consumed=True, body={"resolved": "true"}
    ),
    ("POST", "/cases/{case_id}/referrals/{referral_id}/cancel"): act(
        NGO, Target.REFERRAL, consumed=True
    ),
    # Only the issuing NGO prints a form; the receiving institution sees the referral, so is
    # told no; anyone else gets 404 (as the API).
    ("GET", "/referrals/{referral_id}/form.pdf"): view(NGO, Target.REFERRAL, readers=FOCAL),
    # The focal point's inbox: referrals addressed to their institution only.
    ("GET", "/inbox"): view(FOCAL, refused=403),
    ("POST", "/inbox/{referral_id}/accept"): act(FOCAL, Target.REFERRAL, consumed=True),
    ("POST", "/inbox/{referral_id}/reject"): act(
        FOCAL, Target.REFERRAL, consumed=True, body={"reason": "not offered this month"}
    ),
    ("POST", "/inbox/{referral_id}/complete"): act(
        FOCAL, Target.ACCEPTED_REFERRAL, consumed=True, body=YES
    ),
    # Dashboards: an NGO's staff see their NGO's referrals, governors the network's.
    ("GET", "/dashboard"): view(GOVERNED_AND_NGO, refused=403),
    # The bell: no notice is ever addressed to an administrator (see access_rules.py).
    ("GET", "/notifications"): view(EVERYONE),
    ("POST", "/notifications/{notification_id}/read"): act(EVERYONE - ADMIN, Target.NOTIFICATION),
    # Governance (docs/governance.md, "Who may do what"): as the API.
    ("GET", "/memorandum"): as_page(staff_read(Target.NETWORK)),
    ("POST", "/memorandum/drafts"): as_page(governed(success=201)),
    ("POST", "/memorandum/drafts/{draft_id}/commitments"): as_page(
        governed(Target.DRAFT, success=204), body=_amended
    ),
    ("POST", "/memorandum/drafts/{draft_id}/answers"): as_page(
        answered(Target.DRAFT, success=204), body=_as_member({"answer": "signed"})
    ),
    ("POST", "/memorandum/drafts/{draft_id}/publication"): as_page(
        governed(Target.SIGNED_DRAFT, success=201, consumed=True)
    ),
    ("POST", "/memorandum/versions/{memorandum_id}/signatures"): as_page(
        answered(Target.MEMORANDUM, success=204, consumed=True),
        body=_as_member({"signatory_title": "Head"}),
    ),
    ("GET", "/meetings"): as_page(staff_read(Target.NETWORK)),
    ("POST", "/meetings"): as_page(governed(success=201), body=lambda made: {"month": made.month}),
    ("POST", "/meetings/{meeting_id}/schedule"): as_page(
        governed(Target.MEETING, success=204),
        body=lambda made: {"day": f"{made.month}-20", "at": "10:00"},
    ),
    ("POST", "/meetings/{meeting_id}/cancellation"): as_page(
        governed(Target.MEETING, success=204, consumed=True)
    ),
    ("POST", "/meetings/{meeting_id}/opening"): as_page(
        governed(Target.MEETING, success=204, consumed=True)
    ),
    ("POST", "/meetings/{meeting_id}/agenda/refresh"): as_page(
        governed(Target.MEETING, success=204)
    ),
    ("GET", "/meetings/{meeting_id}"): as_page(staff_read(Target.MEETING)),
    # A representative proposes for its own member, a governor for the network: no member named.
    ("POST", "/meetings/{meeting_id}/agenda"): as_page(
        answered(Target.MEETING, success=201), body={"title": "Evening hours"}
    ),
    ("POST", "/meetings/{meeting_id}/attendance"): as_page(
        governed(Target.SESSION, success=204),
        body=lambda made: {"member": [made.member], "title": ["Head"], "present": [made.member]},
    ),
    ("POST", "/meetings/{meeting_id}/minutes"): as_page(
        governed(Target.SESSION, success=204), body={"text": "Opened at ten."}
    ),
    ("POST", "/agenda-items/{item_id}/minutes"): as_page(
        governed(Target.AGENDA_ITEM, success=204),
        body={"meeting_id": RETURN_TO, "text": "Discussed."},
    ),
    ("POST", "/agenda-items/{item_id}/deferral"): as_page(
        governed(Target.AGENDA_ITEM, success=204), body={"meeting_id": RETURN_TO}
    ),
    ("POST", "/agenda-items/{item_id}/decisions"): as_page(
        governed(Target.AGENDA_ITEM, success=201),
        body=lambda made: {
            "meeting_id": RETURN_TO,
            "text": "Open on Saturdays.",
            "due_on": "2026-04-30",
            "responsible": [made.member],
        },
    ),
    ("POST", "/meetings/{meeting_id}/closing"): as_page(
        governed(Target.CLOSABLE_MEETING, success=204, consumed=True)
    ),
    ("GET", "/decisions"): as_page(staff_read(Target.NETWORK)),
    ("POST", "/decisions/{decision_id}/institutionalisation"): as_page(
        answered(Target.DECISION, success=204, consumed=True),
        body=_as_member({"instrument": "order", "number": "12-p", "issued_on": "2026-03-01"}),
    ),
    ("GET", "/reports"): as_page(staff_read(Target.NETWORK)),
    ("POST", "/reports"): as_page(governed(success=202), body={"month": "2026-02"}),
    ("GET", "/reports/{report_id}/report.html"): as_page(staff_read(Target.REPORT)),
    ("GET", "/reports/{report_id}/report.pdf"): as_page(staff_read(Target.REPORT)),
}
