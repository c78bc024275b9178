"""A closed meeting's protocol as HTML and A4 PDF, in Tajik, Russian or English, to print and
sign: it renders casework's ProtocolView (organisations and posts only) and nothing else, so
the same state of the meeting always prints the same bytes."""

from datetime import date

from casework.governance.meetings.protocol import ProtocolView
from casework.languages import Language
from reports.render import report_pdf
from texts.templating import render


def protocol_html(protocol: ProtocolView, language: Language, *, zone: str) -> str:
    month = date.fromisoformat(f"{protocol.month}-01")
    return render(
        "reports", "meeting_protocol.html.j2", language, zone=zone, p=protocol, month=month
    )


def protocol_pdf(protocol: ProtocolView, language: Language, *, zone: str) -> bytes:
    return report_pdf(protocol_html(protocol, language, zone=zone))


def protocol_filename(protocol: ProtocolView, language: Language) -> str:
    return f"meeting-protocol-{protocol.month}-{language.value}.pdf"
