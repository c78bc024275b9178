"""The referral form as HTML and as A4 PDF (WeasyPrint, DejaVu fonts), one at a time or many
in one PDF for batch printing."""

from collections.abc import Callable, Sequence
from functools import cached_property

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from casework.languages import Language, negotiate
from casework.referrals.views import ReferralForm
from referral_forms.keys import FormKeys
from referral_forms.payload import FormClaims, sign_payload
from referral_forms.qr import QrCode, qr_code, verify_url
from texts.templating import render

SLIP_PATH = "/slip"


def claims_of(form: ReferralForm) -> FormClaims:
    return FormClaims(
        serial=form.serial,
        issuer_id=form.ngo_id,
        institution_id=form.institution_id,
        service=form.service,
        issued_on=form.issued_on,
        valid_until=form.valid_until,
    )


def form_language(form: ReferralForm, requested: Language | None = None) -> Language:
    """The language asked for, else the issuing NGO's, else the region's (Tajik)."""
    return requested or negotiate(form.ngo_language)


class FormSigner:
    """Signs forms with the active key (read once per signer) for one deployment's URL."""

    def __init__(self, keys: FormKeys, base_url: str) -> None:
        self.keys = keys
        self.base_url = base_url.rstrip("/")

    @cached_property
    def _key(self) -> tuple[int, Ed25519PrivateKey]:
        return self.keys.signing_key()

    def verify_url(self, form: ReferralForm) -> str:
        key_id, key = self._key
        return verify_url(self.base_url, sign_payload(claims_of(form), key_id=key_id, key=key))

    def qr(self, form: ReferralForm) -> tuple[str, QrCode]:
        url = self.verify_url(form)
        return url, qr_code(url)


def render_form_html(
    form: ReferralForm,
    *,
    signer: FormSigner,
    language: Language | None = None,
    specimen: bool = False,
) -> str:
    """`specimen` marks the page across as a specimen, for review (see referral_forms.specimen)."""
    url, qr = signer.qr(form)
    return render(
        "referral_forms",
        "form.html.j2",
        form_language(form, language),
        form=form,
        qr=qr,
        verify_url=url,
        slip_url=signer.base_url + SLIP_PATH,
        specimen=specimen,
    )


def html_to_pdf(html: str) -> bytes:
    from weasyprint import HTML  # here: it takes about 0.4 s to load, and few processes print

    return HTML(string=html).write_pdf()


def render_form_pdf(
    form: ReferralForm,
    *,
    signer: FormSigner,
    language: Language | None = None,
    specimen: bool = False,
) -> bytes:
    return html_to_pdf(render_form_html(form, signer=signer, language=language, specimen=specimen))


def render_forms_pdf(
    forms: Sequence[ReferralForm],
    *,
    signer: FormSigner,
    language: Language | None = None,
    on_step: Callable[[], None] = lambda: None,
) -> bytes:
    """Many forms, one page each, in one PDF. Each form is laid out on its own (sharing the
    fonts), then the pages are joined and written: `on_step` is called after each form and once
    more when the PDF is written (len(forms) + 1 steps, for progress bars)."""
    if not forms:
        raise ValueError("no forms to print")
    from weasyprint import HTML
    from weasyprint.text.fonts import FontConfiguration

    fonts = FontConfiguration()
    documents = []
    for form in forms:
        html = render_form_html(form, signer=signer, language=language)
        documents.append(HTML(string=html).render(font_config=fonts))
        on_step()
    pages = [page for document in documents for page in document.pages]
    pdf = documents[0].copy(pages).write_pdf()
    on_step()
    return pdf
