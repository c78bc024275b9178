"""The printed form: one A4 page in each language, every Tajik letter in the PDF's text,
a QR that a reader decodes back to the signed claims, and catalogues that cover every text."""

import dataclasses
import io

import pypdfium2
import pytest
import zxingcpp
from pypdf import PdfReader

from casework.languages import Language
from casework.referrals.serials import format_serial
from casework.referrals.views import Guarantees
from referral_forms.keys import FormKeys
from referral_forms.payload import verify_payload
from referral_forms.qr import payload_from_scan
from referral_forms.render import (
    FormSigner,
    claims_of,
    render_form_html,
    render_form_pdf,
    render_forms_pdf,
)
from referral_forms.specimen import SPECIMEN
from tests.support.catalogues import catalogue_gaps
from texts.catalogue import TRANSLATED

A4_POINTS = (595, 842)
TAJIK_LETTERS = "ғӣқӯҳҷҒӢҚӮҲҶ"
FORM = SPECIMEN
# What each language must show, as extracted from the PDF (text-transform included).
EXPECTED = {
    Language.TAJIK: ["РОҲХАТ", "ТАЛОНИ БОЗГАШТ", "Муассисаи қабулкунанда", "ФАВРӢ", "беном"],
    Language.RUSSIAN: ["НАПРАВЛЕНИЕ", "ОТРЫВНОЙ ТАЛОН", "Принимающее учреждение", "СРОЧНОЕ"],
    Language.ENGLISH: ["REFERRAL", "RETURN SLIP", "Receiving institution", "URGENT"],
}


@pytest.fixture(scope="module")
def signer(tmp_path_factory) -> FormSigner:
    keys = FormKeys(tmp_path_factory.mktemp("keys") / "referral-forms")
    keys.generate()
    return FormSigner(keys, "https://referrals.khatlon.example")


@pytest.fixture(scope="module")
def pdfs(signer) -> dict[Language, bytes]:
    return {
        language: render_form_pdf(FORM, signer=signer, language=language) for language in Language
    }


def pdf_text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


@pytest.mark.slow
@pytest.mark.parametrize("language", list(Language))
def test_the_form_is_one_a4_page_in_each_language(pdfs, language):
    reader = PdfReader(io.BytesIO(pdfs[language]))
    assert len(reader.pages) == 1
    box = reader.pages[0].mediabox
    assert (round(box.width), round(box.height)) == A4_POINTS
    text = " ".join(pdf_text(pdfs[language]).split())
    for shown in [*EXPECTED[language], FORM.serial, FORM.institution_code, FORM.slip_code]:
        assert shown in text, shown
    assert FORM.institution_name in text and FORM.ngo_name in text
    assert "10.09.2025" in text and "16.03.2026" in text


@pytest.mark.slow
@pytest.mark.parametrize("language", list(Language))
def test_only_dejavu_fonts_are_embedded(pdfs, language):
    reader = PdfReader(io.BytesIO(pdfs[language]))
    fonts = reader.pages[0]["/Resources"]["/Font"]
    names = {str(fonts[key].get_object()["/BaseFont"]).split("+")[-1] for key in fonts}
    assert names and all(name.startswith("DejaVu") for name in names), names


@pytest.mark.slow
def test_every_tajik_letter_reaches_the_pdf_text(signer):
    tajik_names = dataclasses.replace(
        FORM,
        ngo_name="Ҷамъияти «Ғамхорӣ» ҒӢҚӮҲҶ",
        institution_name="Маркази вилоятии қӯҳ ҳ ҷ",
    )
    text = pdf_text(render_form_pdf(tajik_names, signer=signer, language=Language.TAJIK))
    assert [letter for letter in TAJIK_LETTERS if letter not in text] == []
    assert "Ҷамъияти «Ғамхорӣ» ҒӢҚӮҲҶ" in text


@pytest.mark.slow
def test_the_printed_qr_reads_back_to_the_signed_claims(pdfs, signer):
    page = pypdfium2.PdfDocument(pdfs[Language.TAJIK])[0]
    image = page.render(scale=150 / 72).to_pil()  # a 150 dpi scan
    (barcode,) = zxingcpp.read_barcodes(image)
    assert barcode.text.startswith("https://referrals.khatlon.example/verify?p=")
    verified = verify_payload(payload_from_scan(barcode.text), signer.keys.public_keys().key_for)
    assert verified.claims == claims_of(FORM)


def test_the_clause_lists_only_the_guarantees_the_memorandum_gives(signer):
    not_free = dataclasses.replace(
        FORM, guarantees=Guarantees(anonymous=True, voluntary=True, free=False)
    )
    html = render_form_html(not_free, signer=signer, language=Language.ENGLISH)
    assert "no name or identity document is asked for" in html
    assert "no payment of any kind is asked for" not in html


def test_names_are_escaped_in_the_html(signer):
    hostile = dataclasses.replace(FORM, institution_name="<script>alert(1)</script>")
    html = render_form_html(hostile, signer=signer, language=Language.RUSSIAN)
    assert "<script>" not in html and "&lt;script&gt;" in html


def test_the_ngo_language_is_the_default(signer):
    russian_ngo = dataclasses.replace(FORM, ngo_language="ru")
    assert "НАПРАВЛЕНИЕ" in render_form_html(russian_ngo, signer=signer)
    assert "РОҲХАТ" in render_form_html(FORM, signer=signer)  # the region's default
    assert "REFERRAL" in render_form_html(russian_ngo, signer=signer, language=Language.ENGLISH)


@pytest.mark.slow
def test_a_batch_is_one_pdf_with_a_page_per_form(signer):
    forms = [dataclasses.replace(FORM, serial=format_serial("KHT", 2026, n)) for n in (1, 2)]
    ticks = []
    pdf = render_forms_pdf(
        forms, signer=signer, language=Language.RUSSIAN, on_step=lambda: ticks.append(1)
    )
    pages = PdfReader(io.BytesIO(pdf)).pages
    assert len(pages) == 2 and len(ticks) == 3  # a step per form, one to write
    assert forms[1].serial in pages[1].extract_text()


def test_the_catalogues_translate_every_text(tmp_path):
    gaps = catalogue_gaps("referral_forms")
    assert gaps.pop("marked")[0] > 60
    assert gaps == {language: (set(), set()) for language in TRANSLATED}
