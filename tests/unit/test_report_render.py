"""A network report as members receive it: A4 pages in Tajik, Russian and English, charts
drawn without script, suppressed counts never drawn as bars, every text translated."""

import dataclasses
import io

import pytest
from pypdf import PdfReader

from casework.governance.reports.periods import parse_period
from casework.languages import Language
from casework.privacy.figures import CountTable
from reports.charts import Point, columns, horizontal_bars
from reports.render import render_report, report_html
from reports.specimen import SPECIMEN, specimen, suppress
from tests.support.catalogues import catalogue_gaps
from texts.catalogue import TRANSLATED

A4_POINTS = (595, 842)
EXPECTED = {
    Language.TAJIK: ["Ҳисоботи ҳармоҳаи шабака", "Феврал 2026", "Мӯҳлати қабул", "Ёрии тиббӣ"],
    Language.RUSSIAN: ["Ежемесячный отчёт сети", "Февраль 2026", "Срок принятия", "Медиана, дней"],
    Language.ENGLISH: ["Monthly network report", "February 2026", "Time to acceptance"],
}


@pytest.fixture(scope="module")
def rendered() -> dict[Language, tuple[str, bytes]]:
    return {language: render_report(SPECIMEN, language) for language in Language}


def pdf_text(pdf: bytes) -> str:
    return " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages).split())


@pytest.mark.slow
@pytest.mark.parametrize("language", list(Language))
def test_the_report_is_a4_pages_in_each_language(rendered, language):
    html, pdf = rendered[language]
    reader = PdfReader(io.BytesIO(pdf))
    assert 2 <= len(reader.pages) <= 7  # people helped and commitments kept made it longer
    assert all(
        (round(p.mediabox.width), round(p.mediabox.height)) == A4_POINTS for p in reader.pages
    )
    text = pdf_text(pdf)
    for shown in EXPECTED[language]:
        assert shown in text, shown
    # The decisions and the members without a signature are named, in every language.
    assert "Online outlet «Khabarnigor» (demo)" in text
    assert "Every institution names a deputy focal point for referrals." in text
    fonts = {
        str(page["/Resources"]["/Font"][key].get_object()["/BaseFont"]).split("+")[-1]
        for page in reader.pages
        for key in page["/Resources"]["/Font"]
    }
    assert fonts and all(name.startswith("DejaVu") for name in fonts), fonts
    assert "<script" not in html and html.count("<svg") >= 3


def test_dates_and_decimals_are_written_the_way_each_language_writes_them():
    html = {language: report_html(SPECIMEN, language) for language in Language}
    assert "0,8" in html[Language.RUSSIAN] and "0.8" in html[Language.ENGLISH]
    assert "11.02.2026" in html[Language.TAJIK]  # the meeting's day, in Dushanbe


def test_a_suppressed_count_gets_a_label_but_no_bar():
    svg = horizontal_bars([Point("Housing", "<10"), Point("Medical care", "42")])
    assert svg.count("<rect") == 1 and "&lt;10" in svg and ">42<" in svg
    trend = columns([Point("Jan", "10+"), Point("Feb", "0"), Point("Mar", "12")])
    assert trend.count("<rect") == 1


def test_a_chart_with_nothing_to_show_is_left_out():
    quiet = dataclasses.replace(
        SPECIMEN,
        outcomes=suppress(
            CountTable(
                SPECIMEN.outcomes.rows,
                SPECIMEN.outcomes.columns,
                [[3, 0, 0, 0]] + [[0, 0, 0, 0]] * (len(SPECIMEN.outcomes.rows) - 1),
            )
        ),
    )
    full = report_html(SPECIMEN, Language.ENGLISH)
    html = report_html(quiet, Language.ENGLISH)
    assert (
        "Services delivered in the period" in full
        and "Services delivered in the period" not in html
    )
    assert html.count("<svg") == full.count("<svg") - 1


def test_names_are_escaped():
    hostile = dataclasses.replace(SPECIMEN, network_name="<b>Network</b>")
    html = report_html(hostile, Language.RUSSIAN)
    assert "<b>Network" not in html and "&lt;b&gt;Network" in html


def test_the_catalogues_translate_every_text():
    gaps = catalogue_gaps("reports")
    assert gaps.pop("marked")[0] > 60
    assert gaps == {language: (set(), set()) for language in TRANSLATED}


QUARTER_EXPECTED = {
    Language.TAJIK: ["Ҳисоботи семоҳаи шабака", "Семоҳаи 1-уми соли 2026"],
    Language.RUSSIAN: ["Квартальный отчёт сети", "1-й квартал 2026 года"],
    Language.ENGLISH: ["Quarterly network report", "Quarter 1 of 2026"],
}


@pytest.mark.slow
@pytest.mark.parametrize("language", list(Language))
def test_a_quarter_is_reported_in_each_language_as_html_and_pdf(language):
    html, pdf = render_report(specimen(parse_period("2026-Q1")), language)
    text = pdf_text(pdf)
    for shown in QUARTER_EXPECTED[language]:
        assert shown in text and shown in html, shown
    assert 2 <= len(PdfReader(io.BytesIO(pdf)).pages) <= 7


def test_each_kind_of_period_has_its_title_and_name():
    titles = {
        "2026-02": ("Monthly network report", "February 2026"),
        "2026-Q1": ("Quarterly network report", "Quarter 1 of 2026"),
        "2025": ("Annual network report", "The year 2025"),
        "all": ("Network report since its founding", "From 10.09.2009 to 28.02.2026"),
    }
    for key, (title, name) in titles.items():
        html = report_html(specimen(parse_period(key)), Language.ENGLISH)
        assert f"<h1>{title}</h1>" in html and f'<div class="period">{name}</div>' in html, key


def test_a_sparse_month_points_to_its_quarter_in_every_language():
    quiet = specimen(parse_period("2026-01"))
    assert quiet.sparse_hint == "2026-Q1" and SPECIMEN.sparse_hint is None
    hints = {
        Language.ENGLISH: "Most figures of this period are too small to show; "
        "see the report for Quarter 1 of 2026.",
        Language.RUSSIAN: "см. отчёт за 1-й квартал 2026 года.",
        Language.TAJIK: "ба ҳисобот барои Семоҳаи 1-уми соли 2026 нигаред.",
    }
    for language, hint in hints.items():
        assert hint in report_html(quiet, language)
        assert 'class="sparse"' not in report_html(SPECIMEN, language)


def test_the_trend_of_a_longer_period_is_its_parts():
    quarter = specimen(parse_period("2026-Q1"))
    assert [p.period for p in quarter.trend] == ["2026-01", "2026-02", "2026-03"]
    founding = specimen(parse_period("all"))
    assert [p.period for p in founding.trend] == [str(y) for y in range(2009, 2027)]
    assert "Referrals issued, year by year" in report_html(founding, Language.ENGLISH)
