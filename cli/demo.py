"""What the demo seed needs from outside the domain: the monthly report's rendering."""

import logging
import multiprocessing
from collections.abc import Mapping
from concurrent.futures import ProcessPoolExecutor
from typing import Any

from casework.actors import system_actor
from casework.demo.settle import Settler
from casework.governance.reports.commands import notify_members_of_report
from casework.uow import UnitOfWork

REPORT_FLOW = "network-report"
ACTOR = system_actor(f"flow:{REPORT_FLOW}")  # as the flow acts (flows/runtime.py)


class ReportRenderer:
    """The network-report flow's two tasks, inline, with each month's three PDFs laid out side
    by side in worker processes: rendering was two fifths of the seed's time with one core of
    two idle. Workers are spawned, not forked: a fork would carry the seed's open database
    connections into them."""

    def __init__(self) -> None:
        context = multiprocessing.get_context("spawn")
        self.pool = ProcessPoolExecutor(max_workers=2, mp_context=context)

    def __enter__(self) -> "ReportRenderer":
        return self

    def __exit__(self, *_exc) -> None:
        self.pool.shutdown()

    def render(self, figures):
        from casework.languages import Language
        from reports.render import render_report

        languages = list(Language)
        rendered = self.pool.map(render_report, [figures] * len(languages), languages)
        return dict(zip(languages, rendered, strict=True))

    def __call__(self, uow: UnitOfWork, parameters: Mapping[str, Any]) -> None:
        from reports.publish import generate_reports  # after year_settler() quietened WeasyPrint

        month = parameters["month"]
        for report_id in generate_reports(uow, actor=ACTOR, month=month, render=self.render):
            notify_members_of_report(uow, actor=ACTOR, report_id=report_id)


def year_settler(renderer: ReportRenderer) -> Settler:
    # WeasyPrint narrates each page at INFO: twelve months of reports would fill the screen.
    logging.getLogger("weasyprint").setLevel(logging.WARNING)
    return Settler({REPORT_FLOW: renderer})
