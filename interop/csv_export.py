"""CSV for spreadsheets: an NGO's referrals and a network report's figures (docs/interop.md,
"CSV"). UTF-8 with a byte order mark, without which Excel reads Cyrillic as Latin-1; every
cell that a spreadsheet would take for a formula is written as text."""

import csv
import io
from collections.abc import Iterable, Sequence
from datetime import date, datetime

from casework.governance.reports.views import ReportCells
from casework.referrals.queries.export import ReferralExport, ReferralRow

MEDIA_TYPE = "text/csv; charset=utf-8"
REFERRAL_COLUMNS = list(ReferralRow._fields)
REPORT_COLUMNS = ["table", "row", "column", "value"]
# What starts a formula (or, for tab and carriage return, hides one) in Excel and LibreOffice.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _cell(value: object) -> str:
    """A value as its cell shows it: local times to the minute, nothing for none."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, date):
        return value.isoformat()
    text = str(value)
    # Member names are typed by people: "=HYPERLINK(...)" must stay a name.
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def _csv(header: Sequence[str], rows: Iterable[Sequence[object]]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows([_cell(v) for v in row] for row in rows)
    return out.getvalue().encode("utf-8-sig")


def referrals_csv(export: ReferralExport) -> bytes:
    return _csv(REFERRAL_COLUMNS, export.rows)


def referrals_filename(export: ReferralExport) -> str:
    """Named after the NGO and the day, never a person."""
    return f"referrals-ngo-{export.ngo_id}-{export.day.isoformat()}.csv"


def report_csv(report: ReportCells) -> bytes:
    return _csv(REPORT_COLUMNS, report.cells)


def report_filename(report: ReportCells) -> str:
    return f"network-report-{report.network_id}-{report.period}.csv"
