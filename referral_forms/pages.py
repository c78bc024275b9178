"""The public pages for whoever holds a paper form: the verify page its QR opens, and the
page where an institution confirms a visit with the return slip's code."""

from urllib.parse import urlencode

from casework.errors import Conflict, DatabaseUnavailable, DomainError, TooManyAttempts
from casework.languages import Language
from casework.referrals.slip_codes import SlipCodeRejected
from referral_forms.verification import Verdict, Verification
from texts.catalogue import N_
from texts.labels import LANGUAGE_NAMES
from texts.templating import render

_TONE = {Verdict.VALID: "good", Verdict.ON_HOLD: "warn", Verdict.UNKNOWN: "warn"}  # else "bad"
ATTESTATIONS = [
    ("anonymous", N_("anonymously")),
    ("voluntary", N_("voluntarily")),
    ("free", N_("free of charge")),
]
TOO_MANY_REQUESTS = N_("Too many attempts from this connection. Wait a minute and try again.")
ANSWER_EACH_QUESTION = N_("Answer each question about the service.")

# Verdicts of the verify page: a headline and what the reader should do.
VERDICT_TEXTS: dict[Verdict, tuple[str, str]] = {
    Verdict.VALID: (
        N_("Genuine and valid"),
        N_("The network issued this referral. Serve the bearer as the memorandum requires."),
    ),
    Verdict.INVALID: (
        N_("Not genuine"),
        N_(
            "The network did not issue this code, or the form was altered. "
            "Call the issuing organisation before serving."
        ),
    ),
    Verdict.EXPIRED: (
        N_("Expired"),
        N_("The referral is genuine but no longer valid. The issuing organisation can renew it."),
    ),
    Verdict.CANCELLED: (
        N_("Cancelled"),
        N_("The issuing organisation cancelled this referral."),
    ),
    Verdict.USED: (
        N_("Already used"),
        N_("The visit for this referral has already been confirmed."),
    ),
    Verdict.REJECTED: (
        N_("Declined"),
        N_("The receiving institution declined this referral."),
    ),
    Verdict.ON_HOLD: (
        N_("On hold"),
        N_(
            "The receiving institution put this service on hold. Serve on this form only "
            "once it resumes the referral."
        ),
    ),
    Verdict.CLOSED: (
        N_("Closed"),
        N_("This referral was closed without a visit."),
    ),
    Verdict.UNKNOWN: (
        N_("Genuine, status unknown"),
        N_(
            "The network signed this form, but this server has no record of it. "
            "Call the issuing organisation."
        ),
    ),
}


def _language_links(query: dict[str, str]) -> list[tuple[str, str, str]]:
    return [
        (language.value, name, "?" + urlencode({**query, "lang": language.value}))
        for language, name in LANGUAGE_NAMES.items()
    ]


def render_verify_page(
    verification: Verification, *, language: Language, payload: str, slip_path: str
) -> str:
    headline, advice = VERDICT_TEXTS[verification.verdict]
    claims = verification.claims
    return render(
        "referral_forms",
        "verify.html.j2",
        language,
        language_links=_language_links({"p": payload}),
        tone=_TONE.get(verification.verdict, "bad"),
        headline=headline,
        advice=advice,
        claims=claims,
        institution_name=verification.institution_name,
        can_confirm=verification.verdict is Verdict.VALID,
        slip_href=f"{slip_path}?{urlencode({'serial': claims.serial})}" if claims else "",
    )


def render_too_many_checks(*, language: Language) -> str:
    """The verify page's answer to a client that checks too often: no verdict at all."""
    return render(
        "referral_forms",
        "verify.html.j2",
        language,
        language_links=[],
        tone="bad",
        headline=TOO_MANY_REQUESTS,
        advice=None,
        claims=None,
    )


def slip_error_message(error: DomainError) -> str:
    """What the slip page tells, in the reader's language, for each refusal."""
    if isinstance(error, SlipCodeRejected):
        return N_("The serial number and the code do not match.")
    if isinstance(error, DatabaseUnavailable):
        return N_("The service is not available at the moment. Try again in a few minutes.")
    if isinstance(error, TooManyAttempts):
        return N_("Too many wrong codes for this form. Try again in an hour.")
    if isinstance(error, Conflict):
        return N_(
            "This referral can no longer be confirmed: it was confirmed, cancelled or closed."
        )
    if error.field == "serial":
        return N_("This is not a form serial number: check every digit.")
    if error.field == "code":
        return N_("The code has 8 letters and digits, as printed on the form.")
    return N_("The visit could not be confirmed. Check the details and try again.")


def render_slip_page(
    *,
    language: Language,
    action: str,
    serial: str = "",
    error: str | None = None,
    confirmed: str | None = None,
) -> str:
    return render(
        "referral_forms",
        "slip.html.j2",
        language,
        language_links=_language_links({"serial": serial} if serial else {}),
        action=action,
        serial=serial,
        error=error,
        confirmed=confirmed,
        attestations=ATTESTATIONS,
    )
