"""An invented period of the demo network, already suppressed, to review the report's layout
and translations without a database (and to test the renderer). February 2026 is a busy
month; any other month, a quarter, a year and since founding are scaled from it, and
January 2026 is a quiet month whose small cells make the report point to its quarter."""

import random
from dataclasses import replace
from datetime import date, timedelta

from casework.audit import ChainAnchor
from casework.cases.population_groups import DEFAULT_GROUPS
from casework.governance.reports.closures import CLOSINGS
from casework.governance.reports.commitments import (
    ACCEPTANCE,
    ACCEPTANCE_TABLE,
    SERVICE,
    SERVICE_TABLE,
    row_label,
)
from casework.governance.reports.figures import (
    AcceptanceTime,
    ReportFigures,
    TrendPoint,
    is_sparse,
    shown_report,
)
from casework.governance.reports.people import MEMBERS, NOT_RECORDED, OUTSIDE
from casework.governance.reports.periods import Period, PeriodKind, month_of, parse_period
from casework.governance.reports.summaries import DecisionLine, MeetingLine, MemorandumLine
from casework.privacy.figures import CountTable, ShownTable, shown_figures

FOUNDED = "2009-09-10"  # the demo network's first memorandum
QUIET_MONTH = "2026-01"
TODAY = date(2026, 3, 2)  # the specimen is read on the day after February's report


def suppress(table: CountTable) -> ShownTable:
    """One table of the invented month, as a reader of the report sees it."""
    return shown_figures({"table": table}, sees_rows=False).tables["table"]


GROUP_CODES = [code for code, *_ in DEFAULT_GROUPS]
GROUP_LABELS = {code: {"en": en, "ru": ru, "tg": tg} for code, en, ru, tg in DEFAULT_GROUPS}
CATEGORIES = ["medical", "housing", "employment", "documents", "legal_aid", "social_support"]
INSTITUTIONS = [
    "District Housing Department (demo)",
    "NGO «Dasti Kumak» (demo)",
    "Passport and Registration Office (demo)",
    "Regional AIDS Centre (demo)",
    "Regional Clinical Hospital (demo)",
    "Regional Employment Agency (demo)",
    "Regional Justice Department (demo)",
    "Regional Narcology Centre (demo)",
    "Regional TB Dispensary (demo)",
]

COMMITTED = [  # institution and category of each row of the commitments tables
    ("Regional AIDS Centre (demo)", "medical"),
    ("Regional Clinical Hospital (demo)", "medical"),
    ("Regional Narcology Centre (demo)", "medical"),
    ("Regional TB Dispensary (demo)", "medical"),
    ("Passport and Registration Office (demo)", "documents"),
]

