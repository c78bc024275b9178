"""What the API and the pages both serve: the signed referral form as a PDF, the network
report and a meeting's protocol as PDFs, files attached to decisions, CSV downloads, and an
institution's yes or no to each guarantee."""

from enum import StrEnum
from typing import Annotated
from urllib.parse import quote

from fastapi import Depends, Request, Response

from casework.governance.meetings.attachments import AttachmentStore
from casework.languages import Language
from casework.referrals.commands import Attestations
from interop.csv_export import MEDIA_TYPE
from referral_forms.keys import FormKeys
from referral_forms.render import FormSigner


def form_keys(request: Request) -> FormKeys:
    return FormKeys.of(request.app.state.settings)


def form_signer(request: Request, keys: Annotated[FormKeys, Depends(form_keys)]) -> FormSigner:
    return FormSigner(keys, request.app.state.settings.base_url)


SignerDep = Annotated[FormSigner, Depends(form_signer)]


def attachment_store(request: Request) -> AttachmentStore:
    return AttachmentStore.of(request.app.state.settings)


StoreDep = Annotated[AttachmentStore, Depends(attachment_store)]


# The form carries the slip code: never cached on the way.
PRIVATE = {"Cache-Control": "no-store"}


def form_pdf_response(pdf: bytes, serial: str) -> Response:
    return Response(
        pdf,
        media_type="application/pdf",
        headers={**PRIVATE, "Content-Disposition": f'inline; filename="referral-{serial}.pdf"'},
    )


def pdf_response(
    pdf: bytes, filename: str, *, disposition: str = "inline", headers: dict[str, str] | None = None
) -> Response:
    """A PDF under its file name: the ASCII fallback, and the name itself in UTF-8 (RFC 6266),
    so that an order named in Tajik or Russian downloads under its own name."""
    fallback = "".join(c if c.isascii() and (c.isalnum() or c in "._-") else "_" for c in filename)
    named = f"{disposition}; filename=\"{fallback}\"; filename*=UTF-8''{quote(filename)}"
    return Response(
        pdf,
        media_type="application/pdf",
        headers={**(headers or {}), "Content-Disposition": named},
    )


def attachment_response(content: bytes, filename: str, *, headers: dict[str, str] | None = None):
    """A file attached to a decision, to save (never shown inline: it was uploaded)."""
    return pdf_response(content, filename, disposition="attachment", headers=headers)


def report_pdf_response(
    pdf: bytes,
    period: str,
    language: Language,
    *,
    disposition: str = "inline",
    headers: dict[str, str] | None = None,
) -> Response:
    """A report's PDF, named by period and language wherever it is served."""
    filename = f"network-report-{period}-{language.value}.pdf"
    return Response(
        pdf,
        media_type="application/pdf",
        headers={**(headers or {}), "Content-Disposition": f'{disposition}; filename="{filename}"'},
    )


def csv_response(body: bytes, filename: str, *, headers: dict[str, str] | None = None) -> Response:
    """A spreadsheet to save, never kept by a cache on the way: it lists case data."""
    return Response(
        body,
        media_type=MEDIA_TYPE,
        headers={
            **(headers or {}),
            **PRIVATE,
            "Content-Disposition": f'attachment; filename="{filename}"',
        },
    )


class Answer(StrEnum):
    YES = "yes"
    NO = "no"


def attestations_of(*, anonymous: Answer, free: Answer, voluntary: Answer) -> Attestations:
    """The institution's yes or no to each guarantee, as the domain records it."""
    yes = Answer.YES
    return Attestations(anonymous=anonymous is yes, free=free is yes, voluntary=voluntary is yes)
