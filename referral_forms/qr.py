"""The QR on a form: a verify URL of the deployment with the signed payload in it, so that a
phone camera opens the verify page, and any other reader gets the payload to check offline."""

from dataclasses import dataclass
from urllib.parse import parse_qs, urlsplit

import segno

VERIFY_PATH = "/verify"
# Q recovers a quarter of the symbol: the paper travels folded in a pocket.
ERROR_LEVEL = "q"


@dataclass(frozen=True)
class QrCode:
    version: int
    modules: int  # width in modules, without the quiet zone
    svg_data_uri: str


def verify_url(base_url: str, payload: str) -> str:
    return f"{base_url.rstrip('/')}{VERIFY_PATH}?p={payload}"


def payload_from_scan(text: str) -> str:
    """The payload from what a reader gives: the whole verify URL or the payload alone."""
    text = text.strip()
    if "?" in text or "://" in text:
        return parse_qs(urlsplit(text).query).get("p", [""])[0]
    return text


def qr_code(data: str) -> QrCode:
    symbol = segno.make(data, error=ERROR_LEVEL, micro=False)
    return QrCode(
        version=int(symbol.version),
        modules=symbol.symbol_size(border=0)[0],
        svg_data_uri=symbol.svg_data_uri(omitsize=True, border=4),
    )