# February 2026, counted: the busy month every other period is scaled from.
FEBRUARY = {
    "issued": CountTable(
        INSTITUTIONS,
        CATEGORIES,
        [
            [0, 17, 0, 0, 0, 0],
            [0, 0, 0, 0, 14, 22],
            [0, 0, 0, 17, 0, 0],
            [52, 0, 0, 0, 0, 0],
            [38, 0, 0, 0, 0, 0],
            [0, 0, 15, 0, 0, 0],
            [0, 0, 0, 0, 16, 0],
            [35, 0, 0, 0, 0, 0],
            [43, 0, 0, 0, 0, 0],
        ],
    ),
    "acceptance": CountTable(
        CATEGORIES,
        ["within-1-day", "1-2-days", "2-5-days", "over-5-days"],
        [[92, 40, 12, 2], [0, 3, 2, 1], [2, 4, 5, 1], [0, 5, 7, 3], [4, 1, 0, 0], [22, 0, 0, 0]],
    ),
    # Closed referrals by closing reason (closures.CLOSINGS): delivered; declined by its six
    # codes; lapsed; cancelled by its five codes and the engine's two.
    "closings": CountTable(
        CATEGORIES,
        CLOSINGS,
        [
            [118, 0, 8, 4, 0, 0, 0, 14, 11, 0, 2, 0, 0, 0, 0],
            [13, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0],
            [15, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0],
            [16, 0, 0, 0, 0, 0, 0, 12, 0, 0, 0, 0, 0, 0, 0],
            [10, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0],
            [22, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0],
        ],
    ),
    "escalations": CountTable(
        ["1", "2", "3", "4"],
        ["accept_overdue", "complete_overdue"],
        [[11, 4], [3, 2], [2, 0], [1, 0]],
    ),
    "breaches": CountTable(
        ["Regional Clinical Hospital (demo)"],
        ["anonymous", "free", "voluntary", "several"],
        [[0, 2, 0, 0]],
    ),
    "cases_resolved": CountTable.lone(61),
    # People helped: by referrer, by need category and by population group (people.py).
    "people": CountTable([MEMBERS, OUTSIDE], ["people"], [[184], [23]]),
    "people_by_need": CountTable(
        CATEGORIES,
        [MEMBERS, OUTSIDE],
        [[121, 19], [11, 0], [14, 2], [15, 3], [9, 0], [20, 4]],
    ),
    "people_by_group": CountTable(
        [*GROUP_CODES, NOT_RECORDED],
        [MEMBERS, OUTSIDE],
        [[58, 12], [41, 0], [27, 6], [35, 2], [12, 1], [4, 0], [6, 0], [19, 2]],
    ),
    # Commitments kept: referrals by the deadline that fell in the month (commitments.py).
    ACCEPTANCE_TABLE: CountTable(
        [row_label(i, c) for i, c in COMMITTED],
        ACCEPTANCE,
        [[49, 2, 0, 0, 1], [30, 7, 0, 1, 0], [32, 1, 0, 0, 2], [41, 0, 0, 0, 0], [11, 4, 2, 0, 0]],
    ),
    SERVICE_TABLE: CountTable(
        [row_label(i, c) for i, c in COMMITTED],
        SERVICE,
        [[44, 3, 0, 2], [28, 0, 6, 0], [30, 1, 0, 1], [37, 2, 0, 0], [9, 3, 1, 0]],
    ),
}
# February's monthly issued totals before it, as their own reports showed them.
MONTHS_BEFORE = [141, 150, 166, 158, 139, 147, 171, 183, 190, 176, 198]
ACCEPTANCE_TIMES = [
    AcceptanceTime("medical", 0.8, 2.1),
    AcceptanceTime("housing", None, None),
    AcceptanceTime("employment", 2.4, 4.9),
    AcceptanceTime("documents", 3.1, 6.0),
    AcceptanceTime("legal_aid", None, None),
    AcceptanceTime("social_support", 0.2, 0.6),
]
MEETINGS = [
    MeetingLine("2026-02-11", "NGO «Umedi Nav» (demo)", "closed", 5, 6),
    MeetingLine("2026-01-14", "Regional AIDS Centre (demo)", "closed", 4, 3),
    MeetingLine("2025-12-10", "Regional Justice Department (demo)", "closed", 6, 4),
]
DECISIONS = [
    DecisionLine(
        31,
        "2026-01",
        "Every institution names a deputy focal point for referrals.",
        "2026-02-20",
        "overdue",
        ["Regional TB Dispensary (demo)", "Regional Narcology Centre (demo)"],
        1,
        2,
    ),
    DecisionLine(
        34,
        "2026-02",
        "The hospital's laboratory accepts referred HIV tests "
        "without a registration fee; the head physician issues an order.",
        "2026-03-15",
        "open",
        ["Regional Clinical Hospital (demo)"],
        0,
        1,
    ),
    DecisionLine(
        35,
        "2026-02",
        "Two NGOs run evening outreach in Kulob during March.",
        "2026-03-31",
        "institutionalised",
        ["NGO «Dasti Kumak» (demo)", "NGO «Rohi Rost» (demo)"],
        2,
        2,
    ),
]
MEMORANDUM = MemorandumLine(
    17, "2025-09-10", "2026-09-09", 23, 22, ["Online outlet «Khabarnigor» (demo)"]
)


