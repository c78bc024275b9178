"""An invented month of the demo network, already suppressed, to review the report's layout
and translations without a database (and to test the renderer)."""

from dataclasses import replace

from casework.audit import ChainAnchor
from casework.governance.reports.closures import CLOSINGS, by_outcome_code, by_report_outcome
from casework.governance.reports.figures import AcceptanceTime, MonthlyFigures, TrendPoint
from casework.governance.reports.summaries import DecisionLine, MeetingLine, MemorandumLine
from casework.privacy.figures import CountTable, ShownTable, shown_figures


def suppress(table: CountTable) -> ShownTable:
    """One table of the invented month, as a reader of the report sees it."""
    return shown_figures({"table": table}, sees_rows=False).tables["table"]


CATEGORIES = ["medical", "housing", "employment", "documents", "legal_aid", "social_support"]

# Closed referrals by closing reason (closures.CLOSINGS): delivered; declined by its six
# codes; lapsed; cancelled by its five codes and the engine's two.
_CLOSINGS = suppress(
    CountTable(
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
    )
)

SPECIMEN = MonthlyFigures(
    network_name="Khatlon Region Partnership Network (demo)",
    month="2026-02",
    as_of="2026-02-28",
    headline={},  # filled below from the tables, as monthly_figures does
    issued=suppress(
        CountTable(
            [
                "District Housing Department (demo)",
                "NGO «Dasti Kumak» (demo)",
                "Passport and Registration Office (demo)",
                "Regional AIDS Centre (demo)",
                "Regional Clinical Hospital (demo)",
                "Regional Employment Agency (demo)",
                "Regional Justice Department (demo)",
                "Regional Narcology Centre (demo)",
                "Regional TB Dispensary (demo)",
            ],
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
        )
    ),
    acceptance=suppress(
        CountTable(
            CATEGORIES,
            ["within-1-day", "1-2-days", "2-5-days", "over-5-days"],
            [
                [92, 40, 12, 2],
                [0, 3, 2, 1],
                [2, 4, 5, 1],
                [0, 5, 7, 3],
                [4, 1, 0, 0],
                [22, 0, 0, 0],
            ],
        )
    ),
    acceptance_times=[
        AcceptanceTime("medical", 0.8, 2.1),
        AcceptanceTime("housing", None, None),
        AcceptanceTime("employment", 2.4, 4.9),
        AcceptanceTime("documents", 3.1, 6.0),
        AcceptanceTime("legal_aid", None, None),
        AcceptanceTime("social_support", 0.2, 0.6),
    ],
    outcomes=by_report_outcome(_CLOSINGS),
    closings=_CLOSINGS,
    outcome_codes=by_outcome_code(_CLOSINGS),
    escalations=suppress(
        CountTable(
            ["1", "2", "3", "4"],
            ["accept_overdue", "complete_overdue"],
            [[11, 4], [3, 2], [2, 0], [1, 0]],
        )
    ),
    breaches=suppress(
        CountTable(
            ["Regional Clinical Hospital (demo)"],
            ["anonymous", "free", "voluntary", "several"],
            [[0, 2, 0, 0]],
        )
    ),
    trend=[
        TrendPoint(month, issued)
        for month, issued in [
            ("2025-03", "141"),
            ("2025-04", "150"),
            ("2025-05", "166"),
            ("2025-06", "158"),
            ("2025-07", "139"),
            ("2025-08", "147"),
            ("2025-09", "171"),
            ("2025-10", "183"),
            ("2025-11", "190"),
            ("2025-12", "176"),
            ("2026-01", "198"),
            ("2026-02", "214"),
        ]
    ],
    meeting=MeetingLine("2026-02-11", "NGO «Umedi Nav» (demo)", "closed", 5, 6),
    decisions=[
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
    ],
    memorandum=MemorandumLine(
        17, "2025-09-10", "2026-09-09", 23, 22, ["Online outlet «Khabarnigor» (demo)"]
    ),
    audit_chain=ChainAnchor(48213, "5c1e" * 16),
)
SPECIMEN = replace(
    SPECIMEN,
    trend=[*SPECIMEN.trend[:-1], TrendPoint("2026-02", SPECIMEN.issued.total)],
    headline={
        "issued": SPECIMEN.issued.total,
        "accepted": SPECIMEN.acceptance.total,
        "delivered": SPECIMEN.outcomes.column_totals[0],
        "cases_resolved": "61",
        "escalations": SPECIMEN.escalations.total,
        "breaches": SPECIMEN.breaches.total,
    },
)
