"""The monthly network report as HTML and A4 PDF: figures in, pages out."""

from datetime import date

from markupsafe import Markup
from weasyprint import HTML

from casework.governance.reports.figures import MonthlyFigures
from casework.languages import Language
from reports import labels
from reports.charts import Point, columns, horizontal_bars
from texts.catalogue import translations
from texts.formats import decimal, short_month
from texts.templating import render


def _month(key: str) -> date:
    year, month = key.split("-")
    return date(int(year), int(month), 1)


def _charts(f: MonthlyFigures, language: Language, names: dict) -> dict[str, Markup | None]:
    """Each chart, or None where no count in it shows: an empty chart says nothing."""
    _ = translations(language).gettext
    delivered = f.outcomes.columns.index("delivered")
    trend = [Point(short_month(_month(p.month), language), p.issued) for p in f.trend]
    issued = [
        Point(*pair) for pair in zip(names["categories"], f.issued.column_totals, strict=True)
    ]
    buckets = [
        Point(_(labels.BUCKET_LABELS[bucket]), total)
        for bucket, total in zip(f.acceptance.columns, f.acceptance.column_totals, strict=True)
    ]
    outcomes = [
        Point(name, row[delivered])
        for name, row in zip(names["categories"], f.outcomes.cells, strict=True)
    ]
    charts = {
        "trend": (trend, lambda p: columns(p, height=130)),
        "issued": (issued, horizontal_bars),
        "acceptance": (buckets, lambda p: columns(p, width=360, height=120, highlight_last=False)),
        "outcomes": (outcomes, horizontal_bars),
    }
    return {
        name: draw(points) if any(p.value for p in points) else None
        for name, (points, draw) in charts.items()
    }


def report_html(figures: MonthlyFigures, language: Language) -> str:
    _ = translations(language).gettext
    names = {
        "categories": [_(labels.CATEGORY_LABELS[c]) for c in figures.outcomes.rows],
        "acceptance": [_(labels.CATEGORY_LABELS[c]) for c in figures.acceptance.rows],
        "levels": [_(labels.ESCALATION_LEVEL_LABELS[c]) for c in figures.escalations.rows],
        "medians": [decimal(t.median_days, language) for t in figures.acceptance_times],
        "nineties": [decimal(t.p90_days, language) for t in figures.acceptance_times],
    }
    return render(
        "reports",
        "network_report.html.j2",
        language,
        f=figures,
        month=_month(figures.month),
        as_of=date.fromisoformat(figures.as_of),
        names=names,
        charts=_charts(figures, language, names),
        labels=labels,
    )


def report_pdf(html: str) -> bytes:
    return HTML(string=html).write_pdf()


def render_report(figures: MonthlyFigures, language: Language) -> tuple[str, bytes]:
    html = report_html(figures, language)
    return html, report_pdf(html)
