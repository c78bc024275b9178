"""Language negotiation and catalogues compiled from .po files."""

from babel.messages.catalog import Catalog
from babel.messages.pofile import write_po

from casework.languages import Language, listed, negotiate
from texts.catalogue import translations


def test_the_first_supported_language_wins():
    assert negotiate(None, "de-DE, ru-RU;q=0.8, en") is Language.RUSSIAN
    assert negotiate("tg") is Language.TAJIK
    assert negotiate("fr", "") is Language.TAJIK  # the region's language by default


def test_help_texts_name_every_language():
    assert listed() == "tg, ru or en"


def test_a_po_catalogue_translates_without_a_compiled_mo(tmp_path):
    catalog = Catalog(locale="tg", domain="demo")
    catalog.add("Referral", "Роҳхат")
    target = tmp_path / "tg" / "LC_MESSAGES"
    target.mkdir(parents=True)
    with (target / "demo.po").open("wb") as handle:
        write_po(handle, catalog)
    assert translations(Language.TAJIK, tmp_path, "demo").gettext("Referral") == "Роҳхат"
    assert translations(Language.RUSSIAN, tmp_path, "demo").gettext("Referral") == "Referral"
