"""A period's network report as HTML and A4 PDF: figures in, pages out."""

from datetime import date

from casework.governance.meetings.states import DecisionStatus, MeetingStatus
from casework.governance.reports.closures import words_of_closing
from casework.governance.reports.figures import ReportFigures
from casework.governance.reports.periods import PeriodKind, parse_period
from casework.languages import Language
from casework.messages import N_
from casework.network.services import ServiceCategory
from casework.referrals.reasons import ReferralOutcome
from casework.referrals.states import ReportOutcome
from reports.charts import Point, columns, horizontal_bars
from texts import labels
from texts.catalogue import translations
from texts.formats import capfirst, day, decimal, month_name, short_month
from texts.labels import label
from texts.templating import render


def _month(key: str) -> date:
    year, month = key.split("-")
    return date(int(year), int(month), 1)


def _trend_label(key: str, language: Language) -> str:
    """A trend point's label: a month's short name, or a year."""
    return short_month(_month(key), language) if "-" in key else key


TITLES = {
    PeriodKind.MONTH: N_("Monthly network report"),
    PeriodKind.QUARTER: N_("Quarterly network report"),
    PeriodKind.YEAR: N_("Annual network report"),
    PeriodKind.ALL: N_("Network report since its founding"),
}


def period_name(key: str, language: Language, *, starts_on: str = "", as_of: str = "") -> str:
    """How a period is named in the reader's language: February 2026, the 1st quarter of
    2026, the year 2026; since founding, its days (or, without them, as such)."""
    _ = translations(language).gettext
    period = parse_period(key)
    match period.kind:
        case PeriodKind.MONTH:
            return month_name(_month(key), language)
        case PeriodKind.QUARTER:
            return _("Quarter %(number)s of %(year)s") % {
                "number": period.number,
                "year": period.year,
            }
        case PeriodKind.YEAR:
            return _("The year %(year)s") % {"year": period.year}
    if not starts_on:
        return _("the whole time since the network's founding")
    start, end = (day(date.fromisoformat(d)) for d in (starts_on, as_of))
    return _("From %(start)s to %(end)s") % {"start": start, "end": end}


def _words(language: Language) -> dict[str, dict[str, str]]:
    """Each code the report prints, by the key its figures use, in the reader's language;
    categories and decisions' statuses head rows and badges, so they start with a capital."""
    _ = translations(language).gettext

    def headings(codes) -> dict[str, str]:
        return {code.value: capfirst(_(label(code))) for code in codes}

    def words(messages: dict[str, str]) -> dict[str, str]:
        return {key: _(message) for key, message in messages.items()}

    return {
        "category": headings(ServiceCategory),
        "decision_status": headings(DecisionStatus),
        "meeting_status": {status.value: _(label(status)) for status in MeetingStatus},
        "bucket": words(labels.ACCEPTANCE_BUCKET),
        "outcome": {outcome.value: _(label(outcome)) for outcome in ReportOutcome},
        "reason": words(labels.ESCALATION_REASON),
        "level": words(labels.ESCALATION_LEVEL),
        "breach": words(labels.BREACH_KIND),
        "headline": words(labels.HEADLINE),
        "referrer": words(labels.REFERRER_KIND),
        "commitment": words(labels.COMMITMENT_COLUMN),
    }


def _charts(f: ReportFigures, language: Language, words: dict, names: dict) -> dict:
    """Each chart, or None where no count in it shows: an empty chart says nothing."""
    delivered = f.outcomes.columns.index("delivered")
    trend = [Point(_trend_label(p.period, language), p.issued) for p in f.trend]
    # A month's trend leads up to it (highlighted); a longer period's is made of its parts.
    last = f.period_kind == PeriodKind.MONTH
    issued = [
        Point(*pair) for pair in zip(names["categories"], f.issued.column_totals, strict=True)
    ]
    buckets = [
        Point(words["bucket"][bucket], total)
        for bucket, total in zip(f.acceptance.columns, f.acceptance.column_totals, strict=True)
    ]
    outcomes = [
        Point(name, row[delivered])
        for name, row in zip(names["categories"], f.outcomes.cells, strict=True)
    ]
    charts = {
        "trend": (trend, lambda p: columns(p, height=130, highlight_last=last)),
        "issued": (issued, horizontal_bars),
        "acceptance": (buckets, lambda p: columns(p, width=360, height=120, highlight_last=False)),
        "outcomes": (outcomes, horizontal_bars),
    }
    return {
        name: draw(points) if any(p.value for p in points) else None
        for name, (points, draw) in charts.items()
    }


def _reasons(f: ReportFigures, language: Language) -> dict[str, list[tuple[str, str]]]:
    """The closings table's decline and cancellation columns, and the outcome codes, each
    with its words: (words, shown count) in the table's order."""
    _ = translations(language).gettext
    columns = dict(zip(f.closings.columns, f.closings.column_totals, strict=True))

    def coded(group: ReportOutcome) -> list[tuple[str, str]]:
        pairs = []
        for column, count in columns.items():
            outcome, code = words_of_closing(column)
            if outcome is group:
                pairs.append((capfirst(_(label(code))), count))
        return pairs

    return {
        "declined": coded(ReportOutcome.DECLINED),
        "cancelled": coded(ReportOutcome.CANCELLED),
        "outcomes": [
            (capfirst(_(label(ReferralOutcome(code)))), count)
            for code, count in f.outcome_codes.items()
        ],
    }


def report_html(figures: ReportFigures, language: Language) -> str:
    _ = translations(language).gettext
    words = _words(language)
    committed = {  # "institution · category" rows, the category in the reader's language
        row: f"{institution} · {words['category'][category]}"
        for row in {*figures.commitments_acceptance.rows, *figures.commitments_service.rows}
        for institution, category in [row.rsplit(" · ", 1)]
    }
    names = {
        "categories": [words["category"][c] for c in figures.outcomes.rows],
        "acceptance": [words["category"][c] for c in figures.acceptance.rows],
        "levels": [words["level"][c] for c in figures.escalations.rows],
        "medians": [decimal(t.median_days, language) for t in figures.acceptance_times],
        "nineties": [decimal(t.p90_days, language) for t in figures.acceptance_times],
        "referrers": [words["referrer"][kind] for kind in figures.people.rows],
        "need_rows": [words["category"][c] for c in figures.people_by_need.rows],
        "groups": [
            figures.group_labels[code][language.value]
            if code in figures.group_labels
            else _(labels.NOT_RECORDED)
            for code in figures.people_by_group.rows
        ],
        "committed": committed,
        "committed_acceptance": [committed[r] for r in figures.commitments_acceptance.rows],
        "committed_service": [committed[r] for r in figures.commitments_service.rows],
    }
    return render(
        "reports",
        "network_report.html.j2",
        language,
        f=figures,
        title=_(TITLES[PeriodKind(figures.period_kind)]),
        period=period_name(
            figures.period, language, starts_on=figures.starts_on, as_of=figures.as_of
        ),
        hint=figures.sparse_hint and period_name(figures.sparse_hint, language),
        by_year=figures.period_kind == PeriodKind.ALL,
        as_of=date.fromisoformat(figures.as_of),
        names=names,
        charts=_charts(figures, language, words, names),
        words=words,
        reasons=_reasons(figures, language),
    )


def report_pdf(html: str) -> bytes:
    from weasyprint import HTML  # here: it takes about 0.4 s to load, and few processes print

    return HTML(string=html).write_pdf()


def render_report(figures: ReportFigures, language: Language) -> tuple[str, bytes]:
    html = report_html(figures, language)
    return html, report_pdf(html)
