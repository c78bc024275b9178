"""The CSV writer, without a database: what a spreadsheet would run is written as text."""

import csv
import io

from casework.governance.reports.views import ReportCell, ReportCells
from interop.csv_export import report_csv, report_filename


def cells(*values: str) -> list[str]:
    report = ReportCells(1, "2026-02", [ReportCell("issued", v, "medical", "<10") for v in values])
    text = report_csv(report).decode("utf-8-sig")
    return [row[1] for row in list(csv.reader(io.StringIO(text)))[1:]]


def test_a_cell_a_spreadsheet_would_take_for_a_formula_gets_an_apostrophe():
    typed = ["=1+2", "+992 93", "-5", "@SUM(A1)", "\tcmd", "\rcmd"]
    assert cells(*typed) == ["'" + v for v in typed]


def test_other_cells_are_written_as_they_are():
    assert cells("Клиника №1", "a=b", "10+", "") == ["Клиника №1", "a=b", "10+", ""]


def test_the_file_opens_in_excel_as_utf8_and_is_named_by_network_and_month():
    report = ReportCells(3, "2026-02", [])
    assert report_csv(report) == "\ufefftable,row,column,value\r\n".encode()
    assert report_filename(report) == "network-report-3-2026-02.csv"
