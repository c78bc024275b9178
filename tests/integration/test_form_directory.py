"""The printed form says where to go and when: the receiving institution's address, hours and
contact from the directory, and the issuing NGO's phone, in Tajik and in Russian."""

import io

import pytest
from pypdf import PdfReader

from casework.cases.commands import open_case
from casework.languages import Language
from casework.network.districts import District
from casework.network.services import ServiceCode
from casework.referrals.commands import request_referral
from casework.referrals.queries.form import referral_form
from referral_forms.keys import FormKeys
from referral_forms.render import FormSigner, render_form_pdf
from tests.support.network import UIC, demo

# What each language calls the row, as the PDF's text has it.
WHERE = {Language.TAJIK: "Куҷо ва кай муроҷиат кардан", Language.RUSSIAN: "Куда и когда обращаться"}


@pytest.mark.slow
def test_the_form_prints_the_institutions_address_and_hours_and_the_ngos_phone(uow, tmp_path):
    d = demo(uow)
    opened = open_case(
        uow,
        actor=d.caseworker(),
        uic=UIC,
        needs=[ServiceCode.STI_CARE],
        consent_to_referral=True,
        district=District.KULOB,
    )
    issued = request_referral(
        uow, actor=d.caseworker(), case_id=opened.case_id, service=ServiceCode.STI_CARE
    )
    form = referral_form(uow, actor=d.caseworker(), referral_id=issued.referral_id)
    keys = FormKeys(tmp_path / "keys")
    keys.generate()
    signer = FormSigner(keys, "https://referrals.khatlon.example")
    for language, row in WHERE.items():
        pdf = render_form_pdf(form, signer=signer, language=language)
        reader = PdfReader(io.BytesIO(pdf))
        assert len(reader.pages) == 1
        text = " ".join(reader.pages[0].extract_text().split())
        for shown in [
            row,
            "21 Somoni Street, Kulob",
            "Mon–Fri 08:00–16:00",
            "Anonymous consulting room",
            "+992 3222 0-00-07",  # «Umedi Nav», the issuing NGO
        ]:
            assert shown in text, (language, shown)