def _scaled(table: CountTable, factor: float, rng: random.Random) -> CountTable:
    """The table over a period `factor` times February's, give or take a tenth. Over a longer
    period February's rare events (a handful of declines) add up faster than its steady ones,
    as they come in bursts: they are doubled, which also keeps a quarter's specimen from
    reviewing the layout of hidden cells only."""

    def scaled(n: int) -> int:
        return round(n * factor * (2 if n < 5 and factor > 1 else 1) * rng.uniform(0.9, 1.1))

    return replace(table, counts=[[scaled(n) if n else 0 for n in row] for row in table.counts])


def _parts(period: Period) -> list[tuple[str, float]]:
    """The trend's parts of a longer period and each one's size in Februaries: its months,
    or since founding its years (the network grew into the engine over its last years; 2026
    has its January and February)."""
    if period.kind is not PeriodKind.ALL:
        return [(m.key, 1.0) for m in period.months()]
    sizes = {year: 0.25 if year < 2023 else 4.0 * (year - 2022) for year in range(2009, 2026)}
    return [(str(year), size) for year, size in {**sizes, 2026: 2.0}.items()]


def specimen(period: Period) -> ReportFigures:
    """Invented, plausible figures of the period as of 2 March 2026, suppressed as
    report_figures does."""
    rng = random.Random(period.key)
    quiet = period.key == QUIET_MONTH
    if period.kind is PeriodKind.MONTH:
        factor = 0.06 if quiet else (1.0 if period.key == "2026-02" else rng.uniform(0.8, 1.05))
    else:
        factor = sum(size for _, size in _parts(period))
    counted = {
        name: table if factor == 1.0 else _scaled(table, factor, rng)
        for name, table in FEBRUARY.items()
    }
    sparse = is_sparse(list(counted.values()))
    if period.kind is not PeriodKind.MONTH:
        total = sum(map(sum, counted["issued"].counts))
        parts = _parts(period)
        weights = [size * rng.uniform(0.85, 1.15) for _, size in parts]
        issued = [round(total * w / sum(weights)) for w in weights]
        counted["trend"] = CountTable(["issued"], [key for key, _ in parts], [issued])
    fields = shown_report(counted)
    if period.kind is PeriodKind.MONTH:
        index = period.year * 12 + period.number - 1
        before = [month_of(date(i // 12, i % 12 + 1, 1)).key for i in range(index - 11, index)]
        fields["trend"] = [
            *(TrendPoint(k, str(n)) for k, n in zip(before, MONTHS_BEFORE, strict=True)),
            TrendPoint(period.key, fields["issued"].total),
        ]
    first, following = period.days(founded=date.fromisoformat(FOUNDED), today=TODAY)
    meetings = [m for m in MEETINGS if first.isoformat() <= m.day < following.isoformat()]
    longer = period.longer()
    return ReportFigures(
        **fields,
        network_name="Khatlon Region Partnership Network (demo)",
        period=period.key,
        period_kind=period.kind.value,
        starts_on=first.isoformat(),
        as_of=(following - timedelta(days=1)).isoformat(),
        sparse_hint=longer.key if sparse and longer is not None else None,
        acceptance_times=(
            [AcceptanceTime(t.category, None, None) for t in ACCEPTANCE_TIMES]
            if quiet
            else ACCEPTANCE_TIMES
        ),
        group_labels=GROUP_LABELS,
        meetings=meetings,
        # since founding: one a month since the first memorandum, the latest of them listed
        meetings_held=len(meetings) if period.kind is not PeriodKind.ALL else 12 * 16 + 6,
        decisions=[d for d in DECISIONS if d.meeting_month <= following.isoformat()[:7]],
        memorandum=MEMORANDUM,
        audit_chain=ChainAnchor(48213, "5c1e" * 16),
    )


SPECIMEN = specimen(parse_period("2026-02"))
