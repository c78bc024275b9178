"""Referral forms: payload and QR size, and what signing, verifying and rendering cost, each
as a ratio to a baseline measured in the same run (run: make bench-forms)."""

import dataclasses
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import segno
from weasyprint import HTML

from casework.languages import Language
from casework.referrals.serials import format_serial
from referral_forms.keys import FormKeys
from referral_forms.payload import sign_payload, unb64url, verify_payload
from referral_forms.qr import ERROR_LEVEL, payload_from_scan, qr_code
from referral_forms.render import FormSigner, claims_of, render_form_html, render_forms_pdf
from referral_forms.specimen import SPECIMEN

MINIMAL_PAGE = "<p style='font-family: DejaVu Sans'>Роҳхат</p>"


def per_call(work: Callable[[], object], *, repeat: int, rounds: int = 5) -> float:
    """Seconds per call, the best of a few rounds: the least disturbed by other load."""
    work()  # warm up: fonts, caches
    best = float("inf")
    for _ in range(rounds):
        start = time.perf_counter()
        for _ in range(repeat):
            work()
        best = min(best, (time.perf_counter() - start) / repeat)
    return best


def main() -> None:
    keys = FormKeys(Path(tempfile.mkdtemp()) / "referral-forms")
    keys.generate()
    key_id, private = keys.signing_key()
    public = keys.public_keys()
    claims = claims_of(SPECIMEN)
    payload = sign_payload(claims, key_id=key_id, key=private)
    raw = unb64url(payload)

    print("payload and QR")
    fields = len(raw) - 64
    print(
        f"  payload: {len(raw)} bytes ({fields} of fields + 64 of signature), {len(payload)} chars"
    )
    for base in ("http://127.0.0.1:8000", "https://referrals.khatlon-network.tj"):
        url = f"{base}/verify?p={payload}"
        sizes = ", ".join(
            f"{level.upper()} v{segno.make(url, error=level, boost_error=False).version}"
            for level in "lmq"
        )
        chosen = qr_code(url)
        print(
            f"  {len(url)}-character URL ({base}): {sizes}; printed at {ERROR_LEVEL.upper()}: "
            f"version {chosen.version}, {chosen.modules} modules, {40 / chosen.modules:.2f} mm each"
        )

    print("cost per call (ratio to the baseline measured now)")
    message, signature = raw[:-64], raw[-64:]
    public_key = public.key_for(key_id)
    raw_verify = per_call(lambda: public_key.verify(signature, message), repeat=1000)
    verify = per_call(lambda: verify_payload(payload, public.key_for), repeat=1000)
    sign = per_call(lambda: sign_payload(claims, key_id=key_id, key=private), repeat=1000)
    print(f"  raw Ed25519 verify (baseline)  {raw_verify * 1e6:8.1f} µs")
    print(f"  verify payload                 {verify * 1e6:8.1f} µs  x{verify / raw_verify:.2f}")
    print(f"  sign payload                   {sign * 1e6:8.1f} µs  x{sign / raw_verify:.2f}")
    mutations = 10_000 * verify
    print(f"  10,000 tampered payloads       {mutations:8.2f} s")

    signer = FormSigner(keys, "https://referrals.khatlon-network.tj")
    minimal = per_call(lambda: HTML(string=MINIMAL_PAGE).write_pdf(), repeat=10)
    qr = per_call(lambda: qr_code(f"https://x/verify?p={payload}"), repeat=50)
    html = per_call(
        lambda: render_form_html(SPECIMEN, signer=signer, language=Language.TAJIK), repeat=50
    )
    pdf = per_call(
        lambda: HTML(
            string=render_form_html(SPECIMEN, signer=signer, language=Language.TAJIK)
        ).write_pdf(),
        repeat=10,
    )
    batch_forms = [
        dataclasses.replace(SPECIMEN, serial=format_serial("KHT", 2026, n)) for n in range(1, 21)
    ]
    batch = per_call(
        lambda: render_forms_pdf(batch_forms, signer=signer), repeat=1, rounds=3
    ) / len(batch_forms)

    def row(name: str, seconds: float, per_second: bool = False) -> None:
        rate = f"  ({1 / seconds:.1f} forms/s)" if per_second else ""
        print(f"  {name:<30} {seconds * 1e3:8.1f} ms  x{seconds / minimal:.2f}{rate}")

    print(f"  one-line PDF (baseline)        {minimal * 1e3:8.1f} ms")
    row("QR as SVG", qr)
    row("form HTML (signed, with QR)", html)
    row("form PDF, one A4 page", pdf, per_second=True)
    row("batch of 20, per form", batch, per_second=True)
    assert payload_from_scan(f"https://x/verify?p={payload}") == payload


if __name__ == "__main__":
    main()
