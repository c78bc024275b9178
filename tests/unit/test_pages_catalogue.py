"""The pages speak Tajik, Russian and English: every text they mark is translated, and every
template renders in each language (a missing value or a broken tag fails here)."""

import pytest

from casework.i18n import Language
from service.pages.templating import DOMAIN, LOCALE_DIR, environment
from tests.support.catalogues import catalogue_gaps


def test_the_catalogues_translate_every_text_the_pages_mark():
    gaps = catalogue_gaps(LOCALE_DIR, DOMAIN)
    assert gaps.pop("marked")[0] > 100
    assert gaps == {language: (set(), set()) for language in ("tg", "ru")}


@pytest.mark.parametrize("language", list(Language))
def test_every_template_compiles_in_every_language(language):
    env = environment(language, "Asia/Dushanbe")
    for name in env.list_templates(extensions=["j2"]):
        env.get_template(name)  # raises on a syntax error
