"""`casework forms`: an operator manages the signing keys, a clinic checks a form offline,
an NGO prints a batch of forms into one PDF."""

import io
import json
from datetime import date, timedelta

import pypdfium2
import pytest
import zxingcpp
from pypdf import PdfReader
from typer.testing import CliRunner

from casework.network.model import Member
from casework.network.services import ServiceCode
from casework.referrals import commands as referrals
from casework.referrals.serials import format_serial
from casework.settings import get_settings
from cli.main import app
from referral_forms.keys import FormKeys
from referral_forms.payload import FormClaims, InvalidPayload, sign_payload, verify_payload
from referral_forms.qr import payload_from_scan, verify_url
from tests.support.databases import TEST_PEPPER
from tests.support.network import demo


@pytest.fixture
def casework(monkeypatch, tmp_path):
    """Run `casework ...` with its data folder (and keys) under tmp_path."""
    monkeypatch.setenv("CASEWORK_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("CASEWORK_UIC_PEPPER", TEST_PEPPER)
    get_settings.cache_clear()
    runner = CliRunner()
    yield lambda *args: runner.invoke(app, list(args))
    get_settings.cache_clear()


@pytest.fixture
def casework_on_db(casework, monkeypatch, db_url):
    """The same, against the test database (SQLite and PostgreSQL)."""
    monkeypatch.setenv("CASEWORK_DATABASE_URL", db_url)
    get_settings.cache_clear()
    return casework


def sign(keys: FormKeys, valid_until: date) -> str:
    claims = FormClaims(
        serial=format_serial("KHT", 2026, 42),
        issuer_id=7,
        institution_id=1,
        service=ServiceCode.TB_SCREENING,
        issued_on=valid_until - timedelta(days=14),
        valid_until=valid_until,
    )
    key_id, key = keys.signing_key()
    return verify_url("https://referrals.example", sign_payload(claims, key_id=key_id, key=key))


def test_keys_are_generated_once_then_rotated(casework, tmp_path):
    assert "created a form signing key" in casework("keys", "init").output
    assert "already exists" in casework("forms", "keys", "generate").output
    assert "signed with key 2" in casework("forms", "keys", "rotate").output
    listing = casework("forms", "keys", "list").output.splitlines()
    assert [line.split()[:2] for line in listing] == [["1", "retired"], ["2", "active"]]
    assert (tmp_path / "keys" / "referral-forms" / "002.key").stat().st_mode & 0o777 == 0o600


def test_a_clinic_verifies_a_form_offline_with_the_published_keys(casework, tmp_path):
    casework("forms", "keys", "generate")
    keys = FormKeys(tmp_path / "keys" / "referral-forms")
    published = tmp_path / "referral-form-keys.json"
    published.write_text(json.dumps(keys.public_keys().to_jwks()))
    scanned = sign(keys, valid_until=date.today() + timedelta(days=10))

    result = casework("forms", "verify", scanned, "--public-key", str(published))
    assert result.exit_code == 0, result.output
    assert result.output.startswith("VALID") and "KHT-2026-000042-" in result.output

    tampered = scanned[:-5] + ("A" if scanned[-5] != "A" else "B") + scanned[-4:]
    result = casework("forms", "verify", tampered, "--public-key", str(published))
    assert (result.exit_code, result.output.strip()) == (1, "INVALID")

    expired = sign(keys, valid_until=date.today() - timedelta(days=1))
    result = casework("forms", "verify", expired, "--public-key", str(keys.directory / "001.pub"))
    assert result.exit_code == 3 and result.output.startswith("EXPIRED")


def test_an_ngo_prints_a_batch_of_forms_into_one_pdf(casework_on_db, uow, tmp_path):
    casework = casework_on_db
    d = demo(uow)
    serials = []
    for service in (ServiceCode.HIV_TESTING, ServiceCode.TB_SCREENING):
        case = d.open_case(uow, (service,))
        issued = referrals.request_referral(
            uow, actor=d.caseworker(), case_id=case.case_id, service=service
        )
        serials.append(issued.serial)
    casework("forms", "keys", "generate")
    assert casework("forms", "language", str(d.ngo), "ru").exit_code == 0
    output = tmp_path / "forms.pdf"
    result = casework(
        "forms", "print", "--ngo", str(d.ngo), "--from", "2026-03-01", "--to", "2026-03-31",
        "-o", str(output),
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "2 forms written" in result.output
    pages = PdfReader(io.BytesIO(output.read_bytes())).pages
    assert len(pages) == 2
    assert serials[1] in pages[1].extract_text() and "НАПРАВЛЕНИЕ" in pages[0].extract_text()
    with uow:
        assert uow.session.get_one(Member, d.ngo).form_language == "ru"

    empty = casework(
        "forms", "print", "--ngo", str(d.ngo), "--from", "2025-01-01", "--to", "2025-01-31",
        "-o", str(tmp_path / "none.pdf"),
    )  # fmt: skip
    assert empty.exit_code == 1 and not (tmp_path / "none.pdf").exists()


@pytest.mark.slow
def test_a_specimen_is_marked_and_its_qr_never_verifies(casework, tmp_path):
    casework("forms", "keys", "generate")
    output = tmp_path / "specimen.pdf"
    assert casework("forms", "specimen", "--lang", "ru", "-o", str(output)).exit_code == 0
    pdf = output.read_bytes()
    assert "ОБРАЗЕЦ" in PdfReader(io.BytesIO(pdf)).pages[0].extract_text()
    (barcode,) = zxingcpp.read_barcodes(pypdfium2.PdfDocument(pdf)[0].render(scale=2).to_pil())
    installation = FormKeys(tmp_path / "keys" / "referral-forms").public_keys()
    with pytest.raises(InvalidPayload):
        verify_payload(payload_from_scan(barcode.text), installation.key_for)
