"""The pages speak Tajik, Russian and English: every text they mark is translated. That each
page shows those translations, rendered with real data, is tests/e2e/test_pages_languages.py."""

from tests.support.catalogues import catalogue_gaps
from texts.catalogue import TRANSLATED


def test_the_catalogues_translate_every_text_the_pages_mark():
    gaps = catalogue_gaps("service/pages")
    assert gaps.pop("marked")[0] > 100
    assert gaps == {language: (set(), set()) for language in TRANSLATED}
